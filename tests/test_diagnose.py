"""Pathway diagnostics: missing rungs, dead ends, unreachable records, bottlenecks."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import json
from typing import Any

import pytest
from _catalogues import CITE, catalogue, qual, role
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import query
from sendpath.cli import main
from sendpath.model import Activity, AreaOfNeed, Framework, Level, Outcome, Ref, Scale
from sendpath.query._ladder import Ladder, rqf_rung

ON = dt.date(2026, 9, 1)
LEVELS = ("awareness", "enhanced", "specialist")


def area(slug: str, parent: str | None = None) -> AreaOfNeed:
    return AreaOfNeed(id=f"area:{slug}", title=slug.title(), sources=CITE,
                      parent=f"area:{parent}" if parent else None)


def activity(slug: str, **kw: Any) -> Activity:
    return Activity(id=f"activity:{slug}", title=slug.title(), sources=CITE, **kw)


def level(rung: int) -> str:
    return f"level:s/{LEVELS[rung - 1]}"


def frame() -> list[Any]:
    """Areas (a broad area with sub-areas x and y, and all), a three-level scale and a
    statutory framework whose one outcome is the teachers' baseline."""
    return [area("all"), area("broad"), area("x", "broad"), area("y", "broad"),
            Scale(id="scale:s", title="S", sources=CITE,
                  levels=tuple(Level(id=f"level:s/{n}", title=n, sources=CITE) for n in LEVELS)),
            Framework(id="fw:std", title="Standards", sources=CITE, statutory=True,
                      outcomes=(Outcome(id="outcome:std/1", title="Adapt teaching",
                                        sources=CITE),))]


def world() -> sendpath.Catalogue:
    """A teaching assistant (entry) moves on to teaching; a teacher (baseline: QTS, rung 1)
    can go straight to specialist awards in x and in y; y has an enhanced course, x has none."""
    return catalogue([
        *frame(),
        qual("qts", covers=("outcome:std/1",), areas=("area:all",)),
        role("ta", entry_point=True, areas=("area:all",), leads_to=("role:teacher",)),
        role("teacher", requires=Ref(id="qual:qts"), areas=("area:all",),
             leads_to=("qual:spec-x", "qual:spec-y")),
        qual("spec-x", level=level(3), areas=("area:x",), requires=Ref(id="qual:qts")),
        qual("spec-y", level=level(3), areas=("area:y",), requires=Ref(id="qual:qts")),
        activity("mid-y", level=level(2), areas=("area:y",)),
        role("x-specialist", requires=Ref(id="qual:spec-x"), areas=("area:x",)),
        activity("lonely", level=level(1), areas=("area:x",)),
        role("orphan", areas=("area:all",)),
    ])


@pytest.fixture(scope="module")
def small() -> query.Diagnosis:
    return query.diagnose(world().graph, on=ON)


def test_the_ladder_puts_levels_rqf_and_the_baseline_on_one_scale():
    lad = Ladder(world(), ON)
    assert (lad.own("qual:qts"), lad.own("activity:mid-y"), lad.own("qual:spec-x")) == (1, 2, 3)
    assert lad.rung("role:teacher") == 1  # QTS: the statutory framework's baseline
    assert lad.rung("role:ta") == 0  # needs nothing on the ladder
    assert lad.rung("role:x-specialist") == 3
    assert [rqf_rung(n) for n in range(1, 9)] == [1, 1, 1, 2, 2, 3, 3, 3]


def test_a_jump_past_a_rung_the_data_lacks_is_a_missing_rung(small):
    x = [m for m in small.missing_rungs if m.area == "area:x"]
    assert {(m.from_id, m.to_id) for m in x} == {
        ("role:teacher", "qual:spec-x"), ("qual:qts", "qual:spec-x")}
    assert {(m.from_rung, m.to_rung, m.missing, m.broad_area) for m in x} == {
        (1, 3, (2,), "area:broad")}
    teacher = next(m for m in x if m.from_id == "role:teacher")
    assert teacher.via == ("leads_to",)


