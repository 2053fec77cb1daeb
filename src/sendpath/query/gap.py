"""A person's gap to a target: where they stand, what counts, what is missing and the best way on.

:func:`gap` answers "what do I still need for that role?" from a profile, on a date. It rests
on the two answers sendpath already gives and never disagrees with them:

- where the person stands is :func:`sendpath.rules.evaluate`'s status (state, due date,
  reasons with their codes, citations, unconfirmed facts);
- each way of meeting the target is one of the requirement's alternatives
  (:func:`sendpath.rules.alternatives`): its missing items are those the rules say are not met,
  and the cheapest way to get them is the best route through them
  (:func:`sendpath.query.routes`' search, by months then cost), which brings the obligations of
  a role with their due dates and lets courses under way finish when they will.

``assume`` asks "what if I held X?": the items are added to the profile as held on the day.

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> from sendpath.model import Holding, Profile, RoleSpell
    >>> me = Profile(roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),),
    ...              holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
    ...                     Holding(id="qual:induction", completed=dt.date(2021, 7, 20))))
    >>> gap = query.gap(sendpath.load_default().graph, me, "senco", on=dt.date(2026, 9, 1))
    >>> gap.state, gap.holds_target
    ('met', False)
    >>> [(s.id, s.due) for s in gap.best.route.steps]
    [('role:senco', None), ('qual:npq-senco', datetime.date(2029, 9, 1))]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath import rules
from sendpath._dates import check_day
from sendpath._output import JsonResult, Worded, envelope
from sendpath.model import Holding, Profile, RoleSpell
from sendpath.model.requirements import referenced_ids
from sendpath.query._route_words import short_steps, step_lines
from sendpath.query.routes import Held, Route, held_by, search
from sendpath.render import count, need_words, words

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph
    from sendpath.model import Requirement
    from sendpath.rules import Status

__all__ = ["GapResult", "Option", "UnderWay", "gap"]

_KINDS: Final = ("role", "qual", "activity")
# Reason codes that say an exemption or an equivalence was applied.
_APPLIED: Final = frozenset({"exempt", "counts-as", "not-required"})


@attrs.frozen(kw_only=True)
class UnderWay:
    """A course the person has under way that bears on the target.

    Attributes:
        id: The course.
        title: Its title.
        started: The day it was started.
        ends: The day it is expected to finish (its start plus its length), if its length is
            known.
        overran: Its expected end is already past and it is not recorded as held.
    """

    id: str
    title: str
    started: dt.date
    ends: dt.date | None
    overran: bool = False


@attrs.frozen(kw_only=True)
class Option:
    """One way to meet the target: an alternative of its requirement and how to get there.

    Attributes:
        needs: What the alternative asks for that the person does not have yet, in words.
        missing: The ids of the records among them.
        route: The cheapest way to get them (by months, then cost) with any obligations of the
            target after it; ``None`` when there is none.
        reason: Why there is no way, when there is none.
    """

    needs: tuple[str, ...]
    missing: tuple[str, ...]
    route: Route | None
    reason: str = ""


@attrs.frozen(kw_only=True)
class GapResult(JsonResult, Worded):
    """Where a person stands with a target, and the ways on: the result of :func:`gap`.

    Attributes:
        target: The target (full id).
        title: Its title.
        as_of: The day the answer is for.
        state: The rules' state for the target (for a role: ``met`` means eligible, and, if the
            person holds it, its obligations met).
        due: The date the rules give for ``due`` and ``overdue``.
        holds_target: Whether the person holds the target on the day (in the role, holding the
            qualification).
        counts: What the person holds that counts towards the target, with the rules' words.
        applied: Exemptions and equivalences applied, in the rules' words.
        under_way: Courses under way that bear on the target, with when they finish.
        options: The ways to meet the target, best first. Where one way is already met (nothing
            missing), only such ways are listed, and the route holds what is left: taking the
            role and its obligations.
        assumed: The ids assumed held for a what-if answer.
        status: The rules' full answer (reasons, codes, citations, unconfirmed facts).
        rules_as_of: The date whose wording of the rules applied, if one was asked for.
        data_version: The version of the data the answer comes from.
    """

    target: str
    title: str
    as_of: dt.date
    state: str
    due: dt.date | None
    holds_target: bool
    counts: tuple[Held, ...]
    applied: tuple[str, ...]
    under_way: tuple[UnderWay, ...]
    options: tuple[Option, ...]
    assumed: tuple[str, ...]
    status: Status = attrs.field(repr=False)
    rules_as_of: dt.date | None = None
    data_version: str = ""
    titles: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False,
                                            metadata={"json": False})

    @property
    def best(self) -> Option | None:
        """The first way on that has a route, if any.

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> from sendpath.model import Profile
            >>> g = sendpath.load_default().graph
            >>> query.gap(g, Profile(), "hlta", on=dt.date(2026, 9, 1)).best.missing
            ('qual:hlta-status',)
        """
        return next((o for o in self.options if o.route is not None), None)

    @property
    def codes(self) -> tuple[str, ...]:
        """The rules' reason codes in the answer (see :data:`sendpath.rules.REASON_CODES`)."""
        return self.status.codes

    def _json(self) -> dict[str, Any]:
        """What the answer shows in JSON, with the usual envelope.

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> from sendpath.model import Profile
            >>> d = query.gap(sendpath.load_default().graph, Profile(), "hlta",
            ...               on=dt.date(2026, 9, 1)).to_dict()
            >>> d["target"]["id"], d["state"], d["options"][0]["missing"]
            ('role:hlta', 'not_met', ['qual:hlta-status'])
        """
        status = self.status.to_dict()
        return envelope(
            self.data_version, as_of=self.as_of,
            target={"id": self.target, "title": self.title}, state=self.state, due=self.due,
            holds_target=self.holds_target, counts=self.counts, applied=self.applied,
            under_way=self.under_way, options=self.options, assumed=self.assumed,
            codes=status["codes"], citations=status["citations"],
            unconfirmed=status["unconfirmed"],
            **({"rules_as_of": self.rules_as_of} if self.rules_as_of else {}),
        )

    def _lines(self, *, detail: bool) -> list[str]:
        lines = [words("gap-heading", self.title, self.as_of, _state_words(self))]
        if self.rules_as_of:
            lines.append(words("gap-rules-as-of", self.rules_as_of, self.as_of))
        if self.assumed:
            lines.append(words("gap-assumed", ", ".join(self.titles.get(a, a)
                                                        for a in self.assumed)))
        if self.counts:
            lines.append(words("gap-counts", "; ".join(h.title for h in self.counts)))
        lines += [words("gap-not-counting", text) for text in rules.not_counting(self.status)]
        lines += [words("gap-applied", a) for a in self.applied]
        for u in self.under_way:
            lines.append(words("gap-under-way", u.title, u.started, u.ends or "?")
                         + (words("gap-overran") if u.overran else ""))
        shown = self.options if detail else self.options[:1]
        for i, option in enumerate(shown, 1):
            lines.append("")
            lines += _option_lines(option, i, len(self.options), self.as_of, detail=detail)
        rest = self.options[1:] if not detail else ()
        if rest:
            lines.append(words("gap-other-ways", count(len(rest), "other way")))
            lines += [words("gap-other-way", i, _option_brief(o))
                      for i, o in enumerate(rest, 2)]
        lines.append("")
        lines.append(self.status.explain() if detail else words("gap-more"))
        return lines


