"""Conformance cases: the rules' expected answers, written so a SENCO or a lawyer can read them.

A data package may ship ``cases/*.toml``. Each ``[[case]]`` names a legal reference, a date, a
target, a person (an inline profile) and the answer the rules must give: the state, the due date
and reason codes that must be among the answer's (others may be there too). :func:`run_cases`
evaluates each case with :func:`sendpath.rules.evaluate` and says which pass; ``sendpath cases``
does the same from the command line, so a local authority that extends the data can check its own
rules the way the shipped ones are checked.

.. code-block:: toml

    [[case]]
    name = "SENCO appointed 2025-01-06, NPQ under way: due on the third anniversary"
    reference = { source = "source:send-regs-2014-reg49", locator = "reg. 49(4)" }
    on = 2026-09-01                      # rules_as_of = ... (optional)
    target = "role:senco"
    expect = { state = "due", due = 2028-01-06, codes = ["not-held"] }
    [case.profile]                       # the profile format, inline
    roles = [{ id = "teacher", since = 2019-09-01 }, { id = "senco", since = 2025-01-06 }]
    holds = [{ id = "qts", awarded = 2019-07-01 }, { id = "induction", completed = 2021-07-20 }]
    studying = [{ id = "npq-senco", started = 2025-02-01 }]

Example:
    >>> import sendpath
    >>> report = run_cases(sendpath.load_default())
    >>> report.passed, len(report) >= 30
    (True, True)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from sendpath._output import JsonResult, envelope
from sendpath.catalogue import Catalogue
from sendpath.errors import DataError, Problem, SendpathError, safe_repr
from sendpath.io import MAX_DATA_BYTES, parse, profile_from_mapping, read_capped, structure
from sendpath.io.package import CASES_DIR
from sendpath.model import Citation, Profile
from sendpath.render import count, words
from sendpath.rules import REASON_CODES, STATES, Status, evaluate

__all__ = ["CASES_DIR", "Case", "CaseResult", "CasesReport", "Expectation", "load_cases",
           "run_cases"]



def _state(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in STATES:
        raise DataError([Problem(code="invalid-value", field=attribute.name,
                                 message=f"{safe_repr(value)} is not a state "
                                         f"({', '.join(STATES)})")])


def _codes(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    unknown = [c for c in value if c not in REASON_CODES]
    if unknown:
        raise DataError([Problem(code="invalid-value", field=attribute.name,
                                 message=f"unknown reason code {safe_repr(code)}")
                         for code in unknown])


@attrs.frozen(kw_only=True)
class Expectation:
    """What the rules must answer: ``expect = { state, due, codes }``.

    ``due`` is compared whenever it is given (or whenever the state is ``due`` or ``overdue``,
    where a missing ``due`` means none); every code in ``codes`` must be in the answer.

    Example:
        >>> Expectation(state="due", due=dt.date(2028, 1, 6), codes=("not-held",)).codes
        ('not-held',)
    """

    state: str = attrs.field(validator=_state)
    due: dt.date | None = None
    codes: tuple[str, ...] = attrs.field(default=(), validator=_codes)


@attrs.frozen(kw_only=True)
class _CaseTable:
    """A ``[[case]]`` table as written, before its ids are resolved."""

    name: str
    reference: Citation
    on: dt.date
    target: str
    expect: Expectation
    profile: dict[str, Any] = attrs.field(factory=dict)
    rules_as_of: dt.date | None = None


@attrs.frozen(kw_only=True)
class Case:
    """One conformance case, read from a ``[[case]]`` table.

    Attributes:
        name: What the case shows, in words.
        reference: The legal source and locator it rests on.
        on: The date of the evaluation.
        target: The full id evaluated.
        expect: The answer the rules must give.
        profile: The person.
        rules_as_of: The date whose wording applies (``None``: the current wording).
        file: The file the case came from, and ``line`` its line there.

    Example:
        >>> import sendpath
        >>> case = load_cases(sendpath.load_default())[0]
        >>> case.file.endswith(".toml"), case.target.startswith(("role:", "qual:"))
        (True, True)
    """

    name: str
    reference: Citation
    on: dt.date
    target: str
    expect: Expectation
    profile: Profile
    rules_as_of: dt.date | None = None
    file: str = ""
    line: int | None = None


@attrs.frozen(kw_only=True)
class CaseResult(JsonResult):
    """A case and what the rules answered.

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> result = run_cases(cat, load_cases(cat)[:1])[0]
        >>> result.passed, result.differences
        (True, ())
    """

    case: Case
    status: Status

    @property
    def differences(self) -> tuple[str, ...]:
        """How the answer differs from the expectation, one line each; empty when it passes."""
        want, got = self.case.expect, self.status
        out: list[str] = []
        if got.state != want.state:
            out.append(f"state: expected {want.state}, got {got.state}")
        if (want.due is not None or want.state in ("due", "overdue")) and got.due != want.due:
            out.append(f"due: expected {_iso(want.due) or 'none'}, got {_iso(got.due) or 'none'}")
        missing = [c for c in want.codes if c not in got.codes]
        if missing:
            out.append(f"codes: expected {', '.join(missing)} among {', '.join(got.codes)}")
        return tuple(out)

    @property
    def passed(self) -> bool:
        """Whether the answer is the expected one."""
        return not self.differences

    def _json(self) -> dict[str, Any]:
        """What the result shows in JSON: the case, its verdict, and the answer's gist.

        Example:
            >>> import sendpath
            >>> cat = sendpath.load_default()
            >>> d = run_cases(cat, load_cases(cat)[:1])[0].to_dict()
            >>> sorted(d)  # doctest: +NORMALIZE_WHITESPACE
            ['codes', 'differences', 'due', 'expect', 'file', 'line', 'name', 'on', 'passed',
             'reference', 'rules_as_of', 'state', 'target']
        """
        c = self.case
        return {
            "name": c.name, "file": c.file, "line": c.line, "target": c.target,
            "on": c.on, "rules_as_of": c.rules_as_of,
            "reference": {"source": c.reference.source, "locator": c.reference.locator},
            "expect": {"state": c.expect.state, "due": c.expect.due, "codes": c.expect.codes},
            "state": self.status.state, "due": self.status.due, "codes": self.status.codes,
            "passed": self.passed, "differences": self.differences,
        }


@attrs.frozen(kw_only=True)
class CasesReport(JsonResult, Sequence[CaseResult]):
    """The results of a run of cases: a sequence of :class:`CaseResult`.

    Example:
        >>> import sendpath
        >>> report = run_cases(sendpath.load_default())
        >>> report.explain().splitlines()[0]  # doctest: +ELLIPSIS
        '... cases: all passed (data 2026.11.28)'
    """

    results: tuple[CaseResult, ...]
    data_version: str

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index: Any) -> Any:
        return self.results[index]

    def __iter__(self) -> Iterator[CaseResult]:
        return iter(self.results)

    @property
    def passed(self) -> bool:
        """Whether every case passed."""
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        """The cases that did not pass."""
        return tuple(r for r in self.results if not r.passed)

    def _json(self) -> dict[str, Any]:
        """What the report shows in JSON, with the envelope.

        Example:
            >>> import sendpath
            >>> d = run_cases(sendpath.load_default()).to_dict()
            >>> d["passed"], d["failed"]
            (True, 0)
        """
        return envelope(self.data_version, passed=self.passed, total=len(self.results),
                        failed=len(self.failures), cases=self.results)

    def explain(self, *, every: bool = False) -> str:
        """Return the report for people: the count first, then each failure as a diff.

        With ``every``, each passing case is listed too.
        """
        n, bad = len(self.results), self.failures
        verdict = (words("cases-all-passed") if not bad
                   else words("cases-some-failed", len(bad), n - len(bad)))
        lines = [words("cases-count", count(n, "case"), verdict, self.data_version)]
        for r in self.results:
            if r.passed and not every:
                continue
            c = r.case
            where = f"{c.file}:{c.line}" if c.line else c.file
            lines += ["", words("case-head", "ok  " if r.passed else "FAIL", c.name),
                      words("case-where", where)]
            if r.passed:
                continue
            ref = f"{c.reference.locator} " if c.reference.locator else ""
            lines.append(words("case-reference", ref, c.reference.source))
            when = words("case-on", c.on)
            if c.rules_as_of:
                when += words("case-rules-as-of", c.rules_as_of)
            lines.append(words("case-target", c.target, when))
            lines += [words("case-difference", d) for d in r.differences]
        return "\n".join(lines)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def load_cases(where: Catalogue | str | Path, catalogue: Catalogue | None = None
               ) -> list[Case]:
    """Read conformance cases: a package's ``cases/*.toml``, or one case file.

    Args:
        where: A case file, a package folder (its ``cases/`` folder is read), or a catalogue
            (its own package's cases: the shipped ones for ``load_default()``).
        catalogue: Resolves the ids of the cases (short names allowed in profiles). Required
            when ``where`` is a path.

    Raises:
        DataError: Every problem of every case file, at once, each naming file, line, case and
            field.

    Example:
        >>> import sendpath
        >>> cases = load_cases(sendpath.load_default())
        >>> any(c.target == "role:senco" for c in cases)
        True
    """
    if isinstance(where, (str, Path)):
        if catalogue is None:
            raise TypeError("load_cases(path) needs the catalogue that resolves its ids")
        files = _case_files(Path(where))
        cat = catalogue
    else:
        cat = where
        files = _case_files(_root_of(cat))
    cases: list[Case] = []
    problems: list[Problem] = []
    for name, path in files:
        try:
            cases += _read(path, name, cat)
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return cases


def _root_of(cat: Catalogue) -> Path:
    """The folder of a catalogue's own package (the shipped data for the default)."""
    root = getattr(cat, "root", None)
    if root is None:
        raise TypeError("this catalogue does not say where its package is; pass a path")
    return Path(str(root))


def _case_files(path: Path) -> list[tuple[str, Path]]:
    if path.is_dir():
        folder = path / CASES_DIR
        if not folder.is_dir():
            return []
        return [(f"{path.name}/{CASES_DIR}/{f.name}", f) for f in sorted(folder.iterdir())
                if f.is_file() and f.suffix == ".toml" and not f.name.startswith((".", "_"))]
    return [(str(path), path)]


def _read(path: Path, name: str, cat: Catalogue) -> list[Case]:
    data = read_capped(path, name=name, limit=MAX_DATA_BYTES)
    doc = parse(data, name=name, fmt="toml")
    text = data.decode("utf-8", errors="replace")
    starts = [m.start() for m in re.finditer(r"(?m)^[ \t]*\[\[[ \t]*case[ \t]*\]\]", text)]
    lines = [text.count("\n", 0, s) + 1 for s in starts]
    unknown = sorted(set(doc) - {"case"})
    problems = [Problem(code="unknown-field", file=name, field=key,
                        message=f"unknown table {safe_repr(key)} (a case file holds [[case]])")
                for key in unknown]
    tables = doc.get("case", [])
    if type(tables) is not list:
        problems.append(Problem(code="wrong-type", file=name, field="case",
                                message="expected [[case]] tables"))
        tables = []
    cases: list[Case] = []
    for i, table in enumerate(tables):
        line = lines[i] if i < len(lines) else None
        record = f"case[{i}]"
        if type(table) is dict and isinstance(table.get("name"), str):
            record = f"case[{i}] ({table['name'][:60]})"
        try:
            cases.append(_case(table, cat, name=name, line=line))
        except DataError as exc:
            problems += [attrs.evolve(p, file=name, line=p.line or line, record=record)
                         for p in exc.problems]
    if problems:
        raise DataError(problems)
    return cases


def _case(table: Any, cat: Catalogue, *, name: str, line: int | None) -> Case:
    """Build one case, reporting every problem of its table at once."""
    problems: list[Problem] = []
    raw: _CaseTable | None = None
    try:
        raw = structure(table, _CaseTable)
    except DataError as exc:
        problems += exc.problems
    fields = table if type(table) is dict else {}
    profile = Profile()
    if type(fields.get("profile", {})) is dict:
        try:
            profile = profile_from_mapping(fields.get("profile", {}), catalogue=cat, name=name)
        except DataError as exc:
            problems += [attrs.evolve(p, field=f"profile.{p.record}.{p.field}" if p.record
                                      else f"profile.{p.field}", record=None, line=None)
                         for p in exc.problems]
    target = fields.get("target")
    if isinstance(target, str):
        try:
            target = cat.resolve(target)
        except SendpathError as exc:
            problems.append(Problem(code="unknown-reference", field="target", message=str(exc)))
    reference = fields.get("reference")
    source = reference.get("source") if type(reference) is dict else None
    if isinstance(source, str) and source not in cat.sources:
        problems.append(Problem(code="unknown-reference", field="reference.source",
                                message=f"refers to {safe_repr(source)}, which no record "
                                        "defines"))
    if problems or raw is None:
        raise DataError(problems)
    return Case(name=raw.name, reference=raw.reference, on=raw.on, target=str(target),
                expect=raw.expect, profile=profile, rules_as_of=raw.rules_as_of, file=name,
                line=line)


def run_cases(catalogue: Catalogue, cases: Sequence[Case] | None = None) -> CasesReport:
    """Evaluate each case and compare the answer with its expectation.

    Args:
        catalogue: The rules to check.
        cases: The cases (default: the catalogue's own package's, :func:`load_cases`).

    Example:
        >>> import sendpath
        >>> report = run_cases(sendpath.load_default())
        >>> report.passed, report.failures
        (True, ())
    """
    todo = load_cases(catalogue) if cases is None else cases
    results = tuple(
        CaseResult(case=c, status=evaluate(catalogue, c.profile, c.target, on=c.on,
                                           rules_as_of=c.rules_as_of))
        for c in todo)
    return CasesReport(results=results, data_version=catalogue.data_version)
