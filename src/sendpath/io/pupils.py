r"""Reading a school's pupils by need: the CSV ``need,count`` with an optional ``class`` column.

``need`` is a school census need code (``SLCN``, ``ASD``, ``VI``...; the ``code`` of an area of
need) or an area id or short name; ``count`` a whole number of pupils above 0; ``class`` the
name of a class organised for pupils with that need (a resource base), left empty for pupils in
mainstream classes. Every problem names the file, the line and the column, all at once.

Example:
    >>> import pathlib, tempfile, sendpath
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pupils.csv"
    >>> _ = path.write_text("need,count,class\nSLCN,12,\nVI,2,resource base\n")
    >>> [(p.need, p.count, p.organised) for p in read_pupils(path, sendpath.load_default())]
    [('area:slcn', 12, False), ('area:vi', 2, True)]
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from sendpath.errors import DataError, Problem, SendpathError, safe_repr
from sendpath.model import PupilGroup
from sendpath.model._checks import MAX_NUMBER

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

__all__ = ["read_pupils"]


def read_pupils(path: str | Path, catalogue: Catalogue) -> tuple[PupilGroup, ...]:
    """Return the pupils of a ``need,count[,class]`` CSV, one group per row.

    Raises:
        DataError: Every problem of the file at once (an unreadable file is one).
    """
    name = str(path)
    codes = {a.code.casefold(): a.id for a in catalogue.areas.values() if a.code}
    problems: list[Problem] = []
    groups: list[PupilGroup] = []
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            if "need" not in header or "count" not in header or \
                    set(header) - {"need", "count", "class"}:
                raise DataError([Problem(code="missing-field", file=name, line=1, message=(
                    "the header must be need,count with an optional class column, not "
                    f"{safe_repr(','.join(header))}"))])
            for row in reader:
                line = reader.line_num
                need = _need(row.get("need") or "", codes, catalogue)
                if need is None:
                    problems.append(Problem(
                        code="unknown-reference", file=name, line=line, field="need",
                        message=f"{safe_repr(row.get('need'))} is not a census need code or "
                                f"an area of need (the codes: {', '.join(sorted(codes))})"))
                text = (row.get("count") or "").strip()
                # ASCII digits only ("²" is a digit to str.isdigit, not to int), and never
                # more than the model's largest number (whose digits int() may refuse)
                if not (text.isascii() and text.isdigit()) or not text.strip("0"):
                    problems.append(Problem(code="wrong-type", file=name, line=line,
                                            field="count", message=f"{safe_repr(text)} is not "
                                                                   "a whole number above 0"))
                    continue
                if len(text.lstrip("0")) > len(str(MAX_NUMBER)) or int(text) > MAX_NUMBER:
                    problems.append(Problem(code="invalid-value", file=name, line=line,
                                            field="count", message=(
                                                f"{safe_repr(text)} is more than {MAX_NUMBER:,}"
                                                ", the largest number sendpath accepts")))
                    continue
                if need is not None:
                    groups.append(PupilGroup(need=need, count=int(text),
                                             class_=(row.get("class") or "").strip()))
    except OSError as exc:
        raise DataError([Problem(code="unreadable", file=name,
                                 message=f"cannot read the file: {exc.strerror or exc}")]) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        problems.append(Problem(code="syntax", file=name, message=f"not a readable CSV: {exc}"))
    if problems:
        raise DataError(problems)
    return tuple(groups)


def _need(text: str, codes: dict[str, str], catalogue: Catalogue) -> str | None:
    text = text.strip()
    if text.casefold() in codes:
        return codes[text.casefold()]
    try:
        return catalogue.resolve(text, kind="area")
    except SendpathError:
        return None
