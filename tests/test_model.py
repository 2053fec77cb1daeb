"""The model classes: frozen, slotted, keyword-only, and validators that name the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from sendpath.errors import DataError
from sendpath.model import (
    RECORD_TABLES,
    Activity,
    AllOf,
    AnyOf,
    AppointedAfter,
    AppointedOnOrBefore,
    AreaOfNeed,
    AtLeast,
    Citation,
    Crosswalk,
    Experience,
    Framework,
    Holds,
    InRole,
    Level,
    MinCredits,
    MinHours,
    Obligation,
    Outcome,
    PackageInfo,
    Period,
    Policy,
    PriorServiceOver,
    Qualification,
    Ref,
    Role,
    Scale,
    Source,
    referenced_ids,
    walk,
)

CITE = (Citation(source="source:x"),)
D = dt.date(2024, 9, 1)


def problem_of(exc: pytest.ExceptionInfo[DataError]) -> tuple[str, str | None, str]:
    """The single problem's (code, field, message)."""
    assert len(exc.value.problems) == 1
    p = exc.value.problems[0]
    return p.code, p.field, p.message


def rejects(cls: type, field: str, match: str = "", **kwargs: Any) -> str:
    """Assert that ``cls(**kwargs)`` raises one invalid-value problem naming ``field``."""
    with pytest.raises(DataError) as info:
        cls(**kwargs)
    code, got_field, message = problem_of(info)
    assert code == "invalid-value"
    assert got_field == field
    assert match in message
    return message


def role(**kw: Any) -> Role:
    return Role(**{"id": "role:x", "title": "X", "sources": CITE, **kw})


def qual(**kw: Any) -> Qualification:
    return Qualification(**{"id": "qual:x", "title": "X", "kind": "npq", "sources": CITE, **kw})


# --- the classes themselves ------------------------------------------------------------------

ALL_CLASSES = [Source, Citation, AreaOfNeed, Scale, Level, Framework, Outcome, Role, Qualification,
               Activity, Obligation, Period, PackageInfo, Ref, Holds, InRole, AllOf, AnyOf,
               AtLeast, Experience, MinHours, MinCredits, AppointedOnOrBefore, AppointedAfter,
               PriorServiceOver]


@pytest.mark.parametrize("cls", ALL_CLASSES, ids=lambda c: c.__name__)
def test_classes_are_frozen_slotted_keyword_only(cls: type) -> None:
    assert attrs.has(cls)
    assert "__slots__" in cls.__dict__
    assert all(a.kw_only for a in attrs.fields(cls))
    params = cls.__attrs_attrs__
    assert params  # every class has fields


def test_instances_cannot_change() -> None:
    r = role()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.title = "Y"  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        r.colour = "red"  # type: ignore[attr-defined]


def test_positional_arguments_are_refused() -> None:
    with pytest.raises(TypeError):
        Citation("source:x")  # type: ignore[misc]


def test_record_tables() -> None:
    assert {"source": Source, "area": AreaOfNeed, "scale": Scale,
                             "framework": Framework, "qualification": Qualification,
                             "activity": Activity, "role": Role,
                             "crosswalk": Crosswalk, "policy": Policy} == RECORD_TABLES


def test_every_record_has_id_sources_and_source() -> None:
    r = role(sources=(Citation(source="source:a", locator="p. 1"), Citation(source="source:b")))
    assert r.source == Citation(source="source:a", locator="p. 1")
    s = Source(id="source:s", title="S", publisher="P", kind="other")
    assert s.sources == (Citation(source="source:s"),)
    assert s.source.source == "source:s"


# --- ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "kwargs"), [
    (Role, {"title": "X", "sources": CITE}),
    (Qualification, {"title": "X", "kind": "npq", "sources": CITE}),
    (Activity, {"title": "X", "sources": CITE}),
    (AreaOfNeed, {"title": "X", "sources": CITE}),
    (Framework, {"title": "X", "sources": CITE}),
    (Outcome, {"title": "X", "sources": CITE}),
    (Level, {"title": "X", "sources": CITE}),
    (Source, {"title": "X", "publisher": "P", "kind": "other"}),
])
def test_record_ids_must_be_well_formed_and_of_their_own_kind(cls: type, kwargs: dict) -> None:
    rejects(cls, "id", "not an id of the form kind:slug", id="Not An Id", **kwargs)
    rejects(cls, "id", "is not a", id="gate:x", **kwargs)
    rejects(cls, "id", "expected an id (string), got int", id=5, **kwargs)


