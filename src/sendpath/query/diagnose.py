"""Where the pathways have gaps: missing rungs, dead ends, unreachable records, bottlenecks.

:func:`diagnose` answers a researcher's "where are the gaps in the pathways?" over the
progression view of a graph (:meth:`~sendpath.graph.ProgressionGraph.progression_view`). A
*progression* is one of its edges between roles, qualifications and activities: a record
another requires (``requires``), a role's named next step (``leads_to``), a role's
obligation (``obliges``) or a recommended order (``recommended_before``). Four findings:

- **Missing rungs.** Every record is put on one ladder of rungs, 0 to 3 (sendpath's
  convention, :mod:`sendpath.query._ladder`: a record's level on its scale, or the levels of
  the outcomes it covers, or for a qualification serving an area of need its RQF level; QTS
  and the Teachers' Standards at rung 1; roles at what their requirements and obligations
  imply, a role needing nothing at 0). A progression lies within an area of need when both
  ends serve the area (a record tagged with the area, its broad area or one of its sub-areas
  serves it, and one tagged ``area:all`` serves every area) and at least one of them serves
  it in particular. It is a missing rung when it climbs by more than ``max_level_jump``
  rungs and, even with every rung the data offers for that area in between (a current
  qualification or activity serving the area in particular, at that rung by itself), some
  step is still longer than ``max_level_jump``; the rungs missing are those in between that
  the data has nothing at.
- **Dead ends.** Current qualifications and activities that lead nowhere: nothing requires
  them, they have no next step, and no role names them as a next step or an obligation.
  Roles are never dead ends: a role with no next step (headteacher, educational
  psychologist) is the top of its pathway, a place to be, not training that goes nowhere.
- **Unreachable records.** Roles, qualifications and activities no path on the progression
  view reaches from a start: an entry-point role (``Role.entry_point``: entered from outside
  the model) or a qualification or activity that requires nothing (anyone may take it). A
  role that is no entry point is a start only through what leads to it, so one the data
  links to nothing is listed. A path is enough (one of a record's needs reached, not all of
  them), so what is listed is unreachable by any reading.
- **Bottlenecks.** The records most routes into specialist roles pass through, with their
  share. Specialist roles are those whose requirement or obligations name a record at the
  specialist rung (3). Over every pair of an entry-point role and a specialist role that a
  path joins, a record's share is the mean fraction of the pair's shortest paths (fewest
  steps) that pass through it: its betweenness centrality restricted to those pairs
  (:func:`networkx.betweenness_centrality_subset`, unnormalised), divided by the number of
  pairs. A path on the view follows one need of each record, not all of them (a route that
  meets every requirement is :func:`~sendpath.query.routes`'s question), so the share
  measures the shape of the pathways, not the law's every condition.

Example:
    >>> import datetime as dt, sendpath
    >>> from sendpath import query
    >>> d = query.diagnose(sendpath.load_default().graph, on=dt.date(2026, 9, 1))
    >>> sorted({m.broad_area for m in d.missing_rungs})
    ['area:cognition-learning', 'area:sensory-physical']
    >>> d.bottleneck("qual:qts").share > 0.3
    True
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs
import networkx as nx

from sendpath._dates import check_day
from sendpath._output import JsonResult, Worded, envelope
from sendpath.query._ladder import ALL, RUNG_NAMES, TOP, Ladder
from sendpath.query.routes import not_offered
from sendpath.render import count, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.graph import ProgressionGraph

__all__ = ["PROGRESSIONS", "Bottleneck", "DeadEnd", "Diagnosis", "MissingRung", "Unreachable",
           "diagnose"]

#: The edges of the progression view that are progressions, in the order they are named.
PROGRESSIONS: Final = ("requires", "leads_to", "obliges", "recommended_before")
_RECORDS: Final = ("role", "qual", "activity")
#: In the short answer, how many of each list are shown (the rest counted), and how many of an
#: area's climbs past a missing rung; ``--explain`` shows them all.
_SHORT: Final = 8
_SHORT_CLIMBS: Final = 2


@attrs.frozen(kw_only=True)
class MissingRung:
    """A progression within an area of need that climbs past rungs the data has nothing at.

    Attributes:
        area: The area of need; ``area_title`` its title.
        broad_area: Its broad area (the area itself when it is one); ``broad_title`` its title.
        from_id: Where the progression starts; ``from_title`` its title, ``from_rung`` its rung.
        to_id: Where it goes; ``to_title`` its title, ``to_rung`` its rung.
        via: The kinds of edge that make it a progression (``requires``, ``leads_to``, ...).
        missing: The rungs strictly between that no record serving the area is at.
    """

    area: str
    area_title: str
    broad_area: str
    broad_title: str
    from_id: str
    from_title: str
    from_rung: int
    to_id: str
    to_title: str
    to_rung: int
    via: tuple[str, ...]
    missing: tuple[int, ...]

    def _json(self) -> dict[str, Any]:
        return {"area": {"id": self.area, "title": self.area_title},
                "broad_area": {"id": self.broad_area, "title": self.broad_title},
                "from": {"id": self.from_id, "title": self.from_title, "rung": self.from_rung},
                "to": {"id": self.to_id, "title": self.to_title, "rung": self.to_rung},
                "via": self.via, "missing": self.missing}


@attrs.frozen(kw_only=True)
class DeadEnd:
    """A qualification or activity that leads nowhere and no role names.

    Attributes:
        id: The record; ``title`` its title; ``kind`` ``qualification`` or ``activity``.
        rung: Its own rung on the ladder, if it has one.
        areas: The areas of need it serves.
    """

    id: str
    title: str
    kind: str
    rung: int | None
    areas: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Unreachable:
    """A record no path from a start reaches.

    Attributes:
        id: The record; ``title`` its title; ``kind`` ``role``, ``qualification`` or
            ``activity``.
        needs: The records its requirement names (none of them reachable either).
    """

    id: str
    title: str
    kind: str
    needs: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Bottleneck:
    """A record that routes from entry points into specialist roles must pass through.

    Attributes:
        id: The record; ``title`` its title; ``kind`` ``role``, ``qualification`` or
            ``activity``.
        share: Over the ``of`` pairs of an entry-point role and a specialist role that a path
            joins, the mean fraction of the pair's shortest paths that pass through it (its
            betweenness centrality over those pairs, divided by their number), to 3 places.
        of: The number of those pairs.
    """

    id: str
    title: str
    kind: str
    share: float
    of: int


@attrs.frozen(kw_only=True)
class Diagnosis(JsonResult, Worded):
    """The gaps in a graph's pathways (see :func:`diagnose`).

    Attributes:
        as_of: The day of the answer (what is offered then, the wording then in force).
        max_level_jump: The longest climb, in rungs, that is not a missing rung.
        missing_rungs: Progressions that climb past rungs the data has nothing at.
        dead_ends: Qualifications and activities that lead nowhere.
        unreachable: Records no path from a start reaches.
        bottlenecks: Records on every route from an entry point into a specialist role, most
            shared first.
        broad_areas: The broad areas of need (those with sub-areas), as ``(id, title)``.
        data_version: The version of the data the answer comes from.
    """

    as_of: dt.date
    max_level_jump: int
    missing_rungs: tuple[MissingRung, ...]
    dead_ends: tuple[DeadEnd, ...]
    unreachable: tuple[Unreachable, ...]
    bottlenecks: tuple[Bottleneck, ...]
    broad_areas: tuple[tuple[str, str], ...] = attrs.field(default=(), metadata={"json": False})
    data_version: str = ""

    def bottleneck(self, rid: str) -> Bottleneck | None:
        """Return the bottleneck ``rid`` (a full id), if it is one."""
        return next((b for b in self.bottlenecks if b.id == rid), None)

    def _json(self) -> dict[str, Any]:
        """What the answer shows in JSON, with the usual envelope.

        Example:
            >>> import datetime as dt, sendpath
            >>> from sendpath import query
            >>> d = query.diagnose(sendpath.load_default().graph,
            ...                    on=dt.date(2026, 9, 1)).to_dict()
            >>> sorted(k for k in d if k not in ("format", "sendpath_version", "data_version",
            ...                                  "data_digest"))
            ['as_of', 'bottlenecks', 'dead_ends', 'missing_rungs', 'unreachable']
        """
        return envelope(self.data_version, as_of=self.as_of, missing_rungs=self.missing_rungs,
                        dead_ends=self.dead_ends, unreachable=self.unreachable,
                        bottlenecks=self.bottlenecks)

    def _lines(self, *, detail: bool) -> list[str]:
        """The answer in words: in short, each list's first few, the rest counted.

        With ``detail``, every finding with its ids and why.
        """
        def name(rid: str, title: str) -> str:
            return f"{title} ({rid})" if detail else title

        def first(items: list[str], most: int = _SHORT, more: str = "diagnose-and-more",
                  ) -> list[str]:
            if detail or len(items) <= most:
                return items
            return [*items[:most], words(more, len(items) - most)]

        def area_lines(area: str, title: str, missing: tuple[int, ...],
                       group: list[MissingRung]) -> list[str]:
            rungs = ", ".join(words("diagnose-rung", RUNG_NAMES[r], r) for r in missing)
            return [words("diagnose-area", name(area, title), rungs), *first([
                words("diagnose-jump", name(m.from_id, m.from_title), m.from_rung,
                      name(m.to_id, m.to_title), m.to_rung,
                      words("diagnose-via", ", ".join(m.via)) if detail and m.via else "")
                for m in group], _SHORT_CLIMBS, "diagnose-more-climbs")]

        lines = [words("diagnose-heading", self.as_of, ", ".join((
            count(len(self.missing_rungs), "missing rung"), count(len(self.dead_ends),
                                                                  "dead end"),
            count(len(self.unreachable), "unreachable record"),
            count(len(self.bottlenecks), "bottleneck"))))]
        lines += ["", words("diagnose-missing", count(self.max_level_jump, "rung"))]
        for broad, broad_title in self.broad_areas:
            found = [m for m in self.missing_rungs if m.broad_area == broad]
            if not found:
                continue
            lines.append(words("diagnose-broad", name(broad, broad_title)))
            for (area, title, missing), group in _grouped(found):
                lines += area_lines(area, title, missing, group)
        others = sorted({m.broad_area for m in self.missing_rungs} -
                        {b for b, _t in self.broad_areas})
        for area in others:  # an area with no broad area: its findings stand alone
            for (a, title, missing), group in _grouped(
                    [m for m in self.missing_rungs if m.broad_area == area]):
                lines += area_lines(a, title, missing, group)
        clear = [title for b, title in self.broad_areas
                 if b not in {m.broad_area for m in self.missing_rungs}]
        if clear:
            lines.append(words("diagnose-none-in", ", ".join(clear)))
        lines += ["", words("diagnose-dead-ends")]
        lines += first([words("diagnose-item", name(d.id, d.title),
                              "" if d.rung is None else words("diagnose-at", RUNG_NAMES[d.rung]))
                        for d in self.dead_ends]) or [words("diagnose-none")]
        lines += ["", words("diagnose-unreachable")]
        lines += first([words("diagnose-item", name(u.id, u.title),
                              words("diagnose-needs", ", ".join(u.needs)) if detail and u.needs
                              else "")
                        for u in self.unreachable]) or [words("diagnose-none")]
        lines += ["", words("diagnose-bottlenecks")]
        lines += first([words("diagnose-share", f"{b.share:.0%}", name(b.id, b.title),
                              words("diagnose-pairs", b.share, b.of) if detail else "")
                        for b in self.bottlenecks]) or [words("diagnose-none")]
        if not detail:
            lines += ["", words("diagnose-more")]
        return lines


def _grouped(found: list[MissingRung]) -> list[tuple[tuple[str, str, tuple[int, ...]],
                                                     list[MissingRung]]]:
    """The missing rungs of one broad area, by area and rungs missing, in order."""
    groups: dict[tuple[str, str, tuple[int, ...]], list[MissingRung]] = {}
    for m in found:
        groups.setdefault((m.area, m.area_title, m.missing), []).append(m)
    return sorted(groups.items(), key=lambda kv: (kv[0][0] != kv[1][0].broad_area, kv[0]))


def diagnose(g: ProgressionGraph, *, max_level_jump: int = 1,
             on: dt.date | None = None) -> Diagnosis:
    """Return the gaps in the pathways of ``g``.

    Those are missing rungs, dead ends, unreachable records and bottlenecks, each defined in
    :mod:`sendpath.query.diagnose`.

    Args:
        g: The progression graph (``catalogue.graph``).
        max_level_jump: The longest climb, in rungs of the ladder, that is not a missing rung
            (at least 1).
        on: The day of the answer (default today): what is offered then counts as a rung,
            and requirements are read as worded then.

    Raises:
        ValueError: ``max_level_jump`` is less than 1.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> d = query.diagnose(sendpath.load_default().graph, on=dt.date(2026, 9, 1))
        >>> hi = [m for m in d.missing_rungs if m.area == "area:hi"]
        >>> any(m.from_id == "role:teacher" and m.to_id == "qual:mq-hi" for m in hi)
        True
        >>> hi[0].from_rung, hi[0].to_rung, hi[0].missing
        (1, 3, (2,))
    """
    if max_level_jump < 1:
        raise ValueError(words("diagnose-bad-jump", max_level_jump))
    on = check_day(on or dt.date.today(), "on")
    cat = g.catalogue
    ladder = Ladder(cat, on)
    view = _progressions(g)
    broad = tuple(sorted(((a, cat.areas[a].title) for a in
                          {x.parent for x in cat.areas.values() if x.parent}),
                         key=lambda p: p[1]))
    return Diagnosis(as_of=on, max_level_jump=max_level_jump,
                     missing_rungs=_missing_rungs(cat, view, ladder, max_level_jump),
                     dead_ends=_dead_ends(cat, view, ladder), unreachable=_unreachable(g, view),
                     bottlenecks=_bottlenecks(cat, view, ladder, g), broad_areas=broad,
                     data_version=cat.data_version)


def _progressions(g: ProgressionGraph) -> nx.MultiDiGraph[str]:
    """The progression view's roles, qualifications and activities, and its progressions."""
    found = g.memo.get("diagnose progressions")
    if found is None:
        view = g.progression_view()
        found = nx.MultiDiGraph()
        found.add_nodes_from(n for n, d in view.nodes(data=True) if d["kind"] in _RECORDS)
        found.add_edges_from((u, v, d["kind"]) for u, v, d in view.edges(data=True)
                             if d["kind"] in PROGRESSIONS and u in found and v in found)
        nx.freeze(found)
        g.memo["diagnose progressions"] = found
    return found


