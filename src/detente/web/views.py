"""What the HTTP API and the dashboard show, as plain functions over a :class:`Store`.

Routes in :mod:`detente.web.app` parse a request and call one of these; they need no web
framework, so a notebook or a script can use them too. Every function returns JSON-ready
dicts whose spans are character offsets into the article text, like the records.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.errors import InputError
from detente.ingest.dates import parse_date
from detente.records import AnalyzedArticle, Article, Event
from detente.resources import data_path
from detente.store.base import Filters, Store

#: The most rows one page of a list endpoint returns.
MAX_LIMIT = 1000


@dataclass(frozen=True)
class Page:
    """One page of a list: its items, where it starts, and whether more follow."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    has_more: bool

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "count": len(self.items), "limit": self.limit, "offset": self.offset,
                "has_more": self.has_more,
                "next_offset": self.offset + len(self.items) if self.has_more else None}


def paged(fetch: Callable[[Filters], list[Any]], filters: Filters, limit: int, offset: int,
          shape: Callable[[list[Any]], list[dict[str, Any]]] | None = None) -> Page:
    """A page of ``fetch`` results: one row more than asked is read to tell if more follow."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be 1…{MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise InputError(f"offset must be 0 or more, not {offset}")
    found = fetch(_with(filters, limit=limit + 1, offset=offset))
    more = len(found) > limit
    found = found[:limit]
    items = shape(found) if shape else [_plain(x) for x in found]
    return Page(items, limit, offset, more)


def _with(f: Filters, **changes: Any) -> Filters:
    return dataclasses.replace(f, **changes)


def _plain(x: Any) -> dict[str, Any]:
    return x.as_dict() if hasattr(x, "as_dict") else dict(x)


# -- articles in, analyses out ---------------------------------------------------------------
def to_article(fields: dict[str, Any]) -> Article:
    """An :class:`Article` from API fields (``text`` required; ``title``, ``url``,
    ``source``, ``published`` in any date form :func:`parse_date` reads, ``id``)."""
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("the article has no text", hint='send {"text": "..."}')
    published = fields.get("published")
    return Article(
        text=text,
        title=_clean(fields.get("title")),
        url=_clean(fields.get("url")),
        source=_clean(fields.get("source")),
        published=parse_date(published) if published else None,
        external_id=_clean(fields.get("id")),
        origin="api",
        author=_clean(fields.get("author")),
    )


def _clean(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def analysis(result: AnalyzedArticle) -> dict[str, Any]:
    """An analysis as JSON, each event with its evidence sentence and highlights."""
    data = result.as_dict()
    text = result.article.text
    data["events"] = [{**e.as_dict(), "evidence": evidence(text, e)} for e in result.events]
    return data


# -- events with their evidence --------------------------------------------------------------
def evidence(text: str, event: Event) -> dict[str, Any]:
    """The evidence sentence of an event, and where its source, target and trigger sit in it
    (offsets relative to the sentence; a span outside the sentence is left out)."""
    start, end = event.start, min(event.end, len(text))
    marks = []
    for kind, s, e in (("source", event.source_start, event.source_end),
                       ("target", event.target_start, event.target_end),
                       ("trigger", event.trigger_start, event.trigger_end)):
        if s is not None and e is not None and start <= s <= e <= end:
            marks.append({"kind": kind, "start": s - start, "end": e - start})
    return {"text": text[start:end], "start": start, "end": end, "marks": marks}


def events_with_evidence(store: Store, events: Iterable[Event]) -> list[dict[str, Any]]:
    """Events as dicts with ``evidence`` and ``article`` (id, title, date, source, url)
    added; each article is read once."""
    articles: dict[str, Article | None] = {}
    out = []
    for e in events:
        if e.article_id not in articles:
            articles[e.article_id] = store.article(e.article_id)
        art = articles[e.article_id]
        row = e.as_dict()
        if art is not None:
            row["evidence"] = evidence(art.text, e)
            row["article"] = {"id": art.id, "title": art.title, "published": art.published,
                              "source": art.source, "url": art.url}
        out.append(row)
    return out


# -- one article with every span -------------------------------------------------------------
def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article with its mentions, quotes and events (spans into ``article.text``), and
    its actors by number of mentions; ``None`` if the store has no such article."""
    article = store.article(article_id)
    if article is None:
        return None
    mentions = store.mentions(article.id)
    quotes = store.quotes(Filters(article_id=article.id))
    events = store.events(Filters(article_id=article.id))
    actors: dict[str, dict[str, Any]] = {}
    for m in mentions:
        key = m.actor.code or m.actor.name
        entry = actors.setdefault(key, {**m.actor.as_dict(), "mentions": 0})
        entry["mentions"] += 1
    return {
        "article": article.as_dict(),
        "mentions": [m.as_dict() for m in mentions],
        "quotes": [q.as_dict() for q in quotes],
        "events": [{**e.as_dict(), "evidence": evidence(article.text, e)} for e in events],
        "actors": sorted(actors.values(), key=lambda a: (-a["mentions"], a["code"], a["name"])),
    }


# -- the map -----------------------------------------------------------------------------------
#: The most events one map reads (the busiest dyads of a large store have more; the map then
#: shows the first ones of the period, and says so).
MAP_EVENTS = 5000


