"""Coreference inside one article: every mention joins a cluster with one resolved actor.

Rules, in the order they run (each is a heuristic; comments say why it holds in news):

1. **Names.** A person named by part of an earlier or later full name ("Wallace" after
   "Ben Wallace") is that person; bare surnames the NER missed are found as well.
2. **Appositions.** "Sergei Lavrov, Russia's foreign minister," — the role describes the
   name it stands beside.
3. **Counterparts.** "his Russian counterpart" is a person of the owner's role (or sector)
   and of the named country: a person in the article who fits joins; otherwise the
   mention stands for that country's office.
4. **Pronouns.** he/she/his/her → the nearest earlier person of compatible gender within
   two sentences, preferring the subject of the previous clause when the pronoun is a
   subject (news prose keeps the topic in subject position); they/their → the nearest
   group, country or organisation; it/its → the nearest country or organisation. An object
   pronoun never takes the subject of its own clause ("Lavrov ..., accusing him" is not
   Lavrov accusing Lavrov: English would say "himself"), the subject a participle or an
   infinitive inherits from the verb it hangs on included.
5. **The latter / the former** → the last / second-to-last person named before it.
6. **Definite roles.** "the minister", "the spokesperson" → the nearest earlier mention
   with the same role.
7. **The sentence's country** (:func:`place_by_sentence`, run by the actor stage after the
   counterparts): a titled person or sector group with no country takes the only country
   its sentence names.
"""

from __future__ import annotations

from spacy.tokens import Doc

from detente.actors.mentions import MentionSpan, stance
from detente.records import ActorRef

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
#: Object pronouns bound outside their clause (possessives like "his" may take the subject).
_OBJECT_FORMS = frozenset({"him", "her", "them", "it"})
_WINDOW_SENTENCES = 2
_ROLE_WINDOW_SENTENCES = 30


class _Clusters:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _is_subject(doc: Doc, mention: MentionSpan) -> bool:
    root = doc[mention.start : mention.end].root
    return root.dep_ in _SUBJECT_DEPS


def _specificity(actor: ActorRef | None) -> int:
    if actor is None or not (actor.code or actor.sector):
        return 0
    return bool(actor.code) + bool(actor.country) + bool(actor.sector) + (actor.kind == "person")


