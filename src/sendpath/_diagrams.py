"""The ``sendpath-diagram`` and ``sendpath-chart`` directives: pictures of the live data.

Registered by :func:`sendpath.sphinxext.setup`; the reference for writers is the docs page
``diagrams.rst``. Diagrams are DOT text from :func:`sendpath.export.to_dot`, drawn by
``sphinx.ext.graphviz``; charts are inline SVG from :mod:`sendpath._chart`. Both are made
when the docs are built, offline, from the shipped data (or the ``:package:`` option's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from html import escape
from typing import TYPE_CHECKING, Any, ClassVar, Final

import networkx as nx
from docutils import nodes
from docutils.parsers.rst import directives

from sendpath.errors import SendpathError
from sendpath.render import obligation_items, requirement_items, short_title
from sendpath.sphinxext import DataDirective, plan_figure

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.query.routes import Route, RouteResult

__all__ = ["CHART_KINDS", "DIAGRAM_KINDS", "MAX_NODES", "ChartDirective", "DiagramDirective"]

#: The most nodes a diagram draws; a bigger one is refused, with its size.
MAX_NODES: Final = 80
#: Each kind of diagram, with the options it needs and the options it may take besides the
#: common ones (``caption``, ``alt``, ``name``, ``package``).
DIAGRAM_KINDS: Final = {
    "route": (("from", "to"), ("k", "on")),
    "requirements": (("target",), ()),
    "crosswalks": (("framework",), ()),
    "plan": (("profile", "hours-per-term", "on"), ("target", "outcomes", "start")),
}
#: Each kind of chart, as :data:`DIAGRAM_KINDS`.
CHART_KINDS: Final = {
    "coverage": ((), ("frameworks",)),
    "routes": (("from", "to"), ("k", "on")),
}
_COMMON: Final = ("caption", "alt", "name", "package", "direction")


def _day(text: str) -> str:
    """Check a YYYY-MM-DD option."""
    dt.date.fromisoformat(text.strip())
    return text.strip()


def _rankdir(text: str) -> str:
    """Check a ``:direction:`` option: ``LR`` or ``TB``."""
    value = text.strip().upper()
    if value not in ("LR", "TB"):
        raise ValueError(f"{text.strip()!r} unknown; choose LR (left to right) or TB (top down)")
    return value


class _PictureDirective(DataDirective):
    """What diagrams and charts share: a kind, its options checked, ids resolved."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    kinds: ClassVar[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "caption": directives.unchanged_required, "alt": directives.unchanged_required,
        "name": directives.unchanged, "package": directives.path,
        "from": directives.unchanged_required, "to": directives.unchanged_required,
        "k": directives.positive_int, "on": _day,
    }

    def _kind(self) -> str:
        """The kind the argument names, its options checked: a build error if wrong."""
        kind = self.arguments[0].strip()
        if kind not in self.kinds:
            raise self.error(f"{self.name}: unknown kind {kind!r}; the kinds are "
                             f"{', '.join(self.kinds)}")
        needed, allowed = self.kinds[kind]
        missing = [f":{o}:" for o in needed if o not in self.options]
        if missing:
            raise self.error(f"{self.name} {kind} needs {' and '.join(missing)}")
        extra = [f":{o}:" for o in self.options if o not in (*needed, *allowed, *_COMMON)]
        if extra:
            raise self.error(f"{self.name} {kind} does not take {', '.join(extra)}")
        return kind

    def _resolve(self, cat: Catalogue, option: str, kinds: tuple[str, ...]) -> str:
        """The full id the option names (an id or a short name): a build error if none."""
        try:
            return cat.resolve(self.options[option], kinds=kinds)
        except SendpathError as exc:
            raise self.error(f"{self.name} :{option}: {exc}") from exc

    def _find_routes(self, cat: Catalogue) -> RouteResult:
        from sendpath.query import routes  # noqa: PLC0415

        start = self._resolve(cat, "from", ("role",))
        target = self._resolve(cat, "to", ("role", "qual"))
        on = dt.date.fromisoformat(self.options["on"]) if "on" in self.options else None
        try:
            result = routes(cat.graph, start, target, k=self.options.get("k", 1), on=on)
        except SendpathError as exc:
            raise self.error(f"{self.name}: {exc}") from exc
        if not result:
            raise self.error(f"{self.name}: no route from {start} to {target}")
        return result

    def _figure(self, picture: nodes.Element, caption: str) -> nodes.figure:
        """``picture`` in a figure, captioned with the option or ``caption``."""
        figure = nodes.figure("", picture, classes=[self.name])
        if "caption" in self.options:
            inline, messages = self.parse_inline(self.options["caption"])
            figure += nodes.caption(self.options["caption"], "", *inline)
            figure += messages
        else:
            figure += nodes.caption(caption, caption)
        self.add_name(figure)
        return figure


