"""The exceptions sendpath raises: one root, a few leaves.

Every exception sendpath raises on purpose is a :class:`SendpathError`, so a caller can catch
"anything from sendpath" in one clause. The leaves also subclass the builtin whose meaning fits,
so ``except LookupError`` and ``except ValueError`` keep working.

Example:
    >>> from sendpath.errors import DataError, Problem
    >>> err = DataError([Problem(code="missing-field", message="required field missing",
    ...                          file="roles.toml", record="role:senco", field="title")])
    >>> isinstance(err, ValueError)
    True
    >>> print(err)
    1 problem in the data:
      roles.toml: role:senco: title: required field missing [missing-field]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "UNSAFE",
    "AmbiguousIdError",
    "DataError",
    "NoRouteError",
    "Problem",
    "SendpathError",
    "UnknownIdError",
    "WriteError",
    "WrongKindError",
    "capped",
    "render_problems",
    "safe_repr",
    "safe_text",
]

#: How many problems ``str(DataError)`` shows before it summarises the rest.
MAX_SHOWN = 50
#: The most problems a report lists for one file (:func:`capped`), and the most a package
#: file's records are checked for: a thousand problems are more than anyone fixes before
#: checking again, and each costs a report, so a file of 50,000 broken records is refused in a
#: moment, not in a minute, on the terminal and in ``--json``.
MAX_PROBLEMS = 1_000


class SendpathError(Exception):
    """Root of every error sendpath raises on purpose.

    Example:
        >>> from sendpath.errors import SendpathError, UnknownIdError
        >>> issubclass(UnknownIdError, SendpathError)
        True
    """


class UnknownIdError(SendpathError, LookupError):
    """An id (or short name) that names nothing in the catalogue.

    Attributes:
        ref: The reference as the caller wrote it.
        kind: The kind the reference was resolved in, if one was implied.
        candidates: Close matches, best first (full ids).

    Example:
        >>> err = UnknownIdError("sencoo", candidates=["role:senco"])
        >>> str(err)
        "unknown id 'sencoo' (did you mean role:senco?)"
    """

    def __init__(
        self, ref: str, *, kind: str | None = None, candidates: Sequence[str] = ()
    ) -> None:
        self.ref = ref
        self.kind = kind
        self.candidates = tuple(candidates)
        super().__init__(self._message())

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle by the constructor's arguments (the default would pass the message as ``ref``).
        return (_rebuild_unknown, (type(self), self.ref, self.kind, self.candidates))

    def _message(self) -> str:
        what = f"unknown {self.kind} id" if self.kind else "unknown id"
        text = f"{what} {safe_repr(self.ref)}"
        if self.candidates:
            text += f" (did you mean {' or '.join(self.candidates)}?)"
        return text


class AmbiguousIdError(UnknownIdError):
    """A short name that matches ids of several kinds; qualify it with the kind.

    Example:
        >>> str(AmbiguousIdError("senco", candidates=["qual:senco", "role:senco"]))
        "ambiguous id 'senco': it could be qual:senco or role:senco"
    """

    def _message(self) -> str:
        return (
            f"ambiguous id {safe_repr(self.ref)}: it could be {' or '.join(self.candidates)}"
        )


class WrongKindError(UnknownIdError):
    """An id of a kind the context does not take (a qualification given as a start role).

    ``candidates`` holds the ids the reference does name.

    Example:
        >>> str(WrongKindError("npq-senco", kind="role", candidates=["qual:npq-senco"]))
        "'npq-senco' names qual:npq-senco, not a role"
        >>> str(WrongKindError("area:vi", kind="role", candidates=["area:vi"]))
        "'area:vi' is not a role"
    """

    def _message(self) -> str:
        if tuple(self.candidates) == (self.ref.lower(),):  # a full id: no need to repeat it
            return f"{safe_repr(self.ref)} is not a {self.kind}"
        return f"{safe_repr(self.ref)} names {' or '.join(self.candidates)}, not a {self.kind}"


class NoRouteError(SendpathError):
    """A query that must return one answer found none.

    Example:
        >>> str(NoRouteError("no route from role:hlta to role:senco"))
        'no route from role:hlta to role:senco'
    """


class WriteError(SendpathError, OSError):
    """A file could not be written; the original, if any, is left as it was.

    Example:
        >>> issubclass(WriteError, OSError)
        True
    """


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with an input, located as precisely as sendpath can.

    Attributes:
        code: A stable machine-readable code, e.g. ``missing-field``, ``unknown-field``,
            ``wrong-type``, ``duplicate-id``, ``unknown-reference``, ``syntax``.
        message: What is wrong, in words.
        file: The file it is in (as given, or relative to the package folder).
        record: The id of the record it is in, when known.
        field: The path of the field inside the record, e.g. ``requires.any[0].holds``.
        line: The 1-based line, when the parser or the loader knows it.
        column: The 1-based column, when the parser knows it.

    Example:
        >>> Problem(code="syntax", message="invalid value", file="a.toml", line=3, column=7).where()
        'a.toml:3:7'
    """

    code: str
    message: str
    file: str | None = None
    record: str | None = None
    field: str | None = None
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        """Return the location as ``file:line:column``, leaving out what is unknown."""
        parts = [safe_text(self.file) if self.file else "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        r"""The problem in one line, every name and value in it safe for a terminal.

        Example:
            >>> print(Problem(code="syntax", message="bad", file="a" + chr(0x202E) + "b.toml",
            ...               record="role:" + "x" * 300))  # doctest: +ELLIPSIS
            a\u202eb.toml: role:xxx...xxx... (305 characters): bad [syntax]
        """
        head = ": ".join(safe_text(p) for p in (self.record, self.field) if p)
        head = f"{self.where()}: {head}" if head else self.where()
        return f"{head}: {safe_text(self.message, None)} [{safe_text(self.code)}]"

    def to_dict(self) -> dict[str, str | int]:
        """Return the problem as a JSON-ready mapping without empty fields.

        Example:
            >>> Problem(code="syntax", message="bad", line=1).to_dict()
            {'code': 'syntax', 'message': 'bad', 'line': 1}
        """
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


class DataError(SendpathError, ValueError):
    """Invalid input data: every problem found in one phase, reported at once.

    Attributes:
        problems: The problems, in file and document order.

    Example:
        >>> err = DataError([Problem(code="duplicate-id", message="role:senco is defined twice",
        ...                          file="roles.toml", line=40)])
        >>> isinstance(err, ValueError), [p.code for p in err.problems]
        (True, ['duplicate-id'])
        >>> print(err)
        1 problem in the data:
          roles.toml:40: role:senco is defined twice [duplicate-id]
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        # The message is rendered on demand (:meth:`__str__`): a DataError made and caught
        # inside a loader, once per bad record, costs no formatting.
        super().__init__()

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle by the problems (the default would pass the message text as ``problems``).
        return (type(self), (self.problems,))

    def __str__(self) -> str:
        return self._message()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.problems)} problems)"

    def _message(self) -> str:
        n = len(self.problems)
        return "\n".join([f"{n} problem{'s' if n != 1 else ''} in the data:",
                          *render_problems(self.problems, indent="  ")])


