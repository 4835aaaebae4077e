"""Score event locations against a gold file (formats and guideline in ``docs/context.md``).

Two formats are read, told apart by their fields:

* detente's own (``tests/gold/places_wikinews.jsonl``): one article per line with
  ``events: [{"trigger": {"start", "end", "text"}, "place": {"name", "country",
  "precision", "stated_in"} | null}]``; a gold event is matched to the analysed event whose
  trigger overlaps it;
* PLOVER's (``plover_dev.jsonl``): one sentence per line with ``event_loc: {"name"} | null``
  and ``event_text``; lines without a location are skipped, and the sentence's event is the one
  whose trigger is a word of ``event_text`` (else its first event).

A predicted place is **right** when it is the gold place: the same name, or the gazetteer entry
the gold name resolves to (within the gold country), or the predicted text is the gold name.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.language import Language

from detente.context.geo import Places, _key, default_places
from detente.errors import InputError
from detente.records import Article, Event, Place


def same_place(found: Place | None, name: str, country: str | None, places: Places) -> bool:
    """Whether ``found`` is the place named ``name`` (in ``country``, when given)."""
    if found is None:
        return False
    if _key(found.name) == _key(name) or (found.text is not None and _key(found.text) == _key(name)):
        return country is None or found.country == country
    within = places.country(country) if country else None
    entry = places.resolve(name, {country: 1.0} if country else None, within)
    return entry is not None and entry.id == found.feature_id


def _overlaps(event: Event, start: int, end: int) -> bool:
    return event.trigger_start < end and start < event.trigger_end


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the gold file: {exc}", where=str(path)) from exc
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except ValueError as exc:
            raise InputError(f"not JSON: {exc}", where=f"{path}:{n}") from exc
    return rows


def evaluate_places(path: str | Path, nlp: Language | None = None) -> dict[str, Any]:
    """Accuracy of event locations on a gold file.

    Returns:
        ``events`` (gold events with a place), ``matched`` (of those, found as events),
        ``place_accuracy`` and ``country_accuracy`` (on matched events), ``coverage``
        (matched events given any place), accuracy by how the gold place is stated
        (``by_stated_in``) and by how the prediction was found (``by_via``), ``no_place``
        (gold events whose text gives no place, and how many got one anyway), and the misses.
    """
    from detente.pipeline import Pipeline

    path = Path(path)
    rows = _read(path)
    pipe = Pipeline(nlp)
    places = default_places()
    cases: list[tuple[Event | None, dict[str, Any] | None]] = []
    if rows and "events" in rows[0]:
        articles = [Article(text=r["text"], title=r.get("title"), url=r.get("url"), published=r.get("date"))
                    for r in rows]
        for row, result in zip(rows, pipe.analyze_many(articles), strict=True):
            for gold in row["events"]:
                t = gold["trigger"]
                found = next((e for e in result.events if _overlaps(e, t["start"], t["end"])), None)
                cases.append((found, gold["place"]))
    else:
        kept = [r for r in rows if r.get("event_loc")]
        articles = [Article(text=r["text"]) for r in kept]
        for row, result in zip(kept, pipe.analyze_many(articles), strict=True):
            words = {w.lower() for w in (row.get("event_text") or "").split()}
            found = next((e for e in result.events if e.trigger.lower() in words), None)
            found = found or (result.events[0] if result.events else None)
            loc = row["event_loc"]
            cases.append((found, {"name": loc["name"], "country": None, "stated_in": "sentence"}))
    return _score(cases, places)


def _score(cases: list[tuple[Event | None, dict[str, Any] | None]], places: Places) -> dict[str, Any]:
    total = matched = placed = right = right_country = 0
    none_gold = none_given = 0
    by_stated: dict[str, Counter[str]] = {}
    by_via: dict[str, Counter[str]] = {}
    misses = []
    for event, gold in cases:
        if gold is None:
            none_gold += 1
            none_given += int(event is not None and event.location is not None)
            continue
        total += 1
        stated = by_stated.setdefault(gold.get("stated_in") or "sentence", Counter())
        stated["events"] += 1
        if event is None:
            continue
        matched += 1
        stated["matched"] += 1
        loc = event.location
        if loc is None:
            misses.append({"trigger": event.trigger, "gold": gold["name"], "found": None})
            continue
        placed += 1
        ok = same_place(loc, gold["name"], gold.get("country"), places)
        country_ok = ok or (gold.get("country") is not None and loc.country == gold["country"])
        right += ok
        right_country += country_ok
        stated["right"] += ok
        via = by_via.setdefault(loc.via, Counter())
        via["events"] += 1
        via["right"] += ok
        if not ok:
            misses.append({"trigger": event.trigger, "gold": gold["name"], "found": loc.name, "via": loc.via})

    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    return {
        "events": total, "matched": matched, "placed": placed,
        "coverage": ratio(placed, matched),
        "place_accuracy": ratio(right, matched),
        "country_accuracy": ratio(right_country, matched),
        "precision": ratio(right, placed),
        "by_stated_in": {k: {**v, "accuracy": ratio(v["right"], v["matched"])} for k, v in sorted(by_stated.items())},
        "by_via": {k: {**v, "accuracy": ratio(v["right"], v["events"])} for k, v in sorted(by_via.items())},
        "no_place": {"events": none_gold, "given_a_place": none_given},
        "misses": misses[:30],
    }
