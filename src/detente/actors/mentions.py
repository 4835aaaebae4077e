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
from spacy.tokens import Doc, Token

from detente.actors.gazetteer import Entry, Gazetteer, Role, actor_code
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
        adjectives = self.gazetteer.adjectives
        for token in doc:
            code = adjectives.get(token.text)
            if code is not None:
                found.append(Unit(token.i, token.i + 1, "adjective", country=code))
            elif token.lemma_.lower() in COUNTERPART_LEMMAS and token.pos_ == "NOUN":
                found.append(Unit(token.i, token.i + 1, "counterpart"))
        found += _names_after_roles(doc, found)
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                start, end = ent.start, ent.end
                if doc[end - 1].text in ("'s", "’s"):
                    end -= 1
                if end > start:
                    found.append(Unit(start, end, "name"))
        return _longest_first(found)

    # -- steps 2–4 ------------------------------------------------------------------------
    def __call__(self, doc: Doc, year: int | None = None) -> list[MentionSpan]:
        self.year = year
        units = self.units(doc, year)
        mentions: list[MentionSpan] = []
        for chain in _chains(doc, units):
            mentions.extend(self._resolve_chain(doc, chain))
        mentions.extend(_pronouns(doc, mentions))
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _resolve_chain(self, doc: Doc, chain: list[Unit]) -> list[MentionSpan]:
        head = chain[-1]
        if head.kind not in ("person", "name", "role", "counterpart"):
            return [_single(doc, u, self.gazetteer) for u in chain if u.kind != "counterpart"]
        mods = chain[:-1]
        mention = MentionSpan(start=chain[0].start, end=head.end, kind="person")
        country: str | None = None
        org: ActorRef | None = None
        role: Role | None = None
        for unit in [*mods, head]:
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
        if org.country is None:  # an IGO/NGO: its own code, the role does not change it
            return ActorRef(org.code, text, None, org.sector, kind)
        sector = sector or org.sector
        country = org.country
    if sector is None:
        sector = "GOV"
    if country is None:
        # a role without a country ("President Suharto" in a text that never says where):
        # the sector is known, the actor code is not; coreference may still supply one
        return ActorRef("", text, None, sector, kind)
    return ActorRef(actor_code(country, sector), text, country, sector, kind)


def _of_complement(doc: Doc, head: Unit, finder: MentionFinder) -> tuple[str | None, ActorRef | None]:
    """Country or organisation named in "of/for/from X" after a role noun."""
    root = doc[head.start : head.end].root
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "from", "at", "in"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            # only the object itself and its own modifiers, not clauses or phrases further on
            near = [pobj] + [c for c in pobj.children if c.dep_ in ("amod", "compound", "poss")]
            for token in near:
                code = finder.gazetteer.adjectives.get(token.text)
                if code:
                    return code, None
            first = min(t.left_edge.i for t in near)
            span = doc[first : pobj.i + 1]
            for match_id, _s, _e in finder.names(span):
                entry = finder.entries[int(finder.vocab.strings[match_id][1:])]
                if entry.kind in ("org", "seat"):
                    return entry.actor.country, entry.actor
                if entry.kind in ("country", "capital", "region"):
                    return entry.actor.country, None
    return None, None


#: Prepositions that make a capital a place ("clashes in Baghdad"), not its government.
_LOCATIVE = {"in", "at", "near", "outside", "around", "across", "throughout", "inside", "into", "within"}


def _single(doc: Doc, unit: Unit, gazetteer: Gazetteer) -> MentionSpan:
    if unit.kind == "adjective":
        code = unit.country or ""
        name = gazetteer.country_names.get(code, code)
        token = doc[unit.start]
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
                "role": 3, "name": 4, "adjective": 5, "counterpart": 6}
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
                and last.kind not in ("person", "name")
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