def test_wrong_kind_message_names_the_kind() -> None:
    message = rejects(Role, "id", id="qual:x", title="X", sources=CITE)
    assert message == "'qual:x' is not a role id"


@pytest.mark.parametrize(("cls", "field", "value"), [
    (Citation, "source", "role:x"),
    (InRole, "in_role", "qual:qts"),
    (Holds, "holds", "role:teacher"),
    (Ref, "id", "area:all"),
    (PriorServiceOver, "role", "qual:x"),
])
def test_reference_fields_check_the_kind(cls: type, field: str, value: str) -> None:
    kwargs: dict[str, Any] = {field: value}
    if cls is PriorServiceOver:
        kwargs["months"] = 12
    rejects(cls, field, "is not a", **kwargs)


def test_ids_lists_reject_repeats_and_wrong_kinds() -> None:
    rejects(Role, "areas", "more than once", id="role:x", title="X", sources=CITE,
            areas=("area:a", "area:a"))
    rejects(Role, "areas", "is not a area id", id="role:x", title="X", sources=CITE,
            areas=("role:a",))
    rejects(Role, "leads_to", "is not a role or qual or activity id", id="role:x", title="X",
            sources=CITE, leads_to=("area:a",))
    rejects(Role, "areas", "expected a tuple", id="role:x", title="X", sources=CITE,
            areas=["area:a"])


def test_ref_takes_qual_activity_role_and_outcome() -> None:
    for ref in ("qual:a", "activity:a", "role:a", "outcome:fw/1"):
        assert Ref(id=ref).id == ref


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "match"), [
    ("", "must not be empty"),
    ("   ", "must not be empty"),
    ("a\nb", "single line"),
    ("a\rb", "single line"),
    (5, "expected a string, got int"),
    (None, "expected a string, got NoneType"),
])
def test_titles_must_be_one_non_blank_line(value: object, match: str) -> None:
    rejects(Role, "title", match, id="role:x", title=value, sources=CITE)
    rejects(Source, "title", match, id="source:x", title=value, publisher="P", kind="other")


def test_description_may_be_empty_but_must_be_text() -> None:
    assert role(description="").description == ""
    rejects(Role, "description", "expected a string", id="role:x", title="X", sources=CITE,
            description=3)


def test_unconfirmed_must_be_non_empty_strings() -> None:
    assert role(unconfirmed=("title: why",)).unconfirmed == ("title: why",)
    rejects(Role, "unconfirmed", "non-empty strings", id="role:x", title="X", sources=CITE,
            unconfirmed=("",))
    rejects(Role, "unconfirmed", "non-empty strings", id="role:x", title="X", sources=CITE,
            unconfirmed="title")


# --- sources ---------------------------------------------------------------------------------


def test_every_record_cites_at_least_one_source() -> None:
    rejects(Role, "sources", "at least one source", id="role:x", title="X", sources=())
    rejects(Role, "sources", "citations", id="role:x", title="X", sources=("source:x",))
    rejects(Role, "sources", "citations", id="role:x", title="X", sources=None)


def test_citation_locator_is_optional_text() -> None:
    assert Citation(source="source:x").locator == ""
    rejects(Citation, "locator", "expected a string", source="source:x", locator=5)


def test_source_kind_is_a_known_kind() -> None:
    message = rejects(Source, "kind", id="source:x", title="X", publisher="P", kind="blog")
    assert "'blog' is not one of: " in message
    assert "legislation" in message
    rejects(Source, "publisher", "must not be empty", id="source:x", title="X", publisher="",
            kind="other")


# --- numbers and dates -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1, True, 1.0, "3"])
def test_positive_ints_refuse_zero_negatives_bools_floats_and_strings(value: object) -> None:
    rejects(Qualification, "months", "whole number above 0", id="qual:x", title="X",
            kind="npq", sources=CITE, months=value)
    rejects(Period, "years", "whole number above 0", years=value)


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf"), True, "3"])
def test_hours_refuse_negatives_non_finite_bools_and_strings(value: object) -> None:
    rejects(Activity, "hours", "number of at least 0", id="activity:x", title="X",
            sources=CITE, hours=value)