def capped(problems: Iterable[Problem], most: int = MAX_PROBLEMS) -> list[Problem]:
    """Return ``problems`` with at most ``most`` of each file, then a count of each file's rest.

    The problems are kept in their order; each file with more gets one ``too-many-problems``
    problem at the end, at the line of the first it leaves out. A ``too-many-problems`` of a
    loader (records it did not check) is kept and not counted.

    Example:
        >>> many = [Problem(code="wrong-type", message="bad", file="a.csv", line=n)
        ...         for n in range(2, 6)]
        >>> [(p.code, p.line) for p in capped(many, most=2)]
        [('wrong-type', 2), ('wrong-type', 3), ('too-many-problems', 4)]
        >>> print(capped(many, most=2)[-1].message)
        2 more problems in this file are not listed (a file's first 2 are)
    """
    kept: list[Problem] = []
    listed: dict[str | None, int] = {}
    left: dict[str | None, list[Problem]] = {}
    for p in problems:
        if p.code != "too-many-problems":
            listed[p.file] = listed.get(p.file, 0) + 1
            if listed[p.file] > most:
                left.setdefault(p.file, []).append(p)
                continue
        kept.append(p)
    kept += [Problem(code="too-many-problems", file=file, line=rest[0].line,
                     message=f"{len(rest):,} more problems in this file are not listed (a "
                             f"file's first {most:,} are)") for file, rest in left.items()]
    return kept


