"""Who said it: the speaker phrase of a reporting verb, and the actor it stands for.

Used by the quote stage (:mod:`detente.quotes`) and by the event stage, which attributes a
claimed event to the subject of its cue. The reasoning, step by step:

1. **The phrase.** The subject of the cue (or its passive agent, "by X"); participles and
   conjuncts take the subject of the verb they hang on. Words inside quotation marks are
   never the speaker ("…and all that," Day said: not "all that"). Of two subjects, the one
   nearest the verb wins ("A member of parliament, Samir Dilou said"). After a closing
   quotation mark the speaker may follow the verb (…," said a protester). A verb left with
   no subject at all (a broken parse) takes the nearest name before it in its clause.
2. **Names in apposition.** "A State Department spokesperson, Morgan Ortagus, said" — the
   name, not the description, is the speaker; so is an organisation's name ("One of these
   groups, the Syrian Democratic Forces, said").
3. **Documents.** A statement, report, ruling or poll speaks for its author: "a report by
   The Atlantic", "the court's summary", "They released a statement which said".
4. **The actor.** The phrase is linked to a resolved actor mention (:func:`mention_at`). A
   proper name that no mention covers — the NER missed it — is matched against the people
   named in the article ("Trump" is Donald Trump), else completed from the text ("Geingob"
   → "Hage Geingob", "Phivolcs" → the name it abbreviates in brackets) and becomes an actor
   of its own, without a code.
5. **Checks on the actor.** "…, he added" after a quote about someone else is the quote's
   speaker going on (:func:`across_quote`); "the minister" is the minister named before
   (:func:`named_earlier`); a description whose name the NER missed takes the name in
   apposition to it (:func:`appositive_name`).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import PERSON_PRONOUNS, MentionSpan
from detente.records import ActorRef

_SUBJECTS = ("nsubj", "nsubjpass")
#: A quote before the one being resolved: its start, end, cue and speaker mention.
Previous = tuple[int, int, Token | None, int | None]
_RELATIVE = {"which", "who", "that", "whom"}
QUOTE_CHARS = set("\"“”„«»‹›")
#: Nouns for texts that speak for their author ("the statement said").
DOCUMENTS = {
    "statement", "report", "ruling", "decision", "summary", "poll", "survey", "decree", "release",
    "communique", "communiqué", "letter", "judgment", "judgement", "verdict", "study", "tweet",
    "post", "message", "notice", "document", "analysis", "filing", "memo", "order", "resolution",
    "announcement", "declaration", "opinion",
}
#: Verbs whose subject is the author of the document they take ("issued a statement").
_ISSUING = {"issue", "release", "publish", "make", "send", "post", "deliver", "give", "sign", "write",
            "present", "submit", "file", "circulate", "put", "adopt", "hand"}
#: Verbs that give a speaker a name: "a protester using the pseudonym Katya".
_NAMING = {"use", "name", "call", "identify", "know", "go"}
#: What a person's possessive may stand before and still be that person: "Erdogan's office".
_OFFICES = {"office", "administration", "cabinet", "campaign", "spokesman", "spokesperson", "spokeswoman"}
#: Lower-case words inside an organisation's name ("Institute of Volcanology and Seismology").
_NAME_JOINERS = {"of", "for", "and", "the", "on", "&"}


def speaker_of(cue: Token, quoted: Collection[int] = ()) -> Span | None:
    """The speaker phrase of a reporting verb; ``quoted`` holds the indices of tokens inside
    quotation marks, which are never the speaker."""
    doc = cue.doc
    verb = cue
    for level in range(3):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.i not in quoted]
        if subjects:
            child = min(subjects, key=lambda c: abs(c.i - verb.i))
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return np(doc, verb.head)
            return np(doc, named_apposition(child, verb) or child)
        for child in verb.children:
            if child.dep_ == "agent":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.i not in quoted:
                    return np(doc, pobj)
        if level == 0:
            inverted = _inverted(cue, quoted)
            if inverted is not None:
                return inverted
        if verb.dep_ in ("advcl", "conj", "xcomp", "acl") and verb.head.i != verb.i:
            if verb.head.i in quoted:
                # '…," also observing, "…"': the parser hung the participle on the quoted
                # words; it shares the subject of the clause before the quotation
                return _clause_before(verb, quoted)
            verb = verb.head  # "…, believing that…" / "and added" share the subject
            continue
        break
    return _name_before(cue, quoted)


def _clause_before(verb: Token, quoted: Collection[int]) -> Span | None:
    doc = verb.doc
    for i in range(verb.i - 1, verb.sent.start - 1, -1):
        token = doc[i]
        if i in quoted or token.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in token.children if c.dep_ in _SUBJECTS and c.i not in quoted), None)
        if subject is not None:
            return np(doc, named_apposition(subject, token) or subject)
    return None


def _inverted(cue: Token, quoted: Collection[int]) -> Span | None:
    """ "…," said a protester / tweeted Ken Gude: after a closing quotation mark, the noun
    phrase right after the verb is its subject, whatever the parser made of it."""
    doc = cue.doc
    before = doc[max(cue.sent.start, cue.i - 3) : cue.i]
    if not any(t.text in QUOTE_CHARS for t in before) or not all(t.is_punct for t in before[-1:]):
        return None
    for child in cue.rights:
        if child.i in quoted or child.left_edge.i != cue.i + 1:
            continue
        if child.pos_ in ("NOUN", "PROPN", "PRON") and child.dep_ in (
            "dobj", "nsubj", "attr", "npadvmod", "dative", "appos", "oprd"
        ):
            return np(doc, named_apposition(child, cue) or child)
    return None


def _name_before(cue: Token, quoted: Collection[int]) -> Span | None:
    """A verb the parser left without a subject ("…, the president of the league, Jamel
    Msallem, said"): the nearest person or organisation name before it in its clause."""
    doc = cue.doc
    for i in range(cue.i - 1, cue.sent.start - 1, -1):
        token = doc[i]
        if i in quoted:
            continue
        if token.pos_ in ("VERB", "AUX") or token.text in (";", ":"):
            return None
        if token.ent_type_ in ("PERSON", "ORG") and token.pos_ == "PROPN":
            for ent in doc.ents:
                if ent.start <= i < ent.end:
                    return doc[ent.start : ent.end]
    return None


def named_apposition(token: Token, verb: Token | None = None) -> Token | None:
    """The name set beside a description: "his father, Abdullah Kurdi", "a spokesperson,
    Morgan Ortagus," (also after a coordinated description: "an expert and former official,
    Avinoam Idan,"). A subject that is itself a person's name keeps its own name."""
    if token.ent_type_ == "PERSON":
        return None
    heads = [token, *[c for c in token.children if c.dep_ == "conj"]]
    for head in heads:
        for child in head.children:
            if child.dep_ != "appos" or child.pos_ != "PROPN" or child.i < head.i:
                continue
            if token.pos_ == "PROPN" and child.ent_type_ != "PERSON":
                continue  # "the Foreign Office, Britain's ministry" is named already
            if verb is not None and verb.i > child.i:
                between = token.doc[child.right_edge.i + 1 : verb.i]
                if not all(t.is_punct for t in between):
                    continue
            return child
    return None


def np(doc: Doc, head: Token) -> Span:
    """The noun phrase of a subject: its whole subtree up to a comma, a relative clause or a
    clause ("First Minister of Scotland Nicola Sturgeon", not "…, who led the petition")."""
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct", "cc", "conj") or (
            child.dep_ == "appos" and doc[child.left_edge.i - 1].text == ","
        ):
            break
        right = child.right_edge.i
    return doc[left : right + 1]


