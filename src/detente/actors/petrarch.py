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


_AGENT = re.compile(r"^([^\[{#]+?)\s*(?:\{([^}]*)\})?\s*\[\s*([^\]]*)\]")
_MACRO = re.compile(r"^!(\w+)!\s*=\s*(.+)$")


def read_agent_dictionary(path: Path) -> list[tuple[str, list[str]]]:
    """(sector, lower-case phrases) per agent entry: ``TROOPS {} [~MIL]`` → ("MIL", ["troops"]).

    Plurals come from braces or an added "s"; ``!PERSON!``-style macros defined in the file
    are expanded ("CONGRESS!PERSON!" → congressman, congresswoman, …).
    """
    macros: dict[str, list[str]] = {}
    agents: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.split("#", 1)[0].strip()
        if not text or text.startswith("<"):
            continue
        macro = _MACRO.match(text)
        if macro:
            macros[macro.group(1)] = [w.strip().lower() for w in macro.group(2).split(",") if w.strip()]
            continue
        match = _AGENT.match(text)
        if match is None:
            continue
        sector = match.group(3).replace("~", "").strip().upper()[:3]
        if not sector:
            continue
        names = [match.group(1)]
        if match.group(2):
            names += match.group(2).split(",")
        else:
            names.append(match.group(1).rstrip("_") + "S")
        phrases: list[str] = []
        for name in names:
            phrases += _expand_macros(name.strip().replace("_", " ").lower(), macros)
        agents.append((sector, [p for p in dict.fromkeys(phrases) if p and "!" not in p]))
    return agents


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    for name, words in macros.items():
        marker = f"!{name.lower()}!"
        if marker in phrase:
            return [" ".join(phrase.replace(marker, f"{w} " if phrase.endswith(marker) else w).split())
                    for w in words]
    return [" ".join(phrase.split())]


def write_gazetteer(
    entries: list[tuple[str, list[str]]],
    directory: Path,
    agents: list[tuple[str, list[str]]] | None = None,
) -> Path:
    """Write ``directory/actors/{countries,capitals,organisations,roles}.tsv``; return
    ``directory`` (ready for ``Gazetteer(extra_dirs=(directory,))``)."""
    actors = directory / "actors"
    actors.mkdir(parents=True, exist_ok=True)
    files = {
        "countries.tsv": ["code", "iso3", "name", "aliases", "adjectives", "kind"],
        "capitals.tsv": ["phrase", "code", "sector", "name", "note"],
        "organisations.tsv": ["phrase", "code", "name", "kind", "note"],
        "roles.tsv": ["phrase", "sector", "kind", "gender", "note"],
    }
    rows: dict[str, list[list[str]]] = {name: [] for name in files}
    for sector, phrases in agents or []:
        rows["roles.tsv"].append(["|".join(phrases), sector, "person", "", "imported"])
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
