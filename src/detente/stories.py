"""Stories: clusters of near-duplicate articles (syndicated copies, light rewrites, spun text).

A wire story printed by forty outlets is one piece of evidence, not forty. Every stored
article belongs to exactly one story, and the relations index and the GDELT export count an
event once per story (see ``docs/relations.md``).

Method (Broder's MinHash with banded LSH, written here over numpy so signatures are stable
across processes and versions, and small enough to keep in the store):

1. **Shingles.** The text is NFKC-normalised, lower-cased and split into word tokens; function
   words (``data/stories/stopwords.txt``) are dropped and a shingle is a run of
   :data:`SHINGLE` consecutive remaining tokens. Two-word shingles survive machine spinning
   (a synonym every few words) far better than the usual five-word ones, while unrelated
   articles share few of them (Wikinews sample: mean Jaccard 0.002, the closest pair of
   different stories 0.15; ``bench/store_stories.py``).
2. **Signature.** :data:`NUM_PERM` hash functions (splitmix64 of the shingle hash xor a
   fixed seed); the signature keeps each function's minimum. The fraction of equal entries of
   two signatures estimates the Jaccard similarity of their shingle sets.
3. **Bands.** The signature is cut into :data:`BANDS` bands of :data:`ROWS` rows; articles
   sharing any band hash are candidates. The LSH S-curve ``1 − (1 − J^ROWS)^BANDS`` makes a
   pair at Jaccard 0.3 a candidate with probability 0.998, at 0.2 with 0.93, and a typical
   unrelated pair (0.002) with 0.0003.
4. **Decision.** A candidate is a near-duplicate when its estimated Jaccard is at least
   :data:`THRESHOLD` and both dates (when known) are within :data:`WINDOW_DAYS`. A new article
   joins the story of its most similar near-duplicate, else it founds a story whose id is its
   own article id. Stories are never merged afterwards, so ids are stable.

Clustering is incremental: the store keeps each article's signature and band hashes
(``story_signatures``, ``story_bands``), so a batch arriving tomorrow is matched against
everything stored, not only against itself.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import numpy as np

from detente.errors import DataError
from detente.resources import data_path

#: Words per shingle.
SHINGLE = 2
#: Hash functions per signature (and bytes per stored signature / 4).
NUM_PERM = 128
#: LSH bands × rows = NUM_PERM; 64 × 2 puts the S-curve's midpoint at Jaccard ≈ 0.12.
BANDS = 64
ROWS = NUM_PERM // BANDS
#: Estimated Jaccard (of 2-word content shingle sets) from which two articles are one story:
#: 0.25 keeps 2.5 standard errors of the 128-hash estimate above the closest pair of
#: different stories measured (0.16), and still finds every wire copy, truncated reprint
#: and light rewrite, and 80 % of copies with a fifth of their words spun (bench/store_stories.py).
THRESHOLD = 0.25
#: Articles further apart than this (both dated) are never one story.
WINDOW_DAYS = 30
#: Stored articles compared per band key (a story's members share its id, so a few suffice).
MAX_PER_KEY = 8

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_WORD = re.compile(r"\w+", re.UNICODE)
_SEEDS = np.random.Generator(np.random.PCG64(20220211)).integers(
    0, 2**63 - 1, size=NUM_PERM, dtype=np.uint64
)
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def _splitmix(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, vectorised (uint64 arithmetic wraps, which is the point)."""
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


