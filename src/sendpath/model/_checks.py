"""Field validators shared by the model classes.

Each raises :class:`~sendpath.errors.DataError` with one ``invalid-value`` problem that names the
field, so a bad value reads the same whether it came from a file or from Python code. Each also
carries, as its ``schema`` attribute, the JSON Schema of the values it accepts (as far as JSON
Schema can say it), from which :mod:`sendpath.io.schema` builds the formats' schemas: the
check and its schema are written side by side, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

import attrs

from sendpath.errors import DataError, Problem
from sendpath.ids import SLUG_PATTERN, is_id

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]



def described(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """Attach ``schema`` (the JSON Schema of the values a check accepts) to a check."""

    def attach(check: Any) -> Any:
        check.schema = schema
        return check

    return attach


def id_schema(kinds: tuple[str, ...], *, short: bool = False) -> dict[str, Any]:
    """The JSON Schema of an id of ``kinds`` (``short``: the bare slug is allowed too)."""
    prefix = f"(?:{'|'.join(kinds)}):"
    head = f"(?:{prefix})?" if short else prefix
    return {"type": "string", "pattern": f"^{head}{SLUG_PATTERN}$"}  # also an ECMA 262 regex


def fail(attribute: attrs.Attribute[Any], message: str) -> None:
    """Raise the one-problem DataError for ``attribute``."""
    field = attribute.alias if attribute.alias else attribute.name
    raise DataError([Problem(code="invalid-value", message=message, field=field)])


def _type_name(value: object) -> str:
    return type(value).__name__


def id_of(*kinds: str) -> Validator:
    """Check that a value is a full id of one of ``kinds``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            fail(attribute, f"expected an id (string), got {_type_name(value)}")
        elif not is_id(value):
            fail(attribute, f"{value!r} is not an id of the form kind:slug (e.g. {kinds[0]}:x)")
        elif value.partition(":")[0] not in kinds:
            fail(attribute, f"{value!r} is not a {' or '.join(kinds)} id")

    check.kinds = kinds  # type: ignore[attr-defined]  # the kinds a field refers to, once
    check.schema = id_schema(kinds)  # type: ignore[attr-defined]
    return check


def ids_of(*kinds: str) -> Validator:
    """Check that a value is a tuple of full ids of ``kinds``, without repeats."""
    one = id_of(*kinds)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            fail(attribute, f"expected a tuple of ids, got {_type_name(value)}")
        for item in value:
            one(inst, attribute, item)
        if len(set(value)) != len(value):
            fail(attribute, "lists the same id more than once")

    check.kinds = kinds  # type: ignore[attr-defined]
    check.schema = {"type": "array", "items": id_schema(kinds),  # type: ignore[attr-defined]
                    "uniqueItems": True}
    return check


@described({"type": "string", "pattern": r"^[^\r\n]*\S[^\r\n]*$"})
def text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a non-blank string on one line."""
    if not isinstance(value, str):
        fail(attribute, f"expected a string, got {_type_name(value)}")
    elif not value.strip():
        fail(attribute, "must not be empty")
    elif "\n" in value or "\r" in value:
        fail(attribute, "must be a single line")


@described({"type": "string"})
def optional_text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a string (possibly empty)."""
    if not isinstance(value, str):
        fail(attribute, f"expected a string, got {_type_name(value)}")


