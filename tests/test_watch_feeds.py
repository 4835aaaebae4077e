"""Watching realistic feeds and pages on a loopback server: extraction, failures, alerts.

The fixtures in ``tests/ingest/aegean/`` are invented news written for these tests: two
cooperative weeks between Greece and Turkey (a trade pact, a state visit, earthquake aid,
joint patrols) and then four days of escalation (accusations, a threat, expulsions,
suspended talks, shots fired), served as an RSS feed whose entries are either full text or
links to pages in four different layouts.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from detente.delivery import post_webhook
from detente.ingest.feeds import parse_feed, read_sources
from detente.ingest.html import decode_html, extract
from detente.ingest.readers import Problem, read_inputs
from detente.records import Article
from detente.watch import Fetcher, watch_round
from tests import loopback
from tests.loopback import file_handler, send_file, serving

AEGEAN = Path(__file__).resolve().parent / "ingest" / "aegean"


class Site(loopback.Site):
    def serve_fixture(self, path: str, name: str, kind: str) -> None:
        data = (AEGEAN / name).read_bytes().replace(b"{base}", self.base.encode())
        self.files[path] = (data, kind)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(file_handler(site)):  # type: ignore[misc,valid-type]
        def do_GET(self) -> None:
            site.hits[self.path] += 1
            if self.path == "/slow.xml":
                time.sleep(1.5)
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
                return
            if self.path == "/hangup.xml":
                self.close_connection = True
                self.wfile.flush()
                self.connection.close()
                return
            if self.path == "/error.xml":
                self.send_error(503)
                return
            send_file(self, site)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            site.posts.append((self.path, body))
            flaky = self.path == "/flaky-hook" and len(site.posts) == 1  # fails once, then works
            self.send_response(503 if flaky else 204 if self.path in ("/hook", "/flaky-hook") else 404)
            self.end_headers()

    return Handler


@pytest.fixture()
def site() -> Iterator[Site]:
    site = Site()
    with serving(site, _handler(site)):
        site.serve_fixture("/feed.xml", "feed.xml", "application/rss+xml; charset=utf-8")
        for name in ("ankara-visit", "geneva-energy", "airspace"):
            site.serve_fixture(f"/news/{name}.html", f"{name}.html", "text/html; charset=utf-8")
        site.serve_fixture("/news/talks-suspended.html", "talks-suspended.html", "text/html; charset=iso-8859-7")
        site.files["/robots.txt"] = (b"User-agent: *\nDisallow: /private/\n", "text/plain")
        site.files["/huge.html"] = (b"<html><body><p>" + b"war " * 100_000 + b"</p></body></html>", "text/html")
        site.files["/report.pdf"] = (b"%PDF-1.7\n" + bytes(range(256)) * 20, "application/pdf")
        yield site


@pytest.fixture()
def store():
    from detente.store import open_store

    with open_store(":memory:") as s:
        yield s


def _fetcher(tmp_path: Path, **options: float) -> Fetcher:
    settings = {"timeout": 5.0, "delay": 0.0, "retries": 1, "backoff": 0.01, **options}
    return Fetcher(tmp_path / "state.json", timeout=settings["timeout"], delay=settings["delay"],
                   retries=int(settings["retries"]), backoff=settings["backoff"],
                   max_bytes=int(settings.get("max_bytes", 10_000_000)))


# -- extraction of five layouts ---------------------------------------------------------------
LAYOUTS = {
    # <article> with header, figure, share bar, ad, pull quote, newsletter; related <article>
    # cards, cookie banner, comments and footer outside; JSON-LD @graph plus a second block
    "ankara-visit.html": (
        ["The Turkish president welcomed the Greek prime minister to Ankara on Thursday for the first "
         "official visit in four years.",
         "Greece offered Turkey help with rebuilding schools damaged by the Izmir earthquake. Both "
         "governments pledged to hold talks every six months.",
         "The two leaders also opened an exhibition on the history of Aegean trade routes, which will "
         "travel to Thessaloniki in the summer."],
        ("Turkish president hosts Greek prime minister in Ankara", "2030-03-07", "Nikos Pappas", "Aegean Herald")),
    # table-and-div layout without <article>/<main>; the date only in visible text
    "geneva-energy.html": (
        ["Turkey thanked Greece for its support after the Izmir earthquake, the Turkish foreign ministry "
         "said on Tuesday.",
         "Greece promised to back Turkey's bid to host the regional energy summit next year.",
         "Engineers from both countries will study a shared electricity cable under the Aegean, the "
         "ministry said.",
         "The study is expected to take eighteen months, according to the ministry."],
        ("Turkey thanks Greece for earthquake support", "2030-03-12", "Mehmet Arslan", None)),
    # a blog theme: <main>, entry-meta, share buttons, comments with their own <time>, widgets
    "airspace.html": (
        ["Turkey accused Greece of violating its airspace over the eastern Aegean on Monday.",
         "The Turkish defence ministry said Greek fighter jets had entered Turkish airspace eleven times "
         "over the weekend.",
         "Greece condemned the Turkish navy’s exercises near Rhodes. Athens summoned the Turkish "
         "ambassador to protest."],
        ("Turkey accuses Greece of airspace violations", "2030-03-18", "Sofia Lambrou", None)),
    # a lead paragraph, then the story cut into blocks by an ad; teasers beside it
    "ferry-blocks.html": (
        ["A Greek and a Turkish shipping company opened a daily ferry line between Kos and Bodrum on "
         "Saturday, cutting the crossing to forty minutes.",
         "The first boat left Kos harbour at eight in the morning with two hundred passengers, most of "
         "them tourists on a day trip.",
         "The mayor of Kos said the line would bring visitors outside the summer season, when hotels on "
         "the island are mostly empty.",
         "Tickets cost 25 euros, and children under six travel free."],
        ("New ferry line links Kos and Bodrum", "2030-03-09", "Katerina Vlachou", "Dodecanese Times")),
    # paragraphs split by <br><br>, hidden elements, ISO-8859-7 declared in a meta tag
    "talks-suspended.html": (
        ["Turkey suspended talks with Greece on the maritime trade agreement on Wednesday.",
         "Turkey also closed the two border crossings it had reopened this month.",
         "Greek officials said hundreds of lorries were stuck at the border near Kipoi, where drivers "
         "waited in the rain."],
        ("Turkey suspends talks with Greece", "2030-03-20", "Ανδρέας Κ.", "Καθημερινό Δελτίο")),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_pages_of_five_layouts_give_the_article_without_boilerplate(name):
    text, warning = decode_html((AEGEAN / name).read_bytes(), name)
    page = extract(text)
    lines, (title, published, author, site) = LAYOUTS[name]
    assert page.text.splitlines() == lines
    assert (page.title, page.published, page.author, page.site) == (title, published, author, site)
    assert warning is None


def test_a_date_in_the_address_is_used_when_the_page_has_none():
    page = "<html><body><p>The ministers met in Athens to talk about ferries and fishing.</p></body></html>"
    assert extract(page, "https://example.org/world/2030/03/18/ferries.html").published == "2030-03-18"
    assert extract(page, "https://example.org/world/ferries-12345").published is None


def test_local_html_file_is_read_with_its_declared_encoding():
    [article] = list(read_inputs([AEGEAN / "talks-suspended.html"]))
    assert isinstance(article, Article)
    assert article.source == "Καθημερινό Δελτίο" and article.published == "2030-03-20"


# -- feeds and source lists ------------------------------------------------------------------
def test_rss091_and_atom_xhtml_and_text_content():
    rss091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
      <item><title>One</title><link>https://example.org/1</link><description>Short.</description></item>
      </channel></rss>"""
    assert [(e.url, e.summary) for e in parse_feed(rss091)] == [("https://example.org/1", "Short.")]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
      <entry><id>a</id><title>X</title><updated>2030-03-01T00:00:00Z</updated>
        <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
          <p>First paragraph here.</p><p>Second one.</p></div></content></entry>
      <entry><id>b</id><title>Y</title><updated>2030-03-02T00:00:00Z</updated>
        <content type="text">Plain first.

