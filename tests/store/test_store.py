"""The store, on both engines: round trips, idempotent writes, filters, stories, errors."""

from __future__ import annotations

import duckdb
import pytest

from detente.errors import InputError, StoreError
from detente.records import Article
from detente.store import Filters, open_store
from detente.store.schema import _V1, COLUMNS, migrations

LATEST = max(v for v, _ in migrations())

WIRE = (
    "Russia expelled two British diplomats on Monday, accusing them of spying, the Foreign "
    "Office in London said. Britain called the decision unjustified and promised to respond."
)


@pytest.fixture(scope="module")
def results(pipeline):
    texts = [
        ("France condemned Iran on Friday. Iran rejected the criticism.", "2022-01-10"),
        ("Russia expelled two British diplomats on Monday.", "2022-02-14"),
        ("“We will respond firmly,” Russian Foreign Minister Sergei Lavrov said.", "2022-02-15"),
    ]
    return [pipeline.analyze(Article(text=t, published=d, source="test")) for t, d in texts]


@pytest.fixture()
def store(store_url, results):
    s = open_store(store_url)
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
    assert [m.start for m in store.mentions(results[1].article.id)] == sorted(
        m.start for m in results[1].mentions
    )


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


def test_every_article_and_event_gets_a_story(store, results):
    rows = store._query("SELECT id, story_id FROM articles")
    assert rows and all(r["story_id"] for r in rows)
    events = store._query("SELECT e.story_id, a.story_id AS article_story FROM events e "
                          "JOIN articles a ON a.id = e.article_id")
    assert events and all(r["story_id"] == r["article_story"] for r in events)
    assert store.stories_summary() == {"articles": 3, "stories": 3, "copies": 0}


def test_a_syndicated_copy_arriving_later_joins_the_stored_story(store_url, analyze):
    original = analyze(WIRE, "2022-02-14")
    copy = analyze("MOSCOW (Reuters) - " + WIRE + " Reporting by Jane Doe; editing by John Roe.", "2022-02-15")
    other = analyze("France and Germany signed a trade agreement in Paris on Tuesday.", "2022-02-15")
    with open_store(store_url) as s:
        s.add([original])
        s.add([copy, other])  # a later batch: matched against what is stored
        story = {r["id"]: r["story_id"] for r in s._query("SELECT id, story_id FROM articles")}
        assert story[copy.article.id] == story[original.article.id] == original.article.id
        assert story[other.article.id] == other.article.id
        assert s.stories_summary() == {"articles": 3, "stories": 2, "copies": 1}


def test_unclustered_articles_are_clustered_by_recluster(store_url, analyze):
    original, copy = analyze(WIRE, "2022-02-14"), analyze(WIRE + " (AFP)", "2022-02-14")
    with open_store(store_url) as s:
        s.add([original, copy], cluster=False)
        assert s.stories_summary()["stories"] == 2
        assert s.recluster() == 2
        assert s.stories_summary()["stories"] == 1
        stories = s._query("SELECT DISTINCT story_id FROM events")
        assert len(stories) == 1
        assert s.recluster() == 0


def test_event_rows_keep_every_field_in_column_order(results):
    from detente.store import rows

    for result in results:
        for event in result.events:
            row = dict(zip(COLUMNS["events"], rows.event_row(event, "2022-01-01", "s1"), strict=True))
            assert rows.event_from_row(row) == event
            assert row["story_id"] == "s1" and row["published"] == "2022-01-01"


def test_opening_a_missing_store_read_only_says_how_to_create_it(tmp_path):
    with pytest.raises(StoreError, match="detente ingest"):
        open_store(tmp_path / "none.duckdb", read_only=True)


def test_a_postgres_store_that_does_not_exist_yet_cannot_be_read(pg_server):
    with pytest.raises(StoreError, match="detente ingest"):
        open_store(pg_server.fresh_schema_url(), read_only=True)


def test_an_unreachable_postgres_server_is_a_store_error_without_the_password():
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://me:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(info.value)


def test_query_errors_are_store_errors(store_url):
    with open_store(store_url) as s, pytest.raises(StoreError, match="query failed"):
        s._query("SELECT no_such_column FROM articles")


def test_a_version_1_store_is_migrated_and_its_rows_count_as_stories(tmp_path, results):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for statement in _V1:
        con.execute(statement)
    con.execute("INSERT INTO schema_version (version) VALUES (1)")
    con.execute("INSERT INTO articles (id, text, published) VALUES ('a1', 'Old text.', DATE '2020-01-01')")
    con.close()
    with open_store(path) as s:
        assert max(r["version"] for r in s._query("SELECT version FROM schema_version")) == LATEST
        assert s.stories_summary() == {"articles": 1, "stories": 1, "copies": 0}
        s.add(results)
        assert s.recluster() == 1


def test_a_version_2_store_gets_its_dyad_rollup_from_the_stored_events(store_url, results):
    with open_store(store_url) as s:
        s.add(results)
        expected = s.dyad_periods("week")
        assert expected, "the sample has dyadic events"
        # What a store written by version 2 looks like: no rollup table, version 2 recorded.
        s._query("DROP TABLE dyad_mentions")
        s._query("DELETE FROM schema_version WHERE version >= 3")
    with open_store(store_url, read_only=True) as s:  # cannot migrate: computed from the events
        assert s.dyad_periods("week") == expected
    with open_store(store_url) as s:
        assert max(r["version"] for r in s._query("SELECT version FROM schema_version")) == LATEST
        assert s.dyad_periods("week") == expected
