"""Quotes: direct and reported speech, and who said it, as a spaCy component (``doc._.quotes``).

**Direct quotes** are found by pairing quotation marks (straight, curly, angle, low-9) over
the whole article, so a quote may run over several sentences. A paragraph that ends inside
a quote and a next paragraph that reopens with a mark continue the speaker's words, as news
style writes it: each paragraph's part is its own quote, and the later parts take the
speaker of the first. An unclosed quote is cut at the end of the sentence it began in and
reported (as a warning with its position in the original text); nothing is guessed beyond.
A quoted line standing alone as a paragraph, with no speaker and no full stop, is a heading.

**Speakers.** For a quote, the cue is a reporting verb (``data/speech/cues.tsv``) outside
the quote in the quote's sentences — the one whose parse tree holds the quote first — and
the speaker is the cue's subject (or passive agent). A sentence that is only a quote takes
the speaker of the quote just before it (news continues a speaker's words paragraph after
paragraph), else a cue in the previous sentence that announces it ("Lavrov said:").
Speakers are mentions resolved by the actor stage, so "he said" is Sergei Shoigu and
"a Foreign Office spokesperson" is GBRGOV; how the speaker phrase is found and linked
(appositions, documents, names the NER missed) is in :mod:`detente.speakers`.

**Reported speech**: a cue verb with a content clause ("assured that London had sent …")
is an indirect quote; if the clause holds quoted words it is *mixed*. "according to X" marks
the rest of its clause as X's. A short quoted fragment no cue governs is a scare quote and
not a quote of anyone.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import MentionSpan
from detente.records import ActorRef
from detente.resources import data_files
from detente.speakers import (
    QUOTE_CHARS,
    across_quote,
    appositive_name,
    author,
    mention_at,
    named_actor,
    named_earlier,
    pronoun_antecedent,
    speaker_of,
)

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)

OPENERS = {"“": "”", "«": "»", "„": "“", "‹": "›", '"': '"', "”": "”"}
CLOSERS = {"”", "»", "›", '"', "“"}
#: A quoted stretch of at most this many words is a fragment (a term, a scare quote, a
#: title word): quoted words inside someone's reported speech, never a quote on its own.
FRAGMENT_WORDS = 3
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Cue:
    lemma: str
    kind: str  # speech claim denial belief attribution
    modality: str


@cache
def cue_table() -> dict[str, Cue]:
    """Reporting verbs and phrases by lemma (packaged file plus user files)."""
    cues: dict[str, Cue] = {}
    for path in data_files("speech", "cues.tsv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                lemma = (row.get("lemma") or "").strip().lower()
                if lemma:
                    cues[lemma] = Cue(lemma, (row.get("kind") or "speech").strip(),
                                      (row.get("modality") or "claimed").strip())
    return cues


@dataclass
class QuoteSpan:
    """A quote in the Doc's character coordinates (content without its marks)."""

    start: int
    end: int
    kind: str  # direct indirect mixed
    cue: Token | None = None
    speaker: Span | None = None
    speaker_mention: int | None = None
    sentence: int = 0
    unbalanced: bool = False
    #: the speaker when no actor mention stands for it: a name the NER missed, found by
    #: the quote stage in the speaker phrase and completed from the article
    actor: ActorRef | None = None
    last_sentence: int = 0


def find_marks(text: str) -> list[tuple[int, int, bool]]:
    """Pair quotation marks: (content start, content end, closed properly) per quote.

    Paragraph rule: an open quote at a paragraph end continues if the next paragraph starts
    with an opening mark; otherwise it is reported unclosed and ends at the paragraph end.
    """
    pairs: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_mark = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if open_at is None:
            if ch in OPENERS and _can_open(text, i):
                open_at, open_mark = i + 1, ch
        else:
            expected = OPENERS[open_mark]
            if ch == "\n":
                j = i
                while j < n and text[j] in "\n ":
                    j += 1
                if j < n and text[j] in OPENERS and text[j] == open_mark:
                    # continued in the next paragraph: record this part, keep quoting
                    pairs.append((open_at, i, True))
                    open_at = j + 1
                    i = j + 1
                    continue
                pairs.append((open_at, i, False))
                open_at = None
            elif ch == expected or (ch in CLOSERS and ch != open_mark and _can_close(text, i)):
                pairs.append((open_at, i, True))
                open_at = None
            elif ch == open_mark and ch in "“«„" and ch != expected:
                # a new opening mark while a quote is open: the old one was never closed
                pairs.append((open_at, i, False))
                open_at = i + 1
        i += 1
    if open_at is not None:
        pairs.append((open_at, n, False))
    return [(s, e, ok) for s, e, ok in pairs if text[s:e].strip()]


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == '"':
        return (before.isspace() or before in "([{—–-:") and not after.isspace()
    if text[i] == "”":  # a closing curly mark used to open (seen in badly typed text)
        return before.isspace() and after.isalpha()
    return not after.isspace() or text[i] in "«„"


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return not before.isspace()


