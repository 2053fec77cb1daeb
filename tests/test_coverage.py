"""Framework coverage by area, level and section (``query.coverage``, ``sendpath coverage``)
and crosswalks from the command line (``sendpath crosswalk``)."""

from __future__ import annotations

import json

import pytest

import sendpath
from sendpath import query
from sendpath.cli import main
from sendpath.errors import UnknownIdError

CAT = sendpath.load_default()
FRAMEWORKS = sorted(CAT.frameworks)


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_levels_and_sections_partition_the_outcomes(fw):
    outcomes = {o.id for o in CAT.frameworks[fw].outcomes}
    for by in ("level", "section"):
        c = query.coverage(CAT.graph, fw, by=by)
        counted = [o for g in c.groups for o in g.outcomes]
        assert sorted(counted) == sorted(outcomes), by  # each outcome once
        assert all(g.count == len(g.outcomes) for g in c.groups)
        assert c.outcomes == len(outcomes)


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_area_counts_and_gaps_follow_the_tags(fw):
    outcomes = CAT.frameworks[fw].outcomes
    c = query.coverage(CAT.graph, fw)
    rows = {g.id: g for g in c.groups}
    for area in CAT.areas.values():  # the brute force: an outcome counts where it is tagged
        kids = {a.id for a in CAT.areas.values() if a.parent == area.id}
        expected = {o.id for o in outcomes if ({area.id} | kids) & set(o.areas)}
        assert set(rows[area.id].outcomes) == expected
    assert {gap.id for gap in c.gaps} == {a for a, g in rows.items()
                                          if a not in ("", "area:all") and not g.count}


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_level_gaps_are_broad_areas_with_no_outcome_at_the_level(fw):
    c = query.coverage(CAT.graph, fw, by="level")
    outcomes = CAT.frameworks[fw].outcomes
    broad = {a.parent for a in CAT.areas.values() if a.parent}
    levels = [g.id for g in c.groups if g.id]
    expected = set()
    for area in broad:
        family = {area, "area:all"} | {a.id for a in CAT.areas.values() if a.parent == area}
        for level in levels:
            if not any(o.level == level and family & set(o.areas) for o in outcomes):
                expected.add((area, level))
    assert {(g.id, g.level) for g in c.gaps} == expected


def test_the_ittecf_by_area_answers():
    c = query.coverage(CAT.graph, "ittecf", by="area")
    rows = {g.id: g.count for g in c.groups}
    assert rows["area:all"] > 0
    assert "area:vi" in {g.id for g in c.gaps}
    text = c.summary()
    assert text.startswith("Initial Teacher Training and Early Career Framework")
    assert "--explain" in text


def test_the_slcf_counts_by_level():
    c = query.coverage(CAT.graph, "slcf", by="level")
    rows = {g.id: g.count for g in c.groups}
    assert rows["level:cop/awareness"] == 4
    assert "area:communication-interaction" not in {g.id for g in c.gaps}


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="by must be"):
        query.coverage(CAT.graph, "ittecf", by="colour")
    with pytest.raises(UnknownIdError):
        query.coverage(CAT.graph, "nope")


def test_cli_coverage_and_crosswalk(capsys):
    assert main(["coverage", "ittecf", "--by", "section", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["framework"]["id"] == "fw:ittecf"
    assert data["by"] == "section"
    assert {"groups", "gaps", "outcomes", "data_version"} <= set(data)
    assert main(["coverage", "ittecf"]) == 0
    assert "counted by area of need" in capsys.readouterr().out
    assert main(["crosswalk", "ittecf/5", "--to", "ts", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {a["framework"] for a in data["alignments"]} == {"fw:ts"}
    assert all({"relation", "confidence"} <= set(a) for a in data["alignments"])
    assert main(["crosswalk", "ittecf/5"]) == 0
    assert "exact" in capsys.readouterr().out
    assert main(["coverage", "nope"]) == 2
