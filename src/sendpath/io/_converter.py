"""The private, strict cattrs converter and its error reporting.

Strict means: no coercion (``5`` is not a string, ``"5"`` is not a number, ``true`` is not 1),
unknown keys are errors, lists must be lists and tables must be tables. Every problem cattrs
collects comes back as a :class:`~sendpath.errors.Problem` with the field path written with the
data format's own key names (``obligation``, not ``obligations``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import typing
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from sendpath.errors import DataError, Problem, safe_repr
from sendpath.ids import is_id
from sendpath.model import (
    REQUIREMENT_TYPES,
    Experience,
    InForce,
    Ref,
    Requirement,
)

T = TypeVar("T")

def _key(cl: Any, name: str) -> str:
    """The data-format key of ``cl``'s field ``name`` (:func:`sendpath.model.data_key`).

    ``name`` itself when ``cl`` is not a model class or ``name`` not one of its fields.
    """
    if isinstance(cl, type) and attrs.has(cl):
        return _keys(cl).get(name, name)
    return name


@cache
def _keys(cl: type) -> dict[str, str]:
    """Each field's data-format key, by field name (read once per class: errors use it a lot)."""
    return {a.name: str(a.metadata.get("key", a.name)) for a in attrs.fields(cl)}

# The file format of each node type, from the model's own KEY and FORM (one table each):
# wrapped nodes have their fields under one key, { at_least = { n = 2, of = [...] } }; flat
# ones beside it, { holds = "qual:x", started_before = ... }; experience mixes the two.
_WRAPPED: dict[str, type] = {t.KEY: t for t in REQUIREMENT_TYPES if t.FORM == "wrapped"}
_FLAT: dict[str, type] = {t.KEY: t for t in REQUIREMENT_TYPES if t.FORM == "flat"}
_NODE_KEYS = (*_FLAT, *_WRAPPED, Experience.KEY)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TYPE_WORDS = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


class WrongTypeError(TypeError):
    """A value of the wrong type; the message says what was expected and what came."""

    code = "wrong-type"


class NonFiniteError(WrongTypeError):
    """NaN or an infinity (TOML's ``nan`` and ``inf``, JSON's ``NaN``, ``Infinity``, ``1e400``)."""

    code = "non-finite-number"


class BadRequirementError(ValueError):
    """A requirement node of no known form."""

    code = "invalid-requirement"


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {safe_repr(value)}"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    return f"{type(value).__name__} {safe_repr(value)}"


def _strict(kind: type) -> Callable[[Any, type], Any]:
    def hook(value: Any, _t: type) -> Any:
        ok = type(value) is kind or (kind is float and type(value) is int)
        if not ok:
            raise WrongTypeError(f"expected {_TYPE_WORDS[kind]}, got {_describe(value)}")
        if type(value) is float and not math.isfinite(value):  # an int is finite (and may be
            # too large for a float: the model's checks say so, with the largest allowed)
            raise NonFiniteError(f"expected a finite number, got {value!r}")
        return value

    return hook


