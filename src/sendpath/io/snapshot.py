r"""The snapshot of a shipped package: its checked records as plain JSON, for a fast start.

TOML stays the source of truth. A snapshot holds the records a package's files load to once
every check has passed, under a digest of those files' bytes and of the snapshot's own body
(:func:`digest`). A reader uses it only when that digest is the same for the files it would
otherwise read, so a snapshot that is stale (the data changed since it was built) or was edited
is never used: the files are read instead. (The digest catches staleness and accidents; it is
not a signature, and needs none: whoever can rewrite the snapshot can rewrite sendpath's code.)
A snapshot is JSON, data only: reading one builds nothing but sendpath's own model classes, by
name from an allow-list, and nothing is ever unpickled.

Because the digest shows the records are the ones that passed the checks when the snapshot was
built, they are rebuilt without running the validators again (each field is set as stored).
That, and the C JSON parser in place of the pure-Python TOML parser and cattrs, makes the load
fast. A snapshot is for the shipped data only: a user's package (``sendpath.load(path)``,
``--data``) is always read from its files.

The format (version :data:`SNAPSHOT_FORMAT`): a header line, the JSON object ``{"digest",
"package", "snapshot"}``, then the body, one JSON object with ``info`` (the manifest),
``records`` (the top-level records, one a line) and ``crosswalks``. A model object is a JSON
object with its class under ``"$"`` and its fields that differ from their defaults under their
Python names; a tuple is a list and a date is ``{"$date": "YYYY-MM-DD"}``.

Example:
    >>> import datetime as dt, pathlib, tempfile
    >>> from sendpath.model import PackageInfo, Source
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "package.toml").write_text(
    ...     'name = "mine"\nformat_version = 1\ndata_version = "1"\n')
    >>> snap = Snapshot(package="mine",
    ...                 info=PackageInfo(name="mine", format_version=1, data_version="1"),
    ...                 records=(Source(id="source:x", title="X", publisher="Me", kind="other",
    ...                                 published=dt.date(2026, 1, 2)),),
    ...                 crosswalks=())
    >>> data = dumps(snap, root)
    >>> print(data.decode().splitlines()[3])
    {"$":"Source","id":"source:x","kind":"other","published":{"$date":"2026-01-02"},"publisher":"Me","title":"X"}
    >>> back = loads(data, root)
    >>> back.records == snap.records, back.files_digest == package_digest(root)
    (True, True)
    >>> _ = (root / "package.toml").write_text(
    ...     'name = "mine"\nformat_version = 1\ndata_version = "2"\n')
    >>> loads(data, root)
    Traceback (most recent call last):
    ...
    ValueError: the snapshot was not built from these files as they are now
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from types import MemberDescriptorType
from typing import Any, Final, TypeAlias

import attrs

from sendpath import model
from sendpath._gc import paused
from sendpath.io._files import MANIFEST, record_files
from sendpath.model import Crosswalk, PackageInfo

__all__ = ["SNAPSHOT_FORMAT", "Snapshot", "digest", "dumps", "loads", "package_digest", "read"]

#: The version of the snapshot format; a snapshot of another version is not read.
SNAPSHOT_FORMAT: Final = 1

#: The classes a snapshot may hold, by name: the records and what they are made of.
_CLASSES: Final[dict[str, type]] = {cls.__name__: cls for cls in (
    *model.RECORD_TABLES.values(), *model.REQUIREMENT_TYPES, model.PackageInfo, model.Citation,
    model.Level, model.Outcome, model.Funding, model.ByStart, model.InForce, model.Obligation,
    model.Period,
)}


@attrs.frozen(kw_only=True)
class Snapshot:
    """What a snapshot holds: a package's checked records.

    Attributes:
        package: The package's name (``england``).
        info: The package manifest.
        records: The top-level records (outcomes inside their frameworks, levels in scales).
        crosswalks: The crosswalks, in catalogue order.
        files_digest: The digest of the package's files (:func:`package_digest`), found while
            checking that the snapshot is of them.
    """

    package: str
    info: PackageInfo
    records: tuple[Any, ...]
    crosswalks: tuple[Crosswalk, ...]
    files_digest: str | None = None


def digest(root: Traversable, body: bytes) -> str:
    """Return the digest of a package's files (the manifest, each record file) and a body.

    Each file counts with its path in the package and its length, so renaming, adding or
    removing a file changes the digest as much as editing one does. The hash is BLAKE2b (256
    bits): as strong as SHA-256 and, in software, nearly twice as fast on this data.

    Raises:
        OSError: A file cannot be read.

    Example:
        >>> import sendpath.catalogue as cat
        >>> digest(cat._shipped_root("england"), b"{}")  # doctest: +ELLIPSIS
        'blake2b-256:...'
    """
    h = _files_hash(root)
    h.update(b"snapshot\0")
    h.update(body)
    return f"blake2b-256:{h.hexdigest()}"


def package_digest(*roots: Traversable) -> str:
    """Return the digest of the files of one or more packages (a base package first).

    What every JSON output gives as ``data_digest``: two catalogues read from the same bytes
    have the same digest, and a change to any file changes it.

    Raises:
        OSError: A file cannot be read.

    Example:
        >>> import sendpath.catalogue as cat
        >>> package_digest(cat._shipped_root("england"))  # doctest: +ELLIPSIS
        'blake2b-256:...'
    """
    return _combined(_files_hash(root) for root in roots)


def _combined(hashes: Iterable[hashlib.blake2b]) -> str:
    h = hashlib.blake2b(digest_size=32)
    for each in hashes:
        h.update(each.digest())
    return f"blake2b-256:{h.hexdigest()}"


def _files_hash(root: Traversable) -> hashlib.blake2b:
    return _hash_of(_files_parts(root))


def _files_parts(root: Traversable) -> tuple[bytes, ...]:
    """What the files' digest hashes: each file's path and length, then its bytes."""
    parts: list[bytes] = []
    for rel, item in [(MANIFEST, root / MANIFEST), *record_files(root)]:
        data = item.read_bytes()
        parts += (f"{rel}\0{len(data)}\0".encode(), data)
    return tuple(parts)


#: The hashes worked out so far in this process, by the bytes hashed (at most
#: :data:`_HASHES_KEPT`). A package read again with every file the same, byte for byte, is not
#: hashed again: Python's own hash of the bytes finds the entry (six times faster than
#: BLAKE2b here) and the comparison of the keys, byte for byte, makes the match exact.
_hashes: dict[tuple[bytes, ...], hashlib.blake2b] = {}
_HASHES_KEPT: Final = 8


def _hash_of(parts: tuple[bytes, ...], then: tuple[bytes, ...] = ()) -> hashlib.blake2b:
    """The BLAKE2b (256 bits) of ``parts`` and then ``then``, one after the other (a copy).

    Example:
        >>> abc = hashlib.blake2b(b"abc", digest_size=32).hexdigest()
        >>> _hash_of((b"a", b"b"), (b"c",)).hexdigest() == abc
        True
    """
    key = parts + then
    h = _hashes.get(key)
    if h is None:
        if then:
            h = _hash_of(parts)  # the parts' hash (kept too), carried on
        else:
            h = hashlib.blake2b(digest_size=32)
            parts, then = (), parts
        for part in then:
            h.update(part)
        if len(_hashes) >= _HASHES_KEPT:
            _hashes.clear()
        _hashes[key] = h
    return h.copy()


def dumps(snap: Snapshot, root: Traversable) -> bytes:
    """Return the snapshot of the package at ``root``: its header line, then its body.

    Sorted keys and one record a line, so that a data change reads as a small diff.

    Raises:
        TypeError: A value is of a type a snapshot cannot hold.
        OSError: A file of the package cannot be read.
    """
    lines = [f'{{"info":{_line(_encode(snap.info))},']
    for key, items in (("records", snap.records), ("crosswalks", snap.crosswalks)):
        lines.append(f'"{key}":[')
        lines.append(",\n".join(_line(_encode(item)) for item in items))
        lines.append("],")
    lines[-1] = "]}"
    body = ("\n".join(lines) + "\n").encode()
    header = {"digest": digest(root, body), "package": snap.package, "snapshot": SNAPSHOT_FORMAT}
    return (_line(header) + "\n").encode() + body


def loads(data: bytes, root: Traversable) -> Snapshot:
    """Read the snapshot of the package at ``root``, building each record without checking it.

    Raises:
        ValueError: ``data`` is not a snapshot of this format, or not of the package's files as
            they are now.
        OSError: A file of the package cannot be read.
    """
    head, _newline, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("snapshot") != SNAPSHOT_FORMAT:
            raise ValueError(f"not a sendpath snapshot of format {SNAPSHOT_FORMAT}")
        parts = _files_parts(root)
        files = _hash_of(parts)
        whole = _hash_of(parts, (b"snapshot\0", body))
        if header.get("digest") != f"blake2b-256:{whole.hexdigest()}":
            raise ValueError("the snapshot was not built from these files as they are now")
        with paused():  # thousands of small long-lived objects and no cycles
            doc = json.loads(body, object_hook=_decode)
        return Snapshot(package=header["package"], info=doc["info"],
                        files_digest=_combined([files]),
                        records=tuple(doc["records"]), crosswalks=tuple(doc["crosswalks"]))
    except (KeyError, TypeError, AttributeError) as exc:  # a field of no such name, say
        raise ValueError(f"not a sendpath snapshot: {type(exc).__name__}: {exc}") from None


def read(file: Traversable, root: Traversable) -> Snapshot | None:
    """Return the snapshot in ``file`` if it was built from the package at ``root`` as it is now.

    ``None`` when there is no snapshot, it cannot be read, or it is not of the package's files
    as they are now (stale or edited): the caller then reads the files.

    Example:
        >>> import sendpath.catalogue as cat
        >>> root = cat._shipped_root("england")
        >>> read(cat._snapshot_file("england"), root).info.name
        'england'
        >>> read(root / "no-such-snapshot.json", root) is None
        True
    """
    try:
        return loads(file.read_bytes(), root)
    except (OSError, ValueError):
        return None


def _line(value: Any) -> str:
    # ASCII only (other characters as \u escapes): the parser reads ASCII text fastest
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _encode(value: Any) -> Any:
    """The JSON form of a value of a record (see the module's description of the format)."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is tuple:
        return [_encode(v) for v in value]
    if type(value) is dt.date:
        return {"$date": value.isoformat()}
    cls = type(value)
    if _CLASSES.get(cls.__name__) is not cls:
        raise TypeError(f"a snapshot cannot hold a {cls.__name__}")
    out = {"$": cls.__name__}
    for a in attrs.fields(cls):
        v = getattr(value, a.name)
        if not (type(v) is type(a.default) and v == a.default):
            out[a.name] = _encode(v)
    return out


#: How :func:`_decode` builds one class: the class, then per field its name, its default
#: (``attrs.NOTHING`` if it has none) and its setter.
_Spec: TypeAlias = tuple[type, tuple[tuple[str, Any, Callable[[Any, Any], None]], ...]]


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """Set the field ``name`` of a ``cls`` as ``object.__setattr__`` would, past the frozen class.

    That is through its slot (the first along the class's ``__mro__``), called straight: over
    twice as fast as ``object.__setattr__``, which looks the slot up on every call.
    """
    for klass in cls.__mro__:
        if name in vars(klass):
            slot = vars(klass)[name]
            if isinstance(slot, MemberDescriptorType):
                return slot.__set__
            break
    return lambda inst, value: _set(inst, name, value)  # pragma: no cover - no slotted field


def _specs() -> dict[str, _Spec]:
    """Per class name, how :func:`_decode` builds it."""
    specs = {}
    for name, cls in _CLASSES.items():
        fields = attrs.fields(cls)
        if any(isinstance(a.default, attrs.Factory) for a in fields):  # type: ignore[arg-type]
            raise TypeError(f"a snapshot cannot hold a {name}: a default made by a factory")
        specs[name] = (cls, tuple((a.name, a.default, _setter(cls, a.name)) for a in fields))
    return specs


_set = object.__setattr__
_new = object.__new__
_NOTHING: Final = attrs.NOTHING
_SPECS: Final = _specs()


def _decode(obj: dict[str, Any]) -> Any:
    """Build the model object (or date) a JSON object stands for; the document stays a dict.

    Only the fields of the class may be stored, and every field must be: stored, or left out
    at its default. A list is a tuple.
    """
    name = obj.pop("$", None)
    if name is None:
        if len(obj) == 1 and "$date" in obj:
            return dt.date.fromisoformat(obj["$date"])
        return obj
    cls, fields = _SPECS[name]
    inst: Any = _new(cls)
    take = obj.pop  # each field's key taken out: what is left is no field of the class
    for key, default, set_ in fields:
        value = take(key, default)
        if type(value) is list:
            value = tuple(value)
        elif value is _NOTHING:
            raise ValueError(f"a {name} lacks a required field")
        set_(inst, value)
    if obj:
        raise ValueError(f"not a sendpath snapshot: a {name} has no field {min(obj)!r}")
    return inst
