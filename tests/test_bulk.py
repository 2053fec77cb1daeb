"""Bulk evaluation agrees with the rules, person by person, on both backends."""

from __future__ import annotations

import datetime as dt
import importlib.util
from typing import Any

import pytest
from _catalogues import catalogue, qual, role
from hypothesis import given, settings
from hypothesis import strategies as st

import sendpath
from sendpath import bulk, query, rules
from sendpath.model import (
    ActivityRecord,
    AllOf,
    AnyOf,
    AtLeast,
    ExperiencePeriod,
    Holding,
    Holds,
    InRole,
    Obligation,
    Period,
    Profile,
    Ref,
    RoleSpell,
    ServicePeriod,
    Study,
    TeachingPeriod,
    referenced_ids,
    wording_on,
)

CAT = sendpath.load_default()
BACKENDS = ["python"] + (["numpy"] if importlib.util.find_spec("numpy") else [])
_GROUPS = {"all-of", "any-of", "at-least"}

D = dt.date
# Days on and either side of the rules' own dates, and others.
EDGES = [D(2009, 9, 1), D(2024, 9, 1), D(2027, 9, 1), D(2025, 1, 6), D(2028, 1, 6),
         D(2020, 2, 29), D(2026, 9, 1), D(2023, 9, 1), D(2024, 8, 31)]
NEAR = sorted({d + dt.timedelta(days=k) for d in EDGES for k in (-1, 0, 1)})
DAYS = st.one_of(st.sampled_from(NEAR), st.dates(D(2005, 1, 1), D(2031, 12, 31)))


def after(start: dt.date | None) -> Any:
    """A day on or after ``start`` (any day without one)."""
    if start is None:
        return DAYS
    edges = [d for d in NEAR if d >= start]
    return st.one_of(st.just(start), st.integers(1, 4000).map(
        lambda k: start + dt.timedelta(days=k)), *([st.sampled_from(edges)] if edges else []))


def _ids(kind: str) -> list[str]:
    found: set[str] = set()
    for record in [*CAT.roles.values(), *CAT.qualifications.values()]:
        for tree in [getattr(record, "requires", None),
                     *(o.requires for o in getattr(record, "obligations", ())),
                     *(o.exempt for o in getattr(record, "obligations", ()) if o.exempt)]:
            if tree is not None:
                found |= referenced_ids(tree)
    found |= {q.id for q in CAT.qualifications.values() if q.counts_as}
    return sorted(i for i in found if i.startswith(kind) and not (
        kind == "qual:" and CAT.qualifications[i].conferred))


ROLES = [*_ids("role:"), "role:senco", "role:qtvi", "role:teacher"]
HELD = _ids("qual:") + sorted(CAT.activities)[:3]
# The roles with duties, weighted: their dates are where the rules are subtle.
TARGETS = [*sorted(CAT.roles), *["role:senco"] * 8, *["role:qtvi"] * 3,
           "qual:nasenco", "qual:npq-senco", "qual:mq-vi", "qual:apc", "qual:qualified-teacher",
           "qual:bda-ats", "qual:hlta-status"]


def _named(target: str) -> set[str]:
    """Every id the target's rules read, through conferred statuses and equivalents."""
    todo, found = [target], {target}
    while todo:
        record = CAT.get(todo.pop())
        trees = [getattr(record, "requires", None)]
        for ob in getattr(record, "obligations", ()):
            trees += [ob.requires, ob.exempt]
        new = {i for t in trees if t is not None for i in referenced_ids(t)}
        new |= {q.id for q in CAT.qualifications.values() if q.counts_as and
                found & set(q.counts_as)}
        new = {i for i in new if i in CAT} - found
        found |= new
        todo += new
    return found


#: For each target, the roles and the held ids its rules read (so that most facts matter).
FOCUS = {t: (sorted(i for i in _named(t) if i.startswith("role:")) or ROLES,
             sorted(i for i in _named(t) if i.startswith(("qual:", "activity:"))
                    and not (i in CAT.qualifications and CAT.qualifications[i].conferred))
             or HELD) for t in TARGETS}


