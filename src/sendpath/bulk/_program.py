"""A target's rules compiled once into a program over columns.

:func:`compile_target` reads a role's (or a qualification's) rules once, in the wording in force
on the rules day, and gives a :class:`Program`. Run on a batch of people
(:mod:`sendpath.bulk._batch`), the program evaluates every requirement for every person at once,
one column operation at a time (:mod:`sendpath.bulk._compiled`), never a tree walk per person;
a role's duties are anchored per person (the appointment, the first class with the need) and
fall due the stated months later, as :func:`sendpath.rules.evaluate` reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

import attrs

from sendpath._dates import add_months, check_day
from sendpath.bulk._batch import Batch
from sendpath.bulk._columns import Col, Ops
from sendpath.bulk._compiled import (
    _FAR,
    _GROUPS,
    CODE,
    CODE_NAMES,
    MET,
    NOT_MET,
    STATE_NAMES,
    UNKNOWN,
    Verdicts,
    _Appointed,
    _Conferred,
    _Env,
    _extreme,
    _Group,
    _Held,
    _InRole,
    _Node,
    _PerPerson,
    _PriorService,
    _Static,
)
from sendpath.model import (
    Holds,
    Obligation,
    Profile,
    Qualification,
    Ref,
    Requirement,
    Role,
    wording_on,
)
from sendpath.rules import alternatives
from sendpath.rules._context import _Ctx, _record
from sendpath.rules._nodes import form
from sendpath.rules._targets import _appointment, _duties, _is_need

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

__all__ = ["STATE_NAMES", "Program", "codes_of", "compile_target"]


# -- compiling ---------------------------------------------------------------------------------


@attrs.frozen
class _Compiler:
    cat: Catalogue
    on: dt.date
    rules_on: dt.date

    def tree(self, tree: Requirement | None, *, depth: int = 0) -> _Node:
        """A tree in the wording in force on the rules day (``_nodes._eval_tree``)."""
        worded = wording_on(tree, self.rules_on) if tree is not None else None
        if worded is None:
            return _Static(UNKNOWN, CODE["not-in-force"])
        return self.node(worded, depth=depth)

    def node(self, node: Requirement, *, depth: int = 0) -> _Node:
        """The compiled node for ``node``, by its form (``_nodes.form``)."""
        if depth > 64:
            raise ValueError("conferred statuses nest more than 64 deep (a cycle?)")
        f = form(node)
        if f.kind in ("all", "any", "at_least"):
            children = tuple(self.node(c, depth=depth) for c in f.children)
            return _Group(f.kind, f.n, children, node)
        if f.kind == "in_role":
            return _InRole(f.ref, node)
        if f.holds is not None:
            return self.held(f.holds, node, depth)
        if f.day is not None:
            return _Appointed(f.day.toordinal(), f.kind == "appointed_on_or_before", node)
        if f.kind == "prior_service":
            return _PriorService(node, self.cat, self.rules_on, role=f.ref)
        return _PerPerson(node, self.cat, self.rules_on)

    def held(self, node: Holds, original: Requirement, depth: int) -> _Node:
        record = _record(self.cat, node.holds)
        if isinstance(record, Qualification) and record.conferred and record.requires:
            return _Conferred(self.tree(record.requires, depth=depth + 1), original)
        through = sorted(q.id for q in self.cat.qualifications.values()
                         if node.holds in q.counts_as)
        months = node.valid_for_months
        if months is None and isinstance(record, Qualification):
            months = record.valid_for_months
        return _Held(
            node=original, refs=(node.holds, *through),
            started_before=_ord(node.started_before),
            started_on_or_after=_ord(node.started_on_or_after),
            completed_before=_ord(node.completed_before),
            lapses_by=_lapses_by(self.on, months) if months is not None else None,
            valid=months is not None, unless_not_required=node.unless_not_required)


def _ord(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _lapses_by(on: dt.date, months: int) -> int | None:
    """The last day a holding may count from and have lapsed on ``on`` (``on >= counts + m``).

    ``add_months`` never decreases as its day grows, so that is a bisection.
    """
    lo, hi = 1, on.toordinal()
    if add_months(dt.date.fromordinal(lo), months) > on:
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if add_months(dt.date.fromordinal(mid), months) <= on:
            lo = mid
        else:
            hi = mid - 1
    return lo


# -- the program -------------------------------------------------------------------------------


@attrs.frozen
class _Section:
    """A part of the answer that counts: a role's eligibility or one duty, and its ways."""

    node: _Node
    ways: tuple[tuple[tuple[Requirement, tuple[str, ...]], ...], ...]  # leaves and their ids