def render_problems(problems: Sequence[Problem], *, limit: int = MAX_SHOWN,
                    indent: str = "") -> list[str]:
    r"""Return the lines that show ``problems`` to a person: the first ``limit``, then a count.

    The one rendering of a problem list (``str(DataError)``, ``sendpath validate`` and every
    other report), so that each caps alike; ``--json`` lists them all.

    Example:
        >>> many = [Problem(code="wrong-type", message="bad", line=i) for i in range(1, 5)]
        >>> print("\n".join(render_problems(many, limit=2)))
        <input>:1: bad [wrong-type]
        <input>:2: bad [wrong-type]
        ... and 2 more (use --json to see them all)
    """
    lines = [f"{indent}{p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"{indent}... and {len(problems) - limit:,} more "
                     "(use --json to see them all)")
    return lines


def _rebuild_unknown(cls: type[UnknownIdError], ref: str, kind: str | None,
                     candidates: Sequence[str]) -> UnknownIdError:
    return cls(ref, kind=kind, candidates=candidates)


#: What :func:`safe_text` escapes: C0 controls (tab and newline too, unless lines are kept), DEL,
#: C1 controls, the bidirectional marks, embeddings, overrides and isolates, zero-width and other
#: invisible format characters, the line and paragraph separators, and lone surrogates.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f"
                     r"\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")
_UNSAFE_IN_A_NAME = re.compile(rf"[\t\n{UNSAFE.pattern[1:-1]}]")
#: How many characters of a name or value :func:`safe_text` shows by default.
SHOWN = 200


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: object, limit: int | None = SHOWN, *, lines: bool = False) -> str:
    r"""Text for the terminal: what sendpath echoes of a name, an id, a path or an argument.

    Every character that could move the cursor, recolour the terminal, reorder what is shown
    (bidirectional overrides) or hide itself is written as a visible escape (``\x1b``,
    ``\u202e``), so what is shown is what was given. Past ``limit`` characters the text is cut,
    and the cut says how long the whole was. ``lines=True`` keeps newlines and tabs (a block of
    text); otherwise they are escaped too, so a name stays on its line. ``limit=None`` cuts
    nothing. The CLI passes everything it prints through this function (the last guard), and
    messages quote values with :func:`safe_repr`, built on it.

    Example:
        >>> print(safe_text("role:" + chr(27) + "[31m" + chr(0x202E) + "x"))
        role:\x1b[31m\u202ex
        >>> print(safe_text("a" * 5000, 10))
        aaaaaaaaaa... (5,000 characters)
        >>> print(safe_text("two\nlines"), safe_text("two\nlines", lines=True), sep=" | ")
        two\x0alines | two
        lines
    """
    text = value if isinstance(value, str) else str(value)
    cut = limit is not None and len(text) > limit
    shown = text[:limit] if cut else text
    shown = (UNSAFE if lines else _UNSAFE_IN_A_NAME).sub(_escaped, shown)
    return f"{shown}... ({len(text):,} characters)" if cut else shown


def safe_repr(value: object, limit: int = 60) -> str:
    r"""Quote a user value for a message: short, one line, no control characters.

    The quoted form of :func:`safe_text` (by :func:`repr`), cut to ``limit`` characters in all.

    Example:
        >>> print(safe_repr("a" + chr(27) + "[31m"), safe_repr("x" * 100)[-6:], safe_repr(10**200))
        'a\x1b[31m' xxx... <huge int>
    """
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**100 else "<huge int>"
    text = safe_text("".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text), None)
    return text if len(text) <= limit else text[: limit - 3] + "..."
