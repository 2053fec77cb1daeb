"""A status in short: the answer first, then one line per item (:meth:`Status.summary`).

The short text reads the reason tree the rules built. What is met: the met steps that make
each met part so (a conferred status shows what conferred it). What is still to do: the unmet
steps still needed; where one of several would do, those still open (all of them when none
is). What does not count: a held row that fails its rule (lapsed, started too late ...).
Then the informative parts, and the sources once. Which children a part needs is read from
its node through :func:`~sendpath.rules.shape`, the one home of what a node means.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from sendpath.render import count, say, words
from sendpath.rules._nodes import shape
from sendpath.rules._results import Reason, Status, _state_text, _tag

#: The codes of a step the profile holds a row of that does not count, listed as such.
NOT_COUNTING: Final = frozenset({"not-yet-held", "lapsed", "started-too-late",
                                 "started-too-early", "completed-too-late"})

#: How many sources the short text names: the first the answer uses (the target's own).
SOURCES_NAMED: Final = 2

#: A line to be: its depth, its text, and the step it shows (``None`` for a heading).
_Line = tuple[int, str, Reason | None]
_Said = Callable[[Reason], str]


def summary_lines(status: Status) -> list[str]:
    """Return the short text of ``status`` as lines, records named by title."""

    def said(reason: Reason) -> str:
        return say(reason.says, status.titles, ids=False)

    binding = [r for r in status.reasons if not r.informative]
    when = words("status-rules-as-of", status.rules_as_of) if status.rules_as_of else ""
    lines = [words("summary-head", status.title, status.as_of, when, _state_text(status))]
    met = list(dict.fromkeys(said(step) for r in binding for step in _met_steps(r)))
    if met:
        lines += [words("summary-met"), *(_at(1, text) for text in met)]
    to_do = [line for r in binding if r.state != "met" for line in _to_do(r, 1, said)]
    if to_do:
        lines += [words("summary-to-do"), *(_at(depth, text) for depth, text, _r in to_do)]
    shown = {id(r) for _d, _t, r in to_do}
    failing = dict.fromkeys(said(step) for r in binding for step in _failing(r)
                            if id(step) not in shown)
    if failing:
        lines += [words("summary-not-counting"), *(_at(1, text) for text in failing)]
    informative = [r for r in status.reasons if r.informative]
    if informative:
        lines.append(words("summary-information"))
        for r in informative:
            lines.append(_at(1, words("summary-item", _tag(r), said(r))))
            if r.state != "met" and r.children and not _is_record(r):
                lines += [_at(depth, text) for depth, text, _r in _choose(r, 2, said)]
    return [*lines, *_sources(status), words("status-model-note")]


def not_counting(status: Status) -> list[str]:
    """The rows the profile holds that do not count for ``status``, in words, by title.

    A course started too late, a lapsed membership: held, but failing the rule.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath.model import Holding, Profile, RoleSpell
        >>> head = Profile(roles=(RoleSpell(id="role:headteacher", since=dt.date(2020, 9, 1)),
        ...                       RoleSpell(id="role:senco", since=dt.date(2024, 1, 8))),
        ...                holds=(Holding(id="qual:nasenco", started=dt.date(2024, 10, 1),
        ...                               completed=dt.date(2025, 7, 1)),))
        >>> s = sendpath.rules.evaluate(sendpath.load_default(), head, "senco",
        ...                             on=dt.date(2026, 9, 1))
        >>> not_counting(s)[0]  # doctest: +ELLIPSIS
        'holds National Award ... (NASENCO), started before 2024-09-01, ...: started 2024-10-01...'
    """
    return list(dict.fromkeys(say(step.says, status.titles, ids=False)
                              for r in status.reasons if not r.informative
                              for step in _failing(r)))


def _at(depth: int, text: str) -> str:
    return "  " * depth + text


def _met_steps(reason: Reason) -> list[Reason]:
    """The met steps under ``reason``: a met part's met children, or progress in an unmet one."""
    if not reason.children:
        return [reason] if reason.state == "met" else []
    kids = [c for c in reason.children if c.state == "met"] if reason.state == "met" \
        else reason.children
    return [step for child in kids for step in _met_steps(child)]


def _failing(reason: Reason) -> list[Reason]:
    """The held rows that do not count, under the unmet parts of ``reason``."""
    if reason.state == "met":
        return []
    if not reason.children:
        return [reason] if reason.code in NOT_COUNTING else []
    return [step for child in reason.children for step in _failing(child)]


def _is_record(reason: Reason) -> bool:
    """Whether the reason is about one record though it has children (a conferred status)."""
    return reason.node is not None and shape(reason.node).record is not None


def _needs(reason: Reason) -> int:
    """How many of its children the reason needs (an obligation: its exemption or its rule)."""
    if reason.node is None:
        return 1
    return min(int(shape(reason.node).attrs.get("n", 1)), len(reason.children))


def _to_do(reason: Reason, depth: int, said: _Said) -> list[_Line]:
    """The lines of what an unmet reason still needs."""
    if not reason.children or _is_record(reason):
        return [(depth, words("summary-item", _tag(reason), said(reason)), reason)]
    return _choose(reason, depth, said)


def _choose(reason: Reason, depth: int, said: _Said) -> list[_Line]:
    """The unmet children still needed: every one, or a choice among those still open."""
    unmet = [c for c in reason.children if c.state != "met"]
    need = max(_needs(reason) - (len(reason.children) - len(unmet)), 1)
    chosen = unmet if need >= len(unmet) else (
        [c for c in unmet if c.state != "not_met"] or unmet)
    if need >= len(chosen):
        return [line for child in chosen for line in _to_do(child, depth, said)]
    head = words("summary-one-of") if need == 1 else words("summary-at-least", need)
    lines: list[_Line] = [(depth, head, None)]
    for child in chosen:
        sub = _to_do(child, depth + 1, said)
        if sum(1 for d, _t, _r in sub if d == depth + 1) > 1:  # together, one alternative
            sub = [(depth + 1, words("summary-all-of"), None),
                   *((d + 1, text, r) for d, text, r in sub)]
        lines += sub
    return lines


def _sources(status: Status) -> list[str]:
    """The sources line, once, and where the rest of the answer is."""
    sources = list(dict.fromkeys(c.source for c in status.citations))
    named = "; ".join(status.source_titles.get(s, s) for s in sources[:SOURCES_NAMED])
    lines = []
    if len(sources) > SOURCES_NAMED:
        lines.append(words("summary-sources-more", named, SOURCES_NAMED, len(sources)))
    elif sources:
        lines.append(words("summary-sources", named))
    cited = count(len(status.citations), "citation")
    if status.unconfirmed:
        lines.append(words("summary-explain", cited,
                           count(len(status.unconfirmed), "unconfirmed fact")))
    else:
        lines.append(words("summary-explain-confirmed", cited))
    return lines