@attrs.frozen
class _Duty:
    ob: Obligation | None  # None: no wording in force
    exempt: _Node | None
    requires: _Section | None
    needs: frozenset[str]  # the areas of need that anchor it (teaches_class)


@attrs.frozen
class Outcome:
    """The program's answer for a batch, as columns.

    ``state``, ``due`` (an ordinal, 0 for none) and ``bits`` (the codes as a bit set); and for
    each part of the answer that counts, the way each person lacks fewest (``-1`` where the
    part is met or does not bind) and the leaves of it they lack, as a bit set:
    :meth:`missing` turns those into ids.
    """

    target: str
    role: bool
    ops: Ops
    state: Col
    due: Col
    bits: Col
    ways: list[tuple[_Section, Col, Col]]

    def missing(self) -> list[tuple[str, ...]]:
        """The ids each person lacks, as :class:`sendpath.bulk.Row` describes them."""
        ops = self.ops
        if not self.role:
            return [(self.target,) if s != MET else () for s in ops.tolist(self.state)]
        if not self.ways:
            return [()] * ops.size(self.state)
        sections = [section for section, _w, _l in self.ways]
        columns = [c for _s, way, lacking in self.ways for c in (ops.tolist(way),
                                                                  ops.tolist(lacking))]
        memo: dict[tuple[int, ...], tuple[str, ...]] = {}
        out = []
        for key in zip(*columns, strict=True):
            ids = memo.get(key)
            if ids is None:
                found: set[str] = set()
                for section, way, bits in zip(sections, key[::2], key[1::2], strict=True):
                    if way >= 0:
                        found |= {r for j, (_leaf, refs) in enumerate(section.ways[way])
                                  if bits >> j & 1 for r in refs}
                ids = memo[key] = tuple(sorted(found))
            out.append(ids)
        return out