def _title(cat: Catalogue, rid: str) -> str:
    return short_title(cat.get(rid).title) if rid in cat else rid


def _routes_words(cat: Catalogue, result: RouteResult) -> tuple[str, str]:
    """A caption and a description of routes, for the diagram and the chart."""
    from sendpath._chart import route_months  # noqa: PLC0415

    start, target = _title(cat, result.start), _title(cat, result.target)
    n = len(result)
    caption = (f"The route from {start} to {target}" if n == 1
               else f"The {n} best routes from {start} to {target}")
    said = []
    for i, route in enumerate(result, 1):
        steps = ", then ".join(_step_words(s.kind, short_title(s.title))
                               for s in route.steps if not s.conferred)
        said.append(f"Route {i}, {route_months(route)}: {steps}.")
    return caption, f"{caption}, by months. " + " ".join(said)


def _step_words(kind: str, title: str) -> str:
    return {"role": f"take the role {title}",
            "obligation": f"{title} (a duty of the role)"}.get(kind, title)


class DiagramDirective(_PictureDirective):
    """``.. sendpath-diagram:: KIND``: a graph drawn by Graphviz from the data.

    Kinds (:data:`DIAGRAM_KINDS`): ``route`` (``:from:``, ``:to:``, ``:k:``, ``:on:``),
    ``requirements`` (``:target:``), ``crosswalks`` (``:framework:``) and ``plan`` (the options
    of ``sendpath-plan``). Every kind takes ``:caption:``, ``:alt:``, ``:name:`` and
    ``:package:``, and the graphs ``:direction:`` (``LR`` or ``TB``).
    """

    kinds = DIAGRAM_KINDS
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **_PictureDirective.option_spec, "target": directives.unchanged_required,
        "framework": directives.unchanged_required,
        "direction": _rankdir,
        "profile": directives.path, "outcomes": directives.unchanged,
        "hours-per-term": float, "start": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Return the figure: the DOT text in a ``graphviz`` node, with caption and alt text."""
        kind = self._kind()
        if kind == "plan":
            figure = plan_figure(self, self._catalogue(), self.options.get("caption", ""))
            self.add_name(figure)
            return [figure]
        cat = self._catalogue()
        dot, caption, alt = getattr(self, f"_{kind}")(cat)
        from sphinx.ext.graphviz import graphviz  # noqa: PLC0415

        node = graphviz()
        node["code"] = dot
        node["options"] = {"docname": self.env.docname}
        node["alt"] = escape(self.options.get("alt", alt))
        node["classes"] = ["sendpath-diagram"]
        return [self._figure(node, caption)]

    def _draw(self, cat: Catalogue, ref: str | None = None, **kwargs: Any) -> str:
        """DOT text from :func:`sendpath.export.to_dot`; refused if it has too many nodes.

        The layout runs left to right unless that would be much wider than top down (the
        ``:direction:`` option chooses).
        """
        from sendpath.export import to_dot, view  # noqa: PLC0415

        if ref is not None:
            part = view(cat.graph, ref)
            drawn: nx.DiGraph[str] = nx.DiGraph(part)
        else:
            drawn = nx.DiGraph()
            drawn.add_nodes_from(kwargs["nodes"])
            drawn.add_edges_from((u, v) for u, v, _label in kwargs.get("edges", ()))
        size = len(drawn)
        if size > MAX_NODES:
            raise self.error(f"{self.name}: the diagram would have {size} nodes, more than "
                             f"{MAX_NODES}: too many to read; draw a smaller part")
        rankdir = self.options.get("direction") or _direction(drawn)
        return to_dot(cat.graph, ref, short=True, rankdir=rankdir, **kwargs)

    def _route(self, cat: Catalogue) -> tuple[str, str, str]:
        result = self._find_routes(cat)
        several = len(result) > 1
        labels = {result.start: _title(cat, result.start)}
        edges: dict[tuple[str, str], list[str]] = {}
        for n, route in enumerate(result, 1):
            for step in route.steps:
                months = f"\n{step.months} months" if step.months else ""
                duty = "\n(a duty of the role)" if step.kind == "obligation" else ""
                labels.setdefault(step.id, short_title(step.title) + months + duty)
            for u, v in _order(result.start, route):
                edges.setdefault((u, v), []).append(str(n))
        dot = self._draw(cat, nodes=labels, labels=_wrapped(labels),
                         edges=[(u, v, ("route " + ", ".join(ns)) if several else "")
                                for (u, v), ns in edges.items()])
        caption, alt = _routes_words(cat, result)
        return dot, caption, alt

    def _requirements(self, cat: Catalogue) -> tuple[str, str, str]:
        from sendpath.export import view  # noqa: PLC0415

        ref = self._resolve(cat, "target", ("role", "qual", "activity"))
        record = cat.get(ref)
        drawn = set(view(cat.graph, ref))
        if len(drawn) == 1:
            raise self.error(f"{self.name}: {ref} requires nothing: there is nothing to draw")
        dot = self._draw(cat, ref)
        name = _title(cat, ref)
        requires = getattr(record, "requires", None)
        said = _tree_words(requirement_items(requires, cat, ids=False)
                           if requires is not None else [])
        duties = [_tree_words(obligation_items(ob, cat, ids=False))
                  for n, ob in enumerate(getattr(record, "obligations", ()))
                  if any(node.endswith(f"/obligation/{n}") for node in drawn)]
        alt = (f"What {name} requires, as a tree of what it needs and the gates that join "
               f"them: {said or 'nothing'}.")
        if duties:
            alt += " And a duty after taking it: " + "; ".join(duties) + "."
        return dot, f"What {name} requires", alt

    def _crosswalks(self, cat: Catalogue) -> tuple[str, str, str]:
        from sendpath._chart import framework_name  # noqa: PLC0415

        fw_id = self._resolve(cat, "framework", ("fw",))
        framework = cat.frameworks[fw_id]
        own = {o.id for o in framework.outcomes}
        links = [c for c in cat.crosswalks if c.from_ in own or c.to in own]
        name = framework_name(fw_id, framework.title)
        if not links:
            raise self.error(f"{self.name}: no crosswalk links an outcome of {fw_id}")
        owner = {o.id: fw.id for fw in cat.frameworks.values() for o in fw.outcomes}
        ends = sorted({end for c in links for end in (c.from_, c.to)})
        clusters: dict[str, list[str]] = {}
        for end in ends:
            fw = owner.get(end, "")
            clusters.setdefault(framework_name(fw, cat.get(fw).title) if fw in cat else fw,
                                []).append(end)
        dot = self._draw(cat, nodes=ends, clusters=clusters,
                         edges=[(c.from_, c.to, c.relation) for c in links])
        others = sorted(set(clusters) - {name})
        return (dot, f"The outcomes of {name} and the outcomes crosswalked to them",
                f"{len(links)} crosswalk links between {len([e for e in ends if e in own])} "
                f"outcomes of {name} and outcomes of {', '.join(others)}.")


def _direction(drawn: nx.DiGraph[str]) -> str:
    """``LR`` if the graph's longest path is short or no longer than its widest rank, else ``TB``.

    Left to right, the width of a drawing grows with its longest path; top down, with the most
    nodes of one rank (nodes as far from a start).
    """
    if len(drawn) == 0:
        return "LR"
    dag = nx.condensation(drawn)  # a cycle (a role that leads back) counts as one node
    depth: dict[int, int] = {}
    for node in nx.topological_sort(dag):
        depth[node] = max((depth[u] + 1 for u in dag.predecessors(node)), default=0)
    longest = max(depth.values()) + 1
    widest = max(list(depth.values()).count(d) for d in set(depth.values()))
    return "LR" if longest <= 5 or longest <= widest else "TB"


def _tree_words(items: Iterable[tuple[int, str]]) -> str:
    """A tree of ``(depth, text)`` items in one line: what is under an item in brackets.

    Example:
        >>> _tree_words([(0, "any of:"), (1, "A"), (1, "all of:"), (2, "B"), (2, "C"), (1, "D")])
        'any of (A; all of (B; C); D)'
    """
    out: list[str] = []
    open_at: list[int] = []
    for depth, text in items:
        while open_at and open_at[-1] >= depth:
            open_at.pop()
            out.append(")")
        if out and out[-1] != " (":
            out.append("; ")
        if text.endswith(":"):
            out += [text[:-1], " ("]
            open_at.append(depth)
        else:
            out.append(text)
    out += [")"] * len(open_at)
    return "".join(out).replace("; )", ")")


def _order(start: str, route: Route) -> Iterable[tuple[str, str]]:
    """The edges of a route's order: each step after the steps it waits for (the fewest)."""
    steps = {s.id for s in route.steps}
    order: nx.DiGraph[str] = nx.DiGraph()
    order.add_nodes_from(steps)
    order.add_edges_from((need, s.id) for s in route.steps for need in s.needs if need in steps)
    reduced = nx.transitive_reduction(order) if nx.is_directed_acyclic_graph(order) else order
    firsts = [s.id for s in route.steps if not any(n in steps for n in s.needs)]
    return [*((start, s) for s in firsts), *reduced.edges()]


