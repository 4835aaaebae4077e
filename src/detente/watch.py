"""Watch feeds and pages: poll politely, ingest only new articles, report new alerts.

One *round* (:func:`watch_round`) visits every source once::

    source ─► conditional GET (ETag / Last-Modified) ─► 304: nothing to do
                 │ 200
                 ▼
             feed? ─► entries not seen before ─► full text in the feed, else fetch the page
             page? ─► one article
                 ▼
             batch.ingest (content-hash ids: a story stored before is skipped) ─► new alerts

**Politeness.** Every request goes through a :class:`Fetcher`: a timeout, a pause between
requests to the same host, retries with bounded exponential backoff for network errors and
5xx answers (never for 4xx), robots.txt obeyed, and a cap on the bytes read.

**State.** Validators (ETag, Last-Modified) and the entries already seen are remembered in a
small JSON file (by default next to the store), so a restarted watch still sends conditional
requests and does not fetch pages it has.

**Failures** (a 404, a broken feed, a timeout) become a :class:`SourceReport` for that
source; the round goes on with the others and the watch keeps going.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from detente.batch import Summary, ingest
from detente.delivery import USER_AGENT, deliver
from detente.errors import DetenteError, InputError
from detente.ingest.feeds import Entry, entry_article, parse_feed, read_sources
from detente.ingest.html import decode_html
from detente.ingest.readers import Item, Problem, read_html
from detente.pipeline import Pipeline, PipelineSpec
from detente.records import Article
from detente.relations import Alert, alerts
from detente.store.base import Store

__all__ = ["FetchError", "Fetcher", "Response", "Round", "SourceReport", "parse_every", "read_url",
           "source_list", "watch", "watch_round"]

#: Pages or feeds larger than this are refused (a news page is well under 5 MB).
MAX_BYTES = 10 * 1024 * 1024
#: Remembered entries per source; older ones are forgotten (feeds show the latest few dozen).
MAX_SEEN = 2000


class FetchError(DetenteError, OSError):
    """A source could not be fetched: network error, HTTP error, robots.txt, too large.

    ``status`` is the HTTP status of a refused request (None for network errors): a 4xx
    answer will not change by asking again, a network error or a 5xx answer may.
    """

    code = "E500"

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None,
                 where: str | None = None) -> None:
        self.status = status
        super().__init__(message, hint=hint, where=where)


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int  # 200 or 304
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What a round did with one source."""

    source: str
    status: str  # "new", "unchanged", "failed"
    articles: int = 0
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "status": self.status, "articles": self.articles,
                "message": self.message}


@dataclass
class Round:
    """One pass over the sources: per-source reports, the ingest summary, new alerts, and
    the alert deliveries (``--on-alert`` commands, webhooks) that failed."""

    reports: list[SourceReport] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    alerts: list[Alert] = field(default_factory=list)
    delivery_failures: list[str] = field(default_factory=list)


