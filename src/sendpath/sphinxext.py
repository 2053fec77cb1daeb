"""A Sphinx extension that documents a data catalogue, generated from the data at build time.

It runs past 500 lines because it renders every kind of record (one method each) and
its cross-references in one place, so the pages stay alike.

Add ``"sendpath.sphinxext"`` to ``extensions`` in a Sphinx ``conf.py``; then a page can render
one kind of record of the shipped England data (:func:`sendpath.load_default`)::

    .. sendpath-catalogue:: roles

The kinds are those of :data:`KINDS`: ``roles``, ``qualifications``, ``activities``,
``frameworks`` (with their outcomes), ``areas``, ``scales`` (with their levels), ``sources`` and
``crosswalks``. The ``:package:`` option renders a user's package folder instead, loaded with
:func:`sendpath.load` (a path relative to the page, or to the source folder if it starts with
``/``, as for Sphinx's ``literalinclude``).

Records are sorted by id (areas as a tree: each area followed by the areas under it). Roles,
qualifications, activities, frameworks and scales get a section each; outcomes, levels, areas,
sources and crosswalks are rows of tables. Requirement trees and obligations are the text of
:mod:`sendpath.render`, shown as nested lists. Fields that no source confirms are listed under
"Unconfirmed", and crosswalks that rest on the compilers' reasoning are marked "Editorial" with
their rationale.

Every record has an anchor named by its id (the HTML id, :func:`html_id`, turns ``:`` into
``-`` and ``/`` into ``--``, so ``role:senco`` is ``#role-senco`` and ``outcome:ts/5`` is
``#outcome-ts--5``; slugs never hold ``--``, so no two records share an anchor). Other pages
link to a record with the ``sendpath`` role, ``:sendpath:`role:senco``` (or
``:sendpath:`the SENCO <role:senco>```), and to a record with a section with
``:ref:`role:senco``` too. Render each kind once per project: a second rendering would define
its anchors twice.

The ``:overview:`` flag begins the page of a kind shown a section per record
(``OVERVIEW_KINDS``) with a table of its records, a row each, linked to them.

Two more directives draw pictures of the data at build time (the documentation's page
"Diagrams and charts" shows each kind and its options):

- ``.. sendpath-diagram:: KIND``, a graph drawn by ``sphinx.ext.graphviz`` from the DOT of
  :func:`sendpath.export.to_dot`: ``route`` (``:from:``, ``:to:``, ``:k:``, ``:on:``),
  ``requirements`` (``:target:``), ``crosswalks`` (``:framework:``) or ``plan`` (as
  ``sendpath-plan``);
- ``.. sendpath-chart:: KIND``, an inline SVG chart: ``coverage`` (``:frameworks:``) or
  ``routes`` (``:from:``, ``:to:``, ``:k:``, ``:on:``).

Both take ``:caption:``, ``:alt:`` (the text for screen readers; both have defaults made from
the data), ``:name:`` and ``:package:``; diagrams take ``:direction:`` (``LR`` or ``TB``).
Mistakes (an unknown id, a missing option) are build errors.

This module needs Sphinx (the ``docs`` extra); ``import sendpath`` never imports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

import sendpath
from sendpath import ids
from sendpath.catalogue import Catalogue
from sendpath.errors import DataError
from sendpath.model import (
    Activity,
    AreaOfNeed,
    Citation,
    Crosswalk,
    Framework,
    Level,
    Outcome,
    Policy,
    Qualification,
    Role,
    Scale,
    Source,
)
from sendpath.render import (
    hours_text,
    in_force_text,
    obligation_items,
    plan_facts,
    pounds,
    requirement_items,
    short_title,
)
from sendpath.rules import REASON_CODES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["KINDS", "OVERVIEW_KINDS", "CatalogueDirective", "DataDirective", "setup"]

#: The kinds of record the ``sendpath-catalogue`` directive renders (its one argument).
KINDS: Final = ("roles", "qualifications", "activities", "frameworks", "areas", "scales",
                "sources", "crosswalks", "policies")

#: The kinds the ``:overview:`` option of ``sendpath-catalogue`` begins with a table of.
OVERVIEW_KINDS: Final = ("roles", "qualifications", "activities", "frameworks", "scales",
                         "policies")
#: The cross-reference type of links to records (``:sendpath:`role:senco```).
_XREF: Final = "sendpath"
#: Set on links the directive makes itself: when the record is not rendered anywhere in the
#: project, such a link quietly becomes plain text instead of a missing-reference warning.
_SOFT: Final = "sendpath_soft"
_ID_IN_TEXT: Final = re.compile(rf"(?<![a-z0-9-]){ids.ID_PATTERN}(?![a-z0-9-])")
_RELATIONS: Final = {
    "exact": "exact: the two say the same thing",
    "broad": "broad: the second is broader",
    "narrow": "narrow: the second is narrower",
    "related": "related: they overlap",
}
def html_id(rid: str) -> str:
    """Return the HTML anchor of a record id: ``:`` becomes ``-`` and ``/`` becomes ``--``.

    Slugs never hold ``--``, so two ids never share an anchor.

    Example:
        >>> html_id("outcome:a-b/c"), html_id("outcome:a/b-c")
        ('outcome-a-b--c', 'outcome-a--b-c')
    """
    return rid.replace(":", "-").replace("/", "--")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the extension's directives and its ``sendpath`` role with Sphinx.

    The directives are ``sendpath-catalogue``, ``sendpath-reason-codes``, ``sendpath-plan``,
    ``sendpath-diagram`` and ``sendpath-chart``; it sets up ``sphinx.ext.graphviz`` too, which
    draws the diagrams (set ``graphviz_output_format = "svg"`` for sharp ones).

    The extension keeps no state between documents, so it is safe for parallel reading and
    writing.
    """
    app.add_directive("sendpath-catalogue", CatalogueDirective)
    app.add_directive("sendpath-reason-codes", ReasonCodesDirective)
    app.add_directive("sendpath-plan", PlanDirective)
    app.setup_extension("sphinx.ext.graphviz")  # draws sendpath-diagram's DOT
    from sendpath._diagrams import ChartDirective, DiagramDirective  # noqa: PLC0415

    app.add_directive("sendpath-diagram", DiagramDirective)
    app.add_directive("sendpath-chart", ChartDirective)
    app.add_role(_XREF, XRefRole(innernodeclass=nodes.literal, warn_dangling=True))
    # Before intersphinx (priority 500): these ids are never in another project's inventory.
    app.connect("missing-reference", _resolve_link, priority=400)
    return {"version": sendpath.__version__, "parallel_read_safe": True,
            "parallel_write_safe": True}