class QuoteStage:
    """Direct, reported and mixed quotes with resolved speakers."""

    def __init__(self, cues: dict[str, Cue] | None = None):
        self.cues = cues if cues is not None else cue_table()

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.actors or []
        actor_of = doc._.actor_of_token or [-1] * len(doc)
        # positions (in the Doc's text) of opening marks never closed; the pipeline reports
        # them in the original text's coordinates
        unbalanced = doc.user_data.setdefault("detente_unbalanced", [])
        marked: list[tuple[Span, QuoteSpan, bool]] = []  # (span, quote, is a fragment)
        sentences = list(doc.sents)
        sent_index = {s.start: n for n, s in enumerate(sentences)}
        text = doc.text  # spaCy rebuilds Doc.text from its tokens on every access: read it once
        for start, end, closed in find_marks(text):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            sentence = span[0].sent
            if not closed:
                end = min(end, sentence.end_char)
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                unbalanced.append(start - 1)
            fragment = sum(1 for t in span if not t.is_punct) <= FRAGMENT_WORDS
            quote = QuoteSpan(span.start_char, span.end_char, "direct", cue=self._cue_for(doc, span, closed),
                              sentence=sent_index.get(sentence.start, 0), unbalanced=not closed,
                              last_sentence=sent_index.get(span[-1].sent.start, 0))
            marked.append((span, quote, fragment))
        quotes = self._combine(doc, text, marked, sent_index)
        quoted = {i for span, _q, _f in marked for i in range(max(span.start - 1, 0), min(span.end + 1, len(doc)))}
        previous: QuoteSpan | None = None
        for quote in quotes:
            if quote.cue is None and quote.kind == "direct":
                quote.cue, quote.speaker = _according_in(doc, quote)
            if quote.cue is not None and quote.speaker is None:
                quote.speaker = speaker_of(quote.cue, quoted)
            if quote.speaker is None and quote.cue is None and quote.kind == "direct":
                # a quote standing alone: announced by the sentence before it
                quote.speaker, quote.cue = self._announcer(doc, quote, sentences, quoted, mentions, actor_of)
            if quote.speaker is None and _continues(previous, quote):
                # else, a quote right after someone's quote goes on with their words
                assert previous is not None
                quote.speaker, quote.speaker_mention = previous.speaker, previous.speaker_mention
                quote.actor = previous.actor
            if quote.speaker is not None and quote.speaker_mention is None and quote.actor is None:
                quote.speaker = author(doc, quote.speaker, quoted)
                self._resolve(doc, quote, mentions, actor_of, quoted, previous)
            previous = quote
        doc._.quotes = [q for q in quotes if not _is_heading(text, q) and not _in_caption(text, q)]
        return doc

    # -- cues -----------------------------------------------------------------------------
    def cue_of(self, token: Token) -> Cue | None:
        """The cue a verb is: a phrasal cue ("point out", "call on", "rule out") when its
        particle or preposition is there, else the verb's own entry. "as quoted by X" and
        "as reported by X" are no cues: they name who passed the words on, not the speaker."""
        if token.pos_ not in ("VERB", "AUX") and token.dep_ != "ROOT":
            return None
        if token.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            return None
        lemma = token.lemma_.lower()
        for child in token.children:
            if child.dep_ in ("prt", "prep", "dobj", "advmod", "acomp"):
                phrasal = self.cues.get(f"{lemma} {child.lower_}")
                if phrasal is not None:
                    return phrasal
        return self.cues.get(lemma)

    def _cue_for(self, doc: Doc, quote: Span, closed: bool = True) -> Token | None:
        """The reporting verb outside the quote that governs it, or any in its sentences.

        The sentences looked at run from the one the quote opens in to the one just after
        its closing mark ("…in two days!" Macron told the world), since the splitter often
        puts the cue after the closing mark into a sentence of its own.
        """
        inside = range(quote.start, quote.end)
        region = _region(doc, quote, closed)
        adjacent = self._adjacent_cue(doc, quote, region)
        if adjacent is not None:
            return adjacent
        candidates = [t for t in region if t.i not in inside and self.cue_of(t) is not None]
        for token in candidates:  # a cue whose subtree holds the quote
            if token.left_edge.i <= quote.start and token.right_edge.i >= quote.end - 1:
                return token
        for token in quote.root.ancestors:
            if self.cue_of(token) is not None and token.i not in inside:
                return token
        if candidates:
            return candidates[0]
        return _introducer(doc, quote, region)

    def _adjacent_cue(self, doc: Doc, quote: Span, region: Span) -> Token | None:
        """A cue right beside the quotation marks: after the closing mark ("…," said Tedros
        / "…," the party informed the press) or before the opening one (she said, "…").
        It names the speaker of these words even when another cue governs the sentence
        ("the WHO noted the need to act: "…," said Tedros")."""
        i = quote.end
        while i < region.end and doc[i].is_punct and doc[i].text not in ".;:" and i - quote.end < 3:
            i += 1
        if i > quote.end and any(t.text in QUOTE_CHARS for t in doc[quote.end : i]):
            for token in doc[i : min(i + 12, region.end)]:
                cue = self.cue_of(token)
                if cue is not None and cue.kind != "denial" and token.tag_ != "VBG":
                    if not any(c.dep_ == "ccomp" and c.i >= i for c in token.children):
                        return token
                    break
                if token.pos_ in ("VERB", "AUX") or token.text in QUOTE_CHARS or token.text in ".;:!?":
                    break
        j = quote.start - 1
        while j >= region.start and (doc[j].text in ",:" or doc[j].text in QUOTE_CHARS) and quote.start - j < 4:
            j -= 1
        if j >= region.start and j < quote.start - 1 and doc[j].text not in QUOTE_CHARS:
            cue = self.cue_of(doc[j])
            if cue is not None and cue.kind != "denial":
                return doc[j]
        return None

    def _resolve(
        self, doc: Doc, quote: QuoteSpan, mentions: list[MentionSpan], actor_of: list[int], quoted: set[int],
        previous: QuoteSpan | None = None,
    ) -> None:
        """Link the speaker phrase to an actor: a resolved mention, else a pronoun's nearest
        person, else a proper name the NER missed."""
        assert quote.speaker is not None
        index = mention_at(quote.speaker, mentions, actor_of)
        root = quote.speaker.root
        if index is not None and mentions[index].actor is not None:
            title = mentions[index]
            after = [t for t in quote.speaker if t.i >= title.end and t.pos_ == "PROPN" and actor_of[t.i] < 0]
            if title.name_start is None and after and title.kind in ("person", "role"):
                # "First Minister of Scotland Nicola Sturgeon" when the NER missed the name:
                # the person is named, the title before the name gives the code
                known, named = named_actor(doc, doc[after[0].i : after[-1].i + 1], mentions, actor_of)
                if named is not None and title.actor is not None:
                    actor = title.actor
                    quote.actor = ActorRef(actor.code, named.name, actor.country, actor.sector, "person")
                    return
                index = known if known is not None else index
            before = (previous.start, previous.end, previous.cue, previous.speaker_mention) if previous else None
            quote.speaker_mention = named_earlier(across_quote(doc, index, mentions, before), mentions)
            quote.actor = appositive_name(doc, quote.speaker_mention, mentions, actor_of)
            return
        if index is not None and mentions[index].definite:
            earlier = named_earlier(index, mentions)
            if earlier != index:  # "the minister" with no country of its own
                quote.speaker_mention = earlier
                return
        if len(quote.speaker) == 1 and root.pos_ == "PRON":
            antecedent = pronoun_antecedent(doc, root, mentions, quoted)
            quote.speaker_mention = antecedent if antecedent is not None else index
            return
        quote.speaker_mention, quote.actor = named_actor(doc, quote.speaker, mentions, actor_of)
        if quote.speaker_mention is None and quote.actor is None:
            quote.speaker_mention = index

    def _announcer(
        self, doc: Doc, quote: QuoteSpan, sentences: list[Span], quoted: set[int],
        mentions: list[MentionSpan], actor_of: list[int],
    ) -> tuple[Span | None, Token | None]:
        """For a quote standing alone: a cue ending the previous sentence with a colon
        ("Sergei Lavrov said:"), else — when the quote opens its own sentence — the person
        the previous sentence is about ("McGurk also criticized the decision. "…""), else
        the person its own sentence is about."""
        sentence = sentences[quote.sentence]
        opening = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if opening is None:
            return None, None
        if not all(t.is_punct or t.is_space for t in doc[sentence.start : opening.start]):
            # quoted words inside a sentence about someone, with no reporting verb ("Lisa
            # Mancini has been cosplaying for two years, her "passion" …"): that person's
            previous = sentence
        elif quote.sentence == 0:
            return None, None
        else:
            previous = sentences[quote.sentence - 1]
            if previous.text.rstrip().endswith(":"):
                for token in previous:
                    if self.cue_of(token) is not None and token.i not in quoted:
                        return speaker_of(token, quoted), token
                return None, None
        root = previous.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in quoted), None)
        if subject is None or actor_of[subject.i] < 0:
            return None, None
        mention = mentions[actor_of[subject.i]]
        person = mention.kind in ("person", "role") or (mention.kind == "pronoun" and mention.gender in ("m", "f"))
        if not person or mention.actor is None or mention.actor.kind != "person":
            return None, None
        return doc[mention.start : mention.end], None

    def _combine(
        self, doc: Doc, text: str, marked: list[tuple[Span, QuoteSpan, bool]], sent_index: dict[int, int]
    ) -> list[QuoteSpan]:
        """Direct quotes and reported clauses, each stretch of words quoted once.

        A reported clause holding quoted words is a *mixed* quote, and the quoted words are
        part of it ("Sturgeon said it was "the moment of maximum opportunity" for …"), unless
        the quotation is the whole clause (then it is a direct quote). A quoted fragment of
        at most three words outside any reported clause is a quote only when a reporting verb
        takes it as its own object or complement (called the deal "lousy"); otherwise it is a
        term or a scare quote.
        """
        reported, relayed = self._reported(doc, sent_index)
        quotes: list[QuoteSpan] = []
        covered: list[tuple[int, int]] = []
        direct_spans = [(s.start_char, s.end_char) for s, _q, _f in marked]
        inner_cues = {c.cue.i for c, _t in reported if c.cue is not None} | relayed
        inner_cues |= {q.cue.i for _s, q, _f in marked if q.cue is not None}
        for clause, tokens in reported:
            if clause.cue is not None and any(a <= clause.cue.idx < b for a, b in direct_spans):
                continue  # "I must tell you" inside someone's quoted words is part of that quote
            if any(t.i in inner_cues for t in tokens if clause.cue is None or t.i != clause.cue.i):
                # a report of a report ("TVN24 reported the minister said …", "X called it
                # "…", according to NBC"): the innermost speaker and words are the quote
                continue
            words = [t for t in tokens if not t.is_punct]
            quoted = [t for t in words if any(a <= t.idx < b for a, b in direct_spans)]
            if len(words) - len(quoted) <= 2:
                continue  # the clause is (inside) a quotation: the direct quote stands for it
            inside = [d for d in direct_spans if clause.start <= d[0] and d[1] <= clause.end + 1]
            if inside or any(m in text[clause.start : clause.end] for m in OPENERS):
                clause.kind = "mixed"
            quotes.append(clause)
            covered.append((clause.start, clause.end))
        for span, quote, fragment in marked:
            if any(a <= quote.start and quote.end <= b + 1 for a, b in covered):
                continue  # quoted words inside a reported clause: part of a mixed quote
            if fragment and not self._spoken(span):
                continue
            quotes.append(quote)
        quotes.sort(key=lambda q: q.start)
        return quotes

    def _spoken(self, fragment: Span) -> bool:
        """Whether a reporting verb takes these quoted words as its own object or complement."""
        root = fragment.root
        return root.dep_ in ("dobj", "oprd", "attr", "ccomp", "acomp", "npadvmod", "appos") and bool(
            self.cue_of(root.head)
        )

    def _reported(
        self, doc: Doc, sent_index: dict[int, int]
    ) -> tuple[list[tuple[QuoteSpan, list[Token]]], set[int]]:
        """Reported clauses with their words, and the cues that only relay someone else's
        report ("CNN reported the governor said")."""
        found: list[tuple[QuoteSpan, list[Token]]] = []
        relayed: set[int] = set()
        for token in doc:
            if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                quote = _according_to(doc, token, sent_index)
                if quote:
                    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
                    found.append((quote, list(span) if span is not None else []))
                continue
            cue = self.cue_of(token)
            if cue is None or cue.kind == "denial":
                continue  # a denial reports no words
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if clause is None:
                continue
            if cue.kind == "belief" and not any(t.is_quote for t in clause.subtree):
                # "believe", "consider" report a state of mind, unless the clause quotes the
                # words that stated it ("believing the talks had been “constructive”")
                continue
            inner = self.cue_of(clause)
            if (
                inner is not None and inner.kind not in ("denial", "belief")
                and any(c.dep_ in _SUBJECTS for c in clause.children)
                and not any(c.dep_ == "ccomp" for c in clause.children)
                and any(t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in t.children)
                        for t in clause.subtree if t.i > clause.i)
            ):
                # "TVN24 reported the minister said X" with X left unattached by the parser:
                # the innermost speaker's words are the quote, X after the inner verb
                token = clause
                tokens = _content(clause, after=True)
            else:
                tokens = _content(clause)
                inner_cue = next((c for c in token.children if c.dep_ in ("ccomp", "conj", "dep", "parataxis")
                                  and c.i > token.i > clause.i and self.cue_of(c) is not None
                                  and any(g.dep_ in _SUBJECTS for g in c.children)
                                  and not any(g.dep_ == "ccomp" for g in c.children)), None)
                relay = token.head
                if inner_cue is not None:
                    # "…, CNN Philippines reported the governor said": the governor's words
                    relayed.add(token.i)
                    token = inner_cue
                elif (
                    token.dep_ == "ccomp" and relay.i > token.i > clause.i and self.cue_of(relay) is not None
                    and any(g.dep_ in _SUBJECTS for g in relay.children)
                ):
                    relayed.add(token.i)  # the same, parsed with "said" as the sentence's verb
                    token = relay
            if len([t for t in tokens if not t.is_punct]) < 3:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            found.append((QuoteSpan(start, end, "indirect", cue=token,
                                    sentence=sent_index.get(token.sent.start, 0),
                                    last_sentence=sent_index.get(tokens[-1].sent.start, 0)), tokens))
        return found, relayed


