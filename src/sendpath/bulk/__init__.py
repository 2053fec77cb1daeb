"""Status and gaps for a whole workforce at once, and what a change in the rules would do.

:func:`evaluate` answers, for many people and one target, what :func:`sendpath.rules.evaluate`
answers for one: each person's state, due date and reason codes, and the ids they miss; with
totals by state. The target's rules are compiled once into a program over columns (dates as
numbers, one column per field of the profile tables) and run a batch of people at a time, so
that a million profiles take seconds, with NumPy where it is installed (the ``numpy`` extra)
and the standard library otherwise. :func:`impact` compares two catalogues (a reform package
that replaces records of the base) or two dates of the law, and gives the table of people
moving from one state to another, with examples.

Profiles come from the long profile CSV (one row per fact, a ``person`` column: see
:func:`sendpath.io.read_staff`), a folder of profile files, an iterable of profiles (or of
``(person, profile)`` pairs), or a pandas DataFrame of the long CSV's columns (for one
partition of a Dask DataFrame).

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import bulk
    >>> from sendpath.model import Holding, Profile, RoleSpell
    >>> teacher = RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1))
    >>> senco = RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))
    >>> qts = Holding(id="qual:qts", awarded=dt.date(2019, 7, 1))
    >>> induction = Holding(id="qual:induction", completed=dt.date(2020, 7, 20))
    >>> staff = [("ann", Profile(roles=(teacher, senco), holds=(qts, induction))),
    ...          ("bob", Profile(roles=(teacher,), holds=(qts, induction)))]
    >>> result = bulk.evaluate(staff, "senco", on=dt.date(2026, 9, 1))
    >>> [(r.person, r.state, r.due, r.missing) for r in result]
    [('ann', 'due', datetime.date(2028, 1, 6), ('qual:npq-senco',)), ('bob', 'met', None, ())]
    >>> result.totals
    {'met': 1, 'due': 1, 'indeterminate': 0, 'overdue': 0, 'not_met': 0}
"""

from sendpath.bulk._evaluate import (
    BATCH_SIZE,
    CSV_COLUMNS,
    Evaluation,
    Row,
    evaluate,
    evaluate_frame,
    frame_meta,
)
from sendpath.bulk._impact import Impact, Transition, impact

__all__ = ["BATCH_SIZE", "CSV_COLUMNS", "Evaluation", "Impact", "Row", "Transition", "evaluate",
           "evaluate_frame", "frame_meta", "impact"]
