"""The pipeline: Article → normalize → spaCy → actors → quotes → events → scoring → records.

Articles stream through :meth:`Pipeline.analyze_many`: each is normalised and cut into
paragraphs, paragraphs go through ``nlp.pipe`` in batches (the statistical sentence splitter
misses breaks at line ends, so paragraphs parse better than whole articles), the paragraph
Docs of an article are joined back into one Doc with ``Doc.from_docs``, and the detente
stages run on that article Doc, so coreference and quotes can cross paragraphs. Finally
every span is mapped back to the original text and frozen records are built.

One article that fails in a stage is reported in its ``warnings`` and yields no events; the
stream goes on.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.component import ActorStage
from detente.actors.gazetteer import Gazetteer
from detente.actors.mentions import MentionSpan
from detente.context.amounts import AmountSpan, attach_amounts, find_amounts
from detente.context.geo import Located, locate, to_place
from detente.context.themes import event_themes
from detente.context.tone import doc_tones
from detente.events.coder import EventCoder, EventHit
from detente.ingest.normalize import Normalized, normalize, paragraphs
from detente.nlp import load_model
from detente.quotes import QuoteSpan, QuoteStage
from detente.records import ActorRef, Amount, AnalyzedArticle, Article, Event, Mention, Quote
from detente.scoring import plover_type, score
from detente.speakers import speaker_of

log = logging.getLogger(__name__)

#: Sentences are parsed in batches of this many paragraphs (spaCy is fastest at 16–64).
BATCH_SIZE = 32


@dataclass(frozen=True)
class PipelineSpec:
    """How to build a :class:`Pipeline` again in another process (a worker, a Dask task).

    ``model`` is a package name or path (each process loads it once), or a ``Language``
    object, which travels pickled. ``key`` names the spec in a worker's cache of pipelines.
    """

    model: str | Language | None = None
    batch_size: int = BATCH_SIZE
    gazetteer: Gazetteer | None = None
    key: str = field(default_factory=lambda: uuid.uuid4().hex)

    def build(self) -> Pipeline:
        return Pipeline(self.model, self.batch_size, self.gazetteer)


class Pipeline:
    """Analyse articles end to end. Build once (loads the model and data), call many times."""

    def __init__(
        self,
        model: str | Language | None = None,
        batch_size: int = BATCH_SIZE,
        gazetteer: Gazetteer | None = None,
    ):
        self.spec = PipelineSpec(model, batch_size, gazetteer)
        self.nlp = model if isinstance(model, Language) else load_model(model)
        self.batch_size = batch_size
        self.actors = ActorStage(self.nlp, gazetteer)
        self.quotes = QuoteStage()
        self.events = EventCoder()
        self.context = ContextStage()
        self.stages: list[Callable[[Doc], Doc]] = [self.actors, self.quotes, self.events, self.context]

    def analyze(self, article: Article | str) -> AnalyzedArticle:
        """Analyse one article (or a plain text)."""
        if isinstance(article, str):
            article = Article(text=article)
        return next(iter(self.analyze_many([article])))

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[AnalyzedArticle]:
        """Analyse a stream of articles lazily, in order, in parse batches."""
        iterator = iter(articles)
        while True:
            chunk = list(islice(iterator, self.batch_size))
            if not chunk:
                return
            yield from self._chunk(chunk)

    def _chunk(self, articles: list[Article]) -> Iterator[AnalyzedArticle]:
        prepared = [normalize(a.text) for a in articles]
        pieces = [paragraphs(n.text) for n in prepared]
        texts = ((text, (i, start)) for i, parts in enumerate(pieces) for start, text in parts)
        docs: list[list[Doc]] = [[] for _ in articles]
        for doc, (i, _start) in self.nlp.pipe(texts, as_tuples=True, batch_size=self.batch_size):
            docs[i].append(doc)
        for article, norm, parts in zip(articles, prepared, docs, strict=True):
            yield self._finish(article, norm, parts)

    def _finish(self, article: Article, norm: Normalized, parts: list[Doc]) -> AnalyzedArticle:
        warnings: list[str] = [
            f"repaired spun text '{article.text[s:e]}' → '{r}' at {s}" for s, e, r in norm.repairs
        ]
        if not parts:
            return AnalyzedArticle(article, warnings=(*warnings, "no text to analyse"))
        doc = Doc.from_docs(parts, ensure_whitespace=False) if len(parts) > 1 else parts[0]
        doc.user_data["detente_year"] = int(article.published[:4]) if article.published else None
        doc.user_data["detente_warnings"] = []
        try:
            for stage in self.stages:
                doc = stage(doc)
            result = build_records(article, norm, doc)
        except Exception as exc:  # one bad article must not stop a batch
            log.exception("analysis failed for %s", article.origin or article.id)
            return AnalyzedArticle(article, warnings=(*warnings, f"[E500] analysis failed: {exc}"))
        extra = tuple(doc.user_data.get("detente_warnings", [])) + tuple(
            f"unbalanced quotation mark at character {norm.to_original(at)}"
            for at in doc.user_data.get("detente_unbalanced", [])
        )
        tone = round(doc._.tones[1], 4) if doc._.tones else None
        return AnalyzedArticle(
            article, result[0], result[1], result[2], warnings=(*warnings, *extra), tone=tone
        )


for _name in ("event_places", "amounts", "tones"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ContextStage:
    """Context of the coded events, from the parse already made (no second parse):
    ``doc._.event_places`` (where each of ``doc._.events`` happened, or None) and
    ``doc._.amounts`` (every amount of the Doc; each event takes those of its clause) and
    ``doc._.tones`` (the tone of each sentence, and of the whole Doc)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_places = locate(doc, doc._.events or [])
        doc._.amounts = find_amounts(doc)
        doc._.tones = doc_tones(doc)
        return doc