def _content(clause: Token, after: bool = False) -> list[Token]:
    """The words of a reported clause: without its "that", without a non-restrictive relative
    clause or a new coordinated clause at its end, cut at a semicolon. With ``after``, only
    the words after the clause's own verb (the words of a nested report)."""
    doc = clause.doc
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    if after:
        tokens = [t for t in tokens if t.i > clause.i and not (t.is_punct and t.i == clause.i + 1)]
    cut = len(tokens)
    last = max((t.i for t in tokens if not t.is_punct), default=-1)
    for n, t in enumerate(tokens):
        if t.text == ";":
            cut = n
            break
        if (
            t.text == "," and n + 1 < len(tokens)
            and tokens[n + 1].dep_ in ("relcl", "nsubj", "nsubjpass") and tokens[n + 1].lower_ in ("which", "who")
        ):
            relative = tokens[n + 1] if tokens[n + 1].dep_ == "relcl" else tokens[n + 1].head
            if relative.right_edge.i >= last:
                cut = n  # a trailing aside that explains a name; one in mid-clause stays
                break
    tokens = tokens[:cut]
    while tokens and ((tokens[-1].is_punct and tokens[-1].text not in CLOSERS) or tokens[-1].dep_ == "cc"):
        tokens.pop()
    del doc
    return tokens


