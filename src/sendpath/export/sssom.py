"""Crosswalks as an SSSOM mapping set (TSV with its metadata block), out and in.

`SSSOM <https://mapping-commons.github.io/sssom/>`_ is how ontology people exchange mappings.
A crosswalk becomes one row: ``subject_id`` its ``from`` outcome, ``object_id`` its ``to``, the
relation as a SKOS predicate (``exact`` ``skos:exactMatch``, ``broad`` ``skos:broadMatch``: the
object is broader, ``narrow`` ``skos:narrowMatch``, ``related`` ``skos:relatedMatch``), the
justification ``semapv:ManualMappingCuration``, the sources in ``see_also`` and the rationale in
``comment``. SSSOM's ``confidence`` is a number and sendpath's is a kind: a link a source makes
is written ``1.0``, one resting on the compilers' reasoning (``editorial``) ``0.5``; reading
back, a row with sources and a confidence of 1 is ``sourced``, any other ``editorial``.
Citations' locators do not travel (SSSOM has no place for them).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sendpath.errors import DataError, Problem
from sendpath.model import Citation, Crosswalk

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.interop import Imported

PREDICATES: Final = {"exact": "skos:exactMatch", "broad": "skos:broadMatch",
                     "narrow": "skos:narrowMatch", "related": "skos:relatedMatch"}
_RELATIONS: Final = {v: k for k, v in PREDICATES.items()}
#: The columns written, in order.
COLUMNS: Final = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                  "mapping_justification", "confidence", "see_also", "comment")
_CURIES: Final = {"outcome": "urn:sendpath:outcome:", "source": "urn:sendpath:source:",
                  "semapv": "https://w3id.org/semapv/vocab/",
                  "skos": "http://www.w3.org/2004/02/skos/core#"}
_CONFIDENCE: Final = {"sourced": "1.0", "editorial": "0.5"}
# The column each field of a crosswalk comes from, to name it in a problem.
_COLUMN_OF: Final = {"from_": "subject_id", "from": "subject_id", "to": "object_id",
                     "relation": "predicate_id", "sources": "see_also",
                     "confidence": "confidence", "rationale": "comment"}


def to_sssom(catalogue: Catalogue) -> str:
    """Return the catalogue's crosswalks as SSSOM TSV, its metadata block first.

    Example:
        >>> import sendpath
        >>> text = to_sssom(sendpath.load_default())
        >>> text.splitlines()[0], "skos:exactMatch" in text
        ('# curie_map:', True)
    """
    name = catalogue.info.name if catalogue.info is not None else "data"
    version = catalogue.data_version
    # The block is YAML: every value double-quoted (JSON string syntax is YAML's), since a
    # plain value such as urn:sendpath:outcome: is not valid YAML.
    meta = ["# curie_map:", *(f"#   {k}: {_q(v)}" for k, v in sorted(_CURIES.items())),
            f"# license: {_q('https://creativecommons.org/licenses/by/4.0/')}",
            f"# mapping_set_id: {_q(f'urn:sendpath:crosswalks:{name}:{version}')}",
            f"# mapping_set_version: {_q(str(version))}"]
    published = catalogue.info.published if catalogue.info is not None else None
    if published is not None:
        meta.append(f"# mapping_date: {_q(published.isoformat())}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for link in sorted(catalogue.crosswalks, key=lambda c: c.key):
        writer.writerow((
            link.from_, _title(catalogue, link.from_), PREDICATES[link.relation], link.to,
            _title(catalogue, link.to), "semapv:ManualMappingCuration",
            _CONFIDENCE[link.confidence],
            "|".join(dict.fromkeys(c.source for c in link.sources)), _one_line(link.rationale)))
    return "\n".join(meta) + "\n" + out.getvalue()


def write_sssom(catalogue: Catalogue, path: str | Path) -> None:
    """Write :func:`to_sssom` to ``path``, atomically.

    Raises:
        WriteError: The file cannot be written (or is a file of the catalogue's package).
    """
    from sendpath.io.output import atomic_write  # noqa: PLC0415

    atomic_write(path, to_sssom(catalogue).encode(),
                 inputs=[catalogue.root] if isinstance(catalogue.root, Path) else ())


def read_sssom(path: str | Path) -> list[Crosswalk]:
    """Read an SSSOM TSV file as crosswalks (sendpath's ``outcome:`` ids at both ends).

    Raises:
        DataError: Every problem at once, each with its line: a missing column, an id that is
            not an outcome, a predicate with no crosswalk relation, a row the model refuses.

    Example:
        >>> import pathlib, sendpath, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "links.sssom.tsv"
        >>> cat = sendpath.load_default()
        >>> write_sssom(cat, path)
        >>> len(read_sssom(path)) == len(cat.crosswalks)
        True
    """
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(code="unreadable", file=name,
                                 message=f"cannot read the file: {exc}")]) from None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    rows = csv.DictReader(lines[start:], delimiter="\t")
    header = rows.fieldnames or []
    missing = [c for c in ("subject_id", "predicate_id", "object_id") if c not in header]
    if missing:
        raise DataError([Problem(code="missing-field", file=name, line=start + 1,
                                 message=f"the header lacks {', '.join(missing)}")])
    problems: list[Problem] = []
    links: list[Crosswalk] = []
    for number, row in enumerate(rows, start + 2):
        link = _link(row, name, number, problems)
        if link is not None:
            links.append(link)
    if problems:
        raise DataError(problems)
    return links


def imported_sssom(path: str | Path) -> Imported:
    """Read an SSSOM TSV file (:func:`read_sssom`) as an :class:`~sendpath.interop.Imported`.

    What ``sendpath import FILE --from sssom`` writes as a package: the crosswalks alone, so
    the package extends the one whose outcomes they link (``--extends england``).

    Example:
        >>> import pathlib, sendpath, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "England links.sssom.tsv"
        >>> write_sssom(sendpath.load_default(), path)
        >>> got = imported_sssom(path)
        >>> got.name, list(got.tables())
        ('england-links', ['crosswalk'])
    """
    from sendpath.ids import slugify  # noqa: PLC0415
    from sendpath.interop import Imported  # noqa: PLC0415

    stem = Path(path).name.split(".")[0]
    return Imported(name=slugify(stem, default="mappings"),
                    title=f"SSSOM mappings from {Path(path).name}",
                    records=tuple(read_sssom(path)))


def _link(row: dict[str, Any], name: str, line: int, problems: list[Problem]) -> Crosswalk | None:
    relation = _RELATIONS.get((row.get("predicate_id") or "").strip())
    if relation is None:
        problems.append(Problem(code="invalid-value", file=name, line=line, field="predicate_id",
                                message=f"{row.get('predicate_id')!r} is not one of "
                                        f"{', '.join(sorted(_RELATIONS))}"))
        return None
    sources = [s for s in (row.get("see_also") or "").split("|") if s.strip()]
    sourced = bool(sources) and (row.get("confidence") or "").strip() in ("1", "1.0")
    comment = (row.get("comment") or "").strip()
    try:
        return Crosswalk(
            from_=(row.get("subject_id") or "").strip(), to=(row.get("object_id") or "").strip(),
            relation=relation, sources=tuple(Citation(source=s.strip()) for s in sources),
            confidence="sourced" if sourced else "editorial",
            rationale=comment or ("" if sourced else f"imported from {Path(name).name}"))
    except DataError as exc:
        problems += [Problem(code=p.code, file=name, line=line,
                             field=_COLUMN_OF.get(p.field or "", p.field), message=p.message)
                     for p in exc.problems]
        return None


def _title(catalogue: Catalogue, ref: str) -> str:
    return _one_line(catalogue.outcomes[ref].title) if ref in catalogue.outcomes else ""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())