def _kind(rid: str) -> str:
    return {"qual": "qualification"}.get(rid.partition(":")[0], rid.partition(":")[0])


def _areas(cat: Catalogue, rid: str) -> tuple[str, ...]:
    return tuple(getattr(cat.get(rid), "areas", ()))


def serves(cat: Catalogue, areas: Iterable[str], area: str) -> bool:
    """Whether records tagged ``areas`` serve ``area`` in particular.

    That is, tagged with it, its broad area or one of its sub-areas (for ``area:all``, tagged
    ``area:all``).

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> serves(cat, ["area:sensory-physical"], "area:hi"), serves(cat, ["area:vi"], "area:hi")
        (True, False)
    """
    if area == ALL:
        return ALL in areas
    parent = cat.areas[area].parent
    return any(a in (area, parent) or cat.areas[a].parent == area for a in areas
               if a in cat.areas)


def _missing_rungs(cat: Catalogue, view: nx.MultiDiGraph[str], ladder: Ladder,
                   most: int) -> tuple[MissingRung, ...]:
    steps = [r for r in (*cat.qualifications, *cat.activities)
             if ladder.own(r) is not None and not not_offered(cat, r, ladder.on)]
    edges: dict[tuple[str, str], list[str]] = {}
    for u, v, kind in view.edges(keys=True):
        edges.setdefault((u, v), []).append(kind)
    found: list[MissingRung] = []
    for area in sorted(cat.areas):
        present = {ladder.own(r) for r in steps if serves(cat, _areas(cat, r), area)}
        for (u, v), kinds in sorted(edges.items()):
            low, high = ladder.rung(u), ladder.rung(v)
            if low is None or high is None or high - low <= most:
                continue
            ends = (_areas(cat, u), _areas(cat, v))
            if not all(serves(cat, a, area) or ALL in a for a in ends) or \
                    not any(serves(cat, a, area) for a in ends):
                continue
            ladder_here = [low, *sorted(r for r in present if r is not None and low < r < high),
                           high]
            if max(b - a for a, b in itertools.pairwise(ladder_here)) <= most:
                continue
            record = cat.areas[area]
            top = cat.areas[record.parent] if record.parent else record
            found.append(MissingRung(
                area=area, area_title=record.title, broad_area=top.id, broad_title=top.title,
                from_id=u, from_title=cat.get(u).title, from_rung=low,
                to_id=v, to_title=cat.get(v).title, to_rung=high,
                via=tuple(k for k in PROGRESSIONS if k in kinds),
                missing=tuple(r for r in range(low + 1, high) if r not in present)))
    return tuple(found)


