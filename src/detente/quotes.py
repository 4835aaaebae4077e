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
"a Foreign Office spokesperson" is GBRGOV.

**Reported speech**: a cue verb with a content clause ("assured that London had sent …")
is an indirect quote; if the clause holds quoted words it is *mixed*. "according to X" marks
the rest of its clause as X's. A short quoted fragment no cue governs is a scare quote and
not a quote of anyone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import MentionSpan
from detente.resources import data_files

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
                              sentence=sent_index.get(sentence.start, 0), unbalanced=not closed)
            marked.append((span, quote, fragment))
        quotes = self._combine(doc, text, marked, sent_index)
        previous: QuoteSpan | None = None
        for quote in quotes:
            if quote.cue is None and quote.kind == "direct":
                quote.cue, quote.speaker = _according_in(doc, quote)
            if quote.cue is not None and quote.speaker is None:
                quote.speaker = _speaker_of(quote.cue)
            elif quote.cue is None and _continues(previous, quote):
                # a quote-only sentence right after someone's quote goes on with their words
                assert previous is not None
                quote.speaker, quote.speaker_mention = previous.speaker, previous.speaker_mention
            if quote.speaker is None and quote.cue is None and quote.kind == "direct":
                quote.speaker, quote.cue = self._announcer(doc, quote, sentences)
            if quote.speaker is not None and quote.speaker_mention is None:
                quote.speaker_mention = _mention_at(quote.speaker, mentions, actor_of)
            previous = quote
        doc._.quotes = [q for q in quotes if not _is_heading(text, q)]
        return doc

    # -- cues -----------------------------------------------------------------------------
    def cue_of(self, token: Token) -> Cue | None:
        """The cue a verb is: a phrasal cue ("point out", "call on", "rule out") when its
        particle or preposition is there, else the verb's own entry."""
        if token.pos_ not in ("VERB", "AUX") and token.dep_ != "ROOT":
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

    def _announcer(self, doc: Doc, quote: QuoteSpan, sentences: list[Span]) -> tuple[Span | None, Token | None]:
        """For a quote standing alone: a cue ending the previous sentence with a colon."""
        if quote.sentence == 0:
            return None, None
        previous = sentences[quote.sentence - 1]
        text = previous.text.rstrip()
        if not text.endswith(":"):
            return None, None
        for token in previous:
            if self.cue_of(token) is not None:
                return _speaker_of(token), token
        return None, None

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
        reported = self._reported(doc, sent_index)
        quotes: list[QuoteSpan] = []
        covered: list[tuple[int, int]] = []
        direct_spans = [(s.start_char, s.end_char) for s, _q, _f in marked]
        for clause, tokens in reported:
            if clause.cue is not None and any(a <= clause.cue.idx < b for a, b in direct_spans):
                continue  # "I must tell you" inside someone's quoted words is part of that quote
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

    def _reported(self, doc: Doc, sent_index: dict[int, int]) -> list[tuple[QuoteSpan, list[Token]]]:
        found: list[tuple[QuoteSpan, list[Token]]] = []
        for token in doc:
            if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                quote = _according_to(doc, token, sent_index)
                if quote:
                    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
                    found.append((quote, list(span) if span is not None else []))
                continue
            cue = self.cue_of(token)
            if cue is None or cue.kind == "denial":
                continue
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if clause is None:
                continue
            tokens = _content(clause)
            if len([t for t in tokens if not t.is_punct]) < 3:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            found.append((QuoteSpan(start, end, "indirect", cue=token,
                                    sentence=sent_index.get(token.sent.start, 0)), tokens))
        return found


def _content(clause: Token) -> list[Token]:
    """The words of a reported clause: without its "that", without a non-restrictive relative
    clause or a new coordinated clause at its end, cut at a semicolon."""
    doc = clause.doc
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    cut = len(tokens)
    for n, t in enumerate(tokens):
        if t.text == ";" or (
            t.text == "," and n + 1 < len(tokens)
            and tokens[n + 1].dep_ in ("relcl", "nsubj", "nsubjpass") and tokens[n + 1].lower_ in ("which", "who")
        ):
            cut = n
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


def _is_heading(text: str, quote: QuoteSpan) -> bool:
    """A quoted line standing alone as its own paragraph, unattributed and without a full
    stop, is a heading or a title, not someone's words."""
    if quote.kind != "direct" or quote.speaker is not None or quote.cue is not None:
        return False
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
        and quote.sentence - previous.sentence <= 2
    )


def _according_to(doc: Doc, token: Token, sent_index: dict[int, int]) -> QuoteSpan | None:
    to = doc[token.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
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
                     sentence=sent_index.get(sentence.start, 0))


_RELATIVE = {"which", "who", "that", "whom"}


def _speaker_of(cue: Token) -> Span | None:
    """The subject (or passive agent) of a reporting verb; participles and coordinated verbs
    take their clause's; a relative pronoun ("…, which said") stands for the noun it follows;
    a subject with a named apposition ("his father, Abdullah Kurdi") is the name."""
    doc = cue.doc
    verb = cue
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    return _np(doc, verb.head)
                return _np(doc, _named_apposition(child) or child)
            if child.dep_ == "agent":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return _np(doc, pobj)
        if verb.dep_ in ("advcl", "conj", "xcomp", "acl") and verb.head.i != verb.i:
            verb = verb.head  # "…, believing that…" / "and added" share the subject
            continue
        break
    return None


def _named_apposition(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return child
    return None


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


def _np(doc: Doc, head: Token) -> Span:
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


def _mention_at(span: Span, mentions: list[MentionSpan], actor_of: list[int]) -> int | None:
    """The mention a speaker phrase refers to: a named person inside it first ("US Ambassador
    to Germany Richard Grenell"), else the mention on its head word, else a person-like
    mention inside. A country or organisation that only modifies an unknown head ("the
    United States National Hurricane Center") is not the speaker."""
    inside = [actor_of[t.i] for t in span if actor_of[t.i] >= 0]
    for index in inside:
        if mentions[index].name_start is not None:
            return index
    head = span.root
    if 0 <= head.i < len(actor_of) and actor_of[head.i] >= 0:
        return actor_of[head.i]
    for index in inside:
        if mentions[index].kind in ("person", "role", "pronoun", "latter", "former"):
            return index
    return None


@Language.factory("detente_quotes", requires=["doc._.actors"], assigns=["doc._.quotes"])
def make_quote_stage(nlp: Language, name: str) -> QuoteStage:
    return QuoteStage()
