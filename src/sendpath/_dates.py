"""Calendar arithmetic shared by the rules and the queries.

Periods count in calendar months. A day that does not exist in the month reached (the 29th,
30th or 31st) falls on that month's last day, so an anniversary of 29 February falls on
28 February in a common year: a sendpath convention, stated in the docs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Sequence
from typing import Final

from sendpath.errors import DataError, Problem

__all__ = ["FIRST_DATE", "LAST_DATE", "add_months", "check_day", "date_problem",
           "more_than_months", "whole_months"]

_ONE_DAY: Final = dt.timedelta(days=1)

#: The first and last dates sendpath accepts anywhere (records, profiles, ``--on``): 1900 to
#: 2199. No career, course or rule falls outside them, a slip such as ``0202-09-01`` is caught,
#: and every date sendpath works out from one (a period of up to a century before or after it,
#: a term, a due date, the day before) is still a date Python's calendar has (years 1 to 9999).
FIRST_DATE: Final = dt.date(1900, 1, 1)
LAST_DATE: Final = dt.date(2199, 12, 31)


def date_problem(value: dt.date) -> str | None:
    """Why ``value`` is outside the dates sendpath accepts, or None if it is inside.

    Example:
        >>> date_problem(dt.date(2026, 9, 1)) is None
        True
        >>> print(date_problem(dt.date(9999, 12, 31)))
        9999-12-31 is outside the dates sendpath accepts, 1900-01-01 to 2199-12-31
    """
    if FIRST_DATE <= value <= LAST_DATE:
        return None
    return (f"{value.isoformat()} is outside the dates sendpath accepts, "
            f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}")


def check_day(value: dt.date, what: str) -> dt.date:
    """Return ``value``, or raise a DataError if it is outside the dates sendpath accepts.

    ``what`` names the argument in the problem (``on``, ``rules_as_of``).

    Example:
        >>> check_day(dt.date(1, 1, 1), "on")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          <input>: on: 0001-01-01 is outside the dates sendpath accepts, 1900-01-01 to ...
    """
    problem = date_problem(value)
    if problem:
        raise DataError([Problem(code="invalid-value", message=problem, field=what)])
    return value


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the date ``months`` calendar months after ``day`` (before it, if negative).

    The day of the month is kept where the target month has it, else the month's last day is
    used: an anniversary of 29 February falls on 28 February, and 31 January plus one month is
    the end of February.

    Example:
        >>> add_months(dt.date(2025, 1, 6), 36)
        datetime.date(2028, 1, 6)
        >>> add_months(dt.date(2024, 2, 29), 36)
        datetime.date(2027, 2, 28)
        >>> add_months(dt.date(2026, 3, 31), -1)
        datetime.date(2026, 2, 28)

    Raises:
        DataError: The date would fall outside Python's calendar (years 1 to 9999), which only
            a date or period outside sendpath's bounds can reach.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DataError([Problem(code="date-out-of-range", message=(
            f"{months} months after {day.isoformat()} falls outside the calendar (years "
            f"{dt.MINYEAR} to {dt.MAXYEAR}); sendpath's dates run from {FIRST_DATE.isoformat()} "
            f"to {LAST_DATE.isoformat()}"))])
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: dt.date, end: dt.date) -> int:
    """Return the whole calendar months in the period ``start`` to ``end``, both ends included.

    Example:
        >>> whole_months(dt.date(2018, 9, 1), dt.date(2019, 8, 31))
        12
        >>> whole_months(dt.date(2018, 9, 2), dt.date(2019, 8, 31))
        11
    """
    stop = end + _ONE_DAY
    months = (stop.year - start.year) * 12 + stop.month - start.month
    while months > 0 and add_months(start, months) > stop:
        months -= 1
    return max(months, 0)


def more_than_months(periods: Sequence[tuple[dt.date, dt.date]], months: int) -> bool | None:
    """Whether the periods come to more than ``months`` calendar months: ``None`` if unsettled.

    ``periods`` are inclusive ``(start, end)`` pairs that neither overlap nor touch (merge them
    first). A month in a statute is a calendar month, counted by the corresponding-date rule:

    - One continuous spell runs for more than ``months`` months when it reaches the day that
      corresponds, ``months`` months on, to its first day (1 Sep 2023 to 31 Aug 2024 is exactly
      twelve months; to 1 Sep 2024, more). When that month has no such day (a spell starting
      on 29 February, or on the 31st), the law gives no corresponding date: an end on the last
      day of that month or the first day of the next is unsettled (``None``).
    - Separate spells are summed in days: no more than the fewest days ``months`` calendar
      months can have is not more; more than the most they can have is more; in between (366
      days, for twelve months) the law says nothing and the answer is ``None``.

    Example:
        >>> D = dt.date
        >>> more_than_months([(D(2023, 9, 1), D(2024, 8, 31))], 12)
        False
        >>> more_than_months([(D(2023, 9, 1), D(2024, 9, 1))], 12)
        True
        >>> more_than_months([(D(2024, 2, 29), D(2025, 2, 28))], 12) is None
        True
        >>> more_than_months([(D(2019, 9, 1), D(2019, 12, 31)),
        ...                   (D(2021, 1, 1), D(2021, 12, 31))], 12)  # 122 + 365 days
        True
    """
    if not periods:
        return False
    if len(periods) == 1:
        start, end = periods[0]
        corresponding = add_months(start, months)
        if corresponding.day == start.day:
            return end >= corresponding
        # No corresponding day: the month reached ends before the start's day of the month.
        if end < corresponding:
            return False
        return None if end <= corresponding + _ONE_DAY else True
    days = sum((end - start).days + 1 for start, end in periods)
    fewest, most = _days_in_months(months)
    if days <= fewest:
        return False
    return None if days <= most else True


@functools.cache
def _days_in_months(months: int) -> tuple[int, int]:
    """The fewest and the most days ``months`` consecutive calendar months can have."""
    spans = [(add_months(dt.date(2000, 1, 1), months + i) - add_months(dt.date(2000, 1, 1), i)).days
             for i in range(12 * 400)]  # the Gregorian calendar repeats every 400 years
    return min(spans), max(spans)