def _with_context(event: Event, norm: Normalized, doc: Doc, hit: EventHit, text: str,
                  where: Located | None, amounts: list[AmountSpan], tones: list[float]) -> Event:
    place = None
    if where is not None:
        span = norm.span(where.start_char, where.end_char) if where.start_char is not None \
            and where.end_char is not None else None
        place = to_place(where, span, text)
    mine = []
    for a in attach_amounts(amounts, doc, hit.trigger.root.i):
        s, e = norm.span(a.start, a.end)
        mine.append(Amount(s, e, text[s:e], a.value, a.kind, a.object, a.unit, a.approximate, a.upper, a.bound))
    dead = [a.value for a in mine if a.kind == "dead"]
    injured = [a.value for a in mine if a.kind == "injured"]
    return dataclasses.replace(event, location=place, amounts=tuple(mine),
                               dead=int(max(dead)) if dead else None,
                               injured=int(max(injured)) if injured else None,
                               tone=round(tones[event.sentence], 4) if event.sentence < len(tones) else None,
                               themes=event_themes(event.code, hit.sentence))


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            numbers[i] = n
    return numbers


def build_records(
    article: Article, norm: Normalized, doc: Doc
) -> tuple[tuple[Mention, ...], tuple[Quote, ...], tuple[Event, ...]]:
    """Turn the Doc's stage output into records whose spans point into ``article.text``."""
    sent_of = _sentence_numbers(doc)
    mention_spans: list[MentionSpan] = doc._.actors or []
    text = article.text

    def tok_span(start: int, end: int) -> tuple[int, int]:
        return norm.span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))

    mentions: list[Mention] = []
    for m in mention_spans:
        if m.actor is None:
            continue
        s, e = tok_span(m.start, m.end)
        mentions.append(
            Mention(s, e, text[s:e], m.actor, sent_of[m.start], m.cluster,
                    m.role_text or (m.role.phrase if m.role else None), m.via)
        )

    events: list[Event] = []
    event_by_trigger: dict[int, str] = {}
    places: list[Located | None] = doc._.event_places or []
    amounts: list[AmountSpan] = doc._.amounts or []
    tones: list[float] = doc._.tones[0] if doc._.tones else []
    for n, hit in enumerate(doc._.events or []):
        event = _event_record(article, norm, doc, hit, mention_spans, sent_of, text)
        where = places[n] if n < len(places) else None
        event = _with_context(event, norm, doc, hit, text, where, amounts, tones)
        events.append(event)
        event_by_trigger.setdefault(hit.trigger.start, event.id)

    quotes: list[Quote] = []
    for q in doc._.quotes or []:
        quotes.append(_quote_record(article, norm, doc, q, mention_spans, text, event_by_trigger))
    return tuple(mentions), tuple(quotes), tuple(_unique(events))