@described({"type": "array", "items": {"type": "string", "pattern": r"\S"}})
def texts(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a tuple of non-blank strings."""
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        fail(attribute, "expected a list of non-empty strings")


def one_of(choices: Collection[str]) -> Validator:
    """Check that a value is one of ``choices``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            fail(attribute, f"{value!r} is not one of: {', '.join(sorted(choices))}")

    check.schema = {"enum": sorted(choices)}  # type: ignore[attr-defined]
    return check


@described({"type": "integer", "minimum": 1})
def positive_int(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is an int greater than zero (not a bool)."""
    if type(value) is not int or value <= 0:
        fail(attribute, f"expected a whole number above 0, got {value!r}")


#: The longest period sendpath accepts, in months: a century, far beyond any career or rule,
#: and short enough that every date it reaches is a real one.
MAX_MONTHS = 1200


@described({"type": "integer", "minimum": 1, "maximum": MAX_MONTHS})
def months(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a number of months from 1 to :data:`MAX_MONTHS`."""
    positive_int(_inst, attribute, value)
    if value > MAX_MONTHS:
        fail(attribute, f"{value} months is more than {MAX_MONTHS} (a century)")


@described({"type": "integer", "minimum": 1, "maximum": MAX_MONTHS // 12})
def years(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a number of years from 1 to a century."""
    positive_int(_inst, attribute, value)
    if value > MAX_MONTHS // 12:
        fail(attribute, f"{value} years is more than {MAX_MONTHS // 12} (a century)")


def optional(check: Validator) -> Validator:
    """Let ``None`` through, else apply ``check``."""

    def run(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)

    run.kinds = getattr(check, "kinds", ())  # type: ignore[attr-defined]
    if hasattr(check, "schema"):
        run.schema = check.schema  # type: ignore[attr-defined]  # a field left out is None
    return run


@described({"type": "number", "minimum": 0})
def non_negative_number(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is an int or finite float at least zero (not a bool)."""
    if type(value) not in (int, float) or not (0 <= value < float("inf")):
        fail(attribute, f"expected a number of at least 0, got {value!r}")


def instance_of(cls: type, what: str) -> Validator:
    """Check that a value is an instance of ``cls`` (``what`` names it in the message)."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            fail(attribute, f"expected {what}, got {_type_name(value)}")

    return check


def tuple_of(cls: type, what: str) -> Validator:
    """Check that a value is a tuple of instances of ``cls`` (``what`` names them)."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, cls) for v in value):
            fail(attribute, f"expected a tuple of {what}")

    return check


#: Check that a value is ``True`` or ``False`` (not 0 or 1).
flag = described({"type": "boolean"})(instance_of(bool, "true or false"))


@described({"type": "string", "format": "date"})
def a_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a calendar date (not a datetime)."""
    if type(value) is not dt.date:
        fail(attribute, f"expected a date, got {_type_name(value)}")


@described({"type": "array", "items": {"type": "string", "pattern": r"^https?://\S+$"}})
def web_addresses(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a tuple of ``http://`` or ``https://`` addresses.

    Other schemes (``javascript:``, ``file:``) never reach a page or a report as links.
    """
    texts(_inst, attribute, value)
    for url in value:
        if not url.startswith(("http://", "https://")) or any(ch.isspace() for ch in url):
            fail(attribute, f"{url!r} is not a web address (http:// or https://, no spaces)")


def choices_of(choices: Collection[str]) -> Validator:
    """Check that a value is a tuple of distinct members of ``choices``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            fail(attribute, "expected a list of strings")
        wrong = [v for v in value if v not in choices]
        if wrong:
            fail(attribute, f"{wrong[0]!r} is not one of: {', '.join(sorted(choices))}")
        if len(set(value)) != len(value):
            fail(attribute, "lists the same value twice")

    check.schema = {"type": "array", "items": {"enum": sorted(choices)},  # type: ignore[attr-defined]
                    "uniqueItems": True}
    return check


@described({"type": "array", "items": {"type": "string", "format": "date"},
            "uniqueItems": True})
def dates(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a tuple of calendar dates, in order, without repeats."""
    if not isinstance(value, tuple) or not all(type(v) is dt.date for v in value):
        fail(attribute, "expected a list of dates")
    if list(value) != sorted(set(value)):
        fail(attribute, "expected the dates in order, each once")


def key(name: str) -> dict[str, str]:
    """Field metadata naming the field's key in the data format, where it differs."""
    return {"key": name}
