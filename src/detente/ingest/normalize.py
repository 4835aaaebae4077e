"""Clean article text for parsing while keeping a map back to every original character.

What changes (each step is a set of edits over the text, recorded in an :class:`OffsetMap`):

* Unicode NFC (composed accents), zero-width characters, soft hyphens and control
  characters dropped, non-breaking and other exotic spaces made plain spaces;
* whitespace: ``\\r\\n`` to ``\\n``, runs of spaces/tabs to one space, spaces around line
  breaks trimmed, three or more line breaks to a blank line;
* spun-text repairs from ``data/normalize/spinner.tsv`` ("once morest" -> "against").

Typographic quotes, apostrophes and dashes are kept as they are: the quote and event stages
understand them, and keeping them keeps offsets simple.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from detente.resources import data_path

Edit = tuple[int, int, str]  # (start, end, replacement) over the input of one step

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\n\t\r\x0b\x0c")
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_DROP_RE = re.compile(f"[{re.escape(_ZERO_WIDTH + _CONTROL + chr(127))}]+")
_SPACE_RE = re.compile(f"[{re.escape(_SPACES)}]")
_WS_RE = re.compile(r"[ \t\r\n\x0b\x0c]+")
_BREAK_RE = re.compile(r"\r\n|[\r\n\x0b\x0c]")


class OffsetMap:
    """Monotone map from positions in an edited text back to its input.

    Built from non-overlapping edits. A position inside a replaced stretch maps to the
    start of the stretch it came from (``side="start"``) or to its end (``side="end"``),
    so a span over edited text always maps to a span covering what it came from.
    """

    __slots__ = ("_out_starts", "_segments")

    def __init__(self, source_len: int, edits: Sequence[Edit]):
        segments: list[tuple[int, int, int, int, bool]] = []  # out_start, out_len, src, src_len, same
        out = src = 0
        for start, end, repl in sorted(edits):
            if start > src:
                segments.append((out, start - src, src, start - src, True))
                out += start - src
            segments.append((out, len(repl), start, end - start, False))
            out += len(repl)
            src = end
        if source_len > src or not segments:
            segments.append((out, source_len - src, src, source_len - src, True))
        self._segments = segments
        self._out_starts = [s[0] for s in segments]

    def __call__(self, pos: int, side: str = "start") -> int:
        i = bisect.bisect_right(self._out_starts, pos) - 1
        if side == "end":
            # an end position equal to a segment's start belongs to the previous segment
            while i > 0 and self._out_starts[i] == pos:
                i -= 1
        i = max(i, 0)
        out, out_len, src, src_len, same = self._segments[i]
        offset = pos - out
        if same:
            return src + min(max(offset, 0), src_len)
        if offset <= 0:
            return src if side == "start" or out_len else src + src_len
        if offset >= out_len:
            return src + src_len
        return src if side == "start" else src + src_len


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits; return the new text and the map back to ``text``."""
    ordered = sorted(edits)
    parts: list[str] = []
    last = 0
    for start, end, repl in ordered:
        parts.append(text[last:start])
        parts.append(repl)
        last = end
    parts.append(text[last:])
    return "".join(parts), OffsetMap(len(text), ordered)


@dataclass(frozen=True)
class Normalized:
    """Clean text plus the chain of maps back to the original text."""

    original: str
    text: str
    maps: tuple[OffsetMap, ...]
    repairs: tuple[tuple[int, int, str], ...] = ()  # spun-text repairs, original offsets

    def to_original(self, pos: int, side: str = "start") -> int:
        for offset_map in reversed(self.maps):
            pos = offset_map(pos, side)
        return pos

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of clean text to the original text."""
        a, b = self.to_original(start, "start"), self.to_original(end, "end")
        return a, max(a, b)


@cache
def spinner_table() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Load the spun-text repair table: a regex over all artefacts and their repairs."""
    path = data_path("normalize", "spinner.tsv")
    table: dict[str, str] = {}
    if path.exists():
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                artefact = (row.get("artefact") or "").strip().lower()
                repair = (row.get("repair") or "").strip()
                if artefact and repair:
                    table[artefact] = repair
    if not table:
        return None, table
    words = sorted(table, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE), table


def _nfc_edits(text: str) -> list[Edit]:
    if unicodedata.is_normalized("NFC", text):
        return []
    edits: list[Edit] = []
    # cluster = a starter and the combining marks after it; NFC works within such clusters
    starts = [i for i, ch in enumerate(text) if not unicodedata.combining(ch)] + [len(text)]
    if starts[0] != 0:
        starts.insert(0, 0)
    for a, b in itertools.pairwise(starts):
        chunk = text[a:b]
        composed = unicodedata.normalize("NFC", chunk)
        if composed != chunk:
            edits.append((a, b, composed))
    return edits


def _whitespace_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _DROP_RE.finditer(text):
        edits.append((match.start(), match.end(), ""))
    for match in _SPACE_RE.finditer(text):
        edits.append((match.start(), match.end(), " "))
    return edits


def _layout_edits(text: str) -> list[Edit]:
    """Each whitespace run becomes one space, one line break, or one blank line (two or more
    breaks); runs at the start and end of the text go."""
    edits: list[Edit] = []
    for match in _WS_RE.finditer(text):
        s, e, found = match.start(), match.end(), match.group()
        breaks = len(_BREAK_RE.findall(found))
        repl = "" if s == 0 or e == len(text) else " " if breaks == 0 else "\n" if breaks == 1 else "\n\n"
        if repl != found:
            edits.append((s, e, repl))
    return edits


def _spinner_edits(text: str) -> list[Edit]:
    pattern, table = spinner_table()
    if pattern is None:
        return []
    edits: list[Edit] = []
    for match in pattern.finditer(text):
        found = match.group()
        repair = table[" ".join(found.lower().split())]
        if found[:1].isupper():
            repair = repair[:1].upper() + repair[1:]
        edits.append((match.start(), match.end(), repair))
    return edits


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for parsing; the result maps every position back to ``text``."""
    maps: list[OffsetMap] = []
    current = text
    repairs: tuple[tuple[int, int, str], ...] = ()
    for step in (_nfc_edits, _whitespace_edits, _layout_edits, _spinner_edits):
        edits = step(current)
        if not edits:
            continue
        new, offset_map = apply_edits(current, edits)
        if step is _spinner_edits:
            partial = Normalized(text, current, tuple(maps))
            repairs = tuple((*partial.span(s, e), r) for s, e, r in edits)
        maps.append(offset_map)
        current = new
    return Normalized(text, current, tuple(maps), repairs)


#: Longest piece handed to the parser at once; longer paragraphs are cut at a sentence end.
MAX_PIECE = 20_000


def paragraphs(text: str, max_len: int = MAX_PIECE) -> list[tuple[int, str]]:
    """Split clean text into paragraphs at line breaks, each with its trailing breaks.

    The statistical sentence splitter misses most breaks at line ends, so each paragraph is
    parsed on its own; joining the pieces gives back ``text`` exactly. A paragraph longer
    than ``max_len`` (a one-line dump) is cut after a full stop or, failing that, a space.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"\n+|$", text):
        end = match.end()
        while end - start > max_len:
            window = text[start : start + max_len]
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 2 if cut > max_len // 4 else window.rfind(" ") + 1
            if cut <= 0:
                cut = max_len
            pieces.append((start, text[start : start + cut]))
            start += cut
        if end > start:
            pieces.append((start, text[start:end]))
            start = end
    return pieces
