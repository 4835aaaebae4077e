"""Batch runs: stream inputs through the pipeline into a store, accounting for every input.

The flow of :func:`ingest`::

    read ─► split (problems counted) ─► tasks of TASK articles ─► runner ─► store, in input order
                                          │ skip what the store has       (this process,
                                          │ (the ledger) and repeats       worker processes,
                                          ▼                                or Dask tasks)

**Resuming.** The store's ``articles`` table is the ledger of finished articles: an article's
row is written in the same transaction as all its mentions, quotes and events, so after a
crash (even ``kill -9``) an article is either stored whole or not at all. Ids are content
hashes, so running the same command again skips what is stored, analyses only what is
missing, and reports the skipped ones as *already stored*.

**Memory is constant**: the input is read lazily, at most ``window`` tasks are in flight,
and results are written as they come back. The only thing that grows with the input is
the set of ids seen in this run (8 bytes of hash each, to tell repeats within a run) and
the list of skipped inputs the summary names.

**Workers.** ``workers > 1`` analyses tasks in a pool of processes, each building the
pipeline once; the parent reads, writes and keeps input order, so the store ends up the
same as with one worker (:mod:`detente.workers`). ``dask="local"`` or
``dask="tcp://host:8786"`` runs the same tasks on a Dask cluster (:mod:`detente.distributed`).
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from detente.errors import InputError
from detente.ingest.readers import Item, Problem
from detente.pipeline import Pipeline, PipelineSpec
from detente.records import AnalyzedArticle, Article
from detente.store.base import Store
from detente.workers import LocalRunner, ProcessRunner, Runner, default_workers, in_order

__all__ = ["MAX_ARTICLE_CHARS", "TASK", "Summary", "analyse_stream", "default_workers", "in_order", "ingest",
           "split"]

#: Articles per task: one worker call, one store transaction, one check of the ledger.
TASK = 16
#: Fewer tasks than this are analysed here: starting workers (a model load each) would
#: cost about as much as it saves.
POOL_MIN_TASKS = 3
#: Longer articles are skipped with a message: spaCy's own limit (``nlp.max_length``), about
#: 170,000 words, some 35 s of parsing; a news article is rarely a tenth of that.
MAX_ARTICLE_CHARS = 1_000_000
#: Warnings kept in a summary (all are counted and reported as they happen).
KEEP_WARNINGS = 1000
#: Kept for callers of the first version: articles per store transaction.
CHUNK = TASK


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
    warnings: list[str] = field(default_factory=list)  # the first KEEP_WARNINGS of them
    warning_count: int = 0
    seconds: float = 0.0
    workers: int = 1

    @property
    def inputs(self) -> int:
        return self.articles_read + len(self.skipped)

    @property
    def done(self) -> int:
        """Articles dealt with so far: analysed, or skipped as stored or repeated."""
        return self.analysed + self.already_stored + self.duplicates_in_run

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
            "warnings": self.warning_count,
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
                on_problem(item)
            else:
                _warn(summary, on_problem, item)
        elif len(item.text) > MAX_ARTICLE_CHARS:
            problem = Problem(
                item.origin or item.id,
                f"article too long ({len(item.text):,} characters > {MAX_ARTICLE_CHARS:,}), skipped "
                "(split it into articles, e.g. one JSON line each)",
                InputError.code,
            )
            summary.skipped.append(problem)
            on_problem(problem)
        else:
            summary.articles_read += 1
            foreign = foreign_script(item.text)
            if foreign:
                _warn(summary, on_problem, Problem(item.origin or item.id, foreign, InputError.code, skipped=False))
            yield item


def _warn(summary: Summary, on_problem: Callable[[Problem], None], problem: Problem) -> None:
    summary.warning_count += 1
    if len(summary.warnings) < KEEP_WARNINGS:
        summary.warnings.append(str(problem))
    on_problem(problem)


def foreign_script(text: str, sample: int = 2000) -> str | None:
    """A warning if most letters of the text's start are not Latin (the model reads English)."""
    letters = [ch for ch in text[:sample] if ch.isalpha()]
    if len(letters) < 20:
        return None
    scripts = Counter(unicodedata.name(ch, "UNKNOWN").split()[0] for ch in letters)
    script, count = scripts.most_common(1)[0]
    if script == "LATIN" or count < 0.5 * len(letters):
        return None
    name = script if len(script) <= 3 else script.title()  # CJK, Cyrillic, Arabic
    return (f"text does not look English ({count / len(letters):.0%} of its letters are {name}); "
            "analysed, but the English model will find little in it")


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


# --------------------------------------------------------------------------- ingest


def ingest(
    items: Iterable[Item],
    pipeline: Pipeline | PipelineSpec,
    store: Store,
    on_problem: Callable[[Problem], None] = lambda p: None,
    on_progress: Callable[[Summary], None] = lambda s: None,
    *,
    workers: int = 1,
    dask: str | None = None,
    task_size: int = TASK,
) -> Summary:
    """Analyse and store a stream of inputs; articles the store has are skipped cheaply.

    Args:
        items: reader output (articles and problems), consumed lazily.
        pipeline: a built pipeline, or the spec of one (built only if needed here).
        store: where results go; its ``articles`` table is the ledger of finished articles.
        on_problem: called with each unreadable input as it is met.
        on_progress: called with the running summary after each task is stored.
        workers: processes analysing in parallel (1: this process). Output is the same.
        dask: ``"local"`` or a scheduler address: analyse on a Dask cluster instead.
        task_size: articles per task (and per store transaction).
    """
    started = time.perf_counter()
    summary = Summary()
    spec = pipeline.spec if isinstance(pipeline, Pipeline) else pipeline
    seen: set[int] = set()

    def tasks() -> Iterator[list[Article]]:
        articles = split(items, summary, on_problem)
        while True:
            chunk = list(islice(articles, task_size))
            if not chunk:
                return
            known = store.known_ids([a.id for a in chunk])
            todo: list[Article] = []
            for article in chunk:
                key = int(article.id, 16) if len(article.id) <= 32 else hash(article.id)
                if key in seen:  # first: this run may have stored it already
                    summary.duplicates_in_run += 1
                elif article.id in known:
                    summary.already_stored += 1
                else:
                    seen.add(key)
                    todo.append(article)
            yield todo

    stream = tasks()
    first = list(islice(stream, POOL_MIN_TASKS))
    runner = _runner(pipeline, spec, workers, dask, small=len(first) < POOL_MIN_TASKS)
    summary.workers = runner.workers
    try:
        for results in runner.map(_chain(first, stream)):
            for result in results:
                _count(summary, result)
                for warning in result.warnings:
                    code = warning[1:5] if warning.startswith("[E") else "W100"
                    text = warning[7:] if warning.startswith("[E") else warning
                    _warn(summary, on_problem,
                          Problem(result.article.origin or result.article.id, text, code, skipped=False))
            if results:
                summary.stored += store.add(results)  # one transaction: whole articles only
            summary.seconds = time.perf_counter() - started
            on_progress(summary)
    finally:
        runner.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _chain(first: list[list[Article]], rest: Iterator[list[Article]]) -> Iterator[list[Article]]:
    yield from first
    yield from rest


def _runner(
    pipeline: Pipeline | PipelineSpec, spec: PipelineSpec, workers: int, dask: str | None, small: bool
) -> Runner:
    if dask:
        from detente.distributed import DaskRunner

        return DaskRunner(dask, spec)
    if workers > 1 and not small:
        return ProcessRunner(spec, workers)
    return LocalRunner(pipeline)
