"""The typed model: frozen attrs classes for every record, requirement node and manifest.

Example:
    >>> from sendpath.model import Citation, Qualification
    >>> Qualification(id="qual:qts", title="Qualified teacher status", kind="status",
    ...               sources=(Citation(source="source:teachers-standards"),)).status
    'current'
"""

from sendpath.model.crosswalk import CONFIDENCES, RELATIONS, Crosswalk
from sendpath.model.entities import (
    OUTCOME_KINDS,
    QUALIFICATION_KINDS,
    QUALIFICATION_STATUSES,
    Activity,
    AreaOfNeed,
    Framework,
    Level,
    Outcome,
    Qualification,
    Role,
    Scale,
)
from sendpath.model.package import FORMAT_VERSION, PackageInfo
from sendpath.model.profile import (
    ActivityRecord,
    ExperiencePeriod,
    Holding,
    Profile,
    RoleSpell,
    ServicePeriod,
    Study,
    TeachingPeriod,
)
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
)

__all__ = [
    "ANCHORS",
    "CONFIDENCES",
    "EXPERIENCE_KINDS",
    "FORMAT_VERSION",
    "OUTCOME_KINDS",
    "QUALIFICATION_KINDS",
    "QUALIFICATION_STATUSES",
    "RECORD_TABLES",
    "RELATIONS",
    "REQUIREMENT_TYPES",
    "SOURCE_KINDS",
    "Activity",
    "ActivityRecord",
    "AllOf",
    "AnyOf",
    "AppointedAfter",
    "AppointedOnOrBefore",
    "AreaOfNeed",
    "AtLeast",
    "Citation",
    "Crosswalk",
    "Experience",
    "ExperiencePeriod",
    "Framework",
    "Holding",
    "Holds",
    "InRole",
    "Level",
    "MinCredits",
    "MinHours",
    "Obligation",
    "Outcome",
    "PackageInfo",
    "Period",
    "PriorServiceOver",
    "Profile",
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
    "referenced_ids",
    "walk",
]

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
}
