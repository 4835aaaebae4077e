"""The JSON API, in-process, on a store built from real analyses of the examples."""

from __future__ import annotations

import pytest

from tests.conftest import SEED
from tests.web.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_health_says_ok_and_whether_writes_are_enabled(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["writes"] is True


def test_the_openapi_document_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/analyze", "/api/articles", "/api/events", "/api/quotes", "/api/actors",
                 "/api/articles/{article_id}", "/api/relations/{a}/{b}", "/api/alerts", "/api/health"):
        assert path in paths


def test_analyze_returns_events_with_evidence_and_stores_nothing(client):
    before = client.get("/api/summary").json()["articles"]
    text = "Russia expelled two British diplomats on Monday, the Foreign Office said."
    r = client.post("/api/analyze", json={"text": text, "published": "14 February 2022"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["article"]["published"] == "2022-02-14"
    (event,) = [e for e in data["events"] if e["trigger"] == "expelled"]
    assert (event["source"]["country"], event["target"]["country"]) == ("RUS", "GBR")
    sentence = event["evidence"]["text"]
    marks = {m["kind"]: sentence[m["start"]:m["end"]] for m in event["evidence"]["marks"]}
    assert marks["trigger"] == "expelled" and marks["source"] == "Russia"
    assert client.get("/api/summary").json()["articles"] == before


def test_analyze_takes_a_plain_text_body(client):
    r = client.post("/api/analyze", content=b"Britain condemned Russia.",
                    headers={"Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 200
    assert any(e["code"].startswith("11") for e in r.json()["events"])


def test_events_filter_by_dyad_and_date_and_page(client):
    r = client.get("/api/events", params={"dyad": "GBR-RUS", "since": "2022-02-01", "until": "2022-02-28"})
    page = r.json()
    assert r.status_code == 200 and page["count"] >= 5
    assert all({e["source"]["country"], e["target"]["country"]} == {"GBR", "RUS"} for e in page["items"])
    first = client.get("/api/events", params={"dyad": "GBR-RUS", "limit": 2}).json()
    second = client.get("/api/events", params={"dyad": "GBR-RUS", "limit": 2, "offset": 2}).json()
    assert first["has_more"] and first["next_offset"] == 2
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


@pytest.mark.parametrize(("params", "check"), [
    ({"quad": 4}, lambda e: e["quad_class"] == 4),
    ({"root": "16"}, lambda e: e["root_code"] == "16"),
    ({"code": "11"}, lambda e: e["code"].startswith("11")),
    ({"modality": "claimed"}, lambda e: e["modality"] == "claimed"),
    ({"actor": "RUS"}, lambda e: "RUS" in {(e["source"] or {}).get("country"), (e["target"] or {}).get("country")}),
    ({"text": "expel"}, lambda e: "expel" in e["trigger"].lower() or "expel" in (e["action"] or "")),
])
def test_each_event_filter_keeps_only_matching_events(client, params, check):
    items = client.get("/api/events", params={**params, "limit": 1000}).json()["items"]
    assert items, f"no events for {params}"
    assert all(check(e) for e in items)


def test_events_with_evidence_mark_spans_inside_the_sentence(client):
    items = client.get("/api/events", params={"dyad": "GBR-RUS", "evidence": "true"}).json()["items"]
    assert items
    for e in items:
        ev = e["evidence"]
        text = ev["text"]
        for mark in ev["marks"]:
            assert 0 <= mark["start"] <= mark["end"] <= len(text)
        trigger = [m for m in ev["marks"] if m["kind"] == "trigger"]
        assert trigger and text[trigger[0]["start"]:trigger[0]["end"]] == e["trigger"]
        assert e["article"]["id"] == e["article_id"]


def test_quotes_and_actors_list_speakers_and_counts(client):
    quotes = client.get("/api/quotes", params={"article": "uk_russia"}).json()["items"]
    assert any(q["speaker"] and q["speaker"]["country"] == "RUS" for q in quotes)
    actors = client.get("/api/actors", params={"limit": 5}).json()["items"]
    assert len(actors) == 5
    assert [a["mentions"] for a in actors] == sorted((a["mentions"] for a in actors), reverse=True)


def test_article_view_has_the_text_and_every_span_points_into_it(client):
    r = client.get("/api/articles/uk_russia")
    assert r.status_code == 200
    view = r.json()
    text = view["article"]["text"]
    assert text == SEED.read_text(encoding="utf-8")
    assert view["mentions"] and view["quotes"] and view["events"]
    for m in view["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    for q in view["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    for e in view["events"]:
        assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger"]
    assert {"GBR", "RUS"} <= {a["country"] for a in view["actors"]}


def test_an_unknown_article_is_404_json(client):
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and "nope" in r.json()["message"]


def test_relations_give_an_index_per_week_within_bounds(client):
    r = client.get("/api/relations/GBR/RUS", params={"by": "week"})
    series = r.json()
    assert r.status_code == 200 and (series["a"], series["b"]) == ("GBR", "RUS")
    assert len(series["periods"]) >= 5
    indexed = [p["both"]["index"] for p in series["periods"] if p["both"]["index"] is not None]
    assert indexed and all(-10 <= x <= 10 for x in indexed)
    # The January cooperation and the February sanctions pull the index in opposite directions.
    assert max(indexed) > 0 > min(indexed)


def test_a_relations_range_of_too_many_periods_is_refused(client):
    r = client.get("/api/relations/GBR/RUS", params={"by": "day", "since": "1800-01-01", "until": "2200-01-01"})
    assert r.status_code == 400 and r.json()["code"] == "E100"


def test_alerts_carry_their_driving_events(client):
    r = client.get("/api/alerts", params={"dyad": "GBR-RUS"})
    assert r.status_code == 200
    for alert in r.json()["items"]:
        assert alert["dyad"] == "GBR-RUS" and alert["drivers"]


def test_summary_lists_gbr_rus_among_the_most_active_dyads(client):
    dyads = client.get("/api/summary").json()["top_dyads"]
    assert {"a": "GBR", "b": "RUS"}.items() <= next(d for d in dyads if d["a"] == "GBR" and d["b"] == "RUS").items()


def test_network_edges_sum_the_directions_and_colour_by_mean_goldstein(client):
    net = client.get("/api/network").json()
    edge = next(e for e in net["edges"] if (e["a"], e["b"]) == ("GBR", "RUS"))
    assert edge["ab"] + edge["ba"] == edge["events"]
    assert edge["goldstein_mean"] == pytest.approx(edge["goldstein_sum"] / edge["events"], abs=1e-3)
    assert {"GBR", "RUS"} <= {n["id"] for n in net["nodes"]}


def test_stored_events_carry_their_place_amounts_and_tone(client):
    items = client.get("/api/articles/uk_russia").json()["events"]
    assert items
    meetings = [e for e in items if e["trigger"] == "meeting"]
    assert meetings and all(e["location"]["name"] == "Moscow" for e in meetings)
    assert abs(meetings[0]["location"]["lat"] - 55.75) < 0.1
    deploy = next(e for e in items if e["trigger"] == "deploy")
    assert any(a["text"] == "1,000" and a["value"] == 1000 for a in deploy["amounts"])
    assert all(isinstance(e["tone"], float) for e in items)


def test_places_put_the_dyads_events_on_the_map(client):
    r = client.get("/api/places", params={"dyad": "GBR-RUS"})
    assert r.status_code == 200, r.text
    data = r.json()
    names = {p["name"]: p for p in data["points"]}
    assert "Moscow" in names and "Ukraine" in names
    moscow = names["Moscow"]
    assert (moscow["country"], moscow["precision"]) == ("RUS", "city")
    assert moscow["events"] == sum(moscow["by_quad_class"].values()) >= 2
    assert data["placed"] == sum(p["events"] for p in data["points"])
    # 2022-01-10: the trade agreement "signed ... in Moscow", and Johnson's praise, which the
    # text does not place (the article's country); nothing after that day
    early = client.get("/api/places", params={"dyad": "GBR-RUS", "until": "2022-01-10"}).json()
    points = {p["name"]: p for p in early["points"]}
    assert set(points) == {"Moscow", "Russia"}
    assert {i["via"] for i in points["Moscow"]["items"]} == {"clause"}
    assert {i["via"] for i in points["Russia"]["items"]} == {"article"}


def test_the_map_outlines_are_bundled_geojson(client):
    r = client.get("/api/map/outlines")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    world = r.json()
    assert world["type"] == "FeatureCollection" and len(world["features"]) >= 150
    iso = {f["properties"]["iso3"] for f in world["features"]}
    assert {"GBR", "RUS", "UKR", "USA"} <= iso


def test_ingest_with_the_token_stores_articles_and_skips_them_the_second_time(writable_db, pipeline):
    from fastapi.testclient import TestClient

    from detente.web import create_app

    body = [{"text": "Russia threatened Britain with sanctions.", "published": "2022-03-01", "id": "a1"},
            {"text": "Britain praised Russia for the agreement.", "published": "2022-03-02", "id": "a2"}]
    with TestClient(create_app(writable_db, token=TOKEN, pipeline=pipeline)) as c:
        r = c.post("/api/articles", json=body, headers=AUTH)
        assert r.status_code == 201, r.text
        assert r.json()["stored"] == 2
        assert c.get("/api/articles/a1").json()["article"]["published"] == "2022-03-01"
        again = c.post("/api/articles", json=body[0], headers=AUTH).json()
        assert again["stored"] == 0 and again["already_stored"] == 1
