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

PAGE = DOCS / "landscape.rst"
TEXT = PAGE.read_text(encoding="utf-8")
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
    assert f"sendpath's data has {len(cat.roles)} roles" in TEXT
    assert f"sendpath records {len(cat.frameworks)} of them" in TEXT
    assert f"({len(cat.outcomes)} in all)" in TEXT
    assert f"the data has {WORDS[len(cat.policies)]}" in TEXT


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
