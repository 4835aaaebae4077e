"""How ``detente eval events`` counts dyads (sentences written for these tests)."""

from __future__ import annotations

from detente.evaluate import score_events


def gold(text, event, source, target):
    return {"text": text, "event": event, "spans": [],
            "source": [{"actorText": source[0], "code": source[1]}],
            "target": [{"actorText": target[0], "code": target[1]}]}


def test_a_party_acting_on_itself_is_out_of_scope_on_both_sides(analyze):
    rows = [
        gold("Turkish police arrested Turkish students in Ankara.", "COERCE",
             ("Turkish police", "TUR"), ("Turkish students", "TUR")),
        gold("France condemned Iran on Friday.", "DISAPPROVE", ("France", "FRA"), ("Iran", "IRN")),
    ]
    results = [analyze(row["text"]) for row in rows]
    assert any(e.source.country == e.target.country == "TUR" for e in results[0].events if e.target)
    scores = score_events(rows, results)
    # the gold has no TUR→TUR dyad, and the TUR→TUR prediction is not held against the coder
    assert scores["dyad_precision"] == 1.0
    assert scores["dyad_recall"] == 1.0