def _state_words(result: GapResult) -> str:
    if result.state in ("due", "overdue"):
        text = words(f"status-{result.state}", result.due)
    else:
        text = words(f"status-{result.state.replace('_', '-')}")
    if result.target.startswith("role:") and not result.holds_target and result.state == "met":
        text += words("gap-not-in-role")
    return text


def _option_brief(option: Option) -> str:
    needs = words("gap-needs", "; ".join(option.needs)) if option.needs \
        else words("gap-already-met")
    if option.route is None:
        return words("gap-way-none", needs, option.reason)
    return words("gap-way-brief", needs, _months_words(option.route))


def _months_words(route: Route) -> str:
    if route.months is not None:
        return count(route.months, "month")
    return words("months-at-least", count(int(route.at_least["months"]), "month"),
                 count(len(route.unknown["months"]), "step"))


def _option_lines(option: Option, i: int, n: int, on: dt.date, *, detail: bool) -> list[str]:
    lines = [words("gap-way", i, n, _option_brief(option))]
    if option.route is None:
        return lines
    if detail:
        for step in option.route.steps:
            lines += step_lines(step, on, detail=True)
    else:
        lines += short_steps(option.route.steps, on)
    return lines


def gap(g: ProgressionGraph, profile: Profile, target: str, *, on: dt.date | None = None,
        rules_as_of: dt.date | None = None, assume: Sequence[str] = ()) -> GapResult:
    """Return where ``profile`` stands with ``target`` on ``on``, and the ways to meet it.

    Args:
        g: The progression graph (``catalogue.graph``).
        profile: What the person holds, with dates.
        target: A role, qualification or activity (id or short name).
        on: The day of the answer (default today).
        rules_as_of: Apply the rules as worded on this day (default: as in force on ``on``).
        assume: Records to treat as held from ``on`` (a what-if answer).

    Raises:
        UnknownIdError: ``target`` or an ``assume`` id names nothing of those kinds.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> from sendpath.model import Profile
        >>> g = sendpath.load_default().graph
        >>> query.gap(g, Profile(), "hlta", on=dt.date(2026, 9, 1),
        ...           assume=["hlta-status"]).state
        'met'
    """
    on = check_day(on or dt.date.today(), "on")
    cat = g.catalogue
    rid = cat.resolve(target, kinds=_KINDS)
    assumed = tuple(cat.resolve(a, kinds=_KINDS) for a in assume)
    me = _with_assumed(profile, assumed, on)
    status = rules.evaluate(cat, me, rid, on=on, rules_as_of=rules_as_of)
    held, _lines = held_by(g, me, on)
    holds_target = rid in held
    met_leaves = [r for top in status.reasons for r in top.walk()
                  if r.node is not None and not r.node.children() and r.state == "met"]
    counts = {ref: Held(id=ref, title=cat.get(ref).title, why=r.text, how="profile")
              for r in met_leaves if r.node is not None for ref in sorted(r.node.refs())
              if ref in cat and ref != rid}
    applied = tuple(dict.fromkeys(r.text for top in status.reasons for r in top.walk()
                                  if r.code in _APPLIED and r.state == "met"))
    tree = getattr(cat.get(rid), "requires", None)
    relevant = _named(cat, rid) | {rid}
    under_way = tuple(UnderWay(id=ref, title=cat.get(ref).title, started=day,
                               ends=_ends(cat, ref, day),
                               overran=(_ends(cat, ref, day) or on) < on)
                      for ref, day in me.under_way(on).items()
                      if ref in relevant and ref not in held)
    options: list[Option] = []
    done = status.state == "met" and (holds_target or not rid.startswith("role:"))
    if not done:
        for leaves in _alternatives(tree):
            options.append(_option(g, me, rid, leaves, held, on))
        if any(not o.missing for o in options):  # a way already met: the others are beside
            options = [o for o in options if not o.missing]  # the point
        options.sort(key=_option_rank)
    return GapResult(target=rid, title=cat.get(rid).title, as_of=on, state=status.state,
                     due=status.due, holds_target=holds_target, counts=tuple(counts.values()),
                     applied=applied, under_way=under_way, options=tuple(options),
                     assumed=assumed, status=status, rules_as_of=rules_as_of,
                     data_version=cat.data_version,
                     titles={a: cat.get(a).title for a in assumed})


