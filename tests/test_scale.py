"""Batch runs at scale: several workers, Dask, and resuming after ``kill -9``.

Every run is compared with one reference: the same articles analysed in this process by
``Pipeline.analyze_many`` and stored with ``Store.add``. A run with workers, on Dask, or
killed and resumed must leave exactly the same records in the store.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.batch import ingest
from detente.ingest.readers import read_inputs
from detente.records import Article
from detente.store import open_store
from tests.conftest import EXAMPLES

DETENTE = str(Path(sys.executable).with_name("detente"))
#: The 36 shortest Wikinews sample articles: more than two tasks, quick to analyse.
N_ARTICLES = 36


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    records = [json.loads(line) for line in (EXAMPLES / "wikinews_sample.jsonl").open(encoding="utf-8")]
    records.sort(key=lambda r: len(r["text"]))
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record in records[:N_ARTICLES]:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def articles(corpus) -> list[Article]:
    found = [a for a in read_inputs([corpus]) if isinstance(a, Article)]
    assert len(found) == N_ARTICLES
    return found


@pytest.fixture(scope="module")
def reference(pipeline, articles) -> dict[str, list]:
    """The store content of a plain one-process analysis of the corpus."""
    results = list(pipeline.analyze_many(articles))
    with open_store(":memory:") as store:
        store.add(results)
        return dump(store)


def dump(store) -> dict[str, list]:
    """Everything a user can read back, in a stable order."""
    ids = sorted(r["id"] for r in store._query("SELECT id FROM articles"))
    articles = [store.article(i).as_dict() for i in ids]
    mentions = [m.as_dict() for i in ids for m in store.mentions(i)]
    return {
        "articles": articles,
        "mentions": mentions,
        "events": sorted((e.as_dict() for e in store.events()), key=lambda e: e["id"]),
        "quotes": sorted((q.as_dict() for q in store.quotes()), key=lambda q: (q["article_id"], q["start"])),
    }


def test_two_workers_store_the_same_as_one(tmp_path, pipeline, corpus, reference):
    with open_store(tmp_path / "w2.duckdb") as store:
        summary = ingest(read_inputs([corpus]), pipeline.spec, store, workers=2, task_size=8)
        assert summary.workers == 2
        assert (summary.analysed, summary.stored, summary.failed) == (N_ARTICLES, N_ARTICLES, 0)
        got = dump(store)
    assert got == reference


def test_dask_local_cluster_stores_the_same_as_one_process(tmp_path, pipeline, corpus, reference):
    pytest.importorskip("dask.distributed")
    with open_store(tmp_path / "dask.duckdb") as store:
        summary = ingest(read_inputs([corpus]), pipeline.spec, store, dask="local", task_size=8)
        assert summary.workers == 2  # a LocalCluster of two worker processes
        assert (summary.analysed, summary.stored) == (N_ARTICLES, N_ARTICLES)
        got = dump(store)
    assert got == reference


def _stored(line: str) -> int | None:
    found = re.search(r"(\d+) stored", line)
    return int(found.group(1)) if found else None


def test_kill_9_mid_run_then_rerun_stores_every_article_exactly_once(tmp_path, corpus, reference):
    db = tmp_path / "killed.duckdb"
    command = [DETENTE, "ingest", str(corpus), "--db", str(db), "--workers", "1"]
    env = {**os.environ, "COLUMNS": "200"}
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        progress: list[str] = []
        assert run.stderr is not None
        for line in run.stderr:  # plain progress lines: not a terminal
            progress.append(line)
            if (_stored(line) or 0) > 0 or time.monotonic() > deadline:
                break
        os.kill(run.pid, signal.SIGKILL)  # as `kill -9`: no cleanup, no last commit
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == -signal.SIGKILL, "".join(progress)
    with open_store(db) as store:
        survived = {r["id"] for r in store._query("SELECT id FROM articles")}
    assert 0 < len(survived) < N_ARTICLES, "the kill should land mid-run"

    again = subprocess.run([*command, "--quiet"], capture_output=True, text=True, env=env, timeout=600)

    assert again.returncode == 0, again.stderr
    counts = re.search(r"articles: (\d+) analysed, (\d+) stored, (\d+) already stored", again.stdout)
    assert counts, again.stdout
    analysed, stored, already = map(int, counts.groups())
    assert already == len(survived)
    assert analysed == stored == N_ARTICLES - len(survived)
    with open_store(db) as store:
        rows = store._query("SELECT id, COUNT(*) AS n FROM articles GROUP BY id")
        assert len(rows) == N_ARTICLES and all(r["n"] == 1 for r in rows)
        got = dump(store)
    # the articles that survived the kill were stored whole: same records as a clean run
    assert got == reference
