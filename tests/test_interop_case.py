"""CASE 1.1 out and CASE packages in (``sendpath.interop.case``)."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator, FormatChecker

import sendpath
from sendpath.catalogue import build
from sendpath.errors import DataError, Problem, UnknownIdError
from sendpath.interop import Imported, read_case, to_case, write_case, write_package
from sendpath.interop.case import case_bytes, case_id
from sendpath.model import Citation, Crosswalk, Framework, InForce, Outcome, Source

DATA = Path(__file__).parent / "data" / "interop"
CASE_FILES = DATA / "case"
CAT = sendpath.load_default()
FRAMEWORKS = sorted(CAT.frameworks)
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")


def _checker() -> FormatChecker:
    """jsonschema's format checks, with strict date-time (RFC 3339) and uri of the stdlib."""
    checker = FormatChecker()

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return bool(_RFC3339.fullmatch(value)) and bool(dt.datetime.fromisoformat(value))

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or _is_uri(value)

    return checker


def _is_uri(value: str) -> bool:
    scheme = urllib.parse.urlsplit(value).scheme
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme)) and not any(
        c.isspace() for c in value)


VALIDATOR = Draft201909Validator(
    json.loads((DATA / "schema" / "case-v1p1-cfpackage.schema.json").read_text("utf-8")),
    format_checker=_checker())


def _errors(package: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATOR.iter_errors(package)]


