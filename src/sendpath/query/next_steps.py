"""What a person can do next: moves open now, and what one more step opens.

:func:`next_steps` answers "what can I do next?" from a profile, on a date. The moves looked
at are those the data names as typical next steps (``leads_to``) of the roles the person holds
now, and of those roles' next roles in turn, and the qualifications that meet a duty of a role
they hold. Each is:

- **open now** when its requirement (for a role, its eligibility, or where the law is silent its
  usual entry) is met today, as :func:`sendpath.rules.check` reads it;
- **after one step** when one way of meeting its requirement lacks a single item that is itself
  open now (holding the NPQ opens a role, a degree opens postgraduate teacher training).

Moves further away are left to :func:`~sendpath.query.routes`. Each move has a type, sendpath's
classification (not the data's or the law's): ``duty`` (it meets an obligation of a role held),
``specialism`` (it serves particular areas of need), ``advancement`` (a role the data names as a
next step, or a record such a role requires) or ``lateral`` (a next step that is neither).
Moves are ordered by how soon they can be done: open ones first, then by months.

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> from sendpath.model import Holding, Profile, RoleSpell
    >>> ta = Profile(roles=(RoleSpell(id="role:teaching-assistant", since=dt.date(2022, 9, 1)),),
    ...              holds=(Holding(id="qual:l2-english-maths", awarded=dt.date(2010, 7, 1)),))
    >>> moves = query.next_steps(sendpath.load_default().graph, ta, on=dt.date(2026, 9, 1))
    >>> m = moves.get("role:hlta")
    >>> m.move, m.now, m.after
    ('advancement', False, ('qual:hlta-status',))
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath import rules
from sendpath._dates import check_day
from sendpath._output import Worded, envelope
from sendpath.model import Role
from sendpath.model.requirements import referenced_ids
from sendpath.query._result import ListedResult
from sendpath.query.routes import held_by, not_offered
from sendpath.render import count, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.graph import ProgressionGraph
    from sendpath.model import Profile, Requirement

__all__ = ["MOVES", "Move", "NextSteps", "next_steps"]

#: The types of move, in the order a list shows them when they are as soon as each other.
MOVES: Final = ("duty", "advancement", "specialism", "lateral")


@attrs.frozen(kw_only=True)
class Move:
    """One thing the person could do next.

    Attributes:
        id: The record (role, qualification or activity).
        title: Its title.
        move: ``duty``, ``advancement``, ``specialism`` or ``lateral`` (see :data:`MOVES`).
        now: Whether it is open now.
        after: For a move one step away, the record to get first.
        months: How long it takes (with ``after``, both together), if known.
        due: For a duty, the day the rules give for meeting it.
        opens: The moves in this list that this one opens (one more step).
        why: Why it is listed, in words.
    """

    id: str
    title: str
    move: str
    now: bool
    after: tuple[str, ...] = ()
    months: int | None = None
    due: dt.date | None = None
    opens: tuple[str, ...] = ()
    why: str = ""


@attrs.frozen(kw_only=True)
class NextSteps(ListedResult[Move], Worded):
    """The moves open to a person: a sequence of :class:`Move`, soonest first.

    Attributes:
        as_of: The day of the answer.
        roles: The roles the person holds on that day.
        moves: The moves, soonest first.
        under_way: Courses the person has under way (left out of the moves).
        data_version: The version of the data the answer comes from.
    """

    as_of: dt.date
    roles: tuple[str, ...]
    moves: tuple[Move, ...]
    under_way: tuple[str, ...] = ()
    data_version: str = ""
    titles: dict[str, str] = attrs.field(factory=dict, repr=False, eq=False,
                                         metadata={"json": False})

    def _items(self) -> tuple[Move, ...]:
        return self.moves

    def get(self, rid: str) -> Move | None:
        """Return the move to ``rid`` (a full id), if it is listed."""
        return next((m for m in self.moves if m.id == rid), None)

    def _json(self) -> dict[str, Any]:
        """What the answer shows in JSON, with the usual envelope.

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> from sendpath.model import Profile, RoleSpell
            >>> ta = Profile(roles=(RoleSpell(id="role:teaching-assistant",
            ...                               since=dt.date(2022, 9, 1)),))
            >>> d = query.next_steps(sendpath.load_default().graph, ta,
            ...                      on=dt.date(2026, 9, 1)).to_dict()
            >>> d["roles"], "qual:hlta-status" in [m["id"] for m in d["moves"]]
            (['role:teaching-assistant'], True)
        """
        return envelope(self.data_version, as_of=self.as_of, roles=self.roles,
                        moves=self.moves, under_way=self.under_way)

    def _lines(self, *, detail: bool) -> list[str]:
        roles = ", ".join(self.titles.get(r, r) for r in self.roles) or words("next-no-role")
        lines = [words("next-heading", roles, self.as_of)]
        if not self.moves:
            lines.append(words("next-none"))
        for heading, group in ((words("next-open-now"), [m for m in self.moves if m.now]),
                               (words("next-after-one"), [m for m in self.moves if not m.now])):
            if group:
                lines += ["", heading]
                lines += [_move_line(m, self.titles, detail=detail) for m in group]
        if self.under_way:
            lines += ["", words("next-under-way",
                                ", ".join(self.titles.get(u, u) for u in self.under_way))]
        if not detail and self.moves:
            lines += ["", words("next-more")]
        return lines


def _move_line(m: Move, titles: dict[str, str], *, detail: bool) -> str:
    name = f"{m.title} ({m.id})" if detail else m.title
    line = words("next-move", m.move, name)
    if m.after:
        line += words("next-after", ", ".join(titles.get(a, a) for a in m.after))
    if m.months:
        line += words("next-months", count(m.months, "month"))
    elif m.months is None:
        line += words("next-months-unknown")
    if m.due:
        line += words("next-due", m.due)
    if detail:
        if m.opens:
            line += words("next-opens", ", ".join(m.opens))
        line += words("next-why", m.why)
    return line


def next_steps(g: ProgressionGraph, profile: Profile, *, on: dt.date | None = None,
               rules_as_of: dt.date | None = None) -> NextSteps:
    """Return what ``profile`` can do next on ``on``: moves open now and one step away.

    Args:
        g: The progression graph (``catalogue.graph``).
        profile: What the person holds, with dates.
        on: The day of the answer (default today).
        rules_as_of: Apply the rules as worded on this day (default: as in force on ``on``).

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> from sendpath.model import Profile, RoleSpell
        >>> senco = Profile(roles=(RoleSpell(id="role:teacher", since=dt.date(2015, 9, 1)),
        ...                        RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))))
        >>> moves = query.next_steps(sendpath.load_default().graph, senco,
        ...                          on=dt.date(2026, 9, 1))
        >>> moves.get("qual:npq-ltd").now
        True
    """
    on = check_day(on or dt.date.today(), "on")
    cat = g.catalogue
    held, _lines = held_by(g, profile, on)
    roles = profile.current_roles(on)
    under_way = tuple(r for r in profile.under_way(on) if r not in held)
    duties = _duties(g, profile, roles, on, rules_as_of)
    named = {x: r for r in roles for x in cat.roles[r].leads_to if r in cat.roles}
    for x in list(named):  # the next roles' own next steps: one more step away at most
        if x in cat.roles:
            for y in cat.roles[x].leads_to:
                named.setdefault(y, x)
    candidates = sorted(rid for rid in (set(named) | set(duties)) - held - set(under_way)
                        if not not_offered(cat, rid, on) and not _behind(cat, rid, roles))
    leads_to_roles = [cat.roles[x] for x in named if x in cat.roles]

    def is_open(rid: str) -> bool:
        tree = _entry(cat, rid)
        return tree is None or rules.check(tree, profile, on=on, catalogue=cat).state == "met"

    moves: list[Move] = []
    for rid in candidates:
        record = cat.get(rid)
        kind = _move_type(g, rid, duties, leads_to_roles, roles)
        why = (words("next-why-duty", duties[rid][0]) if rid in duties
               else words("next-why-leads-to", named[rid]))
        own = _months(cat, rid)
        if is_open(rid):
            moves.append(Move(id=rid, title=record.title, move=kind, now=True, months=own,
                              due=duties.get(rid, ("", None))[1], why=why))
            continue
        first = _one_step(cat, rid, profile, on, held, is_open)
        if first is not None:
            before = _months(cat, first)
            months = None if own is None or before is None else own + before
            moves.append(Move(id=rid, title=record.title, move=kind, now=False, after=(first,),
                              months=months, due=duties.get(rid, ("", None))[1], why=why))
    moves = [attrs.evolve(m, opens=tuple(o.id for o in moves if m.id in o.after))
             for m in moves]
    moves.sort(key=lambda m: (not m.now, math.inf if m.months is None else m.months,
                              MOVES.index(m.move), m.title))
    titles = {r: cat.get(r).title for r in (*roles, *under_way, *candidates)}
    titles |= {a: cat.get(a).title for m in moves for a in m.after}
    return NextSteps(as_of=on, roles=roles, moves=tuple(moves), under_way=under_way,
                     data_version=cat.data_version, titles=titles)


def _behind(cat: Catalogue, rid: str, roles: tuple[str, ...]) -> bool:
    """A role whose own next steps include a role the person holds: a step back, not on."""
    record = cat.roles.get(rid)
    return record is not None and any(r in record.leads_to for r in roles)


def _entry(cat: Catalogue, rid: str) -> Requirement | None:
    """What opens a record: its requirement; for a role the law is silent on, its usual entry."""
    record = cat.get(rid)
    tree = getattr(record, "requires", None)
    if tree is None and isinstance(record, Role):
        return record.typical_entry
    return tree


def _months(cat: Catalogue, rid: str) -> int | None:
    """How long a move takes: none for a role or a status conferred on meeting its rule."""
    record = cat.get(rid)
    if rid.startswith("role:"):
        return 0
    months = getattr(record, "months", None)
    if months is None and getattr(record, "kind", None) == "status":
        return 0
    return months


def _duties(g: ProgressionGraph, profile: Profile, roles: tuple[str, ...], on: dt.date,
            rules_as_of: dt.date | None) -> dict[str, tuple[str, dt.date | None]]:
    """The records that meet an open obligation of a role held, with the role and due date."""
    out: dict[str, tuple[str, dt.date | None]] = {}
    for role in roles:
        if not g.obligations(role):
            continue
        status = rules.evaluate(g.catalogue, profile, role, on=on, rules_as_of=rules_as_of)
        if status.state in ("due", "overdue"):
            for gate in g.obligations(role):
                for leaf in g.obligation_leaves(gate):
                    out.setdefault(leaf, (role, status.due))
    return out


def _move_type(g: ProgressionGraph, rid: str, duties: dict[str, Any], next_roles: list[Role],
               roles: tuple[str, ...]) -> str:
    cat = g.catalogue
    if rid in duties:
        return "duty"
    areas = getattr(cat.get(rid), "areas", ())
    if areas and "area:all" not in areas:
        return "specialism"
    if rid in cat.roles:
        return "advancement"
    for role in next_roles:
        if role.id in roles:
            continue
        entry = _entry(cat, role.id)
        if entry is not None and rid in referenced_ids(entry):
            return "advancement"
    # on the way to a role not held (a teacher degree apprenticeship, towards QTS and teaching)
    if any(rid in g.requirement_closure(r) for r in cat.roles if r not in roles):
        return "advancement"
    return "lateral"


def _one_step(cat: Catalogue, rid: str, profile: Profile, on: dt.date, held: frozenset[str],
              is_open: Any) -> str | None:
    """The one record that would open ``rid``, if some way of meeting it lacks only that."""
    tree = _entry(cat, rid)
    if tree is None:
        return None
    for leaves in rules.alternatives(tree).sets:
        unmet = [leaf for leaf in leaves
                 if rules.check(leaf, profile, on=on, catalogue=cat).state != "met"]
        refs = {ref for leaf in unmet for ref in leaf.refs()}
        if len(unmet) == 1 and len(refs) == 1:
            (first,) = refs
            if first in cat and first not in held and is_open(first):
                return first
    return None
