"""Columns and the few operations the compiled rules use on them, in two backends.

A column is a sequence with one value per row or per person: a ``list`` in the standard-library
backend, a NumPy array in the NumPy backend. Dates are proleptic ordinals (``date.toordinal()``)
and ``0`` stands for "not given"; states are small integers; masks are booleans. The compiled
rules (:mod:`sendpath.bulk._program`) are written once against :class:`Ops`, so both backends
compute the same thing; the tests run every check on both.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from typing import Any, Protocol

Col = Any  # a list, or a NumPy array
Value = Col | int | bool


class Ops(Protocol):
    """What the compiled rules do with columns."""

    name: str

    def col(self, values: Sequence[int]) -> Col: ...
    def full(self, n: int, value: int) -> Col: ...
    def arange(self, n: int) -> Col: ...
    def take(self, column: Col, index: Col) -> Col: ...
    def where(self, mask: Col, a: Value, b: Value) -> Col: ...
    def lt(self, a: Value, b: Value) -> Col: ...
    def le(self, a: Value, b: Value) -> Col: ...
    def eq(self, a: Value, b: Value) -> Col: ...
    def and_(self, a: Col, b: Col) -> Col: ...
    def or_(self, a: Col, b: Col) -> Col: ...
    def not_(self, a: Col) -> Col: ...
    def minimum(self, a: Value, b: Value) -> Col: ...
    def maximum(self, a: Value, b: Value) -> Col: ...
    def add(self, a: Value, b: Value) -> Col: ...
    def sub(self, a: Value, b: Value) -> Col: ...
    def mul(self, a: Col, k: int) -> Col: ...
    def mod(self, a: Col, k: int) -> Col: ...
    def concat(self, a: Col, b: Col) -> Col: ...
    def columns(self, rows: list[tuple[int, ...]], width: int) -> list[Col]: ...
    def nonzero(self, mask: Col) -> Col: ...
    def isin(self, column: Col, values: Sequence[int]) -> Col: ...
    def scatter_min(self, n: int, index: Col, values: Col, init: int) -> Col: ...
    def scatter_max(self, n: int, index: Col, values: Col, init: int) -> Col: ...
    def count_by(self, n: int, index: Col) -> Col: ...
    def put(self, base: Col, index: Col, values: Col) -> Col: ...
    def bit(self, codes: Col) -> Col: ...
    def bit_or(self, a: Col, b: Col) -> Col: ...
    def apply(self, column: Col, fn: Callable[[int], int]) -> Col: ...
    def tolist(self, column: Col) -> list[Any]: ...
    def size(self, column: Col) -> int: ...


def _pair(a: Value, b: Value) -> tuple[Any, Any]:
    """Two operands as iterables of the same length (a scalar repeats)."""
    if isinstance(a, list):
        return a, (b if isinstance(b, list) else [b] * len(a))
    if isinstance(b, list):
        return [a] * len(b), b
    raise TypeError("one operand must be a column")


class PyOps:
    """The standard-library backend: columns are lists."""

    name = "python"

    def col(self, values: Sequence[int]) -> Col:
        return list(values)

    def full(self, n: int, value: int) -> Col:
        return [value] * n

    def arange(self, n: int) -> Col:
        return list(range(n))

    def take(self, column: Col, index: Col) -> Col:
        return [column[i] for i in index]

    def where(self, mask: Col, a: Value, b: Value) -> Col:
        if isinstance(a, list) and isinstance(b, list):
            return [x if m else y for m, x, y in zip(mask, a, b, strict=True)]
        if isinstance(a, list):
            return [x if m else b for m, x in zip(mask, a, strict=True)]
        if isinstance(b, list):
            return [a if m else y for m, y in zip(mask, b, strict=True)]
        return [a if m else b for m in mask]

    def lt(self, a: Value, b: Value) -> Col:
        x, y = _pair(a, b)
        return [p < q for p, q in zip(x, y, strict=True)]

    def le(self, a: Value, b: Value) -> Col:
        x, y = _pair(a, b)
        return [p <= q for p, q in zip(x, y, strict=True)]

    def eq(self, a: Value, b: Value) -> Col:
        x, y = _pair(a, b)
        return [p == q for p, q in zip(x, y, strict=True)]

    def and_(self, a: Col, b: Col) -> Col:
        return [p and q for p, q in zip(a, b, strict=True)]

    def or_(self, a: Col, b: Col) -> Col:
        return [p or q for p, q in zip(a, b, strict=True)]

    def not_(self, a: Col) -> Col:
        return [not p for p in a]

    def minimum(self, a: Value, b: Value) -> Col:
        x, y = _pair(a, b)
        return [min(p, q) for p, q in zip(x, y, strict=True)]

    def maximum(self, a: Value, b: Value) -> Col:
        x, y = _pair(a, b)
        return [max(p, q) for p, q in zip(x, y, strict=True)]

    def add(self, a: Value, b: Value) -> Col:
        x, y = _pair(a, b)
        return [p + q for p, q in zip(x, y, strict=True)]

    def sub(self, a: Value, b: Value) -> Col:
        x, y = _pair(a, b)
        return [p - q for p, q in zip(x, y, strict=True)]

    def mul(self, a: Col, k: int) -> Col:
        return [p * k for p in a]

    def mod(self, a: Col, k: int) -> Col:
        return [p % k for p in a]

    def concat(self, a: Col, b: Col) -> Col:
        return [*a, *b]

    def columns(self, rows: list[tuple[int, ...]], width: int) -> list[Col]:
        return [list(c) for c in zip(*rows, strict=True)] if rows else [[]] * width

    def nonzero(self, mask: Col) -> Col:
        return [i for i, m in enumerate(mask) if m]

    def isin(self, column: Col, values: Sequence[int]) -> Col:
        wanted = frozenset(values)
        return [v in wanted for v in column]

    def scatter_min(self, n: int, index: Col, values: Col, init: int) -> Col:
        out = [init] * n
        for i, v in zip(index, values, strict=True):
            out[i] = min(out[i], v)
        return out

    def scatter_max(self, n: int, index: Col, values: Col, init: int) -> Col:
        out = [init] * n
        for i, v in zip(index, values, strict=True):
            out[i] = max(out[i], v)
        return out

    def put(self, base: Col, index: Col, values: Col) -> Col:
        out = list(base)
        for i, v in zip(index, values, strict=True):
            out[i] = v
        return out

    def count_by(self, n: int, index: Col) -> Col:
        out = [0] * n
        for i in index:
            out[i] += 1
        return out

    def bit(self, codes: Col) -> Col:
        return [1 << c if c >= 0 else 0 for c in codes]

    def bit_or(self, a: Col, b: Col) -> Col:
        return [p | q for p, q in zip(a, b, strict=True)]

    def apply(self, column: Col, fn: Callable[[int], int]) -> Col:
        seen: dict[int, int] = {}
        out = []
        for v in column:
            r = seen.get(v)
            if r is None:
                r = seen[v] = fn(v)
            out.append(r)
        return out

    def tolist(self, column: Col) -> list[Any]:
        return list(column)

    def size(self, column: Col) -> int:
        return len(column)


class NumpyOps:
    """The NumPy backend: columns are ``int64`` or ``bool`` arrays."""

    name = "numpy"

    def __init__(self) -> None:
        import numpy  # noqa: PLC0415  (an optional extra)

        self.np: Any = numpy
        self._bits = numpy.asarray([0, *(1 << i for i in range(62))], dtype=numpy.int64)

    def col(self, values: Sequence[int]) -> Col:
        return self.np.asarray(values, dtype=self.np.int64)

    def full(self, n: int, value: int) -> Col:
        return self.np.full(n, value, dtype=self.np.int64)

    def arange(self, n: int) -> Col:
        return self.np.arange(n, dtype=self.np.int64)

    def take(self, column: Col, index: Col) -> Col:
        return column[index]

    def where(self, mask: Col, a: Value, b: Value) -> Col:
        return self.np.where(mask, a, b)

    def lt(self, a: Value, b: Value) -> Col:
        return self.np.less(a, b)

    def le(self, a: Value, b: Value) -> Col:
        return self.np.less_equal(a, b)

    def eq(self, a: Value, b: Value) -> Col:
        return self.np.equal(a, b)

    def and_(self, a: Col, b: Col) -> Col:
        return a & b

    def or_(self, a: Col, b: Col) -> Col:
        return a | b

    def not_(self, a: Col) -> Col:
        return ~a

    def minimum(self, a: Value, b: Value) -> Col:
        return self.np.minimum(a, b)

    def maximum(self, a: Value, b: Value) -> Col:
        return self.np.maximum(a, b)

    def add(self, a: Value, b: Value) -> Col:
        return self.np.add(a, b)

    def sub(self, a: Value, b: Value) -> Col:
        return self.np.subtract(a, b)

    def mul(self, a: Col, k: int) -> Col:
        return a * k

    def mod(self, a: Col, k: int) -> Col:
        return a % k

    def concat(self, a: Col, b: Col) -> Col:
        return self.np.concatenate([a, b])

    def columns(self, rows: list[tuple[int, ...]], width: int) -> list[Col]:
        table = self.np.array(rows, dtype=self.np.int64).reshape(len(rows), width)
        return [self.np.ascontiguousarray(table[:, k]) for k in range(width)]

    def nonzero(self, mask: Col) -> Col:
        return self.np.flatnonzero(mask)

    def isin(self, column: Col, values: Sequence[int]) -> Col:
        if len(values) == 1:
            return column == values[0]
        return self.np.isin(column, self.np.asarray(values, dtype=self.np.int64))

    def scatter_min(self, n: int, index: Col, values: Col, init: int) -> Col:
        out = self.np.full(n, init, dtype=self.np.int64)
        self.np.minimum.at(out, index, values)
        return out

    def scatter_max(self, n: int, index: Col, values: Col, init: int) -> Col:
        out = self.np.full(n, init, dtype=self.np.int64)
        self.np.maximum.at(out, index, self.np.asarray(values, dtype=self.np.int64))
        return out

    def put(self, base: Col, index: Col, values: Col) -> Col:
        out = base.copy()
        out[index] = values
        return out

    def count_by(self, n: int, index: Col) -> Col:
        return self.np.bincount(index, minlength=n).astype(self.np.int64)

    def bit(self, codes: Col) -> Col:
        return self._bits[codes + 1]  # -1 (no code) is the empty set

    def bit_or(self, a: Col, b: Col) -> Col:
        return a | b

    def apply(self, column: Col, fn: Callable[[int], int]) -> Col:
        np = self.np
        if len(column) == 0:
            return column.copy()
        values, inverse = np.unique(column, return_inverse=True)
        mapped = np.asarray([fn(int(v)) for v in values], dtype=np.int64)
        return mapped[inverse]

    def tolist(self, column: Col) -> list[Any]:
        return column.tolist()  # type: ignore[no-any-return]

    def size(self, column: Col) -> int:
        return len(column)


def has_numpy() -> bool:
    """Whether NumPy is installed (the ``numpy`` extra)."""
    return importlib.util.find_spec("numpy") is not None


def backend(name: str | None = None) -> Ops:
    """The backend called ``name`` (``python`` or ``numpy``); by default NumPy where installed.

    Raises:
        ValueError: ``name`` is neither, or ``numpy`` is asked for and not installed.
    """
    if name is None:
        name = "numpy" if has_numpy() else "python"
    if name == "python":
        return PyOps()
    if name == "numpy":
        if not has_numpy():
            raise ValueError("the numpy backend needs NumPy: pip install 'sendpath[numpy]'")
        return NumpyOps()
    raise ValueError(f"backend must be 'python' or 'numpy', not {name!r}")
