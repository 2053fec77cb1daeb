"""Where bulk profiles come from, as batches: a long CSV, a folder, profiles, a DataFrame.

Rows of the long CSV are checked exactly as :func:`sendpath.io.staff.read_staff` checks them
(by its code: each distinct row is built once through the profile reader, and the result kept,
since a workforce repeats the same facts and dates many times), so a row the profile reader
refuses is refused here with the same problem, its CSV line and the person named.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath.bulk._batch import Batch, build, profile_rows, values
from sendpath.bulk._columns import Ops
from sendpath.errors import DataError, Problem
from sendpath.io.staff import _person, person_rows, read_staff
from sendpath.model import Profile

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

Profiles = str | Path | Iterable[Profile | tuple[str, Profile]] | Any  # Any: a DataFrame
_KEPT: Final = 1 << 18  # distinct rows kept at most (the store is emptied when full)

# A person ready for a batch: name, rows by table, each row's column values.
_Person = tuple[str, dict[str, list[Any]], list[tuple[str, tuple[int, ...]]]]


def batches(profiles: Profiles, *, catalogue: Catalogue, ops: Ops, size: int, errors: str,
            problems: list[Problem]) -> Iterator[Batch]:
    """Yield the people of ``profiles`` in batches of ``size`` (see :func:`evaluate`)."""
    vocab: dict[str, int] = {}
    people = _people(profiles, catalogue, vocab, problems)
    before = len(problems)
    chunk: list[_Person] = []
    for person in people:
        if errors == "raise" and len(problems) > before:
            continue  # read on, to report every problem at once
        chunk.append(person)
        if len(chunk) >= size:
            yield build(chunk, vocab, ops)
            chunk = []
    if errors == "raise" and len(problems) > before:
        raise DataError(problems[before:])
    if chunk:
        yield build(chunk, vocab, ops)


def _people(profiles: Profiles, catalogue: Catalogue, vocab: dict[str, int],
            problems: list[Problem]) -> Iterator[_Person]:
    if isinstance(profiles, (str, Path)):
        path = Path(profiles)
        if path.is_dir():
            for name, profile in read_staff(path, catalogue=catalogue, errors="skip",
                                            problems=problems):
                yield _from_profile(name, profile, vocab)
            return
        reader = _Rows(catalogue, vocab, str(path))
        for person, rows in person_rows(path, problems):
            got = reader.person(person, rows, problems)
            if got is not None:
                yield got
        return
    if _is_frame(profiles):
        reader = _Rows(catalogue, vocab, "<DataFrame>")
        for person, rows in _frame_rows(profiles, problems):
            got = reader.person(person, rows, problems)
            if got is not None:
                yield got
        return
    for i, item in enumerate(profiles, 1):
        name, profile = item if isinstance(item, tuple) else (str(i), item)
        if not isinstance(profile, Profile):
            raise TypeError(f"item {i} is {type(profile).__name__}, not a Profile")
        yield _from_profile(name, profile, vocab)


def _from_profile(name: str, profile: Profile, vocab: dict[str, int]) -> _Person:
    rows = {t: list(r) for t, r in profile_rows(profile).items()}
    return name, rows, [(t, values(t, row, vocab)) for t, r in rows.items() for row in r]


@attrs.define
class _Rows:
    """Turns CSV rows into a person's rows, each distinct row checked once."""

    catalogue: Catalogue
    vocab: dict[str, int]
    name: str
    seen: dict[tuple[str, ...], tuple[str, Any, tuple[int, ...]] | list[Problem]] = \
        attrs.Factory(dict)

    def person(self, person: str, rows: list[tuple[int, dict[str, str]]],
               problems: list[Problem]) -> _Person | None:
        by_table: dict[str, list[Any]] = {}
        listed: list[tuple[str, tuple[int, ...]]] = []
        own: list[Problem] = []
        for line, row in rows:
            if not person:  # the profile reader says why, with the line
                _person(person, [(line, row)], self.catalogue, self.name, own)
                continue
            key = tuple(v for k, v in row.items() if k != "person")
            got = self.seen.get(key)
            if got is None:
                got = self._check(line, row)
                if len(self.seen) >= _KEPT:
                    self.seen.clear()
                self.seen[key] = got
            if isinstance(got, list):
                table = (row.get("table") or "").strip()
                index = len(by_table.get(table, ()))
                own += [attrs.evolve(p, line=line, record=_record(p.record, person, index))
                        for p in got]
                by_table.setdefault(table, []).append(None)
                continue
            table, obj, vals = got
            by_table.setdefault(table, []).append(obj)
            listed.append((table, vals))
        if own:
            problems += own
            return None
        return person, by_table, listed

    def _check(self, line: int, row: dict[str, str]) -> tuple[str, Any, tuple[int, ...]] | \
            list[Problem]:
        found: list[Problem] = []
        for _who, profile in _person("?", [(line, row)], self.catalogue, self.name, found):
            table, rows = next(iter(profile_rows(profile).items()))
            return table, rows[0], values(table, rows[0], self.vocab)
        return found


def _record(record: str | None, person: str, index: int) -> str:
    """A problem's record for this person and row (checked alone, it was ``?: table[0]``)."""
    if not record or not record.startswith("?"):
        return person
    rest = record[len("?: "):]
    table = rest.split("[", 1)[0]
    return f"{person}: {table}[{index}]" if rest else person


def _is_frame(value: Any) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "itertuples")


def _frame_rows(frame: Any,
                problems: list[Problem]) -> Iterator[tuple[str, list[tuple[int, dict[str, str]]]]]:
    """A DataFrame's rows by person, as the CSV reader gives them (row numbers from 2)."""
    columns = [str(c) for c in frame.columns]
    for needed in ("person", "table", "id"):
        if needed not in columns:
            raise DataError([Problem(code="missing-field", file="<DataFrame>",
                                     message=f"the DataFrame has no {needed!r} column")])
    done: set[str] = set()
    person: str | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    apart = False
    for number, record in enumerate(frame.itertuples(index=False, name=None), 2):
        row = {c: _text(v) for c, v in zip(columns, record, strict=True)}
        who = row["person"].strip()
        if who != person:
            if person is not None and not apart:
                yield person, rows
            apart = who in done
            if apart:
                problems.append(Problem(code="not-together", file="<DataFrame>", line=number,
                                        record=who, message=f"person {who!r} has rows above "
                                        "that are not next to this one (these rows are left "
                                        "out)"))
            done.add(who)
            person, rows = who, []
        rows.append((number, row))
    if person is not None and not apart:
        yield person, rows


def _text(value: Any) -> str:
    """A cell as the CSV would hold it: missing values (None, NaN, NaT) empty."""
    if value is None or value != value:  # noqa: PLR0124  (NaN is not itself)
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)

