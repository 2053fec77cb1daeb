"""Find records by words in their titles, outcome statements and descriptions.

Example:
    >>> import sendpath
    >>> from sendpath import query
    >>> hits = query.find(sendpath.load_default(), "npq senco")
    >>> hits[0].id
    'qual:npq-senco'
"""

from __future__ import annotations

import bisect
import re
import unicodedata
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath._output import envelope
from sendpath.errors import safe_repr
from sendpath.graph import ProgressionGraph
from sendpath.query._result import ListedResult
from sendpath.render import words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue, Entity

__all__ = ["FindResult", "Match", "find"]

# Where words are looked for, best place first; a match in an earlier field ranks higher.
_FIELDS: Final = ("id", "title", "code", "statement", "description")
_WORD: Final = re.compile(r"\w+")


@attrs.frozen(kw_only=True)
class Match:
    """One record that has every word searched for.

    Attributes:
        id: The record's id.
        kind: Its kind (``role``, ``qual``, ``outcome``, ...).
        title: Its title.
        field: The best field the words were found in.
        text: That field's text (for a statement or description, the sentence around the
            first word).

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> m = query.find(sendpath.load_default(), "npq senco")[0]
        >>> m.id, m.kind, m.field, m.text
        ('qual:npq-senco', 'qual', 'id', 'qual:npq-senco')
    """

    id: str
    kind: str
    title: str
    field: str
    text: str


@attrs.frozen(kw_only=True)
class FindResult(ListedResult[Match]):
    """The records matching a search, best first: a sequence of :class:`Match`.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> cat = sendpath.load_default()
        >>> hits = query.find(cat, "adaptive teaching", kinds=["outcome"], limit=2)
        >>> hits.text, len(hits), [m.id for m in hits]
        ('adaptive teaching', 2, ['outcome:ccf/5', 'outcome:ecf/5'])
    """

    text: str
    matches: tuple[Match, ...]
    data_version: str

    def _items(self) -> tuple[Match, ...]:
        return self.matches

    def _json(self) -> dict[str, Any]:
        """What the result shows in JSON, with the usual envelope.

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> cat = sendpath.load_default()
            >>> hits = query.find(cat, "adaptive teaching", kinds=["outcome"], limit=2)
            >>> d = hits.to_dict()
            >>> d["text"], d["matches"][0]["id"], d["matches"][0]["field"]
            ('adaptive teaching', 'outcome:ccf/5', 'title')
        """
        return envelope(self.data_version, text=self.text, matches=self.matches)


    def explain(self) -> str:
        """Return the matches as text, one record a line (and the matching text below).

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> cat = sendpath.load_default()
            >>> hits = query.find(cat, "adaptive teaching", kinds=["outcome"], limit=2)
            >>> print(hits.explain())
            outcome:ccf/5: Adaptive Teaching
            outcome:ecf/5: Adaptive Teaching
            >>> print(query.find(cat, "zzz").explain())
            nothing matches 'zzz'
        """
        if not self.matches:
            return words("find-none", safe_repr(self.text))
        lines = []
        for m in self.matches:
            lines.append(words("find-match", m.id, m.title))
            if m.field not in ("id", "title"):
                lines.append(words("find-field", m.field, m.text))
        return "\n".join(lines)


