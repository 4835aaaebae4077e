"""Where an event took place: place mentions found in its clause, resolved to a gazetteer.

The reasoning, step by step (``docs/context.md``, *Locations*):

1. **Place mentions.** Countries, capitals and regions the actor stage found, and the NER's
   GPE/LOC names, are looked up in the gazetteer (``data/context/geo_places.tsv``: countries,
   US states, cities of 15,000 people or more, from GeoNames). A demonym before a place noun
   ("the Ukrainian border", "British soil") is a place in that country.
2. **Locatives.** A mention is *locative* when it is the object of a locative preposition
   ("in Moscow", "near the Ukrainian borders"), of a directional one after a motion word
   ("sent instructors to Ukraine", "a visit to Moscow"), the direct object of a verb that acts
   on a place ("visited Russia", "shelled Kharkiv"), or names a locative place noun ("near the
   town of Samarra", "in the capital Kabul").
3. **Attachment.** An event takes the locative that hangs on its trigger through nouns and
   prepositions only (its own clause; nested phrases such as "during a press conference
   from the British Embassy in Moscow" included); else one on the verb its clause serves
   (xcomp, advcl, conj: "sent a team to Ukraine to train…"); else the nearest locative of
   the sentence; else where one of its people was seen at another event of the article
   (whereabouts); else the article's dateline; else the place the article names most often.
4. **Ambiguity.** A name with several places ("Paris", "Georgia", "Moscow") goes to the one
   whose country the article's actors name most, then to the most populous, with countries
   before regions before cities; a qualifier ("Paris, Texas") narrows it first.

``via`` on the result says which step found the place, so users can keep only clause-level
places when they need them.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import MentionSpan
from detente.errors import DataError
from detente.events.coder import EventHit
from detente.records import Place
from detente.resources import data_path, read_table

#: ``kind`` of a gazetteer row → the ``precision`` of a place resolved to it.
PRECISION = {"country": "country", "admin1": "region", "city": "city"}
#: Ranks break ties between places of the same name: a country before a region before a city.
_KIND_RANK = {"country": 2.0, "admin1": 1.0, "city": 0.0}
#: How much the article naming a place's country counts against population (log10 units):
#: enough for a town of a country the article is about to beat a city ten times larger
#: elsewhere, not enough to move "Paris" to Texas because the article mentions the US.
HINT_WEIGHT = 1.5
#: How many sentences away a participant's whereabouts still hold (an article's one episode).
WHEREABOUTS_WINDOW = 12
_ALIAS_PENALTY = 0.5
_ENT_LABELS = {"GPE", "LOC", "FAC"}
#: "MOSCOW, Feb 11 (Reuters) - …", "KYIV — …": a place in capitals opening the article.
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z .'’-]{2,40}?)(?:,\s*[A-Z][A-Za-z0-9. ]{1,30})?\s*(?:\([^)]{1,40}\))?\s*[-—–:]\s"
)


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One row of the gazetteer."""

    id: str
    name: str
    kind: str  # country admin1 city
    country: str  # CAMEO country code
    admin1: str
    lat: float
    lon: float
    population: int

    @property
    def precision(self) -> str:
        return PRECISION[self.kind]


@dataclass(frozen=True)
class Cues:
    """Words that make a mention locative (``data/context/geo_cues.tsv``)."""

    locative: frozenset[str]
    directional: frozenset[str]
    motion: frozenset[str]
    place_object: frozenset[str]
    place_noun: frozenset[str]
    encounter: frozenset[str]


