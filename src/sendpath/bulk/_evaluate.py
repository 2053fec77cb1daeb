"""Bulk evaluation: a target's status for many people, streamed batch by batch."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath._dates import check_day
from sendpath._gc import paused
from sendpath._output import JsonResult, Worded, envelope
from sendpath.bulk._batch import Batch
from sendpath.bulk._columns import backend as _backend
from sendpath.bulk._input import Profiles, batches
from sendpath.bulk._program import STATE_NAMES, Program, codes_of, compile_target
from sendpath.errors import Problem
from sendpath.render import people, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

#: People per batch: large enough for the columns to pay, small enough to keep memory flat.
BATCH_SIZE: Final = 50_000


@attrs.frozen(kw_only=True)
class Row:
    """One person's answer for the target.

    Attributes:
        person: Who (the ``person`` column, the file's name, or the pair's first item).
        target: The target's full id.
        state: As :func:`sendpath.rules.evaluate` gives it.
        due: The date it falls (or fell) due, for ``due`` and ``overdue``.
        codes: The reason codes of the findings that count (the rules' codes, without the
            groups' ``all-of``, ``any-of`` and ``at-least``, and without reasons shown only
            for information), in the order of :data:`sendpath.rules.REASON_CODES`.
        missing: The ids the person lacks: for a role, those of the way of meeting its
            conditions that lacks fewest (as :func:`sendpath.query.gap` lists ways), and of
            each duty not met; for a qualification or activity not held, itself.
    """

    person: str
    target: str
    state: str
    due: dt.date | None
    codes: tuple[str, ...]
    missing: tuple[str, ...]


@attrs.define(kw_only=True)
class Evaluation(JsonResult, Worded):
    """Many people's answers for one target: iterate for the :class:`Row` of each person.

    The answers are worked out as they are read, a batch at a time; :attr:`totals` counts them
    as they go (all of them once the rows are read: ``summary()``, ``to_dict()`` and
    ``to_frame()`` read the rest first). The rows can be read once.

    Attributes:
        target: The target's full id.
        title: Its title.
        as_of: The day of the answers.
        rules_as_of: The day whose wording of the rules applies, if one was asked for.
        data_version: The version of the data the answers come from.
        totals: People by state so far.
        problems: The problems of people left out (``errors="skip"``).
    """

    target: str
    title: str
    as_of: dt.date
    rules_as_of: dt.date | None
    data_version: str
    totals: dict[str, int] = attrs.Factory(lambda: dict.fromkeys(STATE_NAMES, 0))
    problems: list[Problem] = attrs.Factory(list)
    _rows: Iterator[Row] = attrs.field(alias="rows")
    _seen: int = 0
    _inputs: tuple[str | Path, ...] = attrs.field(default=(), alias="inputs")

    def __iter__(self) -> Iterator[Row]:
        for row in self._rows:
            self.totals[row.state] += 1
            self._seen += 1
            yield row

    @property
    def people(self) -> int:
        """The number of people answered so far."""
        return self._seen

    def consume(self) -> Evaluation:
        """Read every row that is left (for the totals), and return the evaluation."""
        for _row in self:
            pass
        return self

    def _json(self) -> dict[str, Any]:
        self.consume()
        return envelope(self.data_version, as_of=self.as_of,
                        target={"id": self.target, "title": self.title},
                        people=self._seen, totals=self.totals,
                        problems=[str(p) for p in self.problems],
                        **({"rules_as_of": self.rules_as_of} if self.rules_as_of else {}))

    def _lines(self, *, detail: bool) -> list[str]:
        self.consume()
        lines = [words("bulk-heading", self.title, self.as_of, people(self._seen))]
        lines += [words("bulk-total", state.replace("_", " "), n, _share(n, self._seen))
                  for state, n in self.totals.items() if n or detail]
        if self.problems:
            lines.append(words("bulk-left-out", len(self.problems)))
        return lines

    def write(self, path: str | Path, *, fmt: str = "csv",
              progress: Callable[[int], object] | None = None) -> int:
        """Write the rows that are left to ``path``, atomically, and return how many.

        ``csv`` has the columns of ``CSV_COLUMNS`` (``codes`` and ``missing``
        space-separated, ``due`` empty when there is none); ``jsonl`` is one JSON object a
        line with the same keys (lists for ``codes`` and ``missing``). The file appears only
        once every row is written; a failure leaves any file already there as it was (a bad
        row met on the way included). ``path`` must not be the profiles the rows are read
        from, nor lie in their folder: output never replaces its input.
        ``progress`` is called with the number of rows written, now and then.

        Raises:
            WriteError: The file cannot be written, or is the input.
            ValueError: ``fmt`` is neither ``csv`` nor ``jsonl``.
        """
        if fmt not in ("csv", "jsonl"):
            raise ValueError(f"fmt must be 'csv' or 'jsonl', not {fmt!r}")
        from sendpath.io.output import atomic_writer  # noqa: PLC0415

        written = 0
        with atomic_writer(path, inputs=self._inputs) as fh:
            if fmt == "csv":
                out = csv.writer(fh, lineterminator="\n")
                out.writerow(CSV_COLUMNS)
            for row in self:
                due = row.due.isoformat() if row.due else ""
                if fmt == "csv":
                    out.writerow((row.person, row.target, row.state, due, " ".join(row.codes),
                                  " ".join(row.missing)))
                else:
                    fh.write(json.dumps({"person": row.person, "target": row.target,
                                         "state": row.state, "due": due or None,
                                         "codes": row.codes, "missing": row.missing},
                                        ensure_ascii=False) + "\n")
                written += 1
                if progress is not None and not written % 10_000:
                    progress(written)
        if progress is not None:
            progress(written)
        return written

    def to_frame(self) -> Any:
        """The rows that are left as a pandas DataFrame (pandas must be installed).

        Columns: ``person``, ``target``, ``state``, ``due`` (a date or ``None``), ``codes`` and
        ``missing`` (space-separated, as in the CSV).

        Raises:
            ModuleNotFoundError: pandas is not installed.
        """
        import pandas  # noqa: PLC0415  (an optional extra)

        return pandas.DataFrame.from_records(
            [(r.person, r.target, r.state, r.due, " ".join(r.codes), " ".join(r.missing))
             for r in self], columns=list(CSV_COLUMNS)).astype(_DTYPES)


#: The columns of a bulk answer as CSV.
CSV_COLUMNS: Final = ("person", "target", "state", "due", "codes", "missing")
# Their types in a DataFrame: text, and the due date as a date (or None).
_DTYPES: Final = dict.fromkeys(CSV_COLUMNS, "object")


def evaluate_frame(frame: Any, target: str, *, on: dt.date | None = None,
                   rules_as_of: dt.date | None = None, catalogue: Catalogue | None = None,
                   backend: str | None = None) -> Any:
    """Evaluate one pandas DataFrame of the long CSV's columns; return the answers as one.

    The function for one partition of a Dask DataFrame: ``ddf.map_partitions(evaluate_frame,
    "senco", on=day, meta=frame_meta())`` runs it on every partition, on a cluster or on
    one machine. Each person's rows must sit in one partition (index the DataFrame by
    ``person``: a person index is read as the ``person`` column). Bad rows raise a
    :class:`~sendpath.errors.DataError` naming the row (numbered from 2, as in a CSV).

    Example:
        >>> import datetime as dt, pandas
        >>> frame = pandas.DataFrame({"person": ["ann", "ann"], "table": ["roles", "holds"],
        ...                           "id": ["hlta", "hlta-status"],
        ...                           "since": ["2021-09-01", None],
        ...                           "awarded": [None, "2021-07-01"]})
        >>> evaluate_frame(frame, "hlta", on=dt.date(2026, 9, 1))[["person", "state"]]
          person state
        0    ann   met
    """
    if "person" not in frame.columns and getattr(frame.index, "name", None) == "person":
        frame = frame.reset_index()
    result = evaluate(frame, target, on=on, rules_as_of=rules_as_of, catalogue=catalogue,
                      backend=backend)
    return result.to_frame()


def frame_meta() -> Any:
    """An empty DataFrame shaped as :func:`evaluate_frame`'s answer (Dask's ``meta``)."""
    import pandas  # noqa: PLC0415  (an optional extra)

    return pandas.DataFrame({c: pandas.Series(dtype="object") for c in CSV_COLUMNS})


def _share(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}" if total else "0.0"


def evaluate(profiles: Profiles, target: str, *, on: dt.date | None = None,
             rules_as_of: dt.date | None = None, catalogue: Catalogue | None = None,
             errors: str = "raise", backend: str | None = None,
             batch_size: int = BATCH_SIZE) -> Evaluation:
    r"""Evaluate ``target`` for every person of ``profiles`` on ``on`` (default today).

    Each person's answer is the one :func:`sendpath.rules.evaluate` gives (state, due date,
    codes), with the ids they miss (see :class:`Row`); the rules are compiled once and run a
    batch of people at a time.

    Args:
        profiles: A long profile CSV or a folder of profile files (a path); an iterable of
            profiles or of ``(person, profile)`` pairs (people are then numbered from 1); or
            a pandas DataFrame with the long CSV's columns.
        target: A role, qualification or activity (full id or short name).
        on: The day of the answers.
        rules_as_of: The day whose wording of the rules applies (default: today's).
        catalogue: The data (default: England's).
        errors: ``raise``: every problem of the input at once, as a
            :class:`~sendpath.errors.DataError`, once it is read; ``skip``: leave out the
            people with problems and list the problems in :attr:`Evaluation.problems`.
        backend: ``numpy`` or ``python`` (default: NumPy where it is installed).
        batch_size: People per batch.

    Raises:
        UnknownIdError: ``target`` names no role, qualification or activity.
        DataError: The input has problems (with ``errors="raise"``) or cannot be read.
        ValueError: ``errors``, ``backend`` or ``batch_size`` is not valid, or one way of
            meeting the target's rule needs more than 62 items.

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
        >>> _ = path.write_text("person,table,id,since,awarded\n"
        ...                     "ann,roles,hlta,2021-09-01,\n"
        ...                     "ann,holds,hlta-status,,2021-07-01\n"
        ...                     "bob,roles,teaching-assistant,2022-09-01,\n")
        >>> result = evaluate(path, "hlta", on=dt.date(2026, 9, 1))
        >>> [(r.person, r.state, r.missing) for r in result]
        [('ann', 'met', ()), ('bob', 'not_met', ('qual:hlta-status',))]
        >>> result.totals["met"], result.totals["not_met"]
        (1, 1)
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if catalogue is None:
        import sendpath  # noqa: PLC0415

        catalogue = sendpath.load_default()
    day = check_day(on or dt.date.today(), "on")
    program = compile_target(catalogue, target, on=day, rules_as_of=rules_as_of)
    ops = _backend(backend)
    problems: list[Problem] = []
    source = batches(profiles, catalogue=catalogue, ops=ops, size=batch_size, errors=errors,
                     problems=problems)
    return Evaluation(target=program.target, title=program.title, as_of=day,
                      rules_as_of=rules_as_of, data_version=catalogue.data_version,
                      problems=problems, rows=_rows(program, source),
                      inputs=(profiles,) if isinstance(profiles, str | Path) else ())


def _rows(program: Program, source: Iterable[Batch]) -> Iterator[Row]:
    names = STATE_NAMES
    codes: dict[int, tuple[str, ...]] = {}
    dates: dict[int, dt.date | None] = {0: None}
    for batch in source:
        with paused():
            out = program.run(batch)
        ops = batch.ops
        for name, state, due, bits, missing in zip(
                batch.names, ops.tolist(out.state), ops.tolist(out.due), ops.tolist(out.bits),
                out.missing(), strict=True):
            c = codes.get(bits)
            if c is None:
                c = codes[bits] = codes_of(bits)
            d = dates.get(due)
            if d is None and due:
                d = dates[due] = dt.date.fromordinal(due)
            yield Row(person=name, target=program.target, state=names[state], due=d,
                      codes=c, missing=missing)
