"""Find actor mentions in a parsed article and resolve each to a CAMEO actor.

The reasoning, step by step:

1. **Units.** Gazetteer names (countries, capitals, institutions, organisations, known
   people), role nouns ("defence minister", "troops"), demonym adjectives ("British") and
   named persons from the NER are found; where they overlap the longest wins.
2. **Chains.** Units that stand next to each other in one noun phrase, separated at most by a
   determiner, a possessive ``'s``, a hyphen or a plain adjective ("former", "senior"), form a
   chain whose last unit is its head: "British | Defense Minister | Ben Wallace",
   "a | Foreign Office | spokesperson", "Russia 's | foreign minister". Modifiers give the
   head its country (adjective, country, capital, institution, organisation) and, when the
   role itself has no sector (spokesperson, official), its sector.
3. **Role complements.** A role without a country looks right for "of/for/from X"
   ("the foreign minister of Russia", "head of British diplomacy").
4. Chains without a person or role head leave each unit as its own mention
   ("Russian-British meetings" → RUS and GBR).

Coreference (names, pronouns, "the latter", counterparts) is done by
:mod:`detente.actors.coref` on the mentions found here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from detente.actors.gazetteer import NON_COUNTRY_PREFIXES, Entry, Gazetteer, Role, actor_code, subdivisions
from detente.records import ActorRef

#: Tokens allowed between the units of one chain (besides determiners and hyphens).
_GAP_POS = {"DET", "PART", "PUNCT", "ADJ"}
_GAP_TEXT = {"'s", "’s", "'", "’", "-", "–"}
#: Relational nouns: "his Russian counterpart" is someone else with the same role.
COUNTERPART_LEMMAS = {"counterpart", "opposite", "equivalent"}
PERSON_PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
THING_PRONOUNS = {"it", "its", "itself"}


@dataclass
class Unit:
    """A piece of an actor phrase, in token coordinates."""

    start: int
    end: int
    kind: str  # country region capital seat org person name role adjective counterpart
    entry: Entry | None = None
    role: Role | None = None
    country: str | None = None  # for adjectives
    ethnic: bool = False  # "ethnic Albanians": the group, not the state
    stance: bool = False  # "anti-Syria", "Iranian-backed": not whose the phrase is


@dataclass
class MentionSpan:
    """A mention being resolved (token coordinates; ``actor`` may still be unknown)."""

    start: int
    end: int
    kind: str  # person role country region capital seat org adjective pronoun latter former
    actor: ActorRef | None = None
    name_start: int | None = None  # the proper-name part of a person mention
    name_end: int | None = None
    role: Role | None = None
    role_text: str | None = None
    gender: str | None = None
    counterpart: bool = False
    definite: bool = False
    via: str = "gazetteer"
    cluster: int = -1
    antecedent: int | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def name(self, doc: Doc) -> str | None:
        if self.name_start is None or self.name_end is None:
            return None
        return doc[self.name_start : self.name_end].text


class MentionFinder:
    """Step 1–4 above for one spaCy pipeline's vocabulary."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.names, self.entries, self.roles_matcher, self.roles = gazetteer.build_matchers(nlp)
        self.vocab = nlp.vocab
        self.year: int | None = None
        # demonyms may be several tokens ("South African", "Sri Lankan"): one phrase matcher
        self.adjective_codes = list(gazetteer.adjectives.values())
        self.adjective_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for i, adjective in enumerate(gazetteer.adjectives):
            self.adjective_matcher.add(f"a{i}", [nlp.make_doc(adjective)])

    # -- step 1 ---------------------------------------------------------------------------
    def units(self, doc: Doc, year: int | None) -> list[Unit]:
        found: list[Unit] = []
        people: dict[tuple[int, int], list[Entry]] = {}
        others: dict[tuple[int, int], int] = {}
        for match_id, start, end in self.names(doc):
            index = int(self.vocab.strings[match_id][1:])
            entry = self.entries[index]
            if entry.kind == "person":
                people.setdefault((start, end), []).append(entry)
            else:
                # the same words in two files: the later file (a user's dictionary) says better
                others[(start, end)] = max(index, others.get((start, end), -1))
        for (start, end), index in others.items():
            found.append(Unit(start, end, self.entries[index].kind, entry=self.entries[index]))
        for (start, end), entries in people.items():
            # one name, several known people ("George Bush"): the one in office that year
            names = sorted({e.actor.name for e in entries})
            if len(names) > 1 and year is not None:
                fitting = [n for n in names if any(_in_office(e, year) for e in self.gazetteer.people[n])]
                names = fitting or names
            chosen = self.gazetteer.person(names[0], year) or entries[0]
            found.append(Unit(start, end, "person", entry=chosen))
        for match_id, start, end in self.roles_matcher(doc):
            role = self.roles[int(self.vocab.strings[match_id][1:])]
            # a role noun must end on a noun ("general" the adjective is no general)
            if doc[end - 1].pos_ in ("NOUN", "PROPN"):
                found.append(Unit(start, end, "role", role=role))
        for match_id, start, end in self.adjective_matcher(doc):
            code = self.adjective_codes[int(self.vocab.strings[match_id][1:])]
            found.append(Unit(start, end, "adjective", country=code))
        found += self._misspelt(doc, found)
        for token in doc:
            if token.lemma_.lower() in COUNTERPART_LEMMAS and token.pos_ == "NOUN":
                found.append(Unit(token.i, token.i + 1, "counterpart"))
        found += _names_after_roles(doc, found)
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                start, end = ent.start, ent.end
                if doc[end - 1].text in ("'s", "’s"):
                    end -= 1
                if end > start:
                    found.append(Unit(start, end, "name"))
        kept = _guard_places(doc, _longest_first(found))
        for unit in kept:
            if unit.kind in ("adjective", "country", "capital"):
                unit.ethnic = _ethnic(doc, unit.start)
                unit.stance = stance(doc, unit.start, unit.end)
        return kept

    def _misspelt(self, doc: Doc, found: list[Unit]) -> list[Unit]:
        """Country names and demonyms misspelt by one letter ("Ethopia has agreed…"), on
        capitalised proper nouns and adjectives no other entry covers that the NER does not
        take for a person."""
        covered = {i for u in found for i in range(u.start, u.end)}
        units: list[Unit] = []
        for token in doc:
            if (token.i in covered or not token.is_title or not token.is_alpha
                    or token.pos_ not in ("PROPN", "ADJ") or token.ent_type_ == "PERSON"):
                continue
            slip = self.gazetteer.misspelt(token.text)
            if slip is None:
                continue
            _name, entry, adjective = slip
            # a name for a proper noun, a demonym for an adjective: "the Americas" is no
            # "Americans" misspelt
            if entry is not None and token.pos_ == "PROPN":
                units.append(Unit(token.i, token.i + 1, "country", entry=entry))
            elif adjective is not None and (token.pos_ == "ADJ" or token.ent_type_ == "NORP"):
                units.append(Unit(token.i, token.i + 1, "adjective", country=adjective))
        return units

    # -- steps 2–4 ------------------------------------------------------------------------
    def __call__(self, doc: Doc, year: int | None = None) -> list[MentionSpan]:
        self.year = year
        units = self.units(doc, year)
        mentions: list[MentionSpan] = []
        chains = _chains(doc, units)
        for k, chain in enumerate(chains):
            shared = _shared_head(doc, chain, chains[k + 1] if k + 1 < len(chains) else None)
            if shared is None:
                mentions.extend(self._resolve_chain(doc, chain))
                continue
            # "Sierra Leonean and Liberian refugees": the first demonym has the same head
            for mention in self._resolve_chain(doc, [chain[0], *shared]):
                mention.end = chain[0].end
                mentions.append(mention)
        mentions.extend(_pronouns(doc, mentions))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _resolve_chain(self, doc: Doc, chain: list[Unit]) -> list[MentionSpan]:
        head = chain[-1]
        if head.kind not in ("person", "name", "role", "counterpart"):
            return [
                self._ethnic_group(doc, u) if u.ethnic and u.kind == "adjective" else _single(doc, u, self.gazetteer)
                for u in chain
                if u.kind != "counterpart"
            ]
        mods = chain[:-1]
        mention = MentionSpan(start=chain[0].start, end=head.end, kind="person")
        country: str | None = None
        org: ActorRef | None = None
        role: Role | None = None
        for unit in [*mods, head]:
            if unit.ethnic:
                continue  # "ethnic Albanian guerrillas": the state comes from elsewhere
            if unit.kind == "adjective":
                country = unit.country
            elif unit.kind in ("country", "capital", "seat") and unit.entry:
                country = unit.entry.actor.country
                if unit.kind == "seat":
                    org = unit.entry.actor
            elif unit.kind == "org" and unit.entry:
                org = unit.entry.actor
                country = unit.entry.actor.country or country
            elif unit.kind == "role" and unit.role:
                role = unit.role
                mention.role_text = doc[unit.start : unit.end].text
            elif unit.kind in ("person", "name") and unit is not head:
                # "the Bush administration": the government of the person's country
                known = unit.entry or self.gazetteer.by_surname(doc[unit.start].text, self.year)
                country = known.actor.country if known else country
            elif unit.kind == "counterpart":
                mention.counterpart = True
        mention.role = role
        first = doc[chain[0].start]
        mention.definite = first.lower_ == "the" or (
            chain[0].start > 0 and doc[chain[0].start - 1].lower_ == "the"
        )
        if head.kind in ("person", "name"):
            mention.name_start, mention.name_end = head.start, head.end
            known = head.entry
            if known is None and head.end - head.start == 1:
                # a last name alone ("President Erdogan") that only one known person has
                known = self.gazetteer.by_surname(doc[head.start].text, self.year)
            if known is not None:
                mention.actor = known.actor
                mention.gender = known.gender
                mention.role_text = mention.role_text or known.role
                mention.via = "gazetteer:person"
                if country and country != known.actor.country and not mods_are_only(mods, "org"):
                    mention.actor = _compose(doc, head, country, role, org)
                return [mention]
            if country or org or role:
                mention.actor = _compose(doc, head, country, role, org)
                mention.via = "name+role"
            else:
                mention.via = "ner"
            if role and role.gender:
                mention.gender = role.gender
            elif head.end - head.start > 1:
                mention.gender = self.gazetteer.given_names.get(doc[head.start].text)
            return [mention]
        # a role head, possibly a counterpart ("his Russian counterpart")
        if role is None and head.kind == "role":
            role = head.role
        if head.kind == "role" and role is not None:
            mention.kind = "role" if role.kind == "person" else role.kind
            mention.gender = role.gender
            if country is None and org is None:
                country, org = _of_complement(doc, head, self)
        mention.role = role
        if country or org:
            mention.actor = _compose(doc, head, country, role, org, name=_phrase(doc, mention))
            mention.via = "role"
        return [mention]


    def _ethnic_group(self, doc: Doc, unit: Unit) -> MentionSpan:
        """ "ethnic Albanians in south Serbia": civilians of the state they live in, when the
        text says which; the demonym alone does not say it."""
        country, _org = _of_complement(doc, unit, self)
        text = doc[unit.start : unit.end].text
        actor = ActorRef(actor_code(country, "CVL") if country else "", text, country, "CVL", "group")
        return MentionSpan(unit.start, unit.end, "adjective", actor=actor, via="adjective:ethnic")


def _in_office(entry: Entry, year: int) -> bool:
    start, end = entry.years
    return (start is not None or end is not None) and (start or 0) <= year <= (end or 9999)


def _names_after_roles(doc: Doc, units: list[Unit]) -> list[Unit]:
    """Proper names right after a role that the NER missed ("Sea-Eye spokesperson Carlotta
    Weibl"): a run of two to four capitalised proper nouns that no other unit covers."""
    taken = {i for u in units for i in range(u.start, u.end)}
    names: list[Unit] = []
    for unit in units:
        if unit.kind != "role":
            continue
        i = unit.end
        while i < len(doc) and i - unit.end < 4 and i not in taken and doc[i].pos_ == "PROPN" and doc[i].is_title:
            i += 1
        if i - unit.end >= 2 and doc[unit.end].ent_type_ not in ("GPE", "NORP", "LOC"):
            names.append(Unit(unit.end, i, "name"))
    return names


#: NER labels of proper names that are not the place they begin with ("Paris Saint-Germain",
#: "China Daily", "the Paris Agreement").
_NAME_LABELS = {"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}


def _guard_places(doc: Doc, units: list[Unit]) -> list[Unit]:
    """Place names that do not stand for the place, decided by the NER and the article:

    * a place beginning a longer organisation, venue or title name ("Paris Saint-Germain",
      "China Daily"), or a region beginning a longer place name ("West Darfur", "West
      Virginia"), is part of that name, unless a role noun inside it says whose it is
      ("the Israel Defense Forces") or the place follows "of" ("the Bank of Japan");
    * a one-word place that the NER does not call a place and that is the first or last name
      of a person named in full in the article ("Michael Jordan … Jordan said") is that person;
    * a one-word place at the start of a sentence whose lower-case form the article uses as a
      common noun ("roast the turkey … Turkey is best brined") is that noun;
    * a country name that is also a state elsewhere ("Georgia") is the state when the text
      says so: "Atlanta, Georgia", "Georgia's governor", or an article that names other states
      or cities of that country and never the country itself (no "Georgian", no "Tbilisi").
    """
    places = [u for u in units if u.kind in ("country", "capital", "region") and u.entry is not None]
    if not places:
        return units
    entity_of = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    role_tokens = {i for u in units if u.kind == "role" for i in range(u.start, u.end)}
    name_parts: set[str] = set()
    for person in doc.ents:
        words = [t.text for t in person if t.text not in ("'s", "’s")]
        if person.label_ == "PERSON" and len(words) > 1:
            name_parts.update((words[0], words[-1]))
    common = {t.lower_ for t in doc if t.pos_ == "NOUN" and t.is_lower}
    dropped: set[int] = set()
    for unit in places:
        first = doc[unit.start]
        ent = entity_of.get(unit.start)
        if (
            ent is not None
            and _begins_longer_name(doc, unit.start, unit.end, unit.kind)
            and not role_tokens & set(range(ent.start, ent.end))
        ):
            dropped.add(unit.start)
        elif unit.end - unit.start == 1 and first.text in name_parts and first.ent_type_ in ("PERSON", ""):
            unit.kind, unit.entry = "name", None
        elif unit.end - unit.start == 1 and first.lower_ in common and first.is_sent_start:
            dropped.add(unit.start)
    _states(doc, units, places)
    return [u for u in units if u.start not in dropped]


def _begins_longer_name(doc: Doc, start: int, end: int, kind: str) -> bool:
    """Whether the place at ``start:end`` begins a longer NER name (after at most a
    determiner, and not after "of")."""
    first = doc[start]
    if not first.ent_type_ or first.ent_iob_ not in ("B", "I"):
        return False
    ent = next((e for e in doc.ents if e.start <= start < e.end), None)
    if ent is None or not (ent.label_ in _NAME_LABELS or (kind == "region" and ent.label_ in ("GPE", "LOC"))):
        return False
    rest = doc[end : ent.end]
    # the name goes on with words of its own: not "Arnor's", not "Gondor and Osgiliath"
    goes_on = any(t.pos_ in ("PROPN", "NOUN", "ADJ", "NUM") for t in rest)
    coordinated = any(t.pos_ == "CCONJ" or t.text in (",", ";") for t in rest)
    return (
        goes_on
        and not coordinated
        and all(t.pos_ == "DET" for t in doc[ent.start : start])
        and not (start > 0 and doc[start - 1].lower_ == "of")
    )


def _states(doc: Doc, units: list[Unit], places: list[Unit]) -> None:
    """Turn country names that are a state of another country here into that state."""
    subs = subdivisions()
    for unit in places:
        if unit.kind != "country" or unit.entry is None:
            continue
        text = doc[unit.start : unit.end].text
        other = subs.admin1.get(text)
        if other is None or other == unit.entry.actor.country:
            continue
        if _state_here(doc, units, unit, text, other) or _state_article(doc, units, unit, other):
            actor = ActorRef(other, text, other, None, "place")
            unit.kind, unit.entry = "capital", Entry(actor, "capital")


def _state_here(doc: Doc, units: list[Unit], unit: Unit, text: str, other: str) -> bool:
    subs = subdivisions()
    # "Atlanta, Georgia": a city of that state just before the comma
    if unit.start >= 2 and doc[unit.start - 1].text == ",":
        end = unit.start - 1
        for size in (1, 2, 3):
            if end - size >= 0 and (other, text) in subs.cities.get(doc[end - size : end].text, set()):
                return True
    # "Georgia's governor", "Georgia Gov. Kemp": an office that only a state has
    for role in units:
        if role.kind == "role" and role.role is not None and role.role.local and role.start >= unit.end:
            between = doc[unit.end : role.start]
            return all(_is_gap(t) for t in between) and len(between) <= 2
    return False


def _state_article(doc: Doc, units: list[Unit], unit: Unit, other: str) -> bool:
    """Other states or cities of ``other`` named, and the country never named otherwise."""
    code = unit.entry.actor.country if unit.entry else None
    for u in units:
        if u.kind == "adjective" and u.country == code:
            return False
        same_name = doc[u.start : u.end].text == doc[unit.start : unit.end].text
        if u.entry is not None and u.entry.actor.country == code and not same_name:
            return False  # "Tbilisi", "Republic of Georgia"
    subs = subdivisions()
    taken = {i for u in units for i in range(u.start, u.end)}
    for ent in doc.ents:
        if ent.label_ != "GPE" or ent.start in taken:
            continue
        if subs.admin1.get(ent.text) == other or any(c == other for c, _a in subs.cities.get(ent.text, ())):
            return True
    return False


def mods_are_only(units: list[Unit], kind: str) -> bool:
    return bool(units) and all(u.kind == kind for u in units)


def _phrase(doc: Doc, mention: MentionSpan) -> str:
    tokens = [t.text_with_ws for t in doc[mention.start : mention.end] if t.pos_ != "DET"]
    return "".join(tokens).strip()


def _compose(
    doc: Doc,
    head: Unit,
    country: str | None,
    role: Role | None,
    org: ActorRef | None,
    name: str | None = None,
) -> ActorRef:
    """Actor of a head with its modifiers: the role's sector if it has one, else the
    organisation's, else GOV for officials attached to a country."""
    sector = role.sectors[0] if role and role.sectors else None
    text = name or doc[head.start : head.end].text
    kind = "person" if head.kind in ("person", "name") or (role and role.kind == "person") else "group"
    if role and role.kind == "organisation":
        kind = "organisation"
    if org is not None and (org.country is None or country in (None, org.country)):
        if org.country is None:
            # an IGO/NGO keeps its own code; the role says which part of it acts ("NATO
            # troops" → MIL), and its officials are its government, as for a state
            if sector is not None and sector.startswith(NON_COUNTRY_PREFIXES):
                sector = None  # "UN inspectors" (INT): no sector inside the UN
            elif sector is None and role is not None and not role.sectors and head.kind == "role":
                sector = "GOV"
            return ActorRef(org.code, text, None, sector or org.sector, kind)
        sector = sector or org.sector
        country = org.country
    if sector is None:
        sector = "GOV"
    if country is None:
        # a role without a country ("President Suharto" in a text that never says where):
        # the sector is known, the actor code is not; coreference may still supply one
        return ActorRef("", text, None, sector, kind)
    return ActorRef(actor_code(country, sector), text, country, sector, kind)


#: Prepositions whose object says whose a role is: "the foreign minister of France",
#: "refugees from Syria", "students throughout Indonesia".
_COMPLEMENT_PREPS = {"of", "for", "from", "at", "in", "throughout", "across"}
#: Participles that place a group somewhere: "Palestinians living in Gaza", "a group based
#: in Trinidad", "rebels operating in the east".
_LOCATING_LEMMAS = {"live", "base", "operate", "reside"}


def _of_complement(doc: Doc, head: Unit, finder: MentionFinder) -> tuple[str | None, ActorRef | None]:
    """Country or organisation named in "of/for/from X" after a role noun (or in "living /
    based in X"). When X is itself a role with a sector ("a member of the Syrian parliament",
    "a camp for Congolese refugees"), that sector comes along as an organisation-like actor."""
    root = doc[head.start : head.end].root
    preps = [c for c in root.children if c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS]
    for verb in root.children:
        if verb.dep_ == "acl" and verb.lemma_ in _LOCATING_LEMMAS:
            preps += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "across")]
    for prep in preps:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        # only the object itself and its own modifiers, not clauses or phrases further on
        near = [pobj] + [c for c in pobj.children if c.dep_ in ("amod", "compound", "poss")]
        first = min(t.left_edge.i for t in near)
        span = doc[first : pobj.i + 1]
        country: str | None = None
        near_ids = {t.i for t in near}
        # (a matcher run over a Span reports positions in the whole Doc)
        for match_id, start, end in finder.adjective_matcher(span):
            if end - 1 in near_ids and not _ethnic(doc, start):
                country = finder.adjective_codes[int(finder.vocab.strings[match_id][1:])]
                break
        for match_id, start, end in finder.names(span):
            entry = finder.entries[int(finder.vocab.strings[match_id][1:])]
            if entry.kind in ("org", "seat"):
                return entry.actor.country, entry.actor
            place = entry.kind in ("country", "capital", "region")
            # "voters in West Virginia": a region starting a longer place name is not that region
            if place and country is None and not _begins_longer_name(doc, start, end, entry.kind):
                country = entry.actor.country
        if country is None:
            continue
        for match_id, _start, end in finder.roles_matcher(span):
            role = finder.roles[int(finder.vocab.strings[match_id][1:])]
            if end - 1 == pobj.i and role.sectors:
                sector = role.sectors[0]
                return country, ActorRef(actor_code(country, sector), span.text, country, sector, "organisation")
        return country, None
    return None, None