Plain second.</content></entry></feed>"""
    first, second = parse_feed(atom)
    assert extract(first.content or "").text.splitlines() == ["First paragraph here.", "Second one."]
    assert extract(second.content or "").text.splitlines() == ["Plain first.", "Plain second."]


def test_sources_file_lines_and_nested_opml(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("# world news\nhttps://a.example/rss.xml\n\nhttps://b.example/atom  # in English\n"
                       "ftp://c.example/feed\nhttps://a.example/rss.xml\n", encoding="utf-8")
    urls, problems = read_sources(listing)
    assert urls == ["https://a.example/rss.xml", "https://b.example/atom"]
    assert problems == [f"{listing}:5: not an http(s) address: 'ftp://c.example/feed', skipped"]
    opml = tmp_path / "feeds.opml"
    opml.write_text("""<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
      <outline text="Europe"><outline text="Greece"><outline type="rss" text="A" xmlUrl="https://a.example/rss"/>
      </outline><outline type="rss" text="B" xmlUrl="https://b.example/rss"/></outline>
      <outline type="link" text="C" url="https://c.example/page.html"/></body></opml>""", encoding="utf-8")
    assert read_sources(opml) == (["https://a.example/rss", "https://b.example/rss", "https://c.example/page.html"],
                                  [])
    (tmp_path / "bad.opml").write_text("<opml><body><outline", encoding="utf-8")
    with pytest.raises(ValueError, match="broken OPML"):
        read_sources(tmp_path / "bad.opml")


# -- fetching ---------------------------------------------------------------------------------
def test_urls_given_to_ingest_are_fetched_and_keep_their_address(site):
    page, missing, pdf = (list(read_inputs([site.base + p])) for p in
                          ("/news/airspace.html", "/news/gone.html", "/report.pdf"))
    [article] = page
    assert isinstance(article, Article)
    assert article.url == site.base + "/news/airspace.html"
    assert (article.title, article.published) == ("Turkey accuses Greece of airspace violations", "2030-03-18")
    assert article.source == site.base.split("//")[1]  # no site name on the page: the host
    assert isinstance(missing[0], Problem) and "404" in missing[0].message
    assert isinstance(pdf[0], Problem) and "not an HTML page (application/pdf)" in pdf[0].message


def test_bad_sources_are_reported_and_the_round_goes_on(site, store, pipeline, tmp_path):
    bad = {"/slow.xml": "timed out", "/huge.html": "larger than", "/loop": "redirect loop",
           "/report.pdf": "not a feed or an HTML page (application/pdf)", "/error.xml": "HTTP 503",
           "/hangup.xml": "cannot fetch", "/nowhere.xml": "HTTP 404"}
    fetcher = _fetcher(tmp_path, timeout=0.5, max_bytes=200_000)
    sources = [site.base + p for p in bad] + [site.base + "/feed.xml", "http://127.0.0.1:9/closed.xml"]
    result = watch_round(sources, pipeline, store, fetcher)
    reports = {r.source.removeprefix(site.base): r for r in result.reports}
    for path, expected in bad.items():
        assert reports[path].status == "failed" and expected in reports[path].message, reports[path]
        assert "\n" not in reports[path].message
    assert reports["http://127.0.0.1:9/closed.xml"].status == "failed"
    assert site.hits["/error.xml"] == 2 and site.hits["/nowhere.xml"] == 1  # 5xx retried, 404 not
    assert reports["/feed.xml"].status == "new" and result.summary.stored == 8


def test_a_changed_feed_costs_only_its_new_entries_and_then_one_304(site, store, pipeline, tmp_path):
    full, kind = site.files["/feed.xml"]
    start, end = full.index(b"<item>"), full.index(b"</item>") + len(b"</item>")
    site.files["/feed.xml"] = (full[:start] + full[end:], kind)  # the newest entry not out yet
    first = watch_round([site.base + "/feed.xml"], pipeline, store, _fetcher(tmp_path))
    assert first.summary.stored == 7
    assert all(site.hits[f"/news/{n}.html"] == 1 for n in ("ankara-visit", "geneva-energy", "airspace"))

    site.files["/feed.xml"] = (full, kind)
    before = dict(site.hits)
    second = watch_round([site.base + "/feed.xml"], pipeline, store, _fetcher(tmp_path))
    assert second.summary.stored == 1 and second.summary.articles_read == 1
    assert {p: n - before.get(p, 0) for p, n in site.hits.items() if n != before.get(p, 0)} == {
        "/feed.xml": 1, "/robots.txt": 1}  # the new entry had its full text in the feed

    rows = store.con.execute("SELECT DISTINCT source FROM articles").fetchall()
    assert rows == [(site.base.removeprefix("http://"),)]  # feed text and pages: one outlet

    third = watch_round([site.base + "/feed.xml"], pipeline, store, _fetcher(tmp_path))
    assert third.summary.articles_read == 0 and [r.status for r in third.reports] == ["unchanged"]
    assert site.not_modified["/feed.xml"] == 1


# -- the alert --------------------------------------------------------------------------------
def test_watch_once_prints_the_escalation_and_delivers_it(site, tmp_path, capsys):
    from tests.conftest import run_cli

    received = tmp_path / "received.json"
    sources = tmp_path / "feeds.txt"
    sources.write_text(f"# the wire\n{site.base}/feed.xml\n", encoding="utf-8")
    catch = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.stdin.read())\" {received}"
    code, out, err = run_cli(
        capsys, "watch", "--once", "--delay", "0", "--sources", str(sources), "--db", str(tmp_path / "w.duckdb"),
        "--on-alert", catch, "--on-alert", "exit 3", "--webhook", site.base + "/hook",
        "--webhook", site.base + "/missing-hook")
    assert code == 0, err
    found = [json.loads(line) for line in out.splitlines()]
    escalations = [a for a in found if a["kind"] == "escalation"]
    assert [(a["dyad"], a["start"]) for a in escalations] == [("GRC-TUR", "2030-03-18")], found
    alert = escalations[0]
    assert alert["index_after"] < 0 < alert["index_before"]
    assert any(d["code"] == "190" and "fired on a Greek patrol boat" in d["evidence"] for d in alert["drivers"])
    # every alert went to the command on its stdin and to the webhook; failures were reported
    delivered = [json.loads(body) for path, body in site.posts if path == "/hook"]
    assert [a["start"] for a in delivered] == [a["start"] for a in found]
    assert json.loads(received.read_text(encoding="utf-8"))["dyad"] == found[-1]["dyad"]
    assert "exited with 3" in err and "missing-hook failed: HTTP 404" in err
    assert "8 new articles stored" in err


def test_a_webhook_answering_503_is_retried(site):
    from detente.relations import Alert

    alert = Alert(dyad="GRC-TUR", kind="escalation", start="2030-03-18", end="2030-03-24", index_before=3.1,
                  index_after=-2.0, change=-5.1, z=-2.9, events=9)
    assert post_webhook(site.base + "/flaky-hook", alert, timeout=2, backoff=0.01) is None
    assert [path for path, _ in site.posts] == ["/flaky-hook", "/flaky-hook"]
    assert json.loads(site.posts[-1][1])["dyad"] == "GRC-TUR"
    failure = post_webhook("http://127.0.0.1:9/hook", alert, timeout=1, retries=1, backoff=0.01)
    assert failure is not None and failure.startswith("webhook http://127.0.0.1:9/hook failed")


def test_a_failed_round_is_reported_and_the_watch_goes_on(site, store, pipeline, tmp_path, monkeypatch):
    import detente.watch as watch_module
    from detente.errors import StoreError

    calls = []
    real_round = watch_module.watch_round

    def flaky_round(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("store unreachable")
        return real_round(*args, **kwargs)

    rounds, problems = [], []

    def on_round(result):
        rounds.append(result)
        raise KeyboardInterrupt  # stop after the first round that completes

    monkeypatch.setattr(watch_module, "watch_round", flaky_round)
    with pytest.raises(KeyboardInterrupt):
        watch_module.watch([site.base + "/news/airspace.html"], pipeline, store, _fetcher(tmp_path), every=0.01,
                           on_round=on_round, on_problem=problems.append)
    assert len(calls) == 2 and "store unreachable" in problems[0].message
    assert rounds[0].summary.stored == 1


def test_the_byline_is_kept_on_the_stored_article(tmp_path):
    from detente.ingest.feeds import parse_feed
    from detente.ingest.readers import read_html
    from detente.records import AnalyzedArticle
    from detente.store import open_store

    page = ("<html><head><meta name='author' content='Eleni Markou'></head><body><article>"
            "<p>The foreign ministers of Greece and Turkey met in Ankara on Monday to discuss ferry links.</p>"
            "</article></body></html>")
    (article,) = read_html(page, "page.html", url="https://example.org/a.html")
    assert article.author == "Eleni Markou"
    with open_store(str(tmp_path / "a.duckdb")) as store:
        store.add([AnalyzedArticle(article)])
        assert store.article(article.id).author == "Eleni Markou"

    rss = (b"<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
           b"<item><title>A</title><link>https://example.org/a</link>"
           b"<author>desk@example.org (Ana Lima)</author></item>"
           b"<item><title>B</title><link>https://example.org/b</link><dc:creator>Omar Haddad</dc:creator></item>"
           b"</channel></rss>")
    assert [e.author for e in parse_feed(rss)] == ["Ana Lima", "Omar Haddad"]
    atom = (b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>C</title><link href='https://example.org/c'/>"
            b"<author><name>Ana Lima</name></author><author><name>Omar Haddad</name></author></entry></feed>")
    assert [e.author for e in parse_feed(atom)] == ["Ana Lima, Omar Haddad"]
