"""Store benchmark: bulk ingest of generated events and `relations` latency, per engine.

    .venv/bin/python bench/store_ingest.py [--events 1000000] [--engines duckdb,postgres] [--chunk 5000]
                                           [--imports parquet,jsonl]

Events are generated like real event data: ~5 events per article (GDELT: 2,111 events from
425 URLs), heavy-tailed dyads (actors drawn from a Zipf law over ~190 countries, so a few
dyads carry most events), CAMEO codes drawn with GDELT-like frequencies (verbal cooperation
dominates), modalities mostly asserted, dates over three years. Records are built before the
clock starts; the clock covers `Store.add` and closing the store (rows, transactions, bulk
paths, DuckDB's final checkpoint), with story
clustering off (`cluster=False`, its cost per article is measured separately by
`store_stories.py` and by the clustered run below). Speed is reported as events/s and as a
ratio to a baseline measured in the same run: the same rows written with plain
`executemany` (the version-1 write path).

The bulk import path (`Store.import_events`, `detente import`) is measured next to it: the
store written by `Store.add` is exported as a user would (`detente export --format …`, not
timed), and the clock covers importing that export into an empty store, closing included.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detente.events.ontology import cameo_codes  # noqa: E402
from detente.export import export  # noqa: E402
from detente.records import ActorRef, AnalyzedArticle, Article, Event  # noqa: E402
from detente.relations import relations  # noqa: E402
from detente.store import open_store  # noqa: E402
from detente.store.schema import COLUMNS  # noqa: E402

CUM = list(itertools.accumulate(1 / (r + 1) for r in range(20_000)))
SECTORS = ["", "GOV", "GOV", "MIL", "GOV", "BUS", "CVL", "OPP", "JUD", "LEG"]
MODALITIES = ["asserted"] * 14 + ["claimed"] * 3 + ["negated", "denied", "hypothetical", "intended"]


def countries() -> list[str]:
    from detente.export import cameo_codes as gdelt_codes

    return sorted(c for c, fips in gdelt_codes().fips.items() if fips)


def generate(n_events: int, seed: int = 1) -> list[AnalyzedArticle]:
    rng = random.Random(seed)
    states = countries()
    rng.shuffle(states)
    zipf = [1 / (r + 1) ** 1.1 for r in range(len(states))]
    codes = [c for c in cameo_codes().values() if len(c.code) >= 3]
    # GDELT-like mix: roots 01-05 ~ 60 %, 06-09 ~ 10 %, 10-14 ~ 20 %, 15-20 ~ 10 %.
    quad_share = {1: 0.6, 2: 0.1, 3: 0.2, 4: 0.1}
    weights = [quad_share[c.quad_class] / sum(1 for d in codes if d.quad_class == c.quad_class) for c in codes]
    actors: dict[tuple[str, str], ActorRef] = {}

    def actor(country: str) -> ActorRef:
        sector = rng.choice(SECTORS)
        key = (country, sector)
        if key not in actors:
            actors[key] = ActorRef(country + sector, f"{country} {sector}".strip(), country, sector or None)
        return actors[key]

    out: list[AnalyzedArticle] = []
    made, i = 0, 0
    start = date(2021, 1, 1)
    words = [f"w{n}" for n in range(20_000)]
    while made < n_events:
        day = start + timedelta(days=rng.randrange(3 * 365))
        if out and rng.random() < 0.15:  # a syndicated copy of a recent article, same events
            original = out[-rng.randrange(1, min(len(out), 50) + 1)]
            a = Article(text=f"(Wire {i}) {original.article.text}", published=original.article.published,
                        source=f"outlet{rng.randrange(300)}", url=f"https://news.example/{i}")
            events = [dataclasses.replace(e, article_id=a.id, id="") for e in original.events]
            made += len(events)
            out.append(AnalyzedArticle(article=a, events=tuple(events)))
            i += 1
            continue
        # Unique text of a news-like length (~120 words; word frequencies Zipf-like).
        text = " ".join(rng.choices(words, cum_weights=CUM, k=120))
        a = Article(text=text, published=day.isoformat(), source=f"outlet{rng.randrange(300)}",
                    url=f"https://news.example/{i}")
        events = []
        for n in range(min(n_events - made, max(1, int(rng.expovariate(1 / 5))))):
            src, tgt = rng.choices(states, zipf, k=2)
            code = rng.choices(codes, weights)[0]
            events.append(Event(
                article_id=a.id, sentence=n, start=0, end=len(text), code=code.code, root_code=code.root_code,
                base_code=code.base_code, name=code.name, goldstein=code.goldstein, quad_class=code.quad_class,
                trigger="met", trigger_start=n, trigger_end=n + 3, source=actor(src),
                target=actor(tgt) if src != tgt else None, modality=rng.choice(MODALITIES),
                confidence=rng.choice([0.6, 0.75, 0.8, 0.9, 0.95]), rule="bench",
            ))
        made += len(events)
        out.append(AnalyzedArticle(article=a, events=tuple(events)))
        i += 1
    return out


def ingest(url: str, batch: list[AnalyzedArticle], chunk: int = 5000, cluster: bool = False) -> tuple[float, float]:
    """Seconds of wall-clock and of CPU (this process and its engine threads; a PostgreSQL
    server's own time is not in it) for writing ``batch``, closing the store included."""
    store = open_store(url)
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(batch), chunk):
        store.add(batch[i: i + chunk], cluster=cluster)
    store.close()  # DuckDB checkpoints here: part of the cost
    return time.perf_counter() - started, time.process_time() - cpu


