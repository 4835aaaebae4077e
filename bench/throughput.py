"""Throughput and memory of detente, as ratios to baselines measured in the same run.

    .venv/bin/python bench/throughput.py                # ratios on the Wikinews corpus
    .venv/bin/python bench/throughput.py --limit 100    # quicker
    .venv/bin/python bench/throughput.py --rss 10000    # + peak memory over 10,000 articles (long)

1. **detente vs spaCy**: detente's full analysis (normalise, parse, actors, quotes, events,
   records) against bare ``nlp.pipe`` of the same model over the same article texts, one
   process. A ratio ≥ 1 means detente is as fast as spaCy's own pipeline.
2. **2 workers vs 1**: ``detente ingest --workers 2`` against ``--workers 1``, each a fresh
   process (start-up and model loads included, as a user sees it), wall and CPU time.
3. **parsing less**: the share of sentences and tokens that have no reason to be parsed
   (an upper bound on what a parser prefilter could skip; see ``docs/scale.md``).
4. **peak memory** (``--rss N``): ``detente ingest`` of the corpus repeated to N articles in
   a child process, its resident memory (with its workers) sampled every half second.

Wall-clock figures depend on the machine and on what else runs on it; the ratios are what
to compare between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT.parent / "shared" / "corpus" / "wikinews_2019_2020.jsonl",
           Path("/work/shared/corpus/wikinews_2019_2020.jsonl"),
           ROOT / "examples" / "wikinews_sample.jsonl"]


def load(path: Path, limit: int | None) -> list[dict]:
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return records[:limit] if limit else records


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bench_vs_spacy(records: list[dict], rounds: int) -> None:
    from detente.pipeline import Pipeline
    from detente.records import Article

    pipeline = Pipeline()
    nlp = pipeline.nlp
    texts = [r["text"] for r in records]
    articles = [Article(text=t) for t in texts]
    words = sum(len(t.split()) for t in texts)
    list(pipeline.analyze_many(articles[:5]))  # warm up both
    bare_times, ours, bare_cpu, our_cpu = [], [], [], []
    for _ in range(rounds):  # alternate, so load from elsewhere hits both alike
        cpu = time.process_time()
        bare_times.append(timed(lambda: list(nlp.pipe(texts, batch_size=32))))
        bare_cpu.append(time.process_time() - cpu)
        cpu = time.process_time()
        ours.append(timed(lambda: list(pipeline.analyze_many(articles))))
        our_cpu.append(time.process_time() - cpu)
    bare, mine = min(bare_times), min(ours)
    print(f"corpus: {len(texts)} articles, {words} words")
    print(f"bare nlp.pipe (full model):   {bare:7.1f} s  {words / bare:7.0f} words/s  {min(bare_cpu):7.1f} CPU s")
    print(f"detente full analysis:        {mine:7.1f} s  {words / mine:7.0f} words/s  {min(our_cpu):7.1f} CPU s")
    print(f"ratio detente/spaCy speed:    {bare / mine:7.2f}  (goal >= 1.0; by CPU time "
          f"{min(bare_cpu) / min(our_cpu):.2f}, steadier on a busy machine)")


def bench_workers(records: list[dict]) -> None:
    """``detente ingest --workers N`` as a user runs it (start-up and model loads included)."""
    import resource

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        seconds, cpu = {}, {}
        for workers in (1, 2):
            command = [str(Path(sys.executable).with_name("detente")), "ingest", str(path), "--quiet",
                       "--db", str(Path(tmp) / f"w{workers}.duckdb"), "--workers", str(workers)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            seconds[workers] = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[workers] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            print(f"detente ingest --workers {workers}: {seconds[workers]:7.1f} s  "
                  f"{len(records) / seconds[workers]:5.2f} articles/s, {cpu[workers]:.1f} CPU s")
    print(f"scaling 2 workers vs 1:       {seconds[1] / seconds[2]:7.2f}x (goal >= 1.7)")
    # on an otherwise idle machine the scaling is at most 2 x (CPU s of 1) / (CPU s of 2)
    print(f"CPU seconds 1 worker / 2:     {cpu[1] / cpu[2]:7.2f}  (1.0: the pool costs nothing; "
          f"each worker loads the model, ~5 CPU s)")
    load = os.getloadavg()[0]
    if load > 2.5:
        print(f"note: load average {load:.1f} on {os.cpu_count()} cores: other work ran, wall-clock ratios are low")


def bench_rss(records: list[dict], n: int, workers: int) -> None:
    import psutil

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "repeated.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for i in range(n):  # each copy differs, so none is skipped as already stored
                record = dict(records[i % len(records)])
                record["text"] = f"{record['text']}\n\n(copy {i // len(records)})"
                out.write(json.dumps(record) + "\n")
        command = [str(Path(sys.executable).with_name("detente")), "ingest", str(corpus),
                   "--db", str(Path(tmp) / "rss.duckdb"), "--workers", str(workers)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        proc = psutil.Process(child.pid)
        samples: list[float] = []
        while child.poll() is None:
            try:
                tree = [proc, *proc.children(recursive=True)]
                samples.append(sum(p.memory_info().rss for p in tree) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.5)
        summary = child.stdout.read() if child.stdout else ""
    if not samples:
        print("no memory samples")
        return
    tenth = max(1, len(samples) // 10)
    print(f"peak RSS over {n} articles ({workers} worker(s), all processes): {max(samples):.0f} MiB")
    print("RSS by tenth of the run (MiB): " + " ".join(f"{max(samples[i:i + tenth]):.0f}"
                                                  for i in range(0, len(samples), tenth)))
    print(summary.strip().splitlines()[1] if summary.strip() else "")


def bench_prefilter(records: list[dict], n: int = 100) -> None:
    """How much the parser could be spared: sentences with no reason to parse them.

    Reasons to keep a sentence: a trigger lemma of the event lexicon, a reporting cue, a
    named person/place/organisation, a pronoun or a quotation mark. Fewer reasons than the
    stages really use, so the skippable share printed is an upper bound.
    """
    from detente.events.lexicon import default_lexicon
    from detente.nlp import load_model
    from detente.quotes import cue_table

    lexicon = default_lexicon()
    lemmas = set(lexicon.verbs) | set(lexicon.nouns) | set(cue_table())
    labels = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}
    pronouns = {"he", "she", "they", "we", "i", "it", "his", "her", "their", "its", "them", "him", "us", "our"}
    sentences = skippable = tokens = skippable_tokens = 0
    for doc in load_model().pipe((r["text"] for r in records[:n]), batch_size=32):
        for sent in doc.sents:
            sentences += 1
            tokens += len(sent)
            keep = (any(e.label_ in labels for e in sent.ents)
                    or any(t.lemma_.lower() in lemmas or t.lower_ in pronouns for t in sent)
                    or any(mark in sent.text for mark in "“”\"«»"))
            if not keep:
                skippable += 1
                skippable_tokens += len(sent)
    print(f"parser could skip (upper bound, {n} articles): {skippable / sentences:.1%} of sentences, "
          f"{skippable_tokens / tokens:.1%} of tokens")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=next((c for c in CORPORA if c.exists()), None))
    parser.add_argument("--limit", type=int, default=None, help="use the first N articles")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the spaCy comparison, keep the best")
    parser.add_argument("--skip-workers", action="store_true")
    parser.add_argument("--rss", type=int, default=0, metavar="N",
                        help="also measure peak memory over N articles (10000: about an hour here)")
    parser.add_argument("--rss-workers", type=int, default=1)
    args = parser.parse_args()
    if args.corpus is None:
        sys.exit("no corpus found; pass --corpus FILE.jsonl")
    records = load(args.corpus, args.limit)
    print(f"machine: {os.cpu_count()} cores; corpus {args.corpus.name}")
    bench_vs_spacy(records, args.rounds)
    bench_prefilter(records)
    if not args.skip_workers:
        bench_workers(records)
    if args.rss:
        bench_rss(records, args.rss, args.rss_workers)


if __name__ == "__main__":  # worker processes import this module again; only the parent runs
    main()