def resolve(doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """Link mentions into clusters and give every mention its cluster's actor."""
    sent_of = _sentence_index(doc)
    _add_missed_surnames(doc, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    clusters = _Clusters(len(mentions))
    _link_names(doc, mentions, clusters)
    _link_appositions(doc, mentions, clusters)
    _link_counterparts(doc, mentions, clusters)
    for i, mention in enumerate(mentions):
        if mention.kind == "pronoun":
            j = _pronoun_antecedent(doc, mentions, i, sent_of)
            foreign = _counterpart_of(mentions, i)
            if foreign is not None:
                j = _owner_of_counterpart(doc, mentions, i, sent_of, clusters, foreign, j)
        elif mention.kind in ("latter", "former"):
            j = _latter_former(mentions, i, sent_of, clusters)
        elif mention.definite and mention.actor is None and mention.role is not None:
            j = _same_role(doc, mentions, i, sent_of)
        else:
            continue
        if j is not None:
            mention.antecedent = j
            clusters.union(i, j)
    # countries and their demonyms are one entity; so are all mentions of one capital or seat
    by_code: dict[str, int] = {}
    for i, mention in enumerate(mentions):
        if mention.kind in ("country", "adjective", "capital", "seat", "org", "region") and mention.actor:
            clusters.union(i, by_code.setdefault(mention.actor.code, i))
    best = _cluster_actors(doc, mentions, clusters)
    roots = sorted({clusters.find(i) for i in range(len(mentions))})
    number = {root: n for n, root in enumerate(roots)}
    for i, mention in enumerate(mentions):
        root = clusters.find(i)
        mention.cluster = number[root]
        if root in best and (mention.actor is None or mention.kind in ("person", "pronoun", "latter", "former")):
            mention.actor = best[root]
    return mentions


def _cluster_actors(doc: Doc, mentions: list[MentionSpan], clusters: _Clusters) -> dict[int, ActorRef]:
    """One actor per cluster: the code of its most specific mention, and for a person the
    fullest proper name used anywhere in the article ("Durbin" is "Dick Durbin"); a known
    person's canonical name wins over the spelling in the text."""
    best: dict[int, ActorRef] = {}
    best_score: dict[int, int] = {}
    names: dict[int, tuple[int, str]] = {}
    for i, mention in enumerate(mentions):
        root = clusters.find(i)
        score = _specificity(mention.actor)
        if mention.actor is not None and score > best_score.get(root, 0):
            best[root], best_score[root] = mention.actor, score
        name = mention.name(doc)
        if name:
            known = mention.via == "gazetteer:person" and mention.actor is not None
            rank = (100 if known else 0) + len(name.split())
            if rank > names.get(root, (-1, ""))[0]:
                names[root] = (rank, mention.actor.name if known and mention.actor else name)
    for root, (_rank, name) in names.items():
        actor = best.get(root)
        if actor is None:
            best[root] = ActorRef("", name, None, None, "person")
        elif actor.name != name:
            best[root] = ActorRef(actor.code, name, actor.country, actor.sector, "person")
    return best


def _names(doc: Doc, mentions: list[MentionSpan]) -> list[tuple[int, tuple[str, ...]]]:
    return [
        (i, tuple(t.text for t in doc[m.name_start : m.name_end]))
        for i, m in enumerate(mentions)
        if m.name_start is not None and m.name_end is not None
    ]


def _add_missed_surnames(doc: Doc, mentions: list[MentionSpan]) -> None:
    """A capitalised token equal to the last name of a person named in full is that person."""
    surnames = {tokens[-1] for _i, tokens in _names(doc, mentions) if len(tokens) > 1}
    covered = {k for m in mentions for k in range(m.start, m.end)}
    for token in doc:
        if token.text in surnames and token.i not in covered and token.pos_ == "PROPN":
            mentions.append(
                MentionSpan(token.i, token.i + 1, "person", name_start=token.i,
                            name_end=token.i + 1, via="coref:name")
            )


def _link_names(doc: Doc, mentions: list[MentionSpan], clusters: _Clusters) -> None:
    full = _names(doc, mentions)
    for i, tokens in full:
        for j, other in full:
            if j == i or len(other) < len(tokens):
                continue
            # the same name again, "Wallace" ⊂ "Ben Wallace", or a first name used alone
            if tokens == other[-len(tokens) :] or (len(tokens) == 1 and tokens[0] == other[0]):
                _drop_wrong_guess(mentions[i], mentions[j], other)
                clusters.union(i, j)
                break


def _drop_wrong_guess(short: MentionSpan, full: MentionSpan, full_name: tuple[str, ...]) -> None:
    """A surname the gazetteer took for a known person ("Khan" → Imran Khan) is someone else
    when the article writes the name in full with another first name ("Sadiq Khan"): the
    mention forgets the guess and takes the full name's identity."""
    known = short.actor
    if (
        short.via == "gazetteer:person" and full.via != "gazetteer:person" and known is not None
        and len(full_name) > 1 and not set(full_name[:-1]) & set(known.name.split())
    ):
        short.actor, short.via, short.gender = None, "coref:name", None


def _link_appositions(doc: Doc, mentions: list[MentionSpan], clusters: _Clusters) -> None:
    """ "Sergei Lavrov, Russia's foreign minister" and "the head of British diplomacy Liz
    Truss": a role and a name in apposition are one person."""
    names = [j for j, m in enumerate(mentions) if m.name_start is not None]
    for i, mention in enumerate(mentions):
        if mention.kind != "role":
            continue
        root = doc[mention.start : mention.end].root
        for j in names:
            other = mentions[j]
            name_root = doc[other.start : other.end].root
            role_of_name = root.dep_ == "appos" and other.start <= root.head.i < other.end
            name_of_role = name_root.dep_ == "appos" and name_root.head.i == root.i
            if role_of_name or name_of_role or _set_off(doc, mention, other):
                if _specificity(mention.actor) > _specificity(other.actor):
                    other.actor = mention.actor
                other.role = other.role or mention.role
                clusters.union(i, j)
                break


def _set_off(doc: Doc, role: MentionSpan, name: MentionSpan) -> bool:
    """A role and the name right after it, set off by a comma, where the parser drew no
    apposition ("Qatar's emir, Sheikh Hamad bin Khalifa al-Thani, launched …"); not a list
    ("the emir, Sheikh Hamad and the prime minister")."""
    if role.end >= len(doc) or doc[role.end].text != "," or name.start != role.end + 1:
        return False
    after = doc[name.end] if name.end < len(doc) else None
    same_sentence = doc[role.start].sent.start == doc[name.start].sent.start
    return same_sentence and (after is None or after.lower_ not in ("and", "or", "&"))


def _owner(doc: Doc, mentions: list[MentionSpan], mention: MentionSpan) -> int | None:
    """The mention that owns a relational noun: "his" or "X's" in front of it."""
    for k in range(mention.start - 1, max(mention.start - 4, -1), -1):
        for j, other in enumerate(mentions):
            if other.start <= k < other.end and other is not mention:
                return j
    return None


def _link_counterparts(doc: Doc, mentions: list[MentionSpan], clusters: _Clusters) -> None:
    for _i, mention in enumerate(mentions):
        if not mention.counterpart:
            continue
        mention.extra["owner"] = _owner(doc, mentions, mention)


def _role_key(mention: MentionSpan) -> str | None:
    if mention.role is not None:
        return mention.role.phrase
    return mention.role_text.lower() if mention.role_text else None


def finish_counterparts(doc: Doc, mentions: list[MentionSpan], sent_of: list[int] | None = None) -> None:
    """Resolve counterparts once owners are known (owners may be pronouns)."""
    for mention in mentions:
        if not mention.counterpart or mention.name_start is not None:
            continue
        owner_index = mention.extra.get("owner")
        if not isinstance(owner_index, int):
            continue
        owner = mentions[owner_index]
        owner_actor = owner.actor
        if owner_actor is None:
            continue
        country = mention.actor.country if mention.actor else None
        owner_role = _role_key(owner) or _role_key(_cluster_lead(mentions, owner))
        match = None
        for other in mentions:
            if other.name_start is None or other.actor is None or other is owner:
                continue
            same_country = country is None or other.actor.country == country
            other_country = other.actor.country != owner_actor.country
            if same_country and other_country and owner_role and _role_key(other) == owner_role:
                match = other
                break
        if match is not None:
            mention.actor = match.actor
            mention.cluster = match.cluster
            mention.via = "coref:counterpart"
        elif country:
            sector = owner_actor.sector or "GOV"
            name = f"{mention.actor.name if mention.actor else country} counterpart"
            mention.actor = ActorRef(f"{country}{sector}", name, country, sector, "person")
            mention.via = "coref:counterpart"


def _cluster_lead(mentions: list[MentionSpan], mention: MentionSpan) -> MentionSpan:
    for other in mentions:
        if other.cluster == mention.cluster and other.name_start is not None and other.role:
            return other
    return mention


_OBJECT_DEPS = ("dobj", "dative", "iobj", "obj")
_INHERITS_SUBJECT = ("advcl", "xcomp", "conj", "acl")


def _local_subject(doc: Doc, pronoun_i: int) -> int | None:
    """The subject of the clause whose object the pronoun is (None for non-objects).

    A participle or infinitive without a subject of its own ("..., accusing him") takes the
    subject of the verb it depends on.
    """
    token = doc[pronoun_i]
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        token = token.head
    elif token.dep_ not in _OBJECT_DEPS:
        return None
    verb = token.head
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None:
            return subject.i
        if verb.dep_ not in _INHERITS_SUBJECT or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _pronoun_antecedent(doc: Doc, mentions: list[MentionSpan], i: int, sent_of: list[int]) -> int | None:
    pronoun = mentions[i]
    sentence = sent_of[pronoun.start]
    is_subject = doc[pronoun.start].dep_ in _SUBJECT_DEPS
    local_subject = _local_subject(doc, pronoun.start) if doc[pronoun.start].lower_ in _OBJECT_FORMS else None
    best, best_score = None, float("-inf")
    for j in range(i - 1, -1, -1):  # mentions are in text order: look back, within the window
        other = mentions[j]
        if other.start >= pronoun.start:
            continue
        if local_subject is not None and other.start <= local_subject < other.end:
            continue  # the clause's own subject: that would be "himself"
        distance = sentence - sent_of[other.start]
        if distance > _WINDOW_SENTENCES:
            break
        if not _compatible(pronoun, other):
            continue
        score = -2.0 * distance + other.start / 10_000.0
        if is_subject and _is_subject(doc, other):
            score += 2.5 if distance >= 1 else 1.0
        if other.kind == "pronoun":
            score -= 0.5  # prefer the named antecedent of a chain of pronouns
        if score > best_score:
            best, best_score = j, score
    return best


def _counterpart_of(mentions: list[MentionSpan], i: int) -> str | None:
    """The country of the counterpart a pronoun owns ("his **Russian** counterpart" → RUS)."""
    for mention in mentions:
        if mention.counterpart and mention.extra.get("owner") == i and mention.actor and mention.actor.country:
            return mention.actor.country
    return None


def _owner_of_counterpart(
    doc: Doc, mentions: list[MentionSpan], i: int, sent_of: list[int], clusters: _Clusters,
    foreign: str, chosen: int | None,
) -> int | None:
    """Whose "Russian counterpart" a pronoun names: someone who is not Russian. The
    antecedent found by distance and gender stands unless its chain is of the counterpart's
    own country (or there is none); then the nearest person of another country is taken, of either gender when
    none of the pronoun's fits — "his" for a woman is a slip of translation or rewriting far
    more often than a Russian minister is his own counterpart."""
    def country(j: int) -> str | None:
        root = clusters.find(j)
        return next((m.actor.country for k, m in enumerate(mentions)
                     if clusters.find(k) == root and m.actor is not None and m.actor.country), None)

    if chosen is not None and country(chosen) != foreign:
        return chosen
    pronoun = mentions[i]
    sentence = sent_of[pronoun.start]
    people = [j for j in range(i - 1, -1, -1)
              if mentions[j].kind in ("person", "role") and sentence - sent_of[mentions[j].start] <= _WINDOW_SENTENCES
              and country(j) not in (None, foreign)]
    fitting = [j for j in people if _compatible(pronoun, mentions[j])]
    return next(iter(fitting or people), None)


def _compatible(pronoun: MentionSpan, other: MentionSpan) -> bool:
    gender = pronoun.gender
    person_like = other.kind in ("person", "role", "latter", "former") or (
        other.kind == "pronoun" and other.gender in ("m", "f")
    )
    if gender in ("m", "f"):
        if other.kind == "role" and other.role is not None and other.role.kind != "person":
            return False
        return person_like and other.gender in (None, gender)
    if gender == "pl":
        return other.kind in ("country", "capital", "seat", "org", "role", "adjective") or (
            other.kind == "pronoun" and other.gender == "pl"
        )
    return other.kind in ("country", "capital", "seat", "org") or (
        other.kind == "pronoun" and other.gender == "n"
    )


def _latter_former(
    mentions: list[MentionSpan], i: int, sent_of: list[int], clusters: _Clusters
) -> int | None:
    here = mentions[i]
    seen: list[int] = []
    for j in range(len(mentions) - 1, -1, -1):
        other = mentions[j]
        if other.start >= here.start or other.name_start is None:
            continue
        if sent_of[here.start] - sent_of[other.start] > _WINDOW_SENTENCES:
            break
        if all(clusters.find(k) != clusters.find(j) for k in seen):
            seen.append(j)
        if len(seen) == (1 if here.kind == "latter" else 2):
            return seen[-1]
    return None


def _same_role(doc: Doc, mentions: list[MentionSpan], i: int, sent_of: list[int]) -> int | None:
    here = mentions[i]
    key = _role_key(here)
    for j in range(i - 1, -1, -1):
        other = mentions[j]
        if sent_of[here.start] - sent_of[other.start] > _ROLE_WINDOW_SENTENCES:
            break  # "the minister" refers back a few paragraphs, not across a whole book
        if other.start < here.start and other.actor is not None and _same_office(_role_key(other), key):
            return j
    if here.role is not None and here.role.kind == "organisation" and not here.role.sectors:
        return _named_body(doc, mentions, i, sent_of)
    return None


def _named_body(doc: Doc, mentions: list[MentionSpan], i: int, sent_of: list[int]) -> int | None:
    """ "NATO … the alliance", "Hamas … the group": an organisation named just before, the
    subject of its clause first (the topic), never one that is only a place ("in Brussels")."""
    here, found = mentions[i], None
    for j in range(i - 1, -1, -1):
        other = mentions[j]
        if sent_of[here.start] - sent_of[other.start] > _WINDOW_SENTENCES:
            break
        if other.kind not in ("org", "seat") or other.actor is None or other.start >= here.start:
            continue
        root = doc[other.start : other.end].root
        if root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "to", "from", "near", "inside"):
            continue
        if _is_subject(doc, other):
            return j
        found = j if found is None else found
    return found


def _same_office(earlier: str | None, key: str | None) -> bool:
    """ "the minister" after "the foreign minister": the same role phrase, or its head noun."""
    if earlier is None or key is None:
        return False
    return earlier == key or (" " not in key and earlier.split()[-1] == key)


#: Mentions that name a state by itself, not as part of another actor's phrase.
_PLACE_KINDS = ("country", "capital", "seat")


def _stateless(mention: MentionSpan) -> bool:
    """A titled person or a sector group the stage could not place ("President Dos Santos",
    "the students", "ethnic Hungarians"): it has a sector or a role but no country. Bare names
    the NER found are left alone — without a title nothing says they are public actors."""
    if mention.kind in ("pronoun", "latter", "former") or mention.via == "ner" or mention.counterpart:
        return False
    actor = mention.actor
    if actor is None:
        return mention.role is not None and bool(mention.role.sectors)
    return actor.country is None and not actor.code and (actor.sector is not None or mention.role is not None)


#: Sectors of organisations that are non-governmental by nature: human rights, relief and
#: health, development, environment (CAMEO codes Amnesty NGOHRI, MSF NGOHLH, Greenpeace NGOENV).
_NGO_SECTORS = ("HRI", "HLH", "DEV", "ENV")
#: Words that make a role phrase an organisation of people rather than an institution.
_NGO_WORDS = frozenset({"group", "groups", "organization", "organizations", "organisation", "organisations",
                        "charity", "charities", "agency", "agencies", "ngo", "ngos", "watchdog", "society",
                        "foundation", "movement", "campaign", "network", "body"})


def _as_ngo(doc: Doc, mentions: list[MentionSpan], mention: MentionSpan) -> None:
    """An unplaced organisation of a non-governmental kind ("a human rights group protested",
    in a sentence about two countries) is coded as CAMEO codes such groups with no state of
    their own: NGO plus its sector."""
    role = mention.role
    if mention.actor is not None or role is None or role.kind != "organisation" or not role.sectors:
        return
    sector = role.sectors[0]
    if sector not in _NGO_SECTORS or not any(word in role.phrase.split() for word in _NGO_WORDS):
        return  # a hospital is a health institution, not a non-governmental organisation
    mention.actor = ActorRef(f"NGO{sector}", doc[mention.start : mention.end].text, None, sector, "organisation")
    mention.via = f"{mention.via}+ngo"


def place_by_sentence(doc: Doc, mentions: list[MentionSpan], sent_of: list[int] | None = None) -> None:
    """Give a titled person or sector group without a country the one country its sentence
    names ("President Ruth Okonjo opened a bridge in Ghana" → GHA).

    Why it holds: news names a foreign official's country ("French President …") but not a
    local one's, and a sentence that names one state is set in it. The evidence differs by
    kind: a *person* takes only a country named by itself in the sentence (a name, capital or
    seat); a demonym there belongs to another actor ("President Okonjo welcomed the Kenyan
    foreign minister" says nothing of Okonjo). A *group* ("students", "ethnic Hungarians",
    "prisoners") also takes the country of another actor's demonym ("Turkish police stopped
    students"), since groups of people act where they live.

    Limits: two or more countries in the sentence leave the mention unplaced; so does a
    sentence naming none (the article's dateline is not looked at). An exile acting abroad
    or a foreign group named without its demonym is placed wrongly. The whole coreference
    cluster (pronouns included) takes the country with the mention.
    """
    sent_of = sent_of or _sentence_index(doc)
    named: dict[int, set[str]] = {}
    worn: dict[int, set[str]] = {}
    for mention in mentions:
        actor = mention.actor
        if actor is None or not actor.country or mention.kind in ("pronoun", "latter", "former"):
            continue
        if mention.kind == "adjective" and mention.via.startswith("adjective:ethnic"):
            continue  # "ethnic Albanians" say where the people come from, not where they are
        if stance(doc, mention.start, mention.end):
            continue  # "Iranian-backed militias" are not Iran's
        sentence = sent_of[mention.start]
        (named if mention.kind in _PLACE_KINDS else worn).setdefault(sentence, set()).add(actor.country)
    for mention in mentions:
        if not _stateless(mention):
            continue
        sentence = sent_of[mention.start]
        countries = set(named.get(sentence, set()))
        person = mention.kind == "person" or (mention.actor is not None and mention.actor.kind == "person")
        if not person:
            countries |= worn.get(sentence, set())
        if len(countries) != 1:
            _as_ngo(doc, mentions, mention)
            continue
        country = next(iter(countries))
        old = mention.actor
        role_sector = mention.role.sectors[0] if mention.role and mention.role.sectors else None
        sector = (old.sector if old else None) or role_sector or "GOV"
        name = old.name if old else doc[mention.start : mention.end].text
        kind = old.kind if old else ("person" if mention.role and mention.role.kind == "person" else "group")
        placed = ActorRef(f"{country}{sector}", name, country, sector, kind)
        for other in mentions:
            if other is mention or (old is not None and other.cluster == mention.cluster and other.actor == old):
                other.actor = placed
        mention.via = f"{mention.via}+sentence-country"
