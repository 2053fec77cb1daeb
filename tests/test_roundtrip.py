"""Round trips: structure(unstructure(x)) == x, directly and through JSON text."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath.ids import make_id
from sendpath.io import dumps
from sendpath.io._converter import structure, unstructure
from sendpath.model import (
    EXPERIENCE_KINDS,
    QUALIFICATION_KINDS,
    QUALIFICATION_STATUSES,
    SOURCE_KINDS,
    AllOf,
    AnyOf,
    AppointedAfter,
    AppointedOnOrBefore,
    AtLeast,
    Citation,
    Experience,
    Holds,
    InRole,
    MinCredits,
    MinHours,
    Obligation,
    Period,
    PriorServiceOver,
    Qualification,
    Ref,
    Requirement,
    Role,
    Source,
)

_WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
SLUGS = st.lists(st.lists(_WORD, min_size=1, max_size=3).map("-".join), min_size=1,
                 max_size=2).map("/".join)


def ids(*kinds: str) -> st.SearchStrategy[str]:
    return st.builds(make_id, st.sampled_from(kinds), SLUGS)


def id_tuples(*kinds: str) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(ids(*kinds), unique=True, max_size=3).map(tuple)


# One line of printable-ish text, as a title must be (surrogates and control characters excluded).
# Free text as the model accepts it: no control character, lone surrogate or bidirectional
# control; tab and newline only where a text may run over lines.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=BIDI)
TITLES = st.text(CHARS, min_size=1, max_size=30).filter(lambda s: s.strip() != "")
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=BIDI)
               | st.sampled_from("\t\n"), max_size=30)
POS = st.integers(min_value=1, max_value=10**6)
URLS = st.builds(lambda scheme, path: f"{scheme}://example.org/{path}",
                 st.sampled_from(["http", "https"]),
                 st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-/_.?=&%", max_size=30))
MONTHS = st.integers(min_value=1, max_value=1200)  # the model's cap: a century
YEARS = st.integers(min_value=1, max_value=100)
HOURS = st.one_of(st.integers(0, 10**5),
                  st.floats(0, 1e6, allow_nan=False, allow_infinity=False))
DATES = st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))  # the model's range


def opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


citations = st.builds(Citation, source=ids("source"), locator=TEXT)
CITES = st.lists(citations, min_size=1, max_size=3).map(tuple)

holds = st.builds(
    Holds, holds=ids("qual", "activity"), started_before=opt(DATES),
    started_on_or_after=opt(DATES), completed_before=opt(DATES), valid_for_months=opt(MONTHS),
    unless_not_required=st.booleans(),
)
experience = st.one_of(
    st.builds(Experience, role=ids("role"), months=MONTHS),
    st.builds(Experience, role=ids("role"), hours=POS),
    st.builds(Experience, kind=st.sampled_from(sorted(EXPERIENCE_KINDS)), months=MONTHS),
    st.builds(Experience, kind=st.sampled_from(sorted(EXPERIENCE_KINDS)), hours=POS),
)
leaves = st.one_of(
    st.builds(Ref, id=ids("qual", "activity", "role", "outcome")),
    holds,
    st.builds(InRole, in_role=ids("role")),
    experience,
    st.builds(MinHours, n=POS, of=id_tuples("qual", "activity").filter(bool),
              within_months=opt(MONTHS)),
    st.builds(MinCredits, n=POS, of=id_tuples("qual", "activity").filter(bool),
              within_months=opt(MONTHS)),
)
# Facts about an appointment: allowed in exempt trees only.
exemption_leaves = st.one_of(
    st.builds(AppointedOnOrBefore, appointed_on_or_before=DATES),
    st.builds(AppointedAfter, appointed_after=DATES),
    st.builds(PriorServiceOver, role=ids("role"), months=MONTHS),
)


@st.composite
def _at_least(draw: st.DrawFn, children: st.SearchStrategy[Any]) -> AtLeast:
    of = tuple(draw(st.lists(children, unique=True, min_size=1, max_size=4)))
    return AtLeast(n=draw(st.integers(1, len(of))), of=of)


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    items = st.lists(children, unique=True, min_size=1, max_size=4).map(tuple)
    return st.one_of(st.builds(AllOf, items=items), st.builds(AnyOf, items=items),
                     _at_least(children))


REQUIREMENTS = st.recursive(leaves, _extend, max_leaves=12)
EXEMPTIONS = st.recursive(st.one_of(leaves, exemption_leaves), _extend, max_leaves=8)

periods = st.one_of(st.builds(Period, years=YEARS), st.builds(Period, months=MONTHS))
obligations = st.one_of(
    st.builds(Obligation, anchor=st.just("appointed"), due=periods, requires=REQUIREMENTS,
              exempt=opt(EXEMPTIONS)),
    st.builds(Obligation, anchor=st.just("teaches_class"), due=periods, requires=REQUIREMENTS,
              exempt=opt(EXEMPTIONS), need=ids("area")),
)

sources = st.builds(
    Source, id=ids("source"), title=TITLES, publisher=TITLES,
    kind=st.sampled_from(sorted(SOURCE_KINDS)),
    urls=st.lists(URLS, max_size=2).map(tuple), published=opt(DATES), date_note=TEXT,
    unconfirmed=st.lists(TITLES, max_size=2).map(tuple),
)

roles = st.builds(
    Role, id=ids("role"), title=TITLES, sources=CITES, description=TEXT,
    unconfirmed=st.lists(TITLES, max_size=2).map(tuple), requires=opt(REQUIREMENTS),
    obligations=st.lists(obligations, max_size=2).map(tuple), areas=id_tuples("area"),
    leads_to=id_tuples("role", "qual"), entry_point=st.booleans(),
)


@st.composite
def qualifications(draw: st.DrawFn) -> Qualification:
    months = draw(opt(MONTHS))
    months_max = draw(opt(st.integers(months or 1, 1200)))
    starts_from = draw(opt(DATES))
    starts_until = draw(opt(DATES.filter(lambda d: starts_from is None or d >= starts_from)))
    return Qualification(
        id=draw(ids("qual")), title=draw(TITLES), sources=draw(CITES), description=draw(TEXT),
        kind=draw(st.sampled_from(sorted(QUALIFICATION_KINDS))),
        status=draw(st.sampled_from(sorted(QUALIFICATION_STATUSES))),
        rqf_level=draw(opt(st.integers(1, 8))), months=months, months_max=months_max,
        credits=draw(opt(POS)), hours=draw(opt(HOURS)), starts_from=starts_from,
        starts_until=starts_until, completes_by=draw(opt(DATES)),
        valid_for_months=draw(opt(MONTHS)), requires=draw(opt(REQUIREMENTS)),
        areas=draw(id_tuples("area")), covers=draw(id_tuples("outcome")),
        replaces=draw(id_tuples("qual")), replaced_by=draw(id_tuples("qual")),
    )


def through_json(value: Any) -> Any:
    return json.loads(dumps(value))


@given(citations)
def test_citation_round_trips(x: Citation) -> None:
    assert structure(unstructure(x), Citation) == x
    assert structure(through_json(unstructure(x)), Citation) == x


@given(sources)
def test_source_round_trips(x: Source) -> None:
    assert structure(unstructure(x), Source) == x
    assert structure(through_json(unstructure(x)), Source) == x


@settings(max_examples=60)
@given(roles)
def test_role_with_obligations_round_trips(x: Role) -> None:
    assert structure(unstructure(x), Role) == x
    assert structure(through_json(unstructure(x)), Role) == x


@settings(max_examples=60)
@given(qualifications())
def test_qualification_round_trips(x: Qualification) -> None:
    assert structure(unstructure(x), Qualification) == x
    assert structure(through_json(unstructure(x)), Qualification) == x


@given(st.one_of(REQUIREMENTS, EXEMPTIONS))
def test_requirement_trees_round_trip(x: Requirement) -> None:
    raw = unstructure(x)
    assert structure(raw, Requirement) == x
    assert structure(through_json(raw), Requirement) == x


@given(REQUIREMENTS)
def test_unstructured_requirements_are_plain_json_data(x: Requirement) -> None:
    def plain(v: Any) -> bool:
        if isinstance(v, dict):
            return all(isinstance(k, str) and plain(i) for k, i in v.items())
        if isinstance(v, list):
            return all(plain(i) for i in v)
        return isinstance(v, (str, int, float, bool))

    assert plain(unstructure(x))
    assert through_json(unstructure(x)) == unstructure(x)


@given(obligations)
def test_obligation_round_trips(x: Obligation) -> None:
    assert structure(unstructure(x), Obligation) == x
    assert structure(through_json(unstructure(x)), Obligation) == x
