"""The Catalogue: the validated, cross-referenced, read-only records of a data package.

It runs past 500 lines because the checks that need the whole package (references, clashes,
cycles, scales, conferred statuses) sit beside the catalogue they guard.

:func:`sendpath.load_default` returns the shipped England data (loaded once, then cached);
:func:`sendpath.load` reads a user's package folder through the same checks. Either way every
problem of every file is reported at once in one :class:`~sendpath.errors.DataError`.

Example:
    >>> import sendpath
    >>> cat = sendpath.load_default()
    >>> cat.roles["role:senco"].title
    'Special educational needs co-ordinator (SENCO)'
    >>> cat.resolve("npq-senco", kind="qual")
    'qual:npq-senco'
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from sendpath import ids
from sendpath._output import DataVersion
from sendpath.errors import DataError, Problem, UnknownIdError, capped
from sendpath.model import (
    FORMAT_VERSION,
    Activity,
    AreaOfNeed,
    Crosswalk,
    Framework,
    Level,
    Outcome,
    PackageInfo,
    Policy,
    Qualification,
    Role,
    Scale,
    Source,
    data_key,
    ref_kinds,
    referenced_ids,
    walk,
)

if TYPE_CHECKING:
    from sendpath.graph import ProgressionGraph
    from sendpath.io.package import Located, RawPackage

__all__ = ["SHIPPED", "Catalogue", "DataVersion", "Entity", "build", "load", "load_default"]

#: Any record a catalogue holds (the union of the record classes).
Entity: TypeAlias = (
    Source | AreaOfNeed | Scale | Level | Framework | Outcome | Qualification | Activity | Role
    | Policy
)

#: The data packages shipped inside sendpath, by name. An allow-list, so names never become paths.
SHIPPED: Final = ("england",)

_MAPPING_OF_KIND: Final = {
    "role": "roles",
    "qual": "qualifications",
    "activity": "activities",
    "fw": "frameworks",
    "outcome": "outcomes",
    "area": "areas",
    "scale": "scales",
    "level": "levels",
    "source": "sources",
    "policy": "policies",
}


def _frozen_map(items: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(sorted(items.items())))


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Catalogue:
    """The records of one data package, by id, in read-only mappings.

    Attributes:
        info: The package manifest (name, data version, publication date).
        roles: ``role:`` id -> :class:`~sendpath.model.Role`.
        qualifications: ``qual:`` id -> :class:`~sendpath.model.Qualification`.
        activities: ``activity:`` id -> :class:`~sendpath.model.Activity`.
        frameworks: ``fw:`` id -> :class:`~sendpath.model.Framework`.
        outcomes: ``outcome:`` id -> :class:`~sendpath.model.Outcome` (from every framework).
        areas: ``area:`` id -> :class:`~sendpath.model.AreaOfNeed`.
        scales: ``scale:`` id -> :class:`~sendpath.model.Scale`.
        levels: ``level:`` id -> :class:`~sendpath.model.Level` (from every scale).
        sources: ``source:`` id -> :class:`~sendpath.model.Source`.
        policies: ``policy:`` id -> :class:`~sendpath.model.Policy`: changes proposed,
            announced or in force (they never change a rule).
        crosswalks: The links between outcomes of different frameworks, sorted by their ends.
        root: The folder the package was read from (``None`` for one built in memory).
        digest: The digest of the package's files as they were read (the base package's
            first), ``blake2b-256:...``; ``None`` for one built in memory.

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> "role:senco" in cat, cat.get("senco").id
        (True, 'role:senco')
    """

    info: PackageInfo
    roles: Mapping[str, Role]
    qualifications: Mapping[str, Qualification]
    activities: Mapping[str, Activity]
    frameworks: Mapping[str, Framework]
    outcomes: Mapping[str, Outcome]
    areas: Mapping[str, AreaOfNeed]
    scales: Mapping[str, Scale]
    levels: Mapping[str, Level]
    sources: Mapping[str, Source]
    policies: Mapping[str, Policy]
    _ids: frozenset[str] = attrs.field(alias="ids")
    crosswalks: tuple[Crosswalk, ...] = ()
    root: Traversable | None = None
    digest: str | None = None

    @functools.cached_property
    def graph(self) -> ProgressionGraph:
        """The progression graph of this catalogue, built on first use and cached.

        Example:
            >>> import sendpath
            >>> sendpath.load_default().graph.nx.nodes["role:senco"]["kind"]
            'role'
        """
        from sendpath.graph import build_graph  # noqa: PLC0415  (networkx loads on demand)

        return build_graph(self)

    @property
    def data_version(self) -> DataVersion:
        """The version of the data, from ``package.toml``, carrying the files' :attr:`digest`.

        Every answer carries it, so a result can be traced to the data it came from: its JSON
        gives ``data_version`` and ``data_digest``. It is a :class:`DataVersion`, a ``str``
        equal to the manifest's text.

        Example:
            >>> import sendpath
            >>> cat = sendpath.load_default()
            >>> hits = sendpath.query.find(cat, "senco")
            >>> cat.data_version == cat.info.data_version == hits.data_version
            True
            >>> hits.to_dict()["data_digest"] == cat.digest
            True
        """
        return DataVersion(self.info.data_version, self.digest)

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and ref in self._ids

    def __iter__(self) -> Iterator[str]:
        """Iterate over every id, sorted."""
        return iter(sorted(self._ids))

    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        return (f"<Catalogue {self.info.name} {self.data_version}: {len(self.roles)} roles, "
                f"{len(self.qualifications)} qualifications, {len(self.sources)} sources>")

    def resolve(self, ref: str, kind: str | None = None, *, kinds: Sequence[str] = ()) -> str:
        """Return the full id that ``ref`` (a full id or a short name) names.

        The one resolver of sendpath: ``kind`` narrows a short name to one kind; ``kinds`` lists
        the kinds a context accepts, preferred first (a short name is the first kind's that has
        it).

        Raises:
            UnknownIdError: Nothing matches; the error lists close matches.
            AmbiguousIdError: A short name matches several kinds (and no ``kinds`` decides).

        Example:
            >>> import sendpath
            >>> cat = sendpath.load_default()
            >>> cat.resolve("qts"), cat.resolve("senco", kinds=("role", "qual"))
            ('qual:qts', 'role:senco')
        """
        return ids.resolve(ref, self._ids, kind=kind, kinds=kinds, names=self._short_names)

    @functools.cached_property
    def _short_names(self) -> dict[str, tuple[str, ...]]:
        """Every id by its short name (built on first use): resolving reads it, not every id."""
        return ids.short_names(self._ids)

    def get(self, ref: str, kind: str | None = None) -> Entity:
        """Return the record that ``ref`` names (see :meth:`resolve`).

        Example:
            >>> import sendpath
            >>> sendpath.load_default().get("induction", kind="qual").title
            'Statutory induction'
        """
        full = self.resolve(ref, kind)
        mapping: Mapping[str, Entity] = getattr(self, _MAPPING_OF_KIND[ids.kind_of(full)])
        return mapping[full]


def load(path: str | Path) -> Catalogue:
    """Load a user's data package folder (or its ``package.toml``), checking everything.

    Nothing is cached: a file edited between two calls is read again.

    Raises:
        DataError: Every problem of every file, at once.

    Example:
        >>> import sendpath
        >>> sendpath.load("no/such/folder")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          no/such/folder: no such file or folder [not-found]
    """
    from sendpath.io.package import as_root, read_package  # noqa: PLC0415  (cattrs, tomllib)

    root = as_root(path)
    raw, problems = read_package(root)
    packages = [raw]
    problems = [attrs.evolve(p, file=_under(root, p.file)) for p in problems]
    base_name = raw.info.extends if raw.info else None
    if base_name is not None:
        if base_name not in SHIPPED:
            problems.append(Problem(code="unknown-package", file=_under(root, "package.toml"),
                                    field="extends", message=(
                                        f"no shipped package {base_name!r}; "
                                        f"sendpath ships {', '.join(SHIPPED)}")))
        else:
            base, base_problems = read_package(_shipped_root(base_name))
            label = f"<shipped {base_name}>/"  # never a path inside the user's folder
            packages.insert(0, _relabelled(base, label))
            problems.extend(attrs.evolve(p, file=label + (p.file or "")) for p in base_problems)
    digested = [_shipped_root(base_name), root] if base_name in SHIPPED else [root]
    return _build(packages, problems, located=functools.cache(
        lambda f: f if f.startswith("<shipped ") else _under(root, f)),  # once a file
        root=root, digested=digested)


def build(records: Iterable[Any], *, extends: Catalogue | None = None, name: str = "memory",
          data_version: str = "memory", published: dt.date | None = None) -> Catalogue:
    """Build a catalogue in memory from records, checked as a package on disk would be.

    For tiny graphs in tests, examples and tools. ``records`` are model objects (roles,
    qualifications, sources, crosswalks, ...); with ``extends``, they add to that catalogue's
    records (add-only, as a package that extends another). Its manifest is dated
    ``published``, by default the day it is built; the exports that date their output (SSSOM's
    ``mapping_date``, CASE's ``lastChangeDateTime``) read it, so give a day for output that
    is the same tomorrow.

    Raises:
        DataError: Every problem at once (an unknown reference, a clash, a cycle, ...), each
            naming ``<memory>`` as its file.

    Example:
        >>> import sendpath
        >>> from sendpath.model import Citation, Qualification, Ref, Role, Source
        >>> cite = (Citation(source="source:mine"),)
        >>> cat = build([
        ...     Source(id="source:mine", title="My notes", publisher="Me", kind="other"),
        ...     Qualification(id="qual:course", title="A course", kind="award", months=6,
        ...                   sources=cite),
        ...     Role(id="role:goal", title="Goal", requires=Ref(id="qual:course"), sources=cite),
        ... ])
        >>> cat.resolve("goal"), len(cat)
        ('role:goal', 3)
        >>> more = build([Role(id="role:next", title="Next", requires=Ref(id="role:goal"),
        ...                    sources=cite)], extends=cat)
        >>> "qual:course" in more, more.info.extends
        (True, 'memory')
    """
    from sendpath.io.package import Located, RawPackage  # noqa: PLC0415

    file = "<memory>"
    info = PackageInfo(name=name, format_version=FORMAT_VERSION, data_version=data_version,
                       published=published or dt.date.today(),
                       extends=extends.info.name if extends is not None else None)
    raw = RawPackage(info=info, records=tuple(Located(r, file, None) for r in records),
                     files=(file,))
    packages = [raw]
    if extends is not None:
        base = [*extends.crosswalks, *(e for e in _top_level(extends))]
        packages.insert(0, RawPackage(info=extends.info, files=("<base>",),
                                      records=tuple(Located(r, "<base>", None) for r in base)))
    return _build(packages, [], located=lambda f: f)


def _top_level(cat: Catalogue) -> Iterator[Entity]:
    """The records of a catalogue as a package holds them (outcomes and levels nested)."""
    for mapping in (cat.sources, cat.areas, cat.scales, cat.frameworks, cat.qualifications,
                    cat.activities, cat.roles, cat.policies):
        yield from mapping.values()


def _relabelled(raw: RawPackage, prefix: str) -> RawPackage:
    """The package with every record's file named under ``prefix``."""
    return attrs.evolve(
        raw,
        records=tuple(attrs.evolve(loc, file=prefix + loc.file) for loc in raw.records),
        failed=tuple(attrs.evolve(loc, file=prefix + loc.file) for loc in raw.failed),
    )


def load_default(name: str = "england") -> Catalogue:
    """Return a shipped catalogue (``england``, the default), loaded on first use and cached.

    The result is shared by every caller and is read-only. ``load_default.cache_clear()``
    forgets it.

    Raises:
        DataError: sendpath ships no package of that name (the problem lists those it does).

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> cat is sendpath.load_default("england"), cat.info.name
        (True, 'england')
        >>> sendpath.load_default("wales")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          wales: no shipped package 'wales'; sendpath ships england [unknown-package]
    """
    if name not in SHIPPED:
        raise DataError([Problem(code="unknown-package", file=str(name)[:80],
                                 message=f"no shipped package {name!r}; sendpath ships "
                                         f"{', '.join(SHIPPED)}")])
    return _load_shipped(name)


@functools.cache
def _load_shipped(name: str) -> Catalogue:
    """Load a shipped package once per process (``load_default`` is the public door).

    From its snapshot when that was built from the package's files as they are (see
    :mod:`sendpath.io.snapshot`), else from the files themselves, checking everything.
    """
    from sendpath.io import snapshot  # noqa: PLC0415

    root = _shipped_root(name)
    snap = snapshot.read(_snapshot_file(name), root)
    if snap is None:
        return _read_shipped(name)
    return _freeze(snap.info, (e for r in snap.records for e in _with_nested(r)),
                   snap.crosswalks, root=root, digest=snap.files_digest)


def _read_shipped(name: str) -> Catalogue:
    """Read a shipped package from its files (the source of truth), checking everything."""
    from sendpath.io.package import read_package  # noqa: PLC0415

    root = _shipped_root(name)
    raw, problems = read_package(root)
    problems = [attrs.evolve(p, file=f"{name}/{p.file}" if p.file else None) for p in problems]
    return _build([raw], problems, located=lambda f: f"{name}/{f}", root=root, digested=[root])


def _snapshot_file(name: str) -> Traversable:
    """Where the snapshot of a shipped package is (``sendpath/snapshots/<name>.json``)."""
    return resources.files("sendpath") / "snapshots" / f"{name}.json"


#: ``load_default.cache_clear()`` forgets every shipped catalogue loaded so far.
load_default.cache_clear = _load_shipped.cache_clear  # type: ignore[attr-defined]


def _under(root: Path, file: str | None) -> str | None:
    return None if file is None else str(root / file)


def _shipped_root(name: str) -> Traversable:
    """Return the folder of a shipped package: in the wheel, else the checkout's ``data/``."""
    if name not in SHIPPED:
        raise UnknownIdError(name, candidates=SHIPPED)
    packaged = resources.files("sendpath") / "data" / name
    if packaged.is_dir():
        return packaged
    return _checkout_data() / name


def _checkout_data() -> Path:
    """The ``data/`` folder of a source checkout (editable installs have no packaged copy)."""
    return Path(__file__).resolve().parents[2] / "data"


def _build(packages: list[RawPackage], problems: list[Problem], *,
           located: Any, root: Traversable | None = None,
           digested: Sequence[Traversable] = ()) -> Catalogue:
    """Index the records, check ids and references, and freeze; raise every problem at once.

    ``packages`` is the base package (if any) followed by the package being loaded; the last
    one's records may add to the base but redefine only the ids its ``replaces`` lists. The
    catalogue's digest is of the files of the ``digested`` package folders.
    """
    info = packages[-1].info
    replaces = frozenset(info.replaces) if info else frozenset()
    index: dict[str, tuple[Entity, Located]] = {}
    base_ids: set[str] = set()
    links = [loc for pkg in packages for loc in pkg.records if isinstance(loc.record, Crosswalk)]
    packages = [attrs.evolve(pkg, records=tuple(loc for loc in pkg.records
                                                if not isinstance(loc.record, Crosswalk)))
                for pkg in packages]
    for pkg in packages[:-1]:
        for loc in pkg.records:
            for entity in _with_nested(loc.record):
                index[entity.id] = (entity, loc)
                base_ids.add(entity.id)
    redefined: set[str] = set()
    for loc in packages[-1].records:
        for entity in _with_nested(loc.record):
            problem = _clash(entity.id, loc, index, base_ids, replaces, redefined, located)
            if problem is None:
                index[entity.id] = (entity, loc)
            else:
                problems.append(problem)
    failed = {loc.record for pkg in packages for loc in pkg.failed}
    for pkg in packages:
        problems.extend(_failed_duplicates(pkg.failed, index, located))
    for rid in sorted(replaces - base_ids):
        problems.append(Problem(code="unknown-reference", file=located("package.toml"),
                                field="replaces",
                                message=f"{rid} is not defined by the base package"))
    known = frozenset(index)
    blind = not all(pkg.complete for pkg in packages)  # a file unread: any id may be in it
    for entity, loc in index.values():
        problems.extend(_unconfirmed_problems(entity, loc, located))
        for field, ref in _references(entity):
            if ref not in known and ref not in failed and not blind:
                problems.append(Problem(code="unknown-reference", message=_unknown(ref, known),
                                        file=located(loc.file), record=entity.id, field=field,
                                        line=loc.line_of(field)))
    problems.extend(_crosswalk_problems(links, index, failed, located, blind=blind))
    # The whole-package checks run over whatever loaded, problems or not, so that one run
    # reports every problem (fixing six must not reveal the next few).
    problems.extend(_cycle_problems(index, located))
    problems.extend(_scale_problems(index, located))
    problems.extend(_conferred_problems(index, located))
    if problems or info is None:
        raise DataError(_ordered(problems))
    crosswalks = sorted((loc.record for loc in links), key=lambda x: x.key)
    return _freeze(info, (entity for entity, _loc in index.values()), crosswalks, root=root,
                   digest=_digest(digested, located))


def _digest(roots: Sequence[Traversable], located: Any) -> str | None:
    """The digest of the package folders' files, read again now that they have loaded."""
    if not roots:
        return None
    from sendpath.io.snapshot import package_digest  # noqa: PLC0415

    try:
        return package_digest(*roots)
    except OSError as exc:  # a file removed or made unreadable since it was read
        raise DataError([Problem(code="unreadable", file=located(getattr(exc, "filename", "")
                                                                 or "package.toml"),
                                 message=f"cannot read the file again: {exc.strerror or exc}")],
                        ) from None


def _freeze(info: PackageInfo, entities: Iterable[Entity], crosswalks: Iterable[Crosswalk], *,
            root: Traversable | None, digest: str | None = None) -> Catalogue:
    """Put checked records (nested ones included) in a catalogue's read-only mappings."""
    by_kind: dict[str, dict[str, Entity]] = {k: {} for k in _MAPPING_OF_KIND.values()}
    for entity in entities:  # a checked id: its kind is what comes before the colon
        by_kind[_MAPPING_OF_KIND[entity.id.partition(":")[0]]][entity.id] = entity
    return Catalogue(info=info, ids=frozenset().union(*by_kind.values()),
                     crosswalks=tuple(crosswalks), root=root, digest=digest,
                     **{k: _frozen_map(v) for k, v in by_kind.items()})


def _crosswalk_problems(links: list[Located], index: dict[str, tuple[Entity, Located]],
                        failed: set[str], located: Any, *, blind: bool = False,
                        ) -> Iterator[Problem]:
    """Check each crosswalk's ends and sources, and that no pair of ends is linked twice.

    The ends must exist and lie in different frameworks.
    """
    framework_of = {outcome.id: fw.id for fw, _loc in index.values()
                    if isinstance(fw, Framework) for outcome in fw.outcomes}
    seen: dict[tuple[str, str], Located] = {}
    known = frozenset(index)
    for loc in links:
        link: Crosswalk = loc.record
        record = f"crosswalk {link.from_} -> {link.to}"

        def problem(code: str, field: str, message: str, *, _loc: Located = loc,
                    _record: str = record) -> Problem:
            return Problem(code=code, file=located(_loc.file), record=_record, field=field,
                           line=_loc.line_of(field), message=message)

        refs = [("from", link.from_), ("to", link.to)]
        refs += [(f"sources[{j}].source", cite.source) for j, cite in enumerate(link.sources)]
        missing = False
        for field, ref in refs:
            if ref not in known and (ref in failed or blind):
                missing = True  # it may be defined in a record that did not load
            elif ref not in known:
                missing = True
                yield problem("unknown-reference", field, _unknown(ref, known))
        if not missing and framework_of.get(link.from_) == framework_of.get(link.to):
            yield problem("invalid-value", "to", f"both ends are in "
                          f"{framework_of.get(link.to)}; a crosswalk links two frameworks")
        if link.key in seen:
            first = seen[link.key]
            where = located(first.file) + (f":{first.line}" if first.line else "")
            yield problem("duplicate-id", "from", f"{link.from_} -> {link.to} is already "
                          f"linked (first in {where})")
        else:
            seen[link.key] = loc


def _cycle_problems(index: dict[str, tuple[Entity, Located]], located: Any) -> list[Problem]:
    """Report every cycle among hard requirements (``requires`` trees), naming its members.

    Obligations are left out: a duty falls due after the role is taken, so a qualification that
    asks for the role it is the duty of is not circular.
    """
    import networkx as nx  # noqa: PLC0415  (only when a package is loaded)

    g: nx.DiGraph[str] = nx.DiGraph()
    for rid, (entity, _loc) in index.items():
        for tree in (getattr(entity, "requires", None), getattr(entity, "typical_entry", None)):
            if tree is not None:
                g.add_edges_from((rid, ref) for ref in sorted(referenced_ids(tree)))
    problems = []
    for component in nx.strongly_connected_components(g):
        members = sorted(component)
        if len(members) == 1 and not g.has_edge(members[0], members[0]):
            continue
        cycle = [u for u, _v in nx.find_cycle(g.subgraph(members), source=members[0])]
        first, loc = members[0], index[members[0]][1]
        problems.append(Problem(
            code="requirement-cycle", file=located(loc.file), record=first, field="requires",
            line=loc.line_of("requires"),
            message=f"requirements go round in a circle: {' -> '.join([*cycle, cycle[0]])}"))
    return problems


def _conferred_problems(index: dict[str, tuple[Entity, Located]],
                        located: Any) -> list[Problem]:
    """A conferred status is held or not on a day: no dates in a ``holds`` of it, no counts_as."""
    conferred = {rid for rid, (e, _l) in index.items()
                 if isinstance(e, Qualification) and e.conferred}
    problems = []
    for rid, (entity, loc) in index.items():
        trees = [getattr(entity, "requires", None)]
        trees += [t for ob in getattr(entity, "obligations", ()) for t in (ob.requires, ob.exempt)]
        for tree in (t for t in trees if t is not None):
            for node in walk(tree):
                dated: list[str] = getattr(node, "conditions", list)()  # a holds node's dates
                if dated and node.refs() & conferred:
                    problems.append(Problem(
                        code="invalid-value", file=located(loc.file), record=rid,
                        field="requires", line=loc.line_of("requires"),
                        message=f"{min(node.refs())} is conferred by its rule: it has no start, "
                                "completion or validity to put conditions on"))
        for target in sorted(set(getattr(entity, "counts_as", ())) & conferred):
            problems.append(Problem(
                code="invalid-value", file=located(loc.file), record=rid, field="counts_as",
                line=loc.line_of("counts_as"),
                message=f"{target} is conferred by its rule; count as what confers it instead"))
    return problems


def _scale_problems(index: dict[str, tuple[Entity, Located]], located: Any) -> list[Problem]:
    """Check that each scale's levels are named under it (``level:<scale>/...``)."""
    problems = []
    for rid, (entity, loc) in index.items():
        if isinstance(entity, Scale):
            prefix = f"level:{ids.parse_id(rid)[1]}/"
            for i, level in enumerate(entity.levels):
                if not level.id.startswith(prefix):
                    problems.append(Problem(
                        code="invalid-value", file=located(loc.file), record=rid,
                        field=f"level[{i}].id", line=loc.line_of(f"level[{i}].id"),
                        message=f"{level.id} should be named {prefix}<name> under its scale"))
    return problems


def _clash(rid: str, loc: Located, index: dict[str, tuple[Entity, Located]],
           base_ids: set[str], replaces: frozenset[str], redefined: set[str],
           located: Any) -> Problem | None:
    """Return the problem with adding ``rid`` from the package being loaded, if any."""
    if rid in base_ids and rid not in redefined:
        if rid in replaces:
            redefined.add(rid)
            return None
        return Problem(code="redefined-id", file=located(loc.file), record=rid, field="id",
                       line=loc.line, message=(f"{rid} is defined by the base package; list it "
                                               f"in package.toml's replaces to redefine it"))
    if rid in index:
        first = index[rid][1]
        where = located(first.file) + (f":{first.line}" if first.line else "")
        return Problem(code="duplicate-id", file=located(loc.file), record=rid, field="id",
                       line=loc.line, message=f"duplicate id {rid} (first defined in {where})")
    return None


def _failed_duplicates(failed: tuple[Located, ...], index: dict[str, tuple[Entity, Located]],
                       located: Any) -> Iterator[Problem]:
    """Report each record that failed to load whose id is also defined elsewhere.

    Each later definition is reported, at its own line, naming the first; grouped by id, so
    that the work grows with the number of records, not its square.
    """
    by_id: dict[str, list[Located]] = {}
    for loc in failed:
        by_id.setdefault(loc.record, []).append(loc)

    def order(loc: Located) -> tuple[str, int]:
        return loc.file, loc.line or 0

    def duplicate(at: Located, first: Located) -> Problem:
        where = located(first.file) + (f":{first.line}" if first.line else "")
        return Problem(code="duplicate-id", file=located(at.file), record=at.record,
                       field="id", line=at.line,
                       message=f"duplicate id {at.record} (first defined in {where})")

    for rid, group in by_id.items():
        loaded = index[rid][1] if rid in index else None
        group.sort(key=order)
        first = group[0]
        if loaded is not None and order(loaded) < order(first):
            first = loaded
        for loc in group:
            if loc is not first:
                yield duplicate(loc, first)
        if loaded is not None and loaded is not first:
            yield duplicate(loaded, first)


def _unconfirmed_problems(entity: Entity, loc: Located, located: Any) -> Iterator[Problem]:
    """Check that ``unconfirmed`` entries and citations' ``supports`` name fields of the record."""
    keys = {data_key(type(entity), a.name) for a in attrs.fields(type(entity))}
    for i, entry in enumerate(getattr(entity, "unconfirmed", ())):
        name = entry.partition(":")[0].strip()
        if name not in keys:
            yield Problem(code="invalid-value", file=located(loc.file), record=entity.id,
                          field=f"unconfirmed[{i}]", line=loc.line_of("unconfirmed"),
                          message=f"{name!r} is not a field of this record; write "
                                  f"'field' or 'field: why'")
    for i, cite in enumerate(getattr(entity, "sources", ())):
        for name in cite.supports:
            if name not in keys:
                yield Problem(code="invalid-value", file=located(loc.file), record=entity.id,
                              field=f"sources[{i}].supports", line=loc.line_of("sources"),
                              message=f"{name!r} is not a field of this record")


def _unknown(ref: str, known: frozenset[str]) -> str:
    try:
        ids.resolve(ref, known, kind=ids.kind_of(ref))
    except UnknownIdError as exc:
        hint = f" (did you mean {' or '.join(exc.candidates)}?)" if exc.candidates else ""
        return f"refers to {ref}, which no record defines{hint}"
    return f"refers to {ref}"  # pragma: no cover - resolve succeeds only for known ids


def _with_nested(record: Entity) -> Iterator[Entity]:
    yield record
    if isinstance(record, Framework):
        yield from record.outcomes
    elif isinstance(record, Scale):
        yield from record.levels


def _references(entity: Entity) -> Iterator[tuple[str, str]]:
    """Yield ``(field path, id)`` for every id the record refers to (not its own, not nested)."""
    for a in attrs.fields(type(entity)):
        if a.name != "id":
            key = data_key(type(entity), a.name)
            yield from _refs_in(getattr(entity, a.name), key,
                                is_ref=bool(ref_kinds(type(entity), a.name)))


def _refs_in(value: Any, path: str, *, is_ref: bool) -> Iterator[tuple[str, str]]:
    """The ids in ``value``: the strings of id fields (their checks say so), however nested.

    A free text that reads like an id (a publisher ``role:0``) is not a reference.
    """
    if isinstance(value, str):
        if is_ref and ids.is_id(value):
            yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _refs_in(item, f"{path}[{i}]", is_ref=is_ref)
    elif attrs.has(type(value)) and not getattr(type(value), "KIND", ""):
        for a in attrs.fields(type(value)):
            key = data_key(type(value), a.name)
            sub = path if a.name == "id" else f"{path}.{key}"
            yield from _refs_in(getattr(value, a.name), sub,
                                is_ref=bool(ref_kinds(type(value), a.name)))


def _ordered(problems: list[Problem]) -> list[Problem]:
    """The problems by file and line, at most :data:`~sendpath.errors.MAX_PROBLEMS` a file.

    A report of 14,000 duplicate ids lists their first thousand and the count of the rest
    (:func:`~sendpath.errors.capped`), and takes no longer to write than to read.
    """
    def where(p: Problem) -> tuple[str, int]:
        return (p.file or "", p.line or 0)

    return sorted(capped(sorted(problems, key=where)), key=where)