def _wrapped(labels: dict[str, str]) -> dict[str, str]:
    import textwrap  # noqa: PLC0415

    return {rid: "\n".join(line for part in text.split("\n")
                           for line in textwrap.wrap(part, 24, break_long_words=False) or [part])
            for rid, text in labels.items()}


class ChartDirective(_PictureDirective):
    """``.. sendpath-chart:: KIND``: a chart drawn as inline SVG (HTML output only).

    Kinds (:data:`CHART_KINDS`): ``coverage`` (optional ``:frameworks:``, ids separated by
    spaces) and ``routes`` (``:from:``, ``:to:``, ``:k:``, ``:on:``). Every kind takes
    ``:caption:``, ``:alt:``, ``:name:`` and ``:package:``.
    """

    kinds = CHART_KINDS
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **_PictureDirective.option_spec, "frameworks": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        """Return the figure: the SVG as raw HTML, with its caption."""
        kind = self._kind()
        cat = self._catalogue()
        svg, caption = getattr(self, f"_{kind}")(cat)
        return [self._figure(nodes.raw("", svg, format="html"), caption)]

    def _coverage(self, cat: Catalogue) -> tuple[str, str]:
        from sendpath._chart import coverage_svg, framework_name  # noqa: PLC0415
        from sendpath.query import coverage  # noqa: PLC0415

        wanted = self.options.get("frameworks", "").split()
        try:
            ids = [cat.resolve(f, kind="fw") for f in wanted] or list(cat.frameworks)
        except SendpathError as exc:
            raise self.error(f"{self.name} :frameworks: {exc}") from exc
        if not ids:
            raise self.error(f"{self.name}: the data has no frameworks")
        results = [coverage(cat.graph, fw, by="area") for fw in ids]
        caption = "Outcomes by area of need, framework by framework"
        said = []
        for r in results:
            named = [f"{g.title} {g.count}" for g in r.groups if g.count]
            said.append(f"{framework_name(r.framework, r.title)}: "
                        + (", ".join(named) if named else "none"))
        alt = self.options.get("alt", f"{caption}: a grid, an area of need a row, a framework "
                               "a column, each cell the number of the framework's outcomes for "
                               "the area (none are shown as 0). " + "; ".join(said) + ".")
        return coverage_svg(results, self.options.get("caption", caption), alt), caption

    def _routes(self, cat: Catalogue) -> tuple[str, str]:
        from sendpath._chart import routes_svg  # noqa: PLC0415

        result = self._find_routes(cat)
        caption, alt = _routes_words(cat, result)
        caption += ", by months"
        return (routes_svg(result, self.options.get("caption", caption),
                           self.options.get("alt", alt)), caption)
