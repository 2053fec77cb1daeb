"""Crosswalks: the model, the loader's checks and the crosswalk query."""

from __future__ import annotations

import textwrap

import pytest

import sendpath
from sendpath import query
from sendpath.errors import DataError
from sendpath.io import structure, unstructure
from sendpath.model import Citation, Crosswalk

MANIFEST = 'name = "mine"\nformat_version = 1\ndata_version = "1"\n'
FRAMEWORKS = """
[[source]]
id = "source:s"
title = "S"
publisher = "P"
kind = "other"

[[framework]]
id = "fw:a"
title = "A"
sources = [{ source = "source:s" }]
[[framework.outcome]]
id = "outcome:a/1"
title = "A1"
sources = [{ source = "source:s" }]
[[framework.outcome]]
id = "outcome:a/2"
title = "A2"
sources = [{ source = "source:s" }]

[[framework]]
id = "fw:b"
title = "B"
sources = [{ source = "source:s" }]
[[framework.outcome]]
id = "outcome:b/1"
title = "B1"
sources = [{ source = "source:s" }]

[[framework]]
id = "fw:c"
title = "C"
sources = [{ source = "source:s" }]
[[framework.outcome]]
id = "outcome:c/1"
title = "C1"
sources = [{ source = "source:s" }]
"""


def package(tmp_path, crosswalks: str):
    (tmp_path / "package.toml").write_text(MANIFEST)
    (tmp_path / "frameworks.toml").write_text(FRAMEWORKS)
    (tmp_path / "crosswalks.toml").write_text(textwrap.dedent(crosswalks))
    return tmp_path


def test_model_rules():
    with pytest.raises(DataError, match="sources"):
        Crosswalk(from_="outcome:a/1", to="outcome:b/1", relation="exact")
    with pytest.raises(DataError, match="rationale"):
        Crosswalk(from_="outcome:a/1", to="outcome:b/1", relation="exact",
                  confidence="editorial")
    with pytest.raises(DataError, match="two different"):
        Crosswalk(from_="outcome:a/1", to="outcome:a/1", relation="exact",
                  sources=(Citation(source="source:s"),))
    with pytest.raises(DataError, match="relation"):
        Crosswalk(from_="outcome:a/1", to="outcome:b/1", relation="same",
                  sources=(Citation(source="source:s"),))


def test_round_trip_uses_the_data_key_from():
    link = Crosswalk(from_="outcome:a/1", to="outcome:b/1", relation="broad",
                     confidence="editorial", rationale="B1 contains A1.")
    data = unstructure(link)
    assert data == {"from": "outcome:a/1", "to": "outcome:b/1", "relation": "broad",
                    "confidence": "editorial", "rationale": "B1 contains A1."}
    assert structure(data, Crosswalk) == link


def test_a_good_package_loads_its_crosswalks(tmp_path):
    cat = sendpath.load(package(tmp_path, """
        [[crosswalk]]
        from = "outcome:a/1"
        to = "outcome:b/1"
        relation = "broad"
        sources = [{ source = "source:s", locator = "p. 3" }]

        [[crosswalk]]
        from = "outcome:b/1"
        to = "outcome:c/1"
        relation = "exact"
        confidence = "editorial"
        rationale = "Both ask for the same practice."
        """))
    assert [c.key for c in cat.crosswalks] == [("outcome:a/1", "outcome:b/1"),
                                               ("outcome:b/1", "outcome:c/1")]
    g = cat.graph
    edge = g.nx.get_edge_data("outcome:a/1", "outcome:b/1")
    assert next(d for d in edge.values() if d["kind"] == "aligns_with")["relation"] == "broad"

    from_b = query.crosswalk(g, "b/1")
    assert {(a.outcome, a.relation, a.confidence) for a in from_b} == {
        ("outcome:a/1", "narrow", "sourced"),  # a broad link read backwards
        ("outcome:c/1", "exact", "editorial"),
    }
    assert [a.outcome for a in query.crosswalk(g, "outcome:b/1", editorial=False)] == \
        ["outcome:a/1"]
    far = {a.outcome: a for a in query.crosswalk(g, "outcome:a/1", depth=2)}
    assert far["outcome:c/1"].via == ("outcome:b/1",)
    assert far["outcome:c/1"].relation == "related"
    data = query.crosswalk(g, "outcome:a/1").to_dict()
    assert data["format"] == 1
    assert data["alignments"][0]["outcome"] == "outcome:b/1"
    assert "editorial" in query.crosswalk(g, "outcome:b/1").explain()


def test_every_crosswalk_problem_is_reported_at_once(tmp_path):
    with pytest.raises(DataError) as info:
        sendpath.load(package(tmp_path, """
            [[crosswalk]]
            from = "outcome:a/1"
            to = "outcome:a/2"
            relation = "exact"
            sources = [{ source = "source:s" }]

            [[crosswalk]]
            from = "outcome:a/1"
            to = "outcome:b/9"
            relation = "exact"
            sources = [{ source = "source:nope" }]

            [[crosswalk]]
            from = "outcome:a/2"
            to = "outcome:c/1"
            relation = "related"
            confidence = "editorial"

            [[crosswalk]]
            from = "outcome:a/1"
            to = "outcome:a/2"
            relation = "related"
            sources = [{ source = "source:s" }]
            """))
    found = {(p.code, p.field) for p in info.value.problems}
    assert ("invalid-value", "to") in found  # both ends in fw:a
    assert ("unknown-reference", "to") in found  # outcome:b/9
    assert ("unknown-reference", "sources[0].source") in found
    assert ("invalid-value", "rationale") in found  # editorial without a rationale
    assert ("duplicate-id", "from") in found  # a/1 -> a/2 twice
    assert all(p.file and p.file.endswith("crosswalks.toml") for p in info.value.problems)


def test_shipped_crosswalks_join_mainstream_and_specialist_frameworks():
    cat = sendpath.load_default()
    assert len(cat.crosswalks) >= 60
    framework_of = {o.id: fw.id for fw in cat.frameworks.values() for o in fw.outcomes}
    for link in cat.crosswalks:
        assert framework_of[link.from_] != framework_of[link.to]
        assert link.sources or (link.confidence == "editorial" and link.rationale)
    reach = {a.framework for a in query.crosswalk(cat.graph, "outcome:ts/5", depth=3)}
    # Teachers' Standard 5 <-> ITTECF section 5 <-> EEF <-> NPQ for SENCOs <-> specialist
    assert {"fw:ittecf", "fw:eef-send", "fw:npq-senco-framework"} <= reach
    assert reach & {"fw:mq-vi-outcomes", "fw:slcf", "fw:aet-competency"}
