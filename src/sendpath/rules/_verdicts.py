"""States, verdicts and their three-valued combination (Kleene logic)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Final, NamedTuple


class State(StrEnum):
    """Where a person stands with a requirement on a date; a ``str``, so ``"met"`` compares.

    Example:
        >>> State.MET == "met", State("not_met") is State.NOT_MET, f"{State.DUE}"
        (True, True, 'due')
        >>> State.OVERDUE
        'overdue'
    """

    MET = "met"
    DUE = "due"
    OVERDUE = "overdue"
    NOT_MET = "not_met"
    INDETERMINATE = "indeterminate"

    def __repr__(self) -> str:
        return repr(self.value)  # reads as the plain string it equals: 'met'


#: The states of a result, best first.
STATES: Final = tuple(state.value for state in State)
# `all` keeps the worst child; `any` the best. The orders differ only in where `indeterminate`
# sits: an unknown branch might be met, so it beats `due` in `any` and loses to it in `all`.
_ALL_RANK: Final = {"met": 0, "due": 1, "indeterminate": 2, "overdue": 3, "not_met": 4}
_ANY_RANK: Final = {"met": 0, "indeterminate": 1, "due": 2, "overdue": 3, "not_met": 4}


class Verdict(NamedTuple):
    """A state and, for ``due`` and ``overdue``, the date it falls (or fell) due.

    Example:
        >>> Verdict("due", dt.date(2028, 1, 6)).due.isoformat()
        '2028-01-06'
    """

    state: str
    due: dt.date | None = None


_MET: Final = Verdict(State.MET)
_NOT_MET: Final = Verdict(State.NOT_MET)
_UNKNOWN: Final = Verdict(State.INDETERMINATE)


# -- combination -------------------------------------------------------------------------------


def combine_all(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine as ``all``: the worst verdict; among ``due`` or ``overdue``, the earliest date.

    Example:
        >>> combine_all([Verdict("met"), Verdict("due", dt.date(2028, 1, 6)),
        ...              Verdict("due", dt.date(2027, 8, 31))])
        Verdict(state='due', due=datetime.date(2027, 8, 31))
        >>> combine_all([Verdict("due", dt.date(2028, 1, 6)), Verdict("indeterminate")]).state
        'indeterminate'
    """
    items = list(verdicts)
    if not items:
        return _MET
    state = max((v.state for v in items), key=_ALL_RANK.__getitem__)
    dates = [v.due for v in items if v.state == state and v.due is not None]
    return Verdict(state, min(dates) if dates else None)


def combine_any(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine as ``any``: the best verdict; among ``due`` or ``overdue``, the latest date.

    Example:
        >>> combine_any([Verdict("not_met"), Verdict("due", dt.date(2028, 1, 6)),
        ...              Verdict("due", dt.date(2027, 8, 31))])
        Verdict(state='due', due=datetime.date(2028, 1, 6))
        >>> combine_any([Verdict("due", dt.date(2028, 1, 6)), Verdict("indeterminate")]).state
        'indeterminate'
    """
    items = list(verdicts)
    if not items:
        return _NOT_MET
    state = min((v.state for v in items), key=_ANY_RANK.__getitem__)
    dates = [v.due for v in items if v.state == state and v.due is not None]
    return Verdict(state, max(dates) if dates else None)


def combine_at_least(n: int, verdicts: Iterable[Verdict]) -> Verdict:
    """Combine as ``at least n of``: ``any`` over every choice of ``n`` children, each ``all``.

    With ``n = 1`` this is :func:`combine_any`; with ``n`` equal to the number of children it is
    :func:`combine_all`.

    Example:
        >>> combine_at_least(2, [Verdict("met"), Verdict("not_met"),
        ...                      Verdict("due", dt.date(2027, 1, 1))])
        Verdict(state='due', due=datetime.date(2027, 1, 1))
        >>> combine_at_least(2, [Verdict("met"), Verdict("indeterminate"), Verdict("not_met")])
        Verdict(state='indeterminate', due=None)
    """
    items = list(verdicts)
    by_state: dict[str, list[dt.date]] = {s: [] for s in STATES}
    for v in items:
        by_state[v.state].append(v.due or dt.date.max)
    met, unknown = len(by_state["met"]), len(by_state["indeterminate"])
    due = sorted(by_state["due"], reverse=True)
    overdue = sorted(by_state["overdue"], reverse=True)
    if met >= n:
        return _MET
    need = n - met
    if unknown and len(due) + unknown >= need:
        return _UNKNOWN
    if len(due) >= need:
        return Verdict("due", due[need - 1])
    need -= len(due) + unknown
    if len(overdue) >= need:
        return Verdict("overdue", overdue[need - 1])
    return _NOT_MET


