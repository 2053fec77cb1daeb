"""The docs' catalogue directive: tiny Sphinx projects built with ``-n -W`` in a temporary folder.

Sphinx is a dev dependency, so a missing Sphinx fails these tests rather than skipping them.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

import sendpath
from sendpath import sphinxext
from sendpath.sphinxext import html_id

QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
CONF = 'extensions = ["sendpath.sphinxext"]\nproject = "t"\nnitpicky = True\n'

#: A stand-alone package with two frameworks, a level, an area and one link of each confidence.
PACKAGE = {
    "package.toml": 'name = "tiny"\nformat_version = 1\ndata_version = "t1"\n'
                    "published = 2026-01-01\n",
    "records.toml": """
        [[source]]
        id = "source:tiny"
        title = "Tiny guidance"
        publisher = "Tests"
        kind = "guidance"
        urls = ["https://example.org/tiny"]

        [[area]]
        id = "area:tiny-need"
        title = "Tiny need"
        sources = [{ source = "source:tiny" }]

        [[scale]]
        id = "scale:tiny"
        title = "Tiny scale"
        sources = [{ source = "source:tiny" }]
        [[scale.level]]
        id = "level:tiny/low"
        title = "Low"
        sources = [{ source = "source:tiny" }]
        [[scale.level]]
        id = "level:tiny/high"
        title = "High"
        sources = [{ source = "source:tiny" }]

        [[framework]]
        id = "fw:tiny-a"
        title = "Framework A"
        sources = [{ source = "source:tiny", locator = "part 1" }]
        unconfirmed = ["title: the framework's own name"]
        [[framework.outcome]]
        id = "outcome:tiny-a/1"
        title = "Adapt teaching"
        code = "A1"
        statement = "Adapts teaching to the needs of every pupil."
        kind = "practice"
        level = "level:tiny/high"
        areas = ["area:tiny-need"]
        sources = [{ source = "source:tiny", locator = "p. 7" }]
        unconfirmed = ["code: numbered by the compilers"]

        [[framework]]
        id = "fw:tiny-b"
        title = "Framework B"
        sources = [{ source = "source:tiny" }]
        [[framework.outcome]]
        id = "outcome:tiny-b/1"
        title = "Plan support"
        code = "B1"
        sources = [{ source = "source:tiny" }]
        [[framework.outcome]]
        id = "outcome:tiny-b/2"
        title = "Review support"
        code = "B2"
        sources = [{ source = "source:tiny" }]

        [[crosswalk]]
        from = "outcome:tiny-a/1"
        to = "outcome:tiny-b/1"
        relation = "related"
        confidence = "editorial"
        rationale = "Both ask for support planned around the pupil."

        [[crosswalk]]
        from = "outcome:tiny-a/1"
        to = "outcome:tiny-b/2"
        relation = "broad"
        sources = [{ source = "source:tiny", locator = "p. 9" }]
        """,
}


def build(src: Path, out: Path, *, strict: bool = True) -> tuple[int, str]:
    """Build ``src`` to html; return the exit status and the warnings."""
    warnings = out.parent / f"{out.name}-warnings.txt"
    args = ["-q", "-E", "-n", "-b", "html", "-d", str(out / ".doctrees"), "-w", str(warnings)]
    status = build_main([*args, *(["-W"] if strict else []), str(src), str(out)])
    return status, warnings.read_text() if warnings.exists() else ""


def project(root: Path, pages: dict[str, str]) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    names = [name for name in pages if name != "index"]
    toctree = "".join(f"   {name}\n" for name in names)
    index = pages.get("index", "Index\n=====\n")
    (src / "index.rst").write_text(f"{index}\n.. toctree::\n\n{toctree}")
    for name in names:
        (src / f"{name}.rst").write_text(textwrap.dedent(pages[name]))
    return src


def text(page_html: str) -> str:
    """The visible text of html, whitespace collapsed and smart quotes made plain."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", page_html))
    return re.sub(r"\s+", " ", plain.translate(QUOTES))