def author(doc: Doc, phrase: Span, quoted: Collection[int] = ()) -> Span:
    """A document speaks for its author: "a report by The Atlantic" → The Atlantic, "the
    court's summary" → the court, "They released a statement which said" → They. A speaker
    named through a naming verb ("a protester using the pseudonym Katya") is that name.
    Anything else stays as it is."""
    head = phrase.root
    if head.lemma_.lower() not in DOCUMENTS:
        for acl in head.children:
            if acl.dep_ == "acl" and acl.lemma_.lower() in _NAMING:
                name = next((t for t in acl.subtree if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"), None)
                if name is not None:
                    return np(doc, name)
        return phrase
    for child in head.children:
        if child.dep_ == "poss" and child.i not in quoted:
            return doc[child.left_edge.i : child.i + 1]  # "the court's summary" → the court
    for child in head.children:
        by = None
        if child.dep_ == "prep" and child.lower_ == "by":
            by = child
        elif child.dep_ == "acl":  # "a poll published by NBC News", "the decree signed by the Pope"
            by = next((g for g in child.children if g.dep_ == "agent"), None)
        if by is not None:
            pobj = next((g for g in by.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return np(doc, pobj)
    if head.dep_ == "dobj" and head.i not in quoted and head.head.lemma_.lower() in _ISSUING:
        # "They released a statement which said", "the palace issued a statement that…"
        verb = head.head
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS and c.i not in quoted), None)
        if subject is not None:
            return np(doc, subject)
    return phrase


def mention_at(span: Span, mentions: list[MentionSpan], actor_of: list[int]) -> int | None:
    """The mention a speaker phrase refers to: a named person inside it first ("US Ambassador
    to Germany Richard Grenell"), else the mention on its head word, else a person-like
    mention inside. A country or organisation that only modifies an unknown head ("the
    United States National Hurricane Center") is not the speaker, and neither is a person
    who only owns it ("Day's animal foundation"), unless it is their office."""
    head = span.root
    inside = [actor_of[t.i] for t in span if actor_of[t.i] >= 0]
    for index in inside:
        mention = mentions[index]
        owner = mention.end <= head.i and any(t.dep_ == "poss" for t in span.doc[mention.start : mention.end])
        if mention.name_start is not None and (not owner or head.lemma_.lower() in _OFFICES):
            return index
    if 0 <= head.i < len(actor_of) and actor_of[head.i] >= 0:
        return actor_of[head.i]
    for index in inside:
        if mentions[index].kind in ("person", "role", "pronoun", "latter", "former") and mentions[index].end > head.i:
            return index
    return None


def pronoun_antecedent(
    doc: Doc, pronoun: Token, mentions: list[MentionSpan], quoted: Collection[int]
) -> int | None:
    """For "he said"/"she said" that coreference left open: the nearest earlier person named
    outside quotation marks, within the two sentences before (a fallback only)."""
    gender = PERSON_PRONOUNS.get(pronoun.lower_)
    if gender is None:
        return None
    earliest = pronoun.sent.start
    for _ in range(4):
        if earliest > 0:
            earliest = doc[earliest - 1].sent.start
    best = None
    for index, mention in enumerate(mentions):
        if mention.start >= pronoun.i or mention.start < earliest or mention.start in quoted:
            continue
        if mention.actor is None or mention.actor.kind != "person":
            continue
        if mention.kind in ("person", "role") and mention.gender in (None, gender):
            best = index
        elif mention.kind == "pronoun" and mention.gender == gender:
            best = index  # "She explained, …" resolved before: the same woman again
    return best


def named_actor(
    doc: Doc, phrase: Span, mentions: list[MentionSpan], actor_of: list[int]
) -> tuple[int | None, ActorRef | None]:
    """A proper name in the speaker phrase that no resolved mention covers: the person named
    in full elsewhere ("Trump" → the mention of Donald Trump), else an actor made from the
    fullest form of the name in the article."""
    head = phrase.root
    if head.pos_ != "PROPN":
        if not head.is_title or head.pos_ == "PRON":
            return None, None
        # a name the tagger took for a common word ("Trump, also on Twitter, defended"):
        # only a person named in the article may stand for it
        words: tuple[str, ...] = (head.text,)
        return next((i for i, m in enumerate(mentions) if m.kind == "person" and m.actor is not None
                     and m.name_end is not None and doc[m.name_end - 1].text == head.text), None), None
    start, end = _proper_run(doc, head.i, phrase.start, phrase.end, actor_of, mentions)
    words = tuple(t.text for t in doc[start:end])
    if not words:
        return None, None
    titled: int | None = None
    for index, mention in enumerate(mentions):
        if mention.name_start is None or mention.name_end is None or mention.actor is None:
            continue
        known = tuple(t.text for t in doc[mention.name_start : mention.name_end])
        if len(known) >= len(words) and known[-len(words) :] == words:
            return index, None
        if len(words) == 1 and len(known) > 1 and known[0] == words[0] and mention.start < head.i:
            titled = index  # "the Pope" after "Pope Francis": the title he is named with
    if titled is not None and phrase[0].lower_ == "the":
        return titled, None
    # a surname alone is completed from the article; a longer name is whole already
    name = (_expanded(doc, words, actor_of, mentions) if len(words) == 1 else None) or doc[start:end].text
    organisation = head.ent_type_ in ("ORG", "FAC", "NORP", "GPE") or any(w in _NAME_JOINERS for w in name.split())
    kind = "organisation" if organisation and head.ent_type_ != "PERSON" else "person"
    country = next((mentions[actor_of[t.i]].actor for t in phrase if actor_of[t.i] >= 0
                    and mentions[actor_of[t.i]].kind in ("country", "adjective")), None)
    code = country.country if country is not None and country.country else ""
    return None, ActorRef(code, name, code or None, None, kind)


def _proper_run(
    doc: Doc, i: int, lo: int, hi: int, actor_of: list[int], mentions: list[MentionSpan]
) -> tuple[int, int]:
    """The run of proper-name words around token ``i`` inside [lo, hi): "Hage Geingob",
    "Man-kei Tam", "National Institute for Space Research"."""

    def word(k: int) -> bool:
        if actor_of[k] >= 0 and mentions[actor_of[k]].kind in ("role", "person"):
            return False  # a title ("Princess", "Foreign Minister") is no part of the name
        return doc[k].pos_ == "PROPN" or _name_word(doc[k])

    def joined(k: int, step: int) -> bool:  # "Institute of Volcanology and Seismology"
        nxt = k + step
        return doc[k].lower_ in _NAME_JOINERS and lo <= nxt < hi and doc[nxt].pos_ == "PROPN"

    start = i
    while start - 1 >= lo and (word(start - 1) or (start - 2 >= lo and joined(start - 1, -1))):
        start -= 1 if word(start - 1) else 2
    end = i + 1
    while end < hi and (word(end) or joined(end, 1)):
        end += 1 if word(end) else 2
    while start < end and not (doc[start].is_title or doc[start].is_upper):
        start += 1  # never start on a hyphen, an article or a lower-case piece
    return start, end


def _expanded(doc: Doc, words: tuple[str, ...], actor_of: list[int], mentions: list[MentionSpan]) -> str | None:
    """The fullest form of a name in the article: a longer run of proper nouns ending with
    the same words ("Hage Geingob" for "Geingob"), or the name an abbreviation stands for
    ("the Philippine Institute of Volcanology and Seismology (Phivolcs)")."""
    best: str | None = None
    n = len(words)
    for token in doc:
        if token.text != words[-1] or token.i + 1 < n:
            continue
        first = token.i - n + 1
        if tuple(t.text for t in doc[first : token.i + 1]) != words:
            continue
        in_brackets = first >= 2 and doc[first - 1].text == "(" and doc[token.i + 1 : token.i + 2].text == ")"
        if n == 1 and in_brackets:
            lo = max(doc[first - 2].sent.start, first - 12)
            start, end = _proper_run(doc, first - 2, lo, first - 1, actor_of, mentions)
            if end - start >= 2:
                return doc[start:end].text
        start = first
        while (
            start - 1 >= 0 and start > first - 3 and _name_word(doc[start - 1]) and actor_of[start - 1] < 0
            and doc[start - 1].ent_type_ not in ("GPE", "LOC", "NORP")  # "of Scotland Nicola Sturgeon"
        ):
            start -= 1
        while start < first and not doc[start].is_title:
            start += 1  # never start on a hyphen or a lower-case piece
        if start < first:
            candidate = doc[start : token.i + 1].text
            if best is None or len(candidate) > len(best):
                best = candidate
    return best


def _name_word(token: Token) -> bool:
    """A word of a name: a capitalised proper noun, or a piece of a hyphenated one
    ("Man-kei")."""
    if token.pos_ == "PROPN" and token.is_title:
        return True
    doc = token.doc
    if token.text in ("-", "–"):
        return 0 < token.i < len(doc) - 1 and not token.whitespace_ and not doc[token.i - 1].whitespace_
    hyphen_after = token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "–") and not token.whitespace_
    hyphen_before = token.i > 0 and doc[token.i - 1].text in ("-", "–") and not doc[token.i - 1].whitespace_
    return token.is_alpha and (hyphen_after or hyphen_before) and token.pos_ in ("PROPN", "NOUN", "X", "ADJ")


def across_quote(doc: Doc, index: int, mentions: list[MentionSpan], previous: Previous | None) -> int:
    """ "He said Zelensky is "a model of honesty"; however, "…", he added": a pronoun whose
    antecedent is a person named inside the previous quote's words is that quote's speaker,
    who goes on talking, not the person talked about. ``previous`` is that quote's start,
    end, cue and speaker mention."""
    pronoun = mentions[index]
    if pronoun.kind != "pronoun" or pronoun.antecedent is None or previous is None:
        return index
    start, stop, cue, said_by = previous
    if said_by is None or said_by == index:
        return index
    speaker = mentions[said_by]
    # the previous report runs from its cue (or its start) up to the pronoun's sentence,
    # which is the sentence the previous quote ends in or the next one
    begin = min(start, cue.idx + 1 if cue is not None else start)
    sentence = doc[pronoun.start].sent
    last = doc.char_span(start, stop, alignment_mode="expand")
    near = last is not None and sentence.start <= last[-1].sent.end
    end = max(stop, sentence.start_char)
    inside = near and pronoun.cluster >= 0 and speaker.cluster != pronoun.cluster and any(
        m.cluster == pronoun.cluster and begin <= doc[m.start].idx < end for m in mentions
    )
    if inside and speaker.actor is not None and speaker.actor.kind == "person" and (
        speaker.gender in (None, pronoun.gender)
    ):
        return said_by
    return index


def _role_word(mention: MentionSpan) -> str | None:
    phrase = mention.role.phrase if mention.role is not None else mention.role_text
    return phrase.lower().split()[-1] if phrase else None


def named_earlier(index: int | None, mentions: list[MentionSpan]) -> int | None:
    """ "the minister said" / "the Pope": a definite title with no name in its cluster is the
    last person named before it with a title of the same head noun ("Italian economic
    development minister Stefano Patuanelli", "Pope Francis")."""
    if index is None:
        return None
    mention = mentions[index]
    word = _role_word(mention)
    if not mention.definite or mention.name_start is not None or word is None:
        return index
    if any(m.name_start is not None for m in mentions if m.cluster == mention.cluster and mention.cluster >= 0):
        return index
    for k in range(index - 1, -1, -1):
        other = mentions[k]
        if other.name_start is not None and other.actor is not None and _role_word(other) == word:
            return k
    return index


def appositive_name(
    doc: Doc, index: int | None, mentions: list[MentionSpan], actor_of: list[int]
) -> ActorRef | None:
    """A speaker known only by a description whose name the NER missed: "a State Department
    spokesperson, Morgan Ortagus," — the name beside the description, with its code."""
    if index is None:
        return None
    mention = mentions[index]
    actor = mention.actor
    if actor is None or actor.kind != "person":
        return None
    cluster = [m for m in mentions if m.cluster == mention.cluster] if mention.cluster >= 0 else [mention]
    if any(m.name_start is not None for m in cluster):
        return None
    for m in cluster:
        if m.kind == "pronoun":
            continue
        head = doc[m.start : m.end].root
        name = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i
                     and actor_of[c.i] < 0), None)
        if name is not None:
            _known, named = named_actor(doc, doc[name.left_edge.i : name.i + 1], mentions, actor_of)
            if named is not None:
                return ActorRef(actor.code, named.name, actor.country, actor.sector, "person")
    return None