def _uris(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "uri":
                yield inner
            elif key != "extensions":
                yield from _uris(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _uris(inner)


def _framework(imported: Imported, index: int = 0) -> Framework:
    return [r for r in imported.records if isinstance(r, Framework)][index]


def _crosswalks(imported: Imported) -> list[Crosswalk]:
    return [r for r in imported.records if isinstance(r, Crosswalk)]


_CITE = (Citation(source="source:x"),)


def _comparable(fw: Framework) -> Framework:
    """The framework without what a CASE package cannot carry into a standalone package.

    Sources become the file's own; areas, levels and replacements name records outside it.
    """
    return attrs.evolve(fw, sources=_CITE, replaced_by=(), outcomes=tuple(
        attrs.evolve(o, sources=_CITE, areas=(), level=None) for o in fw.outcomes))


# --- out: the official schema --------------------------------------------------------------------


def test_the_format_checks_are_real() -> None:
    package = to_case(CAT, "fw:ts")
    package["CFDocument"]["identifier"] = "not-a-uuid"
    package["CFDocument"]["lastChangeDateTime"] = "2026-11-28T00:00:00"  # no time zone
    package["CFItems"][0]["statusStartDate"] = "28/11/2026"
    assert sorted(e.split(":")[0] for e in _errors(package)) == [
        "CFDocument/identifier", "CFDocument/lastChangeDateTime", "CFItems/0/statusStartDate"]


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
def test_every_shipped_framework_validates_against_case_1_1(fw_id: str) -> None:
    assert _errors(to_case(CAT, fw_id)) == []


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
def test_every_uri_is_an_absolute_uri(fw_id: str) -> None:
    uris = list(_uris(to_case(CAT, fw_id)))
    assert uris
    assert [u for u in uris if not _is_uri(u)] == []


def test_the_document_says_what_the_framework_is() -> None:
    doc = to_case(CAT, "ts")["CFDocument"]
    assert doc["identifier"] == case_id("fw:ts")
    assert doc["uri"] == "urn:sendpath:fw:ts"
    assert doc["title"] == "Teachers' Standards"
    assert doc["creator"] == doc["publisher"] == "Department for Education"
    assert doc["version"] == CAT.data_version
    assert doc["caseVersion"] == "1.1"
    assert doc["officialSourceURL"] == CAT.sources["source:teachers-standards"].urls[0]
    assert doc["lastChangeDateTime"] == f"{CAT.info.published}T00:00:00Z"
    assert doc["extensions"]["sendpath_id"] == "fw:ts"
    assert doc["extensions"]["statutory"] is True


def test_items_carry_code_statement_type_and_id() -> None:
    package = to_case(CAT, "fw:ts")
    fw = CAT.frameworks["fw:ts"]
    assert [i["extensions"]["sendpath_id"] for i in package["CFItems"]] == [
        o.id for o in fw.outcomes]
    item = next(i for i in package["CFItems"] if i["extensions"]["sendpath_id"] == "outcome:ts/5")
    outcome = CAT.outcomes["outcome:ts/5"]
    assert item["identifier"] == case_id("outcome:ts/5")
    assert item["humanCodingScheme"] == "5"
    assert item["fullStatement"] == outcome.statement
    assert item["abbreviatedStatement"] == outcome.title
    assert item["CFItemType"] == {"knowledge": "Knowledge", "practice": "Practice",
                                  None: "Outcome"}[outcome.kind]


def test_an_outcome_without_a_code_is_coded_by_its_id() -> None:
    fw = CAT.frameworks["fw:aet-competency"]
    uncoded = next(o for o in fw.outcomes if not o.code)
    item = next(i for i in to_case(CAT, fw.id)["CFItems"]
                if i["extensions"]["sendpath_id"] == uncoded.id)
    assert item["humanCodingScheme"] == uncoded.id.rsplit("/", 1)[1]
    assert item["extensions"]["code"] == ""


def test_unconfirmed_fields_are_in_the_notes() -> None:
    outcome = next(o for o in CAT.outcomes.values() if o.unconfirmed)
    fw = next(f for f in CAT.frameworks.values() if outcome in f.outcomes)
    item = next(i for i in to_case(CAT, fw.id)["CFItems"]
                if i["extensions"]["sendpath_id"] == outcome.id)
    assert all(f"Unconfirmed: {u}" in item["notes"] for u in outcome.unconfirmed)


def test_is_child_of_follows_the_tree_with_sequence_numbers() -> None:
    fw = CAT.frameworks["fw:ts"]
    package = to_case(CAT, fw.id)
    children = [a for a in package["CFAssociations"] if a["associationType"] == "isChildOf"]
    by_uri = {a["originNodeURI"]["uri"]: a for a in children}
    assert len(children) == len(fw.outcomes)
    top = [o for o in fw.outcomes if o.parent is None]
    assert [by_uri[f"urn:sendpath:{o.id}"]["sequenceNumber"] for o in top] == list(
        range(1, len(top) + 1))
    assert all(by_uri[f"urn:sendpath:{o.id}"]["destinationNodeURI"]["identifier"]
               == case_id(o.parent or fw.id) for o in fw.outcomes)


def test_crosswalks_become_associations_with_their_relation_kept() -> None:
    package = to_case(CAT, "fw:ts")
    mine = {o.id for o in CAT.frameworks["fw:ts"].outcomes}
    links = [c for c in CAT.crosswalks if c.from_ in mine or c.to in mine]
    kinds = {"exact": "exactMatchOf", "related": "isRelatedTo", "broad": "isPartOf",
             "narrow": "isPartOf"}
    written = Counter(a["associationType"] for a in package["CFAssociations"]
                      if "sendpath_relation" in a.get("extensions", {}))
    assert written == Counter(kinds[c.relation] for c in links)


def test_narrow_is_part_of_the_other_way_round() -> None:
    link = next(c for c in CAT.crosswalks if c.relation == "narrow")
    fw = next(f for f in CAT.frameworks.values() if CAT.outcomes[link.from_] in f.outcomes)
    found = [a for a in to_case(CAT, fw.id)["CFAssociations"]
             if a.get("extensions", {}).get("sendpath_relation") == "narrow"
             and a["destinationNodeURI"]["uri"] == f"urn:sendpath:{link.from_}"
             and a["originNodeURI"]["uri"] == f"urn:sendpath:{link.to}"]
    assert [a["associationType"] for a in found] == ["isPartOf"]


def test_replacements_are_replaced_by_between_documents() -> None:
    package = to_case(CAT, "fw:ittecf")
    replaced = sorted(a["originNodeURI"]["uri"] for a in package["CFAssociations"]
                      if a["associationType"] == "replacedBy")
    assert replaced == ["urn:sendpath:fw:ccf", "urn:sendpath:fw:ecf"]
    assert to_case(CAT, "fw:ccf")["CFDocument"]["adoptionStatus"] == "Deprecated"


def test_requirements_travel_as_extensions_and_precedes() -> None:
    package = to_case(CAT, "fw:ts")
    learning = {e["id"]: e for e in package["CFDocument"]["extensions"]["learning"]}
    assert learning["qual:qts"]["requires"] == {
        "any": ["qual:pg-itt", "qual:tda", "qual:pg-teaching-apprenticeship"]}
    precedes = {(a["originNodeURI"]["uri"], a["destinationNodeURI"]["uri"])
                for a in package["CFAssociations"] if a["associationType"] == "precedes"}
    assert ("urn:sendpath:qual:tda", "urn:sendpath:qual:qts") in precedes
    assert ("urn:sendpath:qual:qts", "urn:sendpath:qual:induction") in precedes
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "5")
    assert "qual:qts" in item["extensions"]["covered_by"]


def test_the_output_is_deterministic_and_written_atomically(tmp_path: Path) -> None:
    first = case_bytes(CAT, "fw:ittecf")
    assert first == case_bytes(CAT, "ittecf")
    assert first.endswith(b"\n")
    write_case(CAT, "ittecf", tmp_path / "ittecf.json")
    assert (tmp_path / "ittecf.json").read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["ittecf.json"]
    ids = [a["identifier"] for a in json.loads(first)["CFAssociations"]]
    assert len(set(ids)) == len(ids)


def test_an_unknown_framework_is_refused() -> None:
    with pytest.raises(UnknownIdError):
        to_case(CAT, "fw:no-such-framework")


def test_the_package_carries_the_versions() -> None:
    ext = to_case(CAT, "fw:ts")["extensions"]
    assert ext["data_version"] == CAT.data_version
    assert ext["sendpath_version"] == sendpath.__version__
    assert ext["format"] == 1


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
def test_every_shipped_framework_reads_back_equal(fw_id: str) -> None:
    back = read_case(to_case(CAT, fw_id))
    assert _comparable(_framework(back)) == _comparable(CAT.frameworks[fw_id])
    assert back.data_version == CAT.data_version


def test_read_back_from_bytes_and_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ts.json"
    write_case(CAT, "fw:ts", path)
    from_file, from_bytes = read_case(path), read_case(path.read_bytes())
    assert _framework(from_file) == _framework(from_bytes)
    assert from_file.warnings[0].file == str(path)
    assert from_bytes.warnings[0].file == "<input>"


def test_every_framework_read_together_gives_back_the_crosswalks(tmp_path: Path) -> None:
    back = read_case(*(to_case(CAT, f) for f in FRAMEWORKS))

    def key(c: Crosswalk) -> tuple[str, str, str, str, str]:
        return (c.from_, c.to, c.relation, c.confidence, c.rationale)

    assert sorted(map(key, _crosswalks(back))) == sorted(map(key, CAT.crosswalks))
    replaced = {f.id: f.replaced_by for f in back.records
                if isinstance(f, Framework) and f.replaced_by}
    assert replaced == {f.id: f.replaced_by for f in CAT.frameworks.values() if f.replaced_by}
    loaded = sendpath.load(write_package(back, tmp_path / "all"))
    assert len(loaded.crosswalks) == len(CAT.crosswalks)
    assert set(loaded.outcomes) == set(CAT.outcomes)


def test_crosswalks_outside_the_packages_read_are_warned_about_with_their_count() -> None:
    back = read_case(to_case(CAT, "fw:ts"))
    assert _crosswalks(back) == []
    outside = [w for w in back.warnings if "outside the packages read" in w.message
               and not w.message.startswith("precedes")]
    mine = {o.id for o in CAT.frameworks["fw:ts"].outcomes}
    count = sum(1 for c in CAT.crosswalks if c.from_ in mine or c.to in mine)
    counts = [re.search(r": (\d+) \(", w.message) for w in outside]
    assert sum(int(m.group(1)) for m in counts if m) == count
    assert {w.code for w in outside} == {"left-out"}
    assert all((w.field or "").startswith("CFAssociations[") for w in outside)


_DATES = st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))  # the model's range
_WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
# Free text as the model accepts it: no control character, lone surrogate or bidirectional
# control; tab and newline only where a text may run over lines.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                              blacklist_characters=_BIDI),
                min_size=1, max_size=20).filter(str.strip)
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=_BIDI)
                | st.sampled_from("\t\n"), max_size=30)


