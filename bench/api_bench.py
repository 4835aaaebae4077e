"""API benchmark: `GET /api/events` latency under concurrent requests, on loopback.

    .venv/bin/python bench/api_bench.py [--events 1000000] [--requests 1500] [--concurrency 16]

A store of generated events (``bench/store_ingest.py``'s generator: Zipf-distributed dyads,
GDELT-like CAMEO mix, three years of dates) is served by ``detente serve`` in its own process
on 127.0.0.1; an asyncio load generator (httpx) in this process keeps ``--concurrency``
requests in flight until ``--requests`` are done or ``--seconds`` pass, whichever comes first.

Reported per query mix: p50, p95, max latency and requests/s, and each p50 as a ratio to the
baseline measured in the same run: ``GET /api/health`` (the same server, framework and store
lock, one trivial query). Latencies include the store lock: the server answers one store
query at a time (a DuckDB connection is not shared across threads).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
from store_ingest import generate, ingest  # noqa: E402

MIXES: dict[str, list[str]] = {
    "health (baseline)": ["/api/health"],
    "events, no filter": ["/api/events?limit=100"],
    "events, dyad": ["/api/events?dyad={a}-{b}&limit=100"],
    "events, dyad+month": ["/api/events?dyad={a}-{b}&since={since}&until={until}&limit=100"],
    "events, actor+quad": ["/api/events?actor={a}&quad=4&limit=100"],
    "events, dyad+evidence": ["/api/events?dyad={a}-{b}&evidence=true&limit=10"],
    "events, deep page": ["/api/events?limit=100&offset=500000"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(path: Path, n_events: int) -> None:
    started = time.perf_counter()
    batch = generate(n_events)
    seconds = ingest(str(path), batch)
    print(f"store: {sum(len(r.events) for r in batch):,} events in {len(batch):,} articles, "
          f"written in {seconds:.1f}s ({time.perf_counter() - started:.1f}s with generation)")


def top_dyads(path: Path, n: int = 20) -> list[tuple[str, str]]:
    from detente.store import open_store

    with open_store(path, read_only=True) as store:
        return [(d["a"], d["b"]) for d in store.summary(n)["top_dyads"]]


async def load(base: str, urls: list[str], requests: int, concurrency: int, seconds: float
               ) -> tuple[list[float], int]:
    """Latencies (s) of up to ``requests`` GETs, ``concurrency`` at a time, bounded in time;
    and how many failed (an error status or no answer within 60 s)."""
    times: list[float] = []
    failed = 0
    deadline = time.monotonic() + seconds
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            for i in counter:
                if time.monotonic() > deadline:
                    return
                nonlocal failed
                started = time.perf_counter()
                try:
                    r = await client.get(urls[i % len(urls)])
                    r.raise_for_status()
                except httpx.HTTPError:
                    failed += 1
                    continue
                times.append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return times, failed


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=1500, help="per query mix")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60, help="time bound per query mix")
    parser.add_argument("--db", type=Path, help="reuse (or create) this store instead of a temporary one")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    path = args.db or Path(tmp.name) / "bench.duckdb"
    if not path.exists():
        build(path, args.events)
    dyads = top_dyads(path)
    rng = random.Random(7)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(Path(sys.executable).parent / "detente"), "serve", "--db", str(path),
                               "--port", str(port)], stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        print(f"server: {base}, {args.concurrency} concurrent requests, up to {args.requests} per mix")
        baseline = None
        print(f"{'query':<24} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7} {'p50/base':>9}")
        for name, templates in MIXES.items():
            urls = []
            for _ in range(200):
                a, b = rng.choice(dyads)
                month = rng.randint(1, 12)
                urls.append(rng.choice(templates).format(a=a, b=b, since=f"2022-{month:02d}-01",
                                                         until=f"2022-{month:02d}-28"))
            asyncio.run(load(base, urls[:20], 8, 4, 10))  # warm up
            started = time.perf_counter()
            times, failed = asyncio.run(load(base, urls, args.requests, args.concurrency, args.seconds))
            wall = time.perf_counter() - started
            if not times:
                print(f"{name:<24} {0:>6}  all {failed} requests failed")
                continue
            p50, p95 = statistics.median(times), pct(times, 0.95)
            baseline = baseline or p50
            print(f"{name:<24} {len(times):>6} {p50 * 1e3:>8.1f} {p95 * 1e3:>8.1f} {max(times) * 1e3:>8.1f} "
                  f"{len(times) / wall:>7.1f} {p50 / baseline:>8.1f}×" + (f"  ({failed} failed)" if failed else ""))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:  # a long query still running: stop it the hard way
            server.kill()
            server.wait()
        tmp.cleanup()


if __name__ == "__main__":
    main()
