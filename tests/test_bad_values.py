"""The bad-input corpus, class "values without range" (issue 19; ``reliability.md`` R1-R5).

Numbers of any size, dates of any year, control characters and lone surrogates in free text,
repeated children in ``all``/``any``/``at_least``, files of only comments, and the calendar's
ends in ``--on``, ``--rules-as-of`` and ``--start``. Each case (a file under
``tests/bad/values/``, or a generator below) goes through the API, where it must raise a
:class:`~sendpath.errors.DataError` naming the field, and through the command line, where it
must end with exit 2 and one clean ``sendpath: ...`` report (:func:`_bad.assert_clean`).
The bounds and why: ``docs/data-format.rst``, "Bounds".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from _bad import _CONTROL, BAD, SECONDS, assert_clean, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import rules
from sendpath._dates import FIRST_DATE, LAST_DATE, add_months
from sendpath.errors import DataError, Problem
from sendpath.io import load_profile, parse, profile_from_mapping, read_pupils, read_staff
from sendpath.io._converter import structure
from sendpath.model import Activity, AtLeast, Qualification, Ref
from sendpath.query import gap, next_steps, routes, sequence

HERE = BAD / "values"
GOLDEN = Path(__file__).parent / "golden" / "profiles"
PROFILE = GOLDEN / "senco-npq.toml"
MANIFEST = 'name = "mine"\nformat_version = 1\ndata_version = "0.1"\n'
SOURCE = ('[[source]]\nid = "source:a"\ntitle = "A source"\npublisher = "A publisher"\n'
          'kind = "other"\n\n')
#: The CLI's own time, with a margin for a machine shared with other runs (R4 is SECONDS).
WALL = 4 * SECONDS


def _activity_json(**fields: str) -> bytes:
    """An activity record file in JSON whose ``fields`` are spliced in as written."""
    extra = "".join(f', "{k}": {v}' for k, v in fields.items())
    return (
        '{"source": [{"id": "source:a", "title": "A source", "publisher": "A publisher", '
        '"kind": "other"}], "activity": [{"id": "activity:x", "title": "An activity", '
        f'"sources": [{{"source": "source:a"}}]{extra}}}]}}'
    ).encode()


def _bytes(text: str) -> bytes:
    return text.encode("utf-8")


#: Cases too large (or too regular) to keep as files: (folder, file name) -> its bytes.
GENERATED: dict[tuple[str, str], Callable[[], bytes]] = {
    ("package", "activity-cost-5000-digits.json"): lambda: _activity_json(cost="9" * 5000),
    ("package", "activity-cost-hex-20000-digits.toml"): lambda: _bytes(
        SOURCE + '[[activity]]\nid = "activity:x"\ntitle = "An activity"\n'
        'sources = [{ source = "source:a" }]\ncost = 0x' + "f" * 20000 + "\n"),
    ("profile", "activities-hours-5000-digits.json"): lambda: _bytes(
        '{"activities": [{"id": "aet-awareness", "date": "2024-01-01", "hours": '
        + "1" * 5000 + "}]}"),
    ("profile", "activities-hours-hex-20000-digits.toml"): lambda: _bytes(
        '[[activities]]\nid = "aet-awareness"\ndate = 2024-01-01\nhours = 0x'
        + "f" * 20000 + "\n"),
    ("profile", "roles-since-lone-surrogate-id.json"): lambda: (
        b'{"roles": [{"id": "teacher\\ud800", "since": "2019-09-01"}]}'),
    ("manifest", "format-version-hex-20000-digits.toml"): lambda: _bytes(
        'name = "mine"\nformat_version = 0x' + "f" * 20000 + '\ndata_version = "0.1"\n'),
    ("csv", "pupils-count-5000-digits.csv"): lambda: b"need,count\nasd," + b"9" * 5000 + b"\n",
    ("csv", "staff-hours-5000-digits.csv"): lambda: (
        b"person,table,id,hours,date\nann,activities,aet-awareness," + b"9" * 5000
        + b",2024-01-01\n"),
}

#: What each case must report: (code, the end of the field path).
EXPECTED: dict[str, tuple[str, str | None]] = {
    "activity-cohort-year-1.toml": ("invalid-value", "cohorts"),
    "activity-cohort-year-9999.toml": ("invalid-value", "cohorts"),
    "activity-cost-ten-to-the-thirty.toml": ("invalid-value", "cost"),
    "activity-cost-5000-digits.json": ("invalid-value", None),  # the parser's: no field yet
    "activity-cost-hex-20000-digits.toml": ("invalid-value", "cost"),
    "activity-description-bell.toml": ("invalid-value", "description"),
    "activity-description-lone-surrogate.json": ("invalid-value", "description"),
    "activity-hours-infinite.toml": ("non-finite-number", "hours"),
    "activity-hours-over-a-million.toml": ("invalid-value", "hours"),
    "activity-provider-nul.json": ("invalid-value", "provider"),
    "activity-title-bidi-override.toml": ("invalid-value", "title"),
    "activity-title-escape-code.toml": ("invalid-value", "title"),
    "activity-title-tab.toml": ("invalid-value", "title"),
    "all-repeated-child.toml": ("invalid-value", "requires.all"),
    "any-repeated-child.toml": ("invalid-value", "requires.any"),
    "at-least-n-ten-to-the-twelve.toml": ("invalid-value", "requires.at_least.n"),
    "at-least-repeated-child.toml": ("invalid-value", "requires.at_least.of"),
    "min-hours-n-over-a-million.toml": ("invalid-value", "requires.min_hours.n"),
    "qualification-completes-by-1899.toml": ("invalid-value", "completes_by"),
    "qualification-credits-ten-to-the-twenty.toml": ("invalid-value", "credits"),
    "qualification-rqf-level-negative.toml": ("invalid-value", "rqf_level"),
    "qualification-starts-until-9999-12-31.toml": ("invalid-value", "starts_until"),
    "record-file-of-only-comments.toml": ("empty-document", None),
    "format-version-hex-20000-digits.toml": ("invalid-value", "format_version"),
    "role-exempt-appointed-year-1.toml": ("invalid-value", "exempt.appointed_on_or_before"),
    "activities-hours-5000-digits.json": ("invalid-value", None),
    "activities-hours-hex-20000-digits.toml": ("invalid-value", "hours"),
    "activities-hours-infinite.toml": ("non-finite-number", "hours"),
    "activities-hours-over-a-million.toml": ("invalid-value", "hours"),
    "experience-hours-ten-million.toml": ("invalid-value", "hours"),
    "holds-awarded-1899.json": ("invalid-value", "awarded"),
    "only-comments.toml": ("empty-document", None),
    "roles-since-9999-12-31.toml": ("invalid-value", "since"),
    "roles-since-year-1.toml": ("invalid-value", "since"),
    "roles-since-lone-surrogate-id.json": ("unknown-reference", "id"),  # an id: never a text
    "studying-started-2200.json": ("invalid-value", "started"),
    "whitespace-and-comments.toml": ("empty-document", None),
    "pupils-count-5000-digits.csv": ("invalid-value", "count"),
    "pupils-count-over-a-million.csv": ("invalid-value", "count"),
    "pupils-count-superscript-two.csv": ("wrong-type", "count"),
    "staff-hours-5000-digits.csv": ("non-finite-number", "hours"),  # float("9"*5000) is inf
    "staff-hours-infinite.csv": ("non-finite-number", "hours"),
    "staff-hours-over-a-million.csv": ("invalid-value", "hours"),
    "staff-since-9999-12-31.csv": ("invalid-value", "since"),
    "staff-since-year-1.csv": ("invalid-value", "since"),
}


def _cases() -> list[tuple[str, str]]:
    files = [(p.parent.name, p.name) for p in sorted(HERE.glob("*/*")) if p.is_file()]
    return sorted([*files, *GENERATED])


CASES = _cases()


def test_every_case_says_what_it_must_report() -> None:
    assert sorted(name for _folder, name in CASES) == sorted(EXPECTED)


def _materialise(folder: str, name: str, tmp: Path) -> Path:
    """The case as a file on disk; a package case inside a package folder of its own."""
    make = GENERATED.get((folder, name))
    data = make() if make else (HERE / folder / name).read_bytes()
    if folder == "manifest":  # the package's own package.toml
        root = tmp / "pkg"
        root.mkdir()
        (root / "package.toml").write_bytes(data)
        return root
    if folder == "package":
        root = tmp / "pkg"
        root.mkdir()
        (root / "package.toml").write_text(MANIFEST, encoding="utf-8")
        (root / f"records{Path(name).suffix}").write_bytes(data)
        return root
    path = tmp / name
    path.write_bytes(data)
    return path


def _through_api(folder: str, name: str, path: Path) -> list[Problem]:
    cat = sendpath.load_default()
    read: Callable[[], object] = (
        (lambda: sendpath.load(path)) if folder in ("package", "manifest")
        else (lambda: load_profile(path, cat)) if folder == "profile"
        else (lambda: read_pupils(path, cat)) if name.startswith("pupils")
        else (lambda: list(read_staff(path, catalogue=cat))))
    with pytest.raises(DataError) as info:
        read()
    return list(info.value.problems)


def _command(folder: str, name: str, path: Path, tmp: Path) -> list[str]:
    if folder in ("package", "manifest"):
        return ["validate", str(path)]
    if folder == "profile":
        return ["status", "--profile", str(path), "--target", "senco", "--on", "2026-09-01"]
    if name.startswith("pupils"):
        return ["plan-school", "--pupils", str(path), "--staff", str(GOLDEN),
                "--hours-per-term", "10", "--on", "2026-09-01"]
    return ["bulk", "--profiles", str(path), "--target", "senco", "--on", "2026-09-01",
            "--out", str(tmp / "out.csv")]


def _has(problems: list[Problem], code: str, field: str | None) -> bool:
    return any(p.code == code and (field is None or (p.field or "").endswith(field))
               for p in problems)


@pytest.mark.parametrize(("folder", "name"), CASES, ids=[n for _f, n in CASES])
def test_the_api_names_the_field(folder: str, name: str, tmp_path: Path) -> None:
    code, field = EXPECTED[name]
    problems = _through_api(folder, name, _materialise(folder, name, tmp_path))
    assert _has(problems, code, field), [str(p) for p in problems]
    for p in problems:  # never a giant number, a Python hint or a raw control character
        text = str(p)
        assert len(text) < 400, text
        assert "set_int_max_str_digits" not in text
        assert text.isprintable(), text


@pytest.mark.parametrize(("folder", "name"), CASES, ids=[n for _f, n in CASES])
def test_the_command_line_reports_it_cleanly(folder: str, name: str, tmp_path: Path) -> None:
    code, field = EXPECTED[name]
    path = _materialise(folder, name, tmp_path)
    before = path.read_bytes() if path.is_file() else None
    run = run_cli(_command(folder, name, path, tmp_path))
    assert_clean(run, codes=(2,), seconds=WALL)
    assert f"[{code}]" in run.err, run.err[-600:]
    if field:
        assert field.rsplit(".", 1)[-1] in run.err, run.err[-600:]
    assert len(run.err) < 2000, run.err[:600]
    if before is not None:
        assert path.read_bytes() == before  # R2: the input is as it was


# --------------------------------------------------------------------- the messages themselves


def test_a_date_out_of_range_says_the_range(tmp_path: Path) -> None:
    path = _materialise("profile", "roles-since-year-1.toml", tmp_path)
    (p,) = _through_api("profile", "roles-since-year-1.toml", path)
    assert (p.line, p.record, p.field) == (3, "roles[0]", "since")
    assert p.message == ("0001-01-01 is outside the dates sendpath accepts, "
                         "1900-01-01 to 2199-12-31")


def test_a_huge_number_is_named_not_printed(tmp_path: Path) -> None:
    name = "activity-cost-hex-20000-digits.toml"
    (p,) = _through_api("package", name, _materialise("package", name, tmp_path))
    assert (p.record, p.field) == ("activity:x", "cost")
    assert p.message == ("<huge int> is more than 1,000,000, the largest number sendpath "
                         "accepts (far beyond any real amount; a typo?)")
    name = "activity-cost-5000-digits.json"
    (tmp_path / "b").mkdir()
    (p,) = _through_api("package", name, _materialise("package", name, tmp_path / "b"))
    assert (p.line, p.column) == (1, _activity_json(cost="9").index(b"9") + 1)
    assert p.message == "a number of 5,000 digits: far more than any value sendpath accepts"


def test_a_control_character_is_named_with_its_place(tmp_path: Path) -> None:
    name = "activity-title-escape-code.toml"
    (p,) = _through_api("package", name, _materialise("package", name, tmp_path))
    assert (p.record, p.field) == ("activity:x", "title")
    assert p.message.startswith("contains a control character (U+001B) at character 3: ")


def test_a_repeated_child_says_why_it_is_refused() -> None:
    with pytest.raises(DataError) as info:
        AtLeast(n=2, of=(Ref(id="qual:a"), Ref(id="qual:a"), Ref(id="qual:b")))
    (p,) = info.value.problems
    assert p.field == "of"
    assert p.message == ("lists 'qual:a' more than once: a repeated requirement would be "
                         "counted twice (in at_least) or says nothing more (in all and any), "
                         "so the count is ambiguous")


def test_toml_and_json_agree_on_a_file_with_no_document() -> None:
    for data, name in ((b"", "a.toml"), (b"  \n", "a.json"), (b"# only\n# comments\n", "a.toml"),
                       (b"\n\t  # indented\n\n", "a.toml")):
        with pytest.raises(DataError) as info:
            parse(data, name=name)
        assert [p.code for p in info.value.problems] == ["empty-document"]


# ---------------------------------------------------------------------- the calendar's ends


CALENDAR_ENDS = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "9999-06-01"]
COMMANDS = {
    "status": ["status", "--profile", str(PROFILE), "--target", "senco"],
    "gap": ["gap", "--profile", str(PROFILE), "--target", "senco"],
    "next": ["next", "--profile", str(PROFILE)],
    "plan": ["plan", "--profile", str(PROFILE), "--target", "senco", "--hours-per-term", "30"],
    "routes": ["routes", "teacher", "senco", "--profile", str(PROFILE)],
    "bulk": ["bulk", "--profiles", str(GOLDEN), "--target", "senco"],
}


@pytest.mark.parametrize("day", CALENDAR_ENDS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_on_outside_the_range_is_a_usage_error(command: str, day: str, tmp_path: Path) -> None:
    extra = ["--out", str(tmp_path / "o.csv")] if command == "bulk" else []
    run = run_cli([*COMMANDS[command], "--on", day, *extra])
    assert_clean(run, codes=(2,), seconds=WALL)
    assert run.err == (f"sendpath: error: argument --on: {day} is outside the dates sendpath "
                       "accepts, 1900-01-01 to 2199-12-31\n")


@pytest.mark.parametrize("args", [
    ["status", "--profile", str(PROFILE), "--target", "senco", "--rules-as-of", "0001-01-01"],
    ["status", "--profile", str(PROFILE), "--target", "senco", "--rules-as-of", "9999-12-31"],
    ["plan", "--profile", str(PROFILE), "--target", "senco", "--hours-per-term", "30",
     "--start", "9999-autumn"],
    ["plan", "--profile", str(PROFILE), "--target", "senco", "--hours-per-term", "30",
     "--start", "1-spring"],
    ["plan", "--profile", str(PROFILE), "--target", "senco", "--hours-per-term", "30",
     "--start", "2200-spring"],
], ids=["rules-as-of-year-1", "rules-as-of-9999", "start-9999-autumn", "start-year-1",
        "start-2200"])
def test_other_dates_outside_the_range_are_usage_errors(args: list[str]) -> None:
    run = run_cli(args)
    assert_clean(run, codes=(2,), seconds=WALL)
    assert "is outside the dates sendpath accepts" in run.err


@pytest.mark.parametrize("day", ["1900-01-01", "2199-12-31"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_first_and_last_days_answer(command: str, day: str, tmp_path: Path) -> None:
    extra = ["--out", str(tmp_path / "o.csv")] if command == "bulk" else []
    if command == "plan":
        extra = ["--start", f"{day[:4]}-{'spring' if day.startswith('1900') else 'autumn'}"]
    run = run_cli([*COMMANDS[command], "--on", day, *extra])
    assert_clean(run, codes=(0, 1), seconds=WALL)


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 31),
                                 dt.date(2200, 1, 1)])
def test_the_api_refuses_a_day_outside_the_range(day: dt.date) -> None:
    cat = sendpath.load_default()
    me = load_profile(PROFILE, cat)
    calls: list[Callable[[], object]] = [
        lambda: rules.evaluate(cat, me, "role:senco", on=day),
        lambda: rules.evaluate(cat, me, "role:senco", on=dt.date(2026, 9, 1), rules_as_of=day),
        lambda: gap(cat.graph, me, "role:senco", on=day),
        lambda: next_steps(cat.graph, me, on=day),
        lambda: routes(cat.graph, "teacher", "senco", on=day),
        lambda: sequence(cat.graph, me, "role:senco", hours_per_term=30, on=day),
    ]
    for call in calls:
        with pytest.raises(DataError, match="outside the dates sendpath accepts"):
            call()


def test_date_arithmetic_past_the_calendar_is_a_problem() -> None:
    with pytest.raises(DataError) as info:
        add_months(dt.date(9999, 12, 1), 1)
    assert [p.code for p in info.value.problems] == ["date-out-of-range"]
    with pytest.raises(DataError):
        add_months(dt.date(1, 1, 31), -1)
    assert add_months(dt.date(9999, 11, 30), 1) == dt.date(9999, 12, 30)


@given(st.dates(FIRST_DATE, LAST_DATE), st.integers(-1200, 1200))
def test_a_century_either_side_of_any_accepted_date_is_a_date(day: dt.date, months: int) -> None:
    assert abs((add_months(day, months) - day).days) <= 36525 + 31


# ------------------------------------------------------------------------------ properties


def _only_data_errors(build: Callable[[], object]) -> list[Problem]:
    try:
        build()
    except DataError as exc:
        for p in exc.problems:
            assert len(str(p)) < 400, str(p)
            assert str(p).isprintable(), str(p)
        return list(exc.problems)
    return []


@settings(max_examples=150, deadline=None)
@given(st.dates())
def test_any_date_in_a_profile_loads_or_is_named(day: dt.date) -> None:
    problems = _only_data_errors(lambda: profile_from_mapping(
        {"roles": [{"id": "role:teacher", "since": day}]}))
    assert bool(problems) == (not FIRST_DATE <= day <= LAST_DATE)
    assert all(p.field == "since" for p in problems)


HUGE = st.one_of(st.integers(), st.integers(-(10**30), 10**30), st.just(16**20000 - 1),
                 st.floats(allow_nan=True, allow_infinity=True), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["hours", "cost"]), HUGE)
def test_any_number_in_an_activity_loads_or_is_named(field: str, value: object) -> None:
    record = {"id": "activity:x", "title": "X", "sources": [{"source": "source:a"}],
              field: value}
    problems = _only_data_errors(lambda: structure(record, Activity))
    ok = type(value) in (int, float) and 0 <= value <= 1_000_000  # type: ignore[operator]
    assert bool(problems) == (not ok)
    assert all(p.field == field for p in problems)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["credits", "rqf_level", "months"]), HUGE)
def test_any_whole_number_in_a_qualification_loads_or_is_named(field: str,
                                                                value: object) -> None:
    record = {"id": "qual:x", "title": "X", "kind": "award",
              "sources": [{"source": "source:a"}], field: value}
    problems = _only_data_errors(lambda: structure(record, Qualification))
    top = 1200 if field == "months" else 1_000_000
    ok = type(value) is int and 1 <= value <= top
    assert bool(problems) == (not ok)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.text(max_size=12))
def test_any_text_loads_clean_or_is_named(title: str, description: str) -> None:
    record = {"id": "activity:x", "title": title, "description": description,
              "sources": [{"source": "source:a"}]}
    problems = _only_data_errors(lambda: structure(record, Activity))
    if not problems:  # what loads can be written as UTF-8 and shown on a terminal
        json.dumps(title, ensure_ascii=False).encode("utf-8")
        description.encode("utf-8")
        assert _CONTROL.search(title + description.replace("\t", "")) is None
    assert {p.field for p in problems} <= {"title", "description"}


def test_the_shipped_data_is_inside_every_bound() -> None:
    assert sendpath.load_default().info.name == "england"  # loaded with every check above


# -- paths the system refuses to look at --------------------------------------------------------

_TOO_LONG = ":" * 300  # longer than any file name may be (ENAMETOOLONG)


@pytest.mark.parametrize("argv", [
    ["cases", _TOO_LONG],
    ["validate", _TOO_LONG],
    ["status", "--profile", _TOO_LONG, "--target", "senco"],
    ["bulk", "--profiles", _TOO_LONG, "--target", "senco"],
    ["routes", "teacher", "senco", "--data", _TOO_LONG],
])
def test_a_path_the_system_refuses_is_bad_input_not_a_traceback(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from sendpath.cli import main
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("sendpath: error:")
    assert "[unreadable]" in err or "[unsupported-format]" in err  # (a profile's suffix first)
    assert _TOO_LONG not in err  # the name, cut short
