"""Locate packaged data files (gazetteers, lexicon, ontology) and user overrides."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from detente.errors import DataError

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """Path of a packaged data file, e.g. ``data_path("lexicon", "roots_10_20.yaml")``."""
    return _PACKAGE_DATA.joinpath(*parts)


def extra_data_dirs() -> list[Path]:
    """User data directories from ``DETENTE_DATA`` (``os.pathsep``-separated).

    Files there with the same relative name as a packaged file are read after it, so users
    can add countries, roles or lexicon entries without editing the package.
    """
    raw = os.environ.get("DETENTE_DATA", "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def data_files(*parts: str) -> list[Path]:
    """The packaged file and any same-named user files that exist, in load order."""
    found = [data_path(*parts)]
    found += [d.joinpath(*parts) for d in extra_data_dirs()]
    return [p for p in found if p.exists()]


def read_table(*parts: str, packaged_only: bool = False) -> list[dict[str, str]]:
    """Rows of a tab-separated data file, cells stripped: the packaged file, then the user
    files of the same name (:func:`data_files`), unless ``packaged_only``.

    Raises:
        DataError: a file cannot be read.
    """
    rows: list[dict[str, str]] = []
    for path in [data_path(*parts)] if packaged_only else data_files(*parts):
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                    rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
        except OSError as exc:
            raise DataError(f"cannot read a data file ({exc.strerror or exc})", where=str(path)) from exc
    return rows
