"""Bulk input and output: the long CSV, bad rows, the CLI's bulk and impact, DataFrames."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
import sendpath.synth
from sendpath import bulk, rules
from sendpath.bulk._input import _Rows
from sendpath.cli import main
from sendpath.errors import DataError, Problem
from sendpath.io import read_staff
from sendpath.io.staff import COLUMNS, _person, row_fields

CAT = sendpath.load_default()
ON = dt.date(2026, 9, 1)
HEADER = "person,table,id,since,until,awarded,started,completed\n"
ROWS = [
    "ann,roles,teacher,2019-09-01,,,,", "ann,roles,senco,2022-01-04,,,,",
    "ann,holds,qts,,,2019-07-01,,", "ann,holds,induction,,,,,2020-07-20",
    "bob,roles,teacher,2019-09-01,,,,", "bob,holds,qts,,,2019-07-01,,",
    "bob,holds,induction,,,,,2020-07-20", "bob,roles,senco,2025-01-06,,,,",
    "bob,holds,npq-senco,,,,2025-02-01,",
    "cat,roles,teaching-assistant,2020-09-01,,,,",
]


@pytest.fixture
def staff(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n")
    return path


def test_the_csv_gives_what_read_staff_and_the_rules_give(staff: Path) -> None:
    got = {r.person: r for r in bulk.evaluate(staff, "senco", on=ON, catalogue=CAT)}
    for person, profile in read_staff(staff, catalogue=CAT):
        status = rules.evaluate(CAT, profile, "senco", on=ON)
        assert (got[person].state, got[person].due) == (status.state, status.due)
    assert got["ann"].missing == ("qual:npq-senco",)


def test_bad_rows_are_all_reported_with_their_line_or_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "ann,roles,teacher,2019-09-01,,,,\n"
                    "ann,roles,sencoo,2025-02-30,,,,\n"
                    "bob,roles,teacher,2019-09-01,,,,\n"
                    "cat,holds,qts,,,not-a-date,,\n")
    with pytest.raises(DataError) as caught:
        list(bulk.evaluate(path, "senco", on=ON, catalogue=CAT))
    lines = sorted((p.line, p.field) for p in caught.value.problems)
    assert lines == [(3, "id"), (3, "since"), (5, "awarded")]
    assert all(p.record and p.record.split(":")[0] in ("ann", "cat")
               for p in caught.value.problems)
    result = bulk.evaluate(path, "senco", on=ON, catalogue=CAT, errors="skip")
    assert [r.person for r in result] == ["bob"]
    assert len(result.problems) == 3


def test_the_same_bad_row_twice_is_reported_twice(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(HEADER + "ann,roles,sencoo,2020-01-01,,,,\nbob,roles,sencoo,2020-01-01,,,,\n")
    with pytest.raises(DataError) as caught:
        list(bulk.evaluate(path, "senco", on=ON, catalogue=CAT))
    assert [(p.line, p.record) for p in caught.value.problems] == [
        (2, "ann: roles[0]"), (3, "bob: roles[0]")]


def test_cli_bulk_writes_the_rows_atomically(staff: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    assert main(["bulk", "--profiles", str(staff), "--target", "senco", "--on", "2026-09-01",
                 "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [r["person"] for r in rows] == ["ann", "bob", "cat"]
    assert rows[0]["state"] == "overdue"
    assert rows[0]["due"] == "2025-01-04"
    assert "3 people" in capsys.readouterr().out
    assert main(["bulk", "--profiles", str(staff), "--target", "senco", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["people"] == 3
    assert sum(data["totals"].values()) == 3


def test_cli_bulk_leaves_the_old_file_when_the_input_is_bad(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("keep me\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "ann,roles,nobody,2019-09-01,,,,\n")
    assert main(["bulk", "--profiles", str(bad), "--target", "senco", "--out", str(out)]) == 2
    assert out.read_text() == "keep me\n"


def test_cli_impact_prints_the_transitions(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "late.csv"
    path.write_text(HEADER + "ann,roles,teacher,2015-09-01,,,,\nann,roles,senco,2024-01-08,,,,\n"
                    "ann,holds,qts,,,2015-07-01,,\nann,holds,induction,,,,,2016-07-20\n"
                    "ann,holds,nasenco,,,,2024-10-01,2026-06-01\n")
    assert main(["impact", "--profiles", str(path), "--target", "senco", "--on", "2026-09-01",
                 "--rules-as-of", "2024-08-31", "--reform-rules-as-of", "2024-09-01"]) == 0
    text = capsys.readouterr().out
    assert "1 change state" in text
    assert "met -> due: 1" in text


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_a_dataframe_partition_gives_the_same_rows(staff: Path) -> None:
    import pandas

    frame = pandas.read_csv(staff, dtype=str)
    from_frame = [(r.person, r.state, r.due) for r in bulk.evaluate(frame, "senco", on=ON)]
    from_csv = [(r.person, r.state, r.due) for r in bulk.evaluate(staff, "senco", on=ON)]
    assert from_frame == from_csv
    table = bulk.evaluate(staff, "senco", on=ON).to_frame()
    assert list(table.columns) == list(bulk.CSV_COLUMNS)
    assert len(table) == 3


CELLS = st.one_of(st.just(""), st.sampled_from(
    ["2024-09-01", "2024-02-30", "20240901", " 2024-09-01 ", "senco", "role:senco", "qts",
     "qual:qts", "qual:qualified-teacher", "npq-senco", "area:vi", "vi", "nobody", "3",
     "-1", "x", "children-and-young-people", "activity:aet-awareness"]), st.text(max_size=6))


@settings(max_examples=400)
@given(table=st.sampled_from(["roles", "holds", "studying", "service", "teaching",
                              "experience", "activities"]),
       cells=st.fixed_dictionaries(dict.fromkeys(("id", *COLUMNS), CELLS)))
def test_each_row_is_read_as_the_profile_reader_reads_it(table: str,
                                                         cells: dict[str, str]) -> None:
    """The quick way to a row gives the reader's row, or leaves the row to the reader."""
    reader = _Rows(CAT, {}, "t.csv", ["person", "table", "id", *COLUMNS])
    row = {"table": table, **cells}
    quick = reader._quick(table, row_fields(table, row))
    slow: list[Problem] = []
    built = [p for _who, p in _person("ann", [(2, {"person": "ann", **row})], CAT, "t.csv",
                                      slow)]
    if quick is not None:
        assert built, slow
        assert getattr(built[0], table) == (quick,)


