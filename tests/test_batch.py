"""Batch runs: the ledger of stored articles, accounting, task order, progress and errors."""

from __future__ import annotations

import io
import json
import threading
import time
from concurrent.futures import Future

import pytest
from rich.console import Console

from detente.batch import MAX_ARTICLE_CHARS, Summary, ingest
from detente.errors import ModelError
from detente.ingest.readers import Problem, read_inputs
from detente.pipeline import PipelineSpec
from detente.progress import ProgressView, estimate_total
from detente.records import AnalyzedArticle, Article
from detente.store import open_store
from detente.workers import in_order

TEXTS = [
    "Russia expelled two British diplomats on Monday.",
    "France urged restraint.",
    "Germany called for talks with Russia.",
]


def jsonl(path, texts):
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    return path


def test_reingest_skips_every_stored_article_and_stores_nothing_twice(tmp_path, pipeline):
    source = jsonl(tmp_path / "news.jsonl", TEXTS)
    with open_store(tmp_path / "db.duckdb") as store:
        first = ingest(read_inputs([source]), pipeline, store)
        again = ingest(read_inputs([source]), pipeline, store)
        count = store._query("SELECT COUNT(*) AS n FROM articles")[0]["n"]

    assert (first.analysed, first.stored, first.already_stored) == (3, 3, 0)
    assert (again.analysed, again.stored, again.already_stored) == (0, 0, 3)
    assert count == 3


def test_resume_analyses_only_what_is_missing(tmp_path, pipeline):
    with open_store(tmp_path / "db.duckdb") as store:
        ingest(read_inputs([jsonl(tmp_path / "part.jsonl", TEXTS[:2])]), pipeline, store)
        summary = ingest(read_inputs([jsonl(tmp_path / "all.jsonl", TEXTS)]), pipeline, store)

    assert (summary.analysed, summary.already_stored) == (1, 2)
    assert summary.lines()[1].startswith("articles: 1 analysed, 1 stored, 2 already stored")


def test_repeats_within_a_run_are_counted_once_even_across_tasks(tmp_path, pipeline):
    source = jsonl(tmp_path / "news.jsonl", [TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[0]])
    with open_store(":memory:") as store:
        summary = ingest(read_inputs([source]), pipeline, store, task_size=1)

    assert (summary.articles_read, summary.analysed, summary.duplicates_in_run) == (4, 2, 2)
    assert summary.inputs == 4


def test_too_long_article_is_skipped_with_a_message(tmp_path, pipeline):
    (tmp_path / "huge.txt").write_text("Talks. " * (MAX_ARTICLE_CHARS // 7 + 1), encoding="utf-8")
    jsonl(tmp_path / "ok.jsonl", TEXTS[:1])
    problems: list[Problem] = []
    with open_store(":memory:") as store:
        summary = ingest(read_inputs([tmp_path]), pipeline, store, on_problem=problems.append)

    (problem,) = problems
    assert problem.skipped and "too long" in problem.message and problem.origin.endswith("huge.txt")
    assert (summary.inputs, summary.articles_read, len(summary.skipped), summary.analysed) == (2, 1, 1, 1)


def test_every_task_is_reported_to_progress(tmp_path, pipeline):
    seen: list[int] = []
    with open_store(":memory:") as store:
        ingest(read_inputs([jsonl(tmp_path / "n.jsonl", TEXTS)]), pipeline, store,
               on_progress=lambda s: seen.append(s.done), task_size=1)
    assert seen == [1, 2, 3]


def test_in_order_yields_in_task_order_and_bounds_what_is_in_flight():
    in_flight = []
    live: set[int] = set()

    def submit(task):
        n = task[0]
        live.add(n)
        in_flight.append(len(live))
        future: Future = Future()
        # later tasks finish first: order must still be the input order
        threading.Timer(0.05 / n, lambda: (live.discard(n), future.set_result([n]))).start()
        return future

    got = list(in_order(submit, ([n] for n in range(1, 9)), window=3))

    assert got == [[n] for n in range(1, 9)]
    assert max(in_flight) <= 4  # the window plus the one just submitted


def test_a_worker_that_cannot_load_the_model_raises_model_error(tmp_path):
    source = jsonl(tmp_path / "n.jsonl", [f"{t} ({i})" for i in range(12) for t in TEXTS])  # 9 tasks: a pool
    with open_store(":memory:") as store, pytest.raises(ModelError, match="no_such_pipeline"):
        ingest(read_inputs([source]), PipelineSpec("no_such_pipeline"), store, workers=2, task_size=4)


def test_one_small_task_runs_in_this_process(tmp_path, pipeline):
    with open_store(":memory:") as store:
        summary = ingest(read_inputs([jsonl(tmp_path / "n.jsonl", TEXTS)]), pipeline, store, workers=2)
    assert summary.workers == 1 and summary.stored == 3


def test_summary_accounts_for_inputs():
    summary = Summary(articles_read=5, skipped=[Problem("a", "empty file"), Problem("b", "empty file")])
    assert summary.inputs == 7
    assert summary.as_dict()["skipped_reasons"] == {"empty file": 2}


def test_estimate_total_counts_articles_cheaply(tmp_path):
    jsonl(tmp_path / "a.jsonl", TEXTS)
    (tmp_path / "b.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "c.csv").write_text("text\nOne.\nTwo.\n", encoding="utf-8")
    (tmp_path / "d.xyz").write_text("not read", encoding="utf-8")

    assert estimate_total([tmp_path]) == 3 + 1 + 2
    (tmp_path / "e.json").write_text('[{"text": "x"}]', encoding="utf-8")
    assert estimate_total([tmp_path]) is None  # would need parsing: unknown
    assert estimate_total(["-"]) is None


def _summary(done: int) -> Summary:
    return Summary(articles_read=done, analysed=done, stored=done, events=2 * done, seconds=2.0)


def test_progress_off_a_terminal_is_plain_throttled_lines():
    out = io.StringIO()
    console = Console(file=out, force_terminal=False)
    with ProgressView(console, total=10, interval=60) as view:
        view.update(_summary(4))
        view.update(_summary(8))  # within the interval: not printed

    (line,) = out.getvalue().splitlines()
    assert line.startswith("… 4/10 articles (4 analysed, 4 stored, 0 already stored), 8 events, 2.0 articles/s")


def test_progress_on_a_terminal_is_a_bar_with_rate_events_and_total():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=150)
    with ProgressView(console, total=10) as view:
        view.update(_summary(4))
        time.sleep(0.05)
    text = out.getvalue()
    assert "4/10" in text and "8 events" in text and "2.0/s" in text


def test_quiet_progress_prints_nothing():
    out = io.StringIO()
    with ProgressView(Console(file=out), total=None, enabled=False) as view:
        view.update(_summary(3))
    assert out.getvalue() == ""


def test_analysed_results_keep_article_identity(pipeline):
    article = Article(text=TEXTS[0], external_id="x")
    (result,) = pipeline.analyze_many([article])
    assert isinstance(result, AnalyzedArticle) and result.article == article
