"""Golden files: every export of one small graph, byte for byte.

The graph is built in memory (so it does not change with the shipped data) and holds what the
formats must take care of: a title with quotes, backslashes, brackets and non-ASCII letters; an
any-of, an all-of and an at-least gate; a duty; numbers whole and not; a crosswalk. When a
change to an export is meant, run ``python tests/test_export_golden.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from sendpath import export
from sendpath.catalogue import Catalogue, build
from sendpath.interop import to_case, to_ctdl

GOLDEN = Path(__file__).parent / "golden" / "export"


def small() -> Catalogue:
    """The small graph every golden file is an export of."""
    from sendpath.model import (
        AllOf,
        AnyOf,
        AtLeast,
        Citation,
        Crosswalk,
        Framework,
        Obligation,
        Outcome,
        Period,
        Qualification,
        Ref,
        Role,
        Source,
    )

    cite = (Citation(source="source:notes", locator="p. 1"),)
    fw = [Framework(id=f"fw:{f}", title=f"Framework {f.upper()}", sources=cite, outcomes=(
        Outcome(id=f"outcome:{f}/1", title="Knows pupils' needs", code="1", sources=cite),
        Outcome(id=f"outcome:{f}/1-1", title="Adapts teaching", code="1.1", parent=f"outcome:{f}/1",
                sources=cite),
    )) for f in ("a", "b")]
    return build([
        Source(id="source:notes", title="Our notes", publisher="Us", kind="other",
               published=dt.date(2026, 1, 5)),
        *fw,
        Crosswalk(from_="outcome:a/1", to="outcome:b/1", relation="exact", sources=cite),
        Crosswalk(from_="outcome:a/1-1", to="outcome:b/1", relation="broad",
                  confidence="editorial", rationale="Adapting is part of knowing needs."),
        Qualification(id="qual:award", title='Award "Ä" \\ [part 1] <b>&', kind="award",
                      months=6, cost=450.5, hours=30, sources=cite,
                      covers=("outcome:a/1", "outcome:a/1-1")),
        Qualification(id="qual:course", title="Course (any 2 of 3)", kind="award", months=12,
                      cost=900, sources=cite),
        Qualification(id="qual:extra", title="Extra", kind="award", months=3, sources=cite),
        Role(id="role:start", title="Starter", sources=cite, entry_point=True),
        Role(id="role:lead", title="Lead {x} | y", sources=cite,
             requires=AllOf(items=(Ref(id="role:start"), AnyOf(items=(
                 Ref(id="qual:award"),
                 AtLeast(n=2, of=(Ref(id="qual:course"), Ref(id="qual:extra"),
                                  Ref(id="qual:award"))))))),
             obligations=(Obligation(anchor="appointed", due=Period(years=3),
                                     requires=Ref(id="qual:course")),)),
    ], name="golden", data_version="g1", published=dt.date(2026, 11, 28))  # the same tomorrow


def outputs() -> dict[str, str]:
    """Each golden file's name and what the export writes now."""
    cat = small()
    g = cat.graph
    return {
        "graph.node-link.json": json.dumps(export.node_link_data(g), indent=1, sort_keys=True),
        "lead.graphml": export.graphml_bytes(g, "role:lead").decode(),
        "graph.dot": export.to_dot(g),
        "lead.dot": export.to_dot(g, "role:lead"),
        "lead.mmd": export.to_mermaid(g, "role:lead"),
        "crosswalks.sssom.tsv": export.to_sssom(cat),
        "fw-a.case.json": json.dumps(to_case(cat, "fw:a"), indent=1, sort_keys=True),
        "lead.ctdl.jsonld": json.dumps(to_ctdl(g, "role:lead"), indent=1, sort_keys=True),
    }


def _stable(text: str) -> str:
    """The output without what changes with every release (the code's version)."""
    from sendpath._output import sendpath_version

    return text.replace(sendpath_version(), "{version}")


@pytest.mark.parametrize("name", sorted(outputs()))
def test_export_is_unchanged(name: str) -> None:
    assert _stable(outputs()[name]) == (GOLDEN / name).read_text(encoding="utf-8"), (
        f"{name} changed: if that is meant, run `python tests/test_export_golden.py`")


@pytest.mark.parametrize("ref", [None, "role:lead", "fw:a"])
def test_graphviz_reads_our_dot(ref: str | None) -> None:
    """Graphviz itself parses every DOT we write (``.ci/run`` installs it)."""
    import shutil
    import subprocess

    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz is not installed")
    text = export.to_dot(small().graph, ref)
    done = subprocess.run([dot, "-Tsvg"], input=text.encode(), capture_output=True,  # noqa: S603
                          check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert b"<svg" in done.stdout
    if ref != "fw:a":  # the title drawn exactly as written: quotes, backslash, brackets, <b>&
        assert "Award &quot;Ä&quot; \\ [part 1] &lt;b&gt;&amp;" in done.stdout.decode()


def test_every_golden_file_is_checked() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir() if p.name != "README.md") == sorted(outputs())


def _write(out: dict[str, Any]) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in out.items():
        (GOLDEN / name).write_text(_stable(text), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    _write(outputs())
    print(f"wrote {len(outputs())} golden files to {GOLDEN}")
