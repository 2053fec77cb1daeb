"""A batch of people as columns: one column per profile field, one row per fact.

The compiled rules read a batch, never a :class:`~sendpath.model.Profile`: each profile table
(``roles``, ``holds`` ...) becomes a set of columns with a ``who`` column (the person's place in
the batch), an ``id`` column (the table's id as a number from the run's vocabulary) and one
column per date field (an ordinal, ``0`` when not given). The rows themselves are kept too, so
that the rare requirement with no columnar form (experience, hours, outcomes) can be read from
the person's profile exactly as :func:`sendpath.rules.evaluate` reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from sendpath.bulk._columns import Col, Ops
from sendpath.io.profile import ID_FIELDS
from sendpath.model import PROFILE_TABLES, Profile

#: The date fields of each profile table held as columns (``not_required`` as 0 or 1).
DATE_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "roles": ("since", "until"),
    "holds": ("awarded", "started", "completed", "until", "not_required"),
    "studying": ("started",),
    "service": ("start", "end"),
    "teaching": ("since", "until"),
    "experience": ("start", "end"),
    "activities": ("date",),
}

# A person's facts: each row's table, the model's object and its column values.
Facts = list[tuple[str, Any, tuple[int, ...]]]


def values(table: str, row: Any, vocab: dict[str, int]) -> tuple[int, ...]:
    """The column values of one row of ``table``: its id's number, then its date fields."""
    ref = getattr(row, ID_FIELDS[table][0])
    code = -1 if ref is None else vocab.setdefault(ref, len(vocab))
    out = [code]
    for name in DATE_FIELDS[table]:
        value = getattr(row, name)
        out.append(int(value) if type(value) is bool else value.toordinal() if value else 0)
    return tuple(out)


@attrs.frozen(kw_only=True)
class Table:
    """One profile table of a batch: the person of each row, its id, and its dates."""

    who: Col
    ids: Col
    dates: dict[str, Col]


@attrs.frozen(kw_only=True)
class Batch:
    """Many people's facts as columns (see the module's docstring).

    Attributes:
        names: The people, in batch order.
        rows: Each person's facts (table, the model's object, its values), for the
            requirements read per person.
        tables: The columns of each table.
        vocab: The run's numbers for ids (shared by every batch of a run).
        ops: The backend the columns belong to.
    """

    names: list[str]
    rows: list[Facts]
    tables: dict[str, Table]
    vocab: dict[str, int]
    ops: Ops

    @property
    def n(self) -> int:
        """The number of people."""
        return len(self.names)

    def profile(self, i: int) -> Profile:
        """Person ``i``'s profile, rebuilt from the rows (for the rules' own reading)."""
        tables: dict[str, list[Any]] = {}
        for table, obj, _values in self.rows[i]:
            tables.setdefault(table, []).append(obj)
        return Profile(**{t: tuple(r) for t, r in tables.items()})

    def subset(self, people: Col) -> Batch:
        """The batch of ``people`` only (an index column), in that order."""
        ops = self.ops
        place = ops.put(ops.full(self.n, -1), people, ops.arange(ops.size(people)))
        tables = {}
        for name, t in self.tables.items():
            where = ops.take(place, t.who)
            rows = ops.nonzero(ops.le(0, where))
            tables[name] = Table(who=ops.take(where, rows), ids=ops.take(t.ids, rows),
                                 dates={f: ops.take(c, rows) for f, c in t.dates.items()})
        chosen = ops.tolist(people)
        return Batch(names=[self.names[i] for i in chosen], rows=[self.rows[i] for i in chosen],
                     tables=tables, vocab=self.vocab, ops=ops)

    def code(self, ref: str) -> int:
        """The number of ``ref`` in the run's vocabulary (``-2``, matching nothing, if new)."""
        return self.vocab.get(ref, -2)

    def select(self, table: str, refs: Iterable[str]) -> Col:
        """The rows of ``table`` whose id is one of ``refs``, as an index column."""
        t = self.tables[table]
        codes = [c for c in (self.code(r) for r in refs) if c >= 0]
        if not codes:
            return self.ops.col([])
        return self.ops.nonzero(self.ops.isin(t.ids, codes))


def build(people: Iterable[tuple[str, Facts]], vocab: dict[str, int], ops: Ops) -> Batch:
    """Build a batch from ``(name, facts)`` pairs (see :func:`facts`)."""
    names: list[str] = []
    kept: list[Facts] = []
    whose: dict[str, list[int]] = {t: [] for t in DATE_FIELDS}
    rows: dict[str, list[tuple[int, ...]]] = {t: [] for t in DATE_FIELDS}
    for i, (name, person) in enumerate(people):
        names.append(name)
        kept.append(person)
        for table, _obj, vals in person:
            whose[table].append(i)
            rows[table].append(vals)
    tables = {}
    for t, fields in DATE_FIELDS.items():
        cols = ops.columns(rows[t], len(fields) + 1)
        tables[t] = Table(who=ops.col(whose[t]), ids=cols[0],
                          dates={f: cols[k] for k, f in enumerate(fields, 1)})
    return Batch(names=names, rows=kept, tables=tables, vocab=vocab, ops=ops)


def profile_rows(profile: Profile) -> dict[str, tuple[Any, ...]]:
    """A profile's rows by table (the tables it has rows in)."""
    return {t: rows for t in PROFILE_TABLES if (rows := getattr(profile, t))}


def facts(profile: Profile, vocab: dict[str, int]) -> Facts:
    """A profile's facts, as a batch holds them."""
    return [(t, row, values(t, row, vocab)) for t in PROFILE_TABLES
            for row in getattr(profile, t)]
