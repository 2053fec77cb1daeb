r"""A synthetic school workforce for England: SYNTHETIC people, calibrated on published figures.

Nothing here describes a real person. :func:`workforce` draws, from a seeded
:class:`random.Random`, teachers, early career teachers, head teachers, SENCOs, teachers of
classes of visually or hearing impaired pupils, teaching assistants and HLTAs, each with dated
roles, qualifications, studies and classes, and yields them as rows of the long profile CSV
that :func:`sendpath.io.read_staff` reads (one row per fact, a person's rows together).
:func:`write_workforce` writes such a file atomically. The same seed and date give the same
rows, byte for byte; memory stays flat whatever the number of persons.

The people are persons, so the calibration uses headcounts where they are published. Every
figure is a module constant below with its source. Most are from the Department for
Education's *School workforce in England*, reporting year 2024 (November 2024 census,
published June 2025, Explore Education Statistics), which the shipped data package has no
source record for (it is ``[S69]`` of the project's domain notes); the others are named where
they are used, and a figure no source gave is marked **assumption**. Which shares the output
reproduces is :data:`SHARES`.

What is left out: support staff other than teaching assistants (administrative, technical,
auxiliary and business staff, about 228,700 FTE of the 985,800 FTE workforce), because no role
in the data describes them. Every teacher qualified in or after 1999 (see
:data:`INDUCTION_FROM`), because the long CSV cannot say that induction was not required of a
teacher qualified before statutory induction began. A special-school teacher is recognisable in
the file by a ``teaching`` row with the need of the class (autism, severe learning difficulties
and so on); a special-school teaching assistant is not.

The module runs past 500 lines because every figure sits beside its source as a named constant,
and every kind of person's career beside the others, so that the calibration reads in one place.

Example:
    >>> import datetime as dt
    >>> rows = list(workforce(3, seed=1, on=dt.date(2026, 9, 1)))
    >>> rows[0][:3]
    ('person', 'table', 'id')
    >>> sorted({row[0] for row in rows[1:]})
    ['p0000001', 'p0000002', 'p0000003']
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

from sendpath.io.output import atomic_writer

__all__ = [
    "ECT_SHARE",
    "HEADER",
    "HEAD_IS_SENCO_SHARE",
    "HI_CLASS_TEACHERS",
    "HI_MQ_SHARE",
    "HLTA_SHARE",
    "INDUCTION_FROM",
    "QTLS_SHARE",
    "QTS_SHARE",
    "SCHOOLS_MAINSTREAM",
    "SCHOOLS_SPECIAL_AP",
    "SENCO_PRIOR_SERVICE_SHARE",
    "SENCO_QUALIFIED_SHARE",
    "SENSORY_SPECIAL_SHARE",
    "SHARES",
    "SPECIAL_NEEDS",
    "SPECIAL_SHARE",
    "TAS_FTE",
    "TAS_HEADCOUNT",
    "TA_L2_SHARE",
    "TA_L3_SHARE",
    "TEACHERS_FTE",
    "TEACHERS_HEADCOUNT",
    "VI_CLASS_TEACHERS",
    "VI_MQ_SHARE",
    "WORKFORCE_FTE",
    "workforce",
    "write_workforce",
]

#: The columns of the long profile CSV, in the order :func:`workforce` writes them (the same
#: as ``sendpath.io.staff.COLUMNS`` after ``person``, ``table`` and ``id``).
HEADER: Final = ("person", "table", "id", "since", "until", "awarded", "started", "completed",
                 "start", "end", "hours", "date", "kind", "role", "need")

# -- calibration ---------------------------------------------------------------------------------

#: Teachers in state-funded schools, headcount, November 2024 (School workforce in England 2024).
TEACHERS_HEADCOUNT: Final = 513_400
#: The same, full-time equivalent (School workforce in England 2024); context, not drawn on.
TEACHERS_FTE: Final = 468_300
#: Teaching assistants, headcount, November 2024, 401,891.7 (School workforce in England 2024,
#: data set "Support staff characteristics", total state-funded schools; a headcount with a
#: fraction because the DfE estimates for schools that did not return).
TAS_HEADCOUNT: Final = 401_892
#: Teaching assistants, FTE, November 2024 (School workforce in England 2024); context.
TAS_FTE: Final = 288_812
#: The whole school workforce, FTE, November 2024 (School workforce in England 2024); context.
WORKFORCE_FTE: Final = 985_800
#: Teachers holding QTS, 97% (School workforce in England 2024).
QTS_SHARE: Final = 0.97
#: Teachers in special schools and state-funded alternative provision, 29,200 of 468,300 FTE
#: (School workforce in England 2024); applied to persons, and to teaching assistants too
#: (**assumption**: no share of teaching assistants by type of school was retrieved).
SPECIAL_SHARE: Final = 29_200 / 468_300
#: Teachers holding QTLS with professional membership of the Education and Training
#: Foundation, among the 3% without QTS, an **assumption** (no figure found); the rest of the 3%
#: are unqualified teachers, half of them training towards QTS.
QTLS_SHARE: Final = 0.01
#: Early career teachers (in statutory induction, two years from September 2021) among
#: teachers, an **assumption** of about two years of newly qualified entrants; the census counted
#: 41,736 entrants of all kinds in 2023/24 (School workforce in England 2024, as summarised by
#: Flourish Education), which bounds it.
ECT_SHARE: Final = 0.09
#: Mainstream state-funded schools, each with one head teacher and one SENCO; 381 nursery and
#: 16,764 primary schools (Schools, pupils and their characteristics, January 2024, DfE) and
#: about 3,450 secondary schools (**assumption**: the 2019 count quoted by BESA; the DfE's own
#: count of secondary schools was not retrieved).
SCHOOLS_MAINSTREAM: Final = 381 + 16_764 + 3_450
#: State-funded special schools and alternative provision, each with a head teacher and no
#: SENCO (the SENCO duty is of mainstream schools), an **assumption** of about 1,050 special schools
#: and 350 pupil referral units as BESA quoted them for 2019.
SCHOOLS_SPECIAL_AP: Final = 1_400
#: Mainstream schools whose head teacher is also the SENCO (reg. 49(3) allows it), an
#: **assumption** (no figure found).
HEAD_IS_SENCO_SHARE: Final = 0.05
#: SENCOs with more than twelve months' earlier service as a SENCO (exempt from the
#: qualification), an **assumption**.
SENCO_PRIOR_SERVICE_SHARE: Final = 0.08
#: SENCOs past their three years who hold the qualification, an **assumption** (the share holding
#: the NASENCO is unconfirmed; Dobson (2022) doubts the DfE's figures); of the others, a third
#: are studying for it.
SENCO_QUALIFIED_SHARE: Final = 0.85
#: Teachers of classes of hearing-impaired pupils, the 1,267 staff working as Teachers of the
#: Deaf in England, 83% of them holding the mandatory qualification (CRIDE, *Report on 2018/19
#: survey on educational provision for deaf children in England*, 2019).
HI_CLASS_TEACHERS: Final = 1_267
#: The share of :data:`HI_CLASS_TEACHERS` holding the MQ (CRIDE 2019).
HI_MQ_SHARE: Final = 0.83
#: Teachers of classes of visually impaired pupils, an **assumption** (no count retrieved).
VI_CLASS_TEACHERS: Final = 1_000
#: The share of them holding the MQ, an **assumption**.
VI_MQ_SHARE: Final = 0.80
#: Teachers of sensory-impaired classes who work in special schools, an **assumption**.
SENSORY_SPECIAL_SHARE: Final = 0.5
#: Teaching assistants with HLTA status, about 7% (Education Endowment Foundation, *Making Best
#: Use of Teaching Assistants*, guidance report; an older figure than the census ones).
HLTA_SHARE: Final = 0.07
#: Teaching assistants holding a level 3 supporting teaching and learning qualification, an
#: **assumption**.
TA_L3_SHARE: Final = 0.35
#: Teaching assistants holding the level 2 certificate and not the level 3, an **assumption**.
TA_L2_SHARE: Final = 0.15
#: The first day of statutory induction for new teachers, 7 May 1999; every synthetic teacher
#: qualified after it, since the long CSV cannot mark induction as not required.
INDUCTION_FROM: Final = dt.date(1999, 5, 7)
#: The primary needs of the classes of special-school teachers, with weights, an **assumption**
#: leaning on autism being the commonest primary need of pupils with an EHC plan (33.6%,
#: source:sen-in-england-2025).
SPECIAL_NEEDS: Final = (("area:asd", 34), ("area:sld", 18), ("area:semh", 16), ("area:slcn", 10),
                        ("area:mld", 10), ("area:pmld", 7), ("area:pd", 5))

_EARLIEST: Final = dt.date(2010, 9, 1)  # the oldest `on` (the rules need years of history)
_NASENCO_FROM: Final = dt.date(2009, 9, 1)
_NPQ_FROM: Final = dt.date(2024, 9, 1)
_TWO_YEAR_INDUCTION: Final = dt.date(2021, 9, 1)
_YEAR: Final = 365


def _cells() -> tuple[tuple[str, bool, float], ...]:
    """The kinds of person, each with whether it is in a special school and its weight."""
    teachers, tas = TEACHERS_HEADCOUNT, TAS_HEADCOUNT
    head_senco = SCHOOLS_MAINSTREAM * HEAD_IS_SENCO_SHARE
    sensory: dict[str, float] = {"vi": VI_CLASS_TEACHERS, "hi": HI_CLASS_TEACHERS}
    special_left = (teachers * SPECIAL_SHARE - SCHOOLS_SPECIAL_AP
                    - sum(sensory.values()) * SENSORY_SPECIAL_SHARE)
    others = {"ect": teachers * ECT_SHARE, "qtls": teachers * QTLS_SHARE,
              "unqualified": teachers * (1 - QTS_SHARE - QTLS_SHARE)}
    others["teacher"] = (teachers - SCHOOLS_MAINSTREAM - SCHOOLS_SPECIAL_AP
                         - SCHOOLS_MAINSTREAM * (1 - HEAD_IS_SENCO_SHARE)
                         - sum(sensory.values()) - sum(others.values()))
    spread = special_left / sum(others.values())
    hlta = tas * HLTA_SHARE
    cells: list[tuple[str, bool, float]] = [
        ("head", False, SCHOOLS_MAINSTREAM - head_senco), ("head", True, SCHOOLS_SPECIAL_AP),
        ("head-senco", False, head_senco),
        ("senco", False, SCHOOLS_MAINSTREAM * (1 - HEAD_IS_SENCO_SHARE))]
    for kind, count in sensory.items():
        cells += [(kind, False, count * (1 - SENSORY_SPECIAL_SHARE)),
                  (kind, True, count * SENSORY_SPECIAL_SHARE)]
    for kind, count in others.items():
        cells += [(kind, False, count * (1 - spread)), (kind, True, count * spread)]
    for kind, count in (("ta", tas - hlta), ("hlta", hlta)):
        cells += [(kind, False, count * (1 - SPECIAL_SHARE)), (kind, True, count * SPECIAL_SHARE)]
    total = teachers + tas
    return tuple((kind, special, weight / total) for kind, special, weight in cells)


_CELLS: Final = _cells()


def _shares() -> dict[str, float]:
    def of(*kinds: str, special: bool | None = None) -> float:
        return sum(w for k, s, w in _CELLS if k in kinds and (special is None or s == special))

    teacher_kinds = ("head", "head-senco", "senco", "vi", "hi", "ect", "qtls", "unqualified",
                     "teacher")
    teachers = of(*teacher_kinds)
    classroom = ("vi", "hi", "ect", "qtls", "unqualified", "teacher")
    return {
        "teachers": teachers,
        "teaching_assistants": of("ta", "hlta"),
        "hlta_among_tas": of("hlta") / of("ta", "hlta"),
        "qts_among_teachers": 1 - of("qtls", "unqualified") / teachers,
        "qtls_among_teachers": of("qtls") / teachers,
        "special_among_teachers": of(*teacher_kinds, special=True) / teachers,
        "special_among_classroom_teachers": of(*classroom, special=True) / of(*classroom),
        "ect_among_teachers": of("ect") / teachers,
        "heads": of("head", "head-senco"),
        "sencos": of("senco", "head-senco"),
        "vi_class_teachers": of("vi"),
        "hi_class_teachers": of("hi"),
    }


#: The shares the output reproduces, of all persons unless the name says ``among``; teachers
#: and teaching assistants (headcounts), HLTAs among teaching assistants, QTS, QTLS, special
#: schools and ECTs among teachers, head teachers, SENCOs (one a mainstream school), and
#: teachers of classes of visually and hearing impaired pupils.
SHARES: Final = _shares()


class _Maker:
    """Draws one person's rows; holds the day strings and the random source."""

    def __init__(self, rng: random.Random, on: dt.date) -> None:
        self.rng = rng
        self.on = on.toordinal()
        self.base = dt.date(1940, 1, 1).toordinal()
        self.days = [dt.date.fromordinal(o).isoformat()
                     for o in range(self.base, self.on + 8 * _YEAR)]
        self.septembers: dict[int, int] = {}
        self.kind = ""
        self.year = on.year if on >= dt.date(on.year, 9, 1) else on.year - 1  # academic year
        self.cumulative: list[float] = []
        total = 0.0
        for _k, _s, w in _CELLS:
            total += w
            self.cumulative.append(total)
        self.total = total
        self.needs = [n for n, _w in SPECIAL_NEEDS]
        self.need_weights = [w for _n, w in SPECIAL_NEEDS]
        makers: dict[str, Callable[[str, bool], list[tuple[str, ...]]]] = {
            "head": self.head, "head-senco": self.head_senco, "senco": self.senco,
            "vi": self.sensory, "hi": self.sensory, "ect": self.ect, "qtls": self.qtls,
            "unqualified": self.unqualified, "teacher": self.teacher, "ta": self.ta,
            "hlta": self.hlta,
        }
        self.cells = [(kind, makers[kind], special) for kind, special, _w in _CELLS]

    def tenure(self, mean: float, most: int) -> int:
        """Days: exponentially spread with a mean of ``mean`` years, at most ``most`` years."""
        years = -math.log(1.0 - self.rng.random()) * mean  # as expovariate(1 / mean)
        return int((years if years < most else most) * _YEAR)

    def below(self, k: int) -> int:
        """A whole number from 0 to ``k - 1`` (as ``randrange``, but from ``random()`` alone)."""
        return int(self.rng.random() * k)

    def day(self, ordinal: int) -> str:
        if ordinal < self.base:  # cannot happen with the caps on every draw; never wrap
            raise AssertionError(f"day {ordinal} before the first day string")
        return self.days[ordinal - self.base]

    def person(self, who: str) -> list[tuple[str, ...]]:
        cell = bisect.bisect_right(self.cumulative, self.rng.random() * self.total)
        self.kind, make, special = self.cells[cell if cell < len(self.cells) else -1]
        return make(who, special)

    # -- rows ---------------------------------------------------------------------------------

    def role(self, who: str, role: str, since: int, until: int | None = None) -> tuple[str, ...]:
        return (who, "roles", role, self.day(since), "" if until is None else self.day(until),
                "", "", "", "", "", "", "", "", "", "")

    def holds(self, who: str, qual: str, *, awarded: int | None = None,
              started: int | None = None, completed: int | None = None) -> tuple[str, ...]:
        return (who, "holds", qual, "", "", "" if awarded is None else self.day(awarded),
                "" if started is None else self.day(started),
                "" if completed is None else self.day(completed), "", "", "", "", "", "", "")

    def studying(self, who: str, qual: str, started: int) -> tuple[str, ...]:
        return (who, "studying", qual, "", "", "", self.day(started), "", "", "", "", "", "", "",
                "")

    def service(self, who: str, role: str, start: int, end: int) -> tuple[str, ...]:
        return (who, "service", role, "", "", "", "", "", self.day(start), self.day(end), "", "",
                "", "", "")

    def teaching(self, who: str, need: str, since: int) -> tuple[str, ...]:
        return (who, "teaching", need, self.day(since), "", "", "", "", "", "", "", "", "", "",
                "")

    # -- careers ------------------------------------------------------------------------------

    def september(self, year: int) -> int:
        day = self.septembers.get(year)
        if day is None:
            day = self.septembers[year] = dt.date(year, 9, 1).toordinal()
        return day

    def qualified(self, who: str, years_ago: int) -> tuple[list[tuple[str, ...]], int]:
        """QTS and induction for a teacher who began ``years_ago`` academic years ago.

        Returns the rows and the first day as a teacher (the day after induction).
        """
        first = max(self.year - years_ago, INDUCTION_FROM.year)
        start = self.september(first)
        qts = start - 62 + self.below(20)  # awarded in early July
        done = start + (2 * _YEAR if start >= _TWO_YEAR_INDUCTION.toordinal() else _YEAR) - 40 \
            - self.below(10)
        rows = [self.holds(who, "qual:qts", awarded=qts),
                self.holds(who, "qual:induction", started=start, completed=done)]
        return rows, done + 1

    def career_years(self, least: int, mean: float) -> int:
        """Years in teaching: at least ``least``, skewed towards recent entrants."""
        return least + self.tenure(mean, 26) // _YEAR

    def teacher(self, who: str, special: bool) -> list[tuple[str, ...]]:
        rows, since = self.qualified(who, self.career_years(2, 10))
        rows.append(self.role(who, "role:teacher", since))
        if special:
            rows.append(self.special_class(who, since))
        return rows

    def special_class(self, who: str, since: int) -> tuple[str, ...]:
        joined = max(since, self.on - self.below(8 * _YEAR))
        need = self.rng.choices(self.needs, self.need_weights)[0]
        return self.teaching(who, need, joined)

    def ect(self, who: str, special: bool) -> list[tuple[str, ...]]:
        start = self.september(self.year - self.below(2))
        rows = [self.holds(who, "qual:qts", awarded=start - 62 + self.below(20)),
                self.holds(who, "qual:induction", started=start),
                self.role(who, "role:ect", start)]
        if special:
            rows.append(self.teaching(who, self.rng.choices(self.needs, self.need_weights)[0],
                                      start))
        return rows

    def qtls(self, who: str, special: bool) -> list[tuple[str, ...]]:
        awarded = self.on - _YEAR - self.below(12 * _YEAR)
        since = awarded + 30 + self.below(300)
        rows = [self.holds(who, "qual:qtls", awarded=awarded),
                self.holds(who, "qual:etf-membership", awarded=awarded),
                self.role(who, "role:teacher", min(since, self.on))]
        if special:
            rows.append(self.special_class(who, min(since, self.on)))
        return rows

    def unqualified(self, who: str, special: bool) -> list[tuple[str, ...]]:
        rng = self.rng
        if rng.random() < 0.5:  # training towards QTS on a school-based route
            start = self.september(self.year - self.below(2))
            route = "qual:pg-teaching-apprenticeship" if rng.random() < 0.3 else "qual:pg-itt"
            rows = [self.role(who, "role:trainee-teacher", start),
                    self.studying(who, route, start)]
        else:  # an unqualified teacher or instructor
            start = self.on - self.below(6 * _YEAR)
            rows = [self.role(who, "role:teacher", start)]
        if special:
            rows.append(self.special_class(who, start))
        return rows

    def head(self, who: str, special: bool) -> list[tuple[str, ...]]:
        return self.headship(who)[0]

    def headship(self, who: str) -> tuple[list[tuple[str, ...]], int]:
        """A head teacher's rows, and the day of appointment as head."""
        rows, since = self.qualified(who, self.career_years(12, 8))
        appointed = max(since + 6 * _YEAR, self.on - self.tenure(6, 20))
        appointed = min(appointed, self.on)
        rows += [self.role(who, "role:teacher", since),
                 self.role(who, "role:headteacher", appointed)]
        if self.rng.random() < 0.4:  # **assumption**: 40% hold an NPQH
            awarded = appointed - self.below(2 * _YEAR)
            npqh = "qual:npqh" if awarded >= dt.date(2022, 9, 1).toordinal() \
                else "qual:npqh-pre-2021"
            rows.append(self.holds(who, npqh, awarded=awarded))
        return rows, appointed

    def head_senco(self, who: str, special: bool) -> list[tuple[str, ...]]:
        rows, appointed = self.headship(who)
        return rows + self.senco_post(who, max(appointed, self.senco_day()))

    def senco(self, who: str, special: bool) -> list[tuple[str, ...]]:
        appointed = self.senco_day()
        years = self.year - dt.date.fromordinal(appointed).year + 3 + int(
            self.tenure(5, 10) // _YEAR)
        rows, since = self.qualified(who, years)
        appointed = max(appointed, since + 30)  # the earliest teachers qualified in 1999
        rows.append(self.role(who, "role:teacher", since))
        return rows + self.senco_post(who, appointed)

    def senco_day(self) -> int:
        """The day of appointment as SENCO: spread over past years (mean tenure six years)."""
        return self.on - self.tenure(6, 25)

    def senco_post(self, who: str, appointed: int) -> list[tuple[str, ...]]:
        rng = self.rng
        rows = [self.role(who, "role:senco", appointed)]
        exempt = appointed <= _NASENCO_FROM.toordinal()
        if not exempt and rng.random() < SENCO_PRIOR_SERVICE_SHARE:
            end = appointed - 1 - self.below(2 * _YEAR)
            rows.append(self.service(who, "role:senco", end - 396 - self.below(3 * _YEAR),
                                     end))
            exempt = True
        deadline = appointed + 3 * _YEAR
        if exempt:
            wants = rng.random() < 0.5  # many exempt SENCOs took the award anyway
        elif deadline < self.on:
            wants = rng.random() < SENCO_QUALIFIED_SHARE
        else:
            wants = rng.random() < 0.8  # within the three years, most have begun or will
        start = max(appointed + self.below(540), _NASENCO_FROM.toordinal())
        if not wants:
            if deadline < self.on and rng.random() < 1 / 3:  # late, and studying for it now
                rows.append(self.studying(who, "qual:npq-senco",
                                          self.on - self.below(300)))
            return rows
        if start > self.on:
            return rows  # not begun yet
        npq = start >= _NPQ_FROM.toordinal()
        done = start + (540 + self.below(130) if npq else 330 + self.below(370))
        qual = "qual:npq-senco" if npq else "qual:nasenco"
        if done > self.on:
            rows.append(self.studying(who, qual, start))
        elif npq:
            rows.append(self.holds(who, qual, started=start, awarded=done))
        else:
            rows.append(self.holds(who, qual, started=start, completed=done))
        return rows

    def sensory(self, who: str, special: bool) -> list[tuple[str, ...]]:
        rng = self.rng
        vi = self.kind == "vi"
        rows, since = self.qualified(who, self.career_years(3, 10))
        first = min(max(since, self.on - self.tenure(7, 25)), self.on)
        rows += [self.role(who, "role:teacher", since),
                 self.role(who, "role:qtvi" if vi else "role:qtod", first),
                 self.teaching(who, "area:vi" if vi else "area:hi", first)]
        qual = "qual:mq-vi" if vi else "qual:mq-hi"
        if rng.random() < (VI_MQ_SHARE if vi else HI_MQ_SHARE):  # held by ``on``
            done = min(first + self.below(_YEAR + 900) - _YEAR, self.on - self.below(30))
            start = max(done - 2 * _YEAR + self.below(60), since - _YEAR)
            rows.append(self.holds(who, qual, started=start, awarded=done))
        elif rng.random() < 0.5:
            rows.append(self.studying(who, qual, self.on - self.below(_YEAR)))
        return rows

    def ta(self, who: str, special: bool) -> list[tuple[str, ...]]:
        rng = self.rng
        since = self.on - self.tenure(7, 35)
        rows = [self.role(who, "role:teaching-assistant", since)]
        pick = rng.random()
        if pick < TA_L3_SHARE:  # before the post, or gained in it
            awarded = since - self.below(3 * _YEAR) if rng.random() < 0.5 else \
                since + self.below(self.on - since + 1)
            rows.append(self.holds(who, "qual:stl-l3-diploma", awarded=awarded))
        elif pick < TA_L3_SHARE + TA_L2_SHARE:
            rows.append(self.holds(who, "qual:stl-l2-certificate",
                                   awarded=since - self.below(2 * _YEAR)))
        return rows

    def hlta(self, who: str, special: bool) -> list[tuple[str, ...]]:
        became = self.on - self.tenure(6, 20)
        ta_since = became - _YEAR - self.tenure(4, 15)
        status = became - 30 - self.below(120)
        return [self.role(who, "role:teaching-assistant", ta_since, became - 1),
                self.role(who, "role:hlta", became),
                self.holds(who, "qual:l2-english-maths", awarded=ta_since - self.below(
                    10 * _YEAR)),
                self.holds(who, "qual:hlta-status", awarded=status)]


def workforce(n: int, *, seed: int = 0,
              on: dt.date = dt.date(2026, 9, 1)) -> Iterator[tuple[str, ...]]:
    """Yield the rows of a synthetic workforce of ``n`` persons: :data:`HEADER`, then their rows.

    Persons are ``p0000001``, ``p0000002`` and so on, each person's rows together. Every
    dated fact lies on or before ``on``: the workforce as it stands that day. The rows depend
    only on ``n``, ``seed`` and ``on`` (and the constants of this module), and are made one
    person at a time, so memory stays flat whatever ``n``.

    Args:
        n: The number of persons (0 or more).
        seed: The seed of the :class:`random.Random` that draws them.
        on: The day the workforce stands on (1 September 2010 or later).

    Raises:
        ValueError: ``n`` is negative or not a whole number, or ``on`` is too early.

    Example:
        >>> import datetime as dt
        >>> rows = list(workforce(2, seed=0))
        >>> rows[0] == HEADER, all(len(row) == len(HEADER) for row in rows)
        (True, True)
        >>> rows == list(workforce(2, seed=0))
        True
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"the number of persons must be a whole number of 0 or more, not {n!r}")
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime) or on < _EARLIEST:
        shown = on.isoformat() if isinstance(on, dt.date) else repr(on)
        raise ValueError(f"the day must be a date on or after {_EARLIEST.isoformat()}, "
                         f"not {shown}")
    return _rows(n, seed, on)


def _rows(n: int, seed: int, on: dt.date) -> Iterator[tuple[str, ...]]:
    yield HEADER
    maker = _Maker(random.Random(seed), on)  # noqa: S311 - a simulation, not a secret
    for i in range(1, n + 1):
        yield from maker.person(f"p{i:07d}")


def write_workforce(path: str | Path, n: int, *, seed: int = 0,
                    on: dt.date = dt.date(2026, 9, 1)) -> int:
    """Write :func:`workforce` to ``path`` as CSV, atomically, and return the number of persons.

    The rows go to a temporary file in the same folder, which replaces ``path`` only once it is
    whole (flushed to disk, with the old file's permissions); on any failure it is removed and
    ``path`` is left as it was.

    Raises:
        ValueError: As for :func:`workforce`.
        WriteError: The file could not be written (the message names it and the reason).

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
        >>> write_workforce(path, 5, seed=7)
        5
        >>> path.read_text().splitlines()[0]
        'person,table,id,since,until,awarded,started,completed,start,end,hours,date,kind,role,need'
    """
    rows = workforce(n, seed=seed, on=on)  # checks the arguments before a file is made
    with atomic_writer(path) as handle:
        # no cell holds a comma, a quote or a line break (ids, dates, person numbers), so
        # joining is the CSV a csv.writer would write, about four times faster
        join = ",".join
        while chunk := [join(row) for row in itertools.islice(rows, 8192)]:
            chunk.append("")
            handle.write("\n".join(chunk))
    return n
