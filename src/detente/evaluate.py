"""Score detente against gold sets; ``detente eval`` and the CI accuracy gate use this.

Gold sets (JSON lines), recognised by their fields:

* **quotes** (``tests/gold/quotes_wikinews.jsonl``, annotated by hand following
  ``docs/quote_guideline.md``): articles with every quote's content span, kind, cue,
  speaker mention, speaker and actor code. A predicted quote matches a gold quote when each
  covers at least half of the other; matching is one-to-one, best overlap first.
  Scores: quote precision/recall/F1; speaker accuracy over matched quotes with a gold speaker
  (same person: equal names, or one's last name ends the other); speaker-code accuracy; and
  end-to-end F1 counting a quote right only with the right speaker.
* **PLOVER events** (``plover_dev.jsonl``): one sentence, one gold event type with source and
  target spans. Scores: type recall (an event of the gold PLOVER type is coded), source and
  target accuracy of that event (its actor span overlaps a gold span), full-triple recall,
  and events per sentence (over-generation).
* **PETRARCH2 validation** (``petrarch2_validate.jsonl``): actors from the suite's own
  dictionary (imported with :mod:`detente.actors.petrarch`); who→whom is scored on the first
  three letters of source and target codes (dyad recall and precision), root-code agreement
  where the gold code is real CAMEO, and silence on sentences that hold no event.

:func:`check` compares scores with the floors in ``eval/baseline.json``.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from detente.records import AnalyzedArticle, Article, Event

Scores = dict[str, float]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def kind_of(path: Path) -> str:
    """Which scorer a gold file needs: "quotes", "plover" or "petrarch"."""
    with path.open(encoding="utf-8") as handle:
        first = json.loads(handle.readline())
    if "quotes" in first:
        return "quotes"
    if "event_plover16" in first or "spans" in first:
        return "plover"
    if "expected" in first:
        return "petrarch"
    raise ValueError(f"{path}: not a gold set detente knows")


# -- quotes -------------------------------------------------------------------------------
def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_person(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    p, g = predicted.lower().split(), gold.lower().split()
    return p == g or p[-1:] == g[-1:] or " ".join(p) in " ".join(g) or " ".join(g) in " ".join(p)


def score_quotes(gold_rows: list[dict[str, Any]], results: list[AnalyzedArticle]) -> Scores:
    tp = n_pred = n_gold = 0
    speaker_ok = speaker_total = code_ok = code_total = e2e = 0
    for row, result in zip(gold_rows, results, strict=True):
        gold = row["quotes"]
        predicted = list(result.quotes)
        n_pred += len(predicted)
        n_gold += len(gold)
        pairs = []
        for i, g in enumerate(gold):
            for j, p in enumerate(predicted):
                shared = _overlap((g["start"], g["end"]), (p.start, p.end))
                if shared * 2 >= (g["end"] - g["start"]) and shared * 2 >= (p.end - p.start) and shared:
                    pairs.append((shared, i, j))
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _shared, i, j in sorted(pairs, reverse=True):
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            tp += 1
            g, p = gold[i], predicted[j]
            name = p.speaker.name if p.speaker else p.speaker_text
            if g.get("speaker"):
                speaker_total += 1
                if _same_person(name, g["speaker"]):
                    speaker_ok += 1
                    e2e += 1
            elif not name:
                e2e += 1
            if g.get("speaker_code"):
                code_total += 1
                code_ok += bool(p.speaker and p.speaker.code == g["speaker_code"])
    precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
    e2e_p, e2e_r = _ratio(e2e, n_pred), _ratio(e2e, n_gold)
    return {
        "quote_precision": precision,
        "quote_recall": recall,
        "quote_f1": _f1(precision, recall),
        "speaker_accuracy": _ratio(speaker_ok, speaker_total),
        "speaker_code_accuracy": _ratio(code_ok, code_total),
        "quote_speaker_f1": _f1(e2e_p, e2e_r),
        "gold_quotes": n_gold,
    }


# -- events -------------------------------------------------------------------------------
def _hits(span: tuple[int | None, int | None], gold: list[tuple[int, int]]) -> bool:
    if span[0] is None or span[1] is None:
        return False
    return any(_overlap((span[0], span[1]), g) > 0 for g in gold)


def score_plover(gold_rows: list[dict[str, Any]], results: list[AnalyzedArticle]) -> Scores:
    typed = src_ok = tgt_ok = tgt_total = full = any_event = n_events = 0
    for row, result in zip(gold_rows, results, strict=True):
        events = list(result.events)
        n_events += len(events)
        any_event += bool(events)
        gold_type = row.get("event_plover16") or row.get("event")
        sources = [(s["start"], s["end"]) for s in row["spans"] if "SRC" in s["role"]]
        targets = [(s["start"], s["end"]) for s in row["spans"] if "TAR" in s["role"]]
        same_type = [e for e in events if e.plover_event == gold_type]
        if not same_type:
            if targets:
                tgt_total += 1
            continue
        typed += 1

        def src_hit(e: Event, sources: list[tuple[int, int]] = sources) -> bool:
            return _hits((e.source_start, e.source_end), sources)

        def tgt_hit(e: Event, targets: list[tuple[int, int]] = targets) -> bool:
            return _hits((e.target_start, e.target_end), targets)

        src_ok += any(src_hit(e) for e in same_type)
        if targets:
            tgt_total += 1
            tgt_ok += any(tgt_hit(e) for e in same_type)
        full += any(src_hit(e) and (tgt_hit(e) or not targets) for e in same_type)
    n = len(gold_rows)
    return {
        "plover_type_recall": _ratio(typed, n),
        "plover_source_accuracy": _ratio(src_ok, typed),
        "plover_target_accuracy": _ratio(tgt_ok, tgt_total),
        "plover_full_recall": _ratio(full, n),
        "plover_sentences_with_events": _ratio(any_event, n),
        "plover_events_per_sentence": _ratio(n_events, n),
        "gold_sentences": n,
    }


def score_petrarch(gold_rows: list[dict[str, Any]], results: list[AnalyzedArticle]) -> Scores:
    gold_dyads = found_dyads = pred_dyads = right_dyads = 0
    root_ok = root_total = quiet_ok = quiet_total = 0
    for row, result in zip(gold_rows, results, strict=True):
        predicted = {
            ((e.source.code or "")[:3], (e.target.code or "")[:3]): e
            for e in result.events if e.source and e.target
        }
        if row.get("gold_kind") == "noevents":
            quiet_total += 1
            quiet_ok += not result.events
            continue
        expected = [x for x in row.get("expected", []) if x.get("source") and x.get("target")]
        wanted = {(x["source"][:3], x["target"][:3]): x for x in expected}
        gold_dyads += len(wanted)
        pred_dyads += len(predicted)
        for dyad, gold in wanted.items():
            if dyad in predicted:
                found_dyads += 1
                if gold.get("cameo") and str(gold.get("code", ""))[:2].isdigit():
                    root_total += 1
                    root_ok += predicted[dyad].root_code == str(gold["code"])[:2]
        right_dyads += sum(1 for d in predicted if d in wanted)
    recall, precision = _ratio(found_dyads, gold_dyads), _ratio(right_dyads, pred_dyads)
    return {
        "petrarch_dyad_recall": recall,
        "petrarch_dyad_precision": precision,
        "petrarch_dyad_f1": _f1(precision, recall),
        "petrarch_root_accuracy": _ratio(root_ok, root_total),
        "petrarch_no_event_accuracy": _ratio(quiet_ok, quiet_total),
        "gold_records": len(gold_rows),
    }


# -- running ------------------------------------------------------------------------------
def _analyse(pipeline: Any, articles: Iterable[Article]) -> list[AnalyzedArticle]:
    return list(pipeline.analyze_many(articles))


def evaluate_file(path: Path, model: str | None = None) -> Scores:
    """Score one gold file (see the module docstring for what is measured)."""
    from detente.pipeline import Pipeline

    kind = kind_of(path)
    rows = _lines(path)
    if kind == "quotes":
        pipeline = Pipeline(model)
        articles = [Article(text=r["text"], published=r.get("date"), external_id=r["id"]) for r in rows]
        return score_quotes(rows, _analyse(pipeline, articles))
    if kind == "plover":
        pipeline = Pipeline(model)
        return score_plover(rows, _analyse(pipeline, [Article(text=r["text"]) for r in rows]))
    rows = [r for r in rows if r.get("active", True) and r.get("gold_kind") in ("events", "noevents")]
    from detente.actors.gazetteer import Gazetteer
    from detente.actors.petrarch import read_actor_dictionary, write_gazetteer

    dictionary = path.parent / "petrarch2_dicts" / "PETR.Validate.actors.txt"
    with tempfile.TemporaryDirectory() as tmp:
        extra = (write_gazetteer(read_actor_dictionary(dictionary), Path(tmp)),) if dictionary.exists() else ()
        pipeline = Pipeline(model, gazetteer=Gazetteer(extra))
        articles = [Article(text=r["text"], published=r.get("date")) for r in rows]
        return score_petrarch(rows, _analyse(pipeline, articles))


def evaluate(paths: Iterable[Path], model: str | None = None) -> dict[str, Scores]:
    """Scores per gold file name."""
    return {path.name: evaluate_file(path, model) for path in paths}


def check(scores: dict[str, Scores], baseline: dict[str, Scores]) -> list[str]:
    """Every score below its pinned floor, as a message; empty when all hold."""
    failures = []
    for name, floors in baseline.items():
        got = scores.get(name)
        if got is None:
            continue
        for metric, floor in floors.items():
            if metric.startswith("gold_") or metric not in got:
                continue
            # over-generation is a ceiling, everything else a floor
            if metric.endswith("_per_sentence"):
                if got[metric] > floor:
                    failures.append(f"{name}: {metric} {got[metric]} above ceiling {floor}")
            elif got[metric] < floor:
                failures.append(f"{name}: {metric} {got[metric]} below floor {floor}")
    return failures


#: Floors are pinned this far below the measured score, so noise-free regressions fail.
MARGIN = 0.01


def floors_from(scores: dict[str, Scores], margin: float = MARGIN) -> dict[str, Scores]:
    """Turn measured scores into baseline floors (and ceilings for over-generation)."""
    floors: dict[str, Scores] = {}
    for name, values in scores.items():
        floors[name] = {}
        for metric, value in values.items():
            if metric.startswith("gold_"):
                continue
            bound = value + margin if metric.endswith("_per_sentence") else value - margin
            floors[name][metric] = round(max(bound, 0.0), 4)
    return floors
