"""Find records by words in their titles, outcome statements and descriptions.

Example:
    >>> import sendpath
    >>> from sendpath import query
    >>> hits = query.find(sendpath.load_default(), "npq senco")
    >>> hits[0].id
    'qual:npq-senco'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath._output import envelope
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
            return words("find-none", self.text)
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
        raise ValueError(f"nothing to search for in {text!r}: give at least one word")
    scored: list[tuple[bool, int, str, Match]] = []
    for rid in catalogue:
        kind = rid.partition(":")[0]
        if kinds and kind not in kinds:
            continue
        found = _match(catalogue.get(rid), words)
        if found is not None:
            rank, match = found
            scored.append((rid.partition(":")[2] != "-".join(words), rank, rid, match))
    scored.sort(key=lambda t: t[:3])
    matches = tuple(t[3] for t in scored)
    return FindResult(text=text, matches=matches[:limit] if limit else matches,
                      data_version=catalogue.data_version)


def _match(record: Entity, words: list[str]) -> tuple[int, Match] | None:
    """Return the rank and match of a record that has every word, else None.

    The rank is the index of the first field holding every word; records whose words are
    spread over several fields rank after all of those.
    """
    values = {f: getattr(record, f, "") or "" for f in _FIELDS}
    found = {f: {m.group() for m in _WORD.finditer(_fold(v))} for f, v in values.items()}

    def has(field: str, word: str) -> bool:
        return any(s.startswith(word) for s in found[field])

    if not all(any(has(f, w) for f in _FIELDS) for w in words):
        return None
    whole = [i for i, f in enumerate(_FIELDS) if all(has(f, w) for w in words)]
    if whole:
        rank, field = whole[0], _FIELDS[whole[0]]
    else:
        first = next(i for i, f in enumerate(_FIELDS) if any(has(f, w) for w in words))
        rank, field = len(_FIELDS) + first, _FIELDS[first]
    return rank, Match(id=record.id, kind=record.id.partition(":")[0], title=record.title,
                       field=field, text=_excerpt(values[field], words))


def _excerpt(value: str, words: list[str], width: int = 160) -> str:
    """The text of a field, cut to about ``width`` characters around the first word found."""
    if len(value) <= width:
        return value
    # Fold character by character, remembering where each folded character came from, so a
    # match found in the folded text ("strasse" for "Straße") is cut at the right place.
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