@attrs.frozen(kw_only=True)
class Program:
    """A target's rules, compiled once; :meth:`run` answers for a batch.

    Attributes:
        target: The target's full id.
        title: Its title.
        on: The day of the answers.
        rules_on: The day whose wording of the rules applies.
    """

    target: str
    title: str
    on: dt.date
    rules_on: dt.date
    eligibility: _Section
    duties: tuple[_Duty, ...]
    role: bool
    in_force: bool

    def run(self, batch: Batch) -> Outcome:
        """Evaluate every person of ``batch`` (see :class:`Outcome`)."""
        ops, n = batch.ops, batch.n
        env = _Env(batch=batch, ops=ops, on=self.on.toordinal())
        if not self.in_force:
            return Outcome(target=self.target, role=self.role, ops=ops, state=ops.full(n, UNKNOWN),
                           due=ops.full(n, 0), bits=ops.full(n, 1 << CODE["not-in-force"]),
                           ways=[])
        first = self.eligibility.node.run(env)
        state, due, bits = first.state, first.due, first.bits
        ways = []
        if self.eligibility.ways:
            best, lacking = self._best_way(ops, n, self.eligibility, env)
            ways.append((self.eligibility, ops.where(ops.eq(first.state, MET), -1, best),
                         lacking))
        if self.role:
            appointed = self._appointments(batch)
            for duty in self.duties:
                got, way = self._duty(duty, batch, appointed)
                state, due = _extreme(ops, [Verdicts(state, due, bits), got], best=False)
                bits = ops.bit_or(bits, got.bits)
                if way is not None:
                    ways.append(way)
        return Outcome(target=self.target, role=self.role, ops=ops, state=state, due=due,
                       bits=bits, ways=ways)

    def _appointments(self, batch: Batch) -> Col:
        """The start of each person's current spell in the role (0 if not in it).

        Over columns for people with one row in the role (its start, if it is current); for
        the few with more, ``_targets._appointment`` itself.
        """
        ops, n, day = batch.ops, batch.n, self.on.toordinal()
        t = batch.tables["roles"]
        rows = batch.select("roles", [self.target])
        who = ops.take(t.who, rows)
        since, until = ops.take(t.dates["since"], rows), ops.take(t.dates["until"], rows)
        current = ops.and_(ops.le(since, day), ops.or_(ops.eq(until, 0), ops.le(day, until)))
        alone = ops.eq(ops.take(ops.count_by(n, who), who), 1)
        out = ops.scatter_max(n, who, ops.where(ops.and_(alone, current), since, 0), 0)
        found: dict[int, int] = {}
        for person in sorted(set(ops.tolist(ops.take(who, ops.nonzero(ops.not_(alone)))))):
            ctx = _Ctx(cat=None, profile=batch.profile(person), on=self.on,
                       rules_on=self.rules_on)
            start = _appointment(self.target, ctx)
            if start is not None:
                found[person] = start.toordinal()
        if found:
            out = ops.maximum(out, ops.scatter_max(n, ops.col(list(found)),
                                                   ops.col(list(found.values())), 0))
        return out

    def _duty(self, duty: _Duty, batch: Batch,
              appointed: Col) -> tuple[Verdicts, tuple[_Section, Col, Col] | None]:
        """One duty's verdicts (``met`` where it does not bind) and its ways, if it has any.

        The duty is evaluated for the people it binds only (a batch of them), and the answers
        put back in place.
        """
        ops, n, on = batch.ops, batch.n, self.on.toordinal()
        if duty.ob is None:
            return _Static(UNKNOWN, CODE["not-in-force"]).run(_Env(batch=batch, ops=ops,
                                                                   on=on)), None
        ob = duty.ob
        if ob.anchor == "appointed":
            binding = ops.lt(0, appointed)
            anchors = appointed
        else:
            t = batch.tables["teaching"]
            rows = batch.select("teaching", sorted(duty.needs))
            since, until = ops.take(t.dates["since"], rows), ops.take(t.dates["until"], rows)
            who = ops.take(t.who, rows)
            started = ops.le(since, on)
            first = ops.scatter_min(n, who, ops.where(started, since, _FAR), _FAR)
            now = ops.and_(started, ops.or_(ops.eq(until, 0), ops.le(on, until)))
            teaching = ops.eq(ops.scatter_max(n, who, ops.where(now, 1, 0), 0), 1)
            binding = ops.and_(ops.lt(0, appointed), teaching)
            anchors = first
        people = ops.nonzero(binding)
        bound = batch.subset(people)
        anchor = ops.take(anchors, people)
        months = ob.due.in_months()
        deadline = ops.apply(anchor, lambda d: add_months(dt.date.fromordinal(d),
                                                          months).toordinal())
        env = _Env(batch=bound, ops=ops, on=on, anchor=anchor, deadline=deadline)
        assert duty.requires is not None  # noqa: S101  (set with ob)
        met_by = duty.requires.node.run(env)
        code: Col = ops.full(bound.n, CODE["obligation"])
        if duty.exempt is not None:
            exempt = duty.exempt.run(_Env(batch=bound, ops=ops, on=on, anchor=anchor))
            state, due = _extreme(ops, [exempt, met_by], best=True)
            code = ops.where(ops.eq(exempt.state, MET), CODE["exempt"], code)
            bits = ops.bit_or(exempt.bits, met_by.bits)
        else:
            state, due, bits = met_by.state, met_by.due, met_by.bits
        bits = ops.bit_or(bits, ops.bit(code))
        got = Verdicts(ops.put(ops.full(n, MET), people, state),
                       ops.put(ops.full(n, 0), people, due),
                       ops.put(ops.full(n, 0), people, bits))
        if not duty.requires.ways:
            return got, None
        best, lacking = self._best_way(ops, bound.n, duty.requires, env)
        best = ops.where(ops.eq(state, MET), -1, best)
        return got, (duty.requires, ops.put(ops.full(n, -1), people, best),
                     ops.put(ops.full(n, 0), people, lacking))

    @staticmethod
    def _best_way(ops: Ops, n: int, section: _Section, env: _Env) -> tuple[Col, Col]:
        """Per person, the way that lacks fewest (fewest closed first) and its lacking leaves.

        The leaves lacking are a bit set over the way's leaves, in the way's order.
        """
        everyone = ops.full(n, NOT_MET)
        dated = env.deadline is not None  # an unmet leaf that is not_met is then closed
        best = ops.full(n, 0)
        lacking = ops.full(n, 0)
        fewest = None
        for k, way in enumerate(section.ways):
            rank, bits = ops.full(n, 0), ops.full(n, 0)
            for j, (leaf, _refs) in enumerate(way):
                state = env.leaves.get(leaf, everyone)
                unmet = ops.where(ops.eq(state, MET), 0, 1)
                closed = ops.where(ops.eq(state, NOT_MET), 1, 0) if dated else ops.full(n, 0)
                rank = ops.add(rank, ops.add(ops.mul(closed, 1 << 20), unmet))
                bits = ops.add(bits, ops.mul(unmet, 1 << j))
            better = ops.lt(rank, fewest) if fewest is not None else ops.eq(rank, rank)
            best = ops.where(better, k, best)
            lacking = ops.where(better, bits, lacking)
            fewest = rank if fewest is None else ops.where(better, rank, fewest)
        return best, lacking


