"""Exports: the GDELT 2.0 event table (61 columns), JSON lines, CSV and Parquet by date."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest

from detente import export
from detente.cli import main
from detente.records import ActorRef, AnalyzedArticle, Article, Event
from detente.store import open_store
from tests.conftest import SEED, ingest_cli
from tests.store.conftest import pg_server, store_url  # noqa: F401 (fixtures: both engines)

NATO = ActorRef("IGOWSTNAT", "NATO", None, None, "organisation")
GBR = ActorRef("GBRMIL", "British army", "GBR", "MIL")
RUS = ActorRef("RUSGOV", "Kremlin", "RUS", "GOV")


def copies(n: int = 3) -> list[AnalyzedArticle]:
    """One wire story printed ``n`` times, each copy with the same two events."""
    text = "NATO demanded that Russia withdraw.\nThe British army sent instructors to Ukraine."
    out = []
    for i in range(n):
        a = Article(text=text + " " * i, published=f"2022-02-1{1 + i}", source=f"outlet{i}",
                    url=f"https://outlet{i}.example/story")
        out.append(AnalyzedArticle(article=a, events=(
            Event(article_id=a.id, sentence=0, start=0, end=35, code="1056", root_code="10", base_code="105",
                  name="Demand de-escalation", goldstein=-5.0, quad_class=3, trigger="demanded",
                  trigger_start=5, trigger_end=13, source=NATO, target=RUS),
            Event(article_id=a.id, sentence=1, start=36, end=len(text), code="042", root_code="04",
                  base_code="042", name="Make a visit", goldstein=1.9, quad_class=1, trigger="sent",
                  trigger_start=53, trigger_end=57, source=GBR, target=None, confidence=0.7),
        )))
    return out


def gdelt_lines(store) -> list[list[str]]:
    buffer = io.StringIO()
    export.export(store, "gdelt", stream=buffer)
    return [line.split("\t") for line in buffer.getvalue().splitlines()]


def field(row: list[str], name: str) -> str:
    return row[export.GDELT_COLUMNS.index(name)]


def test_gdelt_rows_have_61_columns_and_count_copies_of_a_story_once(store_url):  # noqa: F811
    with open_store(store_url) as store:
        store.add(copies(3))
        rows = gdelt_lines(store)
    assert len(rows) == 2 and all(len(r) == 61 for r in rows)
    visit, demand = sorted(rows, key=lambda r: field(r, "EventCode"))
    assert field(demand, "EventCode") == "1056" and field(demand, "EventBaseCode") == "105"
    assert field(demand, "EventRootCode") == "10" and field(demand, "QuadClass") == "3"
    assert field(visit, "EventCode") == "042" and field(visit, "EventRootCode") == "04"  # leading zeros kept
    assert field(demand, "GoldsteinScale") == "-5" and field(visit, "GoldsteinScale") == "1.9"
    assert [field(demand, c) for c in ("NumMentions", "NumSources", "NumArticles")] == ["3", "3", "3"]
    assert field(demand, "SQLDATE") == "20220211" and field(demand, "MonthYear") == "202202"
    assert field(demand, "Year") == "2022" and field(demand, "FractionDate") == "2022.1945"
    assert field(demand, "SOURCEURL") == "https://outlet0.example/story"  # the first report
    assert field(demand, "IsRootEvent") == "1" and field(visit, "IsRootEvent") == "0"
    assert len(field(demand, "DATEADDED")) == 14 and field(demand, "AvgTone") == ""


def test_gdelt_actor_fields_use_cameo_blocks_and_fips_geography(store_url):  # noqa: F811
    with open_store(store_url) as store:
        store.add(copies(1))
        visit, demand = sorted(gdelt_lines(store), key=lambda r: field(r, "EventCode"))
    assert [field(demand, f"Actor1{c}") for c in ("Code", "Name", "CountryCode", "KnownGroupCode")] == [
        "IGOWSTNAT", "NATO", "", "NAT"]
    assert field(demand, "Actor1Type1Code") == "IGO"
    assert [field(demand, f"Actor2{c}") for c in ("Code", "CountryCode", "Type1Code")] == ["RUSGOV", "RUS", "GOV"]
    assert field(demand, "Actor2Geo_CountryCode") == "RS" and field(demand, "Actor2Geo_Type") == "1"
    assert field(demand, "Actor1Geo_Type") == "0" and field(demand, "ActionGeo_Type") == "0"
    assert field(visit, "Actor1Geo_CountryCode") == "UK" and field(visit, "Actor1Geo_FullName") == "United Kingdom"
    assert field(visit, "Actor2Code") == "" and field(visit, "Actor2Geo_Type") == "0"


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, pipeline):
    return ingest_cli(SEED, tmp_path_factory.mktemp("seed") / "seed.duckdb", "--date", "2022-02-11")


def test_a_gdelt_export_of_the_example_loads_as_a_61_column_table_matching_its_events(seed_db, tmp_path):
    out = tmp_path / "20220211000000.export.CSV"
    try:
        main(["export", "--db", str(seed_db), "--format", "gdelt", "--out", str(out)])
    except SystemExit as done:
        assert not done.code
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in export.GDELT_COLUMNS) + "}"
    table = duckdb.sql(f"SELECT * FROM read_csv('{out}', delim = '\t', header = false, quote = '', "
                       f"columns = {columns})")
    assert len(table.columns) == 61
    loaded = [dict(zip(table.columns, r, strict=True)) for r in table.fetchall()]
    with open_store(seed_db, read_only=True) as store:
        events = store.events()
    def party(actor):  # what a story event is keyed on: the country, else the actor code
        return (actor.country or actor.code) if actor else None

    expected = {(e.code, e.goldstein, party(e.source), party(e.target)) for e in events}
    got = {(r["EventCode"], float(r["GoldsteinScale"]), r["Actor1CountryCode"] or r["Actor1Code"] or None,
            r["Actor2CountryCode"] or r["Actor2Code"] or None) for r in loaded}
    assert got == expected and len(loaded) <= len(events)
    assert {r["SQLDATE"] for r in loaded} == {"20220211"}
    assert len({r["GLOBALEVENTID"] for r in loaded}) == len(loaded)


def test_jsonl_and_csv_exports_carry_every_event_with_its_story(tmp_path):
    with open_store(tmp_path / "x.duckdb") as store:
        store.add(copies(2))
        stored = {e.id: e for e in store.events()}
        buffer = io.StringIO()
        assert export.export(store, "jsonl", stream=buffer) == 4
        lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
        assert len({line["story_id"] for line in lines}) == 1
        for line in lines:
            extra = ("published", "story_id", "article_url", "article_source")
            record = {k: v for k, v in line.items() if k not in extra}
            assert Event.from_dict(record) == stored[line["id"]]
        path = tmp_path / "events.csv"
        assert export.export(store, "csv", path) == 4
    with path.open(encoding="utf-8") as handle:
        read = list(csv.DictReader(handle))
    assert list(read[0]) == list(export.EVENT_COLUMNS)
    assert sorted(r["code"] for r in read) == ["042", "042", "1056", "1056"]


def test_parquet_export_is_partitioned_by_date(store_url, tmp_path):  # noqa: F811
    with open_store(store_url) as store:
        store.add(copies(2))
        assert export.export(store, "parquet", tmp_path / "pq") == 4
    folders = sorted(p.name for p in (tmp_path / "pq").iterdir())
    assert folders == ["date=2022-02-11", "date=2022-02-12"]
    rows = duckdb.sql(f"SELECT code, goldstein, story_id FROM read_parquet('{tmp_path}/pq/*/*.parquet') "
                      "ORDER BY code").fetchall()
    assert [r[0] for r in rows] == ["042", "042", "1056", "1056"] and rows[0][1] == 1.9


def test_unknown_export_format_is_a_usage_error(tmp_path, capsys, monkeypatch):
    from rich.console import Console

    from detente import cli

    monkeypatch.setattr(cli, "err", Console(stderr=True, soft_wrap=True))
    with open_store(tmp_path / "x.duckdb"):
        pass
    with pytest.raises(SystemExit) as done:
        main(["export", "--db", str(tmp_path / "x.duckdb"), "--format", "xml"])
    assert done.value.code == 2 and "xml" in capsys.readouterr().err
