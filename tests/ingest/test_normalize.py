"""Text normalisation: what changes, what stays, and that every span maps back to the original."""

from __future__ import annotations

import os
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.ingest.normalize import OffsetMap, apply_edits, normalize, paragraphs, spinner_table

# --------------------------------------------------------------------------- strategies

HOSTILE_PIECES = [
    "e\u0301",  # e + combining acute -> é
    "\u0301",  # a lone combining mark
    "A\u030a",  # A + ring -> Å
    "\u212b",  # ANGSTROM SIGN, NFC -> Å
    "\u1100\u1161",  # Hangul jamo
    "\u00a0",  # NBSP
    "\u202f",
    "\u3000",
    "\u200b",  # zero-width space
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",  # soft hyphen
    "\x00",
    "\x07",
    "\x7f",
    "\x0c",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\n\n\n",
    "\n\n\n\n\n",
    "\t",
    " \t ",
    "  ",
    " ",
    "\u2028",
    "once morest",
    "Once morest",
    "once\nmorest",
    "ONCE  MOREST",
    "caemploy",
    "White Hoemploy",
    "\u201c",
    "\u201d",
    "\u2019",
    "\u2014",
    "\u2013",
    ". ",
    "word",
    "Ukraine",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=4)), max_size=25
).map("".join)


def _spinner_words() -> set[str]:
    _pattern, table = spinner_table()
    return {word for artefact in table for word in artefact.split()}


SPINNER_WORDS = _spinner_words()

plain_word = st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True).filter(
    lambda w: w.lower() not in SPINNER_WORDS
)


