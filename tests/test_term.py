"""School terms: every day in exactly one term, in order, each term's days adjacent."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sendpath
from sendpath.model import SEASONS, Term

terms = st.builds(Term, st.integers(1, 9999), st.sampled_from(SEASONS))


def test_the_terms_of_design():
    assert sendpath.Term is Term
    assert [(str(t), t.first_day, t.last_day) for t in
            (Term(2026, "spring"), Term(2026, "summer"), Term(2026, "autumn"))] == [
        ("2026-spring", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026-summer", dt.date(2026, 4, 1), dt.date(2026, 8, 31)),
        ("2026-autumn", dt.date(2026, 9, 1), dt.date(2026, 12, 31)),
    ]


@pytest.mark.parametrize(("day", "term"), [
    (dt.date(2026, 8, 31), Term(2026, "summer")), (dt.date(2026, 9, 1), Term(2026, "autumn")),
    (dt.date(2026, 12, 31), Term(2026, "autumn")), (dt.date(2027, 1, 1), Term(2027, "spring")),
    (dt.date(2027, 3, 31), Term(2027, "spring")), (dt.date(2027, 4, 1), Term(2027, "summer")),
    (dt.date(2024, 2, 29), Term(2024, "spring")),
])
def test_each_boundary_day_falls_in_its_term(day, term):
    assert Term.of(day) == term


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_every_day_falls_in_exactly_one_term(day):
    term = Term.of(day)
    assert term.first_day <= day <= term.last_day
    others = [Term(day.year, s) for s in SEASONS if s != term.season]
    assert not any(t.first_day <= day <= t.last_day for t in others)


@given(terms)
def test_terms_follow_each_other_day_by_day(term):
    if term == Term(9999, "autumn"):
        with pytest.raises(ValueError, match="9999"):
            term.next()
        return
    after = term.next()
    assert after.first_day == term.last_day + dt.timedelta(days=1)
    assert term < after
    assert Term.of(term.last_day) == term
    assert Term.of(after.first_day) == after


@given(terms, terms)
def test_terms_order_as_their_days_do(a, b):
    assert (a < b) == (a.first_day < b.first_day)
    assert (a == b) == (a.first_day == b.first_day)


@given(terms)
def test_a_term_reads_back_from_its_text(term):
    assert Term.parse(str(term)) == term


@pytest.mark.parametrize("text", ["2026", "autumn-2026", "2026-winter", "-autumn", "2026-", ""])
def test_bad_terms_are_refused(text):
    with pytest.raises(ValueError, match=r"term|season|year"):
        Term.parse(text)


def test_years_out_of_range_are_refused():
    with pytest.raises(ValueError, match="1 to 9999"):
        Term(0, "autumn")
    with pytest.raises(ValueError, match="1 to 9999"):
        Term(10000, "spring")


@given(st.integers(2000, 2100), st.sampled_from(SEASONS), st.integers(-300, 300))
def test_adding_terms_walks_next_and_subtracting_counts_them(year: int, season: str,
                                                            n: int) -> None:
    t = Term(year, season)
    later = t + n
    assert later - t == n
    assert (t + 1) == t.next()
    assert (later > t) == (n > 0)