class Fetcher:
    """HTTP GET with timeouts, per-host delay, bounded retries, robots.txt and conditional requests.

    Args:
        state: where validators and seen entries persist (None: in memory only).
        timeout: seconds per request (connecting, and each read); the whole body must
            arrive within three times this, so a server trickling bytes cannot hold a round.
        delay: minimum seconds between two requests to the same host (a longer
            ``Crawl-delay`` in robots.txt wins, up to a minute).
        retries: extra attempts after a network error or a 5xx answer.
        backoff: the first retry waits this long; each next one twice as long (at most 30 s).
        max_bytes: larger bodies are refused.
    """

    def __init__(self, state: Path | None = None, *, timeout: float = 20.0, delay: float = 1.0,
                 retries: int = 2, backoff: float = 1.0, max_bytes: int = MAX_BYTES,
                 user_agent: str = USER_AGENT) -> None:
        self.state_path = state
        self.timeout, self.delay, self.retries, self.backoff = timeout, delay, retries, backoff
        self.max_bytes, self.user_agent = max_bytes, user_agent
        self.requests = 0  # made, for reports and tests
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._host_delay: dict[str, float] = {}
        self.state: dict[str, Any] = {"validators": {}, "seen": {}}
        if state and state.exists():
            # a damaged state file costs one unconditional round, nothing more
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads(state.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.state.update({k: v for k, v in loaded.items() if isinstance(v, dict)})

    def save(self) -> None:
        if self.state_path:
            tmp = self.state_path.with_suffix(self.state_path.suffix + ".tmp")
            tmp.write_text(json.dumps(self.state), encoding="utf-8")
            tmp.replace(self.state_path)

    def get(self, url: str, *, conditional: bool = False) -> Response:
        """Fetch ``url``; with ``conditional``, send the remembered validators (304 → empty body)."""
        if not self._allowed(url):
            raise FetchError("disallowed by robots.txt", where=url)
        headers = {"User-Agent": self.user_agent}
        known = self.state["validators"].get(url, {}) if conditional else {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        response = self._with_retries(url, headers)
        if conditional and response.status == 200:
            self.state["validators"][url] = {"etag": response.etag, "last_modified": response.last_modified}
        return response

    def seen(self, source: str) -> set[str]:
        return set(self.state["seen"].get(source, []))

    def remember(self, source: str, keys: Iterable[str]) -> None:
        old = self.state["seen"].get(source, [])
        merged = list(dict.fromkeys([*old, *keys]))
        self.state["seen"][source] = merged[-MAX_SEEN:]

    def _with_retries(self, url: str, headers: dict[str, str]) -> Response:
        wait = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return self._open(url, headers)
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    return Response(url, 304)
                if 300 <= exc.code < 400:  # urllib follows redirects; one that comes back loops
                    raise FetchError(f"redirect loop or too many redirects (HTTP {exc.code})",
                                     status=exc.code, where=url) from exc
                if exc.code < 500 or attempt == self.retries:
                    reason = " ".join(str(exc.reason).split())
                    raise FetchError(f"HTTP {exc.code} {reason}", status=exc.code, where=url) from exc
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                if isinstance(exc, FetchError):
                    raise
                if attempt == self.retries:
                    reason = str(getattr(exc, "reason", None) or exc) or type(exc).__name__
                    raise FetchError(f"cannot fetch ({' '.join(reason.split())})", where=url) from exc
            time.sleep(min(wait, 30.0))
            wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _open(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc
        pause = self._host_delay.get(host, self.delay) - (time.monotonic() - self._last.get(host, -1e9))
        if pause > 0:
            time.sleep(pause)
        self._last[host] = time.monotonic()
        self.requests += 1
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout) as reply:
            length = reply.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                raise FetchError(f"larger than {self.max_bytes} bytes ({length}), skipped", where=url)
            deadline = time.monotonic() + 3 * self.timeout
            chunks, size = [], 0
            while size <= self.max_bytes:
                chunk = reply.read(min(65536, self.max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if time.monotonic() > deadline:
                    raise FetchError(f"too slow: body not received within {3 * self.timeout:g} s", where=url)
            if size > self.max_bytes:
                raise FetchError(f"larger than {self.max_bytes} bytes, skipped", where=url)
            return Response(reply.geturl(), reply.status, b"".join(chunks), reply.headers.get("Content-Type", ""),
                            reply.headers.get("ETag"), reply.headers.get("Last-Modified"))

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"not an http(s) address: '{url}'", where=url,
                             hint="give an http:// or https:// address")
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                reply = self._open(root + "/robots.txt", {"User-Agent": self.user_agent})
                parser.parse(reply.body.decode("utf-8", "replace").splitlines())
                self._robots[root] = parser
                crawl_delay = parser.crawl_delay(self.user_agent)
                if crawl_delay is not None:
                    self._host_delay[parts.netloc] = min(60.0, max(self.delay, float(crawl_delay)))
            except (OSError, http.client.HTTPException, ValueError):
                self._robots[root] = None  # no robots.txt (or unreachable): nothing is disallowed
        robots = self._robots[root]
        return robots is None or robots.can_fetch(self.user_agent, url)


def parse_every(text: str) -> float:
    """Seconds in an interval like ``90s``, ``15m``, ``2h`` or ``600``."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    raw = text.strip().lower()
    try:
        value = float(raw[:-1]) * units[raw[-1]] if raw and raw[-1] in units else float(raw)
    except ValueError as exc:
        raise InputError(f"bad interval '{text}'", hint="use e.g. 90s, 15m or 2h") from exc
    if value <= 0:
        raise InputError(f"bad interval '{text}'", hint="give a positive interval")
    return value


def _kind(response: Response) -> str:
    """``html``, ``feed`` or ``other``, from the Content-Type and, when vague, the body."""
    declared = response.content_type.split(";")[0].strip().lower()
    head = response.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in declared and "xhtml" not in declared:
        return "html"
    if head.startswith((b"<!doctype html", b"<html")) or (b"<html" in head and b"<rss" not in head
                                                          and b"<feed" not in head and b"<rdf" not in head):
        return "html"  # also XHTML served as application/xhtml+xml or text/xml
    if "xml" in declared or "rss" in declared or "atom" in declared or head.startswith(b"<"):
        return "feed"
    if declared in ("", "text/plain", "application/octet-stream"):
        return "feed"  # let the feed parser say what is wrong with it
    return "other"


def _decode(response: Response, origin: str) -> str:
    text, _warning = decode_html(response.body, origin, response.content_type)
    return text


def outlet(url: str) -> str | None:
    """The source name of an article fetched from ``url``: its host, without ``www.``.

    Fetched articles are named by host whatever the page calls itself, so an outlet's feed
    entries and its pages count as one source (GDELT names sources by domain too).
    """
    host = urlsplit(url).netloc.lower()
    return host.removeprefix("www.") or None


def _page_items(response: Response, origin: str, date: str | None, source: str | None) -> list[Item]:
    """The article of a fetched page (named ``source``, else by its host), or a problem
    saying why there is none."""
    kind = _kind(response)
    if kind != "html":
        what = response.content_type.split(";")[0].strip() or "unknown type"
        return [Problem(origin, f"not an HTML page ({what}), skipped", InputError.code)]
    try:
        text = _decode(response, origin)
    except InputError as exc:
        return [Problem(origin, exc.message, exc.code)]
    name = source or outlet(response.url)
    return [replace(item, source=name) if isinstance(item, Article) else item
            for item in read_html(text, origin, url=response.url, date=date, source=name)]


def _entry_key(entry: Entry) -> str:
    return entry.guid or entry.url or entry.title or ""


def _feed_items(
    source: str, response: Response, entries: list[Entry], fetcher: Fetcher, counted: list[int],
    *, date: str | None = None, name: str | None = None, remember: bool = True,
) -> Iterator[Item]:
    """Articles of the entries: the feed's full text, else the entry's page, else its summary.
    They are named ``name``, else by the host of their page."""
    for entry in entries:
        url = urljoin(response.url, entry.url) if entry.url else None
        entry = replace(entry, url=url, published=entry.published or date)
        origin = url or f"{source}#{_entry_key(entry)}"
        host = name or outlet(url or response.url)
        article = entry_article(entry, origin, host, full_only=True)
        done = True
        if article is not None:
            yield article
            counted[0] += 1
        elif url:
            try:
                items = _page_items(fetcher.get(url), url, entry.published, name)
            except FetchError as exc:
                # a page that is gone stays gone; a network error or a 5xx may pass
                done = exc.status is not None and exc.status < 500
                items = [Problem(url, exc.message, exc.code)]
            # the feed's byline when the page names none
            items = [replace(i, author=entry.author) if isinstance(i, Article) and not i.author else i
                     for i in items]
            for item in items:
                if isinstance(item, Article):
                    counted[0] += 1
                    if entry.title and not item.title:
                        item = replace(item, title=entry.title)
                yield item
        else:
            article = entry_article(entry, origin, host)
            if article is None:
                yield Problem(origin, "feed entry without text or link", InputError.code)
            else:
                yield article
                counted[0] += 1
        if remember and done:
            fetcher.remember(source, [_entry_key(entry)])


def _source_items(source: str, fetcher: Fetcher, report: Callable[[SourceReport], None]) -> Iterator[Item]:
    """Articles of one source not seen before; a failure becomes one report, never an exception."""
    try:
        response = fetcher.get(source, conditional=True)
    except FetchError as exc:
        report(SourceReport(source, "failed", message=exc.message))
        return
    if response.status == 304:
        report(SourceReport(source, "unchanged"))
        return
    kind = _kind(response)
    if kind == "html":
        items = _page_items(response, source, None, None)
        problems = [i for i in items if isinstance(i, Problem)]
        if problems and len(problems) == len(items):
            report(SourceReport(source, "failed", message=problems[0].message))
            return
        report(SourceReport(source, "new", len(items) - len(problems)))
        yield from items
        return
    if kind == "other":
        what = response.content_type.split(";")[0].strip()
        report(SourceReport(source, "failed", message=f"not a feed or an HTML page ({what})"))
        return
    try:
        entries = parse_feed(response.body, source)
    except InputError as exc:
        report(SourceReport(source, "failed", message=exc.message))
        return
    seen = fetcher.seen(source)
    fresh = [e for e in entries if _entry_key(e) not in seen]
    counted = [0]
    yield from _feed_items(source, response, fresh, fetcher, counted)
    report(SourceReport(source, "new" if fresh else "unchanged", counted[0]))


def read_url(url: str, fetcher: Fetcher | None = None, *, date: str | None = None,
             source: str | None = None) -> Iterator[Item]:
    """Articles at an address, for ``detente ingest URL``: a page is one article, a feed
    gives every entry (its full text, else its page). Failures are problems, not exceptions.

    Args:
        url: an http(s) address.
        fetcher: the HTTP client (a polite one without memory by default).
        date: the date of articles that name none.
        source: the source name of the articles (default: the host of each article's page).
    """
    fetcher = fetcher or Fetcher(None)
    try:
        response = fetcher.get(url)
    except FetchError as exc:
        yield Problem(url, exc.message, exc.code)
        return
    if _kind(response) != "feed":
        yield from _page_items(response, url, date, source)
        return
    try:
        entries = parse_feed(response.body, url)
    except InputError as exc:
        yield Problem(url, exc.message, exc.code)
        return
    yield from _feed_items(url, response, entries, fetcher, [0], date=date, name=source, remember=False)


def source_list(addresses: Iterable[str], files: Iterable[Path],
                on_problem: Callable[[Problem], None] = lambda p: None) -> Callable[[], list[str]]:
    """A function giving the addresses to poll: ``addresses`` and those of each sources file
    (:func:`detente.ingest.feeds.read_sources`), read again at every call so a running watch
    follows edits. Each skipped line is reported once. A file that cannot be read raises on the
    first call and, later, keeps the list it last gave.

    Raises:
        InputError: on the first call, a file cannot be read, or nothing is left to poll.
    """
    addresses, files = list(addresses), list(files)
    reported: set[str] = set()
    last: dict[Path, list[str]] = {}
    calls: list[int] = []

    def current() -> list[str]:
        found = list(addresses)
        for file in files:
            try:
                urls, problems = read_sources(file)
            except InputError as exc:
                if not calls:
                    raise
                urls, problems = last.get(file, []), [exc.message]
            last[file] = urls
            found += urls
            for message in problems:
                if message not in reported:
                    reported.add(message)
                    on_problem(Problem(str(file), message, InputError.code))
        if not found and not calls:
            raise InputError("no sources to watch", hint="give feed addresses or --sources FILE")
        calls.append(1)
        return list(dict.fromkeys(found))

    return current


# -- rounds -----------------------------------------------------------------------------------
def _alert_key(alert: Alert) -> tuple[str, str, str]:
    return (alert.dyad, alert.kind, alert.start)


def watch_round(
    sources: Iterable[str],
    pipeline: Pipeline | PipelineSpec,
    store: Store,
    fetcher: Fetcher,
    *,
    known_alerts: set[tuple[str, str, str]] | None = None,
    on_problem: Callable[[Problem], None] = lambda p: None,
    by: str = "week",
) -> Round:
    """Visit every source once, ingest new articles, and list alerts not in ``known_alerts``.

    Args:
        sources: feed or page addresses.
        pipeline: a built pipeline (reuse it across rounds) or its spec.
        store: where articles go.
        fetcher: the polite HTTP client, holding the remembered state.
        known_alerts: keys of alerts already reported; updated in place. None: all alerts
            present before this round count as known.
        on_problem: called with each article that could not be read.
        by: the alert period, as in :func:`detente.relations.alerts`.
    """
    result = Round()
    if known_alerts is None:
        known_alerts = {_alert_key(a) for a in alerts(store, by=by)}

    def items() -> Iterator[Item]:
        for source in dict.fromkeys(sources):
            yield from _source_items(source, fetcher, result.reports.append)

    result.summary = ingest(items(), pipeline, store, on_problem)
    fetcher.save()
    if result.summary.stored:
        for alert in alerts(store, by=by):
            if _alert_key(alert) not in known_alerts:
                known_alerts.add(_alert_key(alert))
                result.alerts.append(alert)
    return result


def watch(
    sources: list[str] | Callable[[], list[str]],
    pipeline: Pipeline | PipelineSpec,
    store: Store,
    fetcher: Fetcher,
    *,
    every: float = 900.0,
    once: bool = False,
    on_round: Callable[[Round], None] = lambda r: None,
    on_problem: Callable[[Problem], None] = lambda p: None,
    by: str = "week",
    commands: Iterable[str] = (),
    webhooks: Iterable[str] = (),
) -> None:
    """Run rounds every ``every`` seconds (one with ``once``) until interrupted.

    Alerts present when the watch starts are not reported again; each round's new ones are
    handed to ``on_round`` and sent to every ``--on-alert`` command and webhook (failures
    are listed in :attr:`Round.delivery_failures`). ``sources`` may be a function, called
    before each round, so a sources file can be edited while the watch runs. When a round
    fails as a whole (the store is unreachable, say), the watch reports it and tries again
    at the next round; with ``once`` the error is raised.
    """
    if isinstance(pipeline, PipelineSpec):
        pipeline = pipeline.build()  # load the model once, not once per round
    known = {_alert_key(a) for a in alerts(store, by=by)}
    commands, webhooks = list(commands), list(webhooks)
    while True:
        started = time.monotonic()
        try:
            current = sources() if callable(sources) else sources
            result = watch_round(current, pipeline, store, fetcher, known_alerts=known,
                                 on_problem=on_problem, by=by)
        except DetenteError as exc:
            if once:
                raise
            on_problem(Problem("watch round", exc.message, exc.code))
        else:
            result.delivery_failures = deliver(result.alerts, commands, webhooks, timeout=fetcher.timeout)
            on_round(result)
        if once:
            return
        time.sleep(max(0.0, every - (time.monotonic() - started)))