@pytest.mark.skipif(importlib.util.find_spec("dask") is None, reason="dask not installed")
def test_dask_runs_the_partition_function_on_its_local_scheduler(tmp_path: Path) -> None:
    import dask
    import dask.dataframe as dd
    import pandas

    path = tmp_path / "workforce.csv"
    sendpath.synth.write_workforce(path, 300, seed=3, on=ON)
    frame = pandas.read_csv(path, dtype=str).set_index("person")
    ddf = dd.from_pandas(frame, npartitions=3, sort=True)  # a person's rows in one partition
    assert ddf.npartitions > 1
    with dask.config.set(scheduler="synchronous"):
        got = ddf.map_partitions(bulk.evaluate_frame, "senco", on=ON,
                                 meta=bulk.frame_meta()).compute()
    want = bulk.evaluate(path, "senco", on=ON).to_frame()
    got = got.sort_values("person").reset_index(drop=True)
    want = want.sort_values("person").reset_index(drop=True)
    pandas.testing.assert_frame_equal(got, want)


def test_impact_of_the_example_reform_package(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    reform = Path(__file__).parent.parent / "docs" / "examples" / "reform-two-years"
    path = tmp_path / "senco.csv"
    path.write_text(HEADER + "ann,roles,teacher,2015-09-01,,,,\nann,roles,senco,2024-01-08,,,,\n"
                    "ann,holds,qts,,,2015-07-01,,\nann,holds,induction,,,,,2016-07-20\n"
                    "bob,roles,teacher,2019-09-01,,,,\n")
    change = bulk.impact(path, "senco", on=ON, reform=reform)
    moved = [(t.before, t.after, t.people, t.examples) for t in change.transitions
             if t.before != t.after]
    assert moved == [("due", "overdue", 1, ("ann",))]
    assert change.changed == 1
    assert change.totals_after["overdue"] == change.totals_before["overdue"] + 1
    assert main(["impact", "--profiles", str(path), "--target", "senco", "--on", "2026-09-01",
                 "--reform", str(reform), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reform"] == "reform-two-years"
    assert data["changed"] == 1


@pytest.mark.skipif(importlib.util.find_spec("tqdm") is None, reason="tqdm not installed")
def test_the_progress_bar_shows_on_a_terminal_only(staff: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.csv"
    args = ["bulk", "--profiles", str(staff), "--target", "senco", "--out", str(out)]
    assert main(args) == 0
    assert "people" not in capsys.readouterr().err  # not a terminal: quiet
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(args) == 0
    assert "3.00 people" in capsys.readouterr().err
