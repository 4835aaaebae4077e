"""Themes: PLOVER-style topics of an event from its CAMEO code and its sentence."""

from __future__ import annotations

import pytest

from detente.context.themes import THEMES, event_themes


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def themes(nlp, code: str, text: str) -> tuple[str, ...]:
    doc = nlp(text)
    return event_themes(code, doc[:])


def test_the_theme_set_is_small_and_named_after_plover_contexts():
    assert 10 <= len(THEMES) <= 30
    for name in ("military", "diplomatic", "economic", "humanitarian", "human_rights", "election", "health"):
        assert name in THEMES


def test_fighting_is_military_by_its_code(nlp):
    assert "military" in themes(nlp, "190", "Forces of both sides exchanged fire near the border.")


def test_words_give_themes_when_the_code_says_nothing(nlp):
    assert themes(nlp, "010", "The minister said troops would stay in the region.") == ("military",)
    assert "economic" in themes(nlp, "010", "The president said new tariffs would follow.")
    assert "election" in themes(nlp, "010", "The party said the election was rigged.")


def test_phrases_are_matched(nlp):
    assert "human_rights" in themes(nlp, "111", "Activists condemned human rights abuses in the province.")
    assert "repression" in themes(nlp, "111", "Police fired tear gas at the crowd.")


def test_aid_codes_are_humanitarian_and_economic(nlp):
    assert "humanitarian" in themes(nlp, "073", "Germany sent supplies to the flooded region.")
    assert "economic" in themes(nlp, "163", "The European Union imposed measures on Iran.")


def test_an_event_may_have_several_themes_in_theme_order(nlp):
    found = themes(nlp, "0333", "Turkey pledged aid for refugees after the earthquake.")
    assert {"humanitarian", "migration", "disasters"} <= set(found)
    assert list(found) == sorted(found, key=THEMES.index)


def test_a_plain_statement_has_no_theme(nlp):
    assert themes(nlp, "010", "The spokesman said he would comment later.") == ()


def test_names_do_not_trigger_cues_by_accident(nlp):
    # "Bill" is a given name here, not legislation
    assert "legislative" not in themes(nlp, "042", "Bill Clinton visited Hanoi.")