def _fold(text: str) -> str:
    """Lower-case and strip accents, so ``SENCo`` finds ``SENCO`` and ``role`` finds ``rôle``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def find(g: ProgressionGraph | Catalogue, text: str, *, kinds: Sequence[str] = (),
         limit: int | None = None) -> FindResult:
    """Return the records whose id, title, code, statement or description hold every word.

    Words match the start of words in the record (``adapt`` finds "adaptive"); case and accents
    do not matter. Records matching in their id or title rank before those matching only in a
    statement or description; ties sort by id.

    Args:
        g: The progression graph whose catalogue to search (a catalogue is accepted too).
        text: The words to look for.
        kinds: Only records of these kinds (``role``, ``qual``, ``outcome``, ...), if given.
        limit: At most this many matches, if given.

    Raises:
        ValueError: ``text`` has no words.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> g = sendpath.load_default().graph
        >>> [m.id for m in query.find(g, "SENCO", kinds=["role"])][:2]
        ['role:senco', 'role:assistant-senco']
    """
    catalogue = g.catalogue if isinstance(g, ProgressionGraph) else g
    words = [_fold(w) for w in _WORD.findall(text)]
    if not words:
        raise ValueError(f"nothing to search for in {safe_repr(text)}: give at least one word")
    index = _index(catalogue)
    per_word = [index.lookup(w) for w in words]
    found = set.intersection(*(set(fields) for fields in per_word))
    scored: list[tuple[bool, int, str, int]] = []
    for rid in found:
        if kinds and rid.partition(":")[0] not in kinds:
            continue
        # the first field holding every word; else, after all of those, the first holding one
        whole = set.intersection(*(fields[rid] for fields in per_word))
        some = set.union(*(fields[rid] for fields in per_word))
        rank = min(whole) if whole else len(_FIELDS) + min(some)
        scored.append((rid.partition(":")[2] != "-".join(words), rank, rid, rank % len(_FIELDS)))
    scored.sort()
    matches = tuple(_matched(catalogue.get(rid), _FIELDS[field], words)
                    for _exact, _rank, rid, field in scored)
    return FindResult(text=text, matches=matches[:limit] if limit else matches,
                      data_version=catalogue.data_version)


def _matched(record: Entity, field: str, words: list[str]) -> Match:
    value = getattr(record, field, "") or ""
    return Match(id=record.id, kind=record.id.partition(":")[0], title=record.title,
                 field=field, text=_excerpt(value, words))


@attrs.frozen
class _Index:
    """Every word of every searched field of a catalogue, sorted, with where it occurs.

    A word searched for matches the start of words, so the words it matches are one run of
    the sorted list, found by bisection: a search costs the matches, not the catalogue.
    """

    words: list[str]
    places: list[tuple[str, int]]  # (record id, field index), beside ``words``

    @classmethod
    def of(cls, catalogue: Catalogue) -> _Index:
        entries = sorted({(word, rid, i) for rid in catalogue
                          for i, f in enumerate(_FIELDS)
                          for word in _WORD.findall(_fold(getattr(catalogue.get(rid), f, "")
                                                          or ""))})
        return cls([w for w, _r, _i in entries], [(r, i) for _w, r, i in entries])

    def lookup(self, prefix: str) -> dict[str, set[int]]:
        """The records with a word starting ``prefix``, each with the fields it is in."""
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff", lo)
        found: dict[str, set[int]] = {}
        for rid, field in self.places[lo:hi]:
            found.setdefault(rid, set()).add(field)
        return found


# One index per catalogue, built on its first search (a catalogue never changes).
_INDEXES: weakref.WeakKeyDictionary[Catalogue, _Index] = weakref.WeakKeyDictionary()


def _index(catalogue: Catalogue) -> _Index:
    found = _INDEXES.get(catalogue)
    if found is None:
        found = _INDEXES[catalogue] = _Index.of(catalogue)
    return found


def _excerpt(value: str, words: list[str], width: int = 160) -> str:
    """The text of a field, cut to about ``width`` characters around the first word found."""
    if len(value) <= width:
        return value
    # Fold character by character, remembering where each folded character came from, so a
    # match found in the folded text ("strasse" for "Straße") is cut at the right place.
    if value.isascii():  # folding keeps every place: no need to map it back
        text, origin = value.casefold(), list(range(len(value)))
    else:
        folded, origin = [], []
        for i, ch in enumerate(value):
            for f in _fold(ch):
                folded.append(f)
                origin.append(i)
        text = "".join(folded)
    hits = [i for i in (text.find(w) for w in words) if i >= 0]
    at = origin[min(hits)] if hits else 0
    start = max(0, at - width // 3)
    end = min(len(value), start + width)
    return ("..." if start else "") + value[start:end].strip() + ("..." if end < len(value) else "")
