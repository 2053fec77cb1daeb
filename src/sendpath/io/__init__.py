"""Input and output: the strict loader, data packages, profiles, JSON and atomic writes.

Example:
    >>> from sendpath.io import structure, unstructure
    >>> from sendpath.model import Period
    >>> unstructure(structure({"years": 3}, Period))
    {'years': 3}
"""

from sendpath.io._converter import structure, unstructure
from sendpath.io._parse import MAX_BYTES, parse, read_capped
from sendpath.io.output import atomic_write, dumps
from sendpath.io.package import MANIFEST, Located, RawPackage, read_package
from sendpath.io.profile import load_profile, profile_from_mapping

__all__ = [
    "MANIFEST",
    "MAX_BYTES",
    "Located",
    "RawPackage",
    "atomic_write",
    "dumps",
    "load_profile",
    "parse",
    "profile_from_mapping",
    "read_capped",
    "read_package",
    "structure",
    "unstructure",
]