def test_hours_accept_zero_ints_and_floats() -> None:
    assert qual(hours=0).hours == 0
    assert qual(hours=1.5).hours == 1.5


@pytest.mark.parametrize("value", [dt.datetime(2024, 1, 1), "2024-01-01", 20240101])
def test_dates_must_be_dates(value: object) -> None:
    rejects(Qualification, "starts_from", "expected a date", id="qual:x", title="X",
            kind="npq", sources=CITE, starts_from=value)
    rejects(AppointedAfter, "appointed_after", "expected a date", appointed_after=value)


def test_qualification_kind_and_status() -> None:
    rejects(Qualification, "kind", "is not one of", id="qual:x", title="X", kind="course",
            sources=CITE)
    rejects(Qualification, "status", "is not one of", id="qual:x", title="X", kind="npq",
            sources=CITE, status="open")
    assert qual().status == "current"


def test_qualification_cross_field_checks() -> None:
    rejects(Qualification, "months_max", "shorter than months", id="qual:x", title="X",
            kind="npq", sources=CITE, months=18, months_max=12)
    rejects(Qualification, "starts_until", "before starts_from", id="qual:x", title="X",
            kind="npq", sources=CITE, starts_from=D, starts_until=D - dt.timedelta(days=1))
    assert qual(months=18, months_max=18).months_max == 18
    assert qual(starts_from=D, starts_until=D).starts_until == D


def test_is_startable_on_is_inclusive_at_both_ends() -> None:
    q = qual(starts_from=D, starts_until=dt.date(2025, 8, 31))
    assert not q.is_startable_on(dt.date(2024, 8, 31))
    assert q.is_startable_on(D)
    assert q.is_startable_on(dt.date(2025, 8, 31))
    assert not q.is_startable_on(dt.date(2025, 9, 1))
    assert qual().is_startable_on(dt.date(1900, 1, 1))


def test_record_requires_must_be_a_requirement() -> None:
    rejects(Role, "requires", "expected a requirement, got str", id="role:x", title="X",
            sources=CITE, requires="qual:qts")
    assert role(requires=Ref(id="qual:qts")).requires == Ref(id="qual:qts")


def test_framework_and_outcome_fields() -> None:
    rejects(Outcome, "kind", "is not one of", id="outcome:f/1", title="O", sources=CITE,
            kind="skill")
    rejects(Outcome, "parent", "is not a outcome id", id="outcome:f/1", title="O",
            sources=CITE, parent="fw:f")
    rejects(Framework, "statutory", "expected true or false, got str", id="fw:f", title="F",
            sources=CITE, statutory="yes")
    o = Outcome(id="outcome:f/1", title="O", sources=CITE)
    assert Framework(id="fw:f", title="F", sources=CITE, outcomes=(o,)).outcomes == (o,)
    rejects(Framework, "outcomes", "expected a tuple of outcomes", id="fw:f", title="F",
            sources=CITE, outcomes=[o])
    rejects(Framework, "outcomes", "expected a tuple of outcomes", id="fw:f", title="F",
            sources=CITE, outcomes=("outcome:f/1",))
    rejects(Framework, "replaced_by", "is not a fw id", id="fw:f", title="F", sources=CITE,
            replaced_by=("qual:x",))


def test_area_parent_is_an_area() -> None:
    rejects(AreaOfNeed, "parent", "is not a area id", id="area:vi", title="VI", sources=CITE,
            parent="role:x")


def test_scale_needs_two_levels_and_ranks_them() -> None:
    a = Level(id="level:s/a", title="A", sources=CITE)
    b = Level(id="level:s/b", title="B", sources=CITE)
    rejects(Scale, "levels", "at least two levels", id="scale:s", title="S", sources=CITE,
            levels=(a,))
    s = Scale(id="scale:s", title="S", sources=CITE, levels=(a, b))
    assert (s.rank("level:s/a"), s.rank("level:s/b")) == (0, 1)
    with pytest.raises(LookupError, match="level:s/c"):
        s.rank("level:s/c")


