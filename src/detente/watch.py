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
import json
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from detente.batch import Summary, ingest
from detente.errors import DetenteError, InputError
from detente.ingest.feeds import entry_article, parse_feed
from detente.ingest.readers import Item, Problem, decode, read_html
from detente.pipeline import Pipeline, PipelineSpec
from detente.relations import Alert, alerts
from detente.store.base import Store

__all__ = ["Fetcher", "Response", "Round", "SourceReport", "parse_every", "watch", "watch_round"]

USER_AGENT = "detente-watch/0.1 (+https://github.com/detente)"
#: Pages or feeds larger than this are refused (a news page is well under 5 MB).
MAX_BYTES = 10 * 1024 * 1024
#: Remembered entries per source; older ones are forgotten (feeds show the latest few dozen).
MAX_SEEN = 2000


class FetchError(DetenteError, OSError):
    """A source could not be fetched: network error, HTTP error, robots.txt, too large."""

    code = "E500"


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
    """One pass over the sources: per-source reports, the ingest summary and new alerts."""

    reports: list[SourceReport] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    alerts: list[Alert] = field(default_factory=list)


class Fetcher:
    """HTTP GET with timeouts, per-host delay, bounded retries, robots.txt and conditional requests.

    Args:
        state: where validators and seen entries persist (None: in memory only).
        timeout: seconds per request.
        delay: minimum seconds between two requests to the same host.
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
        self.state: dict[str, Any] = {"validators": {}, "seen": {}}
        if state and state.exists():
            # a damaged state file costs one unconditional round, nothing more
            with contextlib.suppress(OSError, json.JSONDecodeError):
                self.state.update(json.loads(state.read_text(encoding="utf-8")))

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
                if exc.code < 500 or attempt == self.retries:
                    raise FetchError(f"HTTP {exc.code} {exc.reason}", where=url) from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.retries:
                    reason = getattr(exc, "reason", exc)
                    raise FetchError(f"cannot fetch ({reason})", where=url) from exc
            time.sleep(min(wait, 30.0))
            wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _open(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc
        pause = self.delay - (time.monotonic() - self._last.get(host, -1e9))
        if pause > 0:
            time.sleep(pause)
        self._last[host] = time.monotonic()
        self.requests += 1
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout) as reply:
            body = reply.read(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                raise FetchError(f"larger than {self.max_bytes} bytes, skipped", where=url)
            return Response(reply.geturl(), reply.status, body, reply.headers.get("Content-Type", ""),
                            reply.headers.get("ETag"), reply.headers.get("Last-Modified"))

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"unsupported address scheme '{parts.scheme}'", where=url,
                             hint="give an http:// or https:// address")
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                reply = self._open(root + "/robots.txt", {"User-Agent": self.user_agent})
                parser.parse(reply.body.decode("utf-8", "replace").splitlines())
                self._robots[root] = parser
            except OSError:  # URLError, HTTPError and FetchError are OSErrors
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


def _looks_like_html(response: Response) -> bool:
    if "html" in response.content_type.lower():
        return True
    head = response.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _source_items(source: str, fetcher: Fetcher, report: Callable[[SourceReport], None]) -> Iterator[Item]:
    """Articles of one source not seen before; a failure becomes one report, never an exception."""
    try:
        response = fetcher.get(source, conditional=True)
    except FetchError as exc:
        report(SourceReport(source, "failed", message=str(exc.message)))
        return
    if response.status == 304:
        report(SourceReport(source, "unchanged"))
        return
    host = urlsplit(response.url).netloc or None
    if _looks_like_html(response):
        try:
            text, _warning = decode(response.body, source)
        except InputError as exc:
            report(SourceReport(source, "failed", message=exc.message))
            return
        items = read_html(text, source, url=response.url, source=host)
        report(SourceReport(source, "new", sum(1 for i in items if not isinstance(i, Problem))))
        yield from items
        return
    try:
        entries = parse_feed(response.body, source)
    except InputError as exc:
        report(SourceReport(source, "failed", message=exc.message))
        return
    seen = fetcher.seen(source)
    fresh = [e for e in entries if (e.guid or e.url or e.title or "") not in seen]
    count = 0
    for entry in fresh:
        origin = entry.url or f"{source}#{entry.guid}"
        article = entry_article(entry, origin, host, full_only=True)
        if article is None and entry.url:
            try:
                page = fetcher.get(entry.url)
                text, _warning = decode(page.body, entry.url)
            except (FetchError, InputError) as exc:
                yield Problem(entry.url, exc.message, exc.code)
                continue
            for item in read_html(text, entry.url, url=page.url, date=entry.published, source=host):
                if not isinstance(item, Problem) and entry.title and not item.title:
                    item = replace(item, title=entry.title)
                yield item
                count += not isinstance(item, Problem)
        elif article is None:
            article = entry_article(entry, origin, host)
            if article is None:
                yield Problem(origin, "feed entry without text or link", InputError.code)
                continue
            yield article
            count += 1
        else:
            yield article
            count += 1
        fetcher.remember(source, [entry.guid or entry.url or entry.title or ""])
    report(SourceReport(source, "new" if fresh else "unchanged", count))


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
        for source in sources:
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
    sources: list[str],
    pipeline: Pipeline | PipelineSpec,
    store: Store,
    fetcher: Fetcher,
    *,
    every: float = 900.0,
    once: bool = False,
    on_round: Callable[[Round], None] = lambda r: None,
    on_problem: Callable[[Problem], None] = lambda p: None,
    by: str = "week",
) -> None:
    """Run rounds every ``every`` seconds (one with ``once``) until interrupted.

    Alerts present when the watch starts are not reported again; each round's new ones are.
    """
    if isinstance(pipeline, PipelineSpec):
        pipeline = pipeline.build()  # load the model once, not once per round
    known = {_alert_key(a) for a in alerts(store, by=by)}
    while True:
        started = time.monotonic()
        on_round(watch_round(sources, pipeline, store, fetcher, known_alerts=known,
                             on_problem=on_problem, by=by))
        if once:
            return
        time.sleep(max(0.0, every - (time.monotonic() - started)))