@st.composite
def _frameworks(draw: st.DrawFn) -> Framework:
    slugs = draw(st.lists(_WORD, min_size=1, max_size=7, unique=True))
    parents: list[int | None] = [None]
    parents += [draw(st.none() | st.integers(0, n - 1)) for n in range(1, len(slugs))]
    outcomes = [Outcome(
        id=f"outcome:fw-x/{slug}", title=draw(_LINE), code=draw(st.just("") | _LINE),
        statement=draw(st.just("") | _TEXT),
        kind=draw(st.sampled_from([None, "knowledge", "practice"])),
        parent=None if p is None else f"outcome:fw-x/{slugs[p]}",
        description=draw(st.just("") | _TEXT),
        unconfirmed=tuple(draw(st.lists(st.sampled_from(["title", "code: not numbered"]),
                                        max_size=2, unique=True))),
        in_force=draw(st.none() | st.just(InForce(from_=dt.date(2020, 9, 1)))),
        sources=_CITE) for slug, p in zip(slugs, parents, strict=True)]
    order = draw(st.permutations(outcomes))
    return Framework(id="fw:fw-x", title=draw(_LINE), publisher=draw(st.just("") | _LINE),
                     published=draw(st.none() | _DATES), statutory=draw(st.booleans()),
                     description=draw(_TEXT), unconfirmed=tuple(draw(st.lists(
                         st.sampled_from(["publisher", "published: a guess"]), max_size=2,
                         unique=True))),
                     sources=_CITE, outcomes=tuple(order))


