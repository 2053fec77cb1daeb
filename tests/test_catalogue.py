"""The Catalogue: the shipped data, cached and read-only, and where it is read from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from _catalogues import copy_tree

import sendpath
from sendpath import catalogue
from sendpath.catalogue import Catalogue, load_default
from sendpath.errors import AmbiguousIdError, DataError, UnknownIdError
from sendpath.model import (
    AllOf,
    AnyOf,
    AppointedOnOrBefore,
    Citation,
    Holds,
    InForce,
    InRole,
    Obligation,
    Period,
    PriorServiceOver,
    Ref,
)

MAPPINGS = ["roles", "qualifications", "activities", "frameworks", "outcomes", "areas", "scales",
            "levels", "sources", "policies"]
#: The ids DESIGN.md freezes: users and other tools depend on them.
FROZEN_IDS = ["role:senco", "role:teacher", "role:headteacher", "role:teaching-assistant",
              "role:hlta", "qual:qts", "qual:induction", "qual:npq-senco", "qual:nasenco"]


@pytest.fixture
def cat() -> Catalogue:
    return load_default()


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """Forget the cached default catalogue before and after the test."""
    load_default.cache_clear()
    yield
    load_default.cache_clear()


def entities(cat: Catalogue) -> list[object]:
    return [e for name in MAPPINGS for e in getattr(cat, name).values()]


def test_load_default_is_cached(cat: Catalogue) -> None:
    assert load_default() is cat
    assert sendpath.load_default() is cat
    assert isinstance(cat, Catalogue)


def test_info_and_data_version(cat: Catalogue) -> None:
    assert cat.info.name == "england"
    assert cat.info.format_version == 1
    assert cat.data_version == cat.info.data_version
    assert cat.data_version


@pytest.mark.parametrize("name", MAPPINGS)
def test_mappings_are_read_only(cat: Catalogue, name: str) -> None:
    mapping = getattr(cat, name)
    with pytest.raises(TypeError):
        mapping["role:new"] = None
    with pytest.raises(TypeError):
        del mapping[next(iter(mapping), "role:senco")]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(cat, name, {})


@pytest.mark.parametrize(("name", "kind"), [
    ("roles", "role"), ("qualifications", "qual"), ("activities", "activity"),
    ("frameworks", "fw"), ("outcomes", "outcome"), ("areas", "area"), ("scales", "scale"),
    ("levels", "level"), ("sources", "source"),
])
def test_mappings_hold_their_kind_keyed_by_id(cat: Catalogue, name: str, kind: str) -> None:
    mapping = getattr(cat, name)
    assert list(mapping) == sorted(mapping)
    for rid, entity in mapping.items():
        assert rid.startswith(f"{kind}:")
        assert entity.id == rid


def test_the_first_slice_has_roles_qualifications_sources_and_areas(cat: Catalogue) -> None:
    assert cat.roles
    assert cat.qualifications
    assert cat.sources
    assert "area:all" in cat.areas


def test_every_entity_has_id_title_sources_and_source(cat: Catalogue) -> None:
    for entity in entities(cat):
        assert isinstance(entity.id, str)  # type: ignore[attr-defined]
        assert entity.title.strip()  # type: ignore[attr-defined]
        sources = entity.sources  # type: ignore[attr-defined]
        assert isinstance(sources, tuple)
        assert sources
        assert all(isinstance(c, Citation) for c in sources)
        assert entity.source == sources[0]  # type: ignore[attr-defined]


def test_every_citation_names_a_shipped_source(cat: Catalogue) -> None:
    for entity in entities(cat):
        for citation in entity.sources:  # type: ignore[attr-defined]
            assert citation.source in cat.sources, (entity, citation)


def test_every_source_has_a_url_or_says_why_not(cat: Catalogue) -> None:
    for source in cat.sources.values():
        assert source.urls or any(u.startswith("urls:") for u in source.unconfirmed), source.id


@pytest.mark.parametrize("rid", FROZEN_IDS)
def test_frozen_ids_exist(cat: Catalogue, rid: str) -> None:
    assert rid in cat
    assert cat.get(rid).id == rid


def test_contains_iter_len(cat: Catalogue) -> None:
    every = list(cat)
    assert every == sorted(every)
    assert len(cat) == len(every) == sum(len(getattr(cat, m)) for m in MAPPINGS)
    assert "role:senco" in cat
    assert "senco" not in cat
    assert 5 not in cat


def test_resolve_and_get_by_kind(cat: Catalogue) -> None:
    assert cat.resolve("senco") == "role:senco"
    assert cat.resolve("role:senco") == "role:senco"
    assert cat.resolve("npq-senco", kind="qual") == "qual:npq-senco"
    assert cat.get("qts").id == "qual:qts"
    assert cat.get("teacher", kind="role") is cat.roles["role:teacher"]
    assert cat.get("source:si-2024-535") is cat.sources["source:si-2024-535"]
    with pytest.raises(UnknownIdError) as info:
        cat.get("senco", kind="qual")
    assert info.value.kind == "qual"


def test_unknown_id_suggests_close_matches(cat: Catalogue) -> None:
    with pytest.raises(UnknownIdError) as info:
        cat.get("sencoo")
    assert info.value.candidates[0] == "role:senco"
    assert "did you mean role:senco" in str(info.value)
    with pytest.raises(LookupError):
        cat.resolve("role:no-such-role")


def test_ambiguous_short_names_raise_with_candidates(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "package.toml").write_text('name = "x"\nformat_version = 1\ndata_version = "1"\n')
    (root / "r.toml").write_text('''
[[source]]
id = "source:s"
title = "S"
publisher = "P"
kind = "other"

[[role]]
id = "role:senco"
title = "R"
sources = [{ source = "source:s" }]

[[qualification]]
id = "qual:senco"
title = "Q"
kind = "award"
sources = [{ source = "source:s" }]
''')
    mine = sendpath.load(root)
    with pytest.raises(AmbiguousIdError) as info:
        mine.get("senco")
    assert info.value.candidates == ("qual:senco", "role:senco")
    assert mine.get("senco", kind="qual").id == "qual:senco"


def test_senco_matches_the_worked_record_of_design(cat: Catalogue) -> None:
    senco = cat.roles["role:senco"]
    assert senco.title == "Special educational needs co-ordinator (SENCO)"
    assert senco.areas == ("area:all",)
    assert senco.sources[:2] == (
        Citation(source="source:send-regs-2014-reg49", locator="reg. 49(1)-(4), (7)"),
        Citation(source="source:si-2024-535"),
    )
    assert senco.requires == AnyOf(items=(
        AllOf(items=(Ref(id="qual:qualified-teacher"),
                     AnyOf(items=(Holds(holds="qual:induction", unless_not_required=True),
                                  Ref(id="qual:induction-exemption-qtls"))),
                     InRole(in_role="role:teacher"))),
        InRole(in_role="role:headteacher"),
    ))
    d = dt.date(2024, 9, 1)
    exempt = AnyOf(items=(AppointedOnOrBefore(appointed_on_or_before=dt.date(2009, 9, 1)),
                          PriorServiceOver(role="role:senco", months=12)))
    assert senco.obligations == (
        Obligation(
            anchor="appointed", due=Period(years=3), exempt=exempt,
            in_force=InForce(from_=d),
            requires=AnyOf(items=(
                Holds(holds="qual:npq-senco", started_on_or_after=d),
                Holds(holds="qual:nasenco", started_before=d,
                      completed_before=dt.date(2027, 9, 1)),
            )),
        ),
        Obligation(  # the wording as made, in force from 1 Sep 2014 until SI 2024/535
            anchor="appointed", due=Period(years=3), exempt=exempt,
            in_force=InForce(from_=dt.date(2014, 9, 1), until=dt.date(2024, 8, 31)),
            requires=Ref(id="qual:nasenco"),
        ),
    )


def test_catalogue_repr_is_short(cat: Catalogue) -> None:
    text = repr(cat)
    assert text.startswith("<Catalogue england ")
    assert len(text) < 200


# --- where the shipped data is read from -----------------------------------------------------


def test_shipped_root_prefers_the_packaged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                fresh_cache: None) -> None:
    real = catalogue._shipped_root("england")
    package = tmp_path / "site-packages" / "sendpath"
    copy_tree(real, package / "data" / "england")
    seen: list[str] = []

    def files(anchor: str) -> Path:
        seen.append(anchor)
        return package

    monkeypatch.setattr(catalogue.resources, "files", files)
    monkeypatch.setattr(catalogue, "_checkout_data", lambda: tmp_path / "no-checkout")
    assert catalogue._shipped_root("england") == package / "data" / "england"
    assert seen == ["sendpath"]
    cat = load_default()
    assert "role:senco" in cat
    # it really read that copy: change it and load again
    roles = package / "data" / "england" / "roles.toml"
    roles.write_text(roles.read_text().replace(
        'title = "Special educational needs co-ordinator (SENCO)"', 'title = "Packaged SENCO"'))
    load_default.cache_clear()
    assert load_default().roles["role:senco"].title == "Packaged SENCO"


def test_shipped_root_falls_back_to_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 fresh_cache: None) -> None:
    real = catalogue._shipped_root("england")
    checkout = tmp_path / "checkout" / "data"
    copy_tree(real, checkout / "england")
    empty_package = tmp_path / "src" / "sendpath"  # an editable install: no data/ inside
    empty_package.mkdir(parents=True)
    monkeypatch.setattr(catalogue.resources, "files", lambda anchor: empty_package)
    monkeypatch.setattr(catalogue, "_checkout_data", lambda: checkout)
    assert catalogue._shipped_root("england") == checkout / "england"
    roles = checkout / "england" / "roles.toml"
    roles.write_text(roles.read_text().replace(
        'title = "Special educational needs co-ordinator (SENCO)"', 'title = "Checkout SENCO"'))
    assert load_default().roles["role:senco"].title == "Checkout SENCO"


def test_checkout_data_is_the_data_folder_beside_src() -> None:
    module = Path(catalogue.__file__).resolve()
    assert catalogue._checkout_data() == module.parents[2] / "data"
    if module.parents[1].name == "src":  # running from a checkout (PYTHONPATH=src or editable)
        assert (catalogue._checkout_data() / "england" / "package.toml").is_file()


def test_shipped_root_only_knows_shipped_names() -> None:
    for name in ("scotland", "../england", "england/.."):
        with pytest.raises(UnknownIdError):
            catalogue._shipped_root(name)


def test_broken_shipped_data_is_a_data_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              fresh_cache: None) -> None:
    package = tmp_path / "sendpath"
    copy_tree(catalogue._shipped_root("england"), package / "data" / "england")
    (package / "data" / "england" / "roles.toml").write_text("[[role]]\nid = 5\n")
    monkeypatch.setattr(catalogue.resources, "files", lambda anchor: package)
    with pytest.raises(DataError) as info:
        load_default()
    assert all((p.file or "").startswith("england/") for p in info.value.problems)