def _according_in(doc: Doc, quote: QuoteSpan) -> tuple[Token | None, Span | None]:
    """ "…," according to a tweet by X: the "according to" phrase around a direct quote."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return None, None
    for token in _region(doc, span):
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            if span.start <= token.i < span.end:
                continue
            source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if source is not None:
                return token, doc[source.left_edge.i : source.right_edge.i + 1]
    return None, None


#: A picture caption ends with its credit: "People holding a banner. Image: John Lubbock."
_CREDIT = re.compile(r"(?:^|[.!?\s])(?:Image|Photo|Picture|Photograph|Credit|Video)\s*:\s*[^\n]{0,80}$")


def _in_caption(text: str, quote: QuoteSpan) -> bool:
    """Words quoted in a picture caption are the words on a sign or banner, not a quote."""
    line_end = text.find("\n", quote.end)
    line = text[text.rfind("\n", 0, quote.start) + 1 : line_end if line_end >= 0 else len(text)]
    return bool(_CREDIT.search(line.rstrip()))


def _is_heading(text: str, quote: QuoteSpan) -> bool:
    """A quoted line standing alone as its own paragraph, without a cue and without a full
    stop, is a heading or a title, not someone's words."""
    if quote.kind != "direct" or quote.cue is not None:
        return False  # (a speaker taken from the quotes around it does not make it words)
    line_start = text.rfind("\n", 0, quote.start) + 1
    line_end = text.find("\n", quote.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    content = text[quote.start : quote.end].rstrip()
    return len(line) - len(content) <= 3 and not content.endswith((".", "!", "?"))


def _continues(previous: QuoteSpan | None, quote: QuoteSpan) -> bool:
    return (
        previous is not None
        and previous.kind == quote.kind == "direct"
        and previous.speaker is not None
        and quote.sentence - previous.last_sentence <= 2
    )


def _according_to(doc: Doc, token: Token, sent_index: dict[int, int]) -> QuoteSpan | None:
    to = doc[token.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None or source.lower_ in ("which", "whom", "whose"):
        return None  # "an agreement, according to which …": a document's terms, no one's words
    sentence = token.sent
    phrase_start = token.i
    phrase_end = source.right_edge.i + 1
    before = doc[sentence.start : phrase_start]
    after = doc[phrase_end : sentence.end]
    content = max((before, after), key=len)
    content_tokens = [t for t in content if not t.is_punct or t.text in OPENERS]
    if len(content_tokens) < 3:
        return None
    start, end = content_tokens[0].idx, content_tokens[-1].idx + len(content_tokens[-1].text)
    speaker = doc[source.left_edge.i : source.right_edge.i + 1]
    return QuoteSpan(start, end, "indirect", cue=token, speaker=speaker,
                     sentence=sent_index.get(sentence.start, 0),
                     last_sentence=sent_index.get(sentence.start, 0))


def _region(doc: Doc, quote: Span, closed: bool = True) -> Span:
    """The quote's sentences, plus the next sentence when the quote closes its own sentence
    (only punctuation after the closing mark): the splitter often puts the cue after a
    closing mark into a sentence of its own ("…in two days!" Macron told the world)."""
    start, end = quote[0].sent.start, quote[-1].sent.end
    tail = doc[quote.end : end]
    crosses_paragraph = "\n" in tail.text or (end < len(doc) and "\n" in doc[end - 1].text_with_ws)
    if closed and not crosses_paragraph and all(t.is_punct or t.is_space for t in tail) and end < len(doc):
        following = doc[end].sent
        if not any(t.text in OPENERS for t in following[:1]):
            end = following.end
    return doc[start:end]


def _introducer(doc: Doc, quote: Span, region: Span) -> Token | None:
    """A quote introduced by a colon or comma after a clause with a subject ("Governor John
    Bel Edwards addressed the public: …", "Senator Graham spoke on Fox News, …"): that
    clause's verb stands as the cue, whatever the verb."""
    before = doc[quote.start - 1] if quote.start > 0 else None
    mark = doc[quote.start - 2] if quote.start > 1 else None
    if before is None or mark is None or mark.text not in (":", ","):
        return None
    verb = mark.head
    while verb.dep_ not in ("ROOT",) and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.i in range(quote.start, quote.end) or verb.i > quote.start:
        return None
    if any(c.dep_ in _SUBJECTS for c in verb.children):
        return verb
    return None


@Language.factory("detente_quotes", requires=["doc._.actors"], assigns=["doc._.quotes"])
def make_quote_stage(nlp: Language, name: str) -> QuoteStage:
    return QuoteStage()
