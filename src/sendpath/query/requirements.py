"""What a role, qualification or activity requires, in its normal form, and the ways to meet it.

:func:`requirements` answers "what does it take to be a SENCO?": the record's requirement tree
with nested groups of one kind merged (:func:`sendpath.rules.normalise`), the obligations that
fall due after taking a role, and :meth:`RequirementsResult.alternatives`, the sets of items
that would each satisfy the tree (capped; :func:`sendpath.rules.alternatives`).

Example:
    >>> import sendpath
    >>> from sendpath import query
    >>> r = query.requirements(sendpath.load_default().graph, "qualified-teacher")
    >>> r.target, [sorted(leaf.id for leaf in s) for s in r.alternatives().sets][:1]
    ('qual:qualified-teacher', [['qual:qts']])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from sendpath import rules
from sendpath._output import JsonResult, Worded, envelope
from sendpath.io import unstructure
from sendpath.model import Obligation, Requirement, Role
from sendpath.render import count, obligation_lines, requirement_lines, words

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.graph import ProgressionGraph

__all__ = ["RequirementsResult", "requirements"]

# What has a requirement: the records a person can take or hold.
_KINDS: Final = ("role", "qual", "activity")


@attrs.frozen(kw_only=True)
class RequirementsResult(JsonResult, Worded):
    """A record's requirement in normal form, its obligations, and the ways to meet it.

    Attributes:
        target: The record (full id).
        title: Its title.
        requires: Its requirement (for a role, eligibility), normalised; ``None`` if it has
            none.
        typical_entry: For a role the law is silent on, the usual way in (not a rule).
        obligations: For a role, the duties that fall due after taking it, each with its
            requirement normalised.
        data_version: The version of the data the answer comes from.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> r = query.requirements(sendpath.load_default().graph, "senco")
        >>> r.title, len(r.obligations), r.alternatives().complete
        ('Special educational needs co-ordinator (SENCO)', 2, True)
    """

    target: str
    title: str
    requires: Requirement | None
    typical_entry: Requirement | None = None
    obligations: tuple[Obligation, ...] = ()
    data_version: str = ""
    catalogue: Catalogue = attrs.field(repr=False, eq=False, metadata={"json": False})

    def alternatives(self, cap: int = rules.ALTERNATIVES_CAP) -> rules.Alternatives:
        """Return the sets of items that would each meet the requirement, smallest first.

        At most ``cap`` sets; ``complete`` says whether every set is listed.

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> r = query.requirements(sendpath.load_default().graph, "senco")
            >>> alt = r.alternatives(cap=1)
            >>> len(alt.sets), alt.complete
            (1, False)
        """
        if self.requires is None:
            return rules.Alternatives(sets=(frozenset(),), complete=True)
        return rules.alternatives(self.requires, cap=cap)

    def _json(self) -> dict[str, Any]:
        """What the answer shows in JSON, with the usual envelope.

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> d = query.requirements(sendpath.load_default().graph, "senco").to_dict()
            >>> d["target"]["id"], sorted(d["requires"]), d["complete"]
            ('role:senco', ['any'], True)
        """
        alt = self.alternatives()
        return envelope(
            self.data_version, target={"id": self.target, "title": self.title},
            requires=unstructure(self.requires) if self.requires is not None else None,
            typical_entry=(unstructure(self.typical_entry)
                           if self.typical_entry is not None else None),
            obligations=[unstructure(ob) for ob in self.obligations],
            alternatives=[sorted((unstructure(leaf) for leaf in s), key=repr) for s in alt.sets],
            complete=alt.complete,
        )

    def _lines(self, *, detail: bool) -> list[str]:
        """The tree, the obligations, then the ways to meet it; ids only in detail.

        Example:
            >>> import sendpath
            >>> from sendpath import query
            >>> r = query.requirements(sendpath.load_default().graph, "qualified-teacher")
            >>> print(r.summary().splitlines()[0])
            Qualified teacher (QTS, or QTLS with professional membership) requires:
        """
        ids = detail
        cat = self.catalogue
        lines = [words("requirements-heading", self.title)]
        lines += requirement_lines(self.requires, cat, 1, ids=ids)
        if self.typical_entry is not None:
            lines.append(words("requirements-typical"))
            lines += requirement_lines(self.typical_entry, cat, 1, ids=ids)
        for ob in self.obligations:
            lines.append(words("requirements-obligation"))
            lines += [f"  {line}" for line in obligation_lines(ob, cat, ids=ids)]
        alt = self.alternatives()
        if self.requires is not None:
            lines.append(words("requirements-ways", count(len(alt.sets), "way")))
            for i, leaves in enumerate(alt.sets, 1):
                named = sorted(requirement_lines(leaf, cat, ids=ids)[0] for leaf in leaves)
                lines.append(words("requirements-way", i, "; ".join(named)))
            if not alt.complete:
                lines.append(words("requirements-more"))
        return lines


def requirements(g: ProgressionGraph, target: str) -> RequirementsResult:
    """Return what ``target`` (a role, qualification or activity) requires, in normal form.

    Args:
        g: The progression graph (``catalogue.graph``).
        target: The record, by id or short name (case ignored).

    Raises:
        UnknownIdError: ``target`` names no role, qualification or activity.

    Example:
        >>> import sendpath
        >>> from sendpath import query
        >>> r = query.requirements(sendpath.load_default().graph, "npq-senco")
        >>> r.target, r.obligations
        ('qual:npq-senco', ())
    """
    cat = g.catalogue
    rid = cat.resolve(target, kinds=_KINDS)
    record = cat.get(rid)
    tree = getattr(record, "requires", None)
    role = record if isinstance(record, Role) else None
    return RequirementsResult(
        target=rid, title=record.title,
        requires=rules.normalise(tree) if tree is not None else None,
        typical_entry=(rules.normalise(role.typical_entry)
                       if role is not None and role.typical_entry is not None else None),
        obligations=tuple(attrs.evolve(ob, requires=rules.normalise(ob.requires))
                          for ob in (role.obligations if role else ())),
        data_version=cat.data_version, catalogue=cat)
