"""Where bulk profiles come from, as batches: a long CSV, a folder, profiles, a DataFrame.

Rows of the long CSV are checked exactly as :func:`sendpath.io.staff.read_staff` checks them
(by its code: each distinct row is built once through the profile reader, and the result kept,
since a workforce repeats the same facts and dates many times), so a row the profile reader
refuses is refused here with the same problem, its CSV line and the person named.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath._gc import paused
from sendpath.bulk._batch import Batch, Facts, build, facts, profile_rows, values
from sendpath.bulk._columns import Ops
from sendpath.errors import DataError, Problem, SendpathError, capped
from sendpath.io.profile import ID_FIELDS, _is_conferred
from sendpath.io.staff import LongCsv, _person, read_staff, row_fields
from sendpath.model import PROFILE_TABLES, Profile

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

Profiles = str | Path | Iterable[Profile | tuple[str, Profile]] | Any  # Any: a DataFrame
_KEPT: Final = 1 << 17  # distinct rows kept, at most twice over (two generations)

# A person ready for a batch: name and facts.
_Person = tuple[str, Facts]


def batches(profiles: Profiles, *, catalogue: Catalogue, ops: Ops, size: int, errors: str,
            problems: list[Problem]) -> Iterator[Batch]:
    """Yield the people of ``profiles`` in batches of ``size`` (see :func:`evaluate`).

    The cyclic garbage collector is paused while a batch is read and built (what is built then
    lives on and holds no cycles), and runs as usual while the caller has the batch.
    """
    vocab: dict[str, int] = {}
    people = iter(_people(profiles, catalogue, vocab, problems))
    before = len(problems)
    while True:
        with paused():
            chunk: list[_Person] = []
            for person in people:
                if errors == "raise" and len(problems) > before:
                    continue  # read on, to report every problem at once
                chunk.append(person)
                if len(chunk) >= size:
                    break
            if errors == "raise" and len(problems) > before:
                raise DataError(capped(problems[before:]))
            batch = build(chunk, vocab, ops) if chunk else None
        if batch is None:
            return
        yield batch


def _people(profiles: Profiles, catalogue: Catalogue, vocab: dict[str, int],
            problems: list[Problem]) -> Iterator[_Person]:
    if isinstance(profiles, (str, Path)):
        path = Path(profiles)
        if path.is_dir():
            for name, profile in read_staff(path, catalogue=catalogue, errors="skip",
                                            problems=problems):
                yield _from_profile(name, profile, vocab)
            return
        table = LongCsv(path, problems)
        reader = _Rows(catalogue, vocab, str(path), table.header)
        for person, rows in table:
            got = reader.person(person, rows, problems)
            if got is not None:
                yield got
        return
    if _is_frame(profiles):
        frame: Any = profiles
        reader = _Rows(catalogue, vocab, "<DataFrame>", [str(c) for c in frame.columns])
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
    return name, facts(profile, vocab)


@attrs.define
class _Rows:
    """Turns CSV rows into a person's rows, each distinct row checked once."""

    catalogue: Catalogue
    vocab: dict[str, int]
    name: str
    header: list[str]
    where: int = attrs.field(init=False)
    at_table: int = attrs.field(init=False)
    seen: dict[tuple[str, ...], tuple[str, Any, tuple[int, ...]] | list[Problem]] = \
        attrs.Factory(dict)
    # the rows kept before ``seen`` last filled up; a row found here moves back to ``seen``
    older: dict[tuple[str, ...], tuple[str, Any, tuple[int, ...]] | list[Problem]] = \
        attrs.Factory(dict)
    refs: dict[tuple[str, str], str | None] = attrs.Factory(dict)

    def __attrs_post_init__(self) -> None:
        self.where, self.at_table = self.header.index("person"), self.header.index("table")

    def person(self, person: str, rows: list[tuple[int, list[str]]],
               problems: list[Problem]) -> _Person | None:
        mine: Facts = []
        own: list[Problem] = []
        seen, where = self.seen, self.where
        for line, cells in rows:
            if not person:  # the profile reader says why, with the line
                _person(person, [(line, self._mapping(cells))], self.catalogue, self.name, own)
                continue
            cells[where] = ""  # the key is the row without its person
            key = tuple(cells)
            got = seen.get(key)
            if got is None:
                got = self.older.get(key) or self._check(line, self._mapping(cells))
                if len(seen) >= _KEPT:  # two generations: memory stays bounded
                    self.older, seen = seen, {}
                    self.seen = seen
                seen[key] = got
            if type(got) is list:
                table = cells[self.at_table].strip() if len(cells) > self.at_table else ""
                index = sum(1 for t, _o, _v in mine if t == table)
                own += [attrs.evolve(p, line=line, record=_record(p.record, person, index))
                        for p in got]
                mine.append((table, None, ()))
                continue
            mine.append(got)  # type: ignore[arg-type]  # not a list: a fact
        if own:
            problems += own
            return None
        return person, mine

    def _mapping(self, cells: list[str]) -> dict[str, str]:
        return dict(zip(self.header, cells, strict=False))

    def _check(self, line: int, row: dict[str, str]) -> tuple[str, Any, tuple[int, ...]] | \
            list[Problem]:
        row.pop("person", None)
        table = (row.get("table") or "").strip()
        if table in PROFILE_TABLES:
            obj = self._quick(table, row_fields(table, row))
            if obj is not None:
                return table, obj, values(table, obj, self.vocab)
        found: list[Problem] = []
        for _who, profile in _person("?", [(line, row)], self.catalogue, self.name, found):
            table, rows = next(iter(profile_rows(profile).items()))
            return table, rows[0], values(table, rows[0], self.vocab)
        return found

    def _quick(self, table: str, fields: dict[str, Any]) -> Any:
        """The row built as the profile reader builds it, or ``None`` to let it say why not.

        The same steps, without their reports: the id resolved by the catalogue in the table's
        kinds (a conferred status is never held), dates read by ``date.fromisoformat``, and the
        model's class checking the rest. Anything it does not accept goes to the reader.
        """
        cls = PROFILE_TABLES[table]
        id_field, kinds = ID_FIELDS[table]
        dated = _DATED[table]
        kwargs: dict[str, Any] = {}
        for name, text in fields.items():
            value: Any
            if name == id_field:
                value = self._ref(text, kinds, table)
            elif name in dated:
                value = _day(text)
            elif name in _FIELDS[table]:
                value = text
            else:
                return None
            if value is None:
                return None
            kwargs[name] = value
        try:
            return cls(**kwargs)
        except (TypeError, ValueError):
            return None

    def _ref(self, value: str, kinds: tuple[str, ...], table: str) -> str | None:
        key = (value, table)
        if key not in self.refs:
            try:
                ref = self.catalogue.resolve(value, kinds=kinds)
            except SendpathError:
                ref = None
            if ref is not None and table in ("holds", "studying") and _is_conferred(
                    ref, self.catalogue):
                ref = None
            self.refs[key] = ref
        return self.refs[key]


