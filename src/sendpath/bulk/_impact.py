"""What a change in the rules would do to a workforce: the table of state transitions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath._dates import check_day
from sendpath._gc import paused
from sendpath._output import JsonResult, Worded, envelope
from sendpath.bulk._columns import backend as _backend
from sendpath.bulk._input import Profiles, batches
from sendpath.bulk._program import STATE_NAMES, compile_target
from sendpath.errors import Problem
from sendpath.render import people, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

#: People named as examples of each transition, at most.
EXAMPLES: Final = 3


@attrs.frozen(kw_only=True)
class Transition:
    """People who move from one state to another under the reform.

    Attributes:
        before: The state under the base rules.
        after: The state under the reform.
        people: How many.
        examples: The first few of them (by the input's order).
    """

    before: str
    after: str
    people: int
    examples: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Impact(JsonResult, Worded):
    """The result of :func:`impact`: how many people change state, from what to what.

    Attributes:
        target: The target's full id.
        title: Its title.
        as_of: The day of the answers.
        base: What the answers before are under (the base data, or a date of the law).
        reform: What the answers after are under.
        people: How many people were evaluated.
        changed: How many change state.
        transitions: Every pair of states with people in it, those who change first (most
            first), then those who stay.
        totals_before: People by state under the base.
        totals_after: People by state under the reform.
        data_version: The version of the base data.
        problems: The problems of people left out (``errors="skip"``).
    """

    target: str
    title: str
    as_of: dt.date
    base: str
    reform: str
    people: int
    changed: int
    transitions: tuple[Transition, ...]
    totals_before: dict[str, int]
    totals_after: dict[str, int]
    data_version: str
    problems: tuple[Problem, ...] = ()

    def _json(self) -> dict[str, Any]:
        return envelope(self.data_version, as_of=self.as_of,
                        target={"id": self.target, "title": self.title}, base=self.base,
                        reform=self.reform, people=self.people, changed=self.changed,
                        transitions=self.transitions, totals_before=self.totals_before,
                        totals_after=self.totals_after,
                        problems=[str(p) for p in self.problems])

    def _lines(self, *, detail: bool) -> list[str]:
        lines = [words("impact-heading", self.title, self.as_of, people(self.people)),
                 words("impact-sides", self.base, self.reform),
                 words("impact-changed", self.changed, _share(self.changed, self.people))]
        moved = [t for t in self.transitions if t.before != t.after]
        shown = self.transitions if detail else moved
        if shown:
            width = max(len(_state(t.before)) for t in shown)
            lines.append("")
            for t in shown:
                lines.append(words("impact-row", _state(t.before).ljust(width), _state(t.after),
                                   t.people, _share(t.people, self.people),
                                   ", ".join(t.examples)))
        if self.problems:
            lines.append(words("bulk-left-out", len(self.problems)))
        return lines


def _state(state: str) -> str:
    return state.replace("_", " ")


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}" if total else "0.0"


def impact(profiles: Profiles, target: str, *, base: Catalogue | None = None,
           reform: Catalogue | str | Path | None = None, on: dt.date | None = None,
           rules_as_of: dt.date | None = None, reform_rules_as_of: dt.date | None = None,
           errors: str = "raise", backend: str | None = None,
           batch_size: int = 50_000) -> Impact:
    """Compare each person's state for ``target`` under ``base`` and under ``reform``.

    A reform is a data package that extends the base and replaces whole records (its
    ``package.toml`` says ``replaces = ["role:senco"]`` and it holds the new record): a
    two-year deadline, say. Comparing two dates of the law is the same question: give
    ``rules_as_of`` and ``reform_rules_as_of`` (with no ``reform``, the base's rules are read
    as worded on each date). The input is read once; both rule sets run on each batch.

    Args:
        profiles: As for :func:`evaluate`.
        target: A role, qualification or activity of both.
        base: The data before (default: England's).
        reform: The data after: a catalogue, or a package folder (default: the base).
        on: The day of the answers (default today).
        rules_as_of: The day whose wording applies before (default: today's).
        reform_rules_as_of: The day whose wording applies after (default: ``rules_as_of``).
        errors: ``raise`` or ``skip``, as for :func:`evaluate`.
        backend: ``numpy`` or ``python``.
        batch_size: People per batch.

    Raises:
        UnknownIdError: ``target`` names nothing in one of the two.
        DataError: The reform package or the input has problems.

    Example:
        >>> import datetime as dt
        >>> from sendpath import bulk
        >>> from sendpath.model import Holding, Profile, RoleSpell
        >>> senco = Profile(  # a NASENCO started after the last day a start counts
        ...     roles=(RoleSpell(id="role:teacher", since=dt.date(2015, 9, 1)),
        ...            RoleSpell(id="role:senco", since=dt.date(2024, 1, 8))),
        ...     holds=(Holding(id="qual:qts", awarded=dt.date(2015, 7, 1)),
        ...            Holding(id="qual:induction", completed=dt.date(2016, 7, 20)),
        ...            Holding(id="qual:nasenco", started=dt.date(2024, 10, 1),
        ...                    completed=dt.date(2026, 6, 1))))
        >>> change = bulk.impact([senco], "senco", on=dt.date(2026, 9, 1),
        ...                      rules_as_of=dt.date(2024, 8, 31),
        ...                      reform_rules_as_of=dt.date(2024, 9, 1))
        >>> [(t.before, t.after, t.people) for t in change.transitions]
        [('met', 'due', 1)]
        >>> print(change.summary())
        Special educational needs co-ordinator (SENCO), as of 2026-09-01: 1 person
        before: england (rules as of 2024-08-31); after: england (rules as of 2024-09-01)
        1 change state (100.0%)
        <BLANKLINE>
          met -> due: 1 (100.0%), e.g. 1
    """
    import sendpath  # noqa: PLC0415

    before = base if base is not None else sendpath.load_default()
    after = reform if reform is not None else before
    if not hasattr(after, "roles"):
        after = sendpath.load(Path(str(after)))
    assert not isinstance(after, (str, Path))  # noqa: S101  (loaded above)
    day = check_day(on or dt.date.today(), "on")
    second = reform_rules_as_of if reform_rules_as_of is not None else rules_as_of
    old = compile_target(before, target, on=day, rules_as_of=rules_as_of)
    new = compile_target(after, target, on=day, rules_as_of=second)
    ops = _backend(backend)
    problems: list[Problem] = []
    counts: dict[tuple[int, int], int] = {}
    examples: dict[tuple[int, int], list[str]] = {}
    people = 0
    for batch in batches(profiles, catalogue=after, ops=ops, size=batch_size, errors=errors,
                         problems=problems):
        with paused():
            before_states = batch.ops.tolist(old.run(batch).state)
            after_states = batch.ops.tolist(new.run(batch).state)
        for name, a, b in zip(batch.names, before_states, after_states, strict=True):
            key = (a, b)
            counts[key] = counts.get(key, 0) + 1
            seen = examples.setdefault(key, [])
            if len(seen) < EXAMPLES:
                seen.append(name)
        people += batch.n
    order = sorted(counts, key=lambda k: (k[0] == k[1], -counts[k], k))
    transitions = tuple(Transition(before=STATE_NAMES[a], after=STATE_NAMES[b],
                                   people=counts[(a, b)], examples=tuple(examples[(a, b)]))
                        for a, b in order)

    def totals(side: int) -> dict[str, int]:
        out = dict.fromkeys(STATE_NAMES, 0)
        for key, n in counts.items():
            out[STATE_NAMES[key[side]]] += n
        return out

    return Impact(
        target=old.target, title=old.title, as_of=day,
        base=_label(before, rules_as_of), reform=_label(after, second), people=people,
        changed=sum(n for (a, b), n in counts.items() if a != b), transitions=transitions,
        totals_before=totals(0), totals_after=totals(1), data_version=before.data_version,
        problems=tuple(problems))


def _label(cat: Catalogue, as_of: dt.date | None) -> str:
    """What a side of the comparison is: its package, and the date of the law if one."""
    name = cat.info.name if cat.info is not None else "data"
    return f"{name} (rules as of {as_of.isoformat()})" if as_of is not None else name