def _dead_ends(cat: Catalogue, view: nx.MultiDiGraph[str],
               ladder: Ladder) -> tuple[DeadEnd, ...]:
    found = []
    for rid in sorted(view):
        if rid in cat.roles or not_offered(cat, rid, ladder.on):
            continue
        if view.out_degree(rid) or any(view.has_edge(u, rid, "leads_to") or
                                       view.has_edge(u, rid, "obliges")
                                       for u in view.predecessors(rid)):
            continue
        found.append(DeadEnd(id=rid, title=cat.get(rid).title, kind=_kind(rid),
                             rung=ladder.own(rid), areas=_areas(cat, rid)))
    return tuple(found)


def _unreachable(g: ProgressionGraph, view: nx.MultiDiGraph[str]) -> tuple[Unreachable, ...]:
    cat = g.catalogue
    starts = {r for r in view
              if (cat.roles[r].entry_point if r in cat.roles else
                  not any(view.has_edge(u, r, "requires") for u in view.predecessors(r)))}
    reached = set(starts)
    for start in starts:
        reached |= nx.descendants(view, start)
    return tuple(Unreachable(id=r, title=cat.get(r).title, kind=_kind(r),
                             needs=tuple(sorted(g.requirement_leaves(r))))
                 for r in sorted(set(view) - reached))