def _ethnic(doc: Doc, i: int) -> bool:
    """ "ethnic Albanians", "ethnic Russian residents": an ethnic group, not a state's people;
    which state they live in is said elsewhere ("in south Serbia")."""
    return i > 0 and doc[i - 1].lower_ == "ethnic"


def stance(doc: Doc, start: int, end: int) -> bool:
    """ "anti-Syria", "pro-Russian", "Iranian-backed", "Russian-speaking": the country is what
    the phrase is for, against, backed or spoken by, not whose it is. "X-led" and "X-based"
    stay X's: the leader or the home."""
    before = start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("anti", "pro")
    after = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].tag_ in ("VBN", "VBG")
    return before or (after and doc[end + 1].lemma_ not in ("lead", "base"))


#: Prepositions that make a capital a place ("clashes in Baghdad"), not its government.
_LOCATIVE = {"in", "at", "near", "outside", "around", "across", "throughout", "inside", "into", "within"}


def _single(doc: Doc, unit: Unit, gazetteer: Gazetteer) -> MentionSpan:
    if unit.kind == "adjective":
        code = unit.country or ""
        name = gazetteer.country_names.get(code, code)
        token = doc[unit.end - 1]
        # a demonym as a plural noun is the people ("Libyans protested"), not the state
        people = token.tag_ in ("NNS", "NNPS") or (token.pos_ in ("NOUN", "PROPN") and token.text.endswith("s"))
        sector = "CVL" if people else None
        actor = ActorRef(actor_code(code, sector), name, code, sector, "group" if people else "country")
        return MentionSpan(unit.start, unit.end, "adjective", actor=actor, via="adjective")
    assert unit.entry is not None
    actor = unit.entry.actor
    if unit.kind == "capital" and actor.country:
        root = doc[unit.start : unit.end].root
        if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
            place = ActorRef(actor.country, actor.name, actor.country, None, "place")
            return MentionSpan(unit.start, unit.end, unit.kind, actor=place, via="gazetteer:place")
    return MentionSpan(unit.start, unit.end, unit.kind, actor=actor)


