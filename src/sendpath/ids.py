"""Identifiers: the ``kind:slug`` grammar, the kinds, and resolution of short names.

Every record in sendpath has an id such as ``role:senco`` or ``outcome:ittecf/5-3``: a kind, a
colon and a slug of lower-case words joined by ``-``, with ``/`` for nesting. Users may write a
short name (``senco``) wherever the kind is clear from context; :func:`resolve` turns it into the
full id, or raises with close matches.

Example:
    >>> from sendpath.ids import parse_id, resolve
    >>> parse_id("outcome:ittecf/5-3")
    ('outcome', 'ittecf/5-3')
    >>> resolve("npq-senco", ["qual:npq-senco", "role:senco"], kind="qual")
    'qual:npq-senco'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Final, Protocol, runtime_checkable

from sendpath.errors import AmbiguousIdError, UnknownIdError, WrongKindError, safe_repr

__all__ = [
    "ID_PATTERN",
    "KINDS",
    "SLUG_PATTERN",
    "WORD_PATTERN",
    "Resolver",
    "is_id",
    "is_slug",
    "kind_of",
    "make_id",
    "parse_id",
    "resolve",
    "short_names",
    "slugify",
]

#: The kinds of record an id can name, in the order the docs list them.
KINDS: Final = (
    "role",
    "qual",
    "activity",
    "fw",
    "outcome",
    "area",
    "scale",
    "level",
    "source",
    "policy",
    "gate",
)

#: The grammar of one segment of a slug, words of ``a-z0-9`` joined by ``-`` (as a package name).
WORD_PATTERN: Final = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_WORD = WORD_PATTERN
#: The slug grammar of short names, words of ``a-z0-9`` joined by ``-`` and segments by ``/``.
SLUG_PATTERN: Final = rf"{_WORD}(?:/{_WORD})*"
#: The full id grammar, ``kind:slug``.
ID_PATTERN: Final = rf"(?:{'|'.join(KINDS)}):{SLUG_PATTERN}"

_ID_RE = re.compile(ID_PATTERN)
# Did-you-mean: the least similarity to suggest at all, and how far below the best to go.
_CUTOFF = 0.6
_MARGIN = 0.1
_SLUG_RE = re.compile(SLUG_PATTERN)


@runtime_checkable
class Resolver(Protocol):
    """Anything that can turn a reference into a full id (the Catalogue implements it).

    Lower layers (rules, io) annotate with this protocol so that they need not import the
    catalogue.

    Example:
        >>> import sendpath
        >>> cat = sendpath.load_default()
        >>> isinstance(cat, Resolver), cat.resolve("npq-senco", "qual")
        (True, 'qual:npq-senco')
    """

    def resolve(self, ref: str, kind: str | None = None, *, kinds: Sequence[str] = ()) -> str:
        """Return the full id that ``ref`` names, in ``kind`` (or ``kinds``) if given."""
        ...


def is_id(text: str) -> bool:
    """Return whether ``text`` is a well-formed full id.

    Example:
        >>> is_id("role:senco"), is_id("senco"), is_id("role:Senco"), is_id("cat:x")
        (True, False, False, False)
    """
    return _ID_RE.fullmatch(text) is not None


def is_slug(text: str) -> bool:
    """Return whether ``text`` is a well-formed slug (a short name).

    Example:
        >>> is_slug("npq-senco"), is_slug("npq--senco"), is_slug("ittecf/5-3")
        (True, False, True)
    """
    return _SLUG_RE.fullmatch(text) is not None


def parse_id(text: str) -> tuple[str, str]:
    """Split a full id into ``(kind, slug)``.

    Raises:
        ValueError: ``text`` is not a well-formed id.

    Example:
        >>> parse_id("qual:npq-senco")
        ('qual', 'npq-senco')
    """
    if not is_id(text):
        raise ValueError(f"not a valid id: {safe_repr(text)} (expected kind:slug, e.g. role:senco)")
    kind, _, slug = text.partition(":")
    return kind, slug


def kind_of(text: str) -> str:
    """Return the kind of a full id.

    Example:
        >>> kind_of("area:sensory-physical")
        'area'
    """
    return parse_id(text)[0]


def make_id(kind: str, slug: str) -> str:
    """Join a kind and a slug into an id, checking both.

    Example:
        >>> make_id("role", "hlta")
        'role:hlta'
    """
    text = f"{kind}:{slug}"
    parse_id(text)
    return text


def slugify(text: str, *, default: str = "imported", limit: int = 60) -> str:
    """Return a slug (a short name) made from free text: for ids of imported records.

    Letters are folded to ASCII lower case where they have a plain form; every run of anything
    else becomes one ``-``; whole words are kept while they fit in ``limit`` characters (a
    first word longer than that is cut). Text with nothing usable gives ``default``.

    Example:
        >>> slugify("Ratios & Proportional Relationships (Grade 7)")
        'ratios-proportional-relationships-grade-7'
        >>> slugify("Élève: niveau 2"), slugify("---"), slugify("H.A.MATH.GM")
        ('eleve-niveau-2', 'imported', 'h-a-math-gm')
        >>> slugify("alpha beta gamma", limit=10), slugify("abcdefghijkl", limit=5)
        ('alpha-beta', 'abcde')
    """
    import unicodedata  # noqa: PLC0415

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", folded):
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug or default


def short_names(known: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Index ids by short name: each slug, and the full ids that have it, sorted.

    Built once per catalogue, it lets :func:`resolve` find a short name without scanning
    every id.

    Example:
        >>> short_names(["role:senco", "qual:npq-senco", "qual:senco"])["senco"]
        ('qual:senco', 'role:senco')
    """
    found: dict[str, list[str]] = {}
    for full in known:
        found.setdefault(full.partition(":")[2], []).append(full)
    return {slug: tuple(sorted(fulls)) for slug, fulls in found.items()}


def resolve(ref: str, known: Iterable[str], *, kind: str | None = None,
            kinds: Sequence[str] = (), names: Mapping[str, tuple[str, ...]] | None = None,
            ) -> str:
    """Return the full id among ``known`` that ``ref`` names.

    ``ref`` may be a full id or a short name (a slug). A short name is looked up in ``kind`` when
    one is given (a field that takes qualifications implies ``qual``), else in every kind.
    ``kinds`` lists the kinds a context accepts, preferred first: a full id must be of one of
    them, and a short name is the first kind's that has it (``("role", "qual", "activity")``
    reads ``senco`` as the role even though a qualification shares the name).

    Args:
        ref: What the user wrote.
        known: The full ids that exist.
        kind: The kind the context implies, if any.
        kinds: Or the kinds the context accepts, preferred first.
        names: ``known`` indexed by :func:`short_names`, if the caller keeps it: a name that
            resolves is then found without a scan (the answer is the same).

    Raises:
        AmbiguousIdError: A short name matches ids of several kinds.
        UnknownIdError: Nothing matches; the error lists up to three close matches.

    Example:
        >>> known = ["role:senco", "qual:npq-senco", "role:teacher"]
        >>> resolve("senco", known)
        'role:senco'
        >>> resolve("sencoo", known)
        Traceback (most recent call last):
        ...
        sendpath.errors.UnknownIdError: unknown id 'sencoo' (did you mean role:senco?)
        >>> resolve("npq-senco", known, kinds=("role", "qual"))
        'qual:npq-senco'
        >>> resolve("teacherr", known, kinds=("qual", "activity"))
        Traceback (most recent call last):
        ...
        sendpath.errors.UnknownIdError: unknown qualification or activity id 'teacherr'
        >>> resolve("npq-senco", known, kinds=("role",))
        Traceback (most recent call last):
        ...
        sendpath.errors.WrongKindError: 'npq-senco' names qual:npq-senco, not a role
        >>> resolve("SENCO", known)  # ids are lower case, so case is not significant
        'role:senco'
    """
    known_ids = known if isinstance(known, (set, frozenset, dict)) else frozenset(known)
    folded = ref.lower()
    if names is not None:
        found = _looked_up(folded, known_ids, names, kind=kind, kinds=kinds)
        if found is not None:
            return found
    try:
        return _resolve_folded(folded, known_ids, kind=kind, kinds=kinds)
    except UnknownIdError as err:  # say what the user wrote, suggest what the folded text found
        raise type(err)(ref, kind=err.kind, candidates=err.candidates) from None


