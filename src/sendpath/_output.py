"""What every JSON output carries: the format version and the versions of code and data.

This sits below every layer that writes JSON (rules, io, query, cli), so they share one
``format`` number and one envelope.
"""

from __future__ import annotations

import json
from typing import Any, Final

__all__ = ["JSON_FORMAT", "dumps", "envelope", "sendpath_version"]

#: The version of the JSON output shape: the ``format`` key of every JSON output.
JSON_FORMAT: Final = 1


def sendpath_version() -> str:
    """Return the installed sendpath version (``0+unknown`` in an uninstalled tree)."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("sendpath")
    except PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
        return "0+unknown"


def envelope(data_version: str | None, **payload: Any) -> dict[str, Any]:
    """Return ``payload`` with the keys every JSON output carries.

    Those are ``format`` (:data:`JSON_FORMAT`), ``sendpath_version`` and ``data_version``
    (``None`` only when no data could be read, as for an invalid package); date-dependent
    outputs pass ``as_of`` in ``payload``.

    Example:
        >>> out = envelope("2026.11", as_of="2026-09-01")
        >>> out["format"], out["data_version"], out["as_of"]
        (1, '2026.11', '2026-09-01')
    """
    return {"format": JSON_FORMAT, "sendpath_version": sendpath_version(),
            "data_version": data_version, **payload}


def dumps(value: Any) -> str:
    """Return ``value`` as JSON: sorted keys, two-space indent, UTF-8 text, a final newline.

    Raises:
        ValueError: The value holds NaN or infinity, which JSON cannot carry.

    Example:
        >>> print(dumps({"b": 1, "a": "é"}), end="")
        {
          "a": "é",
          "b": 1
        }
    """
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
