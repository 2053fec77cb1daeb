"""JSON Schemas of the data package and profile formats, generated from the model.

Nothing here is written by hand: each object is a model class (its attrs fields, their types,
their data-format keys and defaults), each constraint comes from the check the model runs
(every validator in ``sendpath.model._checks`` carries the JSON Schema of what it accepts),
and each description from the class's docstring. So the schema changes when the model does.

A schema is a first check, for an editor: what JSON Schema cannot say (a reference to a record
that does not exist, dates in order, a cycle of requirements) is left to ``sendpath validate``,
which checks everything. TOML files are checked through a TOML-to-JSON step (dates become
``YYYY-MM-DD`` text, which the schema expects).

Example:
    >>> schema = package_schema()
    >>> schema["$schema"], sorted(schema["$defs"]["RecordFile"]["properties"])[:3]
    ('https://json-schema.org/draft/2020-12/schema', ['activity', 'area', 'crosswalk'])
    >>> profile_schema()["$defs"]["Holding"]["properties"]["id"]["pattern"]  # doctest: +ELLIPSIS
    '^(?:(?:qual|activity):)?[a-z0-9]+...'
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Final

import attrs

__all__ = ["DIALECT", "package_schema", "profile_schema"]

#: The JSON Schema dialect of the schemas.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_SCALARS: Final[Mapping[Any, dict[str, Any]]] = {
    str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"},
    bool: {"type": "boolean"}, dt.date: {"type": "string", "format": "date"},
}


def package_schema() -> dict[str, Any]:
    """Return the JSON Schema of a data package's files: ``package.toml`` or a record file.

    A record file is a table of record lists (``[[role]]``, ``[[framework]]`` ...); the
    manifest is :class:`~sendpath.model.PackageInfo`. Either validates.

    Example:
        >>> import jsonschema
        >>> schema = package_schema()
        >>> jsonschema.validate({"role": [{"id": "role:x", "title": "X",
        ...                                "sources": [{"source": "source:s"}]}]}, schema)
        >>> jsonschema.validate({"role": [{"id": "qual:x", "title": "X"}]}, schema)
        Traceback (most recent call last):
        ...
        jsonschema.exceptions.ValidationError: ...
    """
    from sendpath.model import RECORD_TABLES, PackageInfo  # noqa: PLC0415

    b = _Builder()
    manifest = b.ref(PackageInfo)
    b.defs["RecordFile"] = {
        "type": "object",
        "description": "A record file of a data package: lists of records by kind.",
        "properties": {table: {"type": "array", "items": b.ref(cls)}
                       for table, cls in sorted(RECORD_TABLES.items())},
        "additionalProperties": False,
    }
    return {"$schema": DIALECT, "$id": "urn:sendpath:schema:package:1",
            "title": "sendpath data package file (format_version 1)",
            "description": "package.toml (the manifest) or a record file of a sendpath data "
                           "package. `sendpath validate` checks what a schema cannot: "
                           "references, dates in order, cycles.",
            "anyOf": [manifest, {"$ref": "#/$defs/RecordFile"}], "$defs": b.sorted_defs()}


def profile_schema() -> dict[str, Any]:
    """Return the JSON Schema of a profile file (a person's dated record).

    Id fields of a profile may be short names (``senco``), resolved against the data when the
    profile is read, so the schema accepts a bare slug there.

    Example:
        >>> import jsonschema
        >>> jsonschema.validate({"roles": [{"id": "senco", "since": "2025-01-06"}]},
        ...                     profile_schema())
    """
    from sendpath.io.profile import ID_FIELDS  # noqa: PLC0415
    from sendpath.model import PROFILE_TABLES, Profile  # noqa: PLC0415

    short = {(PROFILE_TABLES[table], field): kinds for table, (field, kinds) in ID_FIELDS.items()}
    b = _Builder(short_ids=short)
    top = b.ref(Profile)
    return {"$schema": DIALECT, "$id": "urn:sendpath:schema:profile:1",
            "title": "sendpath profile", "description": b.defs["Profile"]["description"],
            **top, "$defs": b.sorted_defs()}


class _Builder:
    """Collects a ``$defs`` entry per model class met, each built once."""

    def __init__(self,
                 short_ids: Mapping[tuple[type, str], tuple[str, ...]] | None = None) -> None:
        self.defs: dict[str, Any] = {}
        self.short_ids = short_ids or {}

    def sorted_defs(self) -> dict[str, Any]:
        return dict(sorted(self.defs.items()))

    def ref(self, cls: type, *, name: str | None = None,
            leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        name = name or cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # taken, so that a class that contains itself ends
            self.defs[name] = self._object(cls, leave_out)
        return {"$ref": f"#/$defs/{name}"}

    def _object(self, cls: type, leave_out: tuple[str, ...]) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        docs = _attribute_docs(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for a in attrs.fields(cls):
            key = str(a.metadata.get("key", a.name))
            if a.name in leave_out or key in leave_out:
                continue
            schema = self._field(cls, a, hints[a.name])
            if a.name in docs:
                schema = {"description": _plain(docs[a.name]), **schema}
            properties[key] = schema
            if a.default is attrs.NOTHING:
                required.append(key)
        out: dict[str, Any] = {"type": "object", "description": _summary(cls),
                               "properties": properties, "additionalProperties": False}
        if required:
            out["required"] = required
        return out

    def _field(self, cls: type, a: attrs.Attribute[Any], hint: Any) -> dict[str, Any]:
        from sendpath.model._checks import id_schema  # noqa: PLC0415

        if (cls, a.name) in self.short_ids:
            return id_schema(self.short_ids[cls, a.name], short=True)
        kind: str = getattr(cls, "KIND", "")
        if a.name == "id" and kind:  # a record's own id
            return id_schema((kind,))
        return {**self._hint(hint), **_checked(a.validator)}

    def _hint(self, hint: Any) -> dict[str, Any]:
        from sendpath.model import REQUIREMENT_TYPES  # noqa: PLC0415

        args = [t for t in typing.get_args(hint) if t is not type(None)]
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            if set(args) == set(REQUIREMENT_TYPES):
                return self._requirement()
            if len(args) == 1:  # X | None: a field left out
                return self._hint(args[0])
        if typing.get_origin(hint) is tuple:
            return {"type": "array", "items": self._hint(args[0])}
        if hint in _SCALARS:
            return dict(_SCALARS[hint])
        if isinstance(hint, type) and attrs.has(hint):
            return self.ref(hint)
        raise TypeError(f"no JSON Schema for {hint!r}")  # a new kind of field: teach it here

    def _requirement(self) -> dict[str, Any]:
        """A requirement, in each node's own file form (see the data format)."""
        from sendpath.model import REQUIREMENT_TYPES  # noqa: PLC0415

        if "Requirement" in self.defs:
            return {"$ref": "#/$defs/Requirement"}
        self.defs["Requirement"] = {}
        forms = [self._node(t) for t in REQUIREMENT_TYPES]
        self.defs["Requirement"] = {
            "description": "A requirement: an id, or a table with exactly one of the node keys.",
            "anyOf": forms}
        return {"$ref": "#/$defs/Requirement"}

    def _node(self, t: Any) -> dict[str, Any]:
        hints = typing.get_type_hints(t)
        if t.FORM == "leaf":  # a bare id
            (a,) = attrs.fields(t)
            return self._field(t, a, hints[a.name])
        if t.FORM == "flat":  # the key is one of the fields
            return self.ref(t)
        if t.FORM == "wrapped":
            # { at_least = { n = 2, of = [...] } }, in_force beside
            in_force = self._hint(hints["in_force"])
            inner = self.ref(t, name=f"{t.__name__}Fields", leave_out=("in_force",))
            return {"type": "object", "description": _summary(t),
                    "properties": {t.KEY: inner, "in_force": in_force},
                    "required": [t.KEY], "additionalProperties": False}
        # experience: { experience = { role, kind }, months, hours, in_force }
        scope = self.ref(t, name=f"{t.__name__}Scope",
                         leave_out=tuple(a.name for a in attrs.fields(t)
                                         if a.name not in ("role", "kind")))
        amount = self._object(t, ("role", "kind"))
        return {**amount, "properties": {t.KEY: scope, **amount["properties"]},
                "required": [t.KEY]}


def _checked(validator: Any) -> dict[str, Any]:
    """The JSON Schema the model's checks of a field carry (several merged, for a list)."""
    if validator is None:
        return {}
    inner = getattr(validator, "_validators", None)  # attrs' and_() of a list of checks
    if inner is not None:
        merged: dict[str, Any] = {}
        for v in inner:
            merged.update(_checked(v))
        return merged
    return dict(getattr(validator, "schema", {}))


def _summary(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return _plain(" ".join(doc.split("\n\n")[0].split()))


_ROLE = re.compile(r":\w+:`~?([^`]+)`")


def _plain(text: str) -> str:
    """Docstring text for an editor's tooltip: reST roles and double backticks made plain."""
    return _ROLE.sub(lambda m: m.group(1).rsplit(".", 1)[-1], text).replace("``", "`")


_ATTRIBUTE = re.compile(r"^ {8}(\w+): (.*)$")


def _attribute_docs(cls: type) -> dict[str, str]:
    """Each field's description from the class docstring's ``Attributes:`` section."""
    out: dict[str, str] = {}
    current = None
    in_section = False
    for line in (cls.__doc__ or "").splitlines():
        if line.strip() == "Attributes:":
            in_section = True
            continue
        if not in_section:
            continue
        match = _ATTRIBUTE.match(line)
        if match:
            current = match.group(1)
            out[current] = match.group(2).strip()
        elif line.startswith(" " * 12) and current is not None:
            out[current] += " " + line.strip()
        elif line.strip():
            break
    return out
