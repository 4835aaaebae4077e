"""Rendering records for people and programs: JSON, JSON lines, CSV, terminal tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from detente.records import AnalyzedArticle, Event, Mention, Quote, Record

FORMATS = ("table", "json", "jsonl", "csv")


def flat(record: Record | dict[str, Any]) -> dict[str, Any]:
    """One level of keys: nested actors become ``source_code``, ``source_name``, …"""
    data = record.as_dict() if isinstance(record, Record) else record
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, v in value.items():
                out[f"{key}_{inner}"] = v
        elif isinstance(value, list):
            out[key] = json.dumps(value, ensure_ascii=False)
        else:
            out[key] = value
    return out


def to_json(items: Sequence[Record | dict[str, Any]]) -> str:
    data = [i.as_dict() if isinstance(i, Record) else i for i in items]
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def to_jsonl(items: Iterable[Record | dict[str, Any]]) -> str:
    return "".join(
        json.dumps(i.as_dict() if isinstance(i, Record) else i, ensure_ascii=False, default=str) + "\n"
        for i in items
    )


def to_csv(items: Sequence[Record | dict[str, Any]]) -> str:
    rows = [flat(i) for i in items]
    if not rows:
        return ""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _actor(actor: Any) -> str:
    if actor is None:
        return "—"
    return f"{actor.code or '?'} ({actor.name})" if actor.name and actor.name != actor.code else actor.code


def event_table_rows(events: Iterable[Event]) -> tuple[list[str], list[list[str]]]:
    header = ["id", "date/sent", "source", "code", "target", "modality", "gold", "trigger", "name"]
    rows = [
        [e.id[:8], str(e.sentence), _actor(e.source), e.code, _actor(e.target), e.modality,
         f"{e.goldstein:+.1f}", e.trigger, e.name]
        for e in events
    ]
    return header, rows


def quote_table_rows(quotes: Iterable[Quote]) -> tuple[list[str], list[list[str]]]:
    header = ["kind", "speaker", "actor", "cue", "quote"]
    rows = [
        [q.kind, q.speaker_text or "—", _actor(q.speaker), q.cue or "—",
         (q.text[:90] + "…") if len(q.text) > 90 else q.text]
        for q in quotes
    ]
    return header, rows


def mention_table_rows(mentions: Iterable[Mention]) -> tuple[list[str], list[list[str]]]:
    header = ["span", "text", "actor", "name", "cluster", "via"]
    rows = [
        [f"{m.start}-{m.end}", m.text, m.actor.code, m.actor.name, str(m.cluster), m.via]
        for m in mentions
    ]
    return header, rows


def render_table(title: str, header: list[str], rows: list[list[str]]) -> Any:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def analysis_tables(result: AnalyzedArticle) -> list[Any]:
    name = result.article.title or result.article.origin or result.article.id
    tables = [
        render_table(f"Actors — {name}", *mention_table_rows(result.mentions)),
        render_table("Quotes", *quote_table_rows(result.quotes)),
        render_table("Events", *event_table_rows(result.events)),
    ]
    return tables
