"""The shipped England frameworks and their outcomes: structure, provenance and what covers them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pytest

import sendpath
from sendpath.catalogue import Catalogue
from sendpath.cli import main

#: Qualifications whose ``covers`` list a framework's outcomes, with the framework they draw on.
COVERING: dict[str, str | tuple[str, ...]] = {
    "qual:npq-senco": "fw:npq-senco-framework",
    "qual:nasenco": "fw:nasenco-outcomes",
    "qual:mq-vi": "fw:mq-vi-outcomes",
    "qual:npq-ltd": "fw:npq-ltd-framework",
    "qual:npq-lbc": "fw:npq-lbc-framework",
    "qual:npqsl": "fw:npq-leadership",
    "qual:npqh": "fw:npq-leadership",
    "qual:hlta-status": "fw:hlta-standards",
    "qual:qts": ("fw:ts", "fw:ittecf"),
    "qual:induction": ("fw:ts", "fw:ittecf"),
}
#: What QTS and induction covered for training started before September 2025.
COVERING_BEFORE_ITTECF = {"qual:qts": ("fw:ts", "fw:ccf"), "qual:induction": ("fw:ts", "fw:ecf")}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return sendpath.load_default()


def framework_and_outcome_ids() -> list[str]:
    cat = sendpath.load_default()
    return sorted(cat.frameworks) + sorted(cat.outcomes)


def test_counts(cat: Catalogue) -> None:
    assert len(cat.frameworks) >= 12
    assert len(cat.outcomes) >= 100


def test_every_outcome_is_in_exactly_one_framework(cat: Catalogue) -> None:
    owners = Counter(o.id for fw in cat.frameworks.values() for o in fw.outcomes)
    assert sorted(owners) == sorted(cat.outcomes)
    assert [oid for oid, n in owners.items() if n != 1] == []


def test_outcome_parents_are_in_the_same_framework(cat: Catalogue) -> None:
    for fw in cat.frameworks.values():
        ids = {o.id for o in fw.outcomes}
        assert [o.id for o in fw.outcomes if o.parent and o.parent not in ids] == [], fw.id


def test_every_framework_and_outcome_cites_existing_sources(cat: Catalogue) -> None:
    records = [*cat.frameworks.values(), *cat.outcomes.values()]
    assert [r.id for r in records if not r.sources] == []
    dangling = [(r.id, c.source) for r in records for c in r.sources if c.source not in cat.sources]
    assert dangling == []


def test_unconfirmed_entries_name_a_field_of_their_record(cat: Catalogue) -> None:
    bad = []
    for r in [*cat.frameworks.values(), *cat.outcomes.values()]:
        fields = {a.name for a in attrs.fields(type(r))}
        for entry in r.unconfirmed:
            if entry.split(":")[0] not in fields:
                bad.append((r.id, entry))
    assert bad == []


def test_ccf_and_ecf_are_replaced_by_the_ittecf(cat: Catalogue) -> None:
    assert cat.frameworks["fw:ccf"].replaced_by == ("fw:ittecf",)
    assert cat.frameworks["fw:ecf"].replaced_by == ("fw:ittecf",)
    assert cat.frameworks["fw:ittecf"].replaced_by == ()


def test_teachers_standards_have_eight_standards_and_standard_5_has_four_parts(
        cat: Catalogue) -> None:
    ts = cat.frameworks["fw:ts"]
    assert ts.statutory
    top = [o.code for o in ts.outcomes if o.parent is None and o.code.isdigit()]
    assert top == [str(n) for n in range(1, 9)]
    parts = [o.id for o in ts.outcomes if o.parent == "outcome:ts/5"]
    assert parts == [f"outcome:ts/5-{n}" for n in range(1, 5)]
    assert any("special educational needs" in o.statement.lower() or "SEN" in o.statement
               for o in ts.outcomes if o.id == "outcome:ts/5-4")


def test_hlta_standards_number_33_in_three_sections(cat: Catalogue) -> None:
    fw = cat.frameworks["fw:hlta-standards"]
    numbered = sorted(int(o.code) for o in fw.outcomes if o.code.isdigit())
    assert numbered == list(range(1, 34))
    sections = {o.id for o in fw.outcomes if o.parent is None}
    assert sections == {"outcome:hlta-standards/attributes", "outcome:hlta-standards/knowledge",
                        "outcome:hlta-standards/skills"}


def test_hlta_standards_not_seen_in_a_source_carry_no_statement_and_a_flagged_title(
        cat: Catalogue) -> None:
    for n in (19, 20, 21, 24, 25, 28, 29, 30, 31, 32, 33):
        o = cat.outcomes[f"outcome:hlta-standards/{n}"]
        assert o.statement == ""
        assert any(u.startswith("title:") for u in o.unconfirmed)


def test_eef_report_has_five_recommendations(cat: Catalogue) -> None:
    fw = cat.frameworks["fw:eef-send"]
    assert [o.code for o in fw.outcomes if o.parent is None] == ["1", "2", "3", "4", "5"]


def test_mq_vi_has_eight_outcome_areas_for_vision_impairment(cat: Catalogue) -> None:
    fw = cat.frameworks["fw:mq-vi-outcomes"]
    assert len(fw.outcomes) == 8
    assert all(o.areas == ("area:vi",) for o in fw.outcomes)


@pytest.mark.parametrize("qual", sorted(COVERING))
def test_covers_name_existing_outcomes_of_the_framework(cat: Catalogue, qual: str) -> None:
    covers = cat.qualifications[qual].covers
    assert covers
    assert [c for c in covers if c not in cat.outcomes] == []
    frameworks = COVERING[qual] if isinstance(COVERING[qual], tuple) else (COVERING[qual],)
    assert set(covers) <= {o.id for fw in frameworks for o in cat.frameworks[fw].outcomes}


@pytest.mark.parametrize("qual", sorted(COVERING_BEFORE_ITTECF))
def test_qts_and_induction_cover_the_framework_of_their_start(cat: Catalogue, qual: str) -> None:
    record = cat.qualifications[qual]
    ittecf = {o.id for o in cat.frameworks["fw:ittecf"].outcomes}
    old_fw = COVERING_BEFORE_ITTECF[qual][1]
    before = set(record.covers_for(dt.date(2025, 8, 31)))
    after = set(record.covers_for(dt.date(2025, 9, 1)))
    assert ittecf <= after
    assert not ittecf & before
    assert {o.id for o in cat.frameworks[old_fw].outcomes} <= before
    assert "outcome:ts/5" in before & after


def test_every_covers_id_in_the_data_is_an_outcome(cat: Catalogue) -> None:
    records = [*cat.qualifications.values(), *cat.activities.values()]
    assert [(r.id, c) for r in records for c in r.covers if c not in cat.outcomes] == []


def test_hlta_status_covers_all_33_standards(cat: Catalogue) -> None:
    covers = set(cat.qualifications["qual:hlta-status"].covers)
    assert {f"outcome:hlta-standards/{n}" for n in range(1, 34)} <= covers


def test_npq_senco_covers_its_eight_content_areas(cat: Catalogue) -> None:
    covers = set(cat.qualifications["qual:npq-senco"].covers)
    assert {f"outcome:npq-senco-framework/{n}" for n in range(1, 9)} <= covers


@pytest.mark.parametrize("short", ["npq-senco", "nasenco", "npq-ltd", "npq-lbc", "mq-vi", "hlta"])
def test_framework_ids_leave_qualification_and_role_short_names_unambiguous(
        cat: Catalogue, short: str) -> None:
    assert cat.resolve(short).split(":")[0] in {"qual", "role"}


@pytest.mark.parametrize("rid", framework_and_outcome_ids())
def test_show_every_framework_and_outcome(rid: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", rid]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{rid}: ")
    assert err == ""
