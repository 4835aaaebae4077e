"""The accuracy gate: scores on the gold sets must not fall below the committed floors.

Floors live in ``eval/baseline.json`` (written by ``detente eval gate --write-baseline``, a
small margin below the measured scores). Raise them when the pipeline improves.
"""

from __future__ import annotations

import json

import pytest

from detente.evaluate import GATE, check, gate_scores, normal_name
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "gold"
BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))


def test_every_gold_set_has_floors():
    assert set(GATE) == set(BASELINE)
    assert all((GOLD / file).exists() for file, _scorer in GATE.values())


@pytest.mark.parametrize("name", sorted(GATE))
def test_scores_stay_above_the_baseline(name):
    scores = gate_scores(GOLD, only=[name])
    assert check(scores, {name: BASELINE[name]}) == []


def test_gold_quote_offsets_match_their_text():
    rows = [json.loads(line) for line in (GOLD / "quotes_wikinews.jsonl").open(encoding="utf-8")]
    assert len(rows) >= 40
    for row in rows:
        for quote in row["quotes"]:
            assert row["text"][quote["start"]:quote["end"]] == quote["text"]
            assert quote["kind"] in ("direct", "indirect", "mixed")


def test_check_reports_drops_and_over_generation():
    assert check({"x": {"f1": 0.5, "events_per_gold_event": 2.0}},
                 {"x": {"f1": 0.6, "events_per_gold_event": 1.3}}) == [
        "x: f1 0.5 below floor 0.6", "x: events_per_gold_event 2.0 above ceiling 1.3"]


def test_speaker_names_compare_without_titles_and_case():
    assert normal_name("President Vladimir Putin") == normal_name("vladimir putin")
    assert normal_name("Ben Wallace") != normal_name("Wallace")
