"""The rules engine: requirement trees and statutory obligations, evaluated on a date.

:func:`evaluate` answers "where does this person stand with this role (or qualification) on
this day?": ``met``, ``due`` (not yet met, still in time, with the date by which it must be),
``overdue``, ``not_met`` or ``indeterminate`` (a needed fact is missing). The answer carries its
reasons as a tree, the citations behind them, and the unconfirmed facts it rests on.

The combination is three-valued, as in Kleene logic: an unknown branch might be met. ``all``
takes the worst child (not_met > overdue > indeterminate > due, earliest date > met) and ``any``
the best (met > indeterminate > due, latest date > overdue > not_met). A role's status is
``all(eligibility, obligations)``; eligibility itself is never ``due``.

Dates follow sendpath's conventions: periods include both ends; an obligation's due date is the
anchor plus the period and that anniversary day is still in time; an anniversary of 29 February
falls on 28 February (:func:`add_months`); "after" a date is strictly after it.

The rules are a model of the law, written for planning and research; they are not legal advice.

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath.model import Holding, Profile, RoleSpell
    >>> me = Profile(
    ...     roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),
    ...            RoleSpell(id="role:senco", since=dt.date(2025, 1, 6))),
    ...     holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),
    ...            Holding(id="qual:induction", completed=dt.date(2021, 7, 20))))
    >>> status = evaluate(sendpath.load_default(), me, "senco", on=dt.date(2026, 9, 1))
    >>> status.state, status.due
    ('due', datetime.date(2028, 1, 6))
"""

from sendpath._dates import add_months, whole_months
from sendpath._output import JSON_FORMAT
from sendpath.rules._nodes import (
    ALTERNATIVES_CAP,
    DATE_CONDITIONS,
    Alternatives,
    Shape,
    alternatives,
    check,
    normalise,
    planned_fails,
    shape,
)
from sendpath.rules._results import REASON_CODES, Reason, Status
from sendpath.rules._summary import not_counting
from sendpath.rules._targets import evaluate
from sendpath.rules._verdicts import (
    STATES,
    State,
    Verdict,
    combine_all,
    combine_any,
    combine_at_least,
)

__all__ = [
    "ALTERNATIVES_CAP",
    "DATE_CONDITIONS",
    "JSON_FORMAT",
    "REASON_CODES",
    "STATES",
    "Alternatives",
    "Reason",
    "Shape",
    "State",
    "Status",
    "Verdict",
    "add_months",
    "alternatives",
    "check",
    "combine_all",
    "combine_any",
    "combine_at_least",
    "evaluate",
    "normalise",
    "not_counting",
    "planned_fails",
    "shape",
    "whole_months",
]
