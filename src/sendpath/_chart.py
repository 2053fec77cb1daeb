"""Charts of query results drawn as SVG: coverage as a grid, routes as bars.

Pure standard library, as :mod:`sendpath._svg` draws plans, so the docs draw charts from the
live data at build time (the ``sendpath-chart`` directive of :mod:`sendpath.sphinxext`). Every
text is escaped; each chart is an image to assistive technology (``role="img"``) with a
``<title>`` and a ``<desc>`` that says what it shows in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Final

from sendpath.render import short_title

if TYPE_CHECKING:
    from sendpath.query.coverage import CoverageResult
    from sendpath.query.routes import Route, RouteResult

__all__ = ["coverage_svg", "framework_name", "route_months", "routes_svg"]

_FONT: Final = 'font-family="sans-serif" font-size="12"'
_LABEL: Final = 370  # the width of the row names' column of the coverage grid
_CELL: Final = 34  # the side of a coverage cell
_HEAD: Final = 170  # the height of the coverage grid's column names (turned up)
_BAR_LABEL: Final = 80  # the width of the routes' names
_BAR_ROW: Final = 46
_BAR_WIDTH: Final = 520  # the longest bar
_BLUE: Final = (46, 134, 193)  # the plan chart's bar colour (#2e86c1)


def framework_name(fw_id: str, title: str) -> str:
    """A framework's name for a chart: its short title, or its id's slug if the title is long.

    Example:
        >>> framework_name("fw:ittecf", "Initial Teacher Training and Early Career Framework "
        ...                "(ITTECF)"), framework_name("fw:eef-send", "Special Educational "
        ...                "Needs in Mainstream Schools: five recommendations")
        ('ITTECF', 'eef-send')
    """
    short = short_title(title)
    return short if len(short) <= 24 else fw_id.partition(":")[2]


def _open(width: float, height: float, title: str, desc: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
            f'viewBox="0 0 {width:g} {height:g}" style="max-width: 100%; height: auto" '
            f'{_FONT} role="img" '
            f'aria-label="{escape(desc)}">',
            f"<title>{escape(title)}</title>", f"<desc>{escape(desc)}</desc>"]


def _shade(count: int, most: int) -> str:
    """A cell's fill: white for none, deeper blue for more."""
    if count <= 0 or most <= 0:
        return "#ffffff"
    share = 0.15 + 0.85 * count / most
    r, g, b = (round(255 - (255 - c) * share) for c in _BLUE)
    return f"#{r:02x}{g:02x}{b:02x}"


def coverage_svg(results: Sequence[CoverageResult], title: str, desc: str) -> str:
    """Return a grid of coverage by area of need: a row per area, a column per framework.

    ``results`` are :func:`sendpath.query.coverage` results by area, one per framework, in the
    order of the columns; the rows are the groups of the first (every result by area has the
    same groups). Each cell holds the number of the framework's outcomes for the area, shaded
    by it.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> g = sendpath.load_default().graph
        >>> svg = coverage_svg([query.coverage(g, "ts")], "Coverage", "A grid.")
        >>> svg.startswith("<svg") and 'role="img"' in svg and "<title>Coverage</title>" in svg
        True
    """
    rows = results[0].groups if results else ()
    most = max((gr.count for r in results for gr in r.groups), default=0)
    width = _LABEL + _CELL * len(results) + 130  # room for the last names, turned up
    height = _HEAD + _CELL * len(rows) + 10
    out = _open(width, height, title, desc)
    for col, result in enumerate(results):
        x = _LABEL + _CELL * col + _CELL / 2 + 4
        name = framework_name(result.framework, result.title)
        out.append(f'<text transform="translate({x:g},{_HEAD - 6}) rotate(-60)">'
                   f"<title>{escape(result.title)}</title>{escape(name)}</text>")
    for n, group in enumerate(rows):
        y = _HEAD + _CELL * n
        name = group.title if group.id in ("", "area:all") else short_title(group.title)
        if group.depth:
            name = "\N{EM DASH} " * group.depth + name
        weight = "" if group.depth else ' font-weight="bold"'
        out.append(f'<text x="4" y="{y + _CELL / 2 + 4:g}"{weight}>{escape(name)}</text>')
        for col, result in enumerate(results):
            counted = result.groups[n].count if n < len(result.groups) else 0
            x = _LABEL + _CELL * col
            fill = _shade(counted, most)
            ink = "#ffffff" if counted > most / 2 else "#212529" if counted else "#adb5bd"
            out.append(f'<rect x="{x}" y="{y}" width="{_CELL}" height="{_CELL}" fill="{fill}" '
                       f'stroke="#ced4da"><title>{escape(result.title)}: {counted} '
                       f"{'outcome' if counted == 1 else 'outcomes'} for "
                       f"{escape(group.title)}</title></rect>")
            out.append(f'<text x="{x + _CELL / 2:g}" y="{y + _CELL / 2 + 4:g}" '
                       f'text-anchor="middle" fill="{ink}">{counted}</text>')
    out.append("</svg>")
    return "\n".join(out)