@settings(max_examples=60)
@given(_frameworks())
def test_random_frameworks_round_trip_and_validate(fw: Framework) -> None:
    cat = build([Source(id="source:x", title="X", publisher="Us", kind="other"), fw])
    package = to_case(cat, fw.id)
    assert _errors(package) == []
    assert _comparable(_framework(read_case(package))) == fw


# --- in: the shared files ------------------------------------------------------------------------


def _depths(fw: Framework) -> Counter[int]:
    parent = {o.id: o.parent for o in fw.outcomes}

    def depth(ref: str) -> int:
        up = parent[ref]
        return 1 if up is None else 1 + depth(up)

    return Counter(depth(o.id) for o in fw.outcomes)


@pytest.mark.parametrize(("name", "outcomes", "title"), [
    ("opensalt-what-standards-could-be", 16, "What Standards Could Be"),
    ("opensalt-act-holistic-framework-math", 28, "ACT Holistic Framework, Math"),
    ("opensalt-ccss-math-draft", 703, "Common Core State Standards for Mathematics"),
    ("opensalt-empty-external-framework", 0, "Test Framework External Empty"),
])
def test_each_shared_file_imports_and_loads(tmp_path: Path, name: str, outcomes: int,
                                            title: str) -> None:
    back = read_case(CASE_FILES / f"{name}.json")
    fw = _framework(back)
    assert len(fw.outcomes) == outcomes
    assert fw.title == title
    loaded = sendpath.load(write_package(back, tmp_path / "pkg"))
    assert len(loaded.outcomes) == outcomes
    assert loaded.frameworks[fw.id] == fw
    assert all(sendpath.ids.is_id(o.id) for o in fw.outcomes)


