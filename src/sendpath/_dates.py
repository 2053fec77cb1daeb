"""Calendar arithmetic shared by the rules and the queries.

Periods count in calendar months. A day that does not exist in the month reached (the 29th,
30th or 31st) falls on that month's last day, so an anniversary of 29 February falls on
28 February in a common year: a sendpath convention, stated in the docs.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

__all__ = ["add_months", "whole_months"]

_ONE_DAY: Final = dt.timedelta(days=1)


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
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (following - _ONE_DAY).day))


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
