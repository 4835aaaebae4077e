"""Why an event was coded: its evidence with source, target and trigger marked, and the rule."""

from __future__ import annotations

from detente.events.ontology import QUAD_NAMES
from detente.records import Article, Event


def mark_evidence(article: Article, event: Event) -> str:
    """The evidence sentence with ``[SRC …]``, ``[TGT …]`` and ``[EVT …]`` brackets."""
    spans = [(event.trigger_start, event.trigger_end, "EVT")]
    if event.source_start is not None and event.source_end is not None:
        spans.append((event.source_start, event.source_end, "SRC"))
    if event.target_start is not None and event.target_end is not None:
        spans.append((event.target_start, event.target_end, "TGT"))
    start = min([event.start] + [s for s, _e, _l in spans])
    end = max([event.end] + [e for _s, e, _l in spans])
    text = article.text
    out, position = [], start
    for s, e, label in sorted(spans):
        if s < position:
            continue  # overlapping marks (an actor inside the trigger phrase): keep the first
        out.append(text[position:s])
        out.append(f"[{label} {text[s:e]}]")
        position = e
    out.append(text[position:end])
    return "".join(out).strip()


def explain(article: Article, event: Event) -> list[str]:
    """Lines saying what was coded, from which words, by which rule, with what certainty."""
    def who(actor: object) -> str:
        if actor is None:
            return "(none)"
        return f"{actor.code} — {actor.name}"  # type: ignore[attr-defined]

    lines = [
        f"event {event.id} in article {article.id} ({article.published or 'no date'}), "
        f"sentence {event.sentence}",
        f"  {mark_evidence(article, event)}",
        f"code     {event.code} {event.name} (root {event.root_code}; "
        f"{QUAD_NAMES[event.quad_class]}; Goldstein {event.goldstein:+.1f})",
        f"PLOVER   {event.plover_event or '—'}{' / ' + event.plover_mode if event.plover_mode else ''}",
        f"source   {who(event.source)}",
        f"target   {who(event.target)}{'  (one-sided event)' if event.one_sided else ''}",
        f"trigger  '{event.trigger}' at {event.trigger_start}-{event.trigger_end}",
        f"modality {event.modality}"
        + (f", attributed to {who(event.attributed_to)}" if event.attributed_to else ""),
        f"rule     {event.rule}",
        f"confidence {event.confidence:.2f}",
    ]
    if event.action:
        lines.append(f"action   {event.action}")
    return lines
