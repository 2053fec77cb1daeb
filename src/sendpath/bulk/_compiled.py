"""The compiled nodes of a target's rules: each evaluates a requirement over columns.

Each node evaluates its requirement for every person of a batch at once, one column operation
at a time: comparisons of date columns with the rule's dates, reductions from rows to people,
the three-valued ``all``/``any``/``at least``.

This is the rules' second reading of a requirement, written for columns: the first, and the
reference, is :mod:`sendpath.rules._nodes`. The program reads the same conventions (periods
include both ends, an anniversary on a missing day falls on the month's last day, "after" is
strictly after) and gives the same state, due date and reason codes as
:func:`sendpath.rules.evaluate` for every profile; property tests hold it to that on random
profiles, on both backends. The few requirements with no columnar form (experience, hours and
credits, outcomes) are read per person by the rules themselves, for the people with facts
they read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

import attrs

from sendpath.bulk._batch import Batch
from sendpath.bulk._columns import Col, Ops
from sendpath.model import Profile, Requirement
from sendpath.rules import REASON_CODES, STATES
from sendpath.rules._context import _Ctx
from sendpath.rules._nodes import _eval

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue

# States as numbers, in the order `all` ranks them (best first): the worst child is the max.
MET, DUE, UNKNOWN, OVERDUE, NOT_MET = range(5)
#: The state of each number.
STATE_NAMES: Final = ("met", "due", "indeterminate", "overdue", "not_met")
assert set(STATE_NAMES) == set(STATES)  # noqa: S101  (the rules' states, renumbered)
# `any` ranks `indeterminate` above `due`: the same numbers with those two swapped.
_ANY: Final = (0, 2, 1, 3, 4)
#: The reason codes as numbers (a person's codes are a bit set over them).
CODE: Final = {code: i for i, code in enumerate(REASON_CODES)}
CODE_NAMES: Final = tuple(REASON_CODES)
# A person's codes are a bit set in a 64-bit integer (NumPy's int64).
assert len(CODE_NAMES) <= 62  # noqa: S101  (a new code past that needs a wider bit set)
# The codes of groups: the structure of a rule, not a finding about the person.
_GROUPS: Final = frozenset({CODE["all-of"], CODE["any-of"], CODE["at-least"]})
_NONE: Final = -1  # no code
_FAR: Final = dt.date.max.toordinal() + 1  # later than any date
_HUGE: Final = 1 << 62  # more than any row's place


@attrs.frozen
class Verdicts:
    """A state, a due date (0 for none) and a code bit set for each person."""

    state: Col
    due: Col
    bits: Col


@attrs.define
class _Env:
    """What a requirement is evaluated against: the batch, the day, and per-person dates."""

    batch: Batch
    ops: Ops
    on: int
    deadline: Col | None = None
    anchor: Col | None = None
    leaves: dict[Requirement, Col] = attrs.Factory(dict)  # each leaf's state, for `missing`

    def unmet(self, code: Col | int, *, closed: Col | None = None,
              last_day: int | None = None) -> tuple[Col, Col, Col]:
        """Unmet: ``not_met``, or inside an obligation ``due`` / ``overdue`` by its deadline."""
        return _unmet(self.ops, self.on, self.deadline, self.batch.n, code, closed=closed,
                      last_day=last_day)


def _unmet(ops: Ops, on: int, deadline: Col | None, n: int, code: Col | int, *,
           closed: Col | None = None, last_day: int | None = None) -> tuple[Col, Col, Col]:
    """As ``_Ctx.unmet``: ``not_met`` outside an obligation or once closed, else by the deadline."""
    codes = code if not isinstance(code, int) else ops.full(n, code)
    if deadline is None or (last_day is not None and on > last_day):
        return ops.full(n, NOT_MET), ops.full(n, 0), codes
    over = ops.lt(deadline, on)
    state = ops.where(over, OVERDUE, DUE)
    last = deadline if last_day is None else ops.minimum(deadline, last_day)
    due = ops.where(over, deadline, last)
    if closed is not None:
        state = ops.where(closed, NOT_MET, state)
        due = ops.where(closed, 0, due)
    return state, due, codes


class _Node:
    """A compiled requirement node."""

    node: Requirement | None = None

    def run(self, env: _Env) -> Verdicts:
        raise NotImplementedError


def _verdicts(env: _Env, state: Col, due: Col, code: Col | None,
              node: Requirement | None) -> Verdicts:
    """A leaf's verdicts, its state kept for the alternatives that name it."""
    if node is not None:
        env.leaves.setdefault(node, state)
    bits = env.ops.bit(code) if code is not None else env.ops.full(env.batch.n, 0)
    return Verdicts(state, due, bits)


