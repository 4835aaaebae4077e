"""User actor dictionaries: bring your own names and codes.

:func:`gazetteer_with` builds a :class:`~detente.actors.gazetteer.Gazetteer` from the
packaged data plus any number of user dictionaries, each one of:

* a **CSV or YAML** list of entries with ``name`` (a ``|``-separated list of surface forms,
  matched case-sensitively), ``code`` (a CAMEO actor code: ``GBR``, ``GBRGOV``,
  ``IGOWSTNAT``…), and optionally ``from``/``to`` (years the code holds), ``role``,
  ``kind`` (``person``, ``organisation``, ``country``);
* a **PETRARCH/TABARI actor dictionary** (``NAME [CODE]`` lines, ``+`` synonyms, dated code
  blocks), or an **agent dictionary** (``NOUN [~SECTOR]``), told apart by their contents;
* a **directory** laid out like ``src/detente/data`` (``actors/countries.tsv``, …).

User entries are read after the packaged ones; for a surface form both know, the longest
match wins and then the user's entry, since a dictionary is usually brought to say better.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from detente.actors.gazetteer import Gazetteer
from detente.actors.petrarch import DictEntry, read_actor_dictionary, read_agent_dictionary, write_gazetteer
from detente.errors import DataError


def _records(path: Path) -> list[dict[str, Any]]:
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if isinstance(data, dict):
                data = data.get("actors", [])
            if not isinstance(data, list):
                raise DataError("a YAML dictionary must be a list of entries", where=str(path))
            return [d for d in data if isinstance(d, dict)]
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, yaml.YAMLError, csv.Error) as exc:
        raise DataError(f"cannot read actor dictionary: {exc}", where=str(path)) from exc


def _table_entries(path: Path) -> tuple[list[DictEntry], list[list[str]]]:
    """Plain entries (undated) and people rows (dated or persons) from a CSV/YAML table."""
    entries: list[DictEntry] = []
    people: list[list[str]] = []
    for number, record in enumerate(_records(path), 2):
        names = [n.strip() for n in str(record.get("name") or "").split("|") if n.strip()]
        code = str(record.get("code") or "").strip().upper()
        if not names or not code:
            raise DataError("an entry needs a name and a code", where=f"{path}:{number}")
        start, end = record.get("from"), record.get("to")
        if start or end or str(record.get("kind") or "") == "person":
            people.append([names[0], "|".join(names[1:]), code[:3] if len(code) <= 6 else code,
                           code[3:6] if len(code) <= 6 else "", str(record.get("role") or ""),
                           str(start or ""), str(end or ""), "", "user dictionary"])
        else:
            entries.append(DictEntry(names, [(code, None, None)]))
    return entries, people


def _is_agent_file(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    return "[~" in text and text.count("[~") >= text.count("[") / 2


def gazetteer_with(paths: Iterable[str | Path]) -> Gazetteer:
    """The packaged gazetteer extended with user dictionaries (see the module docstring)."""
    extra: list[Path] = []
    workdir = Path(tempfile.mkdtemp(prefix="detente-dict-"))
    for n, raw in enumerate(paths):
        path = Path(raw)
        if path.is_dir():
            extra.append(path)
            continue
        if not path.is_file():
            raise DataError("no such dictionary", where=str(path))
        target = workdir / str(n)
        suffix = path.suffix.lower()
        if suffix in (".csv", ".yaml", ".yml"):
            entries, people = _table_entries(path)
            write_gazetteer(entries, target)
            if people:
                with (target / "actors" / "people.tsv").open("a", encoding="utf-8", newline="") as handle:
                    csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(people)
        elif _is_agent_file(path):
            write_gazetteer([], target, read_agent_dictionary(path))
        else:
            write_gazetteer(read_actor_dictionary(path), target)
        extra.append(target)
    return Gazetteer(tuple(extra))

