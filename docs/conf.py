"""Sphinx configuration for the sendpath documentation.

Build with ``sphinx-build -n -W -b html docs docs/_build/html`` (and ``-b doctest``
for the examples). The build needs no network: intersphinx reads the inventories
committed in ``docs/_inv/`` (see ``docs/_inv/README``).
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
INV = HERE / "_inv"


def _version() -> str:
    """Return the version of the installed sendpath distribution.

    The docs document the installed package. When sendpath is only importable
    from a checkout (``PYTHONPATH=src``) there is no distribution metadata, so
    fall back to the version written in ``pyproject.toml``.
    """
    try:
        return importlib.metadata.version("sendpath")
    except importlib.metadata.PackageNotFoundError:
        with (HERE.parent / "pyproject.toml").open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])


# -- Project information -------------------------------------------------------

project = "sendpath"
author = "The sendpath developers"
copyright = "2026, The sendpath developers"

version = _version()
release = f"{version} (UNRELEASED)" if "dev" in version else version

# -- General configuration -----------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "sphinx.ext.graphviz",
    "sendpath.sphinxext",
    "myst_parser",  # only to include CHANGELOG.md in the changelog pages
]

# The example files the pages read (profiles, packages, a CSV and its README) are not pages.
exclude_patterns = ["_build", "examples"]
# The data changelog includes CHANGELOG.md from its data part, whose headings start at ##.
suppress_warnings = ["myst.header"]
# Pages are reStructuredText; Markdown (CHANGELOG.md) is only included by the changelog pages.
source_suffix = {".rst": "restructuredtext"}
language = "en"

# Every cross-reference must resolve (``-n``); only targets that have no
# inventory are ignored, and each one is listed here with the reason.
nitpicky = True
nitpick_ignore_regex = [
    # networkx publishes no objects.inv we can ship, so its types cannot link.
    (r"py:.*", r"networkx\..*"),
    (r"py:.*", r"nx\..*"),
    (r"py:class", r"MultiDiGraph"),
    # bulk's input type alias (a path, profiles or a DataFrame), described in the docstrings.
    (r"py:class", r"Profiles"),
    # Sphinx's own inventory is not committed; its types appear only in the extension's setup().
    (r"py:class", r"(sphinx\..*|Sphinx|ExtensionMetadata)"),
    # Private bases and type variables appear in signatures but are not part of the API.
    (r"py:class", r"sendpath\..*\._[A-Za-z]\w*"),
    (r"py:class", r"sendpath\.(\w+\.)*_\w+\.\w+"),  # a base class in a private module
    (r"py:class", r"sendpath\..*\.T"),
    # Postponed annotations name these as written in the source (``dt.date``, the aliases
    # ``Requirement`` and ``Entity``); each is documented, but autodoc cannot link the short form.
    (r"py:class", r"dt\.date"),
    (r"py:class", r"Path"),  # pathlib.Path, as ``from pathlib import Path`` writes it
    (r"py:class", r"Traversable"),  # importlib.resources.abc.Traversable
    (r"py:class", r"'?(sendpath\.model\.)?Requirement'?"),
    (r"py:class", r"'?(sendpath\.catalogue\.)?Entity'?"),
]

# -- autodoc and napoleon --------------------------------------------------------

autodoc_typehints = "description"

autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}
autoclass_content = "class"

napoleon_google_docstring = True
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# -- intersphinx (offline) -------------------------------------------------------

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", (str(INV / "python.inv"),)),
    "attrs": ("https://www.attrs.org/en/stable/", (str(INV / "attrs.inv"),)),
    "cattrs": ("https://catt.rs/en/stable/", (str(INV / "cattrs.inv"),)),
}
intersphinx_timeout = 1

# -- doctest -------------------------------------------------------------------

# Docstring examples are tested by ``pytest --doctest-modules``; the doctest builder tests the
# ``.. doctest::`` blocks of the pages themselves.
doctest_test_doctest_blocks = ""
# ``EXAMPLES`` is the folder of the profiles the pages show (``docs/examples``); a page's
# hidden ``testsetup`` changes into it, so its examples read ``me.toml`` as a reader would.
doctest_global_setup = f"""
import sendpath
EXAMPLES = {str(HERE / "examples")!r}
"""

# -- graphviz ------------------------------------------------------------------

# The ``sendpath-diagram`` directive's pictures: DOT drawn by Graphviz's ``dot`` at build time.
graphviz_output_format = "svg"

# -- HTML output ---------------------------------------------------------------

html_theme = "furo"
html_title = f"sendpath {release}"
html_static_path = ["_static"]
html_css_files = ["sendpath.css"]  # console output wraps (see the file)
html_show_sourcelink = True