# -- groups ------------------------------------------------------------------------------------


@attrs.frozen
class _Group(_Node):
    kind: str  # all, any, at_least
    n: int
    children: tuple[_Node, ...]
    node: Requirement | None = None

    def run(self, env: _Env) -> Verdicts:
        parts = [c.run(env) for c in self.children]
        ops = env.ops
        bits = parts[0].bits
        for p in parts[1:]:
            bits = ops.bit_or(bits, p.bits)
        if self.kind == "at_least":
            state, due = _at_least(ops, env.batch.n, self.n, parts)
        else:
            state, due = _extreme(ops, parts, best=self.kind == "any")
        return Verdicts(state, due, bits)


def _extreme(ops: Ops, parts: Sequence[Verdicts], *, best: bool) -> tuple[Col, Col]:
    """``all`` (the worst state, earliest date) or ``any`` (the best, latest date)."""
    rank = ops.col(_ANY) if best else None
    ranks = [ops.take(rank, p.state) if rank is not None else p.state for p in parts]
    top = ranks[0]
    for r in ranks[1:]:
        top = ops.minimum(top, r) if best else ops.maximum(top, r)
    state = ops.take(rank, top) if rank is not None else top
    due = ops.full(ops.size(state), 0 if best else _FAR)
    for p in parts:
        mine = ops.and_(ops.eq(p.state, state), ops.lt(0, p.due))
        due = ops.where(mine, ops.maximum(due, p.due) if best else ops.minimum(due, p.due), due)
    return state, (due if best else ops.where(ops.eq(due, _FAR), 0, due))


def _count(ops: Ops, n: int, masks: Sequence[Col]) -> Col:
    total = ops.full(n, 0)
    for m in masks:
        total = ops.add(total, ops.where(m, 1, 0))
    return total


def _kth_latest(ops: Ops, n: int, dues: Sequence[Col], masks: Sequence[Col], k: Col) -> Col:
    """Per person, the ``k``-th latest of the dates under the masks (0 where there is none)."""
    out = ops.full(n, 0)
    for dj, mj in zip(dues, masks, strict=True):
        later = _count(ops, n, [ops.and_(m, ops.lt(dj, d)) for d, m in zip(dues, masks,
                                                                            strict=True)])
        same = _count(ops, n, [ops.and_(m, ops.le(dj, d)) for d, m in zip(dues, masks,
                                                                          strict=True)])
        hit = ops.and_(mj, ops.and_(ops.lt(later, k), ops.le(k, same)))
        out = ops.where(hit, dj, out)
    return out


def _at_least(ops: Ops, n: int, need_n: int, parts: Sequence[Verdicts]) -> tuple[Col, Col]:
    """``at least n``, as :func:`sendpath.rules.combine_at_least` reads it, over columns."""
    def of(state: int) -> list[Col]:
        return [ops.eq(p.state, state) for p in parts]

    dues = [p.due for p in parts]
    met, unknown = _count(ops, n, of(MET)), _count(ops, n, of(UNKNOWN))
    due_m, over_m = of(DUE), of(OVERDUE)
    ndue = _count(ops, n, due_m)
    need = ops.sub(need_n, met)
    is_met = ops.le(need, 0)
    is_unknown = ops.and_(ops.lt(0, unknown), ops.le(need, ops.add(ndue, unknown)))
    is_due = ops.le(need, ndue)
    rest = ops.sub(need, ops.add(ndue, unknown))
    is_over = ops.le(rest, _count(ops, n, over_m))
    due_date = _kth_latest(ops, n, dues, due_m, need)
    over_date = _kth_latest(ops, n, dues, over_m, rest)
    state = ops.where(is_met, MET, ops.where(is_unknown, UNKNOWN, ops.where(
        is_due, DUE, ops.where(is_over, OVERDUE, NOT_MET))))
    due = ops.where(ops.eq(state, DUE), due_date, ops.where(ops.eq(state, OVERDUE), over_date, 0))
    return state, due


# -- leaves ------------------------------------------------------------------------------------


@attrs.frozen
class _Static(_Node):
    """The same verdict for everyone (a rule with no wording in force, no conditions)."""

    state: int
    code: int
    node: Requirement | None = None

    def run(self, env: _Env) -> Verdicts:
        n = env.batch.n
        return _verdicts(env, env.ops.full(n, self.state), env.ops.full(n, 0),
                         env.ops.full(n, self.code), self.node)


