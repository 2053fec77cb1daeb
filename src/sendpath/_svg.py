"""A CPD plan drawn as an SVG chart: one row per item, one column per term.

Pure standard library, so the docs draw plans from the live data at build time without a
renderer (the ``sendpath-plan`` directive of :mod:`sendpath.sphinxext`). Courses are bars over
their terms, labelled with their hours a term; taking a role is a diamond; a statutory duty's
due date is a red tick in the term it falls in; terms over the cap are shaded. The last row is
the hours of each term against the cap.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Final

from sendpath.render import short_title

if TYPE_CHECKING:
    from sendpath.query.sequence import SequenceResult

__all__ = ["plan_svg"]

_LABEL: Final = 190  # the width of the names' column
_NAME_CHARS: Final = 28  # the longest name that fits it; a longer one is cut, whole on hover
_TERM: Final = 86  # the width of a term's column (its heading, 2027-summer, and a gap)
_ROW: Final = 26
_HEAD: Final = 30


def plan_svg(plan: SequenceResult) -> str:
    """Return ``plan`` as an SVG chart (the text of an ``<svg>`` element).

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> from sendpath.model import Profile
        >>> plan = query.sequence(sendpath.load_default().graph, Profile(),
        ...                       ["fw:npq-senco-framework"], hours_per_term=30,
        ...                       on=dt.date(2026, 9, 1))
        >>> svg = plan_svg(plan)
        >>> svg.startswith("<svg") and "NPQ for SENCOs" in svg and "2026-autumn" in svg
        True
    """
    terms = [t.term for t in plan.terms]
    width = _LABEL + _TERM * max(len(terms), 1) + 10
    height = _HEAD + _ROW * (len(plan.items) + 1) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" '
           f'role="img" aria-label="{escape(plan.title)}: a plan term by term">',
           f"<title>{escape(plan.title)}</title>"]
    for n, t in enumerate(plan.terms):
        x = _LABEL + _TERM * n
        if t.over:
            out.append(f'<rect x="{x}" y="{_HEAD - 4}" width="{_TERM}" '
                       f'height="{height - _HEAD - 6}" fill="#fde2e1"/>')
        out.append(f'<text x="{x + _TERM / 2}" y="{_HEAD - 10}" text-anchor="middle">'
                   f"{t.term}</text>")
        out.append(f'<line x1="{x}" y1="{_HEAD - 4}" x2="{x}" y2="{height - 10}" '
                   f'stroke="#ddd"/>')
    for row, item in enumerate(plan.items):
        y = _HEAD + _ROW * row
        name = short_title(item.title)
        shown = name if len(name) <= _NAME_CHARS else name[:_NAME_CHARS - 1].rstrip() + "\u2026"
        out.append(f'<text x="4" y="{y + 16}"><title>{escape(name)}</title>{escape(shown)}'
                   "</text>")
        first = max(item.start_term - plan.start, 0)
        span = item.finish_term - plan.start - first + 1
        x = _LABEL + _TERM * first
        if item.milestone and item.kind == "role":
            cx, cy = x + 12, y + 12
            out.append(f'<polygon points="{cx},{cy - 8} {cx + 8},{cy} {cx},{cy + 8} '
                       f'{cx - 8},{cy}" fill="#6b4fbb"><title>take the role</title></polygon>')
        else:
            fill = "#c0392b" if item.over_cap else "#999" if item.milestone else "#2e86c1"
            out.append(f'<rect x="{x + 2}" y="{y + 4}" width="{_TERM * span - 4}" height="16" '
                       f'rx="3" fill="{fill}"/>')
            if item.hours_per_term:
                out.append(f'<text x="{x + 8}" y="{y + 16}" fill="white">'
                           f"{item.hours_per_term:g} h a term</text>")
        if item.due is not None and terms and terms[0].first_day <= item.due <= \
                terms[-1].last_day:
            index = next(n for n, t in enumerate(terms) if t.first_day <= item.due <= t.last_day)
            dx = _LABEL + _TERM * index + _TERM * (item.due - terms[index].first_day).days \
                / ((terms[index].last_day - terms[index].first_day).days + 1)
            out.append(f'<line x1="{dx:.0f}" y1="{y + 1}" x2="{dx:.0f}" y2="{y + 23}" '
                       f'stroke="#c0392b" stroke-width="2"><title>due by {item.due}</title>'
                       f"</line>")
    y = _HEAD + _ROW * len(plan.items)
    out.append(f'<text x="4" y="{y + 16}">hours (cap {plan.hours_per_term:g})</text>')
    for n, t in enumerate(plan.terms):
        colour = "#c0392b" if t.over else "#333"
        out.append(f'<text x="{_LABEL + _TERM * n + _TERM / 2}" y="{y + 16}" '
                   f'text-anchor="middle" fill="{colour}">{t.hours:g}</text>')
    out.append("</svg>")
    return "\n".join(out)