@st.composite
def text_with_plain_words(draw):
    """Hostile junk interleaved with runs of plain words; returns the text and word spans."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for _ in range(draw(st.integers(1, 6))):
        junk = draw(hostile_text)
        parts.append(junk)
        pos += len(junk)
        words = draw(st.lists(plain_word, min_size=1, max_size=4))
        for word in words:
            parts.append(" ")
            pos += 1
            spans.append((pos, pos + len(word)))
            parts.append(word)
            pos += len(word)
        parts.append(" ")
        pos += 1
    parts.append(draw(hostile_text))
    return "".join(parts), spans


TOKENISH = re.compile(r"\w+|[^\w\s]")
# DETENTE_HYPOTHESIS_EXAMPLES=5000 for a longer search; the default keeps the module fast.
EXAMPLES = int(os.environ.get("DETENTE_HYPOTHESIS_EXAMPLES", "100"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------- offset invariant


@FAST
@given(hostile_text)
def test_every_token_span_maps_inside_the_original(text):
    n = normalize(text)
    previous = (0, 0)
    for match in TOKENISH.finditer(n.text):
        a, b = n.span(match.start(), match.end())
        assert 0 <= a <= b <= len(text), (match.group(), a, b)
        assert a < b, "a non-empty token comes from some original text"
        assert (a, b) >= previous, "spans keep their order"
        previous = (a, b)
    if n.text:
        a, b = n.span(0, len(n.text))
        assert 0 <= a < b <= len(text)


@FAST
@given(hostile_text, st.data())
def test_every_nonempty_span_maps_inside_the_original(text, data):
    n = normalize(text)
    if not n.text:
        return
    s = data.draw(st.integers(0, len(n.text) - 1))
    e = data.draw(st.integers(s + 1, len(n.text)))
    a, b = n.span(s, e)
    assert 0 <= a < b <= len(text)


@FAST
@given(hostile_text)
def test_positions_map_monotonically(text):
    n = normalize(text)
    for side in ("start", "end"):
        mapped = [n.to_original(i, side) for i in range(len(n.text) + 1)]
        assert all(0 <= m <= len(text) for m in mapped)
        assert mapped == sorted(mapped)


@FAST
@given(text_with_plain_words())
def test_unchanged_words_map_back_to_identical_text(case):
    text, word_spans = case
    n = normalize(text)
    repairs = [(s, e) for s, e, _ in n.repairs]
    found = {}
    for match in re.finditer(r"[A-Za-z]+", n.text):
        a, b = n.span(match.start(), match.end())
        found[(a, b)] = match.group()
        original = text[a:b]
        touches_repair = any(a < re_ and s < b for s, re_ in repairs)
        if re.fullmatch(r"[A-Za-z]+", original) and not touches_repair:
            assert original == match.group()
    for a, b in word_spans:
        assert found.get((a, b)) == text[a:b], (text[a:b], a, b)


@FAST
@given(hostile_text)
def test_clean_text_is_nfc_without_zero_width_or_crlf(text):
    clean = normalize(text).text
    assert "\r" not in clean
    assert not any(ch in clean for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\x00\x7f")
    assert "  " not in clean and "\t" not in clean
    assert clean == clean.strip(" \t")


# --------------------------------------------------------------------------- concrete behaviour


def test_plain_text_is_unchanged_and_maps_identically():
    text = "Russia warned Ukraine.\n\nFrance urged restraint."
    n = normalize(text)
    assert n.text == text
    assert n.repairs == ()
    assert all(n.span(i, i + 1) == (i, i + 1) for i in range(len(text)))


def test_nfc_composes_accents_and_maps_back():
    text = "Cafe\u0301 talks"
    n = normalize(text)
    assert n.text == "Café talks"
    assert unicodedata.is_normalized("NFC", n.text)
    s = n.text.index("Café")
    a, b = n.span(s, s + len("Café"))
    assert text[a:b] == "Cafe\u0301"
    e_acute = n.text.index("é")
    assert n.span(e_acute, e_acute + 1) == (3, 5)
    t = n.text.index("talks")
    assert n.span(t, t + 5) == (6, 11)


def test_once_morest_is_repaired_to_against_with_original_offsets():
    text = "Britain spoke once morest the plan."
    n = normalize(text)
    assert n.text == "Britain spoke against the plan."
    start = text.index("once")
    end = text.index("morest") + len("morest")
    assert n.repairs == ((start, end, "against"),)
    s = n.text.index("against")
    assert n.span(s, s + len("against")) == (start, end)
    assert text[start:end] == "once morest"
    p = n.text.index("plan")
    assert text[slice(*n.span(p, p + 4))] == "plan"


def test_capitalised_once_morest_becomes_against_capitalised():
    text = "Once morest all odds, talks resumed."
    n = normalize(text)
    assert n.text == "Against all odds, talks resumed."
    assert n.repairs == ((0, len("Once morest"), "Against"),)


def test_spinner_repairs_are_recorded_in_original_offsets_after_other_edits():
    text = "\u200bThe  deal\u00a0was signed once\u00a0\u00a0morest pressure. It caemploy anger."
    n = normalize(text)
    assert n.text == "The deal was signed against pressure. It cause anger."
    assert [(text[s:e], r) for s, e, r in n.repairs] == [
        ("once\u00a0\u00a0morest", "against"),
        ("caemploy", "cause"),
    ]


def test_spinner_needs_whole_words():
    text = "nonce morestation caemployment"
    assert normalize(text).text == text


def test_typographic_quotes_and_dashes_are_kept():
    text = "\u201cWe will not yield,\u201d he said \u2014 Kyiv\u2019s line \u2013 firmly. \u2018Fine.\u2019"
    n = normalize(text)
    assert n.text == text
    assert n.maps == ()


def test_three_blank_lines_collapse_to_one_blank_line():
    n = normalize("First.\n\n\n\nSecond.\n\n\nThird.")
    assert n.text == "First.\n\nSecond.\n\nThird."
    s = n.text.index("Second.")
    assert n.span(s, s + 7) == (10, 17)


def test_blank_lines_with_spaces_also_collapse_to_one_blank_line():
    assert normalize("First.\n \n\t\n  \nSecond.").text == "First.\n\nSecond."


def test_crlf_becomes_lf_and_maps_back():
    text = "One.\r\nTwo.\r\n\r\nThree."
    n = normalize(text)
    assert n.text == "One.\nTwo.\n\nThree."
    s = n.text.index("Three.")
    assert text[slice(*n.span(s, s + 6))] == "Three."


def test_lone_carriage_return_is_a_line_break_not_deleted():
    assert normalize("First line\rSecond line").text == "First line\nSecond line"


def test_spaces_tabs_and_nbsp_collapse_to_one_space():
    text = "Moscow\t\tand\u00a0\u00a0 Kyiv  \n  talks"
    n = normalize(text)
    assert n.text == "Moscow and Kyiv\ntalks"
    k = n.text.index("Kyiv")
    assert text[slice(*n.span(k, k + 4))] == "Kyiv"


def test_zero_width_and_soft_hyphen_are_dropped_and_word_maps_over_them():
    text = "nego\u00adti\u200bations"
    n = normalize(text)
    assert n.text == "negotiations"
    assert n.span(0, len(n.text)) == (0, len(text))


def test_leading_and_trailing_whitespace_is_trimmed():
    text = "  \t Talks resumed.  \n\n "
    n = normalize(text)
    assert n.text == "Talks resumed."
    assert text[slice(*n.span(0, len(n.text)))] == "Talks resumed."


def test_leading_blank_lines_after_a_space_are_trimmed():
    assert normalize(" \n\nTalks resumed.").text == "Talks resumed."


def test_empty_text_normalises_to_empty():
    n = normalize("")
    assert n.text == ""
    assert n.span(0, 0) == (0, 0)


def test_offset_map_maps_replaced_stretch_to_whole_source():
    new, offset_map = apply_edits("abXYZcd", [(2, 5, "Q")])
    assert new == "abQcd"
    assert isinstance(offset_map, OffsetMap)
    assert (offset_map(2, "start"), offset_map(3, "end")) == (2, 5)
    assert (offset_map(3, "start"), offset_map(5, "end")) == (5, 7)
    assert (offset_map(0, "start"), offset_map(2, "end")) == (0, 2)


# --------------------------------------------------------------------------- paragraphs


def test_paragraph_pieces_join_back_exactly_with_offsets():
    text = "First para.\nStill first? No, second line.\n\nSecond para.\n\n\nThird."
    pieces = paragraphs(text)
    assert "".join(p for _, p in pieces) == text
    assert [p for _, p in pieces] == [
        "First para.\n",
        "Still first? No, second line.\n\n",
        "Second para.\n\n\n",
        "Third.",
    ]
    for start, piece in pieces:
        assert text[start : start + len(piece)] == piece


def test_overlong_paragraph_is_cut_at_sentence_ends():
    text = "The talks began at noon. Both sides spoke at length. Nothing was agreed today."
    pieces = paragraphs(text, max_len=30)
    assert "".join(p for _, p in pieces) == text
    assert [p for _, p in pieces] == [
        "The talks began at noon. ",
        "Both sides spoke at length. ",
        "Nothing was agreed today.",
    ]
    assert all(len(p) <= 30 for _, p in pieces)


def test_overlong_paragraph_without_sentence_end_is_cut_at_spaces():
    text = "alpha beta gamma delta epsilon zeta eta theta"
    pieces = paragraphs(text, max_len=12)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 12 for _, p in pieces)
    assert all(p.endswith(" ") for _, p in pieces[:-1])


def test_overlong_word_is_cut_at_max_len():
    text = "x" * 25
    pieces = paragraphs(text, max_len=10)
    assert [p for _, p in pieces] == ["x" * 10, "x" * 10, "x" * 5]


def test_paragraphs_of_empty_text():
    assert paragraphs("") == []


@FAST
@given(hostile_text, st.integers(1, 40))
def test_paragraph_pieces_always_join_back_and_respect_max_len(text, max_len):
    clean = normalize(text).text
    pieces = paragraphs(clean, max_len=max_len)
    assert "".join(p for _, p in pieces) == clean
    position = 0
    for start, piece in pieces:
        assert start == position and piece
        assert len(piece) <= max_len
        position += len(piece)