class Places:
    """The gazetteer: names (lower-cased) → places, countries by code."""

    def __init__(self, entries: Iterable[tuple[PlaceEntry, Sequence[str]]]):
        self.by_name: dict[str, list[tuple[PlaceEntry, bool]]] = {}
        self.countries: dict[str, PlaceEntry] = {}
        self.names: dict[str, PlaceEntry] = {}
        for entry, aliases in entries:
            self.by_name.setdefault(_key(entry.name), []).append((entry, False))
            for alias in aliases:
                self.by_name.setdefault(_key(alias), []).append((entry, True))
            if entry.kind == "country":
                self.countries.setdefault(entry.country, entry)
            self.names[entry.id] = entry

    def resolve(self, name: str, hints: Mapping[str, float] | None = None,
                within: PlaceEntry | None = None) -> PlaceEntry | None:
        """The place ``name`` most likely means in an article whose actors' countries are
        weighted by ``hints``; ``within`` (a country or US state) narrows the candidates."""
        found = self.by_name.get(_key(name))
        if not found:
            return None
        if within is not None:
            narrowed = [(e, a) for e, a in found if _inside(e, within)]
            found = narrowed or found
        top = max(hints.values()) if hints else 0.0

        def score(item: tuple[PlaceEntry, bool]) -> tuple[float, float, str]:
            entry, alias = item
            share = (hints or {}).get(entry.country, 0.0) / top if top else 0.0
            value = math.log10(entry.population + 10) + HINT_WEIGHT * share + _KIND_RANK[entry.kind]
            return value - (_ALIAS_PENALTY if alias else 0.0), -float(len(entry.id)), entry.id

        return max(found, key=score)[0]

    def country(self, code: str | None) -> PlaceEntry | None:
        return self.countries.get(code or "")

    def full_name(self, entry: PlaceEntry) -> str:
        """"City, State, Country" (GDELT's ``*Geo_FullName``): the parts the row has."""
        country = self.countries.get(entry.country)
        parts = [entry.name]
        if entry.admin1:
            parts.append(entry.admin1)
        if country is not None and country.id != entry.id:
            parts.append(country.name)
        return ", ".join(parts)


def _inside(entry: PlaceEntry, within: PlaceEntry) -> bool:
    if within.kind == "country":
        return entry.country == within.country and entry.id != within.id
    return entry.country == within.country and entry.admin1 == within.name


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


@cache
def default_places() -> Places:
    """The packaged gazetteer, read once per process."""
    path = data_path("context", "geo_places.tsv")
    rows: list[tuple[PlaceEntry, list[str]]] = []
    try:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                entry = PlaceEntry(row["id"], row["name"], row["kind"], row["country"], row["admin1"],
                                   float(row["lat"]), float(row["lon"]), int(row["population"] or 0))
                rows.append((entry, [a for a in row["aliases"].split("|") if a]))
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(f"cannot read the place gazetteer: {exc}", where=str(path)) from exc
    return Places(rows)


@cache
def default_cues() -> Cues:
    words: dict[str, set[str]] = {}
    try:
        for row in read_table("context", "geo_cues.tsv", packaged_only=True):
            words.setdefault(row["kind"], set()).update(w.strip().lower() for w in row["words"].split("|"))
    except KeyError as exc:
        raise DataError(f"cannot read the place cues: missing column {exc}",
                        where=str(data_path("context", "geo_cues.tsv"))) from exc
    return Cues(*(frozenset(words.get(k, ())) for k in
                  ("locative", "directional", "motion", "place_object", "place_noun", "encounter")))


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the Doc (token span ``start``..``end``) and how it sits in the parse."""

    start: int
    end: int
    entry: PlaceEntry
    anchor: int | None  # the token a locative phrase hangs on (None: not locative)


@dataclass(frozen=True)
class Located:
    """Where one event happened: the place, the text naming it (Doc characters) and how."""

    entry: PlaceEntry
    via: str  # clause governor object sentence participant dateline article
    start_char: int | None = None
    end_char: int | None = None


# -- finding places ---------------------------------------------------------------------------------
def country_hints(doc: Doc) -> Counter[str]:
    """How often the article's actor mentions name each country (ambiguity resolution)."""
    hints: Counter[str] = Counter()
    for m in doc._.actors or []:
        if m.actor is not None and m.actor.country:
            hints[m.actor.country] += 1
    return hints


