"""The sector's standards in and out: 1EdTech CASE, Credential Engine CTDL and CTDL-ASN.

One module per standard, free functions. Readers return an :class:`Imported` (model records and
the warnings of what was guessed), which :func:`write_package` writes as a data package folder
that :func:`sendpath.load` and every command's ``--data`` read.

Example:
    >>> from sendpath import interop
    >>> interop.Imported(name="empty", title="Nothing", records=()).tables()
    {}
"""

from sendpath.interop._package import Imported, write_package
from sendpath.interop.case import read_case, to_case, write_case
from sendpath.interop.ctdl import read_ctdl, to_ctdl, write_ctdl
from sendpath.interop.ctdl_asn import read_ctdl_asn

__all__ = ["Imported", "read_case", "read_ctdl", "read_ctdl_asn", "to_case", "to_ctdl",
           "write_case", "write_ctdl", "write_package"]