def _resolve_link(app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref,
                  contnode: nodes.TextElement) -> nodes.Element | None:
    """Resolve a ``sendpath`` link to the anchor of the record it names.

    A link the directive made to a record rendered nowhere in the project becomes its plain
    text; any other unresolved link is left to Sphinx, which warns.
    """
    if node.get("refdomain") or node.get("reftype") != _XREF:
        return None
    std: StandardDomain = env.domains["std"]
    docname, labelid = std.anonlabels.get(node["reftarget"], ("", ""))
    if docname:
        refdoc = node.get("refdoc", env.docname)
        return make_refnode(app.builder, refdoc, docname, labelid, contnode,
                            node.get("reftitle"))
    return contnode if node.get(_SOFT) else None


class ReasonCodesDirective(SphinxDirective):
    """``.. sendpath-reason-codes::``: a table of every reason code and its meaning.

    The table is made from :data:`sendpath.rules.REASON_CODES`, so the docs list exactly the
    codes the rules use.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Return the table of codes."""
        table = nodes.table(classes=["sendpath-reason-codes"])
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=28)
        group += nodes.colspec(colwidth=72)
        head = nodes.thead()
        head += self._row(nodes.Text("Code"), nodes.Text("Meaning"))
        body = nodes.tbody()
        for code, meaning in REASON_CODES.items():
            body += self._row(nodes.literal(text=code),
                              nodes.Text(meaning[0].upper() + meaning[1:] + "."))
        group += head
        group += body
        return [table]

    @staticmethod
    def _row(*cells: nodes.Node) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph("", "", cell)
            row += entry
        return row