def executemany_baseline(url: str, batch: list[AnalyzedArticle]) -> float:
    """The same events written with plain executemany (rows built the same way)."""
    from detente.store import rows

    with open_store(url) as store:
        columns = COLUMNS["events"]
        sql = f"INSERT INTO events ({','.join(columns)}) VALUES ({','.join('?' for _ in columns)})"
        started = time.perf_counter()
        values = [rows.event_row(e, r.article.published, r.article.id) for r in batch for e in r.events]
        store._begin()
        store._execute_many(sql, values)
        store._commit()
        return time.perf_counter() - started


def import_rate(source: str, url: str, fmt: str, folder: Path) -> tuple[int, float, float, float]:
    """Events imported, wall-clock and CPU seconds of importing ``source`` exported as ``fmt``
    into the empty store ``url`` (closing it included), and seconds the export took."""
    out = folder / f"export.{fmt}"
    started = time.perf_counter()
    with open_store(source, read_only=True) as store:
        export(store, fmt, out)
    exported = time.perf_counter() - started
    store = open_store(url)
    started, cpu = time.perf_counter(), time.process_time()
    done = store.import_events(out, fmt)
    store.close()
    return done.events, time.perf_counter() - started, time.process_time() - cpu, exported


def latency(url: str, dyads: list[tuple[str, str]], repeat: int = 3) -> tuple[float, float, float]:
    """Median and maximum wall-clock seconds of ``relations … --by month``, and median CPU."""
    with open_store(url, read_only=True) as store:
        relations(store, *dyads[0], by="month")  # warm up
        times, cpu = [], []
        for a, b in dyads:
            for _ in range(repeat):
                started, used = time.perf_counter(), time.process_time()
                relations(store, a, b, by="month")
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
    return statistics.median(times), max(times), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--engines", default="duckdb,postgres")
    parser.add_argument("--chunk", type=int, default=5000, help="articles per Store.add (one transaction)")
    parser.add_argument("--imports", default="parquet", help="export formats to import (comma-separated; "
                        "'' for none)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    t = time.perf_counter()
    batch = generate(args.events)
    n_events = sum(len(r.events) for r in batch)
    print(f"generated {n_events:,} events in {len(batch):,} articles ({time.perf_counter() - t:.0f}s, not timed)")
    tmp = Path(tempfile.mkdtemp(prefix="detente-bench-"))
    urls = {}
    server = None
    if "duckdb" in args.engines:
        urls["duckdb"] = str(tmp / "bench.duckdb")
    if "postgres" in args.engines:
        from tests.store import pgserver

        server = pgserver.start()
        urls["postgres"] = server.fresh_schema_url()
    try:
        sample = batch[: max(1, len(batch) // 20)]
        n_sample = sum(len(r.events) for r in sample)
        for engine, url in urls.items():
            base_url = str(tmp / "base.duckdb") if engine == "duckdb" else server.fresh_schema_url()  # type: ignore[union-attr]
            small = sample[: max(1, len(sample) // 10)]  # executemany is slow: a tenth is enough
            base = sum(len(r.events) for r in small) / executemany_baseline(base_url, small)
            seconds, cpu = ingest(url, batch, args.chunk)
            rate = n_events / seconds
            print(f"{engine}: ingest {n_events:,} events in {seconds:.1f}s = {rate:,.0f} events/s "
                  f"({rate / base:.1f}x plain executemany's {base:,.0f} events/s); "
                  f"{n_events / cpu:,.0f} events per CPU second of this process")
            clustered_url = str(tmp / "clustered.duckdb") if engine == "duckdb" else server.fresh_schema_url()  # type: ignore[union-attr]
            seconds, _cpu = ingest(clustered_url, sample, cluster=True)
            with open_store(clustered_url, read_only=True) as store:
                found = store.stories_summary()
            copies = sum(r.article.text.startswith("(Wire ") for r in sample)
            print(f"{engine}: with story clustering: {n_sample / seconds:,.0f} events/s, "
                  f"{len(sample) / seconds:,.0f} articles/s ({len(sample):,} articles; "
                  f"{found['copies']:,} found to be copies of {copies:,} generated)")
            with open_store(url, read_only=True) as store:
                top = store.summary(top=40)["top_dyads"]
            dyads = [(d["a"], d["b"]) for d in top[:10]] + [(d["a"], d["b"]) for d in top[-10:]]
            heaviest = top[0]["events"]
            median, worst, cpu = latency(url, dyads)
            print(f"{engine}: relations by month over {n_events:,} events, 20 dyads (heaviest "
                  f"{heaviest:,} events): median {median * 1000:.0f} ms, max {worst * 1000:.0f} ms "
                  f"(median CPU of this process {cpu * 1000:.0f} ms)")
            for fmt in filter(None, args.imports.split(",")):
                imported_url = str(tmp / f"imported-{fmt}.duckdb") if engine == "duckdb" else server.fresh_schema_url()  # type: ignore[union-attr]
                n, seconds, cpu, exported = import_rate(url, imported_url, fmt, tmp)
                print(f"{engine}: import of its {fmt} export ({n:,} events; exporting took {exported:.0f}s, "
                      f"not timed): {seconds:.1f}s = {n / seconds:,.0f} events/s "
                      f"({n / seconds / rate:.1f}x Store.add); {n / cpu:,.0f} events per CPU second")
                median, worst, cpu = latency(imported_url, dyads)
                print(f"{engine}: relations on the imported store: median {median * 1000:.0f} ms, "
                      f"max {worst * 1000:.0f} ms (median CPU {cpu * 1000:.0f} ms)")
    finally:
        if server:
            pgserver.stop(server)


if __name__ == "__main__":
    main()