@attrs.frozen
class _InRole(_Node):
    role: str
    node: Requirement | None = None

    def run(self, env: _Env) -> Verdicts:
        ops, b = env.ops, env.batch
        t = b.tables["roles"]
        rows = b.select("roles", [self.role])
        since, until = ops.take(t.dates["since"], rows), ops.take(t.dates["until"], rows)
        now = ops.and_(ops.le(since, env.on),
                       ops.or_(ops.eq(until, 0), ops.le(env.on, until)))
        current = ops.scatter_max(b.n, ops.take(t.who, rows), ops.where(now, 1, 0), 0)
        state, due, code = env.unmet(CODE["not-in-role"])
        yes = ops.eq(current, 1)
        return _verdicts(env, ops.where(yes, MET, state), ops.where(yes, 0, due),
                         ops.where(yes, CODE["in-role"], code), self.node)


@attrs.frozen
class _Held(_Node):
    """A ``holds`` leaf (or a bare qualification or activity id): see ``_nodes._holds``."""

    node: Requirement
    refs: tuple[str, ...]  # the id, then each id that counts as it, sorted
    started_before: int | None
    started_on_or_after: int | None
    completed_before: int | None
    lapses_by: int | None  # a holding counting from this day or before has lapsed on `on`
    valid: bool  # a validity applies (an unknown award date is then unknown)
    unless_not_required: bool

    def _rows(self, b: Batch) -> tuple[Col, ...]:
        """The rows that hold the id or count as it (holds, then completed activities).

        Each with its person, its rank among the ids (0: the id itself), its dates, whether it
        was not required, and its place in the order the rules read rows in.
        """
        ops = b.ops
        h, a = b.tables["holds"], b.tables["activities"]
        hr, ar = b.select("holds", self.refs), b.select("activities", self.refs)
        rank = {b.code(r): i for i, r in enumerate(self.refs)}
        who = ops.concat(ops.take(h.who, hr), ops.take(a.who, ar))
        via = ops.apply(ops.concat(ops.take(h.ids, hr), ops.take(a.ids, ar)),
                        lambda c: rank.get(c, 0))
        zeros = ops.full(ops.size(ar), 0)
        awarded = ops.concat(ops.take(h.dates["awarded"], hr), zeros)
        started = ops.concat(ops.take(h.dates["started"], hr), zeros)
        completed = ops.concat(ops.take(h.dates["completed"], hr), ops.take(a.dates["date"], ar))
        until = ops.concat(ops.take(h.dates["until"], hr), zeros)
        not_req = ops.eq(ops.concat(ops.take(h.dates["not_required"], hr), zeros), 1)
        width = ops.size(h.who) + ops.size(a.who) + 1
        place = ops.concat(hr, ops.add(ar, 0))
        table = ops.concat(ops.full(ops.size(hr), 0), ops.full(ops.size(ar), 1))
        order = ops.add(ops.mul(ops.add(ops.add(via, via), table), width), place)
        return who, via, awarded, started, completed, until, not_req, order

    def run(self, env: _Env) -> Verdicts:
        ops, b, on = env.ops, env.batch, env.on
        who, via, awarded, started, completed, until, not_req, order = self._rows(b)
        counts = ops.where(ops.lt(0, awarded), awarded, completed)
        has_counts, has_start = ops.lt(0, counts), ops.lt(0, started)
        held = ops.and_(ops.not_(not_req), ops.or_(has_counts, ops.not_(has_start)))
        code = self._finding(ops, on, counts, started, awarded, completed, until)
        closing = self.started_before is not None and on >= self.started_before
        s = b.tables["studying"]
        sr = b.select("studying", self.refs[:1]) if closing else ops.col([])
        # Worked out for the people with a row here only; the others hold none of it.
        present = ops.nonzero(ops.lt(0, ops.count_by(
            b.n, ops.concat(who, ops.take(s.who, sr)))))
        n = ops.size(present)
        local = ops.put(ops.full(b.n, -1), present, ops.arange(n))
        who = ops.take(local, who)

        def anywhere(mask: Col) -> Col:
            return ops.eq(ops.scatter_max(n, who, ops.where(mask, 1, 0), 0), 1)

        is_met = ops.and_(held, ops.eq(code, CODE["held"]))
        met_any = anywhere(is_met)
        met_own = anywhere(ops.and_(is_met, ops.eq(via, 0)))
        unknown = anywhere(ops.and_(held, ops.eq(code, CODE["missing-date"])))
        key = ops.where(held, ops.add(ops.mul(order, 64), code), _HUGE)
        first = ops.scatter_min(n, who, key, _HUGE)
        first_code = ops.where(ops.eq(first, _HUGE), CODE["not-held"], ops.mod(first, 64))
        closed = nobody_started = None
        if closing:
            assert self.started_before is not None  # noqa: S101  (closing says so)
            under_way = ops.and_(has_start, ops.or_(ops.not_(held),
                                                    ops.and_(has_counts, ops.lt(on, counts))))
            early = anywhere(ops.and_(under_way, ops.lt(started, self.started_before)))
            studied = ops.lt(ops.take(s.dates["started"], sr), self.started_before)
            early = ops.or_(early, ops.eq(ops.scatter_max(
                n, ops.take(local, ops.take(s.who, sr)), ops.where(studied, 1, 0), 0), 1))
            closed = ops.not_(early)
            nobody_started = ops.eq(ops.full(b.n, 0), 0)
        last_day = self.completed_before - 1 if self.completed_before is not None else None
        deadline = ops.take(env.deadline, present) if env.deadline is not None else None
        state, due, unmet_code = _unmet(ops, on, deadline, n, first_code, closed=closed,
                                        last_day=last_day)
        state = ops.where(met_any, MET, ops.where(unknown, UNKNOWN, state))
        due = ops.where(ops.or_(met_any, unknown), 0, due)
        out_code = ops.where(met_any, ops.where(met_own, CODE["held"], CODE["counts-as"]),
                             ops.where(unknown, CODE["missing-date"], unmet_code))
        if self.unless_not_required:
            exempt = anywhere(not_req)
            state = ops.where(exempt, MET, state)
            due = ops.where(exempt, 0, due)
            out_code = ops.where(exempt, CODE["not-required"], out_code)
        none_state, none_due, none_code = env.unmet(CODE["not-held"], closed=nobody_started,
                                                    last_day=last_day)
        return _verdicts(env, ops.put(none_state, present, state),
                         ops.put(none_due, present, due), ops.put(none_code, present, out_code),
                         self.node)

    def _finding(self, ops: Ops, on: int, counts: Col, started: Col,
                 awarded: Col, completed: Col, until: Col) -> Col:
        """Each held row's finding against the node (``_nodes._holding_verdict``), as a code."""
        has_counts, has_start = ops.lt(0, counts), ops.lt(0, started)
        no_start = ops.not_(has_start)
        false = ops.eq(counts, -1)
        fails: list[tuple[Col, str]] = []
        unknown = false
        sb, soa, cb = self.started_before, self.started_on_or_after, self.completed_before
        if sb is not None or soa is not None:
            latest = ops.where(has_start, started, ops.where(ops.lt(0, completed), completed,
                                                              awarded))
            has_latest = ops.lt(0, latest)
            if sb is not None:
                fails.append((ops.and_(has_start, ops.le(sb, started)), "started-too-late"))
            if soa is not None:
                before = ops.and_(has_latest, ops.lt(latest, soa))
                fails.append((ops.or_(ops.and_(has_start, ops.lt(started, soa)),
                                      ops.and_(no_start, before)), "started-too-early"))
                unknown = ops.or_(unknown, ops.and_(no_start, ops.not_(before)))
            if sb is not None:
                unknown = ops.or_(unknown, ops.and_(no_start, ops.not_(
                    ops.and_(has_latest, ops.lt(latest, sb)))))
        if cb is not None:
            done = ops.where(ops.lt(0, completed), completed, awarded)
            fine = ops.and_(ops.lt(0, done), ops.lt(done, cb))
            late = ops.and_(ops.not_(fine), ops.or_(ops.lt(0, completed), ops.and_(
                has_start, ops.le(cb, started))))
            fails.append((late, "completed-too-late"))
            unknown = ops.or_(unknown, ops.and_(ops.not_(fine), ops.not_(late)))
        if self.valid:
            unknown = ops.or_(unknown, ops.not_(has_counts))
            if self.lapses_by is not None:
                fails.append((ops.and_(has_counts, ops.le(counts, self.lapses_by)), "lapsed"))
        code = ops.where(unknown, CODE["missing-date"], CODE["held"])
        for mask, name in reversed(fails):
            code = ops.where(mask, CODE[name], code)
        code = ops.where(ops.and_(ops.lt(0, until), ops.lt(until, on)), CODE["lapsed"], code)
        return ops.where(ops.and_(has_counts, ops.lt(on, counts)), CODE["not-yet-held"], code)


