"""The SSSOM we write, checked by the SSSOM project's own package (``sssom``), when installed.

``.ci/run`` installs it in a separate environment and runs this file there: it brings LinkML
and many other packages that the rest of the tests do not need.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sendpath
from sendpath.export import read_sssom, write_sssom

sssom = pytest.importorskip("sssom")
# The package's own deprecation noise (pandas, LinkML) is not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::Warning")


def _key(link: object) -> tuple[object, ...]:
    return (link.from_, link.to, link.relation, link.confidence,  # type: ignore[attr-defined]
            tuple(c.source for c in link.sources))  # type: ignore[attr-defined]


def test_the_sssom_package_reads_and_validates_our_mapping_set(tmp_path: Path) -> None:
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    cat = sendpath.load_default()
    path = tmp_path / "links.sssom.tsv"
    write_sssom(cat, path)
    msdf = parse_sssom_table(str(path))
    assert len(msdf.df) == len(cat.crosswalks)
    assert msdf.metadata["license"] == "https://creativecommons.org/licenses/by/4.0/"
    report = validate(msdf, [SchemaValidationType.JsonSchema,
                             SchemaValidationType.PrefixMapCompleteness], fail_on_error=False)
    assert all(not r.results for r in report.values()), report


def test_we_read_what_the_sssom_package_writes(tmp_path: Path) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.writers import write_table

    cat = sendpath.load_default()
    ours, theirs = tmp_path / "ours.sssom.tsv", tmp_path / "theirs.sssom.tsv"
    write_sssom(cat, ours)
    with theirs.open("w", encoding="utf-8") as fh:
        write_table(parse_sssom_table(str(ours)), fh)
    assert sorted(map(_key, read_sssom(theirs))) == sorted(map(_key, cat.crosswalks))
