"""Bulk imports (``Store.import_events``, ``detente import``) on both engines: an export read
back gives the same events, stories, rollup and relations; GDELT rows become asserted events;
importing again adds nothing; the events table of a DuckDB store drops its key (version 6)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import InputError
from detente.export import GDELT_COLUMNS, export
from detente.store import open_store, rows
from detente.store.imports import detect_format
from detente.store.schema import COLUMNS, migrations
from tests.conftest import run_cli
from tests.store.test_aggregates import check_against_reference, corpus, load, rollup, rollup_reference

FILES = {"jsonl": "events.jsonl", "csv": "events.csv", "parquet": "events"}


def exported(tmp_path, items, fmt: str):
    """The corpus stored (stories fixed by the corpus), then exported as ``fmt``."""
    out = tmp_path / FILES[fmt]
    with open_store(":memory:") as source:
        load(source, items)
        export(source, fmt, out)
    return out


@pytest.mark.parametrize("fmt", list(FILES))
def test_an_export_imported_gives_the_same_events_stories_rollup_and_relations(store_url, tmp_path, fmt):
    items = [(story, r) for story, r in corpus(seed=3) if r.events]  # exports carry events only
    out = exported(tmp_path, items, fmt)
    with open_store(":memory:") as ref, open_store(store_url) as store:
        load(ref, items)
        done = store.import_events(out)
        assert (done.events, done.articles, done.skipped) == (len(ref.events()), len(items), 0)
        assert store.events() == ref.events()
        assert store.stories_summary() == ref.stories_summary()
        assert rollup(store) == rollup_reference(store) == rollup(ref)
        assert store.dyad_periods("week") == ref.dyad_periods("week")
        check_against_reference(store.dyad_periods("week", ("GBR", "RUS")), items)


def test_importing_again_or_into_the_source_store_adds_nothing(store_url, tmp_path):
    items = corpus(seed=4)
    with_events = sum(1 for _s, r in items if r.events)
    out = exported(tmp_path, items, "jsonl")
    with open_store(store_url) as store:
        first = store.import_events(out)
        assert first.events > 0 and (first.articles, first.skipped) == (with_events, 0)
        again = store.import_events(out)
        assert (again.events, again.articles, again.skipped) == (0, 0, with_events)
        assert len(store.events()) == first.events
        assert rollup(store) == rollup_reference(store)
    with open_store(":memory:") as source:
        load(source, items)
        assert source.import_events(out).events == 0


def test_a_file_repeating_events_stores_each_once(tmp_path):
    items = corpus(seed=5)
    out = exported(tmp_path, items, "jsonl")
    doubled = tmp_path / "doubled.jsonl"
    doubled.write_text(out.read_text() * 2)
    with open_store(":memory:") as store:
        done = store.import_events(doubled)
        assert done.events == len({e.id for _s, r in items for e in r.events})
        assert rollup(store) == rollup_reference(store)


def gdelt_line(**fields: str) -> str:
    return "\t".join(fields.get(c, "") for c in GDELT_COLUMNS)


def test_a_gdelt_event_table_gives_one_asserted_event_per_row(store_url, tmp_path):
    url = "https://news.example.org/world/1"
    common = dict(SQLDATE="20220211", SOURCEURL=url, AvgTone="-2.5", DATEADDED="20220211120000")
    lines = [
        gdelt_line(GLOBALEVENTID="1001", Actor1Code="GBRGOV", Actor1Name="UNITED KINGDOM", Actor1CountryCode="GBR",
                   Actor1Type1Code="GOV", Actor2Code="RUS", Actor2Name="RUSSIA", Actor2CountryCode="RUS",
                   EventCode="112", EventBaseCode="112", EventRootCode="11", QuadClass="3", GoldsteinScale="-2.0",
                   ActionGeo_Type="4", ActionGeo_FullName="Moscow, Moskva, Russia", ActionGeo_Lat="55.75",
                   ActionGeo_Long="37.62", ActionGeo_FeatureID="-2960561", **common),
        gdelt_line(GLOBALEVENTID="1002", Actor1Code="RUS", Actor1CountryCode="RUS", Actor2Code="IGOWSTNAT",
                   Actor2Name="NATO", Actor2KnownGroupCode="NAT", EventCode="0874", EventBaseCode="087",
                   EventRootCode="08", QuadClass="2", GoldsteinScale="10.0", **common),
        gdelt_line(GLOBALEVENTID="1003", Actor1Code="FRA", Actor1CountryCode="FRA", EventCode="010",
                   EventBaseCode="010", EventRootCode="01", QuadClass="1", GoldsteinScale="0.0",
                   **{**common, "SQLDATE": "20220301", "SOURCEURL": "https://other.example.com/a"}),
    ]
    path = tmp_path / "20220211120000.export.CSV"
    path.write_text("\n".join(lines) + "\n")
    with open_store(store_url) as store:
        done = store.import_events(path)
        assert (done.events, done.articles) == (3, 2)
        found = {e.id: e for e in store.events()}
        accuse = found["gdelt-1001"]
        assert (accuse.code, accuse.goldstein, accuse.quad_class, accuse.modality) == ("112", -2.0, 3, "asserted")
        assert (accuse.source.code, accuse.source.country, accuse.source.sector) == ("GBRGOV", "GBR", "GOV")
        assert accuse.target.code == "RUS" and accuse.location.full_name == "Moscow, Moskva, Russia"
        assert accuse.location.lat == 55.75 and accuse.location.kind == "city"
        nato = found["gdelt-1002"]
        assert nato.target.kind == "organisation" and nato.target.code == "IGOWSTNAT"
        assert found["gdelt-1003"].target is None and found["gdelt-1003"].one_sided
        article = store.article(accuse.article_id)
        assert article is not None
        assert (article.url, article.source, article.published, article.text) == (
            url, "news.example.org", "2022-02-11", "")
        week = [r for r in store.dyad_periods("week", ("GBR", "RUS")) if r["src"] is None]
        assert [(r["period"], r["events"], r["goldstein_sum"], r["sources"]) for r in week] == [
            ("2022-02-07", 1, -2.0, 1)]
        nato_week = [r for r in store.dyad_periods("week", ("RUS", "IGOWSTNAT")) if r["src"] is None]
        assert [(r["a"], r["b"], r["events"], r["goldstein_sum"]) for r in nato_week] == [
            ("IGOWSTNAT", "RUS", 1, 10.0)]


def test_imported_articles_keep_their_story_when_reclustering(tmp_path):
    items = corpus(seed=6)
    out = exported(tmp_path, items, "jsonl")
    with open_store(tmp_path / "s.duckdb") as store:
        store.import_events(out)
        before = store.stories_summary()
        assert before["copies"] > 0  # the corpus puts several articles in one story
        assert store.recluster() == 0
        assert store.stories_summary() == before
        assert rollup(store) == rollup_reference(store)


def test_formats_are_told_from_names_and_bad_files_are_input_errors(tmp_path):
    assert detect_format(tmp_path) == "parquet"
    assert detect_format("20220211120000.export.CSV") == "gdelt"
    assert detect_format("e.jsonl") == "jsonl" and detect_format("e.csv") == "csv"
    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format("events.xlsx")
    with pytest.raises(InputError, match="unknown import format"):
        detect_format("e.jsonl", "xml")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "article_id": \n')
    with open_store(":memory:") as store:
        with pytest.raises(InputError, match="cannot read jsonl events"):
            store.import_events(broken)
        with pytest.raises(InputError, match="no such file"):
            store.import_events(tmp_path / "missing.jsonl")
        assert store.events() == []


def test_the_import_command_reports_what_it_added(capsys, tmp_path):
    out = exported(tmp_path, corpus(seed=8), "parquet")
    db = tmp_path / "cli.duckdb"
    code, stdout, _err = run_cli(capsys, "import", str(out), "--db", str(db))
    assert code == 0 and "events from" in stdout and "0 articles already stored" in stdout
    code, _out, err = run_cli(capsys, "import", str(tmp_path / "x.xlsx"), "--db", str(db))
    assert code == 2 and "cannot tell the format" in err


def test_a_version_5_store_drops_the_events_key_and_keeps_its_rows(tmp_path):
    path = tmp_path / "v5.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for version, statements in migrations():
        if version <= 5:
            for statement in statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    item = corpus(seed=9)[0][1]
    assert item.events
    names, marks = ",".join(COLUMNS["events"]), ",".join("?" for _ in COLUMNS["events"])
    for e in item.events:
        con.execute(f"INSERT INTO events ({names}) VALUES ({marks})", list(rows.event_row(e, "2022-01-05", "s")))
    con.close()
    with open_store(path) as store:
        assert store.events() == sorted(item.events, key=lambda e: (e.trigger_start, e.id))
        assert store._query("SELECT COUNT(*) AS n FROM duckdb_indexes() WHERE table_name = 'events'")[0]["n"] == 0
        assert not store._query("SELECT 1 AS x FROM duckdb_constraints() WHERE table_name = 'events' "
                                "AND constraint_type = 'PRIMARY KEY'")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), parts=st.integers(1, 4), added=st.integers(0, 2),
       shuffle=st.randoms(use_true_random=False))
def test_imports_and_adds_in_any_batching_give_the_aggregates_of_the_events(tmp_path, seed, parts, added, shuffle):
    """Some articles arrive through ``Store.add``, the rest as an export cut into ``parts``
    files imported in random order (a file may repeat articles already added; an article's
    events come in one file, as exports write them)."""
    items = corpus(seed, n_articles=24)
    with open_store(":memory:") as source:
        load(source, items)
        articles: dict[str, list[str]] = {}
        for line in _export_lines(source):
            articles.setdefault(json.loads(line)["article_id"], []).append(line)
    groups = list(articles.values())
    shuffle.shuffle(groups)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    cut = sorted(shuffle.sample(range(len(groups) + 1), parts - 1))
    files = []
    for i, (lo, hi) in enumerate(zip([0, *cut], [*cut, len(groups)], strict=True)):
        files.append(folder / f"part{i}.jsonl")
        files[-1].write_text("".join(line for group in groups[lo:hi] for line in group))
    with open_store(":memory:") as store:
        load(store, items[: added * 8])
        for path in files:
            store.import_events(path)
        assert rollup(store) == rollup_reference(store)
        check_against_reference(store.dyad_periods("week", ("GBR", "RUS")), items)
        assert store.stories_summary()["articles"] == sum(1 for _s, r in items[: added * 8]) + len(
            {r.article.id for _s, r in items[added * 8:] if r.events})


def _export_lines(store) -> list[str]:
    buffer = io.StringIO()
    export(store, "jsonl", stream=buffer)
    return buffer.getvalue().splitlines(keepends=True)


def test_an_article_without_events_is_not_imported(tmp_path):
    """Exports are of events: an article without any has nothing to bring."""
    items = [("s", r) for _s, r in corpus(seed=10) if not r.events][:1] + corpus(seed=10)[:3]
    out = exported(tmp_path, items, "jsonl")
    with open_store(":memory:") as store:
        store.import_events(out)
        assert {a["id"] for a in store._query("SELECT id FROM articles")} == {
            r.article.id for _s, r in items if r.events}
