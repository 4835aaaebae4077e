"""Amounts: numbers attached to what they count ("1,000 additional soldiers", "at least 39 dead").

The numeric cores of a Doc are found in one vectorised pass over its attribute arrays (digits,
number words, "2.5bn", "dozens"). Each core is then grown by looking at a few neighbouring
tokens only: currency symbols and approximators on the left ("about $", "at least"), scale
suffixes and units on the right ("m", "million", "percent", "km", "złotys"). Cores that are
dates, years, times, ordinals, ages, durations, phone numbers or identifiers ("Flight 1344")
are dropped. The counted noun comes from the dependency parse (``nummod`` head, or the object
of "of" in "dozens of protesters"), and casualty counts are recognised from the predicate
("were killed", "died", "39 dead", "the death toll rose to 39"; see :mod:`.casualties`). Conventions, such as the value
of "dozens", are in ``docs/context.md``; the word lists are data in ``data/context/``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import LIKE_NUM, LOWER, SHAPE
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from detente.context.casualties import casualty_kind
from detente.resources import read_table

KINDS = ("count", "money", "percent", "dead", "injured", "other")


@dataclass(frozen=True, slots=True)
class AmountSpan:
    """A number in the text with what it counts; ``start``/``end`` are offsets in ``doc.text``."""

    start: int
    end: int
    text: str
    value: float
    approximate: bool
    unit: str | None
    object: str
    kind: str
    head: int
    upper: float | None = None  # the upper bound of a range ("between 36 and 40")
    bound: str = ""  # "lower" (at least, over), "upper" (up to, nearly) or "" (exact or about)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True)
class _Tables:
    numbers: dict[str, tuple[float, str]]
    approx_before: tuple[tuple[tuple[str, ...], str], ...]  # longest phrases first
    approx_after: dict[str, str]
    units: dict[str, tuple[str, str]]  # lower-case form (1-3 words) -> (unit, kind)
    unit_lengths: tuple[int, ...]


@cache
def tables() -> _Tables:
    numbers = {r["word"].lower(): (float(r["value"]), r["kind"]) for r in read_table("context", "numbers.tsv")}
    before: list[tuple[tuple[str, ...], str]] = []
    after: dict[str, str] = {}
    for row in read_table("context", "approximators.tsv"):
        if row["side"] == "after":
            after[row["phrase"].lower()] = row["meaning"]
        else:
            before.append((tuple(row["phrase"].lower().split()), row["meaning"]))
    before.sort(key=lambda item: -len(item[0]))
    units = {r["form"].lower(): (r["unit"], r["kind"]) for r in read_table("context", "units.tsv")}
    lengths = tuple(sorted({len(form.split()) for form in units}, reverse=True))
    return _Tables(numbers, tuple(before), after, units, lengths)


_RANGE_TOKEN = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-–](\d[\d,]*(?:\.\d+)?)$")
_SCALED = re.compile(r"(?i)\b(?:thousand|million|billion|trillion)\b|\d(?:bn|mn|m|k|tn)\b")
_SUFFIXED = re.compile(r"^[~≈]?(\d[\d,]*(?:\.\d+)?)(bn|mn|mln|m|k|b|tn|trn)$", re.IGNORECASE)
_PLAIN = re.compile(r"^[~≈]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?::\d{2})?(?:am|pm|h)?$|^\d{1,2}(?:am|pm)$", re.IGNORECASE)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?\d[\d-]*-\d[\d-]*-\d+$|^\+\d{6,}$")
_CLOCK_AFTER = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "utc", "gmt", "hrs", "o'clock", "local", "ist", "est", "edt",
                "cet", "cest", "bst", "jst", "pst", "pdt", "msk"}
_SKIP_ENTS = {"DATE", "TIME", "ORDINAL"}
_VAGUE_CONTEXT = {"scores": {"of", "more", "others"}, "tens": {"of"}}
_ARTICLE_SCALES = {"dozen", "hundred", "thousand", "million", "billion", "trillion"}
_AGE_BEFORE = {"aged", "age", "ages"}
_HALF = get_string_id("half")
_CURRENCY_SUFFIXES = {"m", "bn", "b", "k", "mn", "mln", "tn", "trn"}


@cache
def _vague_hashes() -> NDArray[np.uint64]:
    words = [w for w, (_, kind) in tables().numbers.items() if kind == "vague"] + ["dozen"]
    return np.array(sorted(get_string_id(w) for w in words), dtype=np.uint64)


def _cores(doc: Doc) -> list[Span]:
    """Runs of number tokens, found with numpy over the Doc's attribute arrays.

    A number token is one spaCy calls ``like_num`` ("1,000", "2.5", "ten", "million"), a vague
    plural or "dozen", or a token starting with a digit ("2.5bn", "16–17"), read later.
    """
    if len(doc) == 0:
        return []
    arr = doc.to_array([LIKE_NUM, LOWER, SHAPE]).astype(np.uint64)
    vague = _vague_hashes()
    at = np.minimum(np.searchsorted(vague, arr[:, 1]), len(vague) - 1)
    numeric = (arr[:, 0] == 1) | (vague[at] == arr[:, 1])
    shapes, inverse = np.unique(arr[:, 2], return_inverse=True)
    digit_shape = np.array([doc.vocab.strings[int(h)][:1] == "d" for h in shapes], dtype=bool)
    digit_first = digit_shape[inverse.ravel()]
    # "half of the voters" (a proportion); not "the first half of", "half an hour"
    for i in np.flatnonzero(arr[:, 1] == _HALF).tolist():
        after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        before = doc[i - 1].lower_ if i > 0 else ""
        numeric[i] = after == "of" and before not in ("first", "second", "latter", "former", "the", "a", "an")
    mixed = np.flatnonzero(digit_first & ~numeric)
    for k in mixed.tolist():  # few tokens: "2.5bn", "16–17", "6pm"
        text = doc[k].text
        numeric[k] = bool(_SUFFIXED.match(text) or _RANGE_TOKEN.match(text))
    cores: list[Span] = []
    idx = np.flatnonzero(numeric)
    if len(idx) == 0:
        return cores
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        # a vague word ends a run: "two dozen", "dozens"; a suffixed or ranged figure stands alone
        cut = s
        for k in range(s, e):
            if arr[k, 0] != 1 and k + 1 < e:
                cores.append(doc[cut : k + 1])
                cut = k + 1
        cores.append(doc[cut:e])
    return cores


def find_amounts(doc: Doc) -> list[AmountSpan]:
    """All amounts in a parsed Doc, in text order (see ``docs/context.md`` for what counts)."""
    cores = _cores(doc)
    found: list[AmountSpan] = []
    skip_until = -1
    for core in cores:
        if core.start < skip_until:
            continue
        amount = _read(doc, core)
        if amount is not None:
            found.append(amount)
            skip_until = doc.char_span(amount.start, amount.end, alignment_mode="expand").end  # type: ignore[union-attr]
    return _merge_ranges(doc, found)


def _merge_ranges(doc: Doc, found: list[AmountSpan]) -> list[AmountSpan]:
    """One amount for "between 36 and 40 people" and "between $5 and $7 billion"."""
    out: list[AmountSpan] = []
    i = 0
    while i < len(found):
        a = found[i]
        if i + 1 < len(found) and a.upper is None:
            b = found[i + 1]
            sa = doc.char_span(a.start, a.end, alignment_mode="expand")
            sb = doc.char_span(b.start, b.end, alignment_mode="expand")
            if sa is not None and sb is not None and _is_range(doc, sa, sb, a, b):
                value = a.value
                if _SCALED.search(b.text) and not _SCALED.search(a.text):
                    while 0 < value * 1000 <= b.value:
                        value *= 1000  # "$5 and $7 billion": the scale is said once
                start = doc[sa.start - 1].idx if doc[sa.start - 1].lower_ == "between" else a.start
                out.append(
                    AmountSpan(
                        start=start, end=b.end, text=doc.text[start : b.end], value=value, approximate=True,
                        unit=b.unit or a.unit, object=b.object or a.object,
                        kind=b.kind if b.kind != "count" else a.kind, head=b.head, upper=b.value, bound=a.bound,
                    )
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _is_range(doc: Doc, sa: Span, sb: Span, a: AmountSpan, b: AmountSpan) -> bool:
    """ "between 36 and 40", "18,250 to 63,000 visitors"; not "from 14 to 31" (two figures)."""
    if sa.end >= len(doc) or sb.start != sa.end + 1:
        return False
    link = doc[sa.end].lower_
    before = doc[sa.start - 1].lower_ if sa.start > 0 else ""
    if before == "between":
        return link in ("and", "-", "–", "to")
    return link in ("to", "-", "–") and before != "from" and not a.object and a.unit is None and (
        bool(b.object) or b.unit is not None
    )


def _opens_sentence(doc: Doc, i: int) -> bool:
    """Whether token ``i`` starts a sentence, a line or a quotation (so its capital says nothing)."""
    if i == 0 or doc[i].is_sent_start:
        return True
    before = doc[i - 1]
    return before.is_quote or before.is_space or before.text in (":", "(", "[", "—", "–", "-", "•")


def attach_amounts(amounts: Sequence[AmountSpan], doc: Doc, trigger: int) -> list[AmountSpan]:
    """The amounts that belong to the event whose trigger is token ``trigger``.

    An amount belongs to the event when the path from its head up the dependency tree reaches
    the trigger without entering another clause: "sent 1,000 soldiers" (object), "the
    deployment of 1,000 troops" (a noun trigger). Open complements are crossed ("agreed to send
    1,000 troops"). Casualty amounts also cross a coordinated or participle clause of the trigger,
    where news reports them ("bombed the market, killing 39"; "killed 39 and injured 25").
    """
    tok = doc[trigger]
    sent = tok.sent
    return [a for a in amounts if sent.start <= a.head < sent.end and _reaches(doc[a.head], tok, a.kind)]


def _reaches(node: Token, trigger: Token, kind: str) -> bool:
    casualty = kind in ("dead", "injured")
    for _ in range(40):  # a parse is a tree; the bound only guards against malformed input
        if node.i == trigger.i:
            return True
        head = node.head
        if head.i == node.i:
            return False
        leaving = node.pos_ in ("VERB", "AUX") and node.dep_ not in ("xcomp", "aux", "auxpass")
        # leaving a clause: only casualty clauses hanging on the trigger itself may go on
        if leaving and not (casualty and head.i == trigger.i and node.dep_ in ("conj", "advcl")):
            return False
        node = head
    return False


# --------------------------------------------------------------------------- reading a core


def _read(doc: Doc, core: Span) -> AmountSpan | None:
    """The amount a numeric core stands for, or ``None`` when it is no amount."""
    t = tables()
    if _not_a_number(doc, core, t):
        return None
    low = [tok.lower_ for tok in core]
    ranged = _RANGE_TOKEN.match(core[0].text) if len(core) == 1 else None
    upper: float | None = None
    if ranged:  # a range written as one token: "16–17 percent"
        value: float | None = float(ranged.group(1).replace(",", ""))
        upper, approximate = float(ranged.group(2).replace(",", "")), True
    elif low == ["half"]:
        value, approximate = 0.5, False
    else:
        value, approximate = _value(low, t)
    if value is None:
        return None
    start, end = core.start, core.end
    # "tens of thousands", "hundreds of thousands": a vague core, "of", another vague word
    if approximate and not ranged and end + 1 < len(doc) and doc[end].lower_ == "of":
        after = t.numbers.get(doc[end + 1].lower_)
        if after is not None and after[1] == "vague":
            value, end = value * after[0], end + 2
    unit, kind, start = _left_unit(doc, start, low, t)
    if low == ["half"]:
        value, unit, kind = 50.0, "percent", "percent"
    if kind == "money" and end < len(doc) and doc[end].lower_ in _CURRENCY_SUFFIXES and doc[end - 1].whitespace_ == "":
        value, end = value * t.numbers[doc[end].lower_][0], end + 1  # "£3m", "$2bn" split by the tokenizer
    right = _unit_after(doc, end, t)
    if right is not None and not kind:
        (unit, kind), end = right[0], right[1]
        if kind in ("time", "date"):
            return None  # durations, ages and dates are temporal expressions, not amounts
        if kind == "fraction":
            value, unit, kind = round(value * right[2] * 100, 2), "percent", "percent"
    elif right is not None and kind == "money" and right[0] == (unit, "money"):
        end = right[1]  # "$5 million dollars"
    suffixed = _SUFFIXED.match(doc[core.end - 1].text)
    if suffixed and not kind and suffixed.group(2).lower() in ("m", "b"):
        return None  # "15m" without a currency: metres or millions, the text does not say
    start, end, approx_word, bound = _approximators(doc, start, end, t)
    approximate = approximate or approx_word or core[0].text[:1] in "~≈"
    if not kind and _excluded(doc, core, value, start, end, approximate):
        return None
    if ranged and not kind and not _counts_a_noun(core[0]):
        return None  # "3-1", "2019-20": a score or a span of years, not an amount
    if low == ["one"] and not approximate and not _counts_a_noun(core[0]):
        return None  # "one of them", "one another"
    head, obj = _counted(doc, core, start, end)
    if not kind:
        unit = _implied_unit(doc[head], core, t)
        kind = "other" if unit else casualty_kind(doc[head], _core_root(core, start, end), obj) or "count"
    if kind in ("money", "percent", "other"):
        obj = ""
    span = doc[start:end]
    return AmountSpan(
        start=span.start_char, end=span.end_char, text=span.text, value=float(value), approximate=approximate,
        unit=unit, object=obj, kind=kind, head=head, upper=upper, bound=bound,
    )


def _not_a_number(doc: Doc, core: Span, t: _Tables) -> bool:
    """Dates, clock times, ordinals, phone numbers, number words in names, stray "scores"."""
    if any(tok.ent_type_ in _SKIP_ENTS for tok in core) and not _has_money_or_percent(core) and _in_date(doc, core, t):
        return True
    if any(_TIME.match(tok.text) or _ORDINAL.match(tok.text) or _PHONE.match(tok.text) for tok in core):
        return True
    word = core[0].lower_
    if word in _VAGUE_CONTEXT and (core.end >= len(doc) or doc[core.end].lower_ not in _VAGUE_CONTEXT[word]):
        return True  # "test scores", "tens" alone
    # a number word inside a name: "the Group of Seven"
    return any(tok.is_alpha and tok.is_title and not _opens_sentence(doc, tok.i) for tok in core)


def _left_unit(doc: Doc, start: int, low: list[str], t: _Tables) -> tuple[str | None, str, int]:
    """A currency symbol or code, "magnitude (of)" or the article of "a dozen" before the number."""
    if start == 0:
        return None, "", start
    left = doc[start - 1]
    unit = t.units.get(left.lower_)
    if unit and unit[1] == "money" and (left.is_currency or left.text.isupper() or "$" in left.text):
        return unit[0], "money", start - 1
    if left.lower_ == "magnitude":
        return "magnitude", "other", start - 1
    if left.lower_ == "of" and start > 1 and doc[start - 2].lower_ == "magnitude":
        return "magnitude", "other", start - 2
    if left.lower_ in ("a", "an") and low[0] in _ARTICLE_SCALES:
        return None, "", start - 1
    return None, "", start


def _approximators(doc: Doc, start: int, end: int, t: _Tables) -> tuple[int, int, bool, str]:
    """Grow the span over "at least", "about", "or so", "+"; say whether it is a bound."""
    approximate, bound = False, ""
    before = tuple(doc[k].lower_ for k in range(max(0, start - 3), start))
    for phrase, meaning in t.approx_before:
        n = len(phrase)
        if len(before) >= n and before[len(before) - n :] == phrase:
            start, approximate = start - n, True
            bound = meaning if meaning in ("lower", "upper") else ""
            break
    if end < len(doc) and doc[end].lower_ in t.approx_after:
        meaning = t.approx_after[doc[end].lower_]
        if not (doc[end].lower_ == "plus" and end + 1 < len(doc) and doc[end + 1].like_num):
            approximate, end = True, end + 1
            bound = meaning if meaning in ("lower", "upper") else bound
    return start, end, approximate, bound


def _has_money_or_percent(core: Span) -> bool:
    return any(tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY") for tok in core)


def _value(words: list[str], t: _Tables) -> tuple[float | None, bool]:
    """The value of number words/digits; ``True`` when the core is a vague plural ("dozens")."""
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        word = word.lstrip("~≈")
        plain = _PLAIN.match(word)
        suffixed = _SUFFIXED.match(word)
        if plain:
            current += float(word.replace(",", ""))
        elif suffixed:
            current += float(suffixed.group(1).replace(",", "")) * t.numbers[suffixed.group(2).lower()][0]
        elif word in t.numbers:
            number, kind = t.numbers[word]
            if kind == "vague":
                # a vague plural is worth twice its unit; "two dozen" is a count, "dozens" is vague
                return (current or 1.0) * number * 2 if not seen else (current or 1.0) * number, not seen
            if kind == "scale":
                current = (current or 1.0) * number
                if number >= 1000:
                    total, current = total + current, 0.0
            elif kind == "unit" and word == "dozen":
                current = (current or 1.0) * number
            elif kind == "unit":
                current += number
            else:
                return None, False
        else:
            return None, False
        seen = True
    return (total + current if seen else None), False


def _unit_after(doc: Doc, end: int, t: _Tables) -> tuple[tuple[str, str], int, float] | None:
    """The unit right after a number: "percent", "per cent", "km", "-magnitude", "-thirds"."""
    pos = end + 1 if end < len(doc) and doc[end].text in ("-", "–") and doc[end].whitespace_ == "" else end
    for n in (*t.unit_lengths, 1):
        if pos + n > len(doc):
            continue
        words = doc[pos : pos + n]
        for form in (" ".join(tok.lower_ for tok in words), " ".join(tok.lemma_.lower() for tok in words)):
            if form in t.units and t.units[form][1] != "implied":
                unit = t.units[form]
                if form == "won" or (form == "try" and not words[0].text.isupper()):
                    continue  # a verb far more often than a currency
                return unit, pos + n, 1.0
            fraction = t.numbers.get(form)
            if n == 1 and fraction and fraction[1] == "fraction" and form not in ("half", "halves"):
                return ("percent", "fraction"), pos + 1, fraction[0]
    # "60 years", "three-day", "97-year-old": time words make the number a duration or an age
    if pos < len(doc) and t.units.get(doc[pos].lemma_.lower(), ("", ""))[1] == "time":
        return ("", "time"), pos + 1, 1.0
    return None


def _in_date(doc: Doc, core: Span, t: _Tables) -> bool:
    """Whether the core is inside a real date or time expression.

    The small model also labels bare counts DATE ("from fourteen to 31"), so the label is
    trusted only when the entity holds a date word, a year, a clock time or a decade.
    """
    for tok in core:
        if tok.ent_type_ == "ORDINAL":
            return True
        if tok.ent_type_ not in _SKIP_ENTS:
            continue
        left = tok.i
        while left > 0 and doc[left].ent_iob_ == "I":
            left -= 1
        right = tok.i + 1
        while right < len(doc) and doc[right].ent_iob_ == "I":
            right += 1
        for word in doc[max(left, tok.i - 6) : min(right, tok.i + 7)]:
            kind = t.units.get(word.lower_, t.units.get(word.lemma_.lower(), ("", "")))[1]
            if kind in ("time", "date") or _TIME.match(word.text):
                return True
            if _DATE_TOKEN.match(word.text) and not _counts_plural(word):
                return True  # a year, unless it counts something: "1846 persons"
            if word.lower_ in _CLOCK_AFTER:
                return True
    return False


_DATE_TOKEN = re.compile(r"^(?:1[89]|20)\d\d(?:s|/\d\d)?$|^\d+/\d+(?:/\d+)?$|^'\d\ds$|^mid-")


def _excluded(doc: Doc, core: Span, value: float, start: int, end: int, approximate: bool) -> bool:
    """Years, ages and identifiers ("Flight 1344", "Region 11") are not amounts."""
    tok = core[-1]
    before = doc[core.start - 1] if core.start > 0 else None
    text = tok.text
    year_like = len(core) == 1 and re.fullmatch(r"\d{4}", text) and 1800 <= value <= 2100 and not approximate
    if year_like and not _counts_plural(tok):
        return True
    if tok.dep_ in ("attr", "acomp") and tok.head.lemma_ == "be" and _is_person(tok.head):
        return True  # an age: "when she was about 57"
    if before is not None:
        aged = core.start > 1 and doc[core.start - 2].lower_ in _AGE_BEFORE
        if before.lower_ in _AGE_BEFORE or (before.lower_ in ("above", "over", "under", "below", "of") and aged):
            return True  # "aged 82", "aged above 60", "between the ages of 17 and 29"
        if before.lower_ == "at" and before.head.lemma_ == "die":
            return True  # "died at 97"
        if before.pos_ in ("PROPN", "NOUN") and core[0].text[:1].isdigit() and start == core.start:
            return True  # an identifier: "Flight 1344", "Region 11", "Boeing 737"
        glued = before.text in ("-", "–", "/") and not doc[core.start - 2].whitespace_ and not before.whitespace_
        if glued and core.start > 1 and doc[core.start - 2].text[-1:].isalnum():
            return True  # the second part of a code: "737-800", "2019/20"
    if core[0].text[:1].isdigit() and _opens_sentence(doc, core.start) and end < len(doc) and doc[end].text in ".)":
        return True  # a list marker: "1. Results", "2) Turnout"
    return end < len(doc) and doc[end].lower_ in _CLOCK_AFTER


def _counts_plural(tok: Token) -> bool:
    """ "1846 persons", not a year before a plural ("the 2016 primaries", "his 2008 and 2010 runs")."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if before is not None and (before.tag_ in ("DT", "PRP$", "POS") or before.lower_ in ("in", "since", "until")):
        return False
    return tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS") and tok.head.i == tok.i + 1


