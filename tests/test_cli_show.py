"""The ``sendpath`` command: ``show``, ``--version``, exit codes and error output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import sendpath
from sendpath.catalogue import load_default
from sendpath.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_senco_prints_title_tree_obligation_and_sources(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "senco")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "role:senco: Special educational needs co-ordinator (SENCO)"
    assert "Eligibility:" in lines
    eligibility = out.split("Eligibility:\n", 1)[1]
    assert eligibility.startswith(
        "  any of:\n"
        "    all of:\n"
        "      holds qual:qualified-teacher (Qualified teacher (QTS, or QTLS with professional "
        "membership))\n"
        "      any of:\n"
        "        holds qual:induction (Statutory induction), or marked not required\n"
        "        holds qual:induction-exemption-qtls (Exemption from statutory induction (QTLS "
        "with professional membership))\n"
        "      is in role role:teacher (")
    assert "    is in role role:headteacher (Head teacher" in eligibility
    obligation, earlier = out.split("Obligation:\n")[1:3]
    assert obligation.startswith(
        "  within 3 years of appointment (the anniversary day itself is in time); "
        "in force from 2024-09-01\n"
        "    exempt if:\n"
        "      any of:\n"
        "        appointed on or before 2009-09-01\n"
        "        earlier service as role:senco (")
    assert "of more than 12 months in total" in obligation
    met_by = obligation.split("    met by:\n", 1)[1]
    assert "holds qual:npq-senco (" in met_by
    assert "started on or after 2024-09-01" in met_by
    assert "started before 2024-09-01, completed before 2027-09-01" in met_by
    # The wording as made, before SI 2024/535: the NASENCO, with no dates.
    assert earlier.startswith("  within 3 years of appointment (the anniversary day itself is in "
                              "time); in force 2014-09-01 to 2024-08-31\n")
    assert earlier.split("    met by:\n", 1)[1].startswith(
        "      holds qual:nasenco (National Award for Special Educational Needs Co-ordination "
        "(NASENCO))\n")
    sources = out.split("Sources:\n", 1)[1].splitlines()
    assert sources[0].startswith("  [1] The Special Educational Needs and Disability Regulations")
    assert sources[0].endswith(", reg. 49(1)-(4), (7) (source:send-regs-2014-reg49)")
    assert sources[1].strip().startswith("https://")
    assert any("(source:si-2024-535)" in line for line in sources)


def test_show_by_full_id_is_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    code_short, short, _ = run(capsys, "show", "senco")
    code_full, full, _ = run(capsys, "show", "role:senco")
    assert (code_short, code_full) == (0, 0)
    assert short.startswith("role:senco: ")
    assert short == full


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "senco", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert type(doc["format"]) is int
    assert doc["sendpath_version"] == sendpath.__version__
    assert doc["data_version"] == load_default().data_version
    assert doc["record"]["id"] == "role:senco"
    assert doc["record"]["title"] == "Special educational needs co-ordinator (SENCO)"
    assert doc["record"]["obligation"][0]["due"] == {"years": 3}
    assert doc["record"]["obligation"][0]["exempt"]["any"][0] == {
        "appointed_on_or_before": "2009-09-01"}
    assert doc["references"]["qual:npq-senco"].startswith("National Professional Qualification")
    assert "role:senco" not in doc["references"]


def test_show_json_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    _, first, _ = run(capsys, "show", "senco", "--json")
    load_default.cache_clear()
    try:
        _, second, _ = run(capsys, "show", "role:senco", "--json")
    finally:
        load_default.cache_clear()
    assert first == second
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True,
                               ensure_ascii=False) + "\n"


def test_show_unknown_id_exits_2_with_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "sencoo")
    assert code == 2
    assert out == ""
    assert err.startswith("sendpath: error: unknown id 'sencoo'")
    assert "did you mean role:senco" in err
    assert "Traceback" not in err


def test_show_unknown_id_with_json_still_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "show", "zzzzzz", "--json")
    assert code == 2
    assert err.startswith("sendpath: error: unknown id 'zzzzzz'")
    assert "Traceback" not in err


def test_show_every_record_of_the_shipped_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    cat = load_default()
    assert len(cat) > 0
    for rid in cat:
        code, out, err = run(capsys, "show", rid)
        assert (code, err) == (0, ""), rid
        assert out.startswith(f"{rid}: {cat.get(rid).title}\n")
        code, out, err = run(capsys, "show", rid, "--json")
        assert (code, err) == (0, ""), rid
        doc = json.loads(out)
        assert doc["record"]["id"] == rid
        assert doc["record"]["title"] == cat.get(rid).title


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    out, err = capsys.readouterr()
    assert out == f"sendpath {sendpath.__version__}\n"
    assert err == ""


@pytest.mark.parametrize("argv", [
    [], ["show"], ["bogus"], ["show", "senco", "extra"], ["--nope"], ["show", "--bad", "senco"],
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "sendpath: error:" in err
    assert "usage: sendpath" in err
    assert "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out, _ = capsys.readouterr()
    assert "show" in out
    assert "Exit codes" in out


def test_ctrl_c_exits_130(capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sendpath.catalogue.load_default", interrupt)
    code, out, err = run(capsys, "show", "senco")
    assert code == 130
    assert "Traceback" not in err
    assert out == ""


def _child_env() -> dict[str, str]:
    """The environment for a child Python: it imports sendpath the way this process did."""
    env = dict(os.environ)
    package_parent = os.path.dirname(os.path.dirname(sendpath.__file__))  # noqa: PTH120
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
    return env


def test_python_m_sendpath_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sendpath", "--version"], capture_output=True, text=True,
        env=_child_env(), timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"sendpath {sendpath.__version__}\n"


def test_python_m_sendpath_unknown_id_has_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sendpath", "show", "sencoo"], capture_output=True, text=True,
        env=_child_env(), timeout=60, check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "did you mean role:senco" in done.stderr
    assert "Traceback" not in done.stderr