def place_mentions(doc: Doc, places: Places | None = None, cues: Cues | None = None,
                   hints: Mapping[str, float] | None = None) -> list[PlaceMention]:
    """Every place named in ``doc``, in order, with the token its locative phrase hangs on."""
    places = places or default_places()
    cues = cues or default_cues()
    hints = hints if hints is not None else country_hints(doc)
    found: dict[int, PlaceMention] = {}
    taken: set[int] = set()
    for m in doc._.actors or []:
        if m.actor is None:
            continue
        entry: PlaceEntry | None = None
        if m.kind == "country" or (m.kind == "region" and m.actor.country):
            entry = places.country(m.actor.country)
        elif m.kind == "capital":
            span = doc[m.start:m.end]
            # "Paris, Texas" is not the capital of France
            within = _qualifier(doc, span, places, hints) or places.country(m.actor.country)
            entry = places.resolve(span.text, hints, within) or within
        elif m.kind == "adjective" and m.actor.kind == "country":
            head = doc[m.start].head
            if doc[m.start].dep_ in ("amod", "compound") and _is_place_noun(head, cues):
                entry = places.country(m.actor.country)
        if entry is not None:
            found[m.start] = PlaceMention(m.start, m.end, entry, None)
            taken.update(range(m.start, m.end))
    for ent in doc.ents:
        if ent.label_ not in _ENT_LABELS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        span = ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent
        within = _qualifier(doc, span, places, hints)
        entry = places.resolve(span.text, hints, within)
        if entry is None and within is not None and span.end < len(doc) and doc[span.end].text == ",":
            entry = None  # "Nowhere, Texas": the qualifier alone is not the place named
        if entry is not None:
            found[span.start] = PlaceMention(span.start, span.end, entry, None)
    return [_with_anchor(doc, found[k], cues) for k in sorted(found)]


def _qualifier(doc: Doc, span: Span, places: Places, hints: Mapping[str, float]) -> PlaceEntry | None:
    """The state or country after a comma ("Paris, Texas", "Bam, Iran"), if any."""
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    nxt = doc[span.end + 1]
    if nxt.ent_type_ not in _ENT_LABELS or nxt.ent_iob_ != "B":
        return None
    end = nxt.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    entry = places.resolve(doc[nxt.i:end].text, hints)
    return entry if entry is not None and entry.kind in ("country", "admin1") else None


def _with_anchor(doc: Doc, m: PlaceMention, cues: Cues) -> PlaceMention:
    anchor = locative_anchor(doc[m.start:m.end].root, cues, country=m.entry.kind == "country")
    return PlaceMention(m.start, m.end, m.entry, anchor)


def locative_anchor(root: Token, cues: Cues, depth: int = 0, country: bool = False) -> int | None:
    """The token (index) a locative phrase naming ``root`` hangs on, or None; ``country``
    tells whether the place named is a country."""
    if depth > 3:
        return None
    head = root.head
    if root.dep_ == "pobj":
        word = head.lower_
        if word in cues.locative:
            return head.head.i
        if word in cues.directional:
            mover = _motion_head(head.head, cues)
            return mover.i if mover is not None else None
        if word == "of" and _is_place_noun(head.head, cues) and head.head.i != root.i:
            # "the town of Samarra": locative when the town is
            return locative_anchor(head.head, cues, depth + 1, country)
        if word == "of" and depth == 0 and not country and head.head.pos_ in ("NOUN", "PROPN"):
            # an office or body of a city or region acts there: "the mayor of Moscow extended
            # the lockdown", "the governor of Texas"; of a country it only names the actor
            return head.head.i
        return None
    if root.dep_ == "dobj" and head.lemma_.lower() in cues.place_object:
        return head.i
    if root.dep_ in ("appos", "compound", "amod", "nmod", "conj") and head.i != root.i:
        if root.dep_ in ("compound", "amod", "nmod") and not _is_place_noun(head, cues):
            # a city or region naming where a noun's thing is: "a Kabul car bombing",
            # "the Moscow talks" (a country as modifier names an actor: "US President")
            if depth == 0 and root.dep_ in ("compound", "nmod") and head.pos_ == "NOUN" and not country:
                return head.i
            return None
        return locative_anchor(head, cues, depth + 1, country)
    return None


