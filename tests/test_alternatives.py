"""Alternatives: the minimal sets of leaves that satisfy a tree, checked by brute force."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

import sendpath
from sendpath.model import AllOf, AnyOf, AtLeast, Holding, Profile, Ref, Requirement
from sendpath.rules import alternatives, check

IDS = [f"qual:q{i}" for i in range(5)]
ON = dt.date(2026, 9, 1)


def leaves() -> st.SearchStrategy[Requirement]:
    return st.sampled_from([Ref(id=i) for i in IDS])


def groups(children: st.SearchStrategy[Requirement]) -> st.SearchStrategy[Requirement]:
    items = st.lists(children, unique=True, min_size=1, max_size=3).map(tuple)
    return st.one_of(
        items.map(lambda xs: AllOf(items=xs)),
        items.map(lambda xs: AnyOf(items=xs)),
        items.flatmap(lambda xs: st.integers(1, len(xs)).map(lambda n: AtLeast(n=n, of=xs))),
    )


trees = st.recursive(leaves(), groups, max_leaves=7)


def _holds(ids: set[str]) -> Profile:
    return Profile(holds=tuple(Holding(id=i, awarded=dt.date(2020, 1, 1)) for i in sorted(ids)))


def _met(tree: Requirement, ids: set[str]) -> bool:
    return check(tree, _holds(ids), on=ON).state == "met"


@given(trees)
def test_alternatives_are_exactly_the_minimal_satisfying_sets(tree: Requirement) -> None:
    found = alternatives(tree)
    assert found.complete
    sets = [{leaf.id for leaf in s} for s in found.sets]  # type: ignore[attr-defined]
    # brute force: every subset of the ids, the minimal ones that satisfy the tree
    satisfying = [set(c) for r in range(len(IDS) + 1) for c in itertools.combinations(IDS, r)
                  if _met(tree, set(c))]
    minimal = [s for s in satisfying if not any(o < s for o in satisfying)]
    assert sorted(map(sorted, sets)) == sorted(map(sorted, minimal))


def test_alternatives_stop_at_the_cap_and_say_so() -> None:
    tree = AllOf(items=tuple(AnyOf(items=(Ref(id=f"qual:a{i}"), Ref(id=f"qual:b{i}")))
                             for i in range(10)))  # 2**10 ways
    found = alternatives(tree, cap=50)
    assert (len(found.sets), found.complete) == (50, False)
    assert alternatives(tree, cap=2000).complete


def test_the_senco_eligibility_alternatives() -> None:
    senco = sendpath.load_default().roles["role:senco"]
    assert senco.requires is not None
    sets = alternatives(senco.requires).sets
    assert len(sets) == 3  # the head teacher, or a teacher with induction or its exemption
    assert {type(leaf).__name__ for leaf in sets[0]} == {"InRole"}
