"""What a requirement is evaluated against: the catalogue protocol and the context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

import attrs

from sendpath._dates import check_day
from sendpath.model import (
    Activity,
    Citation,
    Qualification,
    Role,
)
from sendpath.render import Name, Phrase
from sendpath.rules._results import (
    Reason,
)

_ONE_DAY: Final = dt.timedelta(days=1)


if TYPE_CHECKING:  # the rules read a catalogue; the catalogue layer sits above them
    from sendpath.catalogue import Catalogue
    from sendpath.model.profile import Profile



def _merged(periods: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Merge overlapping and adjacent inclusive periods (so no day counts twice)."""
    out: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(p for p in periods if p[0] <= p[1]):
        if out and start <= out[-1][1] + _ONE_DAY:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out




# -- evaluation context ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Ctx:
    """What a requirement is evaluated against.

    ``deadline`` is set inside an obligation: an unmet leaf that can still be met is then ``due``
    by it (or by its own earlier cut-off), or ``overdue`` after it. ``anchor`` is the day the
    obligation's clock started (the appointment), for exemptions. ``rules_on`` is the day whose
    wording of the rules applies.
    """

    cat: Catalogue | None
    profile: Profile
    on: dt.date
    rules_on: dt.date
    deadline: dt.date | None = None
    anchor: dt.date | None = None

    def name(self, ref: str) -> Name:
        """An id to word with its title (the status collects the titles)."""
        return Name(ref)

    def cites(self, ref: str, *fields: str) -> tuple[Citation, ...]:
        """The citations of ``ref``'s record that back the facts a step read of it.

        That is those that back the record itself (no ``supports``) or one of ``fields``, the
        data-format names of the fields the step read (``requires``, ``valid_for_months`` ...).
        A citation of only the record's hours, cost or description backs no rule, so a step
        that read none of those never cites it. The one place that chooses an answer's
        citations.

        Example:
            >>> import datetime as dt
            >>> from sendpath.catalogue import build
            >>> from sendpath.model import Citation, Profile, Qualification, Source
            >>> q = Qualification(id="qual:x", title="X", kind="award", sources=(
            ...     Citation(source="source:s"), Citation(source="source:s", locator="fees",
            ...                                           supports=("cost",))))
            >>> cat = build([Source(id="source:s", title="S", publisher="P", kind="other"), q])
            >>> day = dt.date(2026, 9, 1)
            >>> ctx = _Ctx(cat=cat, profile=Profile(), on=day, rules_on=day)
            >>> [c.locator for c in ctx.cites("qual:x")], len(ctx.cites("qual:x", "cost"))
            ([''], 2)
        """
        record = _record(self.cat, ref)
        if record is None:
            return ()
        return tuple(c for c in record.sources
                     if not c.supports or any(c.backs(field) for field in fields))

    def unmet(self, says: tuple[Phrase, ...], cites: tuple[Citation, ...], code: str, *,
              last_day: dt.date | None = None, closed: bool = False) -> Reason:
        """An unmet leaf: ``not_met`` outside an obligation or once closed, else due/overdue."""
        if closed or self.deadline is None or (last_day is not None and self.on > last_day):
            return Reason(state="not_met", code=code, says=says, citations=cites)
        if self.on > self.deadline:
            return Reason(state="overdue", code=code, says=says, due=self.deadline,
                          citations=cites)
        last = self.deadline if last_day is None else min(self.deadline, last_day)
        return Reason(state="due", code=code, says=says, due=last, citations=cites)


def _record(cat: Catalogue | None, ref: str) -> Role | Qualification | Activity | None:
    if cat is None:
        return None
    return cat.roles.get(ref) or cat.qualifications.get(ref) or cat.activities.get(ref)


def _title(cat: Catalogue | None, ref: str) -> str | None:
    record = _record(cat, ref)
    if record is not None:
        return record.title
    area = cat.areas.get(ref) if cat is not None else None
    return area.title if area is not None else None


def _rules_day(rules_as_of: dt.date | None) -> dt.date:
    """The day whose wording applies: ``rules_as_of``, else today (the current wording)."""
    return check_day(rules_as_of, "rules_as_of") if rules_as_of is not None else dt.date.today()