def _longest_first(units: list[Unit]) -> list[Unit]:
    """Drop units overlapping a longer (then earlier, then gazetteer) unit."""
    priority = {"person": 0, "org": 1, "seat": 1, "capital": 2, "country": 2, "region": 2,
                "role": 3, "adjective": 4, "name": 5, "counterpart": 6}
    ordered = sorted(units, key=lambda u: (-(u.end - u.start), priority.get(u.kind, 9), u.start))
    taken: set[int] = set()
    kept: list[Unit] = []
    for unit in ordered:
        tokens = set(range(unit.start, unit.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(unit)
    return sorted(kept, key=lambda u: u.start)


def _is_gap(token: Token) -> bool:
    """Words that may stand between the units of one actor phrase: articles, possessive
    marks, hyphens, plain adjectives ("former", "senior") and noun modifiers ("the EU
    foreign policy chief", "the Iranian nuclear negotiator")."""
    if token.text in _GAP_TEXT:
        return True
    if token.pos_ == "DET":
        return token.lower_ in ("the", "a", "an")
    if token.pos_ == "ADJ" and token.dep_ == "amod":
        return True
    if token.pos_ == "VERB" and token.dep_ == "amod" and token.tag_ in ("VBN", "VBG"):
        return True  # participles: "Algeria's leading activist", "Vietnamese-led forces"
    return token.pos_ == "NOUN" and token.dep_ in ("compound", "nmod") and token.head.i > token.i


def _chains(doc: Doc, units: list[Unit]) -> list[list[Unit]]:
    """Group units that form one noun phrase (only gap tokens between them)."""
    chains: list[list[Unit]] = []
    for unit in units:
        if chains:
            last = chains[-1][-1]
            between = doc[last.end : unit.start]
            same_sentence = doc[last.start].sent.start == doc[unit.start].sent.start
            head_kinds = ("person", "name", "role", "counterpart")
            if (
                same_sentence
                and not (last.stance or unit.stance)
                and (last.kind not in ("person", "name") or _run_by(doc, last, unit))
                and unit.kind in (*head_kinds, "adjective", "country", "capital", "seat", "org")
                and all(_is_gap(t) for t in between)
                and not any(t.pos_ == "PUNCT" and t.text not in _GAP_TEXT for t in between)
            ):
                chains[-1].append(unit)
                continue
        chains.append([unit])
    # a chain of modifiers whose last unit is no head splits back into single units
    result: list[list[Unit]] = []
    for chain in chains:
        heads = [i for i, u in enumerate(chain) if u.kind in ("person", "name", "role", "counterpart")]
        if not heads:
            result.extend([u] for u in chain)
            continue
        last_head = heads[-1]
        result.append(chain[: last_head + 1])
        result.extend([u] for u in chain[last_head + 1 :])
    return result


def _run_by(doc: Doc, person: Unit, unit: Unit) -> bool:
    """ "the Bush administration", "the Assad regime": a government named after its leader."""
    role = unit.role
    return (
        unit.kind == "role"
        and unit.start == person.end
        and role is not None
        and role.kind == "organisation"
        and role.sectors[:1] == ("GOV",)
        and doc[person.end - 1].dep_ == "compound"
    )


def _shared_head(doc: Doc, chain: list[Unit], after: list[Unit] | None) -> list[Unit] | None:
    """The role head a lone demonym shares with the next chain through "and"/"or"
    ("Russian and Chinese diplomats"), or None."""
    if after is None or len(chain) != 1 or chain[0].kind != "adjective" or chain[0].ethnic or chain[0].stance:
        return None
    if len(after) < 2 or after[0].kind != "adjective" or after[-1].kind != "role":
        return None
    between = doc[chain[0].end : after[0].start]
    if not between or not all(t.lower_ in ("and", "or", ",") for t in between):
        return None
    return after[1:]


def _pronouns(doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """Pronoun and "the latter/former" mentions, still unresolved."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found: list[MentionSpan] = []
    for token in doc:
        if token.i in covered:
            continue
        lower = token.lower_
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$"):
            if lower in PERSON_PRONOUNS:
                found.append(MentionSpan(token.i, token.i + 1, "pronoun", gender=PERSON_PRONOUNS[lower],
                                         via="coref:pronoun"))
            elif lower in GROUP_PRONOUNS:
                found.append(MentionSpan(token.i, token.i + 1, "pronoun", gender="pl", via="coref:pronoun"))
            elif lower in THING_PRONOUNS and not _expletive(token):
                found.append(MentionSpan(token.i, token.i + 1, "pronoun", gender="n", via="coref:pronoun"))
        elif lower in ("latter", "former") and token.i > 0 and doc[token.i - 1].lower_ == "the":
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is None or nxt.pos_ not in ("NOUN", "PROPN"):
                found.append(MentionSpan(token.i - 1, token.i + 1, lower, via=f"coref:{lower}"))
    return found


def _expletive(token: Token) -> bool:
    """ "It is clear that…", "it was decided to…": an "it" that refers to nothing."""
    if token.dep_ == "expl":
        return True
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return token.lower_ == "it" and token.dep_ not in ("dobj", "pobj", "poss")
    head = token.head
    if any(c.dep_ in ("ccomp", "csubj") for c in head.children) and head.lemma_ in ("be", "seem"):
        return True
    for child in head.children:
        if child.dep_ in ("acomp", "attr") and any(g.dep_ == "ccomp" for g in child.children):
            return True
    return False
