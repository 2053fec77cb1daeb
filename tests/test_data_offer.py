"""The England data as a planner needs it: the CPD offer, hours, costs, funding, sources."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections import Counter

import pytest

import sendpath
from sendpath import query
from sendpath.catalogue import Catalogue
from sendpath.errors import DataError
from sendpath.model import Citation, Qualification

#: Hosts that are not the original publisher of what they show: document-sharing sites,
#: mirrors, aggregators and test servers. No source may cite an address on one.
NON_ORIGINAL_HOSTS = frozenset({
    "123docz.net", "bcob.co.uk", "bestrealestatecompanytoworkfor.net", "d3tenders.com",
    "docest.com", "docsbay.net", "docslib.org", "documents.pub", "dokumen.tips",
    "fdocuments.us", "fly1.wordsworth.site", "govukdiff.njk.onl", "govwire.co.uk",
    "www.govwire.co.uk", "info.5y1.org", "ipv4.educationbusinessuk.net", "readkong.com",
    "www.readkong.com", "scribd.com", "www.scribd.com", "studylib.net", "uat.nurseryworld.co.uk",
    "universitytrends.co.uk", "v2.educationendowmentfoundation.org.uk", "vdocuments.site",
    "vdocuments.us", "vdocuments.mx", "parallelparliament.co.uk", "www.parallelparliament.co.uk",
    "www.bailii.org", "legislation.data.gov.uk", "thehub-beta.walthamforest.gov.uk",
    "carillon-pufferfish-5987.squarespace.com", "mmcazmntt.blogspot.com", "vlex.co.uk",
    "pdfcoffee.com", "yumpu.com", "www.yumpu.com", "issuu.com", "sasastunts.com",
})
BROAD = ("area:communication-interaction", "area:cognition-learning", "area:semh",
         "area:sensory-physical")
#: The NPQs on the DfE registration service in 2026.
NPQS_2026 = ("qual:npq-senco", "qual:npqh", "qual:npqsl", "qual:npq-el", "qual:npq-eyl",
             "qual:npq-lbc", "qual:npq-ll", "qual:npq-lpm", "qual:npq-lt", "qual:npq-ltd")


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return sendpath.load_default()


def test_counts(cat: Catalogue) -> None:
    assert len(cat.roles) >= 25
    assert len(cat.qualifications) >= 50
    assert len(cat.activities) >= 40
    assert len(cat.sources) >= 110


def test_no_source_cites_a_copy(cat: Catalogue) -> None:
    bad = sorted((s.id, u) for s in cat.sources.values() for u in s.urls
                 if urllib.parse.urlsplit(u).hostname in NON_ORIGINAL_HOSTS)
    assert bad == []


def test_https_where_the_site_serves_it(cat: Catalogue) -> None:
    served = ("legislation.gov.uk", "www.legislation.gov.uk", "www.gov.uk", "gov.uk")
    plain = sorted(u for s in cat.sources.values() for u in s.urls
                   if u.startswith("http://") and urllib.parse.urlsplit(u).hostname in served)
    assert plain == []


def _broad(cat: Catalogue, area: str) -> str:
    while cat.areas[area].parent is not None:
        area = cat.areas[area].parent  # type: ignore[assignment]
    return area


def test_the_offer_covers_every_broad_area_and_each_sensory_need(cat: Catalogue) -> None:
    broad = Counter(b for a in cat.activities.values() for b in {_broad(cat, x) for x in a.areas})
    assert all(broad[b] >= 5 for b in BROAD), broad
    exact = Counter(x for a in cat.activities.values() for x in a.areas)
    assert all(exact[n] >= 2 for n in ("area:vi", "area:hi", "area:msi", "area:pd")), exact


def test_every_activity_has_a_level_and_a_need(cat: Catalogue) -> None:
    for a in cat.activities.values():
        assert a.areas, a.id
        assert a.level in cat.levels, a.id


def _estimate_flagged(record: object, field: str) -> bool:
    return any(u.startswith(f"{field}:") for u in record.unconfirmed)  # type: ignore[attr-defined]


def test_every_schedulable_item_has_hours_or_a_flagged_estimate(cat: Catalogue) -> None:
    for a in cat.activities.values():
        assert a.hours is not None, a.id
        assert a.hours_basis is not None, a.id
    for q in cat.qualifications.values():
        if q.status != "current" or q.conferred or q.kind in ("status", "accreditation",
                                                             "licence"):
            continue
        assert q.hours is not None or _estimate_flagged(q, "hours"), q.id


def test_hours_in_plans_are_whole_courses(cat: Catalogue) -> None:
    npq = cat.qualifications["qual:npq-senco"]
    assert npq.hours_basis == "per-week"
    assert npq.total_hours == pytest.approx(1.5 * 18 * 39 / 12)
    assert cat.graph.nx.nodes["qual:npq-senco"]["hours"] == npq.total_hours


def test_the_npq_suite_of_2026(cat: Catalogue) -> None:
    for rid in NPQS_2026:
        assert cat.qualifications[rid].status == "current", rid
    withdrawn = [q for q in cat.qualifications.values() if q.kind == "npq"
                 and q.status == "withdrawn"]
    assert withdrawn
    assert all(q.replaced_by for q in withdrawn)


@pytest.mark.parametrize(("start", "funded"), [
    (dt.date(2025, 11, 1), True),   # autumn 2025: funded for all
    (dt.date(2026, 3, 1), False),   # spring 2026: unfunded cohort
    (dt.date(2026, 11, 1), True),   # November 2026: funded for all
])
def test_npq_for_sencos_funding_by_cohort(cat: Catalogue, start: dt.date, funded: bool) -> None:
    assert bool(cat.qualifications["qual:npq-senco"].funded_on(start)) is funded


def test_the_november_2026_cohort_funds_four_npqs_for_all(cat: Catalogue) -> None:
    start = dt.date(2026, 11, 1)
    for_all = {rid for rid in NPQS_2026
               if any("funded for all" in f.for_ for f in cat.qualifications[rid].funded_on(start))}
    assert {"qual:npq-senco", "qual:npqh", "qual:npqsl"} <= for_all
    assert cat.qualifications["qual:npq-eyl"].funded_on(start)  # all schools, some EY settings
    assert "qual:npq-lt" not in for_all  # by disadvantage only


def test_funding_and_costs_are_cited_for_what_they_support(cat: Catalogue) -> None:
    for q in [*cat.qualifications.values(), *cat.activities.values()]:
        if q.funding and not _estimate_flagged(q, "funding"):
            assert any("funding" in c.supports for c in q.sources), q.id


def test_a_citation_can_only_support_a_field_of_its_record() -> None:
    from _catalogues import CITE, SRC, catalogue

    bad = Qualification(id="qual:x", title="X", kind="award",
                        sources=(*CITE, Citation(source=SRC, supports=("hourz",))))
    with pytest.raises(DataError) as info:
        catalogue([bad])
    (problem,) = info.value.problems
    assert (problem.field, problem.message) == ("sources[1].supports",
                                                "'hourz' is not a field of this record")


def test_a_proposal_never_changes_a_rule(cat: Catalogue) -> None:
    assert {p.status for p in cat.policies.values()} >= {"proposed", "announced", "in-force"}
    for role in cat.roles.values():  # no rule refers to a policy
        for ob in role.obligations:
            assert not any(r.startswith("policy:") for r in sendpath.model.referenced_ids(
                ob.requires))
    white_paper = cat.policies["policy:schools-white-paper-2026"]
    assert white_paper.status == "proposed"
    assert all(a in cat for a in white_paper.affects)


def test_head_teacher_has_no_statutory_condition_but_a_typical_entry(cat: Catalogue) -> None:
    head = cat.roles["role:headteacher"]
    assert head.requires is None
    assert head.typical_entry is not None
    assert any(u.startswith("typical_entry:") for u in head.unconfirmed)
    # a head teacher without QTS is still a head teacher in law
    me = sendpath.model.Profile(roles=(sendpath.model.RoleSpell(
        id="role:headteacher", since=dt.date(2020, 9, 1)),))
    assert sendpath.rules.evaluate(cat, me, "role:headteacher",
                                   on=dt.date(2026, 9, 1)).state == "met"


def test_routes_from_a_ta_to_senco_are_known_and_through_teaching(cat: Catalogue) -> None:
    r = query.routes(cat.graph, "teaching-assistant", "senco", on=dt.date(2026, 9, 1))
    best = r[0]
    ids = best.step_ids()
    assert {"qual:qts", "qual:induction", "role:teacher", "qual:npq-senco"} <= ids
    assert "role:headteacher" not in ids
    assert not best.unknown["months"]
    for route in r:
        if "role:headteacher" in route.step_ids():
            assert "role:senior-leader" in route.step_ids()  # the typical way in


def test_specialist_teachers_need_induction_completed_or_under_way(cat: Catalogue) -> None:
    r = query.routes(cat.graph, "trainee-teacher", "qtvi", on=dt.date(2026, 9, 1))
    ids = r[0].step_ids()
    assert "qual:qts" in ids
    assert {"role:ect"} <= ids
    assert isinstance(cat.get("qual:mq-vi"), Qualification)


def test_no_answer_mentions_the_projects_own_research_files(cat: Catalogue) -> None:
    words = ("domain.md", "fact sheet", "source register", "helper", "scratch")
    for record in [*cat.roles.values(), *cat.qualifications.values(), *cat.activities.values(),
                   *cat.frameworks.values(), *cat.outcomes.values(), *cat.areas.values(),
                   *cat.sources.values(), *cat.policies.values()]:
        texts = [record.title, getattr(record, "description", ""), *record.unconfirmed]
        assert not [t for t in texts for w in words if w in t.lower()], record.id
