"""Answers cite only what backs the facts they use (a citation's ``supports``).

A step of an answer cites the citations of the records it read that back the record itself
(no ``supports``) or a field the step read: a role's ``requires`` for its eligibility, its
``obligation`` for a duty, a conferred status's ``requires``, an award's ``counts_as``. A
citation of only a record's hours, cost, funding, description or next steps backs no rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from _catalogues import CITE, SRC, catalogue, qual, role

import sendpath
from sendpath.io.profile import load_profile
from sendpath.model import (
    AllOf,
    Citation,
    Holding,
    Obligation,
    Period,
    Profile,
    Ref,
    RoleSpell,
)
from sendpath.rules import Reason, Status, evaluate

D = dt.date
HEAD = Path(__file__).parent / "golden" / "profiles" / "head.toml"

#: The fields a status reads of the records it uses (every other field backs no rule).
READ = {"requires", "obligation", "conferred", "counts_as", "valid_for_months", "covers",
        "covers_by_start"}


def cite(locator: str, *supports: str) -> Citation:
    return Citation(source=SRC, locator=locator, supports=supports)


@pytest.fixture(scope="module")
def senco() -> Status:
    cat = sendpath.load_default()
    return evaluate(cat, load_profile(HEAD, catalogue=cat), "senco", on=D(2026, 9, 1))


def test_a_senco_status_cites_the_regulations(senco: Status) -> None:
    cited = {c.source for c in senco.citations}
    assert {"source:send-regs-2014-reg49", "source:si-2024-535"} <= cited


@pytest.mark.parametrize("source", [
    "source:npq-ltd-guidance", "source:npq-lbc-guidance",  # role:senco's next steps
    "source:headship-npq-npqsl-areas",
    "source:npq-prices-red-kite",  # the NPQ's price
    "source:npq-funding-providers", "source:npq-funding-providers-julian-74",  # its funding
    "source:npq-funding-providers-tsh-autumn-2026", "source:npq-registration-funding-eligibility",
    "source:cfa-2014-s67",  # role:senco's description
])
def test_a_senco_status_leaves_out_what_backs_no_rule(senco: Status,
                                                      source: str) -> None:
    assert source not in {c.source for c in senco.citations}
    assert source not in senco.to_json()


def test_every_citation_of_a_status_backs_what_it_read(senco: Status) -> None:
    for reason in senco.reasons:
        for step in reason.walk():
            for c in step.citations:
                assert not c.supports or READ & set(c.supports), (step.text, c)


def test_eligibility_and_obligation_cite_their_own_fields(senco: Status) -> None:
    eligibility, obligation = senco.reasons
    assert "source:si-2016-1123" in {c.source for c in eligibility.citations}  # requires
    assert "source:interpretation-act-1978-sch1" not in {c.source
                                                        for c in eligibility.citations}
    assert "source:interpretation-act-1978-sch1" in {c.source for c in obligation.citations}
    assert "source:si-2016-1123" not in {c.source for c in obligation.citations}


def _tiny() -> sendpath.Catalogue:
    course = qual("course", hours=30, cost=500, valid_for_months=60, description="A course.",
                  sources=(*CITE, cite("hours", "hours"), cite("fees", "cost"),
                           cite("validity", "valid_for_months"),
                           cite("what", "description")))
    award = qual("award", counts_as=("qual:course",),
                 sources=(*CITE, cite("counts", "counts_as"), cite("hours2", "hours")))
    status = qual("status", kind="status", conferred=True, requires=Ref(id="qual:course"),
                  sources=(*CITE, cite("rule", "requires")))
    post = role("post", requires=AllOf(items=(Ref(id="qual:status"), Ref(id="role:base"))),
                obligations=(Obligation(anchor="appointed", due=Period(years=1),
                                        requires=Ref(id="qual:course")),),
                leads_to=("qual:award",),
                sources=(*CITE, cite("eligibility", "requires"), cite("duty", "obligation"),
                         cite("next", "leads_to")))
    base = role("base", sources=(*CITE, cite("base-next", "leads_to")))
    return catalogue([course, award, status, post, base])


def _locators(reasons: tuple[Reason, ...]) -> list[str]:
    return [c.locator for r in reasons for c in r.citations]


def test_a_step_cites_the_fields_it_read_and_nothing_else() -> None:
    me = Profile(roles=(RoleSpell(id="role:base", since=D(2020, 9, 1)),
                        RoleSpell(id="role:post", since=D(2025, 9, 1))),
                 holds=(Holding(id="qual:award", awarded=D(2024, 7, 1)),))
    result = evaluate(_tiny(), me, "role:post", on=D(2026, 1, 1))
    assert result.state == "met"
    eligibility, duty = result.reasons
    assert _locators((eligibility,)) == ["", "eligibility"]
    assert _locators((duty,)) == ["", "duty"]
    status_step, base_step = eligibility.children
    assert _locators((status_step,)) == ["", "rule"]  # a conferred status: its rule
    assert _locators((base_step,)) == [""]  # in role: the record itself
    (course_step,) = status_step.children
    # the course, held through the award that counts as it, within the course's validity
    assert _locators((course_step,)) == ["", "validity", "", "counts"]
    cited = {c.locator for c in result.citations}
    assert {"eligibility", "duty", "rule", "validity", "counts"} <= cited
    assert not cited & {"hours", "hours2", "fees", "what", "next", "base-next"}


def test_a_requires_citation_is_cited_and_an_hours_one_is_not() -> None:
    course = qual("course", hours=30, sources=(cite("hours", "hours"),
                                               cite("entry", "requires"), *CITE))
    goal = role("goal", requires=Ref(id="qual:course"),
                sources=(cite("rule", "requires"), cite("hours-note", "leads_to")),
                leads_to=("qual:course",))
    cat = catalogue([course, goal])
    result = evaluate(cat, Profile(), "role:goal", on=D(2026, 1, 1))
    assert [c.locator for c in result.citations] == ["rule", ""]