def test_the_ccss_tree_has_the_depths_counted_in_the_readme() -> None:
    fw = _framework(read_case(CASE_FILES / "opensalt-ccss-math-draft.json"))
    assert _depths(fw) == Counter({1: 17, 2: 123, 3: 283, 4: 244, 5: 36})
    assert fw.publisher == "National Governors Association Center for Best Practices"


def test_the_act_tree_is_five_deep_and_coded() -> None:
    fw = _framework(read_case(CASE_FILES / "opensalt-act-holistic-framework-math.json"))
    assert max(_depths(fw)) == 5
    outcome = next(o for o in fw.outcomes if o.code == "H.A.MATH.GM")
    assert outcome.id == "outcome:act-holistic-framework-math/h-a-math-gm"
    assert outcome.title == "Geometry and Measurement"
    assert outcome.statement.startswith("Properties and measurements")


def test_the_source_names_the_publisher_and_the_web_addresses() -> None:
    back = read_case(CASE_FILES / "opensalt-ccss-math-draft.json")
    source = back.records[0]
    assert isinstance(source, Source)
    assert source.publisher == "National Governors Association Center for Best Practices"
    assert source.urls[0] == "http://www.corestandards.org/assets/CCSSI_Math%20Standards.pdf"
    assert _framework(back).sources == (Citation(source=source.id),)


def _warning(back: Imported, message: str) -> Problem:
    found = [w for w in back.warnings if message in w.message]
    assert len(found) == 1, [str(w) for w in back.warnings]
    return found[0]


def test_the_draft_shapes_are_read_with_warnings() -> None:
    name = CASE_FILES / "opensalt-ccss-math-draft.json"
    back = read_case(name)
    assert {w.code for w in back.warnings} == {"draft-shape", "guessed"}
    assert all(w.file == str(name) for w in back.warnings)
    ids = _warning(back, "identifiers are not UUIDs")
    assert ids.field == "CFDocument.identifier"
    assert ": 704 (" in ids.message
    assert _warning(back, "no time zone").field == "CFDocument.lastChangeDateTime"
    assert _warning(back, "educationalLevel").field == "CFItems[0].educationalLevel"
    assert _warning(back, "CFDocumentURI").field == "CFItems[0].CFDocumentURI"
    assert _warning(back, "association fields").field == \
        "CFAssociations[0].originNodeIdentifier"
    untyped = _warning(back, "no CFItemType")
    assert ": 6 (" in untyped.message
    assert untyped.field == "CFItems[0].CFItemType"


def test_associations_outside_the_package_are_left_out_with_a_warning() -> None:
    back = read_case(CASE_FILES / "opensalt-what-standards-could-be.json")
    assert _crosswalks(back) == []
    exact = _warning(back, "exactMatchOf to or from nodes outside")
    assert exact.code == "left-out"
    assert ": 16 (" in exact.message
    assert "5b6c487e-04f1-5ba9-9722-d099849b9167" in exact.message  # names the far end
    assert ": 2 (" in _warning(back, "isRelatedTo to or from nodes outside").message
    assert ": 3 (" in _warning(back, "precedes associations").message
    assert ": 2 (" in _warning(back, "exemplar associations").message
    assert _warning(back, "CFPackageURI is a string").field == "CFDocument.CFPackageURI"


def test_a_case_1_0_package_reads_without_draft_warnings() -> None:
    back = read_case(CASE_FILES / "opensalt-act-holistic-framework-math.json")
    assert [w.code for w in back.warnings] == ["guessed"]  # no CFItemType on any item
    assert ": 28 (" in back.warnings[0].message


