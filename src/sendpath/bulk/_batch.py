"""A batch of people as columns: one column per profile field, one row per fact.

The compiled rules read a batch, never a :class:`~sendpath.model.Profile`: each profile table
(``roles``, ``holds`` ...) becomes a set of columns with a ``who`` column (the person's place in
the batch), an ``id`` column (the table's id as a number from the run's vocabulary) and one
column per date field (an ordinal, ``0`` when not given). The rows themselves are kept too, so
that the rare requirement with no columnar form (experience, hours, outcomes) can be read from
the person's profile exactly as :func:`sendpath.rules.evaluate` reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
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

Rows = Mapping[str, Sequence[Any]]  # a person's rows by table: the model's row objects


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
        rows: Each person's rows by table (the model's objects), for requirements read per
            person.
        tables: The columns of each table.
        vocab: The run's numbers for ids (shared by every batch of a run).
        ops: The backend the columns belong to.
    """

    names: list[str]
    rows: list[Rows]
    tables: dict[str, Table]
    vocab: dict[str, int]
    ops: Ops

    @property
    def n(self) -> int:
        """The number of people."""
        return len(self.names)

    def profile(self, i: int) -> Profile:
        """Person ``i``'s profile, rebuilt from the rows (for the rules' own reading)."""
        return Profile(**{t: tuple(r) for t, r in self.rows[i].items()})

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


def build(people: Iterable[tuple[str, Rows, Sequence[tuple[str, tuple[int, ...]]] | None]],
          vocab: dict[str, int], ops: Ops) -> Batch:
    """Build a batch from ``(name, rows, values)`` triples.

    ``values``, where given, are each row's column values in table order (as :func:`values`
    gives them), so that a reader that keeps them per distinct row does not work them out again.
    """
    names: list[str] = []
    kept: list[Rows] = []
    cols: dict[str, list[list[int]]] = {t: [[] for _ in range(len(f) + 2)]
                                        for t, f in DATE_FIELDS.items()}
    for i, (name, rows, known) in enumerate(people):
        names.append(name)
        kept.append(rows)
        listed = known if known is not None else [
            (t, values(t, row, vocab)) for t in PROFILE_TABLES for row in rows.get(t, ())]
        for table, vals in listed:
            out = cols[table]
            out[0].append(i)
            for k, v in enumerate(vals, 1):
                out[k].append(v)
    tables = {t: Table(who=ops.col(c[0]), ids=ops.col(c[1]),
                       dates={f: ops.col(c[k]) for k, f in enumerate(DATE_FIELDS[t], 2)})
              for t, c in cols.items()}
    return Batch(names=names, rows=kept, tables=tables, vocab=vocab, ops=ops)


def profile_rows(profile: Profile) -> dict[str, tuple[Any, ...]]:
    """A profile's rows by table (the tables it has rows in)."""
    return {t: rows for t in PROFILE_TABLES if (rows := getattr(profile, t))}


def ordinal(day: dt.date) -> int:
    """A date as the columns hold it."""
    return day.toordinal()