def test_a_jump_whose_rung_the_data_has_is_not_missing(small):
    assert not [m for m in small.missing_rungs if m.area == "area:y"]
    # the broad area has the enhanced course of its sub-area y, so nothing is missing there
    assert not [m for m in small.missing_rungs if m.area == "area:broad"]


def test_a_longer_allowed_jump_finds_no_missing_rung():
    assert not query.diagnose(world().graph, max_level_jump=2, on=ON).missing_rungs
    with pytest.raises(ValueError, match="at least 1"):
        query.diagnose(world().graph, max_level_jump=0, on=ON)


def test_dead_ends_lead_nowhere_and_no_role_names_them(small):
    assert [(d.id, d.rung) for d in small.dead_ends] == [
        ("activity:lonely", 1), ("activity:mid-y", 2)]
    # spec-y leads nowhere either, but a role names it as a next step: not a dead end
    assert "qual:spec-y" not in {d.id for d in small.dead_ends}


def test_unreachable_records_have_no_path_from_a_start(small):
    assert [u.id for u in small.unreachable] == ["role:orphan"]


def test_bottlenecks_are_on_every_route_into_a_specialist_role(small):
    # ta -> teacher -> spec-x -> x-specialist is the one route from the one entry point
    assert small.bottleneck("role:teacher").share == 1.0
    assert small.bottleneck("qual:spec-x").share == 1.0
    assert small.bottleneck("role:teacher").of == 1
    assert small.bottleneck("qual:qts") is None


def test_json_keys_and_text(small):
    d = small.to_dict()
    assert set(d) == {"format", "sendpath_version", "data_version", "data_digest", "as_of",
                      "missing_rungs",
                      "dead_ends", "unreachable", "bottlenecks"}
    first = d["missing_rungs"][0]
    assert set(first) == {"area", "broad_area", "from", "to", "via", "missing"}
    assert first["from"]["rung"] in (0, 1)
    assert first["to"]["rung"] == 3
    assert "Lonely" in small.summary()
    assert "activity:lonely" in small.explain()
    assert "No missing rung in" not in small.summary()  # the one broad area has one


# -- a brute-force check on small random catalogues ---------------------------------------

N = 5


@st.composite
def ladders(draw: Any) -> tuple[dict[str, int | None], dict[str, str], dict[str, str | None]]:
    """Up to N qualifications with a rung (or none), an area (x or y) and a requirement."""
    n = draw(st.integers(2, N))
    rungs = {f"qual:q{i}": draw(st.sampled_from((1, 3, None, 2, 1, 3))) for i in range(n)}
    areas = {q: draw(st.sampled_from(("x", "y", "all", "x"))) for q in rungs}
    needs = {q: draw(st.sampled_from([*(p for p in rungs if p < q), None])) for q in rungs}
    return rungs, areas, needs


def brute_missing(rungs: dict[str, int | None], areas: dict[str, str],
                  needs: dict[str, str | None], most: int) -> set[tuple[str, str, str]]:
    """Every (area, from, to): both ends serve the area (``all`` serves every one), one in
    particular; the rung climbs by more than ``most``; and some step is still too long with
    every rung the area has in between."""
    def rung(q: str) -> int | None:
        need = needs[q]
        return rungs[q] if rungs[q] is not None else (rung(need) if need else None)

    def serves(q: str, a: str) -> bool:
        tag = f"area:{areas[q]}"
        return tag == a or (a == "area:broad" and tag in ("area:x", "area:y"))

    found = set()
    for a in ("area:x", "area:y", "area:broad", "area:all"):
        present = {r for q, r in rungs.items() if r is not None and serves(q, a)}
        for v, u in needs.items():
            if u is None:
                continue
            low, high = rung(u), rung(v)
            if low is None or high is None or high - low <= most:
                continue
            ends = (u, v)
            if not any(serves(q, a) for q in ends) or \
                    not all(serves(q, a) or areas[q] == "all" for q in ends):
                continue
            steps = [low, *sorted(p for p in present if low < p < high), high]
            if any(b - c > most for c, b in itertools.pairwise(steps)):
                found.add((a, u, v))
    return found


