"""Limits and safety: tokens for writes, body caps, JSON errors, no CORS, loopback by default."""

from __future__ import annotations

import inspect

import pytest

from tests.web.conftest import TOKEN


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}])
def test_writes_need_the_right_bearer_token(client, headers):
    r = client.post("/api/articles", json={"text": "Britain condemned Russia."}, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["code"] == "E401"


def test_without_a_token_writes_are_disabled(web_db, pipeline):
    from fastapi.testclient import TestClient

    from detente.web import create_app

    with TestClient(create_app(web_db, pipeline=pipeline)) as c:
        r = c.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and "--token" in r.json()["message"]
        assert c.get("/api/health").json()["writes"] is False


def test_a_huge_body_is_refused_with_413_before_it_is_read(client):
    huge = b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    r = client.post("/api/analyze", content=huge, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "E413"


def test_a_huge_streamed_body_without_length_is_refused_too(client):
    def chunks():
        for _ in range(40):
            yield b"a" * 100_000

    r = client.post("/api/analyze", content=chunks(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 413


@pytest.mark.parametrize(("body", "ctype", "status"), [
    (b"{not json", "application/json", 422),
    (b'{"title": "no text"}', "application/json", 422),
    (b'{"text": "   "}', "application/json", 422),
    (b'{"text": "ok", "colour": "red"}', "application/json", 422),
    (b'["a list"]', "application/json", 422),
    (b'{"text": "Britain condemned Russia.", "published": "2022-02-30"}', "application/json", 400),
    (b"\xff\xfe", "text/plain", 422),
    (b"<xml/>", "application/xml", 415),
])
def test_bad_bodies_get_json_4xx_with_a_message(client, body, ctype, status):
    r = client.post("/api/analyze", content=body, headers={"Content-Type": ctype})
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["message"]


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "offset=-1", "since=2022-13-01", "quad=5",
                                   "modality=maybe", "dyad=GBR", "dyad=GBR-RUS';DROP TABLE events;--",
                                   "code=abc", "actor=R%20US"])
def test_bad_query_parameters_get_422_json(client, query):
    r = client.get(f"/api/events?{query}")
    assert r.status_code == 422
    assert r.json()["code"] == "E422" and r.json()["message"]


def test_text_filters_are_parameters_not_sql(client):
    r = client.get("/api/events", params={"text": "x' OR '1'='1"})
    assert r.status_code == 200 and r.json()["items"] == []
    assert client.get("/api/summary").json()["events"] > 0


def test_no_cors_headers_by_default(client):
    r = client.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = client.options("/api/events", headers={"Origin": "https://evil.example",
                                                 "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_cors_only_for_the_origins_given(web_db, pipeline):
    from fastapi.testclient import TestClient

    from detente.web import create_app

    with TestClient(create_app(web_db, cors_origins=["http://127.0.0.1:9000"], pipeline=pipeline)) as c:
        ok = c.get("/api/health", headers={"Origin": "http://127.0.0.1:9000"})
        assert ok.headers["access-control-allow-origin"] == "http://127.0.0.1:9000"
        other = c.get("/api/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_pages_carry_a_strict_content_security_policy(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_the_dashboard_loads_nothing_from_other_hosts(client):
    from detente.web.app import STATIC

    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://127.0.0.1", "") and "https://" not in text, path.name
    assert client.get("/static/vendor/plotly.min.js").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_serve_binds_to_loopback_unless_told_otherwise():
    from detente import cli
    from detente.web import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(cli.serve).parameters["host"].default == "127.0.0.1"


def test_store_errors_become_503_json_without_the_engine_details(client, monkeypatch):
    from detente.errors import StoreError

    store = client.app.state.detente.store

    def broken(*args, **kwargs):
        raise StoreError("query failed: Binder Error: secret details\nLINE 3: SELECT ...", where="x.duckdb")

    monkeypatch.setattr(store, "events", broken)
    r = client.get("/api/events")
    assert r.status_code == 503
    assert r.json()["code"] == "E400" and "LINE 3" not in r.json()["message"]
