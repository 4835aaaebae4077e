"""Dyad scoring conventions of ``detente eval events`` (sentences written for these tests)."""

from __future__ import annotations

from detente.evaluate import cameo_country, score_events


def gold(text, event, source, target=None):
    return {"text": text, "event": event, "spans": [],
            "source": [{"actorText": source[0], "code": source[1]}],
            "target": [{"actorText": target[0], "code": target[1]}] if target else []}


def test_an_iso_code_is_read_as_the_cameo_code_of_the_same_country():
    assert cameo_country("TLS") == "TMP"  # East Timor: ISO TLS, CAMEO TMP
    assert cameo_country("FRA") == "FRA"
    assert cameo_country("IGO") == "IGO"
    assert cameo_country(None) is None


def test_gold_written_with_an_iso_code_matches_the_cameo_prediction(analyze):
    row = gold("Indonesia condemned East Timor on Friday.", "DISAPPROVE", ("Indonesia", "IDN"), ("East Timor", "TLS"))
    result = analyze(row["text"])
    assert any(e.target and e.target.country == "TMP" for e in result.events)
    assert score_events([row], [result])["dyad_f1"] == 1.0


def test_a_one_sided_prediction_of_a_domestic_gold_pair_is_not_scored(analyze):
    # gold TUR→TUR is out of scope; the coder finds the police but not whom they hit
    row = gold("Turkish police fired tear gas on Friday.", "COERCE",
               ("Turkish police", "TUR"), ("protesters in Ankara", "TUR"))
    result = analyze(row["text"])
    assert any(e.source and e.source.country == "TUR" and e.target is None for e in result.events)
    scores = score_events([row], [result])
    assert scores["dyad_precision"] == 0.0 and scores["dyad_recall"] == 0.0  # nothing counted either way
    # the same prediction against a gold pair with a foreign target is a wrong dyad
    foreign = gold(row["text"], "COERCE", ("Turkish police", "TUR"), ("Syrian refugees", "SYR"))
    scores = score_events([foreign], [result])
    assert scores["dyad_recall"] == 0.0 and scores["dyad_f1"] == 0.0
    assert score_events([row, gold("France condemned Iran on Friday.", "DISAPPROVE", ("France", "FRA"),
                                   ("Iran", "IRN"))],
                        [result, analyze("France condemned Iran on Friday.")])["dyad_precision"] == 1.0