@st.composite
def holdings(draw: Any, held: list[str]) -> Holding:
    ref = draw(st.sampled_from(held))
    if draw(st.integers(0, 9)) == 0:
        return Holding(id=ref, not_required=True)
    started = draw(st.none() | DAYS)
    later = st.none() | after(started)
    awarded, completed = draw(later), draw(later)
    until = draw(st.none() | after(awarded)) if draw(st.integers(0, 5)) == 0 else None
    return Holding(id=ref, started=started, awarded=awarded, completed=completed, until=until)


@st.composite
def spells(draw: Any, roles: list[str]) -> RoleSpell:
    since = draw(DAYS)
    return RoleSpell(id=draw(st.sampled_from(roles)), since=since,
                     until=draw(st.none() | after(since)))


def _facts(leaves: Any, draw: Any) -> tuple[list[RoleSpell], list[Holding]]:
    """Facts that meet a set of leaves from long ago (a conferred status by its rule)."""
    roles: list[RoleSpell] = []
    holds: list[Holding] = []
    for leaf in leaves:
        ref = next(iter(leaf.refs()), "")
        record = CAT.qualifications.get(ref)
        if record is not None and record.conferred and record.requires is not None:
            more = _facts(draw(st.sampled_from(rules.alternatives(record.requires).sets)), draw)
            roles += more[0]
            holds += more[1]
        elif ref.startswith("role:"):
            roles.append(RoleSpell(id=ref, since=D(2001, 9, 1)))
        elif ref in CAT.qualifications or ref in CAT.activities:
            holds.append(Holding(id=ref, started=D(2000, 9, 1), awarded=D(2001, 7, 1)))
    return roles, holds


@st.composite
def profiles(draw: Any, target: str) -> Profile:
    roles, held = FOCUS[target]
    roles = [*roles, target] if target.startswith("role:") else roles
    record = CAT.get(target)
    base: tuple[list[RoleSpell], list[Holding]] = ([], [])
    tree = getattr(record, "requires", None)
    if tree is not None and draw(st.integers(0, 3)):  # mostly someone who meets its conditions
        base = _facts(draw(st.sampled_from(rules.alternatives(tree).sets)), draw)
    if target.startswith("role:") and draw(st.integers(0, 3)):  # mostly in the role
        base[0].append(RoleSpell(id=target, since=draw(DAYS)))
    service = [ServicePeriod(role="role:senco", start=s, end=draw(after(s)))
               for s in draw(st.lists(DAYS, max_size=2))]
    teaching = [TeachingPeriod(need=draw(st.sampled_from(["area:vi", "area:hi", "area:msi"])),
                               since=s, until=draw(st.none() | after(s)))
                for s in draw(st.lists(DAYS, max_size=2))]
    experience = [ExperiencePeriod(role=draw(st.sampled_from(roles)), start=s,
                                   end=draw(st.none() | after(s)),
                                   hours=draw(st.none() | st.integers(0, 900)))
                  for s in draw(st.lists(DAYS, max_size=2))]
    return Profile(
        roles=(*base[0], *draw(st.lists(spells(roles), max_size=3))),
        holds=(*base[1], *draw(st.lists(holdings(held), max_size=5))),
        studying=tuple(Study(id=draw(st.sampled_from(held)), started=s)
                       for s in draw(st.lists(DAYS, max_size=1))),
        service=tuple(service), teaching=tuple(teaching), experience=tuple(experience),
        activities=tuple(ActivityRecord(id=draw(st.sampled_from(held)), hours=3, date=d)
                         for d in draw(st.lists(DAYS, max_size=1))))