def test_the_empty_framework_reads_without_warnings() -> None:
    back = read_case(CASE_FILES / "opensalt-empty-external-framework.json")
    assert back.warnings == ()
    assert back.name == "test-framework-external-empty"


# --- in: small packages --------------------------------------------------------------------------


def _package(items: list[dict[str, Any]], links: list[tuple[str, str, str]],
             **document: Any) -> dict[str, Any]:
    def node(ref: str) -> dict[str, str]:
        return {"identifier": ref, "uri": f"https://example.org/{ref}", "title": ref}

    doc = {"identifier": "doc", "title": "My Framework", "creator": "Us",
           "uri": "https://example.org/doc", **document}
    return {"CFDocument": doc, "CFItems": items, "CFAssociations": [
        {"identifier": f"a{n}", "associationType": kind, "originNodeURI": node(a),
         "destinationNodeURI": node(b)} for n, (kind, a, b) in enumerate(links)]}


def _item(ref: str, code: str = "", **more: Any) -> dict[str, Any]:
    return {"identifier": ref, "fullStatement": f"Statement {ref}", "humanCodingScheme": code,
            "CFItemType": "Standard", **more}


def test_siblings_take_the_places_of_their_sequence_numbers() -> None:
    package = _package([_item("p", "P"), _item("b", "B"), _item("a", "A")],
                       [("isChildOf", "p", "doc"), ("isChildOf", "b", "p"),
                        ("isChildOf", "a", "p")])
    package["CFAssociations"][1]["sequenceNumber"] = 2
    package["CFAssociations"][2]["sequenceNumber"] = "1"  # the draft wrote strings
    fw = _framework(read_case(package))
    assert [o.code for o in fw.outcomes] == ["P", "A", "B"]
    assert fw.outcomes[1].parent == "outcome:my-framework/p"


def test_items_without_a_parent_or_a_type_are_guesses() -> None:
    back = read_case(_package([_item("a", "A"), {"identifier": "b", "fullStatement": "B"}],
                              [("isChildOf", "a", "doc")]))
    fields = {w.field: w.message for w in back.warnings}
    assert "CFItems[1]" in fields
    assert fields["CFItems[1]"].startswith("items with no isChildOf: 1")
    assert "CFItems[1].CFItemType" in fields
    fw = _framework(back)
    assert [o.id for o in fw.outcomes] == ["outcome:my-framework/a", "outcome:my-framework/2"]


def test_codes_and_titles_make_unique_ids() -> None:
    fw = _framework(read_case(_package(
        [_item("a", "1.1"), _item("b", "1-1"), _item("c", "")],
        [("isChildOf", x, "doc") for x in "abc"], title="Ünïcode: Framework!")))
    assert fw.id == "fw:unicode-framework"
    assert [o.id for o in fw.outcomes] == [
        "outcome:unicode-framework/1-1", "outcome:unicode-framework/1-1-2",
        "outcome:unicode-framework/3"]


def test_a_second_parent_is_dropped_with_a_warning() -> None:
    back = read_case(_package([_item("a"), _item("b"), _item("c")],
                              [("isChildOf", "a", "doc"), ("isChildOf", "b", "doc"),
                               ("isChildOf", "c", "a"), ("isChildOf", "c", "b")]))
    assert _framework(back).outcomes[2].parent == "outcome:my-framework/1"
    assert _warning(back, "second parent").field == "CFAssociations[3]"


def test_rubrics_are_left_out_with_a_warning() -> None:
    package = _package([_item("a")], [("isChildOf", "a", "doc")])
    package["CFRubrics"] = [{"identifier": "r", "title": "A rubric"}]
    assert _warning(read_case(package), "rubrics").field == "CFRubrics"


