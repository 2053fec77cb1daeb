"""Who moves into a role: the roles and qualifications the target is reached from.

:func:`feeders` answers a researcher's "which roles feed into SENCO?". A role feeds the target
when a route leads from it to the target (:func:`~sendpath.query.routes`, the fastest one); how
directly is the number of steps on that route up to the target (records gained and roles
taken, the target included; statuses a rule confers count for nothing), and whether the data
names the target among the role's typical next steps (``leads_to``). A qualification feeds the
target when the target's requirement needs it, directly or through the requirements of what it
needs; how directly is how many records deep it sits (1: named in the target's own
requirement).

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> f = query.feeders(sendpath.load_default().graph, "senco", on=dt.date(2026, 9, 1))
    >>> teacher = f.get("role:teacher")
    >>> teacher.steps, teacher.named
    (1, True)
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath._dates import check_day
from sendpath._output import Worded, envelope
from sendpath.query._result import ListedResult
from sendpath.query.routes import routes
from sendpath.render import count, words

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph

__all__ = ["Feeder", "FeedersResult", "feeders"]

_KINDS: Final = ("role", "qual", "activity")


@attrs.frozen(kw_only=True)
class Feeder:
    """A role or qualification the target is reached from.

    Attributes:
        id: The role or qualification.
        title: Its title.
        kind: ``role`` or ``qualification``.
        steps: For a role, the steps on the fastest route up to the target, taking it
            included; for a qualification, how many records deep the target's requirement
            needs it.
        months: For a role, the months to the target's entry on that route, if known.
        named: Whether the data names the target among the role's next steps (``leads_to``).
    """

    id: str
    title: str
    kind: str
    steps: int
    months: int | None = None
    named: bool = False


@attrs.frozen(kw_only=True)
class FeedersResult(ListedResult[Feeder], Worded):
    """What feeds a target: a sequence of :class:`Feeder`, roles first, most direct first.

    Attributes:
        target: The target (full id).
        title: Its title.
        as_of: The day the routes were planned from.
        feeders: The feeders.
        data_version: The version of the data the answer comes from.
    """

    target: str
    title: str
    as_of: dt.date
    feeders: tuple[Feeder, ...]
    data_version: str = ""

    def _items(self) -> tuple[Feeder, ...]:
        return self.feeders

    def get(self, rid: str) -> Feeder | None:
        """Return the feeder ``rid`` (a full id), if it is one."""
        return next((f for f in self.feeders if f.id == rid), None)

    def _json(self) -> dict[str, Any]:
        """What the answer shows in JSON, with the usual envelope.

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> d = query.feeders(sendpath.load_default().graph, "senco",
            ...                   on=dt.date(2026, 9, 1)).to_dict()
            >>> d["target"]["id"], d["feeders"][0]["kind"]
            ('role:senco', 'role')
        """
        return envelope(self.data_version, as_of=self.as_of,
                        target={"id": self.target, "title": self.title},
                        feeders=self.feeders)

    def _lines(self, *, detail: bool) -> list[str]:
        roles = [f for f in self.feeders if f.kind == "role"]
        quals = [f for f in self.feeders if f.kind != "role"]
        lines = [words("feeders-heading", self.title, ", ".join(
            (count(len(roles), "role"), count(len(quals), "qualification"))))]
        for f in self.feeders:
            name = f"{f.title} ({f.id})" if detail else f.title
            how = count(f.steps, "step") if f.kind == "role" else words("feeders-depth", f.steps)
            if f.months is not None and f.kind == "role":
                how += words("feeders-months", count(f.months, "month"))
            line = words("feeders-line", how, name)
            lines.append(line + (words("feeders-named") if f.named else ""))
        if not detail:
            lines += ["", words("feeders-more")]
        return lines


def feeders(g: ProgressionGraph, target: str, *, on: dt.date | None = None) -> FeedersResult:
    """Return the roles and qualifications ``target`` is reached from, most direct first.

    Args:
        g: The progression graph (``catalogue.graph``).
        target: A role, qualification or activity (id or short name).
        on: The day routes are planned from (default today): what can be started then.

    Raises:
        UnknownIdError: ``target`` names no role, qualification or activity.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> f = query.feeders(sendpath.load_default().graph, "qts", on=dt.date(2026, 9, 1))
        >>> f.get("qual:pg-itt").steps
        1
    """
    on = check_day(on or dt.date.today(), "on")
    cat = g.catalogue
    rid = cat.resolve(target, kinds=_KINDS)
    found: list[Feeder] = []
    for role in sorted(cat.roles):
        if role == rid:
            continue
        best = routes(g, role, rid, k=1, on=on)
        if not best:
            continue
        route = best[0]
        entry = [s for s in route.steps if s.kind != "obligation" and not s.conferred]
        if not entry:  # a role that already implies the target comes after it, not before
            continue
        found.append(Feeder(id=role, title=cat.roles[role].title, kind="role",
                            steps=len(entry),
                            months=route.months_to_entry,
                            named=rid in cat.roles[role].leads_to))
    for qual, depth in sorted(g.requirement_closure(rid).items()):
        if qual in cat.qualifications:
            found.append(Feeder(id=qual, title=cat.qualifications[qual].title,
                                kind="qualification", steps=depth))
    found.sort(key=lambda f: (f.kind != "role", f.steps, not f.named,
                              math.inf if f.months is None else f.months, f.title))
    return FeedersResult(target=rid, title=cat.get(rid).title, as_of=on, feeders=tuple(found),
                         data_version=cat.data_version)
