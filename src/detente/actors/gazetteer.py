"""The actor gazetteer: countries, capitals and seats of power, organisations, people, roles.

All knowledge lives in tab-separated files under ``data/actors/`` (see ``docs/data.md``);
this module only loads them and builds spaCy ``PhraseMatcher`` objects over them:

* ``countries.tsv``  names and aliases (case-sensitive) and adjectives/demonyms of every
  state, territory and CAMEO region;
* ``capitals.tsv``  capitals and institutions standing for one country's government or organ
  ("London", "the Kremlin", "Pentagon"), each with a CAMEO sector;
* ``organisations.tsv``  IGOs, blocs, NGOs and armed groups with full CAMEO actor codes;
* ``people.tsv``  well-known office holders with country, sector, role and years;
* ``roles.tsv``  role and group nouns ("defence minister", "troops") → sector (lower-case);
* ``given_names.tsv``  first names and the pronoun gender news uses for their bearers.

Users can add rows in files of the same name under a directory named in ``DETENTE_DATA``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from detente.errors import DataError
from detente.records import ActorRef
from detente.resources import data_files, read_table

#: Prefixes of CAMEO codes that are not countries (their first three letters are no country).
NON_COUNTRY_PREFIXES = ("IGO", "NGO", "IMG", "NGM", "MNC", "INT", "UIS")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a matched phrase stands for."""

    actor: ActorRef
    kind: str  # country | region | capital | seat | org | person
    role: str | None = None
    gender: str | None = None
    years: tuple[int | None, int | None] = (None, None)


@dataclass(frozen=True, slots=True)
class Role:
    """A role noun: its sectors (primary first; empty = inherits), kind and gender."""

    phrase: str
    sectors: tuple[str, ...]
    kind: str
    gender: str | None
    local: bool = False  # an office below the state ("governor", "mayor")


def _rows(name: str, extra: tuple[Path, ...] = ()) -> Iterator[tuple[Path, int, dict[str, str]]]:
    paths = data_files("actors", name) + [d / "actors" / name for d in extra]
    for path in (p for p in paths if p.exists()):
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                for number, row in enumerate(reader, 2):
                    yield path, number, {k: (v or "").strip() for k, v in row.items() if k}
        except (OSError, csv.Error) as exc:
            raise DataError(f"cannot read gazetteer file: {exc}", where=str(path)) from exc