def routes_svg(result: RouteResult, title: str, desc: str) -> str:
    """Return the routes of ``result`` as horizontal bars, as long as each route's months.

    A route whose length is unknown in part is drawn to its lower bound, hatched, and says so.
    Under each bar are its steps' short names.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco", k=2,
        ...                  on=dt.date(2026, 9, 1))
        >>> svg = routes_svg(r, "Routes", "Bars.")
        >>> "18 months" in svg and "NPQ for SENCOs" in svg
        True
    """
    routes = list(result)
    months = [r.months if r.months is not None else r.at_least.get("months", 0) or 0
              for r in routes]
    longest = max([*months, 1])
    width = _BAR_LABEL + _BAR_WIDTH + 190
    height = _BAR_ROW * max(len(routes), 1) + 14
    out = _open(width, height, title, desc)
    out.append('<defs><pattern id="sendpath-unknown" width="6" height="6" '
               'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
               f'<rect width="6" height="6" fill="#{_BLUE[0]:02x}{_BLUE[1]:02x}{_BLUE[2]:02x}"/>'
               '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="3"/>'
               "</pattern></defs>")
    for n, (route, total) in enumerate(zip(routes, months, strict=True)):
        y = 8 + _BAR_ROW * n
        bar = max(_BAR_WIDTH * total / longest, 2)
        fill = "#2e86c1" if route.months is not None else "url(#sendpath-unknown)"
        said = route_months(route)
        out.append(f'<text x="4" y="{y + 14}" font-weight="bold">Route {n + 1}</text>')
        out.append(f'<rect x="{_BAR_LABEL}" y="{y + 2}" width="{bar:.1f}" height="16" rx="3" '
                   f'fill="{fill}"><title>Route {n + 1}: {escape(said)}</title></rect>')
        out.append(f'<text x="{_BAR_LABEL + bar + 6:.1f}" y="{y + 14}">{escape(said)}</text>')
        steps = ", ".join(short_title(s.title) for s in route.steps if not s.conferred)
        if len(steps) > 110:
            steps = steps[:107].rstrip(", ") + "\N{HORIZONTAL ELLIPSIS}"
        out.append(f'<text x="{_BAR_LABEL}" y="{y + 34}" font-size="10" fill="#495057">'
                   f"{escape(steps)}</text>")
    out.append("</svg>")
    return "\n".join(out)


def route_months(route: Route) -> str:
    """A route's length in words: ``18 months``, or ``at least 6 months (some unknown)``."""
    if route.months is not None:
        return f"{route.months} month" if route.months == 1 else f"{route.months} months"
    bound = route.at_least.get("months", 0) or 0
    return f"at least {bound:g} months (some steps' lengths unknown)"
