"""Finding records by words: the query and ``sendpath find``."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import query
from sendpath.cli import main


@pytest.fixture(scope="module")
def cat():
    return sendpath.load_default()


def test_the_id_named_by_the_words_comes_first(cat):
    assert query.find(cat, "npq senco")[0].id == "qual:npq-senco"
    assert query.find(cat, "senco", kinds=["role"])[0].id == "role:senco"


def test_case_accents_and_word_starts_do_not_matter(cat):
    plain = [m.id for m in query.find(cat, "visual impairment")]
    assert plain == [m.id for m in query.find(cat, "VISUAL Impairment")]
    assert plain == [m.id for m in query.find(cat, "visuál impairment")]
    # the start of a word is enough: "impair" also finds "impaired"
    assert set(plain) <= {m.id for m in query.find(cat, "visual impair")}
    assert "area:vi" in plain


def test_every_word_must_be_found(cat):
    both = {m.id for m in query.find(cat, "hearing impairment")}
    assert both <= {m.id for m in query.find(cat, "hearing")}
    assert both <= {m.id for m in query.find(cat, "impairment")}
    assert len(query.find(cat, "hearing zzzqqq")) == 0


def test_outcome_statements_are_searched(cat):
    outcome = next((o for o in cat.outcomes.values() if o.statement), None)
    if outcome is None:
        pytest.fail("the shipped data has no outcome statements to search")
    word = max(outcome.statement.split(), key=len).strip(".,;:()'\"")
    assert outcome.id in {m.id for m in query.find(cat, word, kinds=["outcome"])}


def test_autism_finds_the_autism_area_through_its_cited_description(cat):
    # Issue 12: area:asd's id, title and code hold no "autism"; its description does, in the
    # Code of Practice's wording (ASD taking in autism), and the Code is cited for it.
    record = cat.get("area:asd")
    assert not any("autism" in str(getattr(record, f)).casefold() for f in ("id", "title", "code"))
    assert "autism" in record.description.casefold()
    code = [c for c in record.sources if c.source == "source:send-code-of-practice"]
    assert [c.supports for c in code] == [("description",)]
    assert code[0].backs("description")
    assert code[0].locator.startswith("6.29")
    assert all(u.startswith("https://www.gov.uk/") for u in cat.get(code[0].source).urls)

    hits = query.find(cat, "autism")
    asd = next(m for m in hits if m.id == "area:asd")
    assert (asd.field, "autism" in asd.text.casefold()) == ("description", True)
    # ranked as find ranks: only matches in a better field come before it
    fields = ("id", "title", "code", "statement", "description")
    ahead = hits[: [m.id for m in hits].index("area:asd")]
    assert all((fields.index(m.field), m.id) < (fields.index("description"), "area:asd")
               for m in ahead)
    assert query.find(cat, "autism", kinds=["area"])[0].id == "area:asd"


def test_kinds_limit_and_errors(cat):
    assert {m.kind for m in query.find(cat, "senco", kinds=["qual"])} == {"qual"}
    assert len(query.find(cat, "senco", limit=2)) == 2
    with pytest.raises(ValueError, match="at least one word"):
        query.find(cat, " ,.; ")


_CAT = sendpath.load_default()
_TITLE_WORDS = sorted({(rid, w) for rid in _CAT for w in
                       (x.strip(".,;:()'\"").casefold() for x in _CAT.get(rid).title.split())
                       if len(w) >= 3 and w.isalpha()})


@given(st.sampled_from(_TITLE_WORDS), st.integers(1, 5))
def test_a_word_of_a_title_finds_its_record_and_every_match_holds_it(pair, cut):
    rid, word = pair
    prefix = word[: max(3, len(word) - cut)]  # the start of a word is enough
    matches = query.find(_CAT, prefix)
    assert rid in {m.id for m in matches}
    for m in matches:
        record = _CAT.get(m.id)
        haystack = " ".join(str(getattr(record, f, "") or "") for f in
                            ("id", "title", "code", "statement", "description"))
        assert prefix in unicodedata.normalize("NFKD", haystack.casefold())


def test_cli_find(capsys):
    assert main(["find", "npq", "senco"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("qual:npq-senco: ")
    assert main(["find", "senco", "--kind", "role", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == 1
    assert data["matches"][0]["id"] == "role:senco"
    assert {m["kind"] for m in data["matches"]} == {"role"}
    assert main(["find", "zzzqqq"]) == 1
    assert main(["find", "..."]) == 2
    assert "at least one word" in capsys.readouterr().err


def test_cli_find_autism(capsys):
    assert main(["find", "autism", "--kind", "area"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "area:asd: Autistic spectrum disorder (ASD)"
    assert lines[1].lstrip().startswith("description: ")
    assert "autism" in lines[1]
    assert main(["find", "autism", "--json"]) == 0
    matches = json.loads(capsys.readouterr().out)["matches"]
    asd = next(m for m in matches if m["id"] == "area:asd")
    assert (asd["kind"], asd["field"]) == ("area", "description")


def test_excerpts_are_cut_around_the_word_even_after_accents():
    from sendpath.query.find import _excerpt

    text = "é" * 150 + "ß" * 150 + " needle " + "x" * 300
    cut = _excerpt(text, ["needle"])
    assert "needle" in cut
    assert cut.startswith("...")
    assert cut.endswith("...")


def test_find_and_crosswalk_take_the_graph_or_the_catalogue() -> None:
    import sendpath
    from sendpath import query

    cat = sendpath.load_default()
    by_graph = [m.id for m in query.find(cat.graph, "senco")]
    assert by_graph == [m.id for m in query.find(cat, "senco")]
    link = cat.crosswalks[0]
    assert ([a.outcome for a in query.crosswalk(cat.graph, link.from_)]
            == [a.outcome for a in query.crosswalk(cat, link.from_)])


def _naive_find(cat, words):
    """Brute force: every record, every field, every word; the rank as find documents it."""
    from sendpath.query.find import _FIELDS, _WORD, _fold

    out = []
    for rid in cat:
        record = cat.get(rid)
        found = [set(_WORD.findall(_fold(getattr(record, f, "") or ""))) for f in _FIELDS]

        def has(i, w, found=found):
            return any(s.startswith(w) for s in found[i])

        if not all(any(has(i, w) for i in range(len(_FIELDS))) for w in words):
            continue
        whole = [i for i in range(len(_FIELDS)) if all(has(i, w) for w in words)]
        rank = whole[0] if whole else len(_FIELDS) + next(
            i for i in range(len(_FIELDS)) if any(has(i, w) for w in words))
        out.append((rid.partition(":")[2] != "-".join(words), rank, rid))
    return [rid for *_key, rid in sorted(out)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["sen", "senco", "npq", "aut", "visual", "teach", "qual", "s",
                                 "level", "x", "lead", "deaf", "2", "framework"]),
                min_size=1, max_size=3))
def test_the_index_finds_what_a_scan_of_every_record_finds(words):
    cat = sendpath.load_default()
    assert [m.id for m in query.find(cat, " ".join(words))] == _naive_find(cat, words)
