"""Story clustering benchmark: precision/recall of near-duplicate detection.

    .venv/bin/python bench/store_stories.py [--seed 1]

Corpus: the Wikinews articles shipped with detente (examples/ and the quote gold set, CC BY
2.5), each one a story of its own, plus generated versions of each: a wire copy (dateline and
footer added), a truncated reprint (first 60 % of the words), a light rewrite (every fifth
sentence dropped, 10 % of words changed), a machine-spun copy (the spinner table of
detente's normaliser applied backwards, plus 20 % of words changed) and a heavily spun one
(35 %). Articles arrive in random order, clustered incrementally as the store does.

Reports pairwise precision/recall (pairs put in one story vs pairs from one original) for
a sweep of thresholds, recall per kind of version, the most similar pair of *different*
stories, and clustering speed.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from detente import stories  # noqa: E402
from detente.resources import data_path  # noqa: E402

KINDS = ("wire", "truncated", "rewrite", "spun", "heavy_spin")


def originals() -> list[str]:
    seen: dict[str, str] = {}
    for path in (ROOT / "examples" / "wikinews_sample.jsonl", ROOT / "tests" / "gold" / "quotes_wikinews.jsonl"):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            seen.setdefault(row["id"], row["text"])
    return list(seen.values())


def spinner_pairs() -> list[tuple[str, str]]:
    """(original, spun) phrase pairs: the normaliser's repair table, read backwards."""
    out = []
    with data_path("normalize", "spinner.tsv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 2 and not row[0].startswith("#") and row[0] != "spun":
                out.append((row[1], row[0]))
    return out


def change_words(text: str, rate: float, rng: random.Random, vocabulary: list[str]) -> str:
    return " ".join(rng.choice(vocabulary) if rng.random() < rate else w for w in text.split(" "))


def versions(text: str, rng: random.Random, vocabulary: list[str], spins: list[tuple[str, str]]) -> dict[str, str]:
    words = text.split(" ")
    sentences = text.replace("\n", " ").split(". ")
    spun = text
    for original, replacement in spins:
        spun = spun.replace(f" {original} ", f" {replacement} ")
    return {
        "wire": f"WASHINGTON (AP) — {text}\n\nCopyright 2022 The Associated Press. All rights reserved.",
        "truncated": " ".join(words[: max(1, len(words) * 6 // 10)]),
        "rewrite": change_words(". ".join(s for i, s in enumerate(sentences) if i % 5 != 4), 0.10, rng, vocabulary),
        "spun": change_words(spun, 0.20, rng, vocabulary),
        "heavy_spin": change_words(spun, 0.35, rng, vocabulary),
    }


def pair_scores(labels: list[str], truth: list[int]) -> tuple[float, float]:
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(labels)), 2):
        same, true = labels[i] == labels[j], truth[i] == truth[j]
        tp += same and true
        fp += same and not true
        fn += true and not same
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = originals()
    vocabulary = sorted({w for t in texts for w in t.split()})
    spins = spinner_pairs()
    docs: list[tuple[str, int, str]] = []  # (text, original index, kind)
    for i, text in enumerate(texts):
        docs.append((text, i, "original"))
        docs += [(v, i, kind) for kind, v in versions(text, rng, vocabulary, spins).items()]
    rng.shuffle(docs)
    print(f"{len(texts)} Wikinews stories, {len(docs)} articles ({len(KINDS)} generated versions each)")

    closest = max((stories.exact_jaccard(a, b), a[:50], b[:50]) for a, b in itertools.combinations(texts, 2))
    print(f"most similar different stories: Jaccard {closest[0]:.3f} ({closest[1]!r} / {closest[2]!r})")
    worst = {kind: min(stories.exact_jaccard(texts[i], t) for t, i, k in docs if k == kind) for kind in KINDS}
    print("least similar version of its original, by kind: "
          + ", ".join(f"{k} {v:.2f}" for k, v in worst.items()))

    ids = [f"a{n}" for n in range(len(docs))]
    truth = [i for _t, i, _k in docs]
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        params = stories.StoryParams(threshold=threshold)
        started = time.perf_counter()
        plan = stories.assign([(ids[n], t, None) for n, (t, _i, _k) in enumerate(docs)], lambda keys: (), params)
        seconds = time.perf_counter() - started
        labels = [plan.story_of[a] for a in ids]
        precision, recall = pair_scores(labels, truth)
        founders = {truth[ids.index(s)] if s in ids else -1 for s in labels}
        per_kind = {}
        for kind in KINDS:
            members = [n for n, (_t, _i, k) in enumerate(docs) if k == kind]
            # A version is found when it shares a story with its original.
            originals_at = {truth[n]: labels[n] for n, (_t, _i, k) in enumerate(docs) if k == "original"}
            per_kind[kind] = sum(labels[n] == originals_at[truth[n]] for n in members) / len(members)
        mark = "  <- default" if threshold == stories.THRESHOLD else ""
        print(f"threshold {threshold:.2f}: pair precision {precision:.3f}, recall {recall:.3f}, "
              f"{len(set(labels))} stories (true {len(texts)}, {len(founders)} founders), "
              + ", ".join(f"{k} {v:.2f}" for k, v in per_kind.items())
              + f", {len(docs) / seconds:,.0f} articles/s{mark}")


if __name__ == "__main__":
    main()
