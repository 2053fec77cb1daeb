"""A school's pupils by need, as a school plans its SEND CPD from them.

Example:
    >>> PupilGroup(need="area:vi", count=2, class_="resource base").organised
    True
"""

from __future__ import annotations

import attrs

from sendpath.model import _checks as c

__all__ = ["PupilGroup"]


@attrs.frozen(kw_only=True)
class PupilGroup:
    """Pupils on roll with one primary need: a row of the pupils CSV (``need,count[,class]``).

    Attributes:
        need: The area of need (``area:`` id; the school census codes ``SLCN``, ``ASD``... in
            a file).
        count: How many pupils have it as their primary need.
        class_: The class organised for pupils with that need (a resource base, a special
            class), if any: ``class`` in a file. The mandatory qualifications bind the teacher
            of such a class, not a mainstream teacher of one such pupil.
    """

    need: str = attrs.field(validator=c.id_of("area"))
    count: int = attrs.field(validator=c.positive_int)
    class_: str = attrs.field(default="", validator=c.optional_text)

    @property
    def organised(self) -> bool:
        """Whether a class is organised for these pupils."""
        return bool(self.class_)
