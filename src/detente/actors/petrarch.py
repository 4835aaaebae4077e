"""Import a PETRARCH/TABARI actor dictionary as detente gazetteer files.

PETRARCH dictionaries list actors as upper-case phrases with ``_`` for spaces and a code in
brackets (``HAMAS_MILITARY_COMMAND [PSEHMSGOV]``), synonyms on ``+`` lines below, comments
after ``#``. Phrases without a trailing ``_`` also match longer words (``ARGENTIN`` covers
Argentina, Argentine): we write the common English endings out, since detente matches whole
tokens. Three-letter codes become countries, six-letter codes country + sector, longer codes
organisations.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

_ENTRY = re.compile(r"^([^\[#]+?)\s*(?:\{[^}]*\})?\s*\[([^\]]*)\]")
#: Endings a stem like ``ARGENTIN`` or ``BULGAR`` takes in English text.
_ENDINGS = ("", "a", "ia", "ian", "ians", "e", "es", "i", "is", "s", "ese", "n", "ns")


def _title(phrase: str) -> str:
    words = phrase.replace("_", " ").split()
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in words)


def _forms(raw: str) -> list[str]:
    raw = raw.strip()
    exact = raw.endswith("_")
    base = _title(raw.rstrip("_"))
    if not base:
        return []
    if exact or " " in base:
        return [base]
    return [base + ending for ending in _ENDINGS]


def read_actor_dictionary(path: Path) -> list[tuple[str, list[str]]]:
    """(code, surface forms) per entry; entries with a null code (``[---]``) are dropped."""
    entries: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.split("#", 1)[0].rstrip()
        if not text or text.lstrip().startswith(("<", "!")):
            continue
        if text.startswith("+"):
            if entries:
                entries[-1][1].extend(_forms(text[1:]))
            continue
        match = _ENTRY.match(text)
        if match is None:
            continue
        code = match.group(2).strip().upper()
        entries.append((code, _forms(match.group(1))))
    return [(code, forms) for code, forms in entries if code and not code.startswith("-")]


def write_gazetteer(entries: list[tuple[str, list[str]]], directory: Path) -> Path:
    """Write ``directory/actors/{countries,capitals,organisations}.tsv``; return ``directory``."""
    actors = directory / "actors"
    actors.mkdir(parents=True, exist_ok=True)
    files = {
        "countries.tsv": ["code", "iso3", "name", "aliases", "adjectives", "kind"],
        "capitals.tsv": ["phrase", "code", "sector", "name", "note"],
        "organisations.tsv": ["phrase", "code", "name", "kind", "note"],
    }
    rows: dict[str, list[list[str]]] = {name: [] for name in files}
    for code, forms in entries:
        if not forms:
            continue
        unique = list(dict.fromkeys(forms))
        if len(code) == 3:
            rows["countries.tsv"].append([code, "", unique[0], "|".join(unique), "", "state"])
        elif len(code) == 6:
            rows["capitals.tsv"].append(["|".join(unique), code[:3], code[3:], unique[0], "imported"])
        else:
            rows["organisations.tsv"].append(["|".join(unique), code, unique[0], "igo", "imported"])
    for name, header in files.items():
        with (actors / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                                escapechar="\\")
            writer.writerow(header)
            writer.writerows(rows[name])
    return directory
