"""What the report generators share: a package's manifest and one source to cite."""

from __future__ import annotations

from pathlib import Path

MANIFEST = 'name = "mine"\nformat_version = 1\ndata_version = "1"\n'
SOURCE = ('[[source]]\nid = "source:a"\ntitle = "A"\npublisher = "P"\nkind = "other"\n')
CITE = 'sources = [{ source = "source:a" }]\n'


def package(folder: Path, files: dict[str, str]) -> Path:
    """Write a package folder: the manifest, a source, and ``files``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.toml").write_text(MANIFEST)
    (folder / "sources.toml").write_text(SOURCE)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder
