"""The DuckDB store: round trips, idempotent writes, filters."""

from __future__ import annotations

import pytest

from detente.errors import InputError, StoreError
from detente.records import Article
from detente.store import Filters, open_store


@pytest.fixture(scope="module")
def results(pipeline):
    texts = [
        ("France condemned Iran on Friday. Iran rejected the criticism.", "2022-01-10"),
        ("Russia expelled two British diplomats on Monday.", "2022-02-14"),
        ("“We will respond firmly,” Russian Foreign Minister Sergei Lavrov said.", "2022-02-15"),
    ]
    return [pipeline.analyze(Article(text=t, published=d, source="test")) for t, d in texts]


@pytest.fixture()
def store(tmp_path, results):
    s = open_store(tmp_path / "news.duckdb")
    s.add(results)
    yield s
    s.close()


def test_records_survive_the_round_trip(store, results):
    stored = {e.id: e for e in store.events()}
    for result in results:
        for event in result.events:
            assert stored[event.id] == event
    quotes = store.quotes()
    assert {q.id for q in quotes} == {q.id for r in results for q in r.quotes}
    article = store.article(results[1].article.id)
    assert article == results[1].article


def test_adding_again_changes_nothing(store, results):
    before = store.summary()
    assert store.add(results) == 0
    assert store.summary() == before


def test_dyad_filter_matches_both_directions(store):
    found = store.events(Filters(dyad="GBR-RUS"))
    assert found and all({e.source.country, e.target.country} == {"RUS", "GBR"} for e in found)
    assert store.events(Filters(dyad="RUS-GBR")) == found
    assert store.events(Filters(dyad="GBR-RUS", directed=True)) == []


def test_date_filters(store):
    assert all(e.source.code in ("FRA",) or e.source.country == "IRN"
               for e in store.events(Filters(until="2022-01-31")))
    assert store.events(Filters(since="2022-03-01")) == []


def test_actors_are_counted(store):
    actors = {a["code"]: a for a in store.actors()}
    assert actors["FRA"]["mentions"] >= 1 and actors["FRA"]["articles"] == 1


def test_bad_dyad_is_an_input_error(store):
    with pytest.raises(InputError):
        store.events(Filters(dyad="GBR"))


def test_opening_a_missing_store_read_only_says_how_to_create_it(tmp_path):
    with pytest.raises(StoreError, match="detente ingest"):
        open_store(tmp_path / "none.duckdb", read_only=True)
