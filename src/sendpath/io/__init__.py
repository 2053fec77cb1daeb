"""Input and output: the strict loader, data packages, profiles, JSON and atomic writes.

Each name is imported from its module on first use: reading the shipped data's snapshot
(``sendpath.io.snapshot``) or writing JSON does not load cattrs or the TOML parser.

Example:
    >>> from sendpath.io import structure, unstructure
    >>> from sendpath.model import Period
    >>> unstructure(structure({"years": 3}, Period))
    {'years': 3}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendpath._lazy import install

if TYPE_CHECKING:
    from sendpath.io._converter import structure, unstructure
    from sendpath.io._parse import MAX_BYTES, MAX_DATA_BYTES, parse, read_capped
    from sendpath.io.output import atomic_write, atomic_writer, dumps
    from sendpath.io.package import MANIFEST, Located, RawPackage, read_package
    from sendpath.io.profile import load_profile, profile_from_mapping
    from sendpath.io.pupils import read_pupils
    from sendpath.io.staff import read_staff

__all__ = [
    "MANIFEST",
    "MAX_BYTES",
    "MAX_DATA_BYTES",
    "Located",
    "RawPackage",
    "atomic_write",
    "atomic_writer",
    "dumps",
    "load_profile",
    "parse",
    "profile_from_mapping",
    "read_capped",
    "read_package",
    "read_pupils",
    "read_staff",
    "structure",
    "unstructure",
]

install(__name__, {
    "structure": "sendpath.io._converter",
    "unstructure": "sendpath.io._converter",
    "MAX_BYTES": "sendpath.io._parse",
    "MAX_DATA_BYTES": "sendpath.io._parse",
    "parse": "sendpath.io._parse",
    "read_capped": "sendpath.io._parse",
    "atomic_write": "sendpath.io.output",
    "atomic_writer": "sendpath.io.output",
    "dumps": "sendpath.io.output",
    "MANIFEST": "sendpath.io.package",
    "Located": "sendpath.io.package",
    "RawPackage": "sendpath.io.package",
    "read_package": "sendpath.io.package",
    "load_profile": "sendpath.io.profile",
    "profile_from_mapping": "sendpath.io.profile",
    "read_pupils": "sendpath.io.pupils",
    "read_staff": "sendpath.io.staff",
})
