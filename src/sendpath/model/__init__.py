"""The typed model: frozen attrs classes for every record, requirement node and manifest.

Example:
    >>> from sendpath.model import Citation, Qualification
    >>> Qualification(id="qual:qts", title="Qualified teacher status", kind="status",
    ...               sources=(Citation(source="source:teachers-standards"),)).status
    'current'

The pupils' groups and school terms (``PupilGroup``, ``Term``, ``SEASONS``) and a person's
profile (``Profile`` and its rows) are imported on first use: loading data and asking routes
never needs them.
"""

from typing import TYPE_CHECKING

import attrs

from sendpath._lazy import install
from sendpath.model.crosswalk import CONFIDENCES, RELATIONS, Crosswalk
from sendpath.model.entities import (
    FUNDING_COVERS,
    HOURS_BASES,
    MODES,
    OUTCOME_KINDS,
    POLICY_STATUSES,
    QUALIFICATION_KINDS,
    QUALIFICATION_STATUSES,
    TERMS,
    Activity,
    AreaOfNeed,
    ByStart,
    Framework,
    Funding,
    Level,
    Outcome,
    Policy,
    Qualification,
    Role,
    Scale,
)
from sendpath.model.package import FORMAT_VERSION, PackageInfo
from sendpath.model.provenance import SOURCE_KINDS, Citation, Source
from sendpath.model.requirements import (
    ANCHORS,
    EXPERIENCE_KINDS,
    REQUIREMENT_TYPES,
    AllOf,
    AnyOf,
    AppointedAfter,
    AppointedOnOrBefore,
    AtLeast,
    Experience,
    Holds,
    InForce,
    InRole,
    MinCredits,
    MinHours,
    Obligation,
    Period,
    PriorServiceOver,
    Ref,
    Requirement,
    referenced_ids,
    walk,
    wording_on,
)

if TYPE_CHECKING:
    from sendpath.model.profile import (
        PROFILE_TABLES,
        ActivityRecord,
        ExperiencePeriod,
        Holding,
        Profile,
        RoleSpell,
        ServicePeriod,
        Study,
        TeachingPeriod,
    )
    from sendpath.model.school import PupilGroup
    from sendpath.model.term import SEASONS, Term

__all__ = [
    "ANCHORS",
    "CONFIDENCES",
    "EXPERIENCE_KINDS",
    "FORMAT_VERSION",
    "FUNDING_COVERS",
    "HOURS_BASES",
    "MODES",
    "OUTCOME_KINDS",
    "POLICY_STATUSES",
    "PROFILE_TABLES",
    "QUALIFICATION_KINDS",
    "QUALIFICATION_STATUSES",
    "RECORD_TABLES",
    "RELATIONS",
    "REQUIREMENT_TYPES",
    "SEASONS",
    "SOURCE_KINDS",
    "TERMS",
    "Activity",
    "ActivityRecord",
    "AllOf",
    "AnyOf",
    "AppointedAfter",
    "AppointedOnOrBefore",
    "AreaOfNeed",
    "AtLeast",
    "ByStart",
    "Citation",
    "Crosswalk",
    "Experience",
    "ExperiencePeriod",
    "Framework",
    "Funding",
    "Holding",
    "Holds",
    "InForce",
    "InRole",
    "Level",
    "MinCredits",
    "MinHours",
    "Obligation",
    "Outcome",
    "PackageInfo",
    "Period",
    "Policy",
    "PriorServiceOver",
    "Profile",
    "PupilGroup",
    "Qualification",
    "Ref",
    "Requirement",
    "Role",
    "RoleSpell",
    "Scale",
    "ServicePeriod",
    "Source",
    "Study",
    "TeachingPeriod",
    "Term",
    "data_key",
    "ref_kinds",
    "referenced_ids",
    "walk",
    "wording_on",
]

def data_key(cls: type, name: str) -> str:
    """Return the data-format key of the field ``name`` of the model class ``cls``.

    The keys are declared once, on the fields themselves (``metadata={"key": ...}``), where
    they differ from the Python name: a role's ``obligations`` are ``[[role.obligation]]``.

    Example:
        >>> data_key(Role, "obligations"), data_key(Role, "requires"), data_key(AllOf, "items")
        ('obligation', 'requires', 'all')
    """
    found = _DATA_KEYS.get((cls, name))
    if found is None:  # looked up once per class and field: loading asks thousands of times
        field = next((a for a in attrs.fields(cls) if a.name == name), None)
        if field is None:
            raise AttributeError(f"{cls.__name__} has no field {name!r}")
        found = _DATA_KEYS[cls, name] = str(field.metadata.get("key", name))
    return found


_DATA_KEYS: dict[tuple[type, str], str] = {}


def ref_kinds(cls: type, name: str) -> tuple[str, ...]:
    """Return the kinds of id the field ``name`` of ``cls`` refers to (empty: not an id field).

    Declared once, by the field's own check; profiles resolve short names by them, preferred
    first.

    Example:
        >>> ref_kinds(Holding, "id"), ref_kinds(TeachingPeriod, "need"), ref_kinds(Holding, "until")
        (('qual', 'activity'), ('area',), ())
    """
    for a in attrs.fields(cls):
        if a.name == name:
            checks = getattr(a.validator, "_validators", (a.validator,))
            for check in checks:
                kinds: tuple[str, ...] = getattr(check, "kinds", ())
                if kinds:
                    return kinds
            return ()
    raise AttributeError(f"{cls.__name__} has no field {name!r}")


#: Every kind of top-level record, by its table name in a data file.
RECORD_TABLES = {
    "source": Source,
    "area": AreaOfNeed,
    "scale": Scale,
    "framework": Framework,
    "qualification": Qualification,
    "activity": Activity,
    "role": Role,
    "crosswalk": Crosswalk,
    "policy": Policy,
}

_PROFILE_NAMES = ("PROFILE_TABLES", "ActivityRecord", "ExperiencePeriod", "Holding", "Profile",
                  "RoleSpell", "ServicePeriod", "Study", "TeachingPeriod")
install(__name__, {"PupilGroup": f"{__name__}.school", "SEASONS": f"{__name__}.term",
                   "Term": f"{__name__}.term",
                   **dict.fromkeys(_PROFILE_NAMES, f"{__name__}.profile")})
