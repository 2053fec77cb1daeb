"""Packages import their names on first use; the version is looked up once, cheaply."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import pytest

import sendpath
from sendpath import _version, query
from sendpath.cli import main


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (nothing imported yet) and return what it prints."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          check=True)
    return done.stdout.strip()


def test_a_query_is_imported_only_when_first_used() -> None:
    out = _run("import sys, sendpath.query as q\n"
               "before = sorted(m for m in sys.modules if m.startswith('sendpath.query.'))\n"
               "q.find\n"
               "after = sorted(m for m in sys.modules if m.startswith('sendpath.query.'))\n"
               "print(before, 'sendpath.query.find' in after, 'sendpath.query.gap' in after)")
    assert out == "[] True False"


def test_the_function_keeps_its_name_when_its_module_is_imported() -> None:
    # sendpath.query.routes is the function routes, as when the package imported it eagerly,
    # even after something imported the module sendpath.query.routes itself
    out = _run("import sendpath.query.gap, sendpath.query.routes\n"
               "from sendpath.query import gap, routes\n"
               "import sendpath.query as q\n"
               "print(type(gap).__name__, type(routes).__name__, type(q.routes).__name__)")
    assert out == "function function function"


def test_every_public_name_is_there_and_listed() -> None:
    assert sorted(query.__all__) == dir(query)
    for module, names in query._MODULES.items():
        for name in names:
            assert getattr(query, name) is getattr(
                importlib.import_module(f"sendpath.query.{module}"), name)
    assert {"graph", "query", "rules", "load_default", "__version__"} <= set(dir(sendpath))
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = query.nothing


def test_the_command_line_imports_nothing_it_does_not_use() -> None:
    # the shipped data comes from its snapshot: no TOML parser, no cattrs, no other query,
    # no pupils' groups or terms (a person's profile classes come with the rules' planner)
    out = _run("import sys, io, contextlib\nfrom sendpath.cli import main\n"
               "with contextlib.redirect_stdout(io.StringIO()):\n"
               "    main(['routes', 'teacher', 'senco', '--on', '2026-09-01'])\n"
               "print(sorted(m for m in ('sendpath.query.gap', 'sendpath.query.find', "
               "'sendpath.io.profile', 'sendpath.model.school', 'sendpath.model.term', "
               "'difflib', 'cattrs', 'tomllib') if m in sys.modules))")
    assert out == "[]"


def test_version_is_shown_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"sendpath {sendpath.__version__}\n"


def test_the_version_comes_from_the_build_when_there(monkeypatch: pytest.MonkeyPatch) -> None:
    built = types.ModuleType("sendpath._build_version")
    built.version = "9.9.9"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sendpath._build_version", built)
    assert _version._lookup() == "9.9.9"


def test_without_a_build_the_version_comes_from_the_metadata(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import version

    monkeypatch.setitem(sys.modules, "sendpath._build_version", None)  # import fails
    assert _version._lookup() == version("sendpath")
