"""Stories: near-duplicate clustering of articles (MinHash over word shingles, banded LSH)."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente import stories
from tests.conftest import EXAMPLES

WIKINEWS = [json.loads(line)["text"] for line in (EXAMPLES / "wikinews_sample.jsonl").open(encoding="utf-8")]


def spin(text: str, rate: float, seed: int) -> str:
    """A machine-spun copy: every word replaced with probability ``rate`` by a nonsense synonym."""
    rng = random.Random(seed)
    return " ".join(w if rng.random() > rate else f"syn{rng.randrange(10**6)}" for w in text.split())


def test_signatures_are_stable_and_compact():
    sig = stories.signature("Russia expelled two British diplomats on Monday.")
    assert sig is not None and sig.dtype == np.uint32 and sig.shape == (stories.NUM_PERM,)
    assert np.array_equal(stories.from_bytes(stories.to_bytes(sig)), sig)
    again = stories.signature("RUSSIA expelled two British diplomats, on Monday!")
    assert np.array_equal(sig, again)  # case and punctuation do not matter
    assert stories.signature("  … ") is None


def test_the_estimate_tracks_the_exact_jaccard_similarity():
    base = WIKINEWS[0]
    for rate in (0.05, 0.2, 0.4):
        copy = spin(base, rate, seed=1)
        exact = stories.exact_jaccard(base, copy)
        estimate = stories.similarity(stories.signature(base), stories.signature(copy))
        # Standard error of the estimate is sqrt(J(1-J)/128) <= 0.045: allow 3 of them.
        assert abs(estimate - exact) < 0.14, (rate, exact, estimate)


def test_syndicated_copies_and_spun_versions_join_the_original_story():
    base = WIKINEWS[3]
    texts = [
        base,
        "LONDON (Reuters) - " + base + "\n\nCopyright 2022 Reuters. All rights reserved.",
        spin(base, 0.15, seed=2),
        " ".join(base.split()[: len(base.split()) * 2 // 3]),  # a truncated reprint
        WIKINEWS[4],
    ]
    labels = stories.cluster(texts)
    assert labels[:4] == [0, 0, 0, 0]
    assert labels[4] == 4


def test_different_stories_on_the_same_topic_stay_apart():
    # Two Wikinews reports on Alexei Navalny a week apart: the closest pair in the sample.
    labels = stories.cluster(WIKINEWS)
    assert labels == list(range(len(WIKINEWS)))


def test_dates_too_far_apart_are_never_one_story():
    text = WIKINEWS[5]
    plan = stories.assign([("a", text, "2022-01-01"), ("b", text, "2022-06-01"), ("c", text, "2022-01-20")],
                          lambda keys: ())
    assert plan.story_of == {"a": "a", "b": "b", "c": "a"}


def test_an_article_joins_its_most_similar_stored_story():
    text = WIKINEWS[6]
    near, far = spin(text, 0.05, seed=3), spin(text, 0.3, seed=4)
    stored = [stories.Known("far", "story-far", None, stories.signature(far)),
              stories.Known("near", "story-near", None, stories.signature(near))]
    plan = stories.assign([("new", text, None)], lambda keys: stored)
    assert plan.story_of == {"new": "story-near"}
    assert plan.new_stories == [] and len(plan.bands) == stories.BANDS


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(6))))
def test_clustering_does_not_depend_on_the_order_of_arrival(order):
    base = WIKINEWS[7]
    texts = [base, base + " (AFP)", spin(base, 0.1, 5), WIKINEWS[8], WIKINEWS[8] + " Reuters", WIKINEWS[9]]
    labels = stories.cluster([texts[i] for i in order])
    groups = {frozenset(order[i] for i, lab in enumerate(labels) if lab == label) for label in labels}
    assert groups == {frozenset({0, 1, 2}), frozenset({3, 4}), frozenset({5})}


@pytest.mark.parametrize("size", [1, 2, 5])
def test_short_texts_still_get_a_signature(size):
    assert stories.signature(" ".join(["word"] * size)) is not None
