"""Field validators shared by the model classes.

Each raises :class:`~sendpath.errors.DataError` with one ``invalid-value`` problem that names the
field, so a bad value reads the same whether it came from a file or from Python code. Each also
carries, as its ``schema`` attribute, the JSON Schema of the values it accepts (as far as JSON
Schema can say it), from which :mod:`sendpath.io.schema` builds the formats' schemas: the
check and its schema are written side by side, once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from typing import Any

import attrs

from sendpath._dates import date_problem
from sendpath.errors import DataError, Problem, safe_repr
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
            fail(attribute, f"{safe_repr(value)} is not an id of the form kind:slug "
                            f"(e.g. {kinds[0]}:x)")
        elif value.partition(":")[0] not in kinds:
            fail(attribute, f"{safe_repr(value)} is not a {' or '.join(kinds)} id")

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


#: Characters no free text may hold, as a regular expression class (Python and ECMA 262 alike):
#: the C0 controls but tab and newline, DEL, the C1 controls, the bidirectional overrides and
#: isolates (they reorder what a reader sees) and lone surrogates (no UTF-8 file can hold one,
#: so a record with one could never be written back). Tab and newline are allowed only where
#: text may run over several lines (descriptions and the like), never in a one-line title.
_NEVER = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_MULTI_LINE_BAD = re.compile(f"[{_NEVER}]")
#: Every character no free text may hold (tab and newline apart): importers of other formats
#: drop them (:func:`sendpath.interop._package.plain`).
BAD_CHARACTERS = _MULTI_LINE_BAD
_ONE_LINE_BAD = re.compile(f"[{_NEVER}\\t\\n\\u2028\\u2029]")
#: The JSON Schema of a free text, one line (blank refused) or several.
ONE_LINE_SCHEMA = {"type": "string",
                   "pattern": f"^(?!\\s*$)[^{_NEVER}\\t\\n\\u2028\\u2029]*$"}
MULTI_LINE_SCHEMA = {"type": "string", "pattern": f"^[^{_NEVER}]*$"}


def _bad_character(attribute: attrs.Attribute[Any], value: str, *, one_line: bool) -> None:
    """Refuse a control character or lone surrogate in ``value``, naming it and where it is."""
    found = (_ONE_LINE_BAD if one_line else _MULTI_LINE_BAD).search(value)
    if found is None:
        return
    ch = found.group()
    if one_line and ch in "\n\r\u2028\u2029":
        fail(attribute, "must be a single line")
    what = ("a lone surrogate" if "\ud800" <= ch <= "\udfff"
            else "a bidirectional control" if ch in "\u202a\u202b\u202c\u202d\u202e\u2066"
                                                    "\u2067\u2068\u2069"
            else "a tab" if ch == "\t" else "a control character")
    fail(attribute, f"contains {what} (U+{ord(ch):04X}) at character {found.start() + 1}: free "
                    "text may not hold control characters or lone surrogates, which a terminal "
                    "would act on or a UTF-8 file cannot hold")


@described(ONE_LINE_SCHEMA)
def text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    r"""Check that a value is a non-blank string on one line, without control characters.

    Example:
        >>> import attrs
        >>> @attrs.define
        ... class T:
        ...     title: str = attrs.field(validator=text)
        >>> T("A \x1b[31mred\x1b[0m title")
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 1 problem in the data:
          <input>: title: contains a control character (U+001B) at character 3: ...
    """
    if not isinstance(value, str):
        fail(attribute, f"expected a string, got {_type_name(value)}")
    elif not value.strip():
        fail(attribute, "must not be empty")
    _bad_character(attribute, value, one_line=True)


@described(MULTI_LINE_SCHEMA)
def optional_text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a string (possibly empty, possibly several lines).

    Tabs and newlines are allowed; other control characters and lone surrogates are not.
    """
    if not isinstance(value, str):
        fail(attribute, f"expected a string, got {_type_name(value)}")
    _bad_character(attribute, value, one_line=False)


@described({"type": "array", "items": {"allOf": [MULTI_LINE_SCHEMA,
                                                  {"type": "string", "pattern": r"\S"}]}})
