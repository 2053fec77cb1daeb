"""What every query result that lists things shares: the sequence protocol and ``to_json``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sendpath._output import JsonResult

T = TypeVar("T")


class ListedResult(JsonResult, Sequence[T]):
    r"""A result that is a sequence of its items (``len``, iteration, indexing) with JSON forms.

    Subclasses are frozen attrs classes; they name their items in :meth:`_items` and what they
    show in ``_json()`` (with the envelope); ``to_dict`` and ``to_json`` follow from it.

    Example:
        >>> import datetime as dt, json, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> len(r) == len(list(r)), r[0] is r.routes[0]
        (True, True)
        >>> json.loads(r.to_json())["format"], r.to_json().endswith("}\n")
        (1, True)
    """

    __slots__ = ()

    def _items(self) -> tuple[T, ...]:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._items())

    def __iter__(self) -> Iterator[T]:
        return iter(self._items())

    def __getitem__(self, index: Any) -> Any:
        return self._items()[index]
