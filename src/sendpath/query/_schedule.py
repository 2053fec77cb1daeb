"""The term scheduler behind :func:`sendpath.query.sequence`: tasks placed in terms, exactly.

A plan is a start term for each task (or none: the task is left out). Terms are numbered from
the plan's first term (0); a course already under way may have started before it (a negative
number). Each way to place a task is an :class:`Option`: its first and last term, the first
term the tasks that wait for it may start in, the days it begins and ends, and the hours it
takes in each of its terms.

What a plan costs, compared in this order (:func:`cost`):

1. the tasks left out (none can be placed, or a task it waits for is left out), a ``required``
   task counting for more than all the others together;
2. the tasks that finish after their due date;
3. the hours over the cap (only tasks that may go over it, statutory duties, ever do);
4. the terms the plan takes (from its first term to the last term any task occupies);
5. the ``recommended_before`` pairs the plan does not keep;
6. the sum of the start terms (shown, not searched: among plans equal on the first five, the
   search keeps the first it finds, trying each task's options soonest first).

:func:`solve` finds a plan of least cost by depth-first search over each task's options in
order, cutting every branch whose cost so far is no better than the best plan found (every
part of the cost only grows as tasks are added). A task that takes no hours and on which no
due date or recommendation hangs is only tried at its earliest option: starting it later
cannot make anything better. The search stops after a budget of branches and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import attrs

from sendpath._dates import add_months

__all__ = ["BUDGET", "Option", "Schedule", "Task", "cost", "solve"]

#: How many branches :func:`solve` tries before it settles for the best plan found.
BUDGET: Final = 200_000
# Hours are compared with this much slack, so that 3 x 10.0 fits a cap of 30.
_EPS: Final = 1e-9


@attrs.frozen
class Option:
    """One way to place a task: its terms, the days it runs, and the hours in each term.

    Attributes:
        start: The first term it occupies (0 is the plan's first term).
        last: The last term it occupies.
        ready: The first term the tasks that wait for it may start in (``start`` for a task
            that takes no time, such as taking a role, else the term after it ends).
        begin: The day it starts.
        end: The day it is done.
        load: The hours it takes in each of its terms.
    """

    start: int
    last: int
    ready: int
    begin: dt.date
    end: dt.date
    load: float = 0.0


@attrs.frozen
class Task:
    """Something to place in terms, with the ways it can be placed.

    Attributes:
        options: Its options, soonest first.
        needs: The tasks (by position; all earlier in the list) it waits for.
        over_ok: It may go over the cap (a statutory duty); other tasks never do.
        due: The last day by which it should be done, if any.
        due_after: Instead of ``due``: the task and the months after that task's first day
            by which it should be done (a duty that falls due after taking a role).
        after: The tasks (by position) recommended to be done before it starts.
        required: Leaving it out costs more than leaving out every other task (a statutory
            duty, or a task an earlier pass has placed): it is not traded for room for others.
    """

    options: tuple[Option, ...]
    needs: tuple[int, ...] = ()
    over_ok: bool = False
    due: dt.date | None = None
    due_after: tuple[int, int] | None = None
    after: tuple[int, ...] = ()
    required: bool = False


@attrs.frozen
class Schedule:
    """A plan: the option chosen for each task (``None``: left out) and its cost.

    ``exact`` says the search ran to its end, so that no plan costs less.
    """

    choice: tuple[int | None, ...]
    cost: tuple[float, ...]
    exact: bool


def picked(tasks: Sequence[Task], choice: Sequence[int | None], i: int) -> Option | None:
    """The option ``choice`` takes for task ``i`` (``None``: the task is left out)."""
    k = choice[i]
    return None if k is None else tasks[i].options[k]


def due(tasks: Sequence[Task], choice: Sequence[int | None], i: int) -> dt.date | None:
    """The day by which task ``i`` should be done, in the plan ``choice``."""
    task = tasks[i]
    if task.due_after is None:
        return task.due
    anchor, months = task.due_after
    start = picked(tasks, choice, anchor)
    return task.due if start is None else add_months(start.begin, months)


def late(tasks: Sequence[Task], choice: Sequence[int | None], i: int) -> bool:
    """Whether task ``i``, placed as ``choice`` says, is done after its due date."""
    o = picked(tasks, choice, i)
    day = due(tasks, choice, i)
    return o is not None and day is not None and o.end > day


def _broken(tasks: Sequence[Task], choice: Sequence[int | None], i: int, a: int) -> bool:
    """Whether task ``a``, recommended before task ``i``, is not done before ``i`` starts."""
    first, then = picked(tasks, choice, a), picked(tasks, choice, i)
    return first is not None and then is not None and first.ready > then.start


def loads(tasks: Sequence[Task], choice: Sequence[int | None]) -> dict[int, float]:
    """The hours of each of the plan's terms (from term 0 on)."""
    out: dict[int, float] = {}
    for task, picked in zip(tasks, choice, strict=True):
        if picked is not None:
            o = task.options[picked]
            for t in range(max(o.start, 0), o.last + 1):
                out[t] = out.get(t, 0.0) + o.load
    return out


def cost(tasks: Sequence[Task], choice: Sequence[int | None], cap: float,
         ) -> tuple[float, ...]:
    """Return what a plan costs (see the module's description), or raise if it breaks a rule.

    Raises:
        ValueError: A task starts before a task it waits for is ready, a task is placed though
            one it waits for is left out, or a task that may not go over the cap does.
    """
    placed = [picked(tasks, choice, i) for i in range(len(tasks))]
    hours = loads(tasks, choice)
    for i, (task, o) in enumerate(zip(tasks, placed, strict=True)):
        if o is None:
            continue
        for n in task.needs:
            need = placed[n]
            if need is None or need.ready > o.start:
                raise ValueError(f"task {i} starts before task {n} is ready")
        if not task.over_ok and o.load > 0 and \
                any(hours[t] > cap + _EPS for t in range(max(o.start, 0), o.last + 1)):
            raise ValueError(f"task {i} goes over the cap")
    terms = [o for o in placed if o is not None]
    return (sum(_left_out(tasks, i) for i, o in enumerate(placed) if o is None),
            float(sum(late(tasks, choice, i) for i in range(len(tasks)))),
            round(sum(max(0.0, h - cap) for h in hours.values()), 6),
            float(max((o.last + 1 for o in terms), default=0)),
            float(sum(_broken(tasks, choice, i, a)
                      for i, t in enumerate(tasks) for a in t.after)),
            float(sum(o.start for o in terms)))


def _left_out(tasks: Sequence[Task], i: int) -> float:
    """What leaving task ``i`` out costs: 1, or for a required task more than all others."""
    return float(len(tasks) + 1) if tasks[i].required else 1.0


def _fits(task: Task, o: Option, hours: dict[int, float], optional: dict[int, float],
          cap: float) -> tuple[bool, float]:
    """Whether an option keeps the cap, and the hours it goes over by.

    Only a task that may go over the cap does, and only in terms that hold no other task's
    hours: a term over the cap holds statutory duties alone.
    """
    over = 0.0
    if o.load <= 0:  # a milestone, or a course of unknown hours: it adds nothing to a term
        return True, over
    for t in range(max(o.start, 0), o.last + 1):
        before = hours.get(t, 0.0)
        after = before + o.load
        if after > cap + _EPS:
            if not task.over_ok or optional.get(t, 0.0) > _EPS:
                return False, 0.0
            over += after - max(before, cap)
    return True, over


def solve(tasks: Sequence[Task], cap: float, *, budget: int = BUDGET) -> Schedule:
    """Return a plan of least :func:`cost` (exact unless the search passes ``budget``).

    Example:
        >>> day = dt.date(2026, 9, 1)
        >>> role = Task(options=tuple(Option(t, t, t, day, day) for t in range(3)))
        >>> course = Task(needs=(0,), options=tuple(
        ...     Option(t, t + 1, t + 2, day, day, load=20.0) for t in range(3)))
        >>> other = Task(options=tuple(Option(t, t, t + 1, day, day, load=15.0)
        ...                            for t in range(3)))
        >>> plan = solve([role, course, other], cap=30)
        >>> plan.choice, plan.cost[3], plan.exact
        ((0, 0, 2), 3.0, True)
    """
    n = len(tasks)
    anchored: list[list[int]] = [[] for _ in tasks]  # the earlier tasks due after each one
    for j, t in enumerate(tasks):
        if t.due_after is not None and t.due_after[0] > j:
            anchored[t.due_after[0]].append(j)
    anchors = {t.due_after[0] for t in tasks if t.due_after is not None}
    linked = {a for t in tasks for a in t.after} | {i for i, t in enumerate(tasks) if t.after}
    simple = [all(o.load == 0 for o in t.options) and t.due is None and t.due_after is None
              and i not in anchors and i not in linked for i, t in enumerate(tasks)]
    choice: list[int | None] = [None] * n
    hours: dict[int, float] = {}
    optional: dict[int, float] = {}  # the hours of tasks that may not go over the cap
    best: list[tuple[tuple[float, ...], tuple[int | None, ...]]] = []
    tried = 0

    def place(task: Task, o: Option, sign: float) -> None:
        for t in range(max(o.start, 0), o.last + 1):
            hours[t] = hours.get(t, 0.0) + sign * o.load
            if not task.over_ok:
                optional[t] = optional.get(t, 0.0) + sign * o.load

    def visit(i: int, so_far: tuple[float, ...]) -> None:
        nonlocal tried
        tried += 1
        if best and so_far[:5] >= best[0][0][:5]:
            return
        if i == n:
            best[:] = [(so_far, tuple(choice))]
            return
        task = tasks[i]
        skipped, missed, over, span, soft, starts = so_far
        if any(choice[p] is None for p in task.needs):
            visit(i + 1, (skipped + _left_out(tasks, i), *so_far[1:]))
            return
        ready = max((o.ready for p in task.needs if (o := picked(tasks, choice, p))),
                    default=-(10**9))
        tries = 0
        for k, o in enumerate(task.options):
            if o.start < ready:
                continue
            ok, extra = _fits(task, o, hours, optional, cap)
            if not ok:
                continue
            choice[i] = k
            # the recommendations and due dates that are settled once this task is placed
            broken = sum(_broken(tasks, choice, i, a) for a in task.after if a < i) + \
                sum(_broken(tasks, choice, j, i) for j in range(i) if i in tasks[j].after)
            dues = late(tasks, choice, i) + sum(late(tasks, choice, j) for j in anchored[i])
            place(task, o, 1.0)
            tries += 1
            visit(i + 1, (skipped, missed + dues, round(over + extra, 6),
                          max(span, o.last + 1.0), soft + broken, starts + o.start))
            place(task, o, -1.0)
            choice[i] = None
            if simple[i] or tried > budget:  # past the budget: the first option that fits
                break
        if not tries or tried <= budget:
            visit(i + 1, (skipped + _left_out(tasks, i), *so_far[1:]))

    visit(0, (0.0,) * 6)
    found, chosen = best[0]
    return Schedule(choice=chosen, cost=found, exact=tried <= budget)