def places(store: Store, filters: Filters) -> dict[str, Any]:
    """Where the events matching ``filters`` happened: one point per place with its events
    (at most 20 listed), their count per quad class and mean Goldstein score; events with no
    place are counted apart. Points come most events first."""
    found = store.events(_with(filters, limit=MAP_EVENTS + 1, offset=0))
    truncated = len(found) > MAP_EVENTS
    found = found[:MAP_EVENTS]
    points: dict[str, dict[str, Any]] = {}
    unplaced = 0
    for e in found:
        where = e.location
        if where is None:
            unplaced += 1
            continue
        key = where.feature_id or f"{where.lat},{where.lon}"
        point = points.setdefault(key, {
            "name": where.name, "full_name": where.full_name or where.name, "country": where.country,
            "precision": where.precision, "lat": where.lat, "lon": where.lon, "events": 0,
            "by_quad_class": {"1": 0, "2": 0, "3": 0, "4": 0}, "goldstein_sum": 0.0, "items": [],
        })
        point["events"] += 1
        point["by_quad_class"][str(e.quad_class)] += 1
        point["goldstein_sum"] += e.goldstein
        if len(point["items"]) < 20:
            point["items"].append({"id": e.id, "article_id": e.article_id, "code": e.code, "name": e.name,
                                   "source": e.source.code if e.source else None,
                                   "target": e.target.code if e.target else None,
                                   "quad_class": e.quad_class, "via": where.via})
    out = []
    for point in points.values():
        total = point.pop("goldstein_sum")
        point["goldstein_mean"] = round(total / point["events"], 4)
        out.append(point)
    out.sort(key=lambda p: (-p["events"], p["name"]))
    return {"points": out, "placed": len(found) - unplaced, "unplaced": unplaced, "truncated": truncated}


def outlines_path() -> Path:
    """The country outlines the map draws (Natural Earth 1:110m, bundled)."""
    return data_path("context", "geo_world.json")


# -- the actor network -----------------------------------------------------------------------
def network(store: Store, since: str | None = None, until: str | None = None, limit: int = 60) -> dict[str, Any]:
    """Who interacts with whom: one edge per pair of parties (countries or organisations)
    with its story events, their mean Goldstein score, and counts per direction; nodes
    with their number of story events. The ``limit`` busiest edges are kept."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be 1…{MAX_LIMIT}, not {limit}")
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for r in store.dyad_periods("year", None, since, until):
        edge = edges.setdefault((r["a"], r["b"]), {"a": r["a"], "b": r["b"], "events": 0, "goldstein_sum": 0.0,
                                                   "ab": 0, "ba": 0})
        if r["src"] is None:
            edge["events"] += r["events"]
            edge["goldstein_sum"] += r["goldstein_sum"]
        elif r["src"] == r["a"]:
            edge["ab"] += r["events"]
        else:
            edge["ba"] += r["events"]
    kept = sorted(edges.values(), key=lambda e: (-e["events"], e["a"], e["b"]))[:limit]
    nodes: dict[str, int] = {}
    for e in kept:
        e["goldstein_sum"] = round(e["goldstein_sum"], 6)
        e["goldstein_mean"] = round(e["goldstein_sum"] / e["events"], 4) if e["events"] else None
        for party in (e["a"], e["b"]):
            nodes[party] = nodes.get(party, 0) + e["events"]
    return {
        "nodes": [{"id": k, "events": v} for k, v in sorted(nodes.items(), key=lambda kv: (-kv[1], kv[0]))],
        "edges": kept,
    }


def top_dyads(store: Store, top: int = 20) -> list[dict[str, Any]]:
    """The most active dyads of the store (pairs of distinct parties, by events)."""
    out = []
    for d in store.summary(top)["top_dyads"]:
        mean = d.get("mean_goldstein")
        out.append({"a": d["a"], "b": d["b"], "events": int(d["events"]),
                    "mean_goldstein": None if mean is None or math.isnan(mean) else round(float(mean), 4)})
    return out


# -- relations -------------------------------------------------------------------------------
#: The most periods one relations series may span (a century of weeks, ~27 years of days).
MAX_PERIODS = 10_000
_PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}


def relations_view(store: Store, a: str, b: str, by: str = "week", since: str | None = None,
                   until: str | None = None) -> dict[str, Any]:
    """:func:`detente.relations.relations` as JSON, refusing a range of more than
    :data:`MAX_PERIODS` periods (the series includes empty periods up to ``until``)."""
    from datetime import date

    from detente import relations as rel

    if by not in _PERIOD_DAYS:
        raise InputError(f"unknown period '{by}'", hint="use day, week, month or year")
    if until:
        first = since
        if first is None:
            # Events come oldest first; the first one's article gives the series' first day.
            found = store.events(Filters(dyad=f"{a}-{b}", limit=1))
            art = store.article(found[0].article_id) if found else None
            first = art.published if art else None
        if first is not None:
            days = (date.fromisoformat(until) - date.fromisoformat(first)).days
            if days / _PERIOD_DAYS[by] > MAX_PERIODS:
                raise InputError(f"{since or first}…{until} is more than {MAX_PERIODS:,} periods of a {by}",
                                 hint="choose a longer period (by=month) or a shorter range")
    return rel.relations(store, a, b, by=by, since=since, until=until).as_dict()
