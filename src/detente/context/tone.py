"""Tone of a sentence or an article on a GDELT-like scale, from the VADER sentiment lexicon.

Every word gets the valence the VADER lexicon gives it (−4 … +4; Hutto and Gilbert, 2014,
MIT licence), or the one in detente's own news supplement (``tone_news.tsv``: "airstrike",
"ceasefire", "sanction"…, which VADER lacks). A word not in either list is looked up by its
lemma ("deaths" → "death"). Following VADER, a word preceded within three words by a negation
("not", "no", "never", "without") keeps 74% of its valence with the opposite sign, and a booster
or dampener right before it ("very", "slightly") moves its magnitude by 0.293. Proper names
carry no tone ("United Nations", "Security Council"), nor do function-word senses ("like").

The tone is then read like GDELT's AvgTone, a percentage of the words::

    tone = 100 × Σ valence / (2 × number of words)

so a typical sentiment word (|valence| ≈ 2) counts as one positive or negative word, and a text
in which 5% more words are negative than positive scores about −5. The scale is bounded to
−100 … +100; news articles mostly fall within −7 … +2, sentences within −14 … +9.

Everything is computed with numpy over the token attribute arrays of the Doc: no Python loop
over tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import ENT_IOB, IS_ALPHA, LEMMA, LOWER, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc

from detente.resources import read_table

#: The valence of a typical sentiment word: one such word counts as one word of tone.
WORD_VALENCE = 2.0
#: How many words before a sentiment word a negation reaches (as in VADER).
NEGATION_WINDOW = 3
NEGATION_SCALAR = -0.74

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?\"“”:;]")


@dataclass(frozen=True)
class _Lexicon:
    keys: NDArray[np.uint64]  # sorted hashes of words with a valence
    values: NDArray[np.float64]
    negations: NDArray[np.uint64]
    mod_keys: NDArray[np.uint64]  # sorted hashes of boosters and dampeners
    mod_values: NDArray[np.float64]


def _sorted(table: dict[int, float]) -> tuple[NDArray[np.uint64], NDArray[np.float64]]:
    keys = np.array(sorted(table), dtype=np.uint64)
    return keys, np.array([table[int(k)] for k in keys], dtype=np.float64)


@cache
def lexicon() -> _Lexicon:
    """The valence and modifier tables, loaded once as sorted hash arrays."""
    valence: dict[int, float] = {}
    for name in ("tone_vader.tsv", "tone_news.tsv"):  # the news supplement overrides VADER
        for row in read_table("context", name):
            valence[get_string_id(row["word"].lower())] = float(row["valence"])
    negations: list[int] = []
    modifiers: dict[int, float] = {}
    for row in read_table("context", "tone_modifiers.tsv"):
        key = get_string_id(row["word"].lower())
        valence.pop(key, None)  # modifiers and neutral words carry no valence of their own
        if row["kind"] == "negation":
            negations.append(key)
        elif row["kind"] in ("booster", "dampener"):
            modifiers[key] = float(row["weight"])
    keys, values = _sorted(valence)
    mod_keys, mod_values = _sorted(modifiers)
    return _Lexicon(keys, values, np.array(sorted(negations), dtype=np.uint64), mod_keys, mod_values)


def _lookup(keys: NDArray[np.uint64], values: NDArray[np.float64], hashes: NDArray[np.uint64]) -> NDArray[np.float64]:
    if len(keys) == 0 or len(hashes) == 0:
        return np.zeros(len(hashes))
    idx = np.minimum(np.searchsorted(keys, hashes), len(keys) - 1)
    return np.where(keys[idx] == hashes, values[idx], 0.0)


def _shift(values: NDArray[np.float64], k: int, sentence: NDArray[np.int64]) -> NDArray[np.float64]:
    """``values`` moved ``k`` tokens to the right, zero across a sentence boundary."""
    out = np.zeros_like(values)
    if k < len(values):
        out[k:] = values[:-k]
        out[k:][sentence[k:] != sentence[:-k]] = 0.0
    return out


def _valences(
    lower: NDArray[np.uint64], lemma: NDArray[np.uint64], named: NDArray[np.bool_], sentence: NDArray[np.int64]
) -> NDArray[np.float64]:
    lex = lexicon()
    own = _lookup(lex.keys, lex.values, lower)
    by_lemma = _lookup(lex.keys, lex.values, lemma)
    v = np.where(own != 0.0, own, by_lemma)
    v[named] = 0.0
    negation = (_lookup(lex.negations, np.ones(len(lex.negations)), lower) > 0).astype(np.float64)
    negated = np.zeros_like(v)
    for k in range(1, NEGATION_WINDOW + 1):
        negated = np.maximum(negated, _shift(negation, k, sentence))
    modifier = _shift(_lookup(lex.mod_keys, lex.mod_values, lower), 1, sentence)
    v = np.where(v != 0.0, v + np.sign(v) * modifier, 0.0)
    return np.where(negated > 0, v * NEGATION_SCALAR, v)


def _scale(total: NDArray[np.float64] | float, words: NDArray[np.float64] | float) -> NDArray[np.float64]:
    total_a = np.asarray(total, dtype=np.float64)
    words_a = np.asarray(words, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        tone = np.where(words_a > 0, 100.0 * total_a / (WORD_VALENCE * words_a), 0.0)
    return np.clip(tone, -100.0, 100.0)


def doc_tones(doc: Doc) -> tuple[list[float], float]:
    """Tone of each sentence of a parsed Doc and of the whole Doc (see the module docstring)."""
    if len(doc) == 0:
        return [], 0.0
    arr = doc.to_array([LOWER, LEMMA, IS_ALPHA, SENT_START, ENT_IOB])
    lower = arr[:, 0].astype(np.uint64)
    lemma = arr[:, 1].astype(np.uint64)
    alpha = arr[:, 2].astype(np.float64)
    starts = arr[:, 3].astype(np.int64) == 1
    starts[0] = True
    sentence = np.cumsum(starts) - 1
    iob = arr[:, 4].astype(np.int64)
    named = (iob == 1) | (iob == 3)  # inside or beginning of an entity
    v = _valences(lower, lemma, named, sentence)
    n = int(sentence[-1]) + 1
    totals = np.bincount(sentence, weights=v, minlength=n).astype(np.float64)
    words = np.bincount(sentence, weights=alpha, minlength=n).astype(np.float64)
    per_sentence = _scale(totals, words)
    whole = float(_scale(float(v.sum()), float(alpha.sum())))
    return [round(float(x), 3) for x in per_sentence], round(whole, 3)


def text_tone(text: str) -> float:
    """Tone of a sentence or a whole article given as plain text (no parse needed).

    Words are found with a regular expression; a capitalised word inside a sentence is taken
    for a name and carries no tone. Without a parse there are no lemmas, so a Doc's tone
    (:func:`doc_tones`) can differ slightly for the same text.
    """
    words: list[str] = []
    named: list[bool] = []
    sentence: list[int] = []
    current = 0
    previous_end = -1
    for match in _WORD.finditer(text):
        word = match.group().replace("’", "'")
        first = previous_end < 0 or bool(_SENTENCE_END.search(text[previous_end : match.start()]))
        if first and previous_end >= 0:
            current += 1
        previous_end = match.end()
        lowered = word.lower()
        if lowered.endswith("n't") and len(lowered) > 3:
            words += [lowered[:-3], "n't"]
            named += [False, False]
            sentence += [current, current]
            continue
        words.append(lowered)
        named.append(word[:1].isupper() and not first)
        sentence.append(current)
    if not words:
        return 0.0
    hashes = np.array([get_string_id(w) for w in words], dtype=np.uint64)
    v = _valences(hashes, hashes, np.array(named, dtype=bool), np.array(sentence, dtype=np.int64))
    return round(float(_scale(float(v.sum()), float(len(words)))), 3)