def _is_place_noun(token: Token, cues: Cues) -> bool:
    return token.lower_ in cues.place_noun or token.lemma_.lower() in cues.place_noun


def _motion_head(token: Token, cues: Cues) -> Token | None:
    """The motion word a directional phrase belongs to: its head, or the verb whose object
    noun phrase holds it ("sent a team of instructors to Ukraine")."""
    for _ in range(4):
        if token.lemma_.lower() in cues.motion:
            return token
        if token.pos_ in _VERBAL or token.head.i == token.i:
            return None
        token = token.head
    return None


def dateline(doc: Doc, places: Places, hints: Mapping[str, float]) -> PlaceEntry | None:
    """The place of a dateline opening the article ("MOSCOW, Feb 11 (Reuters) -")."""
    match = _DATELINE.match(doc.text[:120])
    if not match:
        return None
    return places.resolve(match.group(1).strip().title(), hints)


# -- events → places --------------------------------------------------------------------------------
_VERBAL = {"VERB", "AUX"}
_GOVERNED = {"xcomp", "advcl", "conj", "acl", "pcomp"}


def _reaches(doc: Doc, anchor: int, target: int, limit: int = 8) -> int | None:
    """Steps from ``anchor`` up to ``target`` through nouns and prepositions only."""
    token = doc[anchor]
    for steps in range(limit):
        if token.i == target:
            return steps
        # a verb starts another clause; a conjoined noun is another thing ("repression of
        # the Cuban people and its support for Maduro in Venezuela")
        if token.pos_ in _VERBAL or token.head.i == token.i or token.dep_ == "conj":
            return None
        token = token.head
    return None


def _clause_place(doc: Doc, trigger: int, mentions: list[PlaceMention]) -> PlaceMention | None:
    best: tuple[tuple[int, int, int], PlaceMention] | None = None
    for m in mentions:
        if m.anchor is None:
            continue
        steps = _reaches(doc, m.anchor, trigger)
        if steps is None:
            continue
        # the nearest phrase first; at equal depth the most precise place, then the first
        key = (steps, -int(_KIND_RANK["country"] - _KIND_RANK[m.entry.kind]), m.start)
        if best is None or key < best[0]:
            best = (key, m)
    return best[1] if best else None


def locate(doc: Doc, hits: Sequence[EventHit], places: Places | None = None,
           cues: Cues | None = None) -> list[Located | None]:
    """The place of each event hit (:class:`~detente.events.coder.EventHit`) of ``doc``."""
    places = places or default_places()
    cues = cues or default_cues()
    hints = country_hints(doc)
    mentions = place_mentions(doc, places, cues, hints)
    actors: list[MentionSpan] = doc._.actors or []
    out: list[Located | None] = []
    for hit in hits:
        out.append(_locate_one(doc, hit, mentions))
    # Whereabouts: a meeting or a visit needs its people together, so one with no place of
    # its own is where one of its people was placed by a nearby event of the article (not a
    # statement: that could be made from anywhere).
    seen: dict[int, list[tuple[int, Located]]] = {}
    for hit, where in zip(hits, out, strict=True):
        if where is not None and where.via in ("clause", "governor", "object"):
            for cluster in _people(hit, actors):
                seen.setdefault(cluster, []).append((hit.trigger.start, where))
    fallback = _article_place(doc, mentions, places, hints)
    for n, (hit, where) in enumerate(zip(hits, out, strict=True)):
        if where is not None:
            continue
        at = hit.trigger.start
        encounter = any(hit.frame.code.startswith(prefix) for prefix in cues.encounter)
        options = [w for c in _people(hit, actors) for w in seen.get(c, [])
                   if encounter and _sentences_apart(doc, w[0], at) <= WHEREABOUTS_WINDOW]
        if options:
            near = min(options, key=lambda o: abs(o[0] - at))[1]
            out[n] = Located(near.entry, "participant", near.start_char, near.end_char)
        elif fallback is not None:
            out[n] = fallback
    return out