def expected_missing(cat: Any, person: Profile, target: str, on: dt.date,
                     as_of: dt.date | None, status: rules.Status) -> tuple[str, ...]:
    """The ids the rules' own reasons say are missing, by the way that lacks fewest."""
    if not target.startswith("role:"):
        return (target,) if status.state != "met" else ()
    nodes = set(cat.graph.nx)
    day = as_of or dt.date.today()

    def pick(ways: Any, state_of: Any, dated: bool) -> set[str]:
        best: set[str] = set()
        fewest = None
        for way in ways:
            leaves = sorted(way, key=repr)
            lacking = [leaf for leaf in leaves if state_of(leaf) != "met"]
            rank = (sum(1 for leaf in lacking if dated and state_of(leaf) == "not_met"),
                    len(lacking))
            if fewest is None or rank < fewest:
                fewest, best = rank, {r for leaf in lacking for r in leaf.refs() if r in nodes}
        return best

    out: set[str] = set()
    record = cat.roles[target]
    worded = wording_on(record.requires, day) if record.requires is not None else None
    if worded is not None and status.reasons[0].state != "met":
        out |= pick(rules.alternatives(worded).sets, lambda leaf: rules.check(
            leaf, person, on=on, catalogue=cat, rules_as_of=as_of).state, dated=False)
    duties = list(status.reasons[1:])
    for reason in duties:
        if reason.informative or reason.state == "met" or reason.code == "not-in-force":
            continue
        met_by = reason.children[-1]
        states = {r.node: r.state for r in met_by.walk() if r.node is not None}
        worded = met_by.node
        if worded is not None:
            out |= pick(rules.alternatives(worded).sets, lambda leaf, s=states: s.get(
                leaf, "not_met"), dated=True)
    return tuple(sorted(out))


def expected_codes(status: rules.Status) -> tuple[str, ...]:
    """The codes the rules give for what counts, in the order of REASON_CODES."""
    found = {r.code for top in status.reasons if not top.informative for r in top.walk()}
    return tuple(c for c in rules.REASON_CODES if c in found - _GROUPS)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=150)
@given(case=st.sampled_from(TARGETS).flatmap(
    lambda t: st.tuples(st.just(t), st.lists(profiles(t), min_size=1, max_size=6))),
    on=DAYS, as_of=st.none() | DAYS)
def test_bulk_agrees_with_the_rules(backend: str, case: tuple[str, list[Profile]],
                                    on: dt.date, as_of: dt.date | None) -> None:
    target, people = case
    got = list(bulk.evaluate(people, target, on=on, rules_as_of=as_of, catalogue=CAT,
                             backend=backend, batch_size=4))
    assert [r.person for r in got] == [str(i) for i in range(1, len(people) + 1)]
    for row, person in zip(got, people, strict=True):
        status = rules.evaluate(CAT, person, target, on=on, rules_as_of=as_of)
        assert (row.state, row.due) == (status.state, status.due), person
        assert row.codes == expected_codes(status), person
        assert row.missing == expected_missing(CAT, person, target, on, as_of, status), person
        if (target.startswith("role:") and as_of is None and status.reasons[0].state != "met"
                and len(status.reasons) == 1):
            # no duty: what is missing is one of the ways gap lists, one that lacks fewest
            ways = {o.missing for o in query.gap(CAT.graph, person, target, on=on).options}
            assert row.missing in ways
            assert len(row.missing) == min(len(w) for w in ways)


