"""Records ↔ table rows: flatten actors into prefixed columns and back."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from detente.records import ActorRef, AnalyzedArticle, Article, Event, Mention, Quote
from detente.store.schema import ACTOR_FIELDS, COLUMNS


def party(actor: ActorRef | None) -> str | None:
    """What a dyad query compares: the country, or the code of an IGO/NGO/group."""
    if actor is None:
        return None
    return actor.country or actor.code or None


def _actor(prefix: str, actor: ActorRef | None) -> dict[str, Any]:
    values = {f"{prefix}_{f}": getattr(actor, f) if actor else None for f in ACTOR_FIELDS}
    values[f"{prefix}_party"] = party(actor)
    return values


def _revive_actor(prefix: str, row: dict[str, Any]) -> ActorRef | None:
    if not row.get(f"{prefix}_code") and not row.get(f"{prefix}_name"):
        return None
    return ActorRef(
        code=row[f"{prefix}_code"] or "",
        name=row[f"{prefix}_name"] or "",
        country=row.get(f"{prefix}_country"),
        sector=row.get(f"{prefix}_sector"),
        kind=row.get(f"{prefix}_kind") or "country",
    )


def iso_date(value: Any) -> str | None:
    """A DATE column as ``YYYY-MM-DD`` (None stays None)."""
    return _date(value)


def _date(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def outlet(article: Article) -> str:
    """What counts as one source: the source name, else the URL, else the article itself."""
    return article.source or article.url or article.id


def article_row(result: AnalyzedArticle, story_id: str | None = None) -> tuple[Any, ...]:
    a = result.article
    values = {
        "id": a.id, "external_id": a.external_id, "url": a.url, "source": a.source,
        "published": a.published, "title": a.title, "text": a.text, "origin": a.origin,
        "warnings": json.dumps(list(result.warnings), ensure_ascii=False),
        "n_mentions": len(result.mentions), "n_quotes": len(result.quotes),
        "n_events": len(result.events), "story_id": story_id,
    }
    return tuple(values[c] for c in COLUMNS["articles"])


def mention_row(article_id: str, m: Mention) -> tuple[Any, ...]:
    values = {
        "article_id": article_id, "start_char": m.start, "end_char": m.end, "text": m.text,
        **_actor("actor", m.actor), "sentence": m.sentence, "cluster": m.cluster,
        "role": m.role, "via": m.via,
    }
    return tuple(values[c] for c in COLUMNS["mentions"])


_NO_ACTOR = (None,) * (len(ACTOR_FIELDS) + 1)


def _actor_tuple(a: ActorRef | None) -> tuple[Any, ...]:
    if a is None:
        return _NO_ACTOR
    return (a.code, a.name, a.country, a.sector, a.kind, a.country or a.code or None)


def event_row(
    e: Event, published: str | None, story_id: str | None = None, outlet: str | None = None
) -> tuple[Any, ...]:
    """The event as a row of ``COLUMNS["events"]``, built positionally: this is the hot path
    of bulk writes (``tests/store`` checks the order by round-tripping every field)."""
    return (
        e.id, e.article_id, published, e.sentence, e.start, e.end, e.code, e.root_code,
        e.base_code, e.name, e.goldstein, e.quad_class, e.plover_event, e.plover_mode,
        e.trigger, e.trigger_start, e.trigger_end, *_actor_tuple(e.source), e.source_start,
        e.source_end, *_actor_tuple(e.target), e.target_start, e.target_end, e.modality,
        *_actor_tuple(e.attributed_to), e.one_sided, e.confidence, e.rule, e.action, story_id,
        outlet or e.article_id,
    )


def quote_row(q: Quote) -> tuple[Any, ...]:
    values = {
        "id": q.id, "article_id": q.article_id, "start_char": q.start, "end_char": q.end,
        "text": q.text, "kind": q.kind, "cue": q.cue, "cue_start": q.cue_start,
        "cue_end": q.cue_end, "speaker_text": q.speaker_text, "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end, **_actor("speaker", q.speaker), "sentence": q.sentence,
        "event_id": q.event_id,
    }
    return tuple(values[c] for c in COLUMNS["quotes"])


def event_from_row(row: dict[str, Any]) -> Event:
    return Event(
        id=row["id"], article_id=row["article_id"], sentence=row["sentence"],
        start=row["start_char"], end=row["end_char"], code=row["code"],
        root_code=row["root_code"], base_code=row["base_code"] or "", name=row["name"] or "",
        goldstein=float(row["goldstein"]), quad_class=int(row["quad_class"]),
        plover_event=row["plover_event"], plover_mode=row["plover_mode"],
        trigger=row["trigger"] or "", trigger_start=row["trigger_start"],
        trigger_end=row["trigger_end"], source=_revive_actor("source", row),
        source_start=row["source_start"], source_end=row["source_end"],
        target=_revive_actor("target", row), target_start=row["target_start"],
        target_end=row["target_end"], modality=row["modality"],
        attributed_to=_revive_actor("attributed", row), one_sided=bool(row["one_sided"]),
        confidence=float(row["confidence"]), rule=row["rule"] or "", action=row["action"],
    )


def quote_from_row(row: dict[str, Any]) -> Quote:
    return Quote(
        id=row["id"], article_id=row["article_id"], start=row["start_char"],
        end=row["end_char"], text=row["text"] or "", kind=row["kind"], cue=row["cue"],
        cue_start=row["cue_start"], cue_end=row["cue_end"], speaker_text=row["speaker_text"],
        speaker_start=row["speaker_start"], speaker_end=row["speaker_end"],
        speaker=_revive_actor("speaker", row), sentence=row["sentence"] or 0,
        event_id=row["event_id"],
    )


def mention_from_row(row: dict[str, Any]) -> Mention:
    actor = _revive_actor("actor", row)
    assert actor is not None
    return Mention(
        start=row["start_char"], end=row["end_char"], text=row["text"] or "", actor=actor,
        sentence=row["sentence"] or 0, cluster=row["cluster"], role=row["role"],
        via=row["via"] or "",
    )


def article_from_row(row: dict[str, Any]) -> Article:
    return Article(
        id=row["id"], text=row["text"], title=row["title"], url=row["url"],
        source=row["source"], published=_date(row["published"]),
        external_id=row["external_id"], origin=row["origin"],
    )
