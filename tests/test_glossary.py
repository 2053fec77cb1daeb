"""The glossary defines the words a newcomer meets: the landscape's, the library's and the data's.

Every abbreviation the shipped data uses in its titles, descriptions and statements must be
defined in ``docs/glossary.rst``; the abbreviations are found in the data, not listed by hand, so
a new record with a new abbreviation fails here until the glossary defines it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from _docs import DOCS

import sendpath

GLOSSARY = DOCS / "glossary.rst"
TUTORIAL = DOCS / "tutorial.rst"

#: Terms of the landscape and of the library the glossary must define, whatever the data says.
REQUIRED = (
    "SENCO", "SENDCo", "HLTA", "TA", "ECT", "ITT", "QTS", "QTLS", "NASENCO", "NPQ", "MQ", "QTVI",
    "ITTECF", "RQF", "EHC plan", "SEN support", "CoP", "SEND", "SEN", "CPD", "DfE", "nasen",
    "EEF", "AET", "BDA", "ECF", "NPQSENCO", "EP", "SLE", "NQT", "MAT", "LA", "EYFS", "PGCE", "FE",
    "SpLD", "SLCN", "SEMH", "ASD", "ASC", "VI", "HI", "MSI",
    # the library's own words
    "route", "gap", "requirement", "obligation", "holding", "profile", "term plan",
    "area of need", "crosswalk", "framework", "outcome",
)

#: The record kinds whose text is scanned: every kind but sources, whose titles and publishers
#: are names of publications and organisations, quoted as published (a citation, not prose).
KINDS = ("roles", "qualifications", "activities", "frameworks", "outcomes", "areas", "scales",
         "levels", "policies", "crosswalks")
#: The fields of prose and names a reader sees (ids, notes on unconfirmed facts and dates are not).
FIELDS = ("title", "description", "statement", "code", "provider", "publisher", "rationale")

#: Words of two or more capitals that are not abbreviations.
NOT_ABBREVIATIONS = {
    "HISTORIC": "a word in capitals for emphasis ('HISTORIC ROLE')",
    "ROLE": "a word in capitals for emphasis ('HISTORIC ROLE')",
    "OpenLearn": "a trade name in camel case (the Open University's free courses)",
    "TouchBase": "a trade name in camel case",
    "CAN": "part of the charity's name I CAN, defined as that",
}

#: A word of letters: not part of an id-like token with digits (ST0966, KS1, TS5 are references
#: or numbered names, not abbreviations of their own).
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])")


def glossary_terms(path: Path = GLOSSARY) -> set[str]:
    """Return the terms the ``.. glossary::`` of ``path`` defines (each term line of an entry)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(".. glossary::"))
    terms: set[str] = set()
    for line in lines[start + 1:]:
        if line.strip() and not line.startswith(" "):
            break  # the end of the directive
        text = line.strip()
        # terms are indented by 3, their definitions by 6; options start with ":"
        if text and len(line) - len(line.lstrip(" ")) == 3 and not text.startswith(":"):
            terms.add(text)
    return terms


def _abbreviation(word: str) -> str | None:
    """Return the abbreviation a word is (``SENCOs`` is ``SENCO``), or None if it is not one."""
    if sum(ch.isupper() for ch in word) < 2:
        return None
    if word.endswith("s") and word[:-1].isupper():
        return word[:-1]  # a plural: SENCOs, NPQs, TAs
    return word


def data_abbreviations() -> dict[str, str]:
    """Return every abbreviation in the shipped data's text, each with the first record using it."""
    cat = sendpath.load_default()
    found: dict[str, str] = {}
    for kind in KINDS:
        records = getattr(cat, kind)
        for record in records.values() if hasattr(records, "values") else records:
            for text in _texts(record):
                for word in _WORD.findall(text):
                    abbreviation = _abbreviation(word)
                    if abbreviation is not None:
                        found.setdefault(abbreviation, getattr(record, "id", kind))
    return found


def _texts(record: object) -> Iterator[str]:
    for field in FIELDS:
        value = getattr(record, field, None)
        if isinstance(value, str):
            yield value


def _defined(abbreviation: str, terms: set[str]) -> bool:
    """Whether a term defines the abbreviation: as a term, or as a word of a term (``EHC plan``).

    Sphinx matches terms without regard to case (``SPLD``, the census code, is ``SpLD``).
    """
    words = {word.lower() for term in terms for word in [term, *re.split(r"[\s/]+", term)]}
    return abbreviation.lower() in words


def test_the_glossary_defines_the_required_terms() -> None:
    terms = glossary_terms()
    missing = [term for term in REQUIRED if term not in terms]
    assert not missing, f"docs/glossary.rst does not define: {', '.join(missing)}"


def test_the_glossary_defines_every_abbreviation_the_data_uses() -> None:
    terms = glossary_terms()
    found = data_abbreviations()
    # the scan finds the data's abbreviations
    assert "SENCO" in found
    assert "SLCN" in found
    missing = sorted((f"{abbreviation} (in {rid})" for abbreviation, rid in found.items()
                      if abbreviation not in NOT_ABBREVIATIONS
                      and not _defined(abbreviation, terms)), key=str.lower)
    assert not missing, f"docs/glossary.rst does not define: {', '.join(missing)}"


def test_the_exclusions_are_still_in_the_data() -> None:
    """An exclusion the data no longer needs is dropped, so the list stays short and true."""
    found = data_abbreviations()
    stale = sorted(word for word in NOT_ABBREVIATIONS if word not in found)
    assert not stale, f"no longer in the data: {', '.join(stale)}"


def test_the_glossary_is_alphabetical() -> None:
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(".. glossary::"))
    firsts: list[str] = []
    previous_blank = True
    for line in lines[start + 1:]:
        text = line.strip()
        if text and len(line) - len(line.lstrip(" ")) == 3 and not text.startswith(":") \
                and previous_blank:
            firsts.append(text)
        previous_blank = not text
    assert firsts == sorted(firsts, key=str.lower)


@pytest.mark.parametrize("term", ["SENCO", "QTS", "NPQ", "route", "profile", "gap",
                                  "obligation", "term plan", "SLCN"])
def test_the_tutorial_links_key_terms_to_the_glossary(term: str) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    assert re.search(rf":term:`(?:{re.escape(term)}|[^`<]*<{re.escape(term)}>)`", text), term


def test_a_missing_definition_is_reported(tmp_path: Path) -> None:
    """The check can fail: a glossary without the SENCO's entry misses SENCO and SENDCo."""
    text = GLOSSARY.read_text(encoding="utf-8")
    cut = re.sub(r"\n   SENCO\n   SENDCo\n(?:      .*\n|\n)*?(?=   \S)", "\n", text)
    assert cut != text
    page = tmp_path / "glossary.rst"
    page.write_text(cut, encoding="utf-8")
    terms = glossary_terms(page)
    assert "SENCO" not in terms
    assert "SENDCo" not in terms
    assert not _defined("SENCO", terms)
    assert "SENCO" in data_abbreviations()
