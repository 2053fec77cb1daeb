"""Lazy packages: a package's public names, each imported from its module on first use.

A command that asks one query should not pay for importing every other one, nor what they
import (cattrs, the TOML parser, the profile reader). A package lists where each of its names
lives and calls :func:`install`; a name's module is imported when the name is first read, and
the value is then kept on the package, so later reads are plain attribute look-ups.

Example:
    >>> import sys, types
    >>> sys.modules["demo"] = types.ModuleType("demo")
    >>> install("demo", {"dumps": "json"})
    >>> import demo
    >>> demo.dumps([1]), dir(demo)
    ('[1]', ['dumps'])
    >>> demo.loads
    Traceback (most recent call last):
    ...
    AttributeError: module 'demo' has no attribute 'loads'
    >>> del sys.modules["demo"]
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["LazyPackage", "install"]


class LazyPackage(ModuleType):
    """A package whose names are imported from their modules on first use.

    ``__lazy__`` maps each name to the module that defines it; ``__lazy_submodules__`` lists
    submodules that are attributes before anything imported them. Where a submodule shares its
    name with a function it defines (``sendpath.query.routes``), the function keeps the name, as
    if the package had imported it: the import system's binding of the submodule is not kept.
    """

    __lazy__: dict[str, str]
    __lazy_submodules__: frozenset[str]

    def __getattr__(self, name: str) -> Any:
        if name in self.__dict__.get("__lazy__", {}):
            value = getattr(importlib.import_module(self.__lazy__[name]), name)
        elif name in self.__dict__.get("__lazy_submodules__", ()):
            value = importlib.import_module(f"{self.__name__}.{name}")
        else:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        ModuleType.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in self.__dict__.get("__lazy__", {}):
            return  # a submodule arriving under the name of a function it defines
        ModuleType.__setattr__(self, name, value)

    def __dir__(self) -> list[str]:
        return sorted({*self.__lazy__, *self.__lazy_submodules__, *getattr(self, "__all__", ())})


def install(package: str, names: Mapping[str, str], submodules: Iterable[str] = ()) -> None:
    """Make the already imported ``package`` lazy.

    Args:
        package: The package's name (its ``__name__``).
        names: Each public name and the module that defines it.
        submodules: Submodules reachable as attributes before anything imported them.
    """
    module = sys.modules[package]
    vars(module).update(__lazy__=dict(names), __lazy_submodules__=frozenset(submodules))
    module.__class__ = LazyPackage