def texts(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a tuple of non-blank strings (tabs and newlines allowed)."""
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        fail(attribute, "expected a list of non-empty strings")
    for item in value:
        _bad_character(attribute, item, one_line=False)


def one_of(choices: Collection[str]) -> Validator:
    """Check that a value is one of ``choices``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in choices:
            fail(attribute, f"{safe_repr(value)} is not one of: {', '.join(sorted(choices))}")

    check.schema = {"enum": sorted(choices)}  # type: ignore[attr-defined]
    return check


#: The largest number sendpath accepts in a count or an amount (``n`` of ``at_least``,
#: ``min_hours`` and ``min_credits``, credits, an RQF level, a count of pupils, hours, a cost in
#: pounds): a million, far beyond any real one, so that a typo or a hostile file (``10**5000``)
#: is caught where it is written, and every sum of such numbers stays exact and short to print.
MAX_NUMBER = 1_000_000


@described({"type": "integer", "minimum": 1, "maximum": MAX_NUMBER})
def positive_int(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a whole number from 1 to :data:`MAX_NUMBER` (not a bool)."""
    if type(value) is not int or value <= 0:
        fail(attribute, f"expected a whole number above 0, got {safe_repr(value)}")
    elif value > MAX_NUMBER:
        fail(attribute, f"{safe_repr(value)} is more than {MAX_NUMBER:,}, the largest number "
                        "sendpath accepts (far beyond any real count; a typo?)")


#: The longest period sendpath accepts, in months: a century, far beyond any career or rule,
#: and short enough that every date it reaches is a real one.
MAX_MONTHS = 1200


@described({"type": "integer", "minimum": 1, "maximum": MAX_MONTHS})
def months(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a number of months from 1 to :data:`MAX_MONTHS`."""
    if type(value) is int and value > MAX_MONTHS:
        fail(attribute, f"{safe_repr(value)} months is more than {MAX_MONTHS} (a century)")
    positive_int(_inst, attribute, value)


@described({"type": "integer", "minimum": 1, "maximum": MAX_MONTHS // 12})
def years(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a number of years from 1 to a century."""
    if type(value) is int and value > MAX_MONTHS // 12:
        fail(attribute, f"{safe_repr(value)} years is more than {MAX_MONTHS // 12} (a century)")
    positive_int(_inst, attribute, value)


def optional(check: Validator) -> Validator:
    """Let ``None`` through, else apply ``check``."""

    def run(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)

    run.kinds = getattr(check, "kinds", ())  # type: ignore[attr-defined]
    if hasattr(check, "schema"):
        run.schema = check.schema  # type: ignore[attr-defined]  # a field left out is None
    return run


@described({"type": "number", "minimum": 0, "maximum": MAX_NUMBER})
def non_negative_number(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is an int or finite float from 0 to :data:`MAX_NUMBER` (not a bool)."""
    if type(value) not in (int, float) or not (0 <= value < float("inf")):
        fail(attribute, f"expected a number of at least 0, got {safe_repr(value)}")
    elif value > MAX_NUMBER:
        fail(attribute, f"{safe_repr(value)} is more than {MAX_NUMBER:,}, the largest number "
                        "sendpath accepts (far beyond any real amount; a typo?)")


def instance_of(cls: type, what: str) -> Validator:
    """Check that a value is an instance of ``cls`` (``what`` names it in the message)."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            fail(attribute, f"expected {what}, got {_type_name(value)}")

    return check


def tuple_of(cls: type, what: str, *, most: int | None = None) -> Validator:
    """Check that a value is a tuple of instances of ``cls`` (``what`` names them).

    With ``most``, a tuple of more than ``most`` items is refused too.
    """

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, cls) for v in value):
            fail(attribute, f"expected a tuple of {what}")
        if most is not None and len(value) > most:
            fail(attribute, f"holds {len(value):,} {what}, more than {most:,}")

    if most is not None:
        check.schema = {"maxItems": most}  # type: ignore[attr-defined]
    return check


#: Check that a value is ``True`` or ``False`` (not 0 or 1).
flag = described({"type": "boolean"})(instance_of(bool, "true or false"))


#: The JSON Schema of a date: the years of :data:`sendpath._dates.FIRST_DATE` to
#: :data:`~sendpath._dates.LAST_DATE` (1900 to 2199; why, there).
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^(?:19|2[01])\d\d-"}


@described(DATE_SCHEMA)
def a_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a calendar date (not a datetime) from 1900 to 2199."""
    if type(value) is not dt.date:
        fail(attribute, f"expected a date, got {_type_name(value)}")
    problem = date_problem(value)
    if problem:
        fail(attribute, problem)


@described({"type": "array", "items": {"type": "string", "pattern": r"^https?://\S+$"}})
def web_addresses(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a tuple of ``http://`` or ``https://`` addresses.

    Other schemes (``javascript:``, ``file:``) never reach a page or a report as links.
    """
    texts(_inst, attribute, value)
    for url in value:
        if not url.startswith(("http://", "https://")) or any(ch.isspace() for ch in url):
            fail(attribute, f"{safe_repr(url)} is not a web address (http:// or https://, "
                            "no spaces)")


def choices_of(choices: Collection[str]) -> Validator:
    """Check that a value is a tuple of distinct members of ``choices``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            fail(attribute, "expected a list of strings")
        wrong = [v for v in value if v not in choices]
        if wrong:
            fail(attribute, f"{safe_repr(wrong[0])} is not one of: {', '.join(sorted(choices))}")
        if len(set(value)) != len(value):
            fail(attribute, "lists the same value twice")

    check.schema = {"type": "array", "items": {"enum": sorted(choices)},  # type: ignore[attr-defined]
                    "uniqueItems": True}
    return check


@described({"type": "array", "items": DATE_SCHEMA, "uniqueItems": True})
def dates(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Check that a value is a tuple of calendar dates from 1900 to 2199, in order, each once."""
    if not isinstance(value, tuple) or not all(type(v) is dt.date for v in value):
        fail(attribute, "expected a list of dates")
    for day in value:
        problem = date_problem(day)
        if problem:
            fail(attribute, problem)
    if list(value) != sorted(set(value)):
        fail(attribute, "expected the dates in order, each once")


def key(name: str) -> dict[str, str]:
    """Field metadata naming the field's key in the data format, where it differs."""
    return {"key": name}
