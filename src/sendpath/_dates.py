"""Calendar arithmetic shared by the rules and the queries.

Periods count in calendar months. A day that does not exist in the month reached (the 29th,
30th or 31st) falls on that month's last day, so an anniversary of 29 February falls on
28 February in a common year: a sendpath convention, stated in the docs.

Example:
    >>> import datetime as dt
    >>> add_months(dt.date(2024, 2, 29), 36)
    datetime.date(2027, 2, 28)
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months", "whole_months_between"]


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the date ``months`` calendar months after ``day`` (before it, if negative).

    Example:
        >>> add_months(dt.date(2025, 1, 31), 1), add_months(dt.date(2025, 1, 6), 36)
        (datetime.date(2025, 2, 28), datetime.date(2028, 1, 6))
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Return how many whole calendar months fit from ``start`` to ``end`` (0 if none).

    Example:
        >>> whole_months_between(dt.date(2025, 1, 6), dt.date(2025, 3, 5))
        1
        >>> whole_months_between(dt.date(2025, 1, 6), dt.date(2025, 3, 6))
        2
    """
    months = (end.year - start.year) * 12 + (end.month - start.month)
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)
