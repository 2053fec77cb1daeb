"""Reading many profiles at once (``sendpath.io.staff.read_staff``): the long CSV and folders."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath.errors import DataError
from sendpath.io.staff import read_staff
from sendpath.model import Holding, Profile, RoleSpell

CAT = sendpath.load_default()
HEADER = "person,table,id,since,until,awarded,started,completed,hours,date\n"


def _write(tmp_path, text, name="staff.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_each_person_becomes_a_profile(tmp_path):
    path = _write(tmp_path, HEADER +
                  "ann,roles,teacher,2019-09-01,,,,,,\n"
                  "ann,holds,qts,,,2019-07-01,,,,\n"
                  "ann,teaching,vi,2026-09-01,,,,,,\n"
                  "bob,roles,teaching-assistant,2022-09-01,,,,,,\n"
                  "bob,activities,aet-awareness,,,,,,3,2024-11-12\n")
    people = dict(read_staff(path, catalogue=CAT))
    assert people["ann"] == Profile(
        roles=(RoleSpell(id="role:teacher", since=dt.date(2019, 9, 1)),),
        holds=(Holding(id="qual:qts", awarded=dt.date(2019, 7, 1)),),
        teaching=people["ann"].teaching)
    assert people["ann"].teaching[0].need == "area:vi"
    assert people["bob"].activities[0].hours == 3


def test_every_problem_names_the_line_person_row_and_field(tmp_path):
    path = _write(tmp_path, HEADER +
                  "bob,roles,teaching-assistantt,2022-09-01,,,,,,\n"
                  "bob,activities,aet-awareness,,,,,,x,2024-01-01\n"
                  "cat,roles,teacher,2026-13-01,,,,,,\n"
                  "dan,cats,teacher,2026-01-01,,,,,,\n"
                  "eve,roles,teacher,2020-01-01,,,,,,\n")
    with pytest.raises(DataError) as err:
        list(read_staff(path, catalogue=CAT))
    where = [(p.line, p.record, p.field) for p in err.value.problems]
    assert where == [(2, "bob: roles[0]", "id"), (3, "bob: activities[0]", "hours"),
                     (4, "cat: roles[0]", "since"), (5, "dan", "table")]
    assert all(p.file == str(path) for p in err.value.problems)


def test_skip_yields_the_sound_people_and_reports_the_rest(tmp_path):
    path = _write(tmp_path, HEADER +
                  "ann,roles,teacher,2019-09-01,,,,,,\n"
                  "bob,roles,nobody,2022-09-01,,,,,,\n"
                  "ann,roles,senco,2025-01-01,,,,,,\n")
    problems = []
    people = list(read_staff(path, catalogue=CAT, errors="skip", problems=problems))
    assert [who for who, _p in people] == ["ann"]
    assert [(p.code, p.line) for p in problems] == [("unknown-reference", 3),
                                                     ("not-together", 4)]


def test_a_bad_header_is_refused_at_once(tmp_path):
    with pytest.raises(DataError, match="lacks table"):
        list(read_staff(_write(tmp_path, "person,id\nann,teacher\n")))
    with pytest.raises(DataError, match="unknown column"):
        list(read_staff(_write(tmp_path, "person,table,id,colour\n")))
    with pytest.raises(ValueError, match="errors must be"):
        list(read_staff(_write(tmp_path, HEADER), errors="ignore"))


def test_a_folder_of_profiles(tmp_path):
    (tmp_path / "ann.toml").write_text('[[roles]]\nid = "teacher"\nsince = 2019-09-01\n')
    (tmp_path / "bob.json").write_text('{"roles": [{"id": "hlta", "since": "2020-01-01"}]}')
    assert [(who, p.roles[0].id) for who, p in read_staff(tmp_path, catalogue=CAT)] == [
        ("ann", "role:teacher"), ("bob", "role:hlta")]


@settings(max_examples=50)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from(["teacher", "hlta"]),
                          st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
                max_size=12))
def test_people_in_file_order_with_their_rows_in_order(tmp_path_factory, rows):
    rows = sorted(rows, key=lambda r: r[0])  # each person's rows together
    text = HEADER + "".join(f"{p},roles,{r},{d},,,,,,\n" for p, r, d in rows)
    path = _write(tmp_path_factory.mktemp("csv"), text)
    people = list(read_staff(path, catalogue=CAT))
    assert [who for who, _p in people] == sorted({p for p, _r, _d in rows})
    for who, profile in people:
        assert [(s.id, s.since) for s in profile.roles] == [
            (f"role:{r}", d) for p, r, d in rows if p == who]
