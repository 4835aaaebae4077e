"""Batch runs: stream inputs through the pipeline into a store, accounting for every input.

Articles already in the store (same content hash) are not analysed again, so re-running a
command after an interruption only does what is missing, and re-ingesting changes nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from detente.ingest.readers import Item, Problem
from detente.pipeline import Pipeline
from detente.records import AnalyzedArticle, Article
from detente.store.base import Store

#: Articles per store transaction (and per check of what the store already has).
CHUNK = 64


@dataclass
class Summary:
    """What a run did with each input."""

    articles_read: int = 0
    analysed: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates_in_run: int = 0
    failed: int = 0
    events: int = 0
    quotes: int = 0
    mentions: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def inputs(self) -> int:
        return self.articles_read + len(self.skipped)

    def as_dict(self) -> dict[str, object]:
        reasons = Counter(p.message.split(" (")[0] for p in self.skipped)
        return {
            "inputs": self.inputs,
            "articles_read": self.articles_read,
            "analysed": self.analysed,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "duplicates_in_run": self.duplicates_in_run,
            "failed": self.failed,
            "skipped": len(self.skipped),
            "skipped_reasons": dict(reasons),
            "warnings": len(self.warnings),
            "events": self.events,
            "quotes": self.quotes,
            "mentions": self.mentions,
            "seconds": round(self.seconds, 2),
        }

    def lines(self) -> list[str]:
        d = self.as_dict()
        out = [
            f"inputs: {d['inputs']} = {d['articles_read']} articles read + {d['skipped']} skipped",
            f"articles: {self.analysed} analysed, {self.stored} stored, {self.already_stored} "
            f"already stored, {self.duplicates_in_run} repeated in this run, {self.failed} failed",
            f"found: {self.mentions} actor mentions, {self.quotes} quotes, {self.events} events "
            f"in {self.seconds:.1f}s",
        ]
        out += [f"skipped {p}" for p in self.skipped]
        return out


def split(items: Iterable[Item], summary: Summary, on_problem: Callable[[Problem], None]) -> Iterator[Article]:
    """Articles from reader output; problems are recorded in the summary as they pass."""
    for item in items:
        if isinstance(item, Problem):
            if item.skipped:
                summary.skipped.append(item)
            else:
                summary.warnings.append(str(item))
            on_problem(item)
        else:
            summary.articles_read += 1
            yield item


def analyse_stream(
    items: Iterable[Item],
    pipeline: Pipeline,
    summary: Summary,
    on_problem: Callable[[Problem], None] = lambda p: None,
) -> Iterator[AnalyzedArticle]:
    """Analyse every readable article, counting into ``summary``."""
    for result in pipeline.analyze_many(split(items, summary, on_problem)):
        _count(summary, result)
        yield result


def _count(summary: Summary, result: AnalyzedArticle) -> None:
    summary.analysed += 1
    summary.events += len(result.events)
    summary.quotes += len(result.quotes)
    summary.mentions += len(result.mentions)
    if any(w.startswith("[E500]") for w in result.warnings):
        summary.failed += 1


def ingest(
    items: Iterable[Item],
    pipeline: Pipeline,
    store: Store,
    on_problem: Callable[[Problem], None] = lambda p: None,
    on_progress: Callable[[Summary], None] = lambda s: None,
) -> Summary:
    """Analyse and store a stream of inputs; articles the store has are skipped cheaply."""
    started = time.perf_counter()
    summary = Summary()
    articles = split(items, summary, on_problem)
    seen: set[str] = set()
    while True:
        chunk = list(islice(articles, CHUNK))
        if not chunk:
            break
        known = store.known_ids([a.id for a in chunk])
        todo: list[Article] = []
        for article in chunk:
            if article.id in known:
                summary.already_stored += 1
            elif article.id in seen:
                summary.duplicates_in_run += 1
            else:
                seen.add(article.id)
                todo.append(article)
        results = []
        for result in pipeline.analyze_many(todo):
            _count(summary, result)
            results.append(result)
        summary.stored += store.add(results)
        summary.seconds = time.perf_counter() - started
        on_progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary
