"""Identifiers: the kind:slug grammar, the kinds, and resolution of short names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath import ids
from sendpath.errors import AmbiguousIdError, UnknownIdError
from sendpath.ids import (
    ID_PATTERN,
    KINDS,
    SLUG_PATTERN,
    Resolver,
    is_id,
    is_slug,
    kind_of,
    make_id,
    parse_id,
    resolve,
)

KNOWN = frozenset({
    "role:senco", "role:teacher", "role:headteacher", "qual:npq-senco", "qual:qts",
    "qual:induction", "outcome:ittecf/5-3", "area:all",
})


def test_kinds_are_the_documented_ten_and_policy() -> None:
    assert KINDS == ("role", "qual", "activity", "fw", "outcome", "area", "scale", "level",
                     "source", "policy", "gate")


@pytest.mark.parametrize("text", [
    "role:senco", "qual:npq-senco", "outcome:ittecf/5-3", "gate:role-senco/requires/0",
    "area:all", "fw:ts", "level:cop/awareness", "source:si-2024-535", "activity:a1", "scale:x",
    "qual:0",
])
def test_valid_ids(text: str) -> None:
    assert is_id(text)
    kind, slug = parse_id(text)
    assert f"{kind}:{slug}" == text
    assert kind_of(text) == kind


@pytest.mark.parametrize("text", [
    "", "senco", "role:", ":senco", "role:Senco", "Role:senco", "cat:x", "role:npq--senco",
    "role:-senco", "role:senco-", "role:senco/", "role:/senco", "role:a//b", "role:a b",
    "role:senco\n", " role:senco", "role:a_b", "role:a:b", "role:é", "qual:npq-senco/",
    "roles:senco",
])
def test_invalid_ids(text: str) -> None:
    assert not is_id(text)
    with pytest.raises(ValueError, match="not a valid id"):
        parse_id(text)
    with pytest.raises(ValueError, match="not a valid id"):
        kind_of(text)


@pytest.mark.parametrize(("text", "ok"), [
    ("npq-senco", True), ("ittecf/5-3", True), ("a", True), ("0", True),
    ("npq--senco", False), ("", False), ("Senco", False), ("a/", False), ("-a", False),
    ("role:senco", False), ("a b", False),
])
def test_slugs(text: str, ok: bool) -> None:
    assert is_slug(text) is ok


def test_make_id_checks_both_parts() -> None:
    assert make_id("role", "hlta") == "role:hlta"
    assert make_id("outcome", "ittecf/5-3") == "outcome:ittecf/5-3"
    with pytest.raises(ValueError, match="not a valid id"):
        make_id("cat", "x")
    with pytest.raises(ValueError, match="not a valid id"):
        make_id("role", "Bad Slug")


@given(st.from_regex(ID_PATTERN, fullmatch=True))
def test_generated_ids_parse_and_round_trip(text: str) -> None:
    kind, slug = parse_id(text)
    assert kind in KINDS
    assert is_slug(slug)
    assert make_id(kind, slug) == text
    assert kind_of(text) == kind


@given(st.sampled_from(KINDS), st.from_regex(SLUG_PATTERN, fullmatch=True))
def test_make_id_accepts_every_kind_and_slug(kind: str, slug: str) -> None:
    assert parse_id(make_id(kind, slug)) == (kind, slug)


@given(st.text(max_size=20))
def test_is_id_agrees_with_the_grammar(text: str) -> None:
    assert is_id(text) is (re.fullmatch(ID_PATTERN, text) is not None)


# --- resolve ---------------------------------------------------------------------------------


def test_resolve_full_id() -> None:
    assert resolve("role:senco", KNOWN) == "role:senco"
    assert resolve("role:senco", KNOWN, kind="role") == "role:senco"


def test_resolve_short_name_without_kind() -> None:
    assert resolve("teacher", KNOWN) == "role:teacher"
    assert resolve("ittecf/5-3", KNOWN) == "outcome:ittecf/5-3"


def test_resolve_short_name_by_the_kind_a_field_implies() -> None:
    known = KNOWN | {"qual:senco"}
    assert resolve("senco", known, kind="qual") == "qual:senco"
    assert resolve("senco", known, kind="role") == "role:senco"
    assert resolve("npq-senco", known, kind="qual") == "qual:npq-senco"


def test_resolve_accepts_any_iterable() -> None:
    assert resolve("qts", iter(sorted(KNOWN))) == "qual:qts"
    assert resolve("qts", list(KNOWN)) == "qual:qts"
    assert resolve("qts", dict.fromkeys(KNOWN)) == "qual:qts"


def test_resolve_ambiguous_short_name_lists_candidates() -> None:
    known = KNOWN | {"qual:senco"}
    with pytest.raises(AmbiguousIdError) as info:
        resolve("senco", known)
    assert info.value.candidates == ("qual:senco", "role:senco")
    assert info.value.ref == "senco"
    assert "qual:senco or role:senco" in str(info.value)
    assert isinstance(info.value, LookupError)


def test_resolve_unknown_short_name_suggests_the_close_match() -> None:
    with pytest.raises(UnknownIdError) as info:
        resolve("sencoo", KNOWN)
    assert info.value.candidates[0] == "role:senco"
    assert "did you mean role:senco" in str(info.value)
    assert not isinstance(info.value, AmbiguousIdError)


def test_resolve_unknown_short_name_in_kind_suggests_only_that_kind() -> None:
    with pytest.raises(UnknownIdError) as info:
        resolve("npq-sencoo", KNOWN, kind="qual")
    assert info.value.kind == "qual"
    assert info.value.candidates == ("qual:npq-senco",)
    assert str(info.value).startswith("unknown qual id 'npq-sencoo'")


def test_resolve_unknown_full_id_suggests_full_ids() -> None:
    with pytest.raises(UnknownIdError) as info:
        resolve("role:teachr", KNOWN)
    assert info.value.candidates[0] == "role:teacher"


def test_resolve_full_id_of_the_wrong_kind_is_unknown() -> None:
    with pytest.raises(UnknownIdError) as info:
        resolve("role:senco", KNOWN, kind="qual")
    assert all(c.startswith("qual:") for c in info.value.candidates)


def test_resolve_short_name_missing_from_the_kind_is_unknown() -> None:
    with pytest.raises(UnknownIdError):
        resolve("teacher", KNOWN, kind="qual")


def test_resolve_nothing_close_gives_no_candidates() -> None:
    with pytest.raises(UnknownIdError) as info:
        resolve("zzzzzzzz", KNOWN)
    assert info.value.candidates == ()
    assert "did you mean" not in str(info.value)


def test_resolve_candidates_are_capped_at_three() -> None:
    known = {f"role:senco-{c}" for c in "abcdef"}
    with pytest.raises(UnknownIdError) as info:
        resolve("senco-x", known)
    # six names equally close: the three first in order are offered, no more
    assert info.value.candidates == ("role:senco-a", "role:senco-b", "role:senco-c")


def test_resolve_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind 'cat'"):
        resolve("senco", KNOWN, kind="cat")


def test_resolve_in_an_empty_catalogue() -> None:
    with pytest.raises(UnknownIdError) as info:
        resolve("senco", [])
    assert info.value.candidates == ()


_WORDS = st.lists(st.text("abc019", min_size=1, max_size=3), min_size=1, max_size=3).map("-".join)
_SLUGS = st.lists(_WORDS, min_size=1, max_size=2).map("/".join)
_IDS = st.builds(make_id, st.sampled_from(KINDS), _SLUGS)


@given(st.sets(_IDS, min_size=1, max_size=8), st.data())
def test_resolve_every_full_id_to_itself(known: set[str], data: st.DataObject) -> None:
    ref = data.draw(st.sampled_from(sorted(known)))
    assert resolve(ref, known) == ref
    assert resolve(ref, known, kind=kind_of(ref)) == ref
    slug = parse_id(ref)[1]
    assert resolve(slug, known, kind=kind_of(ref)) == ref


def test_resolver_protocol_is_runtime_checkable() -> None:
    class Mine:
        def resolve(self, ref: str, kind: str | None = None) -> str:
            return ids.resolve(ref, KNOWN, kind=kind)

    assert isinstance(Mine(), Resolver)
    assert not isinstance(object(), Resolver)


@pytest.mark.parametrize(("written", "expected"), [
    ("SENCO", "role:senco"), ("Role:SENCo", "role:senco"), ("NPQ-SENCO", "qual:npq-senco"),
])
def test_ids_are_found_whatever_their_case(written: str, expected: str) -> None:
    known = ["role:senco", "qual:npq-senco", "role:teacher"]
    assert resolve(written, known) == expected
    assert resolve(written, known, kinds=("role", "qual")) == expected


def test_an_unknown_id_in_capitals_is_reported_as_written_with_suggestions() -> None:
    with pytest.raises(UnknownIdError) as err:
        resolve("SENCOO", ["role:senco", "role:teacher"])
    assert err.value.ref == "SENCOO"
    assert err.value.candidates == ("role:senco",)


def test_a_record_of_the_wrong_kind_is_named_not_a_near_name_suggested() -> None:
    from sendpath.errors import WrongKindError

    known = ["role:senco", "qual:npq-senco", "role:teacher", "area:asd"]
    with pytest.raises(WrongKindError) as err:
        resolve("NPQ-SENCO", known, kinds=("role",))
    assert err.value.ref == "NPQ-SENCO"
    assert err.value.candidates == ("qual:npq-senco",)
    assert str(err.value) == "'NPQ-SENCO' names qual:npq-senco, not a role"
    with pytest.raises(WrongKindError, match="'area:asd' is not a role or qual"):
        resolve("area:asd", known, kinds=("role", "qual"))
    with pytest.raises(UnknownIdError) as near:  # a near name is still a near name
        resolve("sencoo", known, kinds=("role",))
    assert type(near.value) is UnknownIdError
    assert near.value.candidates == ("role:senco",)


def _answer(ref: str, known: set[str], *, kind: str | None = None, kinds: tuple[str, ...] = (),
            names: dict[str, tuple[str, ...]] | None = None) -> tuple[str, object]:
    """What resolving ``ref`` gives: the id, or the error's type, text and candidates."""
    try:
        return "id", resolve(ref, known, kind=kind, kinds=kinds, names=names)
    except (UnknownIdError, AmbiguousIdError, ValueError) as err:
        return type(err).__name__, (str(err), getattr(err, "candidates", ()))


_KIND_CHOICES = st.lists(st.sampled_from([*KINDS, "cat"]), max_size=3).map(tuple)


@given(st.sets(_IDS, min_size=1, max_size=8), st.data())
def test_resolve_by_the_short_name_index_answers_as_the_scan(known: set[str],
                                                             data: st.DataObject) -> None:
    names = ids.short_names(known)
    ref = data.draw(st.one_of(st.sampled_from(sorted(known)),
                              st.sampled_from(sorted(known)).map(lambda i: i.split(":")[1]),
                              st.sampled_from(sorted(known)).map(str.upper), _SLUGS, _IDS))
    kinds = data.draw(_KIND_CHOICES)
    kind = data.draw(st.sampled_from([None, *KINDS, "cat"]))
    assert _answer(ref, known, kinds=kinds, names=names) == _answer(ref, known, kinds=kinds)
    assert _answer(ref, known, kind=kind, names=names) == _answer(ref, known, kind=kind)


def test_the_catalogue_resolves_through_its_short_name_index() -> None:
    import sendpath

    cat = sendpath.load_default()
    for rid in cat:
        slug = parse_id(rid)[1]
        assert cat.resolve(slug, kind_of(rid)) == resolve(slug, set(cat), kind=kind_of(rid))