# --- requirements ----------------------------------------------------------------------------


def test_all_and_any_need_non_empty_lists_of_requirements() -> None:
    for cls in (AllOf, AnyOf):
        rejects(cls, "items", "non-empty list", items=())
        rejects(cls, "items", "non-empty list", items=[Ref(id="qual:a")])
        rejects(cls, "items", "every item must be a requirement", items=("qual:a",))


@pytest.mark.parametrize("n", [2, 3])
def test_at_least_n_cannot_exceed_the_items(n: int) -> None:
    message = rejects(AtLeast, "n", n=n, of=(Ref(id="qual:a"),))
    assert message == f"asks for {n} of only 1 items"


def test_at_least_bounds() -> None:
    assert AtLeast(n=2, of=(Ref(id="qual:a"), Ref(id="qual:b"))).n == 2
    rejects(AtLeast, "n", "whole number above 0", n=0, of=(Ref(id="qual:a"),))
    rejects(AtLeast, "of", "non-empty list", n=1, of=())


@pytest.mark.parametrize("kwargs", [{}, {"years": 1, "months": 6}])
def test_period_needs_exactly_one_of_years_or_months(kwargs: dict[str, int]) -> None:
    rejects(Period, "years", "exactly one of years or months", **kwargs)


def test_period_in_months() -> None:
    assert Period(years=3).in_months() == 36
    assert Period(months=18).in_months() == 18


def test_experience_needs_one_scope_and_one_amount() -> None:
    assert Experience(role="role:teacher", months=12).role == "role:teacher"
    assert Experience(kind="teaching", hours=30).hours == 30
    rejects(Experience, "role", "exactly one of role or kind", months=12)
    rejects(Experience, "role", "exactly one of role or kind", role="role:t", kind="teaching",
            months=12)
    rejects(Experience, "months", "exactly one of months or hours", kind="teaching")
    rejects(Experience, "months", "exactly one of months or hours", kind="teaching", months=1,
            hours=1)
    rejects(Experience, "kind", "is not one of", kind="volunteering", months=1)


def test_min_hours_and_credits() -> None:
    assert MinHours(n=30, of=("activity:a",), within_months=36).within_months == 36
    rejects(MinHours, "of", "is not a qual or activity id", n=30, of=("role:a",))
    rejects(MinCredits, "of", "more than once", n=30, of=("qual:a", "qual:a"))
    rejects(MinCredits, "within_months", "whole number above 0", n=30, of=("qual:a",),
            within_months=0)


def test_holds_flags_are_typed() -> None:
    rejects(Holds, "unless_not_required", "expected true or false, got int", holds="qual:a",
            unless_not_required=1)
    rejects(Holds, "valid_for_months", "whole number above 0", holds="qual:a",
            valid_for_months=-3)


def test_exemption_nodes() -> None:
    assert AppointedOnOrBefore(appointed_on_or_before=D).appointed_on_or_before == D
    rejects(AppointedOnOrBefore, "appointed_on_or_before", "expected a date",
            appointed_on_or_before=None)
    rejects(PriorServiceOver, "months", "whole number above 0", role="role:senco", months=0)


def ob(**kw: Any) -> Obligation:
    base: dict[str, Any] = {"anchor": "appointed", "due": Period(years=3),
                            "requires": Ref(id="qual:npq-senco")}
    return Obligation(**{**base, **kw})


def test_obligation_need_only_with_teaches_class() -> None:
    assert ob().need is None
    assert ob(anchor="teaches_class", need="area:vi").need == "area:vi"
    base = {"due": Period(years=3), "requires": Ref(id="qual:mq-vi")}
    rejects(Obligation, "need", "only with, teaches_class", anchor="teaches_class", **base)
    rejects(Obligation, "need", "only with, teaches_class", anchor="appointed", need="area:vi",
            **base)
    rejects(Obligation, "need", "is not a area id", anchor="teaches_class", need="qual:x",
            **base)


def test_obligation_anchor_and_due() -> None:
    rejects(Obligation, "anchor", "is not one of", anchor="hired", due=Period(years=1),
            requires=Ref(id="qual:a"))
    rejects(Obligation, "due", "expected a period, got dict", anchor="appointed",
            due={"years": 3}, requires=Ref(id="qual:a"))