def _senco_grid() -> list[Profile]:
    """SENCOs on every side of the rules' dates: appointment, course start and completion."""
    teacher = [RoleSpell(id="role:teacher", since=D(2001, 9, 1)),
               Holding(id="qual:qts", awarded=D(2001, 7, 1)),
               Holding(id="qual:induction", completed=D(2002, 7, 1))]
    out = []
    for appointed in (D(2009, 9, 1), D(2009, 9, 2), D(2021, 9, 1), D(2024, 9, 1)):
        for course in ("none", "qual:npq-senco", "qual:nasenco", "studying"):
            starts = [D(2024, 8, 31), D(2024, 9, 1)] if course != "none" else [None]
            for start in starts:
                for done in ([D(2027, 8, 31), D(2027, 9, 1), None] if start else [None]):
                    holds = [h for h in teacher if isinstance(h, Holding)]
                    studying = []
                    if course == "studying" and start:
                        studying.append(Study(id="qual:npq-senco", started=start))
                    elif course != "none" and start:
                        holds.append(Holding(id=course, started=start, completed=done))
                    out.append(Profile(roles=(teacher[0], RoleSpell(id="role:senco",
                                                                   since=appointed)),
                                       holds=tuple(holds), studying=tuple(studying)))
    return out


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("on", [D(2024, 8, 31), D(2024, 9, 1), D(2024, 9, 2), D(2027, 8, 31),
                                D(2027, 9, 1), D(2027, 9, 2), D(2028, 1, 6)])
@pytest.mark.parametrize("as_of", [None, D(2024, 8, 31)])
def test_bulk_agrees_day_by_day_on_the_senco_rule(backend: str, on: dt.date,
                                                  as_of: dt.date | None) -> None:
    people = _senco_grid()
    got = list(bulk.evaluate(people, "senco", on=on, rules_as_of=as_of, catalogue=CAT,
                             backend=backend))
    for row, person in zip(got, people, strict=True):
        status = rules.evaluate(CAT, person, "senco", on=on, rules_as_of=as_of)
        assert (row.state, row.due, row.codes) == (status.state, status.due,
                                                   expected_codes(status)), person
        assert row.missing == expected_missing(CAT, person, "role:senco", on, as_of, status)


# -- random rules on a small catalogue ---------------------------------------------------------

SMALL = ("qual:a", "qual:b", "qual:c", "qual:d")
SMALL_DAYS = st.sampled_from([D(2020, 1, 1) + dt.timedelta(days=k)
                              for k in (-1, 0, 1, 180, 365, 366, 700, 730, 731, 1096)])


def _leaves() -> Any:
    def cond() -> Any:
        return st.none() | SMALL_DAYS

    holds = st.builds(Holds, holds=st.sampled_from(SMALL), started_before=cond(),
                      started_on_or_after=cond(), completed_before=cond(),
                      valid_for_months=st.none() | st.sampled_from([12, 24]),
                      unless_not_required=st.booleans())
    return st.one_of(holds, st.builds(Ref, id=st.sampled_from([*SMALL, "role:y"])),
                     st.builds(InRole, in_role=st.just("role:y")))


def _trees(depth: int) -> Any:
    """Requirement trees up to ``depth`` groups deep."""
    if depth == 0:
        return _leaves()
    kids = _trees(depth - 1)
    return st.one_of(
        _leaves(),
        st.builds(AllOf, items=st.lists(kids, unique=True, min_size=1, max_size=3).map(tuple)),
        st.builds(AnyOf, items=st.lists(kids, unique=True, min_size=1, max_size=3).map(tuple)),
        st.lists(kids, unique=True, min_size=1, max_size=4).flatmap(lambda items: st.builds(
            AtLeast, n=st.integers(1, len(items)), of=st.just(tuple(items)))))


TREES = _trees(2)


@st.composite
def small_people(draw: Any) -> Profile:
    held = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 8)) == 0:
            held.append(Holding(id=draw(st.sampled_from(SMALL)), not_required=True))
            continue
        started = draw(st.none() | SMALL_DAYS)
        later = st.none() | SMALL_DAYS.filter(lambda d, s=started: s is None or d >= s)
        held.append(Holding(id=draw(st.sampled_from(SMALL)), started=started,
                            awarded=draw(later), completed=draw(later)))
    roles = [RoleSpell(id=r, since=draw(SMALL_DAYS))
             for r in draw(st.lists(st.sampled_from(["role:x", "role:y"]), max_size=2))]
    return Profile(roles=tuple(roles), holds=tuple(held),
                   studying=tuple(Study(id=draw(st.sampled_from(SMALL)), started=s)
                                  for s in draw(st.lists(SMALL_DAYS, max_size=1))))


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=300)
@given(tree=st.none() | TREES, duty=TREES, months=st.sampled_from([6, 12, 36]),
       people=st.lists(small_people(), min_size=1, max_size=5), on=SMALL_DAYS)
