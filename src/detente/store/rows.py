"""Records ↔ table rows: flatten actors into prefixed columns and back.

Writes are **columnar**: :func:`table_columns` turns a batch of analysed articles into one
list of values per column of each table, read with C-level ``attrgetter``/``zip`` rather
than a Python loop per row and field (the bulk path of :meth:`Store.add`). Which attribute
fills which column is data: :data:`EVENT_ATTRIBUTES` and the other ``*_ATTRIBUTES`` maps
(a plain new field is one entry there plus its column in :data:`schema.COLUMNS`), and
:data:`EVENT_DERIVED` for columns computed from records (JSON, flattened objects).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from detente.records import ActorRef, Amount, AnalyzedArticle, Article, Event, Mention, Place, Quote
from detente.store.schema import ACTOR_FIELDS, COLUMNS

#: Values of a batch, one sequence per column (all of the same length).
Columns = dict[str, Sequence[Any]]


def party(actor: ActorRef | None) -> str | None:
    """What a dyad query compares: the country, or the code of an IGO/NGO/group."""
    if actor is None:
        return None
    return actor.country or actor.code or None


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


# -- columnar writes --------------------------------------------------------------------------
#: column -> attribute of the record, for fields stored as they are.
ARTICLE_ATTRIBUTES = {
    "id": "id", "external_id": "external_id", "url": "url", "source": "source",
    "published": "published", "title": "title", "text": "text", "origin": "origin",
    "author": "author",
}
MENTION_ATTRIBUTES = {
    "start_char": "start", "end_char": "end", "text": "text", "sentence": "sentence",
    "cluster": "cluster", "role": "role", "via": "via",
}
EVENT_ATTRIBUTES = {
    "id": "id", "article_id": "article_id", "sentence": "sentence", "start_char": "start",
    "end_char": "end", "code": "code", "root_code": "root_code", "base_code": "base_code",
    "name": "name", "goldstein": "goldstein", "quad_class": "quad_class",
    "plover_event": "plover_event", "plover_mode": "plover_mode", "trigger": "trigger",
    "trigger_start": "trigger_start", "trigger_end": "trigger_end",
    "source_start": "source_start", "source_end": "source_end",
    "target_start": "target_start", "target_end": "target_end", "modality": "modality",
    "one_sided": "one_sided", "confidence": "confidence", "rule": "rule", "action": "action",
    "dead": "dead", "injured": "injured", "tone": "tone",
}
QUOTE_ATTRIBUTES = {
    "id": "id", "article_id": "article_id", "start_char": "start", "end_char": "end",
    "text": "text", "kind": "kind", "cue": "cue", "cue_start": "cue_start", "cue_end": "cue_end",
    "speaker_text": "speaker_text", "speaker_start": "speaker_start",
    "speaker_end": "speaker_end", "sentence": "sentence", "event_id": "event_id",
}
#: column prefix -> attribute holding an :class:`ActorRef` (flattened by :func:`actor_columns`).
EVENT_ACTORS = {"source": "source", "target": "target", "attributed": "attributed_to"}
#: Event columns computed from the batch's events (column -> function of the event list).
EVENT_DERIVED: dict[str, Callable[[Sequence[Event]], Sequence[Any]]] = {}
#: ``location_<field>`` columns: the event's :class:`Place`, flattened.
PLACE_FIELDS = ("name", "country", "kind", "precision", "lat", "lon", "feature_id", "full_name", "text",
                "start", "end", "via")


def _place_field(name: str) -> Callable[[Sequence[Event]], Sequence[Any]]:
    return lambda events: [getattr(e.location, name) if e.location is not None else None for e in events]


def _json_list(values: Sequence[Any]) -> str | None:
    return json.dumps([v.as_dict() if hasattr(v, "as_dict") else v for v in values], ensure_ascii=False) \
        if values else None


EVENT_DERIVED.update({f"location_{f}": _place_field(f) for f in PLACE_FIELDS})
EVENT_DERIVED["amounts"] = lambda events: [_json_list(e.amounts) for e in events]
EVENT_DERIVED["themes"] = lambda events: [_json_list(e.themes) for e in events]


class _NoActor:
    """Stands for a missing actor, so one attrgetter reads every row (all fields None)."""

    __slots__ = ACTOR_FIELDS

    def __init__(self) -> None:
        for f in ACTOR_FIELDS:
            setattr(self, f, None)


_NO_ACTOR_REF = _NoActor()
_ACTOR_GETTER = attrgetter(*ACTOR_FIELDS)


def record_columns(records: Sequence[Any], attributes: Mapping[str, str]) -> Columns:
    """One tuple of values per column: ``attributes`` maps column -> record attribute."""
    names = list(attributes)
    if not records:
        return {name: () for name in names}
    getter = attrgetter(*attributes.values())
    values = zip(*map(getter, records), strict=True) if len(names) > 1 else [tuple(map(getter, records))]
    return dict(zip(names, values, strict=True))


def actor_columns(prefix: str, actors: Sequence[ActorRef | None]) -> Columns:
    """``<prefix>_code/_name/_country/_sector/_kind/_party`` of a sequence of actors."""
    refs = [_NO_ACTOR_REF if a is None else a for a in actors]
    fields: Iterable[Sequence[Any]] = zip(*map(_ACTOR_GETTER, refs), strict=True) if refs else [()] * len(ACTOR_FIELDS)
    out: Columns = {f"{prefix}_{f}": col for f, col in zip(ACTOR_FIELDS, fields, strict=True)}
    countries, codes = out[f"{prefix}_country"], out[f"{prefix}_code"]
    out[f"{prefix}_party"] = [c or k or None for c, k in zip(countries, codes, strict=True)]
    return out


def _repeat(values: Sequence[Any], counts: Sequence[int]) -> list[Any]:
    return list(chain.from_iterable(map(repeat, values, counts)))


def _ordered(table: str, columns: Columns) -> Columns:
    try:
        return {name: columns[name] for name in COLUMNS[table]}
    except KeyError as exc:  # a column added to the schema without telling rows.py what fills it
        raise KeyError(f"no values for column {exc} of table {table} (see store/rows.py)") from exc


def event_columns(
    events: Sequence[Event], published: Sequence[str | None], story_id: Sequence[str | None],
    outlet_of: Sequence[str | None], doc_tone: Sequence[float | None] | None = None,
) -> Columns:
    """Columns of ``events``; ``published``, ``story_id``, ``outlet_of`` and ``doc_tone`` give
    each event's article fields (one value per event)."""
    cols = record_columns(events, EVENT_ATTRIBUTES)
    for prefix, attribute in EVENT_ACTORS.items():
        cols.update(actor_columns(prefix, list(map(attrgetter(attribute), events))))
    for name, derive in EVENT_DERIVED.items():
        cols[name] = derive(events)
    cols["published"], cols["story_id"] = published, story_id
    cols["outlet"] = [o or a for o, a in zip(outlet_of, cols["article_id"], strict=True)]
    cols["doc_tone"] = list(doc_tone) if doc_tone is not None else [None] * len(events)
    return _ordered("events", cols)


