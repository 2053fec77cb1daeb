"""The landscape page states what the shipped data holds.

``docs/landscape.rst`` is prose about the England data: its counts, its policies with their
statuses and dates, its areas of need and frameworks, a timeline. These tests read the page and
the data and fail when the data moves and the page does not.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from _docs import DOCS

import sendpath
from sendpath.catalogue import Catalogue
from sendpath.query import coverage

PAGE = DOCS / "landscape.rst"
TEXT = PAGE.read_text(encoding="utf-8")
FLAT = " ".join(TEXT.split())  # the prose with its line breaks undone
WORDS = {7: "seven"}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return sendpath.load_default()


def _rows(heading: str) -> list[str]:
    """The rows of the first list-table after ``heading``, each as one string."""
    start = TEXT.index(heading)
    table = TEXT[TEXT.index(".. list-table::", start):]
    end = re.search(r"\n\S", table[1:])
    table = table[: end.start() + 1] if end else table
    return re.split(r"\n   \* - ", table)[1:]


def _links(text: str) -> set[str]:
    return {m.group(2) or m.group(1)
            for m in re.finditer(r":sendpath:`(?:[^`<]*<([^>]+)>|([^`<]+))`", text)}


def test_the_counts_are_the_data_s(cat: Catalogue) -> None:
    assert f"sendpath's data has {len(cat.roles)} roles" in FLAT
    assert f"sendpath records {len(cat.frameworks)} of them" in FLAT
    assert f"({len(cat.outcomes)} in all)" in FLAT
    assert f"the data has {WORDS[len(cat.policies)]}" in FLAT


def test_every_policy_is_in_the_table_with_its_status_and_dates(cat: Catalogue) -> None:
    rows = _rows("Changes proposed, announced and in force")
    assert len(rows) - 1 == len(cat.policies)  # the header row
    for policy in cat.policies.values():
        row = next(r for r in rows if f":sendpath:`{policy.id}`" in r)
        cells = [c.strip() for c in re.split(r"\n     - ", row)]
        assert cells[1] == str(policy.status).replace("-", " "), policy.id
        assert cells[2] == policy.announced.isoformat(), policy.id
        start = policy.in_force.from_ if policy.in_force is not None else None
        if start is not None:
            assert cells[3] == f"from {start.isoformat()}", policy.id
        else:
            assert not cells[3].startswith("from"), policy.id


def test_every_area_of_need_and_framework_is_named(cat: Catalogue) -> None:
    links = _links(TEXT)
    assert set(cat.areas) <= links
    assert set(cat.frameworks) <= links
    assert set(cat.scales) <= links
    assert set(cat.policies) <= links


def test_the_timeline_runs_oldest_first_and_links_records(cat: Catalogue) -> None:
    rows = _rows("The dated changes the data records")[1:]
    days = [date.fromisoformat(r.split("\n", 1)[0].strip()) for r in rows]
    assert days == sorted(days)
    for row in rows:
        assert _links(row), row
        for rid in _links(row):
            cat.get(rid)  # raises UnknownIdError for an id the data does not have


def test_the_frameworks_that_name_one_area_are_those_the_page_names(cat: Catalogue) -> None:
    named: dict[str, set[str]] = {}
    for fw in cat.frameworks:
        for group in coverage(cat.graph, fw, by="area").groups:
            if group.count and group.id not in ("", "area:all"):  # "" is no area named
                named.setdefault(fw, set()).add(group.id)
    assert set(named) == {"fw:aet-competency", "fw:slcf", "fw:mq-vi-outcomes",
                          "fw:npq-lbc-framework"}
    never = {"area:cognition-learning", "area:hi", "area:msi", "area:pd"}
    never |= {a.id for a in cat.areas.values() if a.parent == "area:cognition-learning"}
    assert not never & set().union(*named.values())
    assert "No framework in the data has an outcome that names cognition and learning" in FLAT