def page(name: str, kind: str, option: str = "") -> str:
    title = kind.title()
    return f"{title}\n{'=' * len(title)}\n\n.. sendpath-catalogue:: {kind}\n{option}"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind of the shipped catalogue, one page each, built with ``-n -W``."""
    root = tmp_path_factory.mktemp("shipped")
    pages = {kind: page(kind, kind) for kind in sphinxext.KINDS}
    pages["index"] = ("Index\n=====\n\nThe :sendpath:`role:senco` and "
                      ":sendpath:`the NPQ <qual:npq-senco>`; :ref:`role:teacher`.\n")
    status, warnings = build(project(root, pages), root / "html")
    assert (status, warnings) == (0, "")
    return root / "html"


def test_roles_show_the_senco_with_its_obligation(shipped: Path) -> None:
    html = (shipped / "roles.html").read_text()
    assert '<section id="role-senco">' in html
    shown = text(html)
    assert "Special educational needs co-ordinator (SENCO)" in shown
    assert "within 3 years of appointment (the anniversary day itself is in time)" in shown
    assert "exempt if: any of: appointed on or before 2009-09-01" in shown
    assert "started on or after 2024-09-01" in shown
    # The reg. 49 citation, with its locator, links to the source and to its row.
    assert "regulation 49 (revised), reg. 49(1)-(4), (7)" in shown
    assert 'href="sources.html#source-send-regs-2014-reg49"' in html
    # Ids in requirement trees link to their records on the other pages.
    assert 'href="qualifications.html#qual-npq-senco"' in html
    # The eligibility tree nests as the requirement does: any of > all of > qualified teacher.
    section = html[html.index('<section id="role-senco">'):]
    any_at, all_at = section.index("any of:"), section.index("all of:")
    qts_at = section.index("qualifications.html#qual-qualified-teacher")
    assert any_at < all_at < qts_at
    assert section.count("<ul", any_at, all_at) == 1  # all of: one list below any of
    assert section.count("<ul", all_at, qts_at) == 1  # one list below all of
    # Both wordings of the obligation, each with its dates in force.
    assert "in force from 2024-09-01" in shown
    assert "in force 2014-09-01 to 2024-08-31" in shown


def test_pages_link_to_records(shipped: Path) -> None:
    html = (shipped / "index.html").read_text()
    assert 'href="roles.html#role-senco"' in html
    assert 'href="qualifications.html#qual-npq-senco"' in html
    assert "the NPQ" in text(html)


def test_every_record_has_an_anchor(shipped: Path) -> None:
    cat = sendpath.load_default()
    html = "".join((shipped / f"{kind}.html").read_text() for kind in sphinxext.KINDS)
    anchors = set(re.findall(r'id="([^"]+)"', html))
    records = [*cat.roles, *cat.qualifications, *cat.activities, *cat.frameworks,
               *cat.outcomes, *cat.areas, *cat.scales, *cat.levels, *cat.sources]
    expected = {rid: html_id(rid) for rid in records}
    assert len(set(expected.values())) == len(expected)  # one anchor per record
    missing = [rid for rid, anchor in expected.items() if anchor not in anchors]
    assert missing == []


def test_unconfirmed_fields_are_flagged(shipped: Path) -> None:
    cat = sendpath.load_default()
    head = cat.roles["role:headteacher"]
    assert head.unconfirmed
    html = (shipped / "roles.html").read_text()
    section = html[html.index('<section id="role-headteacher">'):]
    section = section[:section.index("</section>")]
    assert "Unconfirmed" in section
    assert text(head.unconfirmed[0]) in text(section)


def test_shipped_frameworks_and_crosswalks(shipped: Path) -> None:
    cat = sendpath.load_default()
    shown = text((shipped / "frameworks.html").read_text())
    for fw in cat.frameworks.values():
        assert fw.title in shown
        for outcome in fw.outcomes:
            assert outcome.id in shown
    crosswalks = text((shipped / "crosswalks.html").read_text())
    assert f"{len(cat.crosswalks)} crosswalk" in crosswalks
    editorial = [c for c in cat.crosswalks if c.confidence == "editorial"]
    if editorial:
        assert "Editorial: no source makes this link" in crosswalks
        assert text(editorial[0].rationale) in crosswalks


def test_a_package_with_frameworks_and_crosswalks(tmp_path: Path) -> None:
    data = tmp_path / "tiny"
    data.mkdir()
    for name, body in PACKAGE.items():
        (data / name).write_text(textwrap.dedent(body))
    option = "   :package: ../tiny\n"  # relative to the page
    src = project(tmp_path, {"frameworks": page("frameworks", "frameworks", option),
                             "crosswalks": page("crosswalks", "crosswalks", option)})
    # The areas and levels are rendered nowhere here: links to them become plain text.
    status, warnings = build(src, tmp_path / "html")
    assert (status, warnings) == (0, "")
    html = (tmp_path / "html" / "frameworks.html").read_text()
    assert '<section id="fw-tiny-a">' in html
    assert f'id="{html_id("outcome:tiny-a/1")}"' in html
    shown = text(html)
    assert "Adapt teaching outcome:tiny-a/1" in shown
    assert "Adapts teaching to the needs of every pupil." in shown
    assert "practice" in shown
    assert "level:tiny/high" in shown
    assert "area:tiny-need" in shown
    assert "Unconfirmed: code: numbered by the compilers" in shown
    assert "title: the framework's own name" in shown
    assert "Sources: source:tiny, p. 7" in shown

    walks = (tmp_path / "html" / "crosswalks.html").read_text()
    shown = text(walks)
    assert "2 crosswalks in the tiny data package" in shown
    assert "1 of them is editorial" in shown
    assert ("Editorial: no source makes this link; the compilers' rationale: "
            "Both ask for support planned around the pupil.") in shown
    assert "broad: the second is broader" in shown
    assert f'href="frameworks.html#{html_id("outcome:tiny-a/1")}"' in walks


def test_no_crosswalks_and_errors(tmp_path: Path) -> None:
    data = tmp_path / "empty"
    data.mkdir()
    (data / "package.toml").write_text(PACKAGE["package.toml"])
    src = project(tmp_path, {
        "crosswalks": page("crosswalks", "crosswalks", "   :package: ../empty\n"),
        "broken": "Broken\n======\n\n.. sendpath-catalogue:: people\n\n"
                  ":sendpath:`role:nobody`\n",
        "missing": page("missing", "roles", "   :package: ../nowhere\n"),
    })
    status, warnings = build(src, tmp_path / "html", strict=False)
    assert status == 0
    assert "0 crosswalks in the tiny data package" in text(
        (tmp_path / "html" / "crosswalks.html").read_text())
    assert "There are none yet." in text((tmp_path / "html" / "crosswalks.html").read_text())
    assert "unknown kind 'people'" in warnings
    assert "reference target not found: role:nobody" in warnings
    assert "cannot load the data package" in warnings


def test_reason_codes_table_lists_every_code(tmp_path: Path) -> None:
    from sendpath.rules import REASON_CODES

    src = project(tmp_path, {"codes": "Codes\n=====\n\n.. sendpath-reason-codes::\n"})
    status, warnings = build(src, tmp_path / "html")
    assert (status, warnings) == (0, "")
    shown = text((tmp_path / "html" / "codes.html").read_text())
    for code, meaning in REASON_CODES.items():
        assert f"{code} {meaning[0].upper()}{meaning[1:]}." in shown, code