def table_columns(results: Sequence[AnalyzedArticle], story_of: Mapping[str, str]) -> dict[str, Columns]:
    """The columns of ``articles``, ``mentions``, ``events`` and ``quotes`` for a batch of
    analysed articles (``story_of``: article id -> story id)."""
    articles = [r.article for r in results]
    arts = record_columns(articles, ARTICLE_ATTRIBUTES)
    stories = [story_of.get(a.id) for a in articles]
    arts["story_id"] = stories
    arts["warnings"] = [json.dumps(list(r.warnings), ensure_ascii=False) if r.warnings else "[]" for r in results]
    n_mentions = [len(r.mentions) for r in results]
    n_events = [len(r.events) for r in results]
    arts["n_mentions"], arts["n_events"] = n_mentions, n_events
    arts["n_quotes"] = [len(r.quotes) for r in results]
    arts["tone"] = [r.tone for r in results]

    mentions = list(chain.from_iterable(r.mentions for r in results))
    ments = record_columns(mentions, MENTION_ATTRIBUTES)
    ments["article_id"] = _repeat(arts["id"], n_mentions)
    ments.update(actor_columns("actor", [m.actor for m in mentions]))

    events = list(chain.from_iterable(r.events for r in results))
    outlets = [a.source or a.url or a.id for a in articles]
    evs = event_columns(events, _repeat(arts["published"], n_events), _repeat(stories, n_events),
                        _repeat(outlets, n_events), _repeat(arts["tone"], n_events))

    quotes = list(chain.from_iterable(r.quotes for r in results))
    quos = record_columns(quotes, QUOTE_ATTRIBUTES)
    quos.update(actor_columns("speaker", [q.speaker for q in quotes]))
    return {"articles": _ordered("articles", arts), "mentions": _ordered("mentions", ments),
            "events": evs, "quotes": _ordered("quotes", quos)}


