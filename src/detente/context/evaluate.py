"""Score amount extraction against a gold file (format and guideline in ``docs/context.md``)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from spacy.language import Language

from detente.context.amounts import AmountSpan, find_amounts

#: A predicted span matches a gold span when their overlap covers at least half of the longer one.
MIN_OVERLAP = 0.5


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0], 1)
    return max(inter, 0) / longer


def _same_value(found: float, gold: float) -> bool:
    return math.isclose(found, gold, rel_tol=1e-3, abs_tol=1e-6)


def match_amounts(
    found: list[AmountSpan], gold: list[dict[str, Any]]
) -> list[tuple[AmountSpan, dict[str, Any]]]:
    """One-to-one pairs of found and gold amounts, best overlap first."""
    candidates = []
    for i, f in enumerate(found):
        for j, g in enumerate(gold):
            score = _overlap((f.start, f.end), (int(g["start"]), int(g["end"])))
            if score >= MIN_OVERLAP:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: -c[0])
    used_f: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_f and j not in used_g:
            used_f.add(i)
            used_g.add(j)
            pairs.append((found[i], gold[j]))
    return pairs


def evaluate_amounts(path: str | Path, nlp: Language | None = None) -> dict[str, Any]:
    """Precision, recall and F1 of amount spans (≥50% overlap), and accuracy of the matched ones.

    Args:
        path: a JSON-lines gold file: ``{"id", "url", "text", "amounts": [{"start", "end",
            "value", "unit", "object", "kind"}]}`` per line.
        nlp: the spaCy pipeline (the default model when omitted).

    Returns:
        ``precision``, ``recall``, ``f1``, ``value_accuracy``, ``kind_accuracy``,
        ``unit_accuracy`` and ``object_accuracy`` (on matched spans), counts, and the misses.
    """
    if nlp is None:
        from detente.nlp import load_model

        nlp = load_model()
    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    n_found = n_gold = n_match = 0
    same = {"value": 0, "kind": 0, "unit": 0, "object": 0}
    missed: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        found = find_amounts(doc)
        gold = record["amounts"]
        pairs = match_amounts(found, gold)
        n_found += len(found)
        n_gold += len(gold)
        n_match += len(pairs)
        for f, g in pairs:
            same["value"] += _same_value(f.value, float(g["value"]))
            same["kind"] += f.kind == g["kind"]
            same["unit"] += (f.unit or None) == (g.get("unit") or None)
            same["object"] += f.object == (g.get("object") or "")
        hit_f = {(f.start, f.end) for f, _ in pairs}
        hit_g = {(g["start"], g["end"]) for _, g in pairs}
        text = record["text"]
        missed += [
            {"id": record["id"], "text": text[g["start"] : g["end"]], "start": g["start"]}
            for g in gold
            if (g["start"], g["end"]) not in hit_g
        ]
        spurious += [
            {"id": record["id"], "text": f.text, "start": f.start} for f in found if (f.start, f.end) not in hit_f
        ]
    precision = n_match / n_found if n_found else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result: dict[str, Any] = {
        "documents": len(records),
        "gold": n_gold,
        "found": n_found,
        "matched": n_match,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }
    for key, count in same.items():
        result[f"{key}_accuracy"] = round(count / n_match, 4) if n_match else 0.0
    result["missed"] = missed
    result["spurious"] = spurious
    return result
