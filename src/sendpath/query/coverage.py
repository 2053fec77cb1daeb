"""How a framework covers the areas of need, the levels and its own sections.

:func:`coverage` counts a framework's outcomes by area of need, by level or by section (the
framework's own grouping: its top-level outcomes, such as the ITTECF's eight standards), and
names the gaps:

- ``by="area"``: every area of need of the catalogue, broad areas with their census need types
  under them. An outcome tagged with a need type counts for it and for its broad area; an
  outcome tagged ``area:all`` is counted once, under "all areas", and covers none of them on
  its own. The gaps are the areas no outcome names.
- ``by="level"``: the levels of the scales the framework's outcomes use (the Code of Practice
  scale if they use none), and the outcomes with no level. The gaps are the broad areas of
  need (the Code of Practice's four: the areas with need types under them) with no outcome at
  a level (an outcome for ``area:all`` counts for every area).
- ``by="section"``: each top-level outcome with the outcomes under it. The gaps are the
  sections in which no outcome names an area of need: what the framework says there, it says
  about all pupils, not about SEND.

Example:
    >>> import sendpath
    >>> from sendpath import query
    >>> g = sendpath.load_default().graph
    >>> c = query.coverage(g, "ittecf", by="section")
    >>> c.framework, len(c.groups), c.groups[0].id
    ('fw:ittecf', 9, 'outcome:ittecf/intro-send')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from sendpath._output import JsonResult, Worded, envelope
from sendpath.graph import ProgressionGraph
from sendpath.render import count, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.model import Framework, Outcome

__all__ = ["BY", "CoverageGroup", "CoverageResult", "Gap", "coverage"]

#: What :func:`coverage` can count by.
BY: Final = ("area", "level", "section")
_ALL: Final = "area:all"
_COP: Final = "scale:cop"


@attrs.frozen(kw_only=True)
class CoverageGroup:
    """One row of a coverage count: an area, a level or a section, and its outcomes.

    Attributes:
        id: The area, level or section (a top-level outcome); ``""`` for outcomes with none.
        title: Its title.
        count: How many of the framework's outcomes it holds.
        outcomes: Their ids.
        depth: 1 for a census need type under its broad area, else 0.
    """

    JSON_OMIT_EMPTY: ClassVar[bool] = True

    id: str
    title: str
    count: int = attrs.field(metadata={"json_keep": True})
    outcomes: tuple[str, ...] = ()
    depth: int = 0


@attrs.frozen(kw_only=True)
class Gap:
    """Something the framework does not cover: an area, an area at a level, or a section.

    Attributes:
        id: The area of need (or, by section, the section) not covered.
        title: Its title.
        level: By level: the level at which no outcome covers the area.
        level_title: That level's title.
    """

    JSON_OMIT_EMPTY: ClassVar[bool] = True

    id: str
    title: str
    level: str = ""
    level_title: str = ""


@attrs.frozen(kw_only=True)
class CoverageResult(JsonResult, Worded):
    """A framework's outcomes counted by area, level or section: the result of :func:`coverage`.

    Attributes:
        framework: The framework (full id).
        title: Its title.
        by: What the outcomes are counted by (``area``, ``level`` or ``section``).
        outcomes: How many outcomes the framework has.
        groups: The counts, in the catalogue's order (areas as a tree).
        gaps: What no outcome covers (see :func:`coverage`).
        data_version: The version of the data the answer comes from.
    """

    framework: str
    title: str
    by: str
    outcomes: int
    groups: tuple[CoverageGroup, ...]
    gaps: tuple[Gap, ...]
    data_version: str = ""

    def _json(self) -> dict[str, Any]:
        """What the result shows in JSON, with the usual envelope (no ``as_of``: no date).

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> d = query.coverage(sendpath.load_default().graph, "slcf", by="level").to_dict()
            >>> d["framework"]["id"], d["by"], d["groups"][0]["id"]
            ('fw:slcf', 'level', 'level:cop/awareness')
        """
        return envelope(self.data_version, framework={"id": self.framework, "title": self.title},
                        by=self.by, outcomes=self.outcomes, groups=self.groups, gaps=self.gaps)

    def _lines(self, *, detail: bool) -> list[str]:
        lines = [words("coverage-head", self.title, count(self.outcomes, "outcome"),
                       words(f"coverage-by-{self.by}"))]
        for group in self.groups:
            name = group.title if not detail or not group.id else f"{group.title} ({group.id})"
            lines.append(words("coverage-row", "  " * group.depth + name, group.count))
            if detail and group.outcomes:
                lines.append(words("coverage-outcomes", ", ".join(group.outcomes)))
        if self.gaps:
            lines += ["", words(f"coverage-gaps-{self.by}")]
            by_area: dict[str, list[str]] = {}
            for gap in self.gaps:  # by level: one line per area, with its levels
                by_area.setdefault(gap.title, []).append(gap.level_title)
            lines += [words("coverage-gap", title) + (
                words("coverage-gap-levels", ", ".join(levels)) if any(levels) else "")
                for title, levels in by_area.items()]
        else:
            lines += ["", words("coverage-no-gaps")]
        if not detail:
            lines.append(words("coverage-more"))
        return lines


def coverage(g: ProgressionGraph | Catalogue, framework: str, *, by: str = "area",
             ) -> CoverageResult:
    """Return a framework's outcomes counted by area of need, level or section, with gaps.

    Args:
        g: The progression graph (a catalogue is accepted too).
        framework: A framework id or short name (``ittecf``).
        by: ``area``, ``level`` or ``section`` (see the module's description).

    Raises:
        UnknownIdError: ``framework`` names no framework.
        ValueError: ``by`` is not one of :data:`BY`.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> c = query.coverage(sendpath.load_default().graph, "ittecf")
        >>> [(row.id, row.count) for row in c.groups][:2]
        [('area:all', 23), ('area:cognition-learning', 0)]
    """
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    cat: Catalogue = g.catalogue if isinstance(g, ProgressionGraph) else g
    fw = cat.frameworks[cat.resolve(framework, kind="fw")]
    outcomes = list(fw.outcomes)
    if by == "area":
        groups, gaps = _by_area(cat, outcomes)
    elif by == "level":
        groups, gaps = _by_level(cat, outcomes)
    else:
        groups, gaps = _by_section(fw, outcomes)
    return CoverageResult(framework=fw.id, title=fw.title, by=by, outcomes=len(outcomes),
                          groups=tuple(groups), gaps=tuple(gaps),
                          data_version=cat.data_version)


def _group(rid: str, title: str, members: Iterable[Outcome], depth: int = 0) -> CoverageGroup:
    ids = tuple(o.id for o in members)
    return CoverageGroup(id=rid, title=title, count=len(ids), outcomes=ids, depth=depth)


def _broad(cat: Catalogue) -> list[tuple[str, list[str]]]:
    """The areas as a tree: each area with no parent (but ``area:all``) and its children.

    The broad areas of the Code of Practice are those with children; census need types with
    no broad area (``NSA``, ``OTH``) stand alone.
    """
    children: dict[str, list[str]] = {}
    for area in cat.areas.values():
        if area.parent:
            children.setdefault(area.parent, []).append(area.id)
    return [(a.id, sorted(children.get(a.id, []))) for a in cat.areas.values()
            if not a.parent and a.id != _ALL]


def _by_area(cat: Catalogue, outcomes: list[Outcome]) -> tuple[list[CoverageGroup], list[Gap]]:
    groups = [_group(_ALL, cat.areas[_ALL].title if _ALL in cat.areas else _ALL,
                     [o for o in outcomes if _ALL in o.areas])]
    gaps = []
    for broad, kids in _broad(cat):
        family = {broad, *kids}
        groups.append(_group(broad, cat.areas[broad].title,
                             [o for o in outcomes if family & set(o.areas)]))
        for kid in kids:
            groups.append(_group(kid, cat.areas[kid].title,
                                 [o for o in outcomes if kid in o.areas], depth=1))
    gaps = [Gap(id=row.id, title=row.title) for row in groups if not row.count and row.id != _ALL]
    groups.append(_group("", words("coverage-no-area"), [o for o in outcomes if not o.areas]))
    return groups, gaps


def _by_level(cat: Catalogue, outcomes: list[Outcome]) -> tuple[list[CoverageGroup], list[Gap]]:
    levelled = {o.level for o in outcomes if o.level}
    scales = [s for s in cat.scales.values() if any(lv.id in levelled for lv in s.levels)] or \
        [s for s in cat.scales.values() if s.id == _COP]
    groups = [_group(lv.id, lv.title, [o for o in outcomes if o.level == lv.id])
              for s in scales for lv in s.levels]
    groups.append(_group("", words("coverage-no-level"), [o for o in outcomes if not o.level]))
    gaps = []
    for broad, kids in _broad(cat):
        if not kids:  # a need type with no broad area: not one of the Code's four areas
            continue
        family = {broad, *kids, _ALL}
        for s in scales:
            for lv in s.levels:
                if not any(o.level == lv.id and family & set(o.areas) for o in outcomes):
                    gaps.append(Gap(id=broad, title=cat.areas[broad].title, level=lv.id,
                                    level_title=lv.title))
    return groups, gaps


def _by_section(fw: Framework, outcomes: list[Outcome],
                ) -> tuple[list[CoverageGroup], list[Gap]]:
    parent = {o.id: o.parent for o in outcomes}

    def top(oid: str) -> str:
        seen = {oid}
        while True:
            up = parent.get(oid)
            if not up or up in seen:  # a cycle cannot pass validation; stop if there were one
                return oid
            oid = up
            seen.add(oid)

    groups = [_group(o.id, f"{o.code} {o.title}".strip() if o.code != o.title else o.title,
                     [m for m in outcomes if top(m.id) == o.id])
              for o in outcomes if not o.parent]
    by_id = {o.id: o for o in outcomes}
    gaps = [Gap(id=row.id, title=row.title) for row in groups
            if not any(by_id[m].areas for m in row.outcomes)]
    return groups, gaps