def _looked_up(ref: str, known_ids: Collection[str], names: Mapping[str, tuple[str, ...]], *,
               kind: str | None, kinds: Sequence[str]) -> str | None:
    """What :func:`_resolve_folded` returns for ``ref``, read from the index ``names``.

    ``None`` wherever it would raise (or be asked of a kind it does not know): the full
    resolver then says why.
    """
    wanted: Sequence[str] | None = kinds or ((kind,) if kind is not None else None)
    if wanted is not None and not all(k in KINDS for k in wanted):
        return None
    if ":" in ref:
        if ref in known_ids and (wanted is None or ref.partition(":")[0] in wanted):
            return ref
        return None
    found = names.get(ref, ())
    if wanted is None:
        return found[0] if len(found) == 1 else None
    for k in wanted:  # the first kind that has the name (one id at most of each kind)
        for full in found:
            if full.partition(":")[0] == k:
                return full
    return None


def _resolve_folded(ref: str, known_ids: Collection[str], *, kind: str | None,
                    kinds: Sequence[str]) -> str:
    if kinds:
        return _resolve_in(ref, known_ids, tuple(kinds))
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if ":" in ref:
        ref_kind = ref.partition(":")[0]
        if ref in known_ids and (kind is None or ref_kind == kind):
            return ref
        pool = [i for i in known_ids if kind is None or i.startswith(f"{kind}:")]
        raise UnknownIdError(ref, kind=kind, candidates=_close(ref, pool, pool))
    matches = sorted(
        i
        for i in known_ids
        if i.partition(":")[2] == ref and (kind is None or i.startswith(f"{kind}:"))
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousIdError(ref, kind=kind, candidates=matches)
    pool = sorted(i for i in known_ids if kind is None or i.startswith(f"{kind}:"))
    slugs = [i.partition(":")[2] for i in pool]
    raise UnknownIdError(ref, kind=kind, candidates=_close(ref, slugs, pool))


# How kinds read in messages, where the id prefix would not ("qual" is a qualification).
_KIND_WORDS: Final = {"qual": "qualification", "fw": "framework", "area": "area of need"}


def _resolve_in(ref: str, known: Collection[str], kinds: tuple[str, ...]) -> str:
    """Resolve ``ref`` in the first of ``kinds`` that has it; else raise with close matches."""
    for kind in kinds:
        try:
            return _resolve_folded(ref, known, kind=kind, kinds=())
        except AmbiguousIdError:  # pragma: no cover - one kind cannot be ambiguous
            raise
        except UnknownIdError:
            continue
    named = [_KIND_WORDS.get(k, k) for k in kinds]
    wanted = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    try:
        other = [_resolve_folded(ref, known, kind=None, kinds=())]
    except AmbiguousIdError as err:
        other = list(err.candidates)
    except UnknownIdError:
        other = []
    if other:  # it names a record, of another kind: say so rather than suggest a near name
        raise WrongKindError(ref, kind=wanted, candidates=other)
    pool = sorted(i for i in known if i.partition(":")[0] in kinds)
    keys = pool if ":" in ref else [i.partition(":")[2] for i in pool]
    raise UnknownIdError(ref, kind=wanted, candidates=_close(ref, keys, pool))


#: The longest reference :func:`_close` looks for near names of (a longer one is not a typo).
_LONGEST = 200


def _close(ref: str, keys: list[str], ids: list[str], n: int = 3) -> list[str]:
    """Return the ids whose keys are closest to ``ref`` (``keys[i]`` belongs to ``ids[i]``).

    Only matches nearly as close as the best one are kept, so a near miss (``sencoo``) suggests
    ``role:senco`` alone rather than every id that shares a word with it.
    """
    import difflib  # noqa: PLC0415  (only an unknown id pays for it)

    if len(ref) > _LONGEST:  # no id is near it, and matching it would take seconds
        return []
    by_key: dict[str, list[str]] = {}
    for key, full in zip(keys, ids, strict=True):
        by_key.setdefault(key, []).append(full)
    scored = sorted(
        ((difflib.SequenceMatcher(None, ref, key).ratio(), key) for key in by_key),
        key=lambda pair: (-pair[0], pair[1]),
    )
    scored = [(score, key) for score, key in scored if score >= _CUTOFF]
    if not scored:
        return []
    best = scored[0][0]
    found: list[str] = []
    for score, key in scored:
        if score >= best - _MARGIN:
            found.extend(sorted(by_key[key]))
    return found[:n]