def plan_figure(directive: SphinxDirective, cat: Catalogue, caption: str = "") -> nodes.figure:
    """Plan on ``cat`` with the options of ``directive`` (as ``sendpath-plan`` takes them).

    Returns the figure; ``caption`` replaces the plan's first line as the caption.
    """
    import datetime as dt  # noqa: PLC0415

    from sendpath._svg import plan_svg  # noqa: PLC0415
    from sendpath.query import sequence  # noqa: PLC0415

    options = directive.options
    missing = [o for o in ("profile", "hours-per-term", "on") if o not in options]
    goal = options.get("target") or options.get("outcomes", "").split()
    if missing or not goal:
        raise directive.error(f"{directive.name} needs :profile:, :hours-per-term:, :on: and "
                              ":target: or :outcomes:")
    _rel, path = directive.env.relfn2path(options["profile"], directive.env.docname)
    directive.env.note_dependency(path)
    try:
        me = sendpath.load_profile(path, catalogue=cat)
        plan = sequence(cat.graph, me, goal, hours_per_term=options["hours-per-term"],
                        start=options.get("start"), on=dt.date.fromisoformat(options["on"]))
    except (sendpath.SendpathError, ValueError) as exc:
        raise directive.error(f"cannot plan: {exc}") from exc
    figure = nodes.figure(classes=["sendpath-plan"])
    figure += nodes.raw("", plan_svg(plan), format="html")
    figure += nodes.caption("", caption or plan.summary().splitlines()[0])
    return figure


