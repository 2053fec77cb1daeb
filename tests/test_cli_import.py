"""``sendpath import FILE --from F -o DIR``: another format's file as a data package folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sendpath
from sendpath.cli import main
from sendpath.export import to_sssom


def _new_link() -> tuple[str, str]:
    """Two England outcomes of different frameworks that no crosswalk links yet."""
    cat = sendpath.load_default()
    linked = {(c.from_, c.to) for c in cat.crosswalks} | {(c.to, c.from_) for c in cat.crosswalks}
    ts = sorted(o for o in cat.outcomes if o.startswith("outcome:ts/"))
    hlta = sorted(o for o in cat.outcomes if o.startswith("outcome:hlta-standards/"))
    return next((a, b) for a in hlta for b in ts if (a, b) not in linked)


@pytest.fixture
def sssom_file(tmp_path: Path) -> Path:
    head = [line for line in to_sssom(sendpath.load_default()).splitlines()
            if line.startswith("#") or line.startswith("subject_id")]
    a, b = _new_link()
    row = "\t".join([a, "", "skos:relatedMatch", b, "", "semapv:ManualMappingCuration", "0.5",
                     "", "a local reading"])
    path = tmp_path / "Our links.sssom.tsv"
    path.write_text("\n".join([*head, row]) + "\n", encoding="utf-8")
    return path


def test_sssom_in_as_a_package_every_command_reads(
        sssom_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pkg"
    assert main(["import", str(sssom_file), "--from", "sssom", "-o", str(out),
                 "--extends", "england"]) == 0
    said = " ".join(capsys.readouterr().out.split())  # wrapped to the terminal
    assert f"wrote {out}: package our-links, 1 crosswalk (extends england)" in said
    assert "nothing had to be guessed" in said
    assert main(["validate", str(out)]) == 0
    a, b = _new_link()
    capsys.readouterr()
    assert main(["crosswalk", a, "--json", "--data", str(out)]) == 0
    links = json.loads(capsys.readouterr().out)
    assert b in json.dumps(links)


def test_json_names_the_package_and_counts(sssom_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pkg"
    assert main(["import", str(sssom_file), "--from", "sssom", "-o", str(out),
                 "--extends", "england", "--name", "local-links", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["package"] == "local-links"
    assert data["records"] == {"crosswalk": 1}
    assert data["warnings"] == []
    assert data["data_digest"] == sendpath.load(out).digest


def test_an_invalid_import_writes_nothing(sssom_file: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pkg"  # without --extends the outcomes are unknown
    assert main(["import", str(sssom_file), "--from", "sssom", "-o", str(out)]) == 2
    assert "unknown-reference" in capsys.readouterr().err
    assert not out.exists()


def test_a_users_folder_is_never_overwritten(sssom_file: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pkg"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    assert main(["import", str(sssom_file), "--from", "sssom", "-o", str(out),
                 "--extends", "england"]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]


def test_unknown_base_is_a_usage_error(sssom_file: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(sssom_file), "--from", "sssom", "-o", str(tmp_path / "p"),
                 "--extends", "wales"]) == 2
    assert "no shipped package 'wales'" in capsys.readouterr().err


def test_case_out_and_in_through_the_cli(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "case", "--subgraph", "npq-senco-framework",
                 "-o", str(tmp_path / "npq.json")]) == 0
    assert main(["import", str(tmp_path / "npq.json"), "--from", "case",
                 "-o", str(tmp_path / "pkg"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["records"] == {"source": 1, "framework": 1}
    cat = sendpath.load(tmp_path / "pkg")
    original = sendpath.load_default().frameworks["fw:npq-senco-framework"]
    back = cat.frameworks["fw:npq-senco-framework"]
    assert [(o.id, o.title, o.parent) for o in back.outcomes] == [
        (o.id, o.title, o.parent) for o in original.outcomes]


def test_case_without_subgraph_writes_a_file_per_framework(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "case"]) == 2
    assert "--subgraph FRAMEWORK" in capsys.readouterr().err
    assert main(["export", "--format", "case", "-o", str(tmp_path / "all")]) == 0
    files = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert len(files) == len(sendpath.load_default().frameworks)
    assert "npq-senco-framework.case.json" in files
    assert main(["import", *(str(tmp_path / "all" / f) for f in files), "--from", "case",
                 "-o", str(tmp_path / "pkg"), "--name", "all-frameworks", "--json"]) == 0
    data = json.loads(capsys.readouterr().out.split("\n", 1)[1])  # after the export's line
    assert data["records"]["crosswalk"] == len(sendpath.load_default().crosswalks)


DATA = Path(__file__).parent / "data" / "interop"


def test_ctdl_in_through_the_cli_answers_routes(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pkg"
    assert main(["import", str(DATA / "ctdl" / "pathway-comptia-it-networking-specialist.jsonld"),
                 "--from", "ctdl", "-o", str(out), "--explain"]) == 0
    said = capsys.readouterr().out
    assert "8 qualifications, 2 roles" in " ".join(said.split())
    roles = sorted(sendpath.load(out).roles)
    start = next(r for r in roles if r.endswith("/start"))
    goal = next(r for r in roles if not r.endswith("/start"))
    assert main(["routes", start, goal, "--data", str(out), "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["routes"][0]["steps"]
    assert len(steps) == 9


def test_ctdl_dangling_reference_is_an_error_unless_dropped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(DATA / "ctdl" / "pathway-heriot-watt-computer-science.expanded.jsonld"),
             str(DATA / "ctdl" / "heriot-watt-courses.expanded.jsonld")]
    assert main(["import", *files, "--from", "ctdl", "-o", str(tmp_path / "a")]) == 2
    assert "is not in the file or its companions" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    assert main(["import", *files, "--from", "ctdl", "-o", str(tmp_path / "b"),
                 "--drop-dangling", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["records"]["activity"] == 4
    assert any(w["code"] == "unknown-reference" for w in data["warnings"])
    assert main(["import", *files, "--from", "case", "-o", str(tmp_path / "c"),
                 "--drop-dangling"]) == 2


def test_ctdl_out_is_the_sencos_pathway_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "ctdl"]) == 0
    doc = json.loads(capsys.readouterr().out)
    pathway = next(n for n in doc["@graph"] if n["@type"] == "ceterms:Pathway")
    assert pathway["sendpath:dataDigest"] == sendpath.load_default().digest
    assert "senco" in pathway["ceterms:hasDestinationComponent"]


def test_ctdl_asn_in_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DATA / "ctdlasn" / "framework-onet-basic-skills.jsonld"),
                 "--from", "ctdl-asn", "-o", str(tmp_path / "p"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"]["framework"] == 1
    fw = next(iter(sendpath.load(tmp_path / "p").frameworks.values()))
    assert len(fw.outcomes) == 12