def _unique(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    kept = []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            kept.append(event)
    return kept


def _arg(
    norm: Normalized, doc: Doc, mentions: list[MentionSpan], index: int | None
) -> tuple[ActorRef | None, int | None, int | None]:
    if index is None:
        return None, None, None
    m = mentions[index]
    last = doc[m.end - 1]
    s, e = norm.span(doc[m.start].idx, last.idx + len(last.text))
    return m.actor, s, e


def _event_record(
    article: Article,
    norm: Normalized,
    doc: Doc,
    hit: EventHit,
    mentions: list[MentionSpan],
    sent_of: list[int],
    text: str,
) -> Event:
    scores = score(hit.frame.code)
    plover = plover_type(scores, hit.modality.value)
    src, ss, se = _arg(norm, doc, mentions, hit.source.mention if hit.source else None)
    tgt, ts, te = _arg(norm, doc, mentions, hit.target.mention if hit.target else None)
    sent_s, sent_e = norm.span(hit.sentence.start_char, hit.sentence.end_char)
    trig_s, trig_e = norm.span(hit.trigger.start_char, hit.trigger.end_char)
    attributed: ActorRef | None = None
    if hit.modality.cue is not None:
        cue = hit.modality.cue
        speaker = speaker_of(cue)
        if speaker is not None:
            index = (doc._.actor_of_token or [])[speaker.root.i]
            attributed = mentions[index].actor if index >= 0 else None
    action = None
    if hit.action is not None:
        a_s, a_e = norm.span(hit.action.start_char, hit.action.end_char)
        action = text[a_s:a_e]
    rule = hit.explanation()
    return Event(
        article_id=article.id,
        sentence=sent_of[hit.trigger.start],
        start=sent_s,
        end=sent_e,
        code=scores.code,
        root_code=scores.root_code,
        base_code=scores.base_code,
        name=scores.name,
        goldstein=scores.goldstein,
        quad_class=scores.quad_class,
        plover_event=plover[0],
        plover_mode=plover[1],
        trigger=text[trig_s:trig_e],
        trigger_start=trig_s,
        trigger_end=trig_e,
        source=src,
        source_start=ss,
        source_end=se,
        target=tgt,
        target_start=ts,
        target_end=te,
        modality=hit.modality.value,
        attributed_to=attributed,
        one_sided=hit.one_sided,
        confidence=hit.confidence,
        rule=rule,
        action=action,
    )


def _quote_record(
    article: Article,
    norm: Normalized,
    doc: Doc,
    q: QuoteSpan,
    mentions: list[MentionSpan],
    text: str,
    event_by_trigger: dict[int, str],
) -> Quote:
    s, e = norm.span(q.start, q.end)
    cue_s = cue_e = sp_s = sp_e = None
    cue_text = speaker_text = None
    if q.cue is not None:
        cue_s, cue_e = norm.span(q.cue.idx, q.cue.idx + len(q.cue.text))
        cue_text = text[cue_s:cue_e]
    speaker: ActorRef | None = None
    if q.speaker is not None:
        sp_s, sp_e = norm.span(q.speaker.start_char, q.speaker.end_char)
        speaker_text = text[sp_s:sp_e]
    if q.actor is not None:
        speaker = q.actor
    elif q.speaker_mention is not None:
        speaker = mentions[q.speaker_mention].actor
    event_id = event_by_trigger.get(q.cue.i) if q.cue is not None else None
    return Quote(
        article_id=article.id,
        start=s,
        end=e,
        text=text[s:e],
        kind=q.kind,
        cue=cue_text,
        cue_start=cue_s,
        cue_end=cue_e,
        speaker_text=speaker_text,
        speaker_start=sp_s,
        speaker_end=sp_e,
        speaker=speaker,
        sentence=q.sentence,
        event_id=event_id,
    )