@attrs.frozen
class _Conferred(_Node):
    """A status its rule confers: held exactly while the rule is met."""

    rule: _Node
    node: Requirement | None = None

    def run(self, env: _Env) -> Verdicts:
        ops = env.ops
        got = self.rule.run(env)
        bits = ops.bit_or(got.bits, ops.bit(ops.where(ops.eq(got.state, MET),
                                                      CODE["conferred"], _NONE)))
        if self.node is not None:
            env.leaves.setdefault(self.node, got.state)
        return Verdicts(got.state, got.due, bits)


@attrs.frozen
class _Appointed(_Node):
    limit: int
    on_or_before: bool
    node: Requirement | None = None

    def run(self, env: _Env) -> Verdicts:
        ops, n = env.ops, env.batch.n
        if env.anchor is None:
            return _verdicts(env, ops.full(n, UNKNOWN), ops.full(n, 0),
                             ops.full(n, CODE["missing-date"]), self.node)
        ok = (ops.le(env.anchor, self.limit) if self.on_or_before
              else ops.lt(self.limit, env.anchor))
        return _verdicts(env, ops.where(ok, MET, NOT_MET), ops.full(n, 0),
                         ops.where(ok, CODE["appointment-in-range"],
                                   CODE["appointment-out-of-range"]), self.node)