def _one_row(columns: Columns) -> tuple[Any, ...]:
    return tuple(col[0] for col in columns.values())


def article_row(result: AnalyzedArticle, story_id: str | None = None) -> tuple[Any, ...]:
    """One article as a row of ``COLUMNS["articles"]``."""
    return _one_row(table_columns([result], {result.article.id: story_id} if story_id else {})["articles"])


def mention_row(article_id: str, m: Mention) -> tuple[Any, ...]:
    cols = record_columns([m], MENTION_ATTRIBUTES)
    cols["article_id"] = (article_id,)
    cols.update(actor_columns("actor", [m.actor]))
    return _one_row(_ordered("mentions", cols))


def event_row(
    e: Event, published: str | None, story_id: str | None = None, outlet: str | None = None
) -> tuple[Any, ...]:
    """The event as a row of ``COLUMNS["events"]`` (the columnar path, for one event)."""
    return _one_row(event_columns([e], [published], [story_id], [outlet]))


def quote_row(q: Quote) -> tuple[Any, ...]:
    cols = record_columns([q], QUOTE_ATTRIBUTES)
    cols.update(actor_columns("speaker", [q.speaker]))
    return _one_row(_ordered("quotes", cols))


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


def _loads(value: Any) -> list[Any]:
    return json.loads(value) if value else []


def _float(value: Any) -> float | None:
    # DuckDB's columnar writes store a missing number as NaN read back as NULL; be safe with both
    return None if value is None or value != value else float(value)


def _int(value: Any) -> int | None:
    number = _float(value)
    return None if number is None else int(number)


def _revive_place(row: dict[str, Any]) -> Place | None:
    lat, lon = _float(row.get("location_lat")), _float(row.get("location_lon"))
    if not row.get("location_name") or lat is None or lon is None:
        return None
    return Place(
        name=row["location_name"], country=row.get("location_country"), kind=row.get("location_kind") or "",
        precision=row.get("location_precision") or "country", lat=lat, lon=lon,
        feature_id=row.get("location_feature_id") or "", full_name=row.get("location_full_name") or "",
        text=row.get("location_text"), start=_int(row.get("location_start")), end=_int(row.get("location_end")),
        via=row.get("location_via") or "clause",
    )


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
        location=_revive_place(row), amounts=tuple(Amount.from_dict(a) for a in _loads(row.get("amounts"))),
        dead=_int(row.get("dead")), injured=_int(row.get("injured")), tone=_float(row.get("tone")),
        themes=tuple(_loads(row.get("themes"))),
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
        external_id=row["external_id"], origin=row["origin"], author=row.get("author"),
    )
