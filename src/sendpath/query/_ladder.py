"""One ladder for every record: sendpath's convention for comparing levels across scales.

The data grades expertise on several scales (the Code of Practice's awareness / enhanced /
specialist, the AET's three tiers, the SLCF's four stages) and qualifications by RQF level. To
ask where a pathway jumps, :func:`~sendpath.query.diagnose` puts them all on one ladder of
rungs, 0 to 3. This is sendpath's convention, not a source's:

- **3 specialist, 2 enhanced, 1 awareness**: a record with a ``level`` takes its position on
  that level's scale (first level 1, second 2, third and above 3: the SLCF's *extension* is
  specialist too). One without a level takes the highest level among the outcomes it covers
  (the NPQ for SENCOs covers specialist outcomes).
- **RQF**: a qualification with neither but an RQF level takes rung 1 up to Level 3, rung 2
  at Levels 4 and 5 (the Level 5 SpLD courses, the intermediate rungs of the research) and
  rung 3 from Level 6 (a whole degree in one area of need, such as speech and language
  therapy, is a specialist's training), *only* if it serves a particular area of need. A
  general qualification (a degree, the teacher degree apprenticeship, an NPQ for leaders) is
  not expertise in any area, whatever its level, and stays off the ladder.
- **Baseline, rung 1**: a record that covers outcomes of a statutory framework with no levels
  of its own (QTS and induction cover the Teachers' Standards, whose TS5 asks every teacher to
  adapt teaching to pupils with SEND): every teacher is at the awareness rung.
- **Implied rungs, for roles and records off the ladder**: what holding them implies: over the
  ways of meeting the requirement (a role's eligibility, or where the law is silent its usual
  entry) that need something on the ladder, the lowest of each way's highest rung; for a
  role, the higher of that and its obligations' (a SENCO must gain a specialist award). A
  role that needs nothing on the ladder is at rung 0: a teaching assistant, for whom there
  is no national requirement, starts there. A qualification or activity that neither has
  nor implies a rung (a degree, QTLS) is off the ladder.

Example:
    >>> import datetime as dt, sendpath
    >>> ladder = Ladder(sendpath.load_default(), dt.date(2026, 9, 1))
    >>> ladder.own("qual:mq-hi"), ladder.own("qual:qts"), ladder.own("qual:degree")
    (3, 1, None)
    >>> ladder.rung("role:teacher"), ladder.rung("role:teaching-assistant")
    (1, 0)
    >>> ladder.rung("qual:degree") is None
    True
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from sendpath import rules
from sendpath.model import Role, wording_on

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.model import Requirement

__all__ = ["RUNG_NAMES", "TOP", "Ladder", "rqf_rung"]

#: The rungs' names, by rung.
RUNG_NAMES: Final = ("none", "awareness", "enhanced", "specialist")
#: The highest rung.
TOP: Final = len(RUNG_NAMES) - 1
#: The broad areas and every area of need: the area that means all of them.
ALL: Final = "area:all"


def rqf_rung(level: int) -> int:
    """Return the rung of an RQF level, for a qualification that serves an area of need.

    Example:
        >>> [rqf_rung(n) for n in (2, 3, 4, 5, 6, 7)]
        [1, 1, 2, 2, 3, 3]
    """
    return 1 if level <= 3 else 2 if level <= 5 else 3


class Ladder:
    """The rungs of a catalogue's records, worked out once each (see the module).

    Args:
        cat: The catalogue.
        on: The day whose wording of requirements and obligations counts.
    """

    def __init__(self, cat: Catalogue, on: dt.date) -> None:
        self.cat = cat
        self.on = on
        self._positions = {level.id: min(i + 1, TOP) for scale in cat.scales.values()
                           for i, level in enumerate(scale.levels)}
        self._statutory = {o.id for fw in cat.frameworks.values() if fw.statutory
                           for o in fw.outcomes}
        self._rungs: dict[str, int | None] = {}
        self._busy: set[str] = set()

    def own(self, rid: str) -> int | None:
        """The rung a qualification or activity has by itself, or ``None`` if off the ladder."""
        record = self.cat.qualifications.get(rid) or self.cat.activities.get(rid)
        if record is None:
            return None
        if record.level is not None:
            return self._positions.get(record.level)
        covered = [self.cat.outcomes[o] for o in record.covers if o in self.cat.outcomes]
        levels = [self._positions[o.level] for o in covered if o.level in self._positions]
        if levels:
            return max(levels)
        rqf = getattr(record, "rqf_level", None)
        if rqf is not None and specific(record.areas):
            return rqf_rung(rqf)
        if any(o.id in self._statutory for o in covered):
            return 1
        return None

    def rung(self, rid: str) -> int | None:
        """The rung of a record: its own, or what holding it implies.

        A role implying nothing is at 0, a qualification or activity implying nothing is off
        the ladder (``None``).
        """
        found = self.implied(rid)
        return 0 if found is None and rid in self.cat.roles else found

    def implied(self, rid: str) -> int | None:
        """The record's own rung, or what holding it implies; ``None`` if nothing is."""
        if rid in self._rungs:
            return self._rungs[rid]
        own = self.own(rid)
        if own is not None or rid in self._busy:  # a cycle of requirements implies nothing
            return own
        self._busy.add(rid)
        record = self.cat.get(rid)
        trees = [getattr(record, "requires", None)]
        if isinstance(record, Role):
            trees = [record.requires if record.requires is not None else record.typical_entry]
            trees += [ob.requires for ob in record.obligations
                      if ob.in_force is None or ob.in_force.covers(self.on)]
        found = [v for v in (self._tree(t) for t in trees) if v is not None]
        self._busy.discard(rid)
        self._rungs[rid] = value = max(found) if found else None
        return value

    def _tree(self, tree: Requirement | None) -> int | None:
        """The lowest highest rung of the ways of meeting ``tree`` that need any rung."""
        tree = wording_on(tree, self.on) if tree is not None else None
        if tree is None:
            return None
        tops = []
        for way in rules.alternatives(tree).sets:
            found = [v for leaf in way for ref in leaf.refs() if ref in self.cat
                     for v in (self.implied(ref),) if v is not None]
            if found:
                tops.append(max(found))
        return min(tops) if tops else None


def specific(areas: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether ``areas`` names a particular area of need (not only every area, or none).

    Example:
        >>> specific(("area:all",)), specific(("area:hi",)), specific(())
        (False, True, False)
    """
    return any(a != ALL for a in areas)
