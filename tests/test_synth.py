"""The synthetic workforce (``sendpath.synth``): seeded, readable, calibrated, atomic."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

import sendpath
from sendpath import synth
from sendpath.cli import main
from sendpath.errors import WriteError
from sendpath.io.staff import COLUMNS, read_staff
from sendpath.model import Profile
from sendpath.rules import evaluate

CAT = sendpath.load_default()
ON = dt.date(2026, 9, 1)
SAMPLE = 20_000
TEACHING_ROLES = frozenset({"role:teacher", "role:ect", "role:trainee-teacher",
                            "role:headteacher", "role:senco", "role:qtvi", "role:qtod"})
TA_ROLES = frozenset({"role:teaching-assistant", "role:hlta"})
SENSORY = frozenset({"area:vi", "area:hi"})


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Profile]]:
    path = tmp_path_factory.mktemp("synth") / "staff.csv"
    assert synth.write_workforce(path, SAMPLE, seed=11, on=ON) == SAMPLE
    return list(read_staff(path, catalogue=CAT))


# -- the rows ----------------------------------------------------------------------------------


def test_the_header_is_the_long_csv_s() -> None:
    assert ("person", "table", "id", *COLUMNS) == synth.HEADER
    assert next(iter(synth.workforce(5))) == synth.HEADER


def test_rows_stream_one_person_at_a_time() -> None:
    rows = synth.workforce(10**12)  # a trillion persons: only what is asked for is made
    first = list(itertools.islice(rows, 50))
    assert first[0] == synth.HEADER
    assert {len(row) for row in first} == {len(synth.HEADER)}
    assert first[1][0] == "p0000001"


def test_a_person_s_rows_come_together() -> None:
    people = [row[0] for row in itertools.islice(synth.workforce(500, seed=3), 1, None)]
    runs = [who for who, _ in itertools.groupby(people)]
    assert runs == [f"p{i:07d}" for i in range(1, 501)]


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_a_bad_number_of_persons_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="whole number of 0 or more"):
        synth.workforce(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [dt.date(2010, 8, 31), dt.datetime(2026, 9, 1, 12, 0),
                                 "2026-09-01"])
def test_a_bad_day_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="on or after 2010-09-01"):
        synth.workforce(3, on=bad)  # type: ignore[arg-type]


def test_no_persons_is_just_the_header() -> None:
    assert list(synth.workforce(0)) == [synth.HEADER]


# -- determinism -------------------------------------------------------------------------------


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    one, two, other = tmp_path / "one.csv", tmp_path / "two.csv", tmp_path / "other.csv"
    synth.write_workforce(one, 2_000, seed=5)
    synth.write_workforce(two, 2_000, seed=5)
    synth.write_workforce(other, 2_000, seed=6)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes() != other.read_bytes()


def test_the_day_moves_the_dates(tmp_path: Path) -> None:
    early = list(synth.workforce(200, seed=5, on=dt.date(2020, 9, 1)))
    assert early != list(synth.workforce(200, seed=5))
    latest = max(cell for row in early[1:] for cell in row[3:10] if cell)
    assert latest <= "2020-09-01"


# -- readable ----------------------------------------------------------------------------------


@pytest.mark.parametrize("on", [dt.date(2010, 9, 1), dt.date(2019, 2, 28), ON,
                                dt.date(2041, 1, 1)])
def test_every_row_reads_without_problems(tmp_path: Path, on: dt.date) -> None:
    path = tmp_path / "staff.csv"
    synth.write_workforce(path, 3_000, seed=2, on=on)
    people = list(read_staff(path, catalogue=CAT))  # errors="raise": any problem fails
    assert len(people) == 3_000
    assert max(row.since for _w, p in people for row in (*p.roles, *p.teaching)) <= on


# -- calibrated --------------------------------------------------------------------------------


def _shares(sample: list[tuple[str, Profile]]) -> dict[str, float]:
    counts: collections.Counter[str] = collections.Counter()
    for _who, p in sample:
        roles = set(p.current_roles(ON))
        holds = {h.id for h in p.holds if h.held_on(ON)}
        needs = {t.need for t in p.teaching if t.current_on(ON)}
        if roles & TA_ROLES:
            counts["tas"] += 1
            counts["hltas"] += "role:hlta" in roles
            continue
        assert roles & TEACHING_ROLES
        counts["teachers"] += 1
        counts["qts"] += "qual:qts" in holds
        counts["qtls"] += "qual:qtls" in holds
        counts["ects"] += "role:ect" in roles
        counts["heads"] += "role:headteacher" in roles
        counts["sencos"] += "role:senco" in roles
        counts["vi"] += "area:vi" in needs
        counts["hi"] += "area:hi" in needs
        if not roles & {"role:headteacher", "role:senco"} and not needs & SENSORY:
            counts["classroom"] += 1
            counts["special"] += bool(needs)
    return {
        "teachers": counts["teachers"] / len(sample),
        "teaching_assistants": counts["tas"] / len(sample),
        "hlta_among_tas": counts["hltas"] / counts["tas"],
        "qts_among_teachers": counts["qts"] / counts["teachers"],
        "qtls_among_teachers": counts["qtls"] / counts["teachers"],
        "special_among_classroom_teachers": counts["special"] / counts["classroom"],
        "ect_among_teachers": counts["ects"] / counts["teachers"],
        "heads": counts["heads"] / len(sample),
        "sencos": counts["sencos"] / len(sample),
        "vi_class_teachers": counts["vi"] / len(sample),
        "hi_class_teachers": counts["hi"] / len(sample),
    }


# each tolerance is about four standard errors at 20,000 persons: wide enough not to fail by
# chance, narrow enough that most shares calibrated wrongly by a fifth fail (for the few teachers
# of sensory-impaired classes, about 25 persons each, a share wrong by half)
TOLERANCE = {
    "teachers": 0.015, "teaching_assistants": 0.015, "hlta_among_tas": 0.011,
    "qts_among_teachers": 0.007, "qtls_among_teachers": 0.004,
    "special_among_classroom_teachers": 0.01, "ect_among_teachers": 0.011, "heads": 0.0045,
    "sencos": 0.0045, "vi_class_teachers": 0.0010, "hi_class_teachers": 0.0011,
}


def test_the_calibration_is_the_published_figures() -> None:
    shares = synth.SHARES
    assert shares["teachers"] == pytest.approx(513_400 / (513_400 + 401_892))
    assert shares["qts_among_teachers"] == pytest.approx(0.97)
    assert shares["special_among_teachers"] == pytest.approx(29_200 / 468_300)
    assert shares["hlta_among_tas"] == pytest.approx(0.07)
    assert shares["sencos"] * (513_400 + 401_892) == pytest.approx(synth.SCHOOLS_MAINSTREAM)
    assert shares["heads"] * (513_400 + 401_892) == pytest.approx(
        synth.SCHOOLS_MAINSTREAM + synth.SCHOOLS_SPECIAL_AP)


@pytest.mark.parametrize("name", sorted(TOLERANCE))
def test_the_sample_reproduces_each_share(sample: list[tuple[str, Profile]], name: str) -> None:
    assert _shares(sample)[name] == pytest.approx(synth.SHARES[name], abs=TOLERANCE[name])


def test_senco_states_are_mixed(sample: list[tuple[str, Profile]]) -> None:
    states: collections.Counter[str] = collections.Counter()
    for _who, p in sample:
        if "role:senco" in p.current_roles(ON):
            status = evaluate(CAT, p, "role:senco", on=ON)
            exempt = status.state == "met" and "exempt" in status.codes
            states["exempt" if exempt else status.state] += 1
    total = sum(states.values())
    assert set(states) == {"met", "due", "overdue", "exempt"}, states
    for state in ("met", "due", "overdue", "exempt"):
        assert states[state] >= total * 0.04, states  # each a real share, not a stray case


def test_sensory_teachers_face_the_mq_obligation(sample: list[tuple[str, Profile]]) -> None:
    states: collections.Counter[str] = collections.Counter()
    for _who, p in sample:
        for role in {"role:qtvi", "role:qtod"} & set(p.current_roles(ON)):
            states[evaluate(CAT, p, role, on=ON).state] += 1
    assert states["met"] > states["due"] + states["overdue"] > 0, states
    assert set(states) <= {"met", "due", "overdue"}, states


def test_the_roles_of_qualified_staff_are_met(sample: list[tuple[str, Profile]]) -> None:
    for _who, p in sample[:3_000]:
        roles = set(p.current_roles(ON))
        for role in roles & {"role:ect", "role:hlta", "role:headteacher"}:
            assert evaluate(CAT, p, role, on=ON).state == "met", (role, p)
        if "role:teacher" in roles and p.holds and "role:headteacher" not in roles:
            held = {h.id for h in p.holds}
            if held & {"qual:qts", "qual:qtls"}:
                assert evaluate(CAT, p, "role:teacher", on=ON).state == "met", p


# -- written atomically ------------------------------------------------------------------------


def test_the_old_file_stands_until_the_new_one_is_whole(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "staff.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    seen: list[str] = []
    real = synth._rows

    def watching(n: int, seed: int, on: dt.date) -> Iterator[tuple[str, ...]]:
        for i, row in enumerate(real(n, seed, on)):
            if i == 100:
                seen.append(target.read_text())
            yield row

    monkeypatch.setattr(synth, "_rows", watching)
    assert synth.write_workforce(target, 300) == 300
    assert seen == ["old\n"]
    assert target.read_text().startswith("person,table,id,")
    assert target.stat().st_mode & 0o777 == 0o600
    assert leftovers(tmp_path) == []


def test_a_failure_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "staff.csv"
    target.write_text("old\n")
    real = synth._rows

    def failing(n: int, seed: int, on: dt.date) -> Iterator[tuple[str, ...]]:
        yield from itertools.islice(real(n, seed, on), 100)
        raise KeyboardInterrupt

    monkeypatch.setattr(synth, "_rows", failing)
    with pytest.raises(KeyboardInterrupt):
        synth.write_workforce(target, 300)
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []


def test_a_failure_to_write_is_a_write_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "staff.csv"
    target.write_text("old\n")

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("sendpath.io.output.os.fsync", full)
    with pytest.raises(WriteError, match=r"cannot write .*staff\.csv: No space left on device"):
        synth.write_workforce(target, 10)
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []
    with pytest.raises(WriteError, match="cannot write"):
        synth.write_workforce(tmp_path / "no" / "such" / "folder.csv", 10)


# -- the command -------------------------------------------------------------------------------


def test_the_command_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "staff.csv"
    assert main(["synth-workforce", "1000", "--out", str(out), "--seed", "4",
                 "--on", "2025-01-06"]) == 0
    said = capsys.readouterr()
    assert said.out == f"{out}: wrote 1,000 synthetic persons (seed 4, as of 2025-01-06)\n"
    assert said.err == ""
    expected = io.StringIO()  # what the csv module writes: no cell needs quoting
    csv.writer(expected, lineterminator="\n").writerows(
        synth.workforce(1000, seed=4, on=dt.date(2025, 1, 6)))
    assert out.read_text(encoding="utf-8") == expected.getvalue()


def test_the_command_answers_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    out = tmp_path / "staff.csv"
    assert main(["synth-workforce", "20", "--out", str(out), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["persons"] == 20
    assert answer["as_of"] == "2026-09-01"
    assert answer["seed"] == 0
    assert answer["synthetic"] is True


@pytest.mark.parametrize("argv", [
    ["synth-workforce", "0", "--out", "x.csv"],
    ["synth-workforce", "-3", "--out", "x.csv"],
    ["synth-workforce", "ten", "--out", "x.csv"],
    ["synth-workforce", "10", "--out", "x.csv", "--on", "2026-02-30"],
    ["synth-workforce", "10", "--out", "x.csv", "--on", "1 Sept 2026"],
    ["synth-workforce", "10", "--out", "x.csv", "--on", "2001-09-01"],
    ["synth-workforce", "10", "--out", "x.csv", "--seed", "x"],
    ["synth-workforce", "10"],
])
def test_bad_input_exits_2_and_writes_nothing(argv: list[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert "sendpath: error:" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