def test_obligation_requires_and_exempt_are_requirements() -> None:
    assert ob(exempt=AppointedOnOrBefore(appointed_on_or_before=D)).exempt is not None
    rejects(Obligation, "requires", "expected a requirement, got str", anchor="appointed",
            due=Period(years=3), requires="qual:npq-senco")
    rejects(Obligation, "requires", "expected a requirement, got NoneType",
            anchor="appointed", due=Period(years=3), requires=None)
    rejects(Obligation, "exempt", "expected a requirement, got dict", anchor="appointed",
            due=Period(years=3), requires=Ref(id="qual:a"), exempt={"appointed_after": D})


def test_role_obligations_must_be_obligations() -> None:
    assert role(obligations=(ob(),)).obligations == (ob(),)
    rejects(Role, "obligations", "expected a tuple of obligations", id="role:x", title="X",
            sources=CITE, obligations=({"anchor": "appointed"},))
    rejects(Role, "obligations", "expected a tuple of obligations", id="role:x", title="X",
            sources=CITE, obligations=[ob()])
    rejects(Role, "entry_point", "expected true or false, got int", id="role:x", title="X",
            sources=CITE, entry_point=1)


def test_walk_is_depth_first_in_document_order() -> None:
    tree = AnyOf(items=(
        AllOf(items=(Ref(id="qual:qts"), Holds(holds="qual:induction"))),
        AtLeast(n=1, of=(InRole(in_role="role:headteacher"), Ref(id="qual:b"))),
        Experience(role="role:teacher", months=12),
    ))
    names = [type(n).__name__ for n in walk(tree)]
    assert names == ["AnyOf", "AllOf", "Ref", "Holds", "AtLeast", "InRole", "Ref", "Experience"]


def test_referenced_ids_covers_every_node_type() -> None:
    tree = AllOf(items=(
        Ref(id="qual:qts"),
        Holds(holds="qual:induction"),
        InRole(in_role="role:teacher"),
        Experience(role="role:ta", months=6),
        Experience(kind="teaching", months=6),
        MinHours(n=3, of=("activity:a", "activity:b")),
        MinCredits(n=60, of=("qual:c",)),
        PriorServiceOver(role="role:senco", months=12),
        AppointedAfter(appointed_after=D),
    ))
    assert referenced_ids(tree) == {"qual:qts", "qual:induction", "role:teacher", "role:ta",
                                    "activity:a", "activity:b", "qual:c", "role:senco"}


# --- the manifest ----------------------------------------------------------------------------


def test_package_info() -> None:
    info = PackageInfo(name="my-school", format_version=1, data_version="1")
    assert info.extends is None
    assert info.replaces == ()
    rejects(PackageInfo, "format_version", "reads format_version 1; got 2", name="x",
            format_version=2, data_version="1")
    rejects(PackageInfo, "format_version", "got True", name="x", format_version=True,
            data_version="1")
    rejects(PackageInfo, "name", "not a package name", name="My School", format_version=1,
            data_version="1")
    rejects(PackageInfo, "name", "not a package name", name="a/b", format_version=1,
            data_version="1")
    rejects(PackageInfo, "extends", "not a package name", name="a", format_version=1,
            data_version="1", extends="../england")
    rejects(PackageInfo, "data_version", "must not be empty", name="a", format_version=1,
            data_version="")


@pytest.mark.parametrize("node", [
    AppointedAfter(appointed_after=dt.date(2009, 9, 1)),
    AppointedOnOrBefore(appointed_on_or_before=dt.date(2009, 9, 1)),
    PriorServiceOver(role="role:senco", months=12),
])
def test_exemption_nodes_belong_in_exempt_trees_only(node: Any) -> None:
    tree = AllOf(items=(Ref(id="qual:qts"), node))
    with pytest.raises(DataError, match="only in an exempt tree") as info:
        Qualification(id="qual:x", title="X", kind="award", requires=tree,
                      sources=(Citation(source="source:s"),))
    assert info.value.problems[0].field == "requires"
    with pytest.raises(DataError, match="only in an exempt tree"):
        Obligation(anchor="appointed", due=Period(years=3), requires=tree)
    ob = Obligation(anchor="appointed", due=Period(years=3), requires=Ref(id="qual:qts"),
                    exempt=tree)
    assert ob.exempt == tree


