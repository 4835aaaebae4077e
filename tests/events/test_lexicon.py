"""The lexicon as data: valid, broad, and agreeing with the coder's reading of the parse."""

from __future__ import annotations

import pytest

from detente.errors import DataError
from detente.events.coder import EventCoder
from detente.events.lexicon import Frame, Lexicon, default_lexicon, parse_entry
from detente.events.slots import bind


def test_lexicon_covers_all_twenty_roots_and_two_hundred_codes():
    lexicon = default_lexicon()
    assert {code[:2] for code in lexicon.codes} == {f"{n:02d}" for n in range(1, 21)}
    assert len(lexicon.codes) >= 200
    assert len(lexicon.frames) >= 1500


@pytest.mark.parametrize(
    "entry,message",
    [
        ({"code": "999", "verb": "x"}, "not a CAMEO code"),
        ({"code": "042", "verb": "visit", "noun": "visit"}, "exactly one"),
        ({"code": "042", "verb": "visit", "colour": "red"}, "unknown fields"),
        ({"code": "042", "verb": "visit", "target": "sideways"}, "target must be"),
    ],
)
def test_bad_entries_are_rejected_with_their_place(entry, message):
    with pytest.raises(DataError, match=message) as info:
        parse_entry(entry, "mine.yaml#3")
    assert "mine.yaml#3" in str(info.value)


def test_most_specific_frame_wins():
    frames = [parse_entry({"code": "172", "verb": "impose"}, "a#1"),
              parse_entry({"code": "163", "verb": "impose", "object": "sanction", "prep": "on"}, "a#2")]
    assert Lexicon(frames).verbs["impose"][0].code == "163"


def test_examples_bind_to_their_own_frames(pipeline):
    """Each entry's example sentence must be read by the coder as that entry (the lexicon and
    the coder agree on where particles, objects and prepositions attach)."""
    lexicon = default_lexicon()
    coder = EventCoder(lexicon)
    entries: dict[str, list[Frame]] = {}  # an entry listing several lemmas gives several frames
    for f in lexicon.frames:
        if f.example:
            entries.setdefault(f.origin, []).append(f)
    docs = pipeline.nlp.pipe([frames[0].example or "" for frames in entries.values()], batch_size=64)
    bound = won = 0
    for frames, doc in zip(entries.values(), docs, strict=True):
        found = [(t, f) for t in doc for f in frames if f.lemma in (t.lemma_.lower(), t.lower_) and _fits(t, f)]
        if not found:
            continue
        bound += 1
        trigger, frame = found[0]
        winner = next((g for g in coder._frames(trigger) if _fits(trigger, g)), None)
        won += winner is not None and winner.code == frame.code
    assert bound / len(entries) >= 0.97
    assert won / len(entries) >= 0.95


def _fits(trigger, frame: Frame) -> bool:
    """The coder's test of a frame: the parse binding, then the frame's own word constraints."""
    bound = bind(trigger, frame)
    return bound is not None and frame.fits(trigger, bound[1])