def _structure_date(value: Any, _t: type) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise WrongTypeError(f"{value!r} is not a real date ({exc})") from None
    raise WrongTypeError(f"expected a date (YYYY-MM-DD), got {_describe(value)}")


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    item = typing.get_args(t)[0]
    inner = conv.get_structure_hook(list[item])  # type: ignore[valid-type]

    def hook(value: Any, _t: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise WrongTypeError(f"expected a list, got {_describe(value)}")
        return tuple(inner(value, list[item]))  # type: ignore[valid-type]

    return hook


def _class_factory(cl: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    renames = {a.name: override(rename=_key(cl, a.name)) for a in attrs.fields(cl)
               if _key(cl, a.name) != a.name}
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cl, conv, _cattrs_forbid_extra_keys=True, **renames  # type: ignore[arg-type]
    )
    what = _class_word(cl)

    def hook(value: Any, _t: Any) -> Any:
        if type(value) is not dict:
            raise WrongTypeError(f"expected a table ({what}), got {_describe(value)}")
        try:
            return inner(value, cl)
        except ClassValidationError as exc:
            with_notes, without = exc.group_exceptions()
            if not all(isinstance(e, (DataError, ForbiddenExtraKeysError)) for e in without):
                raise
            # Some fields did not structure, a key is unknown, or a validator refused a value;
            # whichever, check every other field too, so that one record reports all its
            # problems at once (an unknown key hides nothing).
            bad = {note.name for _e, note in with_notes}
            found = list(problems_from(ClassValidationError(
                exc.message, [e for e, _n in with_notes], cl), cl)) if with_notes else []
            found += [p for e in without if isinstance(e, ForbiddenExtraKeysError)
                      for p in _problems_for("", e, cl)]
            refused = _every_refusal(cl, value, conv, skip=bad)
            if not with_notes and not refused:
                refused = [p for e in without if isinstance(e, DataError) for p in e.problems]
            found += [attrs.evolve(p, field=_key(cl, p.field) if p.field else p.field)
                      for p in refused]
            raise DataError(found) from None

    return hook


def _every_refusal(cl: type, value: dict[str, Any], conv: cattrs.Converter, *,
                   skip: set[str]) -> list[Problem]:
    """Run each field's validator on its own, so one record reports all its bad values.

    attrs stops at the first validator that fails; this runs on that error path only. Each
    field is structured alone (it structured cleanly before, or cattrs would have reported
    it), set on a bare instance with the defaults of the fields the table leaves out, and
    checked; the class-wide checks of ``__attrs_post_init__`` follow if every field passed.
    Fields in ``skip`` (those that did not structure) are left out.
    """
    inst: Any = object.__new__(cl)
    for a in attrs.fields(cl):
        key = _key(cl, a.name)
        if a.name in skip:
            field_value = None  # it did not structure: reported already, never checked here
        elif key in value:
            field_value = conv.structure(value[key], a.type)
        elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            field_value = a.default.factory()
        else:
            field_value = a.default
        object.__setattr__(inst, a.name, field_value)
    problems: list[Problem] = []
    for a in attrs.fields(cl):
        if a.validator is None or a.name in skip:
            continue
        try:
            a.validator(inst, a, getattr(inst, a.name))
        except DataError as exc:
            problems.extend(exc.problems)
    if not problems and not skip and hasattr(inst, "__attrs_post_init__"):
        try:
            inst.__attrs_post_init__()
        except DataError as exc:
            problems.extend(exc.problems)
    return problems


def _unstructure_factory(cl: type, conv: cattrs.Converter) -> Callable[[Any], Any]:
    renames = {a.name: override(rename=_key(cl, a.name)) for a in attrs.fields(cl)
               if _key(cl, a.name) != a.name}
    return make_dict_unstructure_fn(
        cl, conv, _cattrs_omit_if_default=True, **renames  # type: ignore[arg-type]
    )


def _class_word(cl: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cl.__name__).lower()


def _is_requirement(t: Any) -> bool:
    return bool(t == Requirement or t == (Requirement | None))


def _keys_of(cl: type) -> list[str]:
    return [_key(cl, a.name) for a in attrs.fields(cl)]


def _wrap(exc: Exception, key: str, cl: type) -> ClassValidationError:
    """Put ``exc`` under ``key`` so the error path reads ``...key.field``."""
    exc.__notes__ = [*getattr(exc, "__notes__", []), AttributeValidationNote(key, key, cl)]
    return ClassValidationError(f"While structuring {cl.__name__}", [exc], cl)


def _make_requirement_hook(conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _t: Any) -> Requirement | None:
        if value is None and _t != Requirement:
            return None
        if isinstance(value, str):
            if not is_id(value):
                raise BadRequirementError(
                    f"{safe_repr(value)} is not an id (write kind:slug, e.g. qual:qts)"
                )
            return Ref(id=value)
        if type(value) is not dict:
            raise WrongTypeError(f"expected an id or a requirement table, got {_describe(value)}")
        keys = [k for k in value if k in _NODE_KEYS]
        if len(keys) != 1:
            got = ", ".join(sorted(value)) or "no keys"
            hint = ""
            for k in value:
                close = difflib.get_close_matches(k, _NODE_KEYS, n=1)
                if close and k not in _NODE_KEYS:
                    hint = f" (did you mean {close[0]!r}?)"
                    break
            raise BadRequirementError(
                f"a requirement table needs exactly one of {', '.join(_NODE_KEYS)}; "
                f"got {got}{hint}"
            )
        key = keys[0]
        if key in _FLAT:
            return conv.structure(value, _FLAT[key])
        beside = {"in_force"} | ({"months", "hours"} if key == "experience" else set())
        extra = sorted(set(value) - {key} - beside)
        if not extra:
            return node(key, value)
        unknown = ForbiddenExtraKeysError("", dict, set(extra))
        try:  # the node itself too, so that an unknown key beside it hides none of its problems
            node(key, {k: v for k, v in value.items() if k not in extra})
        except Exception as exc:  # reported with the unknown key, below
            raise ClassValidationError("While structuring a requirement", [unknown, exc],
                                       _WRAPPED.get(key, Experience)) from None
        raise unknown

    def node(key: str, value: dict[str, Any]) -> Requirement:
        """The wrapped or experience node ``key`` of ``value`` (no unknown key beside it)."""
        cl = _WRAPPED.get(key, Experience)
        inner = value[key]
        if type(inner) is dict and "in_force" in inner:  # it sits beside the key, not inside
            raise _wrap(ForbiddenExtraKeysError("", cl, {"in_force"}), key, cl)
        if key == "experience":
            if type(inner) is not dict:
                raise _wrap(WrongTypeError(f"expected a table, got {_describe(inner)}"), key, cl)
            wrong = sorted(set(inner) - {"role", "kind"})
            if wrong:
                raise _wrap(ForbiddenExtraKeysError("", cl, set(wrong)), key, cl)
            flat = {**inner, **{k: value[k] for k in value if k != key}}
            return conv.structure(flat, cl)
        if "in_force" in value and type(inner) is dict:
            inner = {**inner, "in_force": value["in_force"]}
        try:
            return conv.structure(inner, cl)
        except Exception as exc:
            raise _wrap(exc, key, cl) from None

    return structure


def _unstructure_requirement(conv: cattrs.Converter) -> Callable[[Any], Any]:
    def unstructure(node: Any) -> Any:
        if node is None:
            return None
        if node.FORM == "leaf":  # a bare id
            return node.id
        beside = ({"in_force": conv.unstructure(node.in_force, InForce)}
                  if node.in_force is not None else {})
        fields = conv.unstructure(node, type(node))
        fields.pop("in_force", None)
        children = node.children()
        if node.FORM == "flat" and children:  # all, any: the children under the key
            return {node.KEY: [unstructure(n) for n in children], **beside}
        if node.FORM == "wrapped":
            if children:  # at_least: its n, and its children as written
                fields["of"] = [unstructure(n) for n in children]
            return {node.KEY: fields, **beside}
        if node.FORM == "experience":
            scope = {k: fields.pop(k) for k in ("role", "kind") if k in fields}
            return {node.KEY: scope, **fields, **beside}
        return {**fields, **beside}

    return unstructure


@cache
def converter() -> cattrs.Converter:
    """Return the converter (built once; private to sendpath, never cattrs' global one)."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind in (str, int, float, bool):
        conv.register_structure_hook(kind, _strict(kind))
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_factory)
    conv.register_structure_hook_factory(attrs.has, _class_factory)
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_factory)
    conv.register_structure_hook_func(_is_requirement, _make_requirement_hook(conv))
    conv.register_unstructure_hook_func(_is_requirement, _unstructure_requirement(conv))
    return conv


def structure(value: Any, cl: type[T]) -> T:
    """Structure ``value`` into ``cl`` or raise one DataError listing every problem.

    Example:
        >>> from sendpath.model import Citation
        >>> structure({"source": "source:x", "locator": "p. 2"}, Citation).locator
        'p. 2'
        >>> structure({"source": 5, "page": 2}, Citation)
        Traceback (most recent call last):
        ...
        sendpath.errors.DataError: 2 problems in the data:
          <input>: source: expected a string, got int 5 [wrong-type]
          <input>: page: unknown field 'page' [unknown-field]
    """
    try:
        return converter().structure(value, cl)
    except Exception as exc:  # cattrs raises groups, and raw errors at the top level
        raise DataError(list(problems_from(exc, cl))) from None


def unstructure(value: Any, cl: type | None = None) -> Any:
    """Return the JSON-ready form of a model object (dates as ISO strings, defaults left out).

    Example:
        >>> from sendpath.model import Holds
        >>> import datetime as dt
        >>> unstructure(Holds(holds="qual:nasenco", started_before=dt.date(2024, 9, 1)))
        {'holds': 'qual:nasenco', 'started_before': '2024-09-01'}
    """
    conv = converter()
    if cl is None and isinstance(value, REQUIREMENT_TYPES):
        cl = Requirement  # type: ignore[assignment]  # the data form of a node, not its fields
    return conv.unstructure(value) if cl is None else conv.unstructure(value, cl)


def problems_from(exc: BaseException, cl: type) -> Iterator[Problem]:
    """Turn whatever structuring raised into located problems (field paths in data-format keys).

    Example:
        >>> from sendpath.model import Crosswalk
        >>> try:
        ...     converter().structure({"from": 5, "to": "outcome:ts/5", "relation": "exact"},
        ...                           Crosswalk)
        ... except Exception as exc:
        ...     print(*problems_from(exc, Crosswalk))
        <input>: from: expected a string, got int 5 [wrong-type]
    """
    for path, err, owner in _walk(exc, "", cl):
        yield from _problems_for(path, err, owner)


def _walk(
    exc: BaseException, path: str, cl: type | None
) -> Iterator[tuple[str, BaseException, type | None]]:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            key = _key(exc.cl, note.name)
            yield from _walk(inner, _join(path, key), note.type if attrs.has(note.type) else exc.cl)
        for inner in without:
            yield from _walk(inner, path, exc.cl)
    elif isinstance(exc, IterableValidationError):
        with_inotes, without_i = exc.group_exceptions()
        for inner, inote in with_inotes:
            yield from _walk(inner, f"{path}[{inote.index!r}]", cl)
        for inner in without_i:
            yield from _walk(inner, path, cl)
    else:
        yield path, exc, cl


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _problems_for(path: str, exc: BaseException, owner: type | None) -> Iterator[Problem]:
    field = path or None
    if isinstance(exc, DataError):
        for p in exc.problems:
            # An unknown key is written as the data has it: never a field name to translate.
            key = _key(owner, p.field) if owner and p.field and p.code != "unknown-field" \
                else p.field
            sub = _join(path, key) if key else path
            yield attrs.evolve(p, field=sub or None)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = _keys_of(exc.cl) if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields, key=repr):  # keys from Python may be any type
            close = difflib.get_close_matches(key, allowed, n=1) if isinstance(key, str) else []
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield Problem(code="unknown-field", message=f"unknown field {safe_repr(key)}{hint}",
                          field=_join(path, key if isinstance(key, str) else safe_repr(key)))
    elif isinstance(exc, KeyError):
        yield Problem(code="missing-field", message="required field missing", field=field)
    elif isinstance(exc, (WrongTypeError, BadRequirementError)):
        yield Problem(code=exc.code, message=str(exc), field=field)
    elif isinstance(exc, TypeError) and "required keyword-only argument" in str(exc):
        yield Problem(code="missing-field", message="required field missing", field=field)
    else:
        yield Problem(code="invalid-value", message=str(exc) or type(exc).__name__, field=field)