def _alts(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def split_code(code: str) -> tuple[str | None, str | None]:
    """Country and sector of a CAMEO actor code: ``GBRGOV`` → (GBR, GOV), ``IGOWSTNAT`` →
    (None, None)."""
    if code.startswith(NON_COUNTRY_PREFIXES):
        return None, None
    return code[:3] or None, code[3:6] or None


def actor_code(country: str | None, sector: str | None) -> str:
    return f"{country or ''}{sector or ''}"


class Gazetteer:
    """All actor knowledge, with matchers built for one vocabulary."""

    def __init__(self, extra_dirs: tuple[Path, ...] = ()) -> None:
        """Load the packaged files, files under ``DETENTE_DATA`` and ``extra_dirs`` (each a
        directory with an ``actors/`` folder of files named as above)."""
        self.extra_dirs = tuple(extra_dirs)
        self.entries: list[tuple[str, Entry]] = []  # (surface form, entry)
        self.adjectives: dict[str, str] = {}  # "British" -> "GBR"
        self.country_names: dict[str, str] = {}  # "GBR" -> "United Kingdom"
        self.roles: dict[str, Role] = {}
        self.people: dict[str, list[Entry]] = {}  # canonical name -> rows
        self.person_aliases: dict[str, set[str]] = {}  # canonical name -> other full forms
        self._surnames: dict[str, list[str]] | None = None
        self.given_names: dict[str, str] = {}  # "Lisa" -> "f": which pronoun may stand for her
        self._spelling: dict[str, set[str]] | None = None  # see misspelt()
        self._load()

    # -- loading --------------------------------------------------------------------------
    def _load(self) -> None:
        for path, line, row in _rows("countries.tsv", self.extra_dirs):
            code, name = row.get("code", ""), row.get("name", "")
            if not code or not name:
                raise DataError("row without code or name", where=f"{path}:{line}")
            kind = "region" if row.get("kind") == "region" else "country"
            self.country_names[code] = name
            actor = ActorRef(code=code, name=name, country=code, sector=None, kind=kind)
            for alias in {name, *_alts(row.get("aliases", ""))}:
                self.entries.append((alias, Entry(actor, kind)))
            for adjective in _alts(row.get("adjectives", "")):
                self.adjectives.setdefault(adjective, code)
        for path, line, row in _rows("capitals.tsv", self.extra_dirs):
            country, sector = row.get("code", ""), row.get("sector") or None
            if not country:
                raise DataError("row without code", where=f"{path}:{line}")
            phrases = _alts(row.get("phrase", ""))
            name = row.get("name") or (phrases[0] if phrases else country)
            is_city = sector in (None, "GOV") and name == (phrases[0] if phrases else "")
            kind = "place" if is_city else "organisation"
            actor = ActorRef(actor_code(country, sector), name, country, sector, kind)
            for phrase in phrases:
                self.entries.append((phrase, Entry(actor, "capital" if is_city else "seat")))
        for path, line, row in _rows("organisations.tsv", self.extra_dirs):
            code = row.get("code", "")
            phrases = _alts(row.get("phrase", ""))
            if not code or not phrases:
                raise DataError("row without code or phrase", where=f"{path}:{line}")
            org_country, org_sector = split_code(code)
            if org_country is None:
                # an IGO/NGO has no sector in its code; the optional column says what it does
                # (peacekeepers MIL, refugee agencies REF, courts JUD)
                org_sector = row.get("sector") or None
            kind = "group" if row.get("kind") in ("armed_group", "party") else "organisation"
            actor = ActorRef(code, row.get("name") or phrases[0], org_country, org_sector, kind)
            for phrase in phrases:
                self.entries.append((phrase, Entry(actor, "org")))
        for _path, _line, row in _rows("roles.tsv", self.extra_dirs):
            sectors = tuple(_alts(row.get("sector", "")))
            for phrase in _alts(row.get("phrase", "")):
                role = Role(phrase.lower(), sectors, row.get("kind") or "person", row.get("gender") or None,
                            local=row.get("level") == "local")
                self.roles.setdefault(role.phrase, role)
        for _path, _line, row in _rows("given_names.tsv", self.extra_dirs):
            gender = row.get("gender", "")
            if row.get("name") and gender in ("m", "f"):
                self.given_names.setdefault(row["name"], gender)
        for _path, _line, row in _rows("people.tsv", self.extra_dirs):
            name = row.get("name", "")
            if not name:
                continue
            person_country, person_sector = row.get("country") or None, row.get("sector") or None
            if person_country and len(person_country) > 3:  # an organisation's code (IGOUNO)
                code, (person_country, _) = person_country, split_code(person_country)
            else:
                code = actor_code(person_country, person_sector)
            actor = ActorRef(code, name, person_country, person_sector, "person")
            entry = Entry(
                actor,
                "person",
                role=row.get("role") or None,
                gender=row.get("gender") or None,
                years=(_year(row.get("from")), _year(row.get("to"))),
            )
            self.people.setdefault(name, []).append(entry)
            self.person_aliases.setdefault(name, set()).update(_alts(row.get("aliases", "")))
            for alias in {name, *_alts(row.get("aliases", ""))}:
                self.entries.append((alias, entry))

    # -- lookups --------------------------------------------------------------------------
    def misspelt(self, word: str) -> tuple[str, Entry | None, str | None] | None:
        """The one country name or demonym ``word`` is a single slip away from ("Ethopia",
        "Afganistan", "Phillippines", "Quatar"): one letter left out or added, or two
        swapped (:func:`_one_slip`). Returns (the name, its entry or None, the demonym's country or None); None
        when no name or more than one is that close. Words under six letters are not tried:
        short names are too near each other and to common words ("Iran", "Iraq", "Oman")."""
        if len(word) < 6:
            return None
        index = self._spelling_index()
        found = {name for variant in (word, *_deletions(word)) for name in index.get(variant, ())
                 if name != word and _one_slip(word, name)}
        if len(found) != 1:
            return None
        name = found.pop()
        entry = next((e for surface, e in self.entries if surface == name and e.kind == "country"), None)
        return name, entry, self.adjectives.get(name)

    def _spelling_index(self) -> dict[str, set[str]]:
        if self._spelling is None:
            # the packaged names only: a user's dictionary may spell names unlike any real
            # one on purpose, and its own near-misses are not slips of the real names
            packaged = read_table("actors", "countries.tsv", packaged_only=True)
            names = {n for row in packaged for n in (row.get("name", ""), *_alts(row.get("aliases", "")),
                                                     *_alts(row.get("adjectives", "")))}
            index: dict[str, set[str]] = {}
            for name in names:
                if len(name) >= 5 and name.isalpha():
                    for variant in (name, *_deletions(name)):
                        index.setdefault(variant, set()).add(name)
            self._spelling = index
        return self._spelling

    def person(self, name: str, year: int | None) -> Entry | None:
        """The row of a known person that fits ``year`` best (None if unknown)."""
        rows = self.people.get(name)
        if not rows:
            return None
        if year is None:
            return max(rows, key=lambda e: (e.years[1] is None, e.years[1] or 0, e.years[0] or 0))
        for entry in rows:
            start, end = entry.years
            if (start is None or start <= year) and (end is None or year <= end):
                return entry
        earlier = [e for e in rows if e.years[0] is not None and e.years[0] <= year]
        return max(earlier, key=lambda e: e.years[0] or 0) if earlier else rows[0]

    def by_surname(self, surname: str, year: int | None) -> Entry | None:
        """The known person with this last name ("Erdogan"): the only one, or the only one in
        office in the article's year."""
        if self._surnames is None:
            index: dict[str, set[str]] = {}
            for name in self.people:
                for form in {name, *entry_aliases(self, name)}:
                    words = form.split()
                    last = words[-1] if words else ""
                    # "Abdullah II of Jordan": the last word is a realm, not a surname
                    if len(last) >= 4 and last[:1].isupper() and (len(words) < 2 or words[-2] != "of"):
                        index.setdefault(last, set()).add(name)
            self._surnames = {k: sorted(v) for k, v in index.items()}
        candidates = self._surnames.get(surname, [])
        if len(candidates) > 1 and year is not None:
            # "Bush" in 2003 is the one in office then
            candidates = [n for n in candidates if any(_covers(e, year) for e in self.people[n])]
        if len(candidates) == 1:
            return self.person(candidates[0], year)
        rows = [self.person(name, year) for name in candidates]
        codes = {row.actor.code for row in rows if row is not None}
        if len(codes) == 1 and rows[0] is not None and next(iter(codes)):
            # two presidents Bush: which one is unknown, whose office is not
            actor = rows[0].actor
            return Entry(ActorRef(actor.code, surname, actor.country, actor.sector, "person"), "person")
        return None

    def role(self, phrase: str) -> Role | None:
        return self.roles.get(phrase.lower())

    def build_matchers(
        self, nlp: Language
    ) -> tuple[PhraseMatcher, list[Entry], PhraseMatcher, list[Role]]:
        """A case-sensitive matcher over names and a lower-case matcher over role nouns.

        Patterns are tokenized by ``nlp``'s own tokenizer, so they split as the text does.
        Match ids are strings ``"g<i>"``/``"r<i>"`` indexing the returned entry/role lists.
        """
        vocab = nlp.vocab
        names = PhraseMatcher(vocab, attr="ORTH")
        by_entry: dict[int, list[str]] = {}
        entries: list[Entry] = []
        index: dict[Entry, int] = {}
        for surface, entry in self.entries:
            if entry not in index:
                index[entry] = len(entries)
                entries.append(entry)
            by_entry.setdefault(index[entry], []).append(surface)
        make_doc = nlp.make_doc
        for i, surfaces in by_entry.items():
            names.add(f"g{i}", [make_doc(s) for s in dict.fromkeys(surfaces)])
        roles_matcher = PhraseMatcher(vocab, attr="LOWER")
        roles = list(self.roles.values())
        for i, role in enumerate(roles):
            roles_matcher.add(f"r{i}", [make_doc(role.phrase)])
        return names, entries, roles_matcher, roles


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _one_slip(a: str, b: str) -> bool:
    """One letter left out or doubled in, or two neighbours swapped; the first letters equal
    (names are seldom misspelt at the start) and no letter added at the end ("Kuwaiti" is not
    "Kuwait" misspelt). A changed letter is not a slip here: it turns real words into names
    ("Columbia", "Angela", "Indiana", "Greens")."""
    if a == b or a[0] != b[0] or a.startswith(b) or b.startswith(a):
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@dataclass(frozen=True, slots=True)
class Subdivisions:
    """First-level subdivisions (US states) and the cities in them, from the place table
    ``context/geo_places.tsv``: which country names are also a state name elsewhere
    ("Georgia"), and which cities lie in which state ("Atlanta" → Georgia, USA)."""

    admin1: dict[str, str]  # "Georgia" -> "USA"
    cities: dict[str, set[tuple[str, str]]]  # "Atlanta" -> {("USA", "Georgia")}


@cache
def subdivisions() -> Subdivisions:
    admin1: dict[str, str] = {}
    cities: dict[str, set[tuple[str, str]]] = {}
    for path in data_files("context", "geo_places.tsv"):
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                    name, kind, country = row.get("name") or "", row.get("kind"), row.get("country") or ""
                    if kind == "admin1" and name and country:
                        admin1.setdefault(name, country)
                    elif kind == "city" and name and row.get("admin1"):
                        cities.setdefault(name, set()).add((country, row["admin1"] or ""))
        except (OSError, csv.Error) as exc:
            raise DataError(f"cannot read place table: {exc}", where=str(path)) from exc
    return Subdivisions(admin1, cities)


def _year(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _covers(entry: Entry, year: int) -> bool:
    start, end = entry.years
    return (start is not None or end is not None) and (start or 0) <= year <= (end or 9999)


def entry_aliases(gazetteer: Gazetteer, name: str) -> set[str]:
    return gazetteer.person_aliases.get(name, set())


@cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer plus user files, loaded once per process."""
    return Gazetteer()
