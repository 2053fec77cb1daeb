"""Credential Engine CTDL Pathways out and in, CTDL-ASN frameworks in (sendpath.interop)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from _catalogues import catalogue, qual, role
from hypothesis import example, given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import query, rules
from sendpath.catalogue import Catalogue
from sendpath.errors import DataError
from sendpath.interop import Imported, read_ctdl, read_ctdl_asn, to_ctdl, write_ctdl, write_package
from sendpath.io import dumps, profile_from_mapping
from sendpath.model import (
    AllOf,
    AnyOf,
    AtLeast,
    Framework,
    Holds,
    InRole,
    Qualification,
    Ref,
    Requirement,
    Role,
    Scale,
)

DATA = Path(__file__).parent / "data" / "interop"
CTDL = DATA / "ctdl"
ASN = DATA / "ctdlasn"
ON = dt.date(2026, 9, 1)
COMPTIA = "it-networking-specialist-pathway"
UNT = "french-b-a-marketable-skills"


def _load(imported: Imported, tmp_path: Path) -> Catalogue:
    return sendpath.load(write_package(imported, tmp_path / "pkg"))


def _of(imported: Imported, cls: type) -> list[Any]:
    return [r for r in imported.records if isinstance(r, cls)]


def _codes(imported: Imported) -> Counter[str]:
    return Counter(w.code for w in imported.warnings)


# ------------------------------------------------------------------------------ CompTIA chain


@pytest.fixture(scope="module")
def comptia() -> Imported:
    return read_ctdl(CTDL / "pathway-comptia-it-networking-specialist.jsonld",
                     CTDL / "progression-model-comptia-it.jsonld")


def test_comptia_reads_the_chain_of_eight_certifications(comptia: Imported) -> None:
    quals = {q.id: q for q in _of(comptia, Qualification)}
    assert len(quals) == 8
    assert {q.kind for q in quals.values()} == {"accreditation"}
    dest = next(r for r in _of(comptia, Role) if r.id == f"role:{COMPTIA}/it-networking-specialist")
    chain = [dest.requires]
    while isinstance(chain[-1], Ref):
        chain.append(quals[chain[-1].id].requires)
    names = [quals[n.id].title for n in chain[:-1]]  # type: ignore[union-attr]
    assert names == ["CompTIA Cloud+", "CompTIA Server+", "CompTIA Linux+",
                     "CompTIA Cloud Essentials+", "CompTIA Project+", "CompTIA Security+",
                     "CompTIA Network+", "CompTIA A+"]
    assert chain[-1] is None  # A+ is the entry point


def test_comptia_warns_of_what_it_guessed(comptia: Imported) -> None:
    codes = _codes(comptia)
    assert codes["ambiguous-destination"] == 1  # the pathway names Cloud+, the job says itself
    assert codes["not-a-component"] == 1  # 8 Certifications as components, said once
    assert codes["approximate-kind"] == 1
    assert "8 nodes of type ceterms:Certification" in next(
        w.message for w in comptia.warnings if w.code == "not-a-component")
    assert all(w.file and w.file.endswith(".jsonld") for w in comptia.warnings)


def test_comptia_progression_levels_come_from_the_companion(comptia: Imported) -> None:
    cloud = next(q for q in _of(comptia, Qualification) if q.title == "CompTIA Cloud+")
    assert "Progression level: Advanced." in cloud.description
    alone = read_ctdl(CTDL / "pathway-comptia-it-networking-specialist.jsonld")
    missing = [w for w in alone.warnings if w.field == "asn:hasProgressionLevel"]
    assert len(missing) == 1
    assert missing[0].code == "unknown-reference"
    assert missing[0].message.startswith("8 references from 8 components")


def test_comptia_answers_routes_and_gap(comptia: Imported, tmp_path: Path) -> None:
    cat = _load(comptia, tmp_path)
    target = f"role:{COMPTIA}/it-networking-specialist"
    found = query.routes(cat.graph, f"role:{COMPTIA}/start", target, on=ON)
    assert len(found) == 1
    steps = [cat.get(s.id).title for s in found[0].steps]
    assert steps[0] == "CompTIA A+"
    assert steps[-2:] == ["CompTIA Cloud+", "IT Networking Specialist"]
    me = profile_from_mapping({"holds": [{"id": f"qual:{COMPTIA}/comptia-a",
                                          "awarded": "2025-01-01"}]}, catalogue=cat)
    gap = query.gap(cat.graph, me, target, on=ON)
    assert gap.state == "not_met"
    assert "CompTIA Network+" in gap.summary()
    assert "CompTIA A+" not in gap.summary().split("needs", 1)[1]


# ------------------------------------------------------------------------------ UNT n of m


@pytest.fixture(scope="module")
def unt() -> Imported:
    return read_ctdl(CTDL / "pathway-unt-french-ba-marketable-skills.jsonld")


def _shape(tree: Requirement | None) -> tuple[int, int] | None:
    if isinstance(tree, AtLeast):
        return tree.n, len(tree.of)
    if isinstance(tree, AnyOf):
        return 1, len(tree.items)
    if isinstance(tree, AllOf):
        return len(tree.items), len(tree.items)
    return None


def test_unt_reads_every_n_of_m_condition(unt: Imported) -> None:
    quals = _of(unt, Qualification)
    badges = [q for q in quals if q.kind == "award"]
    groups = [q for q in quals if q.kind == "status"]
    assert (len(badges), len(groups)) == (29, 23)  # 30 badges, one the destination role
    assert all(q.conferred for q in groups)
    shapes = Counter(_shape(q.requires) for q in quals if q.requires is not None)
    assert shapes == {(1, 2): 12, (2, 4): 6, (1, 3): 5, (4, 5): 3, (3, 4): 2}
    dest = next(r for r in _of(unt, Role) if r.id == f"role:{UNT}/marketable-skills-in-french")
    assert isinstance(dest.requires, AllOf)
    assert len(dest.requires.items) == 5  # its five skills, by ceasn:hasChild (warned)
    assert _codes(unt)["children-required"] == 1


def test_unt_answers_routes(unt: Imported, tmp_path: Path) -> None:
    cat = _load(unt, tmp_path)
    found = query.routes(cat.graph, f"role:{UNT}/start", f"role:{UNT}/marketable-skills-in-french",
                         on=ON, k=2)
    assert len(found) >= 1
    assert found[0].steps[-1].id == f"role:{UNT}/marketable-skills-in-french"


# ------------------------------------------------------------------------------ Heriot-Watt


HW = CTDL / "pathway-heriot-watt-computer-science.expanded.jsonld"
HW_COURSES = CTDL / "heriot-watt-courses.expanded.jsonld"
DANGLING = "http://example.org/resources/2883cc8a-ed5c-420d-9a88-454b24fc2b9d"


def test_heriot_watt_dangling_condition_is_an_error_by_default() -> None:
    with pytest.raises(DataError) as err:
        read_ctdl(HW, HW_COURSES)
    (problem,) = [p for p in err.value.problems if p.code == "unknown-reference"]
    assert problem.file == str(HW)
    assert problem.record == "http://example.org/resources/ad7d4f8c-5230-4002-9e44-a29568985a6f"
    assert problem.field == "ceterms:hasCondition"
    assert DANGLING in problem.message


def test_heriot_watt_imports_with_drop(tmp_path: Path) -> None:
    got = read_ctdl(HW, HW_COURSES, on_dangling="drop")
    quals = _of(got, Qualification)
    courses = [q for q in quals if q.credits == 15]
    assert len(courses) == 45  # every course, its credits from the companion's ValueProfile
    assert all(q.description.startswith("Code F") for q in courses)
    dropped = [w for w in got.warnings if w.code == "unknown-reference"
               and w.field == "ceterms:hasCondition"]
    assert [DANGLING in w.message for w in dropped] == [True]
    constraints = [w for w in got.warnings if w.field == "ceterms:hasConstraint"]
    assert constraints
    assert any("Sum" in w.message and "GTEQ" in w.message for w in constraints)
    dest = next(r for r in _of(got, Role) if "computer-science" in r.id)
    assert isinstance(dest.requires, AllOf)
    assert _load(got, tmp_path).roles[dest.id].requires == dest.requires


def test_heriot_watt_without_companion_warns_of_the_proxies() -> None:
    got = read_ctdl(HW, on_dangling="drop")
    (proxies,) = [w for w in got.warnings if w.field == "ceterms:proxyFor"]
    assert proxies.message.startswith("49 references from 48 components")


# ------------------------------------------------------------------------------ CTDL-ASN


def test_onet_framework(tmp_path: Path) -> None:
    got = read_ctdl_asn(ASN / "framework-onet-basic-skills.jsonld")
    (fw,) = _of(got, Framework)
    assert len(fw.outcomes) == 12
    assert sum(o.parent is not None for o in fw.outcomes) == 10
    by_code = {o.code: o for o in fw.outcomes}
    assert by_code["2.A.1.a"].parent == by_code["2.A.1"].id
    assert by_code["2.A.1.a"].title == "Reading Comprehension"
    assert "CC BY 4.0" in fw.description or "creativecommons.org/licenses/by/4.0" in fw.description
    assert len(_load(got, tmp_path).outcomes) == 12


def test_connecting_credentials_levels_need_the_scheme(tmp_path: Path) -> None:
    alone = read_ctdl_asn(ASN / "framework-connecting-credentials-beta.jsonld")
    (fw,) = _of(alone, Framework)
    assert len(fw.outcomes) == 91
    assert sum(bool(o.unconfirmed) for o in fw.outcomes) == 86
    assert _codes(alone)["not-mapped"] == 1
    both = read_ctdl_asn(ASN / "framework-connecting-credentials-beta.jsonld",
                         ASN / "concept-scheme-connecting-credentials-levels.jsonld")
    (scale,) = _of(both, Scale)
    assert [lv.title for lv in scale.levels] == [f"Level {i}" for i in range(1, 9)]
    (fw,) = _of(both, Framework)
    assert sum(o.level is not None for o in fw.outcomes) == 86
    assert not both.warnings
    cat = _load(both, tmp_path)
    assert len(cat.outcomes) == 91
    assert len(cat.scales) == 1


def test_concept_scheme_alone_is_not_a_framework() -> None:
    with pytest.raises(DataError, match="no ceasn:CompetencyFramework"):
        read_ctdl_asn(ASN / "concept-scheme-connecting-credentials-levels.jsonld")


# ------------------------------------------------------------------------------ out, and back


def test_senco_round_trip_gives_the_same_requirements(tmp_path: Path) -> None:
    cat = sendpath.load_default()
    back = read_ctdl(dumps(to_ctdl(cat.graph)).encode())
    senco = next(r for r in _of(back, Role) if r.id == "role:senco")
    assert senco.requires == cat.roles["role:senco"].requires
    assert senco.obligations == cat.roles["role:senco"].obligations
    again = _load(back, tmp_path)
    before = query.requirements(cat.graph, "role:senco").alternatives().sets
    after = query.requirements(again.graph, "role:senco").alternatives().sets
    assert set(before) == set(after)
    assert again.qualifications["qual:qualified-teacher"].conferred


def test_export_keeps_dates_in_words_and_exactly() -> None:
    doc = to_ctdl(sendpath.load_default().graph, "senco")
    conditions = [n for n in doc["@graph"] if n["@type"] == "ceterms:ComponentCondition"]
    npq = [c for c in conditions
           if c.get("sendpath:requirement", {}).get("holds") == "qual:npq-senco"]
    assert npq
    assert "started on or after 2024-09-01" in npq[0]["ceterms:description"]["en-GB"]
    assert npq[0]["ceterms:targetComponent"] == ["urn:sendpath:qual:npq-senco"]
    duties = [n for n in doc["@graph"] if "sendpath:obligation" in n]
    assert [d["sendpath:obligation"]["due"] for d in duties] == [{"years": 3}, {"years": 3}]
    assert all(d["ceterms:precededBy"] == ["urn:sendpath:role:senco"] for d in duties)


def test_export_is_deterministic_and_sorted(tmp_path: Path) -> None:
    g = sendpath.load_default().graph
    write_ctdl(g, "role:senco", tmp_path / "a.jsonld")
    write_ctdl(g, "role:senco", tmp_path / "b.jsonld")
    data = (tmp_path / "a.jsonld").read_bytes()
    assert data == (tmp_path / "b.jsonld").read_bytes()
    doc = json.loads(data)
    assert doc["@context"][0] == "https://credreg.net/ctdl/schema/context/json"
    ids = [n["@id"] for n in doc["@graph"]]
    assert ids[0] == "urn:sendpath:pathway:role:senco"
    assert ids[1:] == sorted(ids[1:])
    assert all(i.startswith("urn:sendpath:") for i in ids)


def test_route_out_and_back(tmp_path: Path) -> None:
    g = sendpath.load_default().graph
    found = query.routes(g, "teacher", "senco", on=ON)
    doc = to_ctdl(g, found)
    assert doc["@graph"][0]["ceterms:name"]["en-GB"].startswith("Route from Teacher")
    steps = {n["@id"]: n["sendpath:step"] for n in doc["@graph"] if "sendpath:step" in n}
    assert steps["urn:sendpath:qual:npq-senco"] == {
        "kind": "obligation", "months": 18, "start": 0, "finish": 18, "due": "2029-09-01"}
    back = read_ctdl(dumps(doc).encode())
    npq = next(q for q in _of(back, Qualification) if q.id == "qual:npq-senco")
    assert npq.requires == InRole(in_role="role:senco")
    assert to_ctdl(g, found[0])["@graph"][0]["ceterms:hasDestinationComponent"] == \
        "urn:sendpath:role:senco"


def test_a_route_result_without_routes_cannot_be_written() -> None:
    g = sendpath.load_default().graph
    empty = query.routes(g, "teacher", "senco", on=ON, avoid=["senco"])
    assert not empty
    with pytest.raises(sendpath.errors.NoRouteError):
        to_ctdl(g, empty)


# ------------------------------------------------------------------------------ property


POOL = tuple(f"q{i}" for i in range(5))
DATES = st.sampled_from([None, dt.date(2024, 9, 1), dt.date(2027, 9, 1)])
LEAVES = st.one_of(
    st.sampled_from(POOL).map(lambda s: Ref(id=f"qual:{s}")),
    st.builds(lambda s, d, u: Holds(holds=f"qual:{s}", started_before=d, unless_not_required=u),
              st.sampled_from(POOL), DATES, st.booleans()),
)


def _groups(children: st.SearchStrategy[Requirement]) -> st.SearchStrategy[Requirement]:
    items = st.lists(children, unique=True, min_size=1, max_size=4).map(tuple)
    return st.one_of(
        items.map(lambda c: AllOf(items=c)), items.map(lambda c: AnyOf(items=c)),
        items.flatmap(lambda c: st.integers(1, len(c)).map(lambda n: AtLeast(n=n, of=c))))


TREES = st.recursive(LEAVES, _groups, max_leaves=10)
_BASE = [qual(s) for s in POOL]


@settings(max_examples=60)
@given(TREES)
@example(AtLeast(n=2, of=(Ref(id="qual:q0"), Ref(id="qual:q1"), AllOf(items=(Ref(id="qual:q0"),)))))
def test_random_trees_round_trip(tree: Requirement) -> None:
    cat = catalogue([*_BASE, role("target", requires=tree)])
    back = read_ctdl(dumps(to_ctdl(cat.graph, "role:target")).encode())
    got = next(r for r in _of(back, Role) if r.id == "role:target").requires
    assert got is not None
    same = set(rules.alternatives(got).sets) == set(rules.alternatives(tree).sets)
    # A group of one inside an "at least n" (2 of q0, q1 and all of (q0)) is read back as its
    # item, so the condition names q0 twice and counts it once: the reader says so. Nothing
    # else may change, and nothing may change unsaid.
    repeated = [w for w in back.warnings if "the same requirement more than once" in w.message]
    assert same or repeated


# ------------------------------------------------------------------------------ bad input


def test_not_json() -> None:
    with pytest.raises(DataError) as err:
        read_ctdl(b"{not json")
    assert [p.code for p in err.value.problems] == ["syntax"]


def test_not_json_ld() -> None:
    with pytest.raises(DataError, match="not JSON-LD"):
        read_ctdl(b'"a string"')


def test_no_pathway() -> None:
    with pytest.raises(DataError, match="no ceterms:Pathway"):
        read_ctdl(ASN / "framework-onet-basic-skills.jsonld")


def _pathway(condition: dict[str, Any]) -> bytes:
    return json.dumps({"@context": "https://credreg.net/ctdl/schema/context/json", "@graph": [
        {"@id": "_:p", "@type": "ceterms:Pathway", "ceterms:name": {"en": "P"},
         "ceterms:hasDestinationComponent": "_:job"},
        {"@id": "_:job", "@type": "ceterms:JobComponent", "ceterms:name": {"en": "Job"},
         "ceterms:hasCondition": [{"@type": "ceterms:ComponentCondition", **condition}]},
        {"@id": "_:a", "@type": "ceterms:CredentialComponent", "ceterms:name": {"en": "A"}},
    ]}).encode()


def test_every_dangling_reference_is_listed() -> None:
    doc = _pathway({"ceterms:requiredNumber": 1,
                    "ceterms:targetComponent": ["_:a", "_:gone"],
                    "ceterms:hasCondition": ["_:also-gone"]})
    with pytest.raises(DataError) as err:
        read_ctdl(doc)
    problems = err.value.problems
    assert [(p.code, p.field) for p in problems] == [
        ("unknown-reference", "ceterms:targetComponent"),
        ("unknown-reference", "ceterms:hasCondition")]
    assert all(p.file == "<bytes>" and p.record for p in problems)
    dropped = read_ctdl(doc, on_dangling="drop")
    job = next(r for r in _of(dropped, Role) if r.title == "Job")
    assert job.requires == Ref(id="qual:p/a")


def test_required_number_beyond_the_items_is_an_error() -> None:
    with pytest.raises(DataError, match="requiredNumber 3 asks for more than the 1 items"):
        read_ctdl(_pathway({"ceterms:requiredNumber": 3, "ceterms:targetComponent": ["_:a"]}))


def test_a_bad_sendpath_requirement_is_an_error() -> None:
    doc = _pathway({"ceterms:targetComponent": ["_:a"],
                    "sendpath:requirement": {"holds": "qual:a", "started_before": "soon"}})
    with pytest.raises(DataError) as err:
        read_ctdl(doc)
    assert err.value.problems[0].field == "sendpath:requirement.started_before"


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        read_ctdl(tmp_path / "missing.jsonld", tmp_path / "also-missing.jsonld")
    assert [p.code for p in err.value.problems] == ["unreadable", "unreadable"]


def test_or_operator_without_a_number_is_any() -> None:
    doc = _pathway({"ceterms:logicalOperator": "https://purl.org/ctdl/vocabs/logic/Or",
                    "ceterms:hasCondition": [
                        {"@type": "ceterms:ComponentCondition", "ceterms:targetComponent": ["_:a"]},
                        {"@type": "ceterms:ComponentCondition",
                         "ceterms:description": {"en": "credits only"},
                         "ceterms:hasConstraint": [{"@type": "ceterms:Constraint"}]}]})
    got = read_ctdl(doc)
    job = next(r for r in _of(got, Role) if r.title == "Job")
    assert job.requires == Ref(id="qual:p/a")  # the constraint-only branch is left out, warned
    assert _codes(got)["not-modelled"] == 2


def test_rules_ctdl_cannot_say_come_back_exactly() -> None:
    from sendpath.model import Experience, InForce, MinHours

    tree = AllOf(items=(
        AnyOf(items=(Ref(id="qual:q0"), Holds(holds="qual:q1", valid_for_months=36)),
              in_force=InForce(from_=dt.date(2024, 9, 1))),
        Experience(kind="children-and-young-people", months=12),
        MinHours(n=30, of=("qual:q2", "qual:q3"), within_months=36),
        InRole(in_role="role:other", in_force=InForce(until=dt.date(2030, 8, 31)))))
    cat = catalogue([*_BASE, role("other"), role("target", requires=tree)])
    doc = to_ctdl(cat.graph, "role:target")
    said = [n["ceterms:description"]["en-GB"] for n in doc["@graph"]
            if "sendpath:requirement" in n]
    assert any("at least 12 months' experience" in s for s in said)
    assert any("at least 30 hours" in s for s in said)
    back = read_ctdl(dumps(doc).encode())
    assert next(r for r in _of(back, Role) if r.id == "role:target").requires == tree
