"""The accuracy gate: scores on the gold sets must not fall below the committed floors.

Floors live in ``eval/baseline.json`` (written by ``detente eval --write-baseline``, a small
margin below the measured scores). Raise them when the pipeline improves.
"""

from __future__ import annotations

import json

import pytest

from detente.evaluate import check, evaluate_file, kind_of
from tests.conftest import ROOT

GOLD = sorted((ROOT / "tests" / "gold").glob("*.jsonl"))
BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))


def test_every_gold_set_has_floors():
    assert {p.name for p in GOLD} == set(BASELINE)


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_scores_stay_above_the_baseline(path):
    scores = {path.name: evaluate_file(path)}
    assert check(scores, {path.name: BASELINE[path.name]}) == []


def test_gold_quote_offsets_match_their_text():
    rows = [json.loads(line) for line in (ROOT / "tests/gold/quotes_wikinews.jsonl").open()]
    assert len(rows) >= 40
    for row in rows:
        for quote in row["quotes"]:
            assert row["text"][quote["start"]:quote["end"]] == quote["text"]
            assert quote["kind"] in ("direct", "indirect", "mixed")


def test_check_reports_a_drop():
    assert check({"x": {"f1": 0.5, "events_per_sentence": 2.0}},
                 {"x": {"f1": 0.6, "events_per_sentence": 1.0}}) == [
        "x: f1 0.5 below floor 0.6", "x: events_per_sentence 2.0 above ceiling 1.0"]
    assert kind_of(GOLD[0]) in ("quotes", "plover", "petrarch")