def _is_person(verb: Token) -> bool:
    """Whether the subject of ``verb`` is a person ("she", "the minister", "Ms Spearman")."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child.lower_ in ("he", "she", "i", "you", "we") or child.ent_type_ == "PERSON"
    return False


def _counts_a_noun(tok: Token) -> bool:
    return tok.dep_ == "nummod" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i


def _core_root(core: Span, start: int, end: int) -> Token:
    """The number token whose head lies outside the amount."""
    for tok in core:
        if not (start <= tok.head.i < end):
            return tok
    return core.root


def _implied_unit(tok: Token, core: Span, t: _Tables) -> str | None:
    """A unit said by the counted noun or the subject: "a 5.0 earthquake", "its magnitude was 5.5"."""
    if not any("." in word.text for word in core):
        return None
    implied = t.units.get(tok.lemma_.lower())
    if implied and implied[1] == "implied":
        return implied[0]
    if tok.dep_ in ("attr", "dobj", "pobj"):
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        for child in verb.children:
            unit = t.units.get(child.lemma_.lower())
            if child.dep_ in ("nsubj", "nsubjpass") and unit and unit[1] in ("other", "implied"):
                return unit[0]
    return None


def _counted(doc: Doc, core: Span, start: int, end: int) -> tuple[int, str]:
    """The counted noun (token index, lemma): "1,000 additional soldiers", "dozens of protesters"."""
    root = _core_root(core, start, end)
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.pos_ in ("NOUN", "PROPN") and not (
        start <= head.i < end
    ):
        return head.i, _object(head)
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj.i, _object(obj)
    return root.i, ""


def _object(tok: Token) -> str:
    """The lemma naming what is counted; "people" is counted as "person", adjectives ("five dead") name nothing."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return ""
    lemma = tok.lemma_.lower()
    return "person" if lemma == "people" else lemma
