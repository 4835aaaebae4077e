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
from dataclasses import dataclass, field
from pathlib import Path

_NAME = re.compile(r"^([^\s\[#+<!][^\[#]*?)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?\s*$")
_CODE = re.compile(r"^\s*\[([^\]]*)\]")
_DATED = re.compile(r"^([A-Za-z-]*)\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*$")
#: Endings a stem like ``ARGENTIN`` or ``BULGAR`` takes in English text.
_ENDINGS = ("", "a", "ia", "ian", "ians", "e", "es", "i", "is", "s", "ese", "n", "ns")


@dataclass
class DictEntry:
    """One actor of a PETRARCH dictionary: its surface forms and its code(s) over time."""

    forms: list[str]
    codes: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # code, from, to year


def _title(phrase: str) -> str:
    words = phrase.replace("_", " ").split()
    # initials keep their capitals ("W.", "K.U.")
    return " ".join(w if "." in w else "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))
                    for w in words)


#: Words a name writes in lower case after its first word ("Prince of Dol Amroth").
_LOWER_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "del", "la", "le", "al", "el", "bin",
                          "van", "von"})


def _spellings(phrase: str) -> list[str]:
    """The ways a name of a dictionary written in capitals appears in running text: title
    case ("Minas Tirith"), small words lower case after the first ("Prince of Dol Amroth"),
    hyphenated parts after the first lower case ("Barad-dur"), and short all-consonant or
    two-letter words kept as the acronyms they are ("The KU")."""
    base = _title(phrase)
    words = base.split()
    small = " ".join([words[0], *(w.lower() if w.lower() in _LOWER_WORDS else w for w in words[1:])])
    hyphen = " ".join(w.split("-")[0] + "".join("-" + p.lower() for p in w.split("-")[1:]) for w in small.split())
    upper = phrase.upper().replace("_", " ").split()
    acronym = " ".join(u if u.isalpha() and u.lower() not in _LOWER_WORDS
                       and (len(u) == 2 or not set(u.lower()) & set("aeiouy")) else w
                       for u, w in zip(upper, small.split(), strict=True))
    return list(dict.fromkeys([base, small, hyphen, acronym]))


def _forms(raw: str) -> list[str]:
    raw = raw.strip()
    exact = raw.endswith("_")
    bare = raw.rstrip("_").replace("_", " ").strip()
    if not _title(bare):
        return []
    spellings = _spellings(bare)
    stem = not exact and " " not in bare and "." not in bare
    forms = [s + ending for s in spellings for ending in _ENDINGS] if stem else spellings
    if bare.isalpha() and bare.isupper() and len(bare) <= 5:
        forms.append(bare)  # an acronym ("NATO") is written in capitals
    return forms


def _year(date: str | None) -> int | None:
    if not date:
        return None
    year = int(date[:4]) if len(date) == 8 else int(date[:2])
    return year if len(date) == 8 else (1900 + year if year > 30 else 2000 + year)


def _code(block: str) -> tuple[str, int | None, int | None] | None:
    match = _DATED.match(block.strip())
    if match is None:
        return None
    code = match.group(1).upper()
    if match.group(2) == "<":
        return code, None, _year(match.group(3))
    if match.group(2) == ">":
        return code, _year(match.group(3)), None
    return code, _year(match.group(4)), _year(match.group(5))


def read_actor_dictionary(path: Path) -> list[DictEntry]:
    """Entries with their forms and codes; codes may carry year ranges (``[HOBGOV 19950601 -
    19990815]``); null codes (``[---]``) are dropped."""
    entries: list[DictEntry] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.split("#", 1)[0].rstrip()
        if not text.strip() or text.lstrip().startswith(("<", "!")):
            continue
        if text.startswith("+"):
            if entries:
                entries[-1].forms.extend(_forms(text[1:]))
            continue
        block = _CODE.match(text)
        if block and text[:1].isspace():
            code = _code(block.group(1))
            if entries and code:
                entries[-1].codes.append(code)
            continue
        match = _NAME.match(text)
        if match is None:
            continue
        entry = DictEntry(_forms(match.group(1)))
        if match.group(2):
            code = _code(match.group(2))
            if code:
                entry.codes.append(code)
        entries.append(entry)
    for entry in entries:
        entry.codes = [c for c in entry.codes if c[0] and not c[0].startswith("-")]
    return [e for e in entries if e.codes and e.forms]


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
    entries: list[DictEntry],
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
        "people.tsv": ["name", "aliases", "country", "sector", "role", "from", "to", "gender", "note"],
    }
    rows: dict[str, list[list[str]]] = {name: [] for name in files}
    for sector, phrases in agents or []:
        rows["roles.tsv"].append(["|".join(phrases), sector, "person", "", "imported"])
    for entry in entries:
        unique = list(dict.fromkeys(entry.forms))
        if len(entry.codes) > 1 or any(c[1] or c[2] for c in entry.codes):
            # codes that change over time: rows like the people file's, one per period
            for code, start, end in entry.codes:
                rows["people.tsv"].append([unique[0], "|".join(unique[1:]), code[:3], code[3:6], "",
                                           str(start or ""), str(end or ""), "", "imported"])
            continue
        code = entry.codes[0][0]
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