def specialist_roles(g: ProgressionGraph, ladder: Ladder) -> tuple[str, ...]:
    """The roles whose requirement or obligations name a record at the specialist rung.

    Example:
        >>> import datetime as dt, sendpath
        >>> g = sendpath.load_default().graph
        >>> "role:senco" in specialist_roles(g, Ladder(g.catalogue, dt.date(2026, 9, 1)))
        True
    """
    found = []
    for role in sorted(g.catalogue.roles):
        named = set(g.requirement_leaves(role))
        for gate in g.obligations(role):
            named |= set(g.obligation_leaves(gate))
        if any(ladder.rung(r) == TOP for r in named):
            found.append(role)
    return tuple(found)


def _bottlenecks(cat: Catalogue, view: nx.MultiDiGraph[str], ladder: Ladder,
                 g: ProgressionGraph) -> tuple[Bottleneck, ...]:
    simple: nx.DiGraph[str] = nx.DiGraph(view)
    entries = sorted(r for r, role in cat.roles.items() if role.entry_point and r in simple)
    targets = specialist_roles(g, ladder)
    pairs = sum(1 for s in entries for t in targets
                if s != t and t in simple and nx.has_path(simple, s, t))
    if not pairs:
        return ()
    between = nx.betweenness_centrality_subset(simple, entries, list(targets),
                                               normalized=False)
    found = [Bottleneck(id=r, title=cat.get(r).title, kind=_kind(r),
                        share=round(value / pairs, 3), of=pairs)
             for r, value in between.items() if round(value / pairs, 3) > 0]
    found.sort(key=lambda b: (-b.share, b.title))
    return tuple(found)