def test_bulk_agrees_with_the_rules_on_random_rules(backend: str, tree: Any, duty: Any,
                                                    months: int, people: list[Profile],
                                                    on: dt.date) -> None:
    cat = catalogue([
        qual("a", valid_for_months=24), qual("b"), qual("c", counts_as=("qual:a",)), qual("d"),
        role("y"),
        role("x", requires=tree, obligations=(Obligation(
            anchor="appointed", due=Period(months=months), requires=duty),))])
    for target in ("role:x", "qual:a") if tree is not None else ("role:x",):
        got = list(bulk.evaluate(people, target, on=on, catalogue=cat, backend=backend))
        for row, person in zip(got, people, strict=True):
            status = rules.evaluate(cat, person, target, on=on)
            assert (row.state, row.due, row.codes) == (status.state, status.due,
                                                       expected_codes(status)), person


def _x(duty: Any) -> Any:
    return catalogue([qual("a"), qual("b"), qual("c"), role("x", obligations=(Obligation(
        anchor="appointed", due=Period(months=36), requires=duty),))])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("duty", "on"), [
    # the day a course can no longer start, and either side of it
    (Holds(holds="qual:a", started_before=D(2021, 1, 1)), D(2020, 12, 31)),
    (Holds(holds="qual:a", started_before=D(2021, 1, 1)), D(2021, 1, 1)),
    (Holds(holds="qual:a", started_before=D(2021, 1, 1)), D(2021, 1, 2)),
    # a completion cut-off before the deadline: due by the day before it, then closed
    (Holds(holds="qual:a", completed_before=D(2021, 1, 1)), D(2020, 6, 1)),
    (Holds(holds="qual:a", completed_before=D(2021, 1, 1)), D(2021, 1, 1)),
    # two of three, each with its own cut-off: due by the second latest
    (AtLeast(n=2, of=tuple(Holds(holds=q, completed_before=d) for q, d in (
        ("qual:c", D(2021, 6, 1)), ("qual:a", D(2021, 1, 1)), ("qual:b", D(2022, 1, 1))))),
     D(2020, 6, 1)),
])
def test_bulk_agrees_on_each_cut_off(backend: str, duty: Any, on: dt.date) -> None:
    cat = _x(duty)
    people = [Profile(roles=(RoleSpell(id="role:x", since=D(2020, 1, 1)),)),
              Profile(roles=(RoleSpell(id="role:x", since=D(2020, 1, 1)),),
                      studying=(Study(id="qual:a", started=D(2020, 12, 31)),))]
    got = list(bulk.evaluate(people, "role:x", on=on, catalogue=cat, backend=backend))
    for row, person in zip(got, people, strict=True):
        status = rules.evaluate(cat, person, "role:x", on=on)
        assert (row.state, row.due) == (status.state, status.due)


def test_a_way_of_more_items_than_a_bit_set_holds_is_refused() -> None:
    many = [qual(f"q{i}") for i in range(63)]
    cat = catalogue([*many, role("x", requires=AllOf(items=tuple(Ref(id=q.id) for q in many)))])
    with pytest.raises(ValueError, match="more than 62 items"):
        bulk.evaluate([Profile()], "role:x", on=D(2026, 9, 1), catalogue=cat)
    fewer = catalogue([*many[:62], role("x", requires=AllOf(
        items=tuple(Ref(id=q.id) for q in many[:62])))])
    row = next(iter(bulk.evaluate([Profile()], "role:x", on=D(2026, 9, 1), catalogue=fewer)))
    assert len(row.missing) == 62
