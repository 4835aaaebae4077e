"""Tone: GDELT-like percentages from the VADER lexicon with negation, per sentence and article."""

from __future__ import annotations

import pytest

from detente.context.tone import doc_tones, text_tone


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def test_violence_is_negative_and_cooperation_positive():
    assert text_tone("At least 39 people were killed in the attack.") < -10
    assert text_tone("The two governments welcomed the ceasefire and praised the peace agreement.") > 10


def test_negation_turns_the_tone():
    assert text_tone("The talks were successful.") > 0
    assert text_tone("The talks were not successful.") < 0
    assert text_tone("The talks weren't successful.") < 0


def test_names_carry_no_tone(nlp):
    text = "The United Nations Security Council met in New York on Monday."
    assert text_tone(text) == 0.0
    assert doc_tones(nlp(text)) == ([0.0], 0.0)


def test_the_scale_is_a_percentage_of_words():
    # one word of valence -2.1 ("attack") among 5 words: 100 * -2.1 / (2 * 5)
    assert text_tone("they planned an attack today") == pytest.approx(-21.0)


def test_doc_tones_give_one_tone_per_sentence_and_a_weighted_article_tone(nlp):
    doc = nlp(
        "Rebels shelled the city and killed dozens of civilians. "
        "The foreign minister met his counterpart in Geneva on Tuesday. "
        "Both sides welcomed the agreement and promised lasting peace."
    )
    sentences, article = doc_tones(doc)
    assert len(sentences) == len(list(doc.sents)) == 3
    assert sentences[0] < 0 < sentences[2]
    assert sentences[1] == 0.0
    assert min(sentences) <= article <= max(sentences)


def test_doc_and_text_agree_on_a_plain_sentence(nlp):
    text = "Protesters condemned the brutal crackdown."
    assert doc_tones(nlp(text))[1] == pytest.approx(text_tone(text))


def test_empty_input_is_neutral(nlp):
    assert text_tone("") == 0.0
    assert text_tone("1,000 / 2020") == 0.0
    assert doc_tones(nlp("")) == ([], 0.0)


def test_tone_is_bounded():
    assert -100 <= text_tone("war war war") <= 100
    assert text_tone("war war war") == -100.0