def _sentences_apart(doc: Doc, a: int, b: int) -> int:
    lo, hi = sorted((a, b))
    return sum(1 for t in doc[lo:hi] if t.is_sent_start)


def _locate_one(doc: Doc, hit: EventHit, mentions: list[PlaceMention]) -> Located | None:
    sentence = hit.sentence
    root = hit.trigger.root
    inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
    found = _clause_place(doc, root.i, inside)
    if found is not None:
        on_object = doc[found.start:found.end].root.dep_ == "dobj"
        return _located(doc, found, "object" if on_object else "clause")
    governor = root
    while governor.dep_ in _GOVERNED and governor.head.i != governor.i:
        governor = governor.head
        found = _clause_place(doc, governor.i, inside)
        if found is not None:
            return _located(doc, found, "governor")
    # a locative of a clause that contains the event's clause ("In Moscow, he said that …")
    above = {t.i for t in root.ancestors}
    # (on the verb itself: "sources in Pakistan said" places the sources, not what they said)
    locatives = [m for m in inside if m.anchor is not None and m.anchor in above]
    if locatives:
        near = min(locatives, key=lambda m: (abs(m.start - root.i), m.start))
        return _located(doc, near, "sentence")
    return None


def _located(doc: Doc, m: PlaceMention, via: str) -> Located:
    span = doc[m.start:m.end]
    return Located(m.entry, via, span.start_char, span.end_char)


def _people(hit: EventHit, actors: list[MentionSpan]) -> list[int]:
    """Coreference clusters of the people among an event's source and target."""
    clusters = []
    for arg in (hit.source, hit.target):
        index = arg.mention if arg is not None else None
        if index is None or not 0 <= index < len(actors):
            continue
        m = actors[index]
        if m.actor is not None and m.actor.kind == "person" and m.cluster >= 0:
            clusters.append(m.cluster)
    return clusters


def _article_place(doc: Doc, mentions: list[PlaceMention], places: Places,
                   hints: Mapping[str, float]) -> Located | None:
    head = dateline(doc, places, hints)
    if head is not None:
        return Located(head, "dateline")
    # The country the article is about: its places (a locative counting twice) and its
    # actors' countries; then a place inside it that the article's locatives name at least
    # twice and in most of its mentions of that country ("Magnitogorsk", "Paris"), else the
    # country itself ("Pelosi elected Speaker": the United States).
    score: Counter[str] = Counter(hints)
    for m in mentions:
        score[m.entry.country] += 2 if m.anchor is not None else 1
    if not score:
        return None
    first_seen = {m.entry.country: -m.start for m in reversed(mentions)}
    top = max(score, key=lambda c: (score[c], first_seen.get(c, -len(doc)), c))
    if score[top] < 2:
        return None
    inside = [m for m in mentions if m.entry.country == top]
    local = Counter(m.entry.id for m in inside if m.entry.kind != "country" and m.anchor is not None)
    if local:
        best, n = local.most_common(1)[0]
        if n >= 2 and n * 2 >= len(inside):
            return Located(places.names[best], "article")
    entry = places.country(top)
    return Located(entry, "article") if entry is not None else None


def to_place(where: Located, span: tuple[int, int] | None, text: str,
             places: Places | None = None) -> Place:
    """The :class:`~detente.records.Place` record of a located event; ``span`` is the naming
    words' range in the original ``text`` (None for a place of the whole article)."""
    places = places or default_places()
    e = where.entry
    start, end = span if span is not None else (None, None)
    return Place(
        name=e.name, country=e.country or None, kind=e.kind, precision=e.precision,
        lat=round(e.lat, 4), lon=round(e.lon, 4), feature_id=e.id, full_name=places.full_name(e),
        text=text[start:end] if start is not None else None, start=start, end=end, via=where.via,
    )