class DataDirective(SphinxDirective):
    """A directive that reads a data package: the shipped data, or the ``:package:`` option's.

    The base of the catalogue's, the diagrams' and the charts' directives.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"package": directives.path}

    def _catalogue(self) -> Catalogue:
        """The data package to read (noted as a dependency of the page)."""
        option = self.options.get("package")
        try:
            if option is None:
                cat = sendpath.load_default()
                self._note_folder(cat.root)
                return cat
            _rel, path = self.env.relfn2path(option, self.env.docname)
            self._note_folder(Path(path))
            return sendpath.load(path)
        except DataError as exc:
            raise self.error(f"cannot load the data package: {exc}") from exc

    def _note_folder(self, root: object) -> None:
        """Rebuild the page when a data file changes (only for packages on the file system).

        ``root`` is a package folder or its ``package.toml``; every file the loader reads
        (TOML and JSON, not in folders or files starting with ``.`` or ``_``) is noted.
        """
        if not isinstance(root, Path):
            return
        folder = root if root.is_dir() else root.parent
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).parts
            if path.suffix in (".toml", ".json") and path.is_file() and \
                    not any(part.startswith((".", "_")) for part in rel):
                self.env.note_dependency(str(path))


class PlanDirective(DataDirective):
    """``.. sendpath-plan::``: a CPD plan drawn as a chart, planned when the docs are built.

    The plan is :func:`sendpath.query.sequence` on the shipped data (or the ``:package:``
    option's, with its courses), drawn by
    :func:`sendpath._svg.plan_svg` (an SVG chart, in HTML output only).

    Options:
        profile: The profile file, relative to the page (required).
        target: The target, as ``plan --target`` takes it (or ``outcomes``).
        outcomes: Outcome or framework ids, separated by spaces.
        hours-per-term: The cap (required).
        on: The day the plan is made, YYYY-MM-DD (required, so that the page does not change
            from one day to the next).
        start: The first term, such as ``2026-autumn``.
        package: A data package folder to plan with, relative to the page.
    """

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **DataDirective.option_spec, "profile": directives.path, "target": directives.unchanged,
        "outcomes": directives.unchanged, "hours-per-term": float,
        "on": directives.unchanged_required, "start": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        """Plan, and return the chart in a figure captioned with the plan's first line."""
        return [plan_figure(self, self._catalogue())]


class CatalogueDirective(DataDirective):
    """``.. sendpath-catalogue:: KIND``: render every record of one kind as docutils nodes.

    Options:
        package: A data package folder to render instead of the shipped data: relative to the
            page, or to the source folder if it starts with ``/``.
        overview: A flag: begin with a table of the records, a row each (title linked to the
            record below, id and a few key facts). For the kinds with a section per record
            (``OVERVIEW_KINDS``); the others are tables already.
    """

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"package": directives.path,
                                                              "overview": directives.flag}

    def run(self) -> list[nodes.Node]:
        """Load the catalogue and return the nodes for the kind the argument names."""
        kind = self.arguments[0].strip()
        if kind not in KINDS:
            raise self.error(f"unknown kind {kind!r}; the kinds are {', '.join(KINDS)}")
        overview = "overview" in self.options
        if overview and kind not in OVERVIEW_KINDS:
            raise self.error(f"{kind} are shown as a table already: :overview: is for "
                             f"{', '.join(OVERVIEW_KINDS)}")
        cat = self._catalogue()
        render: Callable[[Catalogue], list[nodes.Node]] = getattr(self, f"_{kind}")
        out = render(cat)
        if overview:
            out.insert(1, self._overview(kind, cat))
        return out

    def _overview(self, kind: str, cat: Catalogue) -> nodes.table:
        """A table of every record of ``kind``: its title (a link to it), its id, key facts."""
        records: dict[str, Any] = getattr(cat, kind)
        facts: list[tuple[str, int, Callable[[Any], object]]] = {
            "roles": [("Duties after taking it", 3, lambda r: len(r.obligations) or ""),
                      ("Leads to", 6, lambda r: ", ".join(
                          short_title(cat.get(x).title) if x in cat else x for x in r.leads_to))],
            "qualifications": [("RQF level", 2, lambda q: q.rqf_level),
                               ("Duration", 3, lambda q: _months(q.months, q.months_max)),
                               ("Hours", 3, lambda q: hours_text(q.hours, q.hours_basis)),
                               ("Cost", 2, lambda q: pounds(q.cost))],
            "activities": [("Duration", 3, lambda a: _months(a.months, None)),
                           ("Hours", 3, lambda a: hours_text(a.hours, a.hours_basis)),
                           ("Cost", 2, lambda a: pounds(a.cost))],
            "frameworks": [("Publisher", 4, lambda f: f.publisher),
                           ("Published", 3, lambda f: _iso(f.published)),
                           ("Outcomes", 2, lambda f: len(f.outcomes))],
            "scales": [("Levels", 2, lambda s: len(s.levels))],
            "policies": [("Status", 3, lambda p: p.status),
                         ("Announced", 3, lambda p: _iso(p.announced))],
        }[kind]
        rows: list[list[list[nodes.Node]]] = [
                [[nodes.paragraph("", "", self._link(r.id, cat, r.title))],
                 [self._literal(r.id)], *(self._text(fact(r)) for _h, _w, fact in facts)]
                for r in records.values()]
        table = self._table([kind[:-1].capitalize() if kind != "activities" else "Activity",
                             "Id", *(h for h, _w, _f in facts)],
                            [8, 5, *(w for _h, w, _f in facts)], rows)
        table["classes"].append("sendpath-overview")
        return table

    # -- one method per kind ------------------------------------------------------------------

    def _roles(self, cat: Catalogue) -> list[nodes.Node]:
        out: list[nodes.Node] = [self._intro(cat, len(cat.roles), "role", "roles")]
        for role in cat.roles.values():
            fields = self._fields([
                ("Id", [self._literal(role.id)]),
                ("Areas", self._links(role.areas, cat)),
                ("Eligibility", self._tree(requirement_items(role.requires, cat), cat)),
                ("Typical entry (not statutory)",
                 self._tree(requirement_items(role.typical_entry, cat), cat)
                 if role.typical_entry is not None else []),
                *[("Obligation", self._tree(obligation_items(ob, cat), cat))
                  for ob in role.obligations],
                ("Leads to", self._links(role.leads_to, cat)),
                ("Entry point", self._text("yes: entered from outside the model")
                 if role.entry_point else []),
            ])
            out.append(self._section(role, cat, fields))
        return out

    def _qualifications(self, cat: Catalogue) -> list[nodes.Node]:
        out: list[nodes.Node] = [self._intro(cat, len(cat.qualifications), "qualification",
                                             "qualifications")]
        for q in cat.qualifications.values():
            fields = self._fields([
                ("Id", [self._literal(q.id)]),
                ("Kind", self._text(q.kind)),
                ("Status", self._text(q.status)),
                ("RQF level", self._text(q.rqf_level)),
                ("Duration", self._text(_months(q.months, q.months_max))),
                ("Credits", self._text(q.credits)),
                ("Level", self._links([q.level] if q.level else [], cat)),
                *self._plan_facts(q),
                ("Starts from", self._text(_iso(q.starts_from))),
                ("Last start", self._text(_iso(q.starts_until))),
                ("Counts if completed by", self._text(_iso(q.completes_by))),
                ("Valid for", self._text(f"{q.valid_for_months} months after award"
                                         if q.valid_for_months else None)),
                ("Requires", self._tree(requirement_items(q.requires, cat), cat)
                 if q.requires is not None else []),
                ("Areas", self._links(q.areas, cat)),
                ("Covers", self._links(q.covers, cat)),
                ("Replaces", self._links(q.replaces, cat)),
                ("Replaced by", self._links(q.replaced_by, cat)),
            ])
            out.append(self._section(q, cat, fields))
        return out

    def _activities(self, cat: Catalogue) -> list[nodes.Node]:
        out: list[nodes.Node] = [self._intro(cat, len(cat.activities), "activity",
                                             "activities")]
        for a in cat.activities.values():
            fields = self._fields([
                ("Id", [self._literal(a.id)]),
                ("Duration", self._text(_months(a.months, None))),
                *self._plan_facts(a),
                ("Level", self._links([a.level] if a.level else [], cat)),
                ("Requires", self._tree(requirement_items(a.requires, cat), cat)
                 if a.requires is not None else []),
                ("Areas", self._links(a.areas, cat)),
                ("Covers", self._links(a.covers, cat)),
            ])
            out.append(self._section(a, cat, fields))
        return out

    def _plan_facts(self, record: Qualification | Activity) -> list[tuple[str, list[nodes.Node]]]:
        """Hours, cost, funding, provider, mode and terms, worded as ``show`` words them."""
        return [(label.capitalize(), self._text(text)) for label, text in plan_facts(record)]

    def _policies(self, cat: Catalogue) -> list[nodes.Node]:
        out: list[nodes.Node] = [self._intro(cat, len(cat.policies), "policy", "policies")]
        for p in cat.policies.values():
            fields = self._fields([
                ("Id", [self._literal(p.id)]),
                ("Status", self._text(p.status)),
                ("Announced", self._text(_iso(p.announced))),
                ("In force", self._text(in_force_text(p.in_force).removeprefix("in force "))),
                ("Affects", self._links(p.affects, cat)),
                ("Areas", self._links(p.areas, cat)),
            ])
            out.append(self._section(p, cat, fields))
        return out

    def _frameworks(self, cat: Catalogue) -> list[nodes.Node]:
        out: list[nodes.Node] = [self._intro(cat, len(cat.frameworks), "framework",
                                             "frameworks")]
        for fw in cat.frameworks.values():
            fields = self._fields([
                ("Id", [self._literal(fw.id)]),
                ("Publisher", self._text(fw.publisher)),
                ("Published", self._text(_iso(fw.published))),
                ("Statutory", self._text("yes" if fw.statutory else "")),
                ("Replaced by", self._links(fw.replaced_by, cat)),
                ("Outcomes", self._text(len(fw.outcomes))),
            ])
            section = self._section(fw, cat, fields)
            if fw.outcomes:
                section += self._outcome_table(fw, cat)
            out.append(section)
        return out

    def _outcome_table(self, fw: Framework, cat: Catalogue) -> nodes.table:
        """The outcomes of a framework, one row each; columns no outcome fills are left out."""
        columns: list[tuple[str, int, Callable[[Outcome], list[nodes.Node]]]] = [
            ("Code", 2, lambda o: self._text(o.code)),
            ("Outcome", 12, lambda o: self._outcome_cell(o, fw, cat)),
            ("Kind", 2, lambda o: self._text(o.kind)),
            ("Level", 3, lambda o: self._links([o.level] if o.level else [], cat)),
            ("Areas", 3, lambda o: self._links(o.areas, cat)),
        ]
        used = [c for c in columns if c[0] == "Outcome" or any(c[2](o) for o in fw.outcomes)]
        return self._table([c[0] for c in used], [c[1] for c in used],
                           [[c[2](o) for c in used] for o in fw.outcomes])

    def _areas(self, cat: Catalogue) -> list[nodes.Node]:
        rows = [[self._record_cell(a, cat, depth=depth), self._text(a.code),
                 self._links([a.parent] if a.parent else [], cat), self._citations(a.sources, cat)]
                for a, depth in _area_tree(list(cat.areas.values()))]
        return [self._intro(cat, len(cat.areas), "area of need", "areas of need"),
                self._table(["Area", "Census code", "Part of", "Sources"], [8, 2, 3, 6], rows)]

    def _scales(self, cat: Catalogue) -> list[nodes.Node]:
        out: list[nodes.Node] = [self._intro(cat, len(cat.scales), "scale", "scales")]
        for scale in cat.scales.values():
            fields = self._fields([("Id", [self._literal(scale.id)])])
            section = self._section(scale, cat, fields)
            section += self._table(
                ["Rank", "Level", "Sources"], [1, 8, 6],
                [[self._text(f"{i} of {len(scale.levels)}"), self._record_cell(level, cat),
                  self._citations(level.sources, cat)]
                 for i, level in enumerate(scale.levels, 1)])
            out.append(section)
        return out

    def _sources(self, cat: Catalogue) -> list[nodes.Node]:
        rows = [[self._source_cell(s), self._text(s.publisher), self._text(s.kind),
                 self._text(_iso(s.published) or s.date_note)] for s in cat.sources.values()]
        return [self._intro(cat, len(cat.sources), "source", "sources"),
                self._table(["Source", "Publisher", "Kind", "Date"], [10, 4, 3, 3], rows)]

    def _crosswalks(self, cat: Catalogue) -> list[nodes.Node]:
        links = cat.crosswalks
        editorial = sum(link.confidence == "editorial" for link in links)
        intro = self._intro(cat, len(links), "crosswalk", "crosswalks")
        if not links:
            intro += nodes.Text(" There are none yet.")
            return [intro]
        intro += nodes.Text(f" {editorial} of them {'is' if editorial == 1 else 'are'} "
                            "editorial: they rest on the compilers' reasoning, not on a source.")
        rows = [[self._end_cell(link.from_, cat), self._text(_RELATIONS[link.relation]),
                 self._end_cell(link.to, cat), self._basis_cell(link, cat)] for link in links]
        return [intro, self._table(["From", "Relation", "To", "Basis"], [5, 3, 5, 6], rows)]

    # -- building blocks ----------------------------------------------------------------------

    def _intro(self, cat: Catalogue, n: int, one: str, many: str) -> nodes.paragraph:
        published = f", published {cat.info.published.isoformat()}" if cat.info.published else ""
        return nodes.paragraph(
            "", f"{n} {one if n == 1 else many} in the {cat.info.name} data package "
            f"(data version {cat.data_version}{published}), generated from the data when "
            "these pages were built.")

    def _section(self, record: Role | Qualification | Activity | Framework | Scale | Policy,
                 cat: Catalogue, fields: nodes.field_list) -> nodes.section:
        """Return a section for one record, its anchor named by the record's id."""
        section = nodes.section("", nodes.title("", record.title), names=[record.id],
                                ids=[html_id(record.id)])
        self.state.document.note_explicit_target(section, section)
        if record.description:
            section += nodes.paragraph("", record.description)
        fields += self._provenance(record, cat)
        section += fields
        return section

    def _provenance(self, record: Any, cat: Catalogue) -> list[nodes.field]:
        """The "Unconfirmed" field (if any) and the "Sources" field of a record."""
        out = []
        if record.unconfirmed:
            out.append(self._field("Unconfirmed", self._unconfirmed_list(record.unconfirmed),
                                   classes=["sendpath-unconfirmed"]))
        out.append(self._field("Sources", self._citations(record.sources, cat)))
        return out

    def _fields(self, rows: Iterable[tuple[str, list[nodes.Node]]]) -> nodes.field_list:
        """Return a field list of the rows that have a value."""
        fields = nodes.field_list(classes=["sendpath-record"])
        for name, body in rows:
            if body:
                fields += self._field(name, body)
        return fields

    @staticmethod
    def _field(name: str, body: list[nodes.Node], classes: Sequence[str] = ()) -> nodes.field:
        return nodes.field("", nodes.field_name("", name), nodes.field_body("", *body),
                           classes=list(classes))

    @staticmethod
    def _text(value: object) -> list[nodes.Node]:
        """A paragraph of ``value``, or nothing for ``None`` and empty text."""
        if value is None or value == "":
            return []
        return [nodes.paragraph("", str(value))]

    @staticmethod
    def _literal(text: str) -> nodes.paragraph:
        return nodes.paragraph("", "", nodes.literal(text, text))

    def _link(self, rid: str, cat: Catalogue, text: str | None = None) -> nodes.Node:
        """A link to the record ``rid`` (plain text if it is rendered nowhere)."""
        shown = text if text is not None else rid
        content = nodes.literal(shown, shown) if text is None else nodes.Text(shown)
        title = cat.get(rid).title if rid in cat else None
        ref = addnodes.pending_xref("", content, refdomain="", reftype=_XREF, reftarget=rid,
                                    refexplicit=text is not None, refwarn=False,
                                    refdoc=self.env.docname, reftitle=title)
        ref[_SOFT] = True
        return ref

    def _links(self, refs: Iterable[str], cat: Catalogue) -> list[nodes.Node]:
        """A paragraph of links to ``refs``, separated by commas (nothing if there are none)."""
        para = nodes.paragraph()
        for i, rid in enumerate(refs):
            if i:
                para += nodes.Text(", ")
            para += self._link(rid, cat)
        return [para] if para.children else []

    def _linked_text(self, text: str, cat: Catalogue) -> list[nodes.Node]:
        """``text`` with every id of a record in the catalogue made a link."""
        out: list[nodes.Node] = []
        last = 0
        for match in _ID_IN_TEXT.finditer(text):
            if match.group() not in cat:
                continue
            if match.start() > last:
                out.append(nodes.Text(text[last:match.start()]))
            out.append(self._link(match.group(), cat))
            last = match.end()
        if last < len(text):
            out.append(nodes.Text(text[last:]))
        return out

    def _tree(self, items: Sequence[tuple[int, str]], cat: Catalogue) -> list[nodes.Node]:
        """Nested bullet lists of the ``(depth, text)`` items of :mod:`sendpath.render`."""
        root = nodes.bullet_list(classes=["sendpath-tree"])
        lists = [root]  # lists[d] takes the items at depth d (relative to the first)
        last: list[nodes.list_item] = []  # last[d]: the latest item at depth d
        base = items[0][0] if items else 0
        for depth, text in items:
            level = min(depth - base, len(last))  # never more than one level deeper at once
            del lists[level + 1:], last[level:]
            while len(lists) <= level:  # a deeper item opens a list under the last one
                sub = nodes.bullet_list()
                last[len(lists) - 1] += sub
                lists.append(sub)
            item = nodes.list_item("", nodes.paragraph("", "", *self._linked_text(text, cat)))
            lists[level] += item
            last.append(item)
        return [root]

    def _citations(self, citations: Iterable[Citation], cat: Catalogue) -> list[nodes.Node]:
        """A list of citations: the source's title (linked to it), the locator, the id."""
        items = nodes.bullet_list(classes=["sendpath-sources"])
        for cite in citations:
            para = nodes.paragraph()
            src = cat.sources.get(cite.source)
            title = src.title if src else cite.source
            if src and src.urls:
                para += nodes.reference("", title, refuri=src.urls[0])
            else:
                para += nodes.Text(title)
            if cite.locator:
                para += nodes.Text(f", {cite.locator}")
            para += nodes.Text(" (")
            para += self._link(cite.source, cat)
            para += nodes.Text(")")
            items += nodes.list_item("", para)
        return [items] if items.children else []

    @staticmethod
    def _unconfirmed_list(entries: Iterable[str]) -> list[nodes.Node]:
        items = nodes.bullet_list()
        for entry in entries:
            items += nodes.list_item("", nodes.paragraph("", entry))
        return [items]

    @staticmethod
    def _unconfirmed_line(entries: Sequence[str]) -> list[nodes.Node]:
        """A paragraph starting with a bold "Unconfirmed:", for records shown in a table."""
        if not entries:
            return []
        return [nodes.paragraph("", "", nodes.strong("Unconfirmed:", "Unconfirmed:"),
                                nodes.Text(" " + "; ".join(entries)),
                                classes=["sendpath-unconfirmed"])]

    def _anchor(self, rid: str) -> nodes.target:
        """An inline target named ``rid``, for a record shown as a row of a table."""
        target = nodes.target("", "", names=[rid], ids=[html_id(rid)])
        self.state.document.note_explicit_target(target, target)
        return target

    def _record_cell(self, record: AreaOfNeed | Level | Outcome, cat: Catalogue,
                     depth: int = 0, extra: Sequence[nodes.Node] = ()) -> list[nodes.Node]:
        """A table cell: anchor, bold title, id, description, ``extra``, what is unconfirmed."""
        head = nodes.paragraph("", "", self._anchor(record.id),
                               nodes.strong(record.title, record.title), nodes.Text(" "),
                               nodes.literal(record.id, record.id))
        if depth:
            head.insert(1, nodes.Text("\N{EM DASH} " * depth))
        out: list[nodes.Node] = [head]
        out += self._text(record.description)
        out += extra
        out += self._unconfirmed_line(record.unconfirmed)
        return out

    def _outcome_cell(self, o: Outcome, fw: Framework, cat: Catalogue) -> list[nodes.Node]:
        """An outcome's cell: its record cell with the statement, parent and own sources."""
        out = self._text(o.statement)
        if o.parent:
            out.append(nodes.paragraph("", "Part of ", self._link(o.parent, cat)))
        if o.sources != fw.sources:
            para = nodes.paragraph("", "Sources: ")
            for i, cite in enumerate(o.sources):
                if i:
                    para += nodes.Text("; ")
                para += self._link(cite.source, cat)
                if cite.locator:
                    para += nodes.Text(f", {cite.locator}")
            out.append(para)
        return self._record_cell(o, cat, extra=out)

    def _source_cell(self, s: Source) -> list[nodes.Node]:
        title: nodes.Node = (nodes.reference("", s.title, refuri=s.urls[0]) if s.urls
                             else nodes.Text(s.title))
        out: list[nodes.Node] = [nodes.paragraph("", "", self._anchor(s.id), title,
                                                 nodes.Text(" "), nodes.literal(s.id, s.id))]
        if len(s.urls) > 1:
            para = nodes.paragraph("", "Also at: ")
            for i, url in enumerate(s.urls[1:], 1):
                if i > 1:
                    para += nodes.Text(", ")
                para += nodes.reference("", url, refuri=url)
            out.append(para)
        out += self._unconfirmed_line(s.unconfirmed)
        return out

    def _end_cell(self, outcome_id: str, cat: Catalogue) -> list[nodes.Node]:
        """A crosswalk's end: the outcome's id (a link), title and framework."""
        out: list[nodes.Node] = [nodes.paragraph("", "", self._link(outcome_id, cat))]
        outcome = cat.outcomes.get(outcome_id)
        if outcome is not None:
            out += self._text(outcome.title)
        framework = next((fw for fw in cat.frameworks.values()
                          if any(o.id == outcome_id for o in fw.outcomes)), None)
        if framework is not None:
            out.append(nodes.paragraph("", "in ", self._link(framework.id, cat,
                                                              framework.title)))
        return out

    def _basis_cell(self, link: Crosswalk, cat: Catalogue) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if link.confidence == "editorial":
            out.append(nodes.paragraph(
                "", "", nodes.strong("Editorial:", "Editorial:"),
                nodes.Text(" no source makes this link; the compilers' rationale: "
                           f"{link.rationale}"), classes=["sendpath-editorial"]))
        elif link.rationale:
            out += self._text(link.rationale)
        out += self._citations(link.sources, cat)
        return out

    @staticmethod
    def _table(headers: Sequence[str], widths: Sequence[int],
               rows: Iterable[Sequence[list[nodes.Node]]]) -> nodes.table:
        """A table with a header row; each cell is a list of body nodes."""
        group = nodes.tgroup(cols=len(headers))
        for width in widths:
            group += nodes.colspec(colwidth=width)
        group += nodes.thead("", _row([[nodes.paragraph("", h)] for h in headers]))
        body = nodes.tbody()
        for cells in rows:
            body += _row(cells)
        group += body
        return nodes.table("", group, classes=["sendpath-catalogue"])


def _row(cells: Iterable[list[nodes.Node]]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", *cell) for cell in cells))


def _area_tree(areas: list[AreaOfNeed]) -> Iterator[tuple[AreaOfNeed, int]]:
    """Yield each area with its depth: roots by id, each followed by its children by id."""
    known = {a.id for a in areas}
    children: dict[str | None, list[AreaOfNeed]] = {}
    for area in areas:
        parent = area.parent if area.parent in known else None
        children.setdefault(parent, []).append(area)

    def walk(parent: str | None, depth: int) -> Iterator[tuple[AreaOfNeed, int]]:
        for area in sorted(children.get(parent, []), key=lambda a: a.id):
            yield area, depth
            yield from walk(area.id, depth + 1)

    yield from walk(None, 0)


def _iso(day: Any) -> str:
    return "" if day is None else str(day.isoformat())


def _months(months: int | None, months_max: int | None) -> str:
    if months is None:
        return ""
    if months_max and months_max != months:
        return f"{months} to {months_max} months"
    return f"{months} month" if months == 1 else f"{months} months"