def _with_assumed(profile: Profile, assumed: tuple[str, ...], on: dt.date) -> Profile:
    """The profile with the ``assumed`` records held from ``on``.

    A role is taken on ``on``; anything else is started and awarded on ``on``, so that a rule on
    when a course started reads the day of the answer.
    """
    roles = tuple(RoleSpell(id=a, since=on) for a in assumed if a.startswith("role:"))
    holds = tuple(Holding(id=a, started=on, awarded=on) for a in assumed
                  if not a.startswith("role:"))
    return attrs.evolve(profile, roles=profile.roles + roles, holds=profile.holds + holds)


def _alternatives(tree: Requirement | None) -> list[frozenset[Requirement]]:
    if tree is None:
        return [frozenset()]
    return list(rules.alternatives(tree).sets)


def _option(g: ProgressionGraph, me: Profile, target: str, leaves: frozenset[Requirement],
            held: frozenset[str], on: dt.date) -> Option:
    cat = g.catalogue
    unmet = sorted((leaf for leaf in leaves
                    if rules.check(leaf, me, on=on, catalogue=cat).state != "met"), key=repr)
    needs = tuple(need_words(leaf, cat) for leaf in unmet)
    missing = tuple(sorted({ref for leaf in unmet for ref in leaf.refs() if ref in g.nx}))
    routes, rejected, _cut = search(g, target, held=held, profile=me, on=on, k=1,
                                    via=[m for m in missing if m not in held], via_why="why-way")
    if not routes:
        reason = "; ".join(sorted(set(rejected))[:3]) or words("gap-no-route")
        return Option(needs=needs, missing=missing, route=None, reason=reason)
    return Option(needs=needs, missing=missing, route=routes[0])


def _option_rank(option: Option) -> tuple[Any, ...]:
    route = option.route
    if route is None:
        return (2, 0.0, 0.0, 0, option.needs)
    return (1 if route.unknown["months"] else 0, route.at_least["months"],
            route.at_least["cost"], len(route.steps), option.needs)


def _ends(cat: Any, ref: str, started: dt.date) -> dt.date | None:
    months = getattr(cat.get(ref), "months", None)
    return None if months is None else rules.add_months(started, months)


def _named(cat: Any, rid: str) -> frozenset[str]:
    """Every record the target's requirement and obligations name, at any depth."""
    record = cat.get(rid)
    trees = [getattr(record, "requires", None),
             *(ob.requires for ob in getattr(record, "obligations", ()))]
    return frozenset(ref for t in trees if t is not None for ref in referenced_ids(t))
