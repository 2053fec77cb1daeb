"""What every JSON output carries: the format version and the versions of code and data.

This sits below every layer that writes JSON (rules, io, query, cli), so they share one
``format`` number and one envelope.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any, Final

import attrs

from sendpath.errors import UNSAFE

__all__ = ["JSON_FORMAT", "DataVersion", "JsonResult", "dumps", "envelope", "sendpath_version",
           "to_data"]

#: The version of the JSON output shape: the ``format`` key of every JSON output.
JSON_FORMAT: Final = 1


def sendpath_version() -> str:
    """Return the installed sendpath version, looked up once (see :mod:`sendpath._version`)."""
    from sendpath._version import __version__  # noqa: PLC0415  (only output that shows it pays)

    return __version__


class DataVersion(str):
    """A data version (``2026.11.28``) that knows the digest of the files it was read from.

    :attr:`sendpath.catalogue.Catalogue.data_version` returns one, so every result that keeps
    its catalogue's data version keeps the digest too, and the JSON envelope writes both. It
    equals, hashes and prints as its text.

    Example:
        >>> v = DataVersion("2026.11", "blake2b-256:00")
        >>> v == "2026.11", v.digest, f"{v}"
        (True, 'blake2b-256:00', '2026.11')
    """

    digest: str | None

    def __new__(cls, version: str, digest: str | None = None) -> DataVersion:
        self = super().__new__(cls, version)
        self.digest = digest
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (DataVersion, (str(self), self.digest))


def envelope(data_version: str | None, **payload: Any) -> dict[str, Any]:
    """Return ``payload`` with the keys every JSON output carries.

    Those are ``format`` (:data:`JSON_FORMAT`), ``sendpath_version``, ``data_version``
    (``None`` only when no data could be read, as for an invalid package) and ``data_digest``,
    the digest of the package files the data was read from (``None`` for data built in
    memory); date-dependent outputs pass ``as_of`` in ``payload``.

    Example:
        >>> out = envelope(DataVersion("2026.11", "blake2b-256:00"), as_of="2026-09-01")
        >>> out["format"], out["data_version"], out["data_digest"], out["as_of"]
        (1, '2026.11', 'blake2b-256:00', '2026-09-01')
    """
    return {"format": JSON_FORMAT, "sendpath_version": sendpath_version(),
            "data_version": None if data_version is None else str(data_version),
            "data_digest": getattr(data_version, "digest", None), **payload}


def dumps(value: Any) -> str:
    r"""Return ``value`` as JSON: sorted keys, two-space indent, UTF-8 text, a final newline.

    Characters a terminal would act on or hide (controls, bidirectional overrides, lone
    surrogates: :data:`sendpath.errors.UNSAFE`) are written as ``\uXXXX`` escapes, so the JSON
    reads back to the same value and shows as it is; every other character is itself.

    Raises:
        ValueError: The value holds NaN or infinity, which JSON cannot carry.

    Example:
        >>> print(dumps({"b": 1, "a": "é"}), end="")
        {
          "a": "é",
          "b": 1
        }
        >>> print(dumps(["\x9b2J", "\u202e", "\udcff"]), end="")
        [
          "\u009b2J",
          "\u202e",
          "\udcff"
        ]
    """
    text = json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
    # Outside strings JSON is ASCII punctuation, so these characters are all inside strings.
    return UNSAFE.sub(_json_escape, text) + "\n"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def to_data(value: Any) -> Any:
    """Return the JSON form of a result: the one path every result takes to JSON.

    Dates become ISO strings, enums their values, tuples and sets lists, mappings dicts with
    string keys; a result that shapes itself (a ``_json()`` method: the fields it shows, with
    the envelope) is converted as that shape; any other attrs class as its fields, leaving out
    empty ones (``None``, ``""``, ``[]``, ``{}``, ``False``) when it sets ``JSON_OMIT_EMPTY``,
    except fields whose metadata says ``json_keep`` (an unknown value shows as ``null``).

    Example:
        >>> import datetime as dt
        >>> to_data({"due": dt.date(2028, 1, 6), "steps": ("a", "b"), 3: None})
        {'due': '2028-01-06', 'steps': ['a', 'b'], '3': None}
    """
    shape = getattr(value, "_json", None)
    if callable(shape):
        return to_data(shape())
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if attrs.has(type(value)):
        omit = getattr(type(value), "JSON_OMIT_EMPTY", False)
        out: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            if field.name.startswith("_") or field.metadata.get("json") is False:
                continue
            data = to_data(getattr(value, field.name))
            if omit and (data is False or data in (None, "", [], {})) and \
                    not field.metadata.get("json_keep"):
                continue
            out[field.name] = data
        return out
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_data(v) for v in value]
    return value


class JsonResult:
    """What every result shares: ``to_dict()`` and ``to_json()``, both through :func:`to_data`.

    A result says what it shows in ``_json()`` (raw values: dates, tuples, other results); the
    conversion is :func:`to_data`'s alone.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> r.to_dict()["as_of"], r.to_json().count("{") > 1
        ('2026-09-01', True)
    """

    __slots__ = ()

    def _json(self) -> Any:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data (with the envelope, for a whole answer)."""
        data: dict[str, Any] = to_data(self)
        return data

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON text: sorted keys, two-space indent, final newline."""
        return dumps(self.to_dict())


class Worded:
    """What every result with text shares: short :meth:`summary`, full :meth:`explain`.

    A result gives its lines in ``_lines(detail=...)``: the answer first, one line per item,
    notes once; with ``detail``, ids, reasons, every citation and unconfirmed fact too.

    Example:
        >>> import datetime as dt, sendpath
        >>> from sendpath import query
        >>> r = query.routes(sendpath.load_default().graph, "teacher", "senco",
        ...                  on=dt.date(2026, 9, 1))
        >>> len(r.summary().splitlines()) < len(r.explain().splitlines())
        True
    """

    __slots__ = ()

    def _lines(self, *, detail: bool) -> list[str]:
        raise NotImplementedError

    def summary(self) -> str:
        """Return the answer as short text for people: the answer first, one line per item."""
        return "\n".join(self._lines(detail=False))

    def explain(self) -> str:
        """Return the answer in full: ids, why, every citation and unconfirmed fact."""
        return "\n".join(self._lines(detail=True))