@cache
def stopwords() -> frozenset[str]:
    """Function words left out of shingles (``data/stories/stopwords.txt``)."""
    path = data_path("stories", "stopwords.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"cannot read the stop word list: {exc}", where=str(path)) from exc
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def tokens(text: str) -> list[str]:
    """Lower-cased content-word tokens of NFKC-normalised text."""
    skip = stopwords()
    return [w for w in _WORD.findall(unicodedata.normalize("NFKC", text).lower()) if w not in skip]


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """64-bit hashes of the distinct word ``size``-grams of ``text`` (empty for no words)."""
    words = tokens(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    if len(ids) < size:
        size = len(ids)
    with np.errstate(over="ignore"):
        h = ids[: len(ids) - size + 1].copy()
        for j in range(1, size):
            h = _splitmix(h) ^ ids[j: len(ids) - size + 1 + j]
    return np.unique(_splitmix(h))


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (``NUM_PERM`` uint32 values), or None for a text without words."""
    shingles = shingle_hashes(text)
    if shingles.size == 0:
        return None
    mins = np.full(NUM_PERM, _MASK64, dtype=np.uint64)
    # Chunks bound the (NUM_PERM × shingles) matrix for very long texts.
    for chunk in range(0, shingles.size, 4096):
        block = _splitmix(shingles[None, chunk: chunk + 4096] ^ _SEEDS[:, None])
        mins = np.minimum(mins, block.min(axis=1))
    return (mins >> np.uint64(32)).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (what the store indexes to find candidates)."""
    bands = sig.astype(np.uint64).reshape(BANDS, ROWS)
    h = _BAND_SALT.copy()
    for r in range(ROWS):
        h = _splitmix(h ^ bands[:, r])
    return [int(k) for k in h.astype(np.int64)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


def exact_jaccard(a: str, b: str) -> float:
    """Jaccard similarity of the shingle sets (for measuring the estimate)."""
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


@dataclass(frozen=True)
class Known:
    """A stored article as clustering sees it."""

    article_id: str
    story_id: str
    published: str | None
    signature: np.ndarray


@dataclass
class Assignment:
    """What clustering a batch decided, and the rows the store must write for it."""

    story_of: dict[str, str] = field(default_factory=dict)
    new_stories: list[tuple[str, str, str | None]] = field(default_factory=list)  # id, founder, date
    signatures: list[tuple[str, str, str | None, bytes]] = field(default_factory=list)
    bands: list[tuple[int, str]] = field(default_factory=list)
    similarity: dict[str, float] = field(default_factory=dict)


def _days_apart(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    return abs((date.fromisoformat(str(a)[:10]) - date.fromisoformat(str(b)[:10])).days)


@dataclass(frozen=True)
class StoryParams:
    """Knobs of the near-duplicate decision (the defaults are the documented, measured ones)."""

    threshold: float = THRESHOLD
    window_days: int = WINDOW_DAYS


def assign(
    articles: Sequence[tuple[str, str, str | None]],
    lookup: Callable[[list[int]], Iterable[Known]],
    params: StoryParams = StoryParams(),  # a frozen, immutable default
) -> Assignment:
    """Give each ``(article_id, text, published)`` a story id.

    ``lookup(keys)`` returns the stored articles sharing any of the band ``keys`` (the store's
    side of the index); articles of this batch are matched against each other as well, in
    the order given.
    """
    out = Assignment()
    sigs = {aid: signature(text) for aid, text, _ in articles}
    keys_of = {aid: band_keys(s) for aid, s in sigs.items() if s is not None}
    all_keys = sorted({k for keys in keys_of.values() for k in keys})
    stored: dict[int, list[Known]] = {}
    if all_keys:
        wanted = set(all_keys)
        for known in lookup(all_keys):
            for k in band_keys(known.signature):
                if k in wanted:
                    stored.setdefault(k, []).append(known)
    for aid, _text, published in articles:
        sig = sigs[aid]
        if sig is None:  # nothing to compare: a story of its own
            out.story_of[aid] = aid
            out.new_stories.append((aid, aid, published))
            continue
        best: tuple[float, str] | None = None
        seen: set[str] = set()
        for key in keys_of[aid]:
            for cand in stored.get(key, ()):
                if cand.article_id in seen or cand.article_id == aid:
                    continue
                seen.add(cand.article_id)
                if _days_apart(published, cand.published) > params.window_days:
                    continue
                sim = similarity(sig, cand.signature)
                if sim < params.threshold:
                    continue
                # Ties go to the smaller story id, so the choice does not depend on dict order.
                if best is None or sim > best[0] or (sim == best[0] and cand.story_id < best[1]):
                    best = (sim, cand.story_id)
        story = best[1] if best else aid
        out.story_of[aid] = story
        if best:
            out.similarity[aid] = best[0]
        else:
            out.new_stories.append((aid, aid, published))
        out.signatures.append((aid, story, published, to_bytes(sig)))
        me = Known(aid, story, published, sig)
        for key in keys_of[aid]:
            out.bands.append((key, aid))
            bucket = stored.setdefault(key, [])
            if len(bucket) < MAX_PER_KEY:
                bucket.append(me)
    return out


def cluster(texts: Sequence[str], params: StoryParams = StoryParams()) -> list[int]:
    """Cluster labels for in-memory texts (index of each text's story founder)."""
    ids = [hashlib.blake2b(f"{i}".encode(), digest_size=8).hexdigest() for i in range(len(texts))]
    result = assign([(ids[i], t, None) for i, t in enumerate(texts)], lambda keys: (), params)
    index = {aid: i for i, aid in enumerate(ids)}
    return [index[result.story_of[aid]] for aid in ids]
