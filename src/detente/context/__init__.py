"""Context of events: amounts, tone and themes (pure functions over a parsed Doc).

The methods, scales and conventions are described in ``docs/context.md``.
"""

from __future__ import annotations

import csv

from detente.resources import data_files


def read_tsv(*parts: str) -> list[dict[str, str]]:
    """Rows of a context TSV file (packaged, then user files of the same name), cells stripped."""
    rows: list[dict[str, str]] = []
    for path in data_files("context", *parts):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append({k.strip(): (v or "").strip() for k, v in row.items() if k})
    return rows
