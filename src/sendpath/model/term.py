"""School terms: the English school year's three terms, as CPD is planned in them.

sendpath's terms, as DESIGN fixes them: ``autumn`` (1 September to 31 December), ``spring``
(1 January to 31 March) and ``summer`` (1 April to 31 August). Every day of the year falls in
exactly one term; a school year runs autumn, spring, summer, so ``Term(2026, "autumn")`` is
followed by ``Term(2027, "spring")``. Real term dates vary by school and local authority; these
are planning periods, not a calendar of teaching days.

Example:
    >>> import datetime as dt
    >>> t = Term.parse("2026-autumn")
    >>> t, t.next()
    (Term(2026, 'autumn'), Term(2027, 'spring'))
    >>> t.first_day, t.last_day
    (datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
    >>> Term.of(dt.date(2027, 4, 1))
    Term(2027, 'summer')
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Final

import attrs

from sendpath.errors import safe_repr

__all__ = ["SEASONS", "Term"]

#: The terms of a calendar year, in date order, with the month and day each starts on.
_STARTS: Final = {"spring": (1, 1), "summer": (4, 1), "autumn": (9, 1)}
#: The seasons, in the order of the calendar year (spring, summer, autumn).
SEASONS: Final = tuple(_STARTS)


def _season(_inst: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in _STARTS:
        raise ValueError(f"{attribute.name} must be one of {', '.join(SEASONS)}, not {value!r}")


def _year(_inst: object, attribute: attrs.Attribute[int], value: object) -> None:
    # The last term of year 9999 ends on its last day; year 1 has no term before it.
    if type(value) is not int or not 1 <= value <= 9999:
        raise ValueError(f"{attribute.name} must be a whole year from 1 to 9999, not {value!r}")


@functools.total_ordering
@attrs.frozen(eq=True, order=False, repr=False)
class Term:
    """One school term of one calendar year: ``Term(2026, "autumn")``.

    Terms order by date; :meth:`next` is the term after; :meth:`of` finds a day's term;
    :meth:`parse` reads ``"2026-autumn"`` (what ``str()`` gives back).

    Example:
        >>> Term(2027, "spring") > Term(2026, "autumn"), str(Term(2027, "summer"))
        (True, '2027-summer')
        >>> Term(2026, "winter")
        Traceback (most recent call last):
        ...
        ValueError: season must be one of spring, summer, autumn, not 'winter'
    """

    year: int = attrs.field(validator=_year)
    season: str = attrs.field(validator=_season)

    @classmethod
    def parse(cls, text: str) -> Term:
        """Read a term written ``YEAR-SEASON`` (``2026-autumn``; case and spaces ignored).

        Raises:
            ValueError: ``text`` is not a year and a season joined by ``-``.

        Example:
            >>> Term.parse(" 2027-Spring ")
            Term(2027, 'spring')
        """
        year, _dash, season = text.strip().lower().partition("-")
        if not _dash or not year.isdigit():
            raise ValueError(f"{safe_repr(text)} is not a term: write YEAR-SEASON, as 2026-autumn")
        return cls(int(year), season)

    @classmethod
    def of(cls, day: dt.date) -> Term:
        """Return the term ``day`` falls in.

        Example:
            >>> import datetime as dt
            >>> Term.of(dt.date(2026, 8, 31)), Term.of(dt.date(2026, 9, 1))
            (Term(2026, 'summer'), Term(2026, 'autumn'))
        """
        season = next(s for s in reversed(SEASONS) if (day.month, day.day) >= _STARTS[s])
        return cls(day.year, season)

    @property
    def first_day(self) -> dt.date:
        """The term's first day."""
        month, day = _STARTS[self.season]
        return dt.date(self.year, month, day)

    @property
    def last_day(self) -> dt.date:
        """The term's last day (the day before the next term starts)."""
        if self.season == "autumn":
            return dt.date(self.year, 12, 31)
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Term:
        """Return the term after this one.

        Raises:
            ValueError: This is the autumn of 9999, the last term there is.

        Example:
            >>> Term(2026, "summer").next(), Term(2026, "autumn").next()
            (Term(2026, 'autumn'), Term(2027, 'spring'))
        """
        i = SEASONS.index(self.season)
        if i + 1 < len(SEASONS):
            return Term(self.year, SEASONS[i + 1])
        return Term(self.year + 1, SEASONS[0])

    def __add__(self, terms: int) -> Term:
        """Return the term ``terms`` terms later (earlier, if negative).

        Raises:
            ValueError: The term would fall outside the years 1 to 9999.

        Example:
            >>> Term(2026, "autumn") + 3, Term(2026, "autumn") + -1
            (Term(2027, 'autumn'), Term(2026, 'summer'))
        """
        if type(terms) is not int:
            return NotImplemented
        year, i = divmod(self._ordinal() + terms, len(SEASONS))
        return Term(year, SEASONS[i])

    def __sub__(self, other: Term) -> int:
        """Return how many terms ``other`` is before this one.

        Example:
            >>> Term(2028, "spring") - Term(2026, "autumn")
            4
        """
        if not isinstance(other, Term):
            return NotImplemented
        return self._ordinal() - other._ordinal()

    def _ordinal(self) -> int:
        return self.year * len(SEASONS) + SEASONS.index(self.season)

    def _key(self) -> tuple[int, int]:
        return self.year, SEASONS.index(self.season)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Term):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        return f"{self.year}-{self.season}"

    def _json(self) -> str:
        """In JSON a term is written as :meth:`parse` reads it: ``"2026-autumn"``."""
        return str(self)

    def __repr__(self) -> str:
        return f"Term({self.year}, {self.season!r})"