# The tables a profile keeps its facts in, for the requirements read person by person.
_ALL_TABLES: Final = ("roles", "holds", "studying", "service", "teaching", "experience",
                      "activities")


@attrs.frozen
class _PerPerson(_Node):
    """A requirement read person by person by the rules themselves (``_nodes._eval``).

    For experience, hours and credits and outcomes, and for earlier service. Only the people
    with a fact it can read are read one by one; for the others the answer is the rules' answer
    for an empty profile, worked out once per anchor and deadline.
    """

    node: Requirement
    cat: Catalogue
    rules_on: dt.date
    # the rules' answers for an empty profile, by anchor and deadline, kept across batches
    empty: dict[tuple[int | None, int | None], tuple[int, int, int]] = attrs.field(
        factory=dict, eq=False, repr=False)

    def readers(self, env: _Env) -> set[int]:
        """The people with a fact the requirement may read: rows in any table."""
        found: set[int] = set()
        for table in _ALL_TABLES:
            found.update(env.ops.tolist(env.batch.tables[table].who))
        return found

    def run(self, env: _Env) -> Verdicts:
        ops, b = env.ops, env.batch
        anchors = ops.tolist(env.anchor) if env.anchor is not None else [None] * b.n
        deadlines = ops.tolist(env.deadline) if env.deadline is not None else [None] * b.n
        read = self.readers(env)
        on = dt.date.fromordinal(env.on)
        empty = self.empty
        state, due, code = [], [], []
        for i in range(b.n):
            key = (anchors[i], deadlines[i])
            found = None if i in read else empty.get(key)
            if found is None:
                ctx = _Ctx(cat=self.cat, profile=b.profile(i) if i in read else _NOBODY, on=on,
                           rules_on=self.rules_on, anchor=_day(anchors[i]),
                           deadline=_day(deadlines[i]))
                r = _eval(self.node, ctx)
                found = (STATE_NAMES.index(r.state), r.due.toordinal() if r.due else 0,
                         CODE[r.code])
                if i not in read:
                    empty[key] = found
            state.append(found[0])
            due.append(found[1])
            code.append(found[2])
        return _verdicts(env, ops.col(state), ops.col(due), ops.col(code), self.node)


@attrs.frozen
class _PriorService(_PerPerson):
    """Earlier service in a role (``_nodes._prior_service``), read by the rules themselves.

    Only the people with a row in the role that starts before their anchor can have earlier
    service; they are the few read one by one.
    """

    role: str = ""

    def readers(self, env: _Env) -> set[int]:
        ops, b = env.ops, env.batch
        before = env.anchor if env.anchor is not None else ops.full(b.n, env.on + 1)
        found: set[int] = set()
        for table, start in (("roles", "since"), ("service", "start"), ("experience", "start")):
            t = b.tables[table]
            rows = b.select(table, [self.role])
            who = ops.take(t.who, rows)
            earlier = ops.lt(ops.take(t.dates[start], rows), ops.take(before, who))
            found.update(ops.tolist(ops.take(who, ops.nonzero(earlier))))
        return found


_NOBODY: Final = Profile()


def _day(ordinal: int | None) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal else None


