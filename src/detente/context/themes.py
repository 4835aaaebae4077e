"""Themes of an event: a small set of topics named after PLOVER contexts.

An event gets a theme from its CAMEO code (a code prefix listed for the theme: ``19`` fight →
military, ``073`` humanitarian aid → humanitarian) or from a cue word of the theme in its
sentence ("troops" → military, "tariff" → economic, "earthquake" → disasters). Single-word cues
are compared with the lemma or the lower-case form of each token, phrases ("human rights",
"tear gas") with the lower-case sentence text. The table is ``data/context/themes.tsv``; the
method is described in ``docs/context.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from detente.resources import read_table


@dataclass(frozen=True)
class _ThemeTable:
    themes: tuple[str, ...]
    codes: tuple[tuple[str, int], ...]  # (code prefix, theme bit), longest prefixes first
    word_keys: NDArray[np.uint64]  # sorted hashes of single-word cues
    word_masks: NDArray[np.int64]  # bit mask of the themes of each cue
    phrases: re.Pattern[str] | None
    phrase_masks: dict[str, int]
    phrase_starts: NDArray[np.uint64]  # sorted hashes of the first words of phrases


@cache
def _table() -> _ThemeTable:
    rows = read_table("context", "themes.tsv")
    themes: list[str] = []
    for row in rows:
        if row["theme"] not in themes:
            themes.append(row["theme"])
    codes: list[tuple[str, int]] = []
    words: dict[int, int] = {}
    phrases: dict[str, int] = {}
    for row in rows:
        bit = 1 << themes.index(row["theme"])
        codes += [(code, bit) for code in row["codes"].split("|") if code]
        for cue in (c.strip().lower() for c in row["cues"].split("|")):
            if not cue:
                continue
            if " " in cue:
                phrases[cue] = phrases.get(cue, 0) | bit
            else:
                words[get_string_id(cue)] = words.get(get_string_id(cue), 0) | bit
    keys = np.array(sorted(words), dtype=np.uint64)
    masks = np.array([words[int(k)] for k in keys], dtype=np.int64)
    pattern = (
        re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")
        if phrases
        else None
    )
    codes.sort(key=lambda item: -len(item[0]))
    starts = np.array(sorted({get_string_id(p.split()[0]) for p in phrases}), dtype=np.uint64)
    return _ThemeTable(tuple(themes), tuple(codes), keys, masks, pattern, phrases, starts)


@cache
def _code_mask(code: str) -> int:
    mask = 0
    for prefix, bit in _table().codes:
        if code.startswith(prefix):
            mask |= bit
    return mask


def _contains_any(keys: NDArray[np.uint64], hashes: NDArray[np.uint64]) -> bool:
    """Whether any of ``hashes`` is in the sorted array ``keys`` (faster than ``np.isin`` here)."""
    if len(keys) == 0 or len(hashes) == 0:
        return False
    idx = np.minimum(np.searchsorted(keys, hashes), len(keys) - 1)
    return bool((keys[idx] == hashes).any())


#: The token arrays of the last Doc seen: the events of one article are themed one after another.
_last: list[tuple[Doc, NDArray[np.uint64]]] = []


def _arrays(doc: Doc) -> NDArray[np.uint64]:
    """LOWER and LEMMA hashes of every token of ``doc``, computed once per Doc."""
    last = _last[0] if _last else None
    if last is not None and last[0] is doc:
        return last[1]
    arr = doc.to_array([LOWER, LEMMA]).astype(np.uint64)
    _last[:] = [(doc, arr)]
    return arr


THEMES: tuple[str, ...] = _table().themes


def event_themes(code: str, sentence: Span) -> tuple[str, ...]:
    """The themes of an event with CAMEO ``code`` whose evidence is ``sentence``, in ``THEMES`` order."""
    table = _table()
    mask = _code_mask(code)
    if not len(sentence):
        return tuple(theme for i, theme in enumerate(table.themes) if mask >> i & 1)
    arr = _arrays(sentence.doc)[sentence.start : sentence.end]
    if len(table.word_keys):
        hashes = arr.ravel()
        idx = np.minimum(np.searchsorted(table.word_keys, hashes), len(table.word_keys) - 1)
        hit = table.word_keys[idx] == hashes
        if hit.any():
            mask |= int(np.bitwise_or.reduce(table.word_masks[idx[hit]]))
    # phrases are searched in the text only when one of their first words is in the sentence
    if table.phrases is not None and _contains_any(table.phrase_starts, arr[:, 0]):
        for match in table.phrases.finditer(sentence.text.lower()):
            mask |= table.phrase_masks[match.group(1)]
    return tuple(theme for i, theme in enumerate(table.themes) if mask >> i & 1)