def compile_target(catalogue: Catalogue, target: str, *, on: dt.date,
                   rules_as_of: dt.date | None = None) -> Program:
    """Compile ``target``'s rules for answers on ``on`` (see :class:`Program`).

    Raises:
        UnknownIdError: ``target`` names no role, qualification or activity.
    """
    full = catalogue.resolve(target, kinds=("role", "qual", "activity"))
    check_day(on, "on")
    rules_on = check_day(rules_as_of, "rules_as_of") if rules_as_of is not None \
        else dt.date.today()
    comp = _Compiler(catalogue, on, rules_on)
    record = _record(catalogue, full)
    assert record is not None  # noqa: S101  (resolved)
    in_force = not (rules_as_of is not None and record.in_force is not None
                    and not record.in_force.covers(rules_as_of))
    nodes = set(catalogue.graph.nx)
    if not isinstance(record, Role):
        return Program(target=full, title=record.title, on=on, rules_on=rules_on,
                       eligibility=_Section(comp.node(Ref(id=full)), ()), duties=(),
                       role=False, in_force=in_force)
    if record.requires is None:
        elig = _Section(_Static(MET, CODE["no-conditions"]), ())
    else:
        elig = _section(comp, record.requires, nodes)
    duties = []
    probe = _Ctx(cat=catalogue, profile=Profile(), on=on, rules_on=rules_on)
    for wordings in _duties(record):
        ob = next((w for w in wordings if w.in_force is None or w.in_force.covers(rules_on)),
                  None)
        if ob is None:
            duties.append(_Duty(None, None, None, frozenset()))
            continue
        needs = frozenset({ob.need, *(a for a in catalogue.areas if _is_need(a, ob, probe))}
                          if ob.need else ())
        duties.append(_Duty(ob, comp.tree(ob.exempt) if ob.exempt is not None else None,
                            _section(comp, ob.requires, nodes), needs))
    return Program(target=full, title=record.title, on=on, rules_on=rules_on, eligibility=elig,
                   duties=tuple(duties), role=True, in_force=in_force)


def _section(comp: _Compiler, tree: Requirement, nodes: set[str]) -> _Section:
    worded = wording_on(tree, comp.rules_on)
    ways: tuple[tuple[tuple[Requirement, tuple[str, ...]], ...], ...] = ()
    if worded is not None:
        ways = tuple(tuple((leaf, tuple(sorted(r for r in leaf.refs() if r in nodes)))
                           for leaf in sorted(way, key=repr))
                     for way in alternatives(worded).sets)
    if any(len(way) > _WAY_LEAVES for way in ways):
        raise ValueError(f"a way of meeting the rule needs more than {_WAY_LEAVES} items, more "
                         "than bulk evaluation can track per person")
    return _Section(comp.tree(tree), ways)


#: The most items one way of meeting a rule may need: the ones a person lacks are a bit set in
#: a 64-bit integer.
_WAY_LEAVES: Final = 62


def codes_of(bits: int) -> tuple[str, ...]:
    """The reason codes in a bit set, in the order of :data:`sendpath.rules.REASON_CODES`."""
    return tuple(name for i, name in enumerate(CODE_NAMES) if bits >> i & 1 and i not in _GROUPS)

