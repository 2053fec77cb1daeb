"""How a route reads in words: its steps, what is held, its totals, and why each step is there.

:class:`~sendpath.query.routes.RouteResult` and the gap's answer word routes with these, and
the route search words each step's reasons with :func:`why` as it builds the step.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from sendpath._dates import add_months
from sendpath.render import count, pounds, words

if TYPE_CHECKING:
    from sendpath.query.routes import Held, Route, Step

__all__ = ["held_lines", "late", "short_steps", "step_lines", "totals_words", "why"]


def short_steps(steps: Sequence[Step], on: dt.date) -> list[str]:
    """One line per step, roles taken in the same month on one line; conferred statuses left out.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "ect", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> short_steps(r[0].steps, r.as_of)[1]  # doctest: +ELLIPSIS
        '   2028-09            take the roles: Teacher (...), then Special ... (SENCO)'
    """
    lines: list[str] = []
    shown = [s for s in steps if not s.conferred]
    i = 0
    while i < len(shown):
        step = shown[i]
        same = [step]
        while (step.kind == "role" and i + len(same) < len(shown)
               and shown[i + len(same)].kind == "role"
               and shown[i + len(same)].start == step.start):
            same.append(shown[i + len(same)])
        if len(same) == 1:
            lines += step_lines(step, on)
        else:
            names = words("step-roles", ", then ".join(s.title for s in same))
            lines.append(words("step-line", f"{add_months(on, step.start):%Y-%m}", names))
        i += len(same)
    return lines


def held_lines(held: Sequence[Held], start: str, *, detail: bool) -> list[str]:
    """What is held: in detail a line for each record; else one line, grouped by how."""
    if detail:
        return [words("route-already-held"),
                *(words("route-held", h.id, h.title, h.why) for h in held)]
    by_how: dict[str, list[str]] = {}
    for h in held:
        by_how.setdefault(h.how, []).append(h.title)
    return [words("held-line", " ".join(words(f"held-by-{how}", start, "; ".join(titles))
                                         for how, titles in by_how.items()))]


def totals_words(route: Route) -> str:
    """A route's totals in words: months (to entry), cost and hours, saying what is unknown.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teaching-assistant", "hlta",
        ...                  on=dt.date(2026, 9, 1))
        >>> totals_words(r[0])  # doctest: +ELLIPSIS
        'at least 0 months (1 step of unknown length)...'
    """
    parts = []
    for weight in ("months", "cost", "hours"):
        unknown = route.unknown[weight]
        low = route.at_least[weight]
        value = (count(int(low), "month") if weight == "months" else pounds(low)
                 if weight == "cost" else f"{round(low):,}")
        if unknown and not low and weight != "months":
            value = words(f"unknown-{weight}")
        elif unknown:
            value = words(f"at-least-{weight}", value, count(len(unknown), "step"))
        elif weight == "hours":
            value = words("hours-about", value)
        elif weight == "months":
            value = words("months-to-entry", value, route.months_to_entry)
        parts.append(value)
    return ", ".join(parts)


def step_lines(step: Step, on: dt.date, *, detail: bool = False) -> list[str]:
    """One line for a step (when, what, due by); in detail, why, sources and unconfirmed too.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> step_lines(r[0].steps[1], r.as_of)[0]  # doctest: +ELLIPSIS
        '   2026-09 to 2028-03 National Professional ... (NPQ for SENCOs), due by 2029-09-01'
    """
    begin = step.started or add_months(on, step.start)
    end = add_months(on, step.finish)
    when = (words("step-from", f"{begin:%Y-%m}") if step.months is None
            else f"{begin:%Y-%m}" if step.months == 0 or step.kind == "role"
            else words("step-between", f"{begin:%Y-%m}", f"{end:%Y-%m}"))
    name = f"{step.title} ({step.id})" if detail else step.title
    what = words("step-role", name) if step.kind == "role" else name
    line = words("step-line", when, what)
    if step.due:
        line += words("step-due-by", step.due)
    if step.late:
        line += words("step-late-short", add_months(on, step.finish))
    if step.started:
        line += words("step-under-way", step.started) + (
            words("step-overran", step.ends) if step.overran else "")
    if not detail:
        return [line]
    out = [line, *(words("step-why", w) for w in step.why)]
    if step.sources:
        out.append(words("step-sources", ", ".join(step.sources)))
    if step.unconfirmed:
        out.append(words("step-unconfirmed", "; ".join(step.unconfirmed)))
    return out


def late(step: Step, done: dt.date) -> Step:
    """Say so in ``why`` when an obligation step would be done after its due date."""
    if step.due is None or done <= step.due:
        return step
    return attrs.evolve(step, why=(*step.why, words("step-late", done, step.due)), late=True)


@functools.lru_cache(maxsize=4096)
def why(s: str, serves: tuple[str, ...], duty: bool, due: dt.date | None,
        target: str) -> tuple[str, ...]:
    """Say why step ``s`` is in the route: the target, what it serves (sorted), which duty.

    The words follow from the ids and the date alone, so they are worded once for each.
    """
    out = [words("why-target")] if s == target else []
    out += [words("why-required-by", x) for x in serves]
    if duty:
        out.append(words("why-obligation-due", target, due) if due
                   else words("why-obligation", target))
    return tuple(out)
