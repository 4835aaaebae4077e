"""Watching feeds against a local HTTP server on loopback: never the network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.ingest.feeds import FeedError, entry_article, parse_feed
from detente.ingest.html import extract
from detente.watch import Fetcher, parse_every, watch_round
from tests.loopback import Site, file_handler, serving

FEEDS = Path(__file__).resolve().parent / "data" / "feeds"


@pytest.fixture()
def site() -> Iterator[Site]:
    site = Site()
    with serving(site, file_handler(site)):

        def serve(path: str, name: str, kind: str) -> None:
            text = (FEEDS / name).read_text(encoding="utf-8").replace("{base}", site.base)
            site.files[path] = (text.encode("utf-8"), kind)

        serve("/feed.xml", "feed.xml", "application/rss+xml")
        serve("/broken.xml", "broken.xml", "application/rss+xml")
        serve("/pages/threat.html", "threat.html", "text/html; charset=utf-8")
        site.files["/robots.txt"] = (b"User-agent: *\nDisallow: /private/\n", "text/plain")
        yield site


@pytest.fixture()
def store():
    from detente.store import open_store

    with open_store(":memory:") as s:
        yield s


def _fetcher(tmp_path: Path) -> Fetcher:
    return Fetcher(tmp_path / "state.json", timeout=5, delay=0, retries=1, backoff=0.01)


def test_new_entries_are_ingested_once_and_an_unchanged_feed_costs_one_304(site, store, pipeline, tmp_path):
    fetcher = _fetcher(tmp_path)
    first = watch_round([site.base + "/feed.xml"], pipeline, store, fetcher)
    assert first.summary.stored == 2, first.reports
    assert [r.status for r in first.reports] == ["new"]
    assert site.hits["/pages/threat.html"] == 1  # the full-text entry needed no page
    assert "/pages/restraint.html" not in site.hits

    before = dict(site.hits)
    again = watch_round([site.base + "/feed.xml"], pipeline, store, _fetcher(tmp_path))  # a restarted watch
    assert again.summary.stored == 0 and again.summary.articles_read == 0
    assert [r.status for r in again.reports] == ["unchanged"]
    assert site.not_modified["/feed.xml"] == 1
    new_hits = {p: n - before.get(p, 0) for p, n in site.hits.items() if n != before.get(p, 0)}
    assert new_hits == {"/feed.xml": 1, "/robots.txt": 1}  # robots.txt once per watch process


def test_failures_are_reported_per_source_and_the_others_are_ingested(site, store, pipeline, tmp_path):
    sources = [site.base + "/missing.xml", site.base + "/broken.xml", site.base + "/feed.xml",
               site.base + "/private/feed.xml"]
    result = watch_round(sources, pipeline, store, _fetcher(tmp_path))
    by_source = {r.source.rsplit("/", 1)[-1] if "private" not in r.source else "private": r for r in result.reports}
    assert by_source["missing.xml"].status == "failed" and "404" in by_source["missing.xml"].message
    assert by_source["broken.xml"].status == "failed" and "broken feed XML" in by_source["broken.xml"].message
    assert by_source["private"].status == "failed" and "robots.txt" in by_source["private"].message
    assert "/private/feed.xml" not in site.hits
    assert by_source["feed.xml"].status == "new" and result.summary.stored == 2


def test_a_missing_entry_page_is_a_problem_not_a_stop(site, store, pipeline, tmp_path):
    del site.files["/pages/threat.html"]
    problems = []
    result = watch_round([site.base + "/feed.xml"], pipeline, store, _fetcher(tmp_path), on_problem=problems.append)
    assert result.summary.stored == 1
    assert any("404" in p.message for p in problems)


def test_cli_watch_once_ingests_the_fixture_articles(site, tmp_path, capsys):
    from detente import cli
    from detente.store import open_store

    db = tmp_path / "w.duckdb"
    code = 0
    try:  # the consoles write to sys.stdout/sys.stderr, which capsys captures
        cli.main(["watch", "--once", "--delay", "0", site.base + "/feed.xml", "--db", str(db)])
    except SystemExit as done:
        code = int(done.code or 0)
    out, err = capsys.readouterr()
    assert code == 0, err
    # the round's summary goes to stderr through rich; what was stored is checked in the store
    for line in out.splitlines():
        assert json.loads(line)["dyad"]  # alerts, if any, are JSON lines
    with open_store(db, read_only=True) as store:
        titles = sorted(a["title"] for a in _article_rows(store))
    assert titles == ["France urges restraint", "Russia threatens Ukraine"]
    assert (tmp_path / "w.duckdb.watch.json").exists()


def _article_rows(store) -> list[dict]:
    rows = store.con.execute("SELECT title FROM articles").fetchall()
    return [{"title": r[0]} for r in rows]


def test_html_extraction_keeps_the_article_and_its_metadata():
    page = extract((FEEDS / "threat.html").read_text(encoding="utf-8"))
    assert page.text.splitlines() == [
        "Russia threatened Ukraine with military action on Monday.",
        "The Russian foreign minister warned Kyiv against joining the alliance.",
    ]
    assert (page.title, page.published, page.author, page.site) == (
        "Russia threatens Ukraine", "2022-02-14", "Jane Reporter", "Fixture Wire")


def test_html_extraction_reads_json_ld():
    page = extract((FEEDS / "jsonld.html").read_text(encoding="utf-8"))
    assert page.text == "Diplomats met in Geneva on Tuesday."
    assert (page.title, page.published, page.author, page.site) == (
        "Talks in Geneva", "2022-03-01", "A. Writer", "Geneva Post")


def test_rss2_atom_and_rdf_feeds_parse():
    rss = parse_feed((FEEDS / "feed.xml").read_bytes())
    assert [(e.title, e.published) for e in rss] == [
        ("Russia threatens Ukraine", "2022-02-14"), ("France urges restraint", "2022-02-15")]
    assert rss[0].content is None and rss[1].content and "<p>France urged" in rss[1].content
    atom = parse_feed((FEEDS / "atom.xml").read_bytes())
    assert [(e.url, e.published, e.guid) for e in atom] == [
        ("https://example.org/germany-talks", "2022-02-16", "urn:fixture:atom:1")]
    article = entry_article(atom[0], "atom")
    assert article is not None and article.text == "Germany called for talks with Russia on Wednesday."
    rdf = parse_feed((FEEDS / "rdf.xml").read_bytes())
    assert [(e.url, e.published, e.summary) for e in rdf] == [
        ("https://example.org/one", "2022-02-17", "Britain summoned the Russian ambassador.")]


@pytest.mark.parametrize("data", [(FEEDS / "broken.xml").read_bytes(), b"<html><body>hi</body></html>",
                                  b'<!DOCTYPE x [<!ENTITY a "aaaa">]><rss>&a;</rss>'])
def test_bad_feeds_raise_a_feed_error(data):
    with pytest.raises(FeedError):
        parse_feed(data)


def test_parse_every_reads_units():
    assert [parse_every(t) for t in ("90s", "15m", "2h", "30")] == [90, 900, 7200, 30]
    with pytest.raises(ValueError):
        parse_every("soon")