def test_links_inside_one_framework_are_not_crosswalks() -> None:
    back = read_case(_package([_item("a"), _item("b")],
                              [("isChildOf", "a", "doc"), ("isChildOf", "b", "doc"),
                               ("exactMatchOf", "a", "b")]))
    assert _crosswalks(back) == []
    assert "a crosswalk links two frameworks" in _warning(back, "exactMatchOf between").message


def test_links_between_two_packages_read_together_are_crosswalks(tmp_path: Path) -> None:
    one = _package([_item("a", "A")], [("isChildOf", "a", "doc"), ("isPartOf", "a", "b")])
    two = _package([_item("b", "B")], [("isChildOf", "b", "doc2")], identifier="doc2",
                   title="Other")
    back = read_case(one, two)
    assert [(c.from_, c.to, c.relation, c.sources) for c in _crosswalks(back)] == [
        ("outcome:my-framework/a", "outcome:other/b", "broad",
         (Citation(source="source:my-framework"),))]
    assert sendpath.load(write_package(back, tmp_path / "pkg")).crosswalks == tuple(
        _crosswalks(back))


# --- bad input -----------------------------------------------------------------------------------


def _problems(*sources: Any) -> list[tuple[str | None, str | None, str]]:
    with pytest.raises(DataError) as info:
        read_case(*sources)
    return [(p.file, p.field, p.code) for p in info.value.problems]


def test_not_json_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"CFDocument":\n  oops}')
    with pytest.raises(DataError) as info:
        read_case(path)
    (problem,) = info.value.problems
    assert (problem.file, problem.code, problem.line) == (str(path), "syntax", 2)


@pytest.mark.parametrize(("data", "field", "code"), [
    (b"[]", None, "wrong-type"),
    (b'{"CFItems": []}', "CFDocument", "missing-field"),
    (b'{"CFDocument": "doc"}', "CFDocument", "wrong-type"),
    (b'{"CFDocument": {"identifier": "d"}}', "CFDocument.title", "missing-field"),
    (b'{"CFDocument": {"identifier": "d", "title": "T"}, "CFItems": {}}', "CFItems",
     "wrong-type"),
])
def test_not_a_cf_package(data: bytes, field: str | None, code: str) -> None:
    assert _problems(data) == [("<input>", field, code)]


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    assert _problems(tmp_path / "none.json") == [(str(tmp_path / "none.json"), None,
                                                  "not-found")]


def test_every_problem_of_every_package_at_once() -> None:
    bad_item = _package([{"fullStatement": "no identifier"}, _item("b")],
                        [("isChildOf", "b", "nowhere")])
    assert _problems(b"nope", bad_item, {"CFDocument": {}}) == [
        ("<input>", None, "syntax"),
        ("<input 2>", "CFItems[0].identifier", "missing-field"),
        ("<input 3>", "CFDocument.identifier", "missing-field"),
        ("<input 3>", "CFDocument.title", "missing-field"),
    ]


def test_an_item_referencing_an_unknown_parent() -> None:
    package = _package([_item("a"), _item("b")],
                       [("isChildOf", "a", "doc"), ("isChildOf", "b", "missing")])
    assert _problems(package) == [
        ("<input>", "CFAssociations[1].destinationNodeURI", "unknown-reference")]


def test_a_cycle_of_parents() -> None:
    package = _package([_item("a"), _item("b")],
                       [("isChildOf", "a", "b"), ("isChildOf", "b", "a")])
    assert {code for _f, _field, code in _problems(package)} == {"invalid-value"}


def test_duplicate_identifiers() -> None:
    package = _package([_item("a"), _item("A")], [])
    assert _problems(package) == [("<input>", "CFItems[1].identifier", "duplicate-id")]


def test_an_association_without_its_ends() -> None:
    package = _package([_item("a")], [("isChildOf", "a", "doc")])
    del package["CFAssociations"][0]["destinationNodeURI"]
    assert _problems(package) == [
        ("<input>", "CFAssociations[0].destinationNodeURI", "missing-field")]
