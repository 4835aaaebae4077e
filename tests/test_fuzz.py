"""Fuzzing with hypothesis: decoding and normalisation of any text, quotation-mark pairing,
and the span offsets of the whole pipeline.

The budgets are small so CI stays quick (the full-pipeline property runs a handful of
examples through the real model); ``DETENTE_FUZZ_EXAMPLES=2000`` searches longer.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.ingest.normalize import normalize, paragraphs
from detente.ingest.readers import decode
from detente.quotes import CLOSERS, OPENERS, find_marks
from detente.records import Article

SCALE = int(os.environ.get("DETENTE_FUZZ_EXAMPLES", "0"))
QUICK = settings(max_examples=SCALE or 150, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
MODEL = settings(max_examples=max(SCALE // 50, 6), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                        HealthCheck.data_too_large])

MARKS = list(OPENERS) + list(CLOSERS) + ["'", "‘", "’"]
NEWS = [
    "Russia", "Ukraine", "Britain", "NATO", "the Kremlin", "Sergei Lavrov", "Ben Wallace",
    "the British Defence Minister", "he", "she", "they", "said", "warned", "denied", "accused",
    "expelled", "did not attack", "would", "talks", "troops", "on Monday", "in Moscow", ",", ".",
    " ", " ", "\n", "\n\n", "\u00a0", "\u200b", "\x00", "\r\n", "e\u0301", "once morest", "“", "”",
    '"', "«", "»", "’", "—", "according to", "that", ":",
]

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
#: Text files hold few NULs (more than 1% of the first bytes means binary, by design).
file_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=200)
quote_text = st.lists(st.one_of(st.sampled_from([*MARKS, "\n", "\n\n", " ", "a", "word", ". "]),
                                st.text(max_size=3)), max_size=40).map("".join)
news_text = st.lists(st.sampled_from(NEWS), min_size=1, max_size=60).map(" ".join)


# --------------------------------------------------------------------------- decoding


@QUICK
@given(file_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_text_in_any_unicode_encoding_decodes_back(text, encoding):
    decoded, warning = decode(text.encode(encoding), "fuzz")
    assert decoded == text.removeprefix("\ufeff") or decoded == text
    assert warning is None


@QUICK
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_input_error(data):
    from detente.errors import InputError

    try:
        text, _warning = decode(data, "fuzz")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str)


# --------------------------------------------------------------------------- normalisation


@QUICK
@given(any_text)
def test_normalised_positions_map_inside_the_original_in_order(text):
    norm = normalize(text)
    previous = 0
    for pos in range(len(norm.text) + 1):
        mapped = norm.to_original(pos)
        assert 0 <= mapped <= len(text)
        assert mapped >= previous
        previous = mapped
    for start, piece in paragraphs(norm.text):
        s, e = norm.span(start, start + len(piece))
        assert 0 <= s <= e <= len(text)


@QUICK
@given(any_text)
def test_normalising_twice_changes_nothing_more(text):
    once = normalize(text).text
    assert normalize(once).text == once


# --------------------------------------------------------------------------- quote pairing


@QUICK
@given(quote_text)
def test_quote_pairs_are_ordered_non_empty_and_bounded_by_marks(text):
    pairs = find_marks(text)
    end_of_last = 0
    for start, end, closed in pairs:
        assert 0 < start <= end <= len(text)
        assert start >= end_of_last, "quotes never overlap"
        end_of_last = end
        assert text[start:end].strip()
        assert text[start - 1] in OPENERS or text[start - 1] in "\n ", "a quote opens after a mark"
        if closed:
            assert end < len(text) and (text[end] in CLOSERS or text[end] == "\n")
        else:
            assert end == len(text) or text[end] == "\n" or text[end] in OPENERS


@QUICK
@given(st.lists(st.from_regex(r"[A-Za-z]([A-Za-z ,]{0,10}[A-Za-z])?", fullmatch=True), min_size=1, max_size=5))
def test_balanced_curly_quotes_are_found_closed(contents):
    text = " ".join(f"He said “{c}” and left." for c in contents)
    pairs = find_marks(text)
    assert [(text[s:e], ok) for s, e, ok in pairs] == [(c, True) for c in contents]


# --------------------------------------------------------------------------- full pipeline


@MODEL
@given(news_text, st.sampled_from(["", "\u00a0 ", "\n\n", "\ufeff", "  \r\n"]))
def test_every_span_of_the_pipeline_is_inside_the_text_and_equal_to_it(pipeline, text, prefix):
    text = prefix + text
    result = pipeline.analyze(Article(text=text))

    def inside(start, end, value=None):
        assert 0 <= start <= end <= len(text), (start, end)
        if value is not None:
            assert text[start:end] == value

    for m in result.mentions:
        inside(m.start, m.end, m.text)
    for q in result.quotes:
        inside(q.start, q.end, q.text)
        if q.cue_start is not None:
            inside(q.cue_start, q.cue_end, q.cue)
        if q.speaker_start is not None:
            inside(q.speaker_start, q.speaker_end, q.speaker_text)
    for e in result.events:
        inside(e.start, e.end)
        inside(e.trigger_start, e.trigger_end, e.trigger)
        for s, t in ((e.source_start, e.source_end), (e.target_start, e.target_end)):
            if s is not None:
                inside(s, t)