def test_periods_and_month_counts_stop_at_a_century() -> None:
    assert Period(years=100).in_months() == 1200
    with pytest.raises(DataError, match="a century") as info:
        Period(years=9000)
    assert info.value.problems[0].field == "years"
    with pytest.raises(DataError, match="a century"):
        Period(months=1201)
    with pytest.raises(DataError, match="a century"):
        Holds(holds="qual:x", valid_for_months=5000)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "www.gov.uk",
                                 "https://www.gov.uk/a b"])
def test_sources_take_web_addresses_only(url: str) -> None:
    with pytest.raises(DataError, match="not a web address") as info:
        Source(id="source:s", title="S", publisher="P", kind="other", urls=(url,))
    assert info.value.problems[0].field == "urls"


def test_every_node_type_has_one_key_form_and_one_wording() -> None:
    from sendpath.io import _converter
    from sendpath.model import REQUIREMENT_TYPES
    from sendpath.render import _WORDS

    keys = [t.KEY for t in REQUIREMENT_TYPES]
    assert len(set(keys)) == len(keys)
    assert {t.FORM for t in REQUIREMENT_TYPES} == {"leaf", "flat", "wrapped", "experience"}
    assert set(_WORDS) == set(REQUIREMENT_TYPES)  # render's one table covers every type
    table = {**_converter._FLAT, **_converter._WRAPPED}  # io's, for the tables it reads
    assert {t for t in REQUIREMENT_TYPES if t.FORM in ("flat", "wrapped")} == set(table.values())
    assert all(key == cls.KEY for key, cls in table.items())


def test_only_the_rules_branch_on_requirement_node_types() -> None:
    import re
    from pathlib import Path

    import sendpath
    from sendpath.model import REQUIREMENT_TYPES

    names = "|".join(t.__name__ for t in REQUIREMENT_TYPES)
    test = re.compile(rf"isinstance\([^)]*\b({names})\b")
    root = Path(sendpath.__file__).parent
    branching = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                       if test.search(p.read_text()))
    assert branching == ["rules/_nodes.py"]  # render and io read the model's tables


def test_a_module_over_500_lines_says_why() -> None:
    from pathlib import Path

    import sendpath

    root = Path(sendpath.__file__).parent
    long = [p for p in root.rglob("*.py") if len(p.read_text().splitlines()) > 500]
    assert [str(p.relative_to(root)) for p in long
            if "past 500 lines" not in p.read_text().split('"""')[1]] == []


def test_reasons_carry_the_node_they_evaluated() -> None:
    import datetime as dt

    import sendpath
    from sendpath.model import Profile
    from sendpath.rules import evaluate

    cat = sendpath.load_default()
    status = evaluate(cat, Profile(), "senco", on=dt.date(2026, 9, 1))
    eligibility = status.reasons[0]
    assert eligibility.node == cat.roles["role:senco"].requires
    leaves = [r for r in eligibility.walk() if not r.children]
    assert all(r.node is not None for r in leaves)


def test_every_phrase_is_used_and_every_phrase_used_exists() -> None:
    # All wording lives in render.PHRASES: a phrase nothing says is dead wording, and a key
    # said but missing would raise at the moment an answer is worded.
    import re
    from pathlib import Path

    import sendpath
    from sendpath.render import PHRASES

    root = Path(sendpath.__file__).parent
    code = "\n".join(p.read_text() for p in root.rglob("*.py") if p.name != "render.py")
    render_code = (root / "render.py").read_text().split("PHRASES: Final")[0] + \
        (root / "render.py").read_text().split("\n})\n", 1)[1]
    code += render_code
    said = set(re.findall(r'\b(?:P|words|Phrase)\(\s*"([a-z][a-z-]*)"', code))
    assert said - set(PHRASES) == set()
    literals = set(re.findall(r'"([a-z][a-z-]*)"', code))
    built = tuple(re.findall(r'\b(?:P|words|Phrase)\(\s*f"([a-z-]+)\{', code))  # f"amount-{unit}"
    assert {key for key in PHRASES if key not in literals and not key.startswith(built)} == set()