@functools.lru_cache(maxsize=1 << 16)
def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


_FIELDS: Final = {t: frozenset(f.name for f in attrs.fields(cls))
                  for t, cls in PROFILE_TABLES.items()}
_DATED: Final = {t: frozenset(f.name for f in attrs.fields(cls)
                              if f.type in ("dt.date", "dt.date | None"))
                 for t, cls in PROFILE_TABLES.items()}


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
                problems: list[Problem]) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    """A DataFrame's rows by person, as the CSV reader gives them (row numbers from 2)."""
    columns = [str(c) for c in frame.columns]
    for needed in ("person", "table", "id"):
        if needed not in columns:
            raise DataError([Problem(code="missing-field", file="<DataFrame>",
                                     message=f"the DataFrame has no {needed!r} column")])
    done: set[str] = set()
    person: str | None = None
    rows: list[tuple[int, list[str]]] = []
    apart = False
    where = columns.index("person")
    for number, record in enumerate(frame.itertuples(index=False, name=None), 2):
        row = [_text(v) for v in record]
        who = row[where].strip()
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
    """A cell as the CSV would hold it: missing values (None, NaN, NaT, NA) empty."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    try:
        if value != value:  # noqa: PLR0124  (NaN and NaT are not themselves)
            return ""
    except TypeError:  # pandas.NA is neither equal nor unequal to anything
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)