@settings(max_examples=150)
@given(ladders(), st.integers(1, 2))
def test_missing_rungs_match_brute_force(world_, most):
    rungs, areas, needs = world_
    records = [*frame()[:-1],  # no baseline framework needed
               *(qual(q.partition(":")[2], level=level(r) if r else None,
                      areas=(f"area:{areas[q]}",),
                      requires=Ref(id=needs[q]) if needs[q] else None)
                 for q, r in rungs.items())]
    d = query.diagnose(catalogue(records).graph, max_level_jump=most, on=ON)
    assert {(m.area, m.from_id, m.to_id) for m in d.missing_rungs} == \
        brute_missing(rungs, areas, needs, most)


# -- the shipped England data -------------------------------------------------------------

@pytest.fixture(scope="module")
def england() -> query.Diagnosis:
    return query.diagnose(sendpath.load_default().graph, on=ON)


def test_england_names_a_missing_rung_where_the_data_shows_one(england):
    by_broad = {m.broad_area for m in england.missing_rungs}
    # what the data shows: cognition and learning has no awareness-level course, and hearing
    # impairment none at the enhanced level; communication and interaction and SEMH have
    # courses at every rung between the Teachers' Standards and specialist awards
    assert by_broad == {"area:cognition-learning", "area:sensory-physical"}
    hi = {(m.from_id, m.to_id): m.missing for m in england.missing_rungs if m.area == "area:hi"}
    assert hi[("role:teacher", "qual:mq-hi")] == (2,)
    cl = {(m.from_id, m.to_id): m.missing for m in england.missing_rungs
          if m.area == "area:spld"}
    assert cl[("role:teaching-assistant", "qual:bda-aps")] == (1,)
    vi = [m for m in england.missing_rungs if m.area == "area:vi"]
    assert not vi  # vision impairment has enhanced courses (braille, the LA team's)


def test_england_dead_ends_bottlenecks_and_reach(england):
    assert not england.unreachable
    dead = {d.id for d in england.dead_ends}
    assert "activity:elsa-training" in dead  # stand-alone training: no role names it
    assert "qual:npq-senco" not in dead
    assert "role:headteacher" not in dead
    top = [b.id for b in england.bottlenecks[:2]]
    assert set(top) == {"role:ect", "qual:qts"}


def test_cli_diagnose(capsys):
    assert main(["diagnose", "--on", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    assert "Hearing impairment (HI): nothing at enhanced (2)" in out
    assert main(["diagnose", "--json", "--max-level-jump", "2", "--on", "2026-09-01"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["missing_rungs"] == [] or all(m["to"]["rung"] - m["from"]["rung"] > 2
                                           for m in d["missing_rungs"])
    assert main(["diagnose", "--max-level-jump", "0"]) == 2


def test_the_short_answer_shows_each_lists_first_few_and_counts_the_rest(england):
    """In short, each list's first eight (an area's first two climbs), then how many more;
    ``explain`` lists every finding."""
    module = importlib.import_module("sendpath.query.diagnose")
    short, full = england.summary().splitlines(), england.explain().splitlines()
    assert len(short) < len(full)
    dead = [d.title for d in england.dead_ends]
    assert len(dead) > module._SHORT  # the shipped data has more than the short answer shows
    at = short.index(next(line for line in short if line.startswith("Dead ends")))
    shown = short[at + 1:]
    assert dead[module._SHORT - 1] in "\n".join(shown[:2 * module._SHORT])
    assert f"   and {len(dead) - module._SHORT} more" in shown
    assert dead[module._SHORT] not in "\n".join(short)
    assert all(title in "\n".join(full) for title in dead)
    hi = [m for m in england.missing_rungs if m.area_title.startswith("Hearing")]
    assert len(hi) > module._SHORT_CLIMBS
    assert f"       and {len(hi) - module._SHORT_CLIMBS} more" in short
    assert not [line for line in full if line.strip().startswith("and ")]
