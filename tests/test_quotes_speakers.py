"""Speaker attribution, one class of error per test (short texts written for the test).

Each expected speaker was read off the sentence by a person, as a reader of the news would.
"""

from __future__ import annotations

import pytest

from detente.evaluate import same_code, same_speaker


def quote_with(result, words):
    return next(q for q in result.quotes if words in q.text)


def name_of(quote):
    return quote.speaker.name if quote.speaker is not None else None


def test_words_inside_the_quote_are_never_the_speaker(analyze):
    result = analyze('"I have the reputation of being the good girl next door, and all that," '
                     "Doris Day said in her autobiography.")
    quote = quote_with(result, "reputation")
    assert quote.speaker_text == "Doris Day"


def test_speaker_after_the_verb_that_follows_a_quote(analyze):
    result = analyze('"The only conclusion I can reach is that his staff want him to resign," '
                     "tweeted former think tank director Ken Gude.")
    quote = quote_with(result, "only conclusion")
    assert name_of(quote) == "Ken Gude"


def test_name_in_apposition_is_the_speaker(analyze):
    result = analyze("Following the vote, a State Department spokesperson, Morgan Ortagus, said the "
                     "United States was disappointed by the decision of the parliament.")
    quote = quote_with(result, "disappointed")
    assert name_of(quote) == "Morgan Ortagus"


def test_name_after_a_coordinated_description(analyze):
    result = analyze("Haifa University geostrategy expert and former Israeli security official, Avinoam Idan, "
                     "said the new pipeline cannot change the energy market of Europe.")
    quote = quote_with(result, "pipeline")
    assert name_of(quote) == "Avinoam Idan"


def test_a_report_speaks_for_its_author(analyze):
    result = analyze("According to a recent report by The Atlantic, the organisation keeps a database "
                     "of the accused.")
    quote = quote_with(result, "database")
    assert quote.speaker_text == "The Atlantic"


def test_the_issuer_of_a_statement_which_said(analyze):
    result = analyze("The commission criticized the move. The commission released a statement which said "
                     '"the monument must remain a museum for all visitors".')
    quote = quote_with(result, "monument")
    assert quote.speaker_text == "The commission"


def test_report_of_a_report_keeps_the_innermost_speaker(analyze):
    result = analyze("Interior Minister Joachim Brudzinski said the mayor required resuscitation; "
                     "TVN24 reported he received surgery.")
    quote = quote_with(result, "resuscitation")
    assert quote.text == "the mayor required resuscitation"
    assert name_of(quote) == "Joachim Brudzinski"


def test_according_to_a_source_around_a_reporting_verb_is_not_the_speaker(analyze):
    result = analyze('Nancy Pelosi called the conduct of the president "a breach of his constitutional '
                     'responsibilities," according to NBC.')
    assert not any(q.speaker_text == "NBC" for q in result.quotes)


def test_as_quoted_by_names_the_outlet_not_the_speaker(analyze):
    result = analyze('Greek Foreign Minister George Katrougalos spoke on Monday. "The monument belongs to all of '
                     'humanity and it must stay a museum", as quoted by Greek Reporter.')
    quote = quote_with(result, "humanity")
    assert name_of(quote) == "George Katrougalos"


def test_cue_beside_the_closing_mark_wins_over_a_governing_verb(analyze):
    result = analyze('The organisation noted the need to act: "All countries can still change the course of '
                     'this outbreak," said Director-General Tedros Adhanom Ghebreyesus.')
    quote = quote_with(result, "All countries")
    assert name_of(quote) == "Tedros Adhanom Ghebreyesus"


def test_he_added_is_the_speaker_not_the_person_he_talks_about(analyze):
    result = analyze("Prime Minister Oleksiy Honcharuk filed his resignation on Wednesday. He said President "
                     'Volodymyr Zelensky is "a model of honesty for me"; however, "to remove any doubts about '
                     'our respect, I wrote a resignation offer", he added.')
    quote = quote_with(result, "resignation offer")
    assert name_of(quote) == "Oleksiy Honcharuk"


def test_quote_only_paragraph_after_a_sentence_about_someone(analyze):
    result = analyze("Former envoy Brett McGurk also criticized the decision on Twitter.\n"
                     '"The statement shows a complete lack of understanding of what happens on the ground."')
    quote = quote_with(result, "lack of understanding")
    assert name_of(quote) == "Brett McGurk"


def test_surname_shared_with_a_known_person_keeps_the_full_name(analyze):
    result = analyze("The mayor of London, Sadiq Khan, marched with the crowd. Khan told reporters, "
                     '"Thousands of people have come together to send a clear message."')
    quote = quote_with(result, "clear message")
    assert name_of(quote) == "Sadiq Khan"


def test_surname_alone_is_completed_from_the_article(analyze):
    result = analyze("The president of Namibia, Hage Geingob, expressed his sadness. Geingob tweeted, "
                     '"I announce with sadness the passing of my comrade and friend."')
    quote = quote_with(result, "passing")
    assert name_of(quote) == "Hage Geingob"


def test_abbreviation_is_the_name_it_stands_for(analyze):
    result = analyze("The Philippine Institute of Volcanology and Seismology (Phivolcs) recorded the earthquake. "
                     "Phivolcs reported the magnitude of the earthquake was 5.5.")
    quote = quote_with(result, "magnitude")
    assert name_of(quote) == "Philippine Institute of Volcanology and Seismology"


def test_the_definite_title_is_the_person_named_before(analyze):
    result = analyze("Italian economic development minister Stefano Patuanelli sent a letter of support. "
                     "Later the minister said they are to build another pipeline to Greece.")
    quote = quote_with(result, "pipeline")
    assert name_of(quote) == "Stefano Patuanelli"


def test_state_of_mind_is_not_a_quote(analyze):
    result = analyze("The CIA reportedly believes the crown prince ordered the killing of the journalist.")
    assert result.quotes == ()


def test_words_on_a_banner_in_a_picture_caption_are_not_a_quote(analyze):
    result = analyze('People holding a banner saying "united in diversity and peace for all". Image: John Smith.')
    assert result.quotes == ()


def test_according_to_which_is_no_quote(analyze):
    result = analyze("Turkey and Libya signed a maritime agreement, according to which a section between Crete "
                     "and Cyprus would cross the Turkish zone.")
    assert result.quotes == ()


@pytest.mark.parametrize(
    "predicted,gold",
    [
        ("UNESCO", "United Nations Educational, Scientific and Cultural Organization"),
        ("Taiwan's Constitutional Court", "Constitutional Court of Taiwan"),
        ("John Bolton", "John R. Bolton"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Adel Abdul Mahdi", "Adil Abdul-Mahdi"),
        ("Whip Dick Durbin", "Dick Durbin"),
    ],
)
def test_scorer_accepts_forms_of_the_same_name(predicted, gold):
    assert same_speaker(predicted, gold)


@pytest.mark.parametrize(
    "predicted,gold",
    [
        ("Imran Khan", "Sadiq Khan"),
        ("Wallace", "Ben Wallace"),
        ("Mark Smith", "Mary Smith"),
        ("Charles III", "Charlotte Charles"),
        ("Islamic Revolutionary Guard Corps", "Iranian Revolutionary Guard Corps"),
        (None, "Ben Wallace"),
    ],
)
def test_scorer_rejects_other_speakers(predicted, gold):
    assert not same_speaker(predicted, gold)


def test_relative_clause_in_mid_clause_stays_in_the_quote(analyze):
    result = analyze("Mitsotakis reaffirmed that the pipeline project, which involves Greece and Cyprus, "
                     "is open for other countries to join.")
    quote = quote_with(result, "pipeline")
    assert quote.text == "the pipeline project, which involves Greece and Cyprus, is open for other countries to join"


def test_trailing_relative_clause_is_left_out(analyze):
    result = analyze("The minister said the talks will resume in Geneva, which hosted the last round.")
    quote = quote_with(result, "talks")
    assert quote.text == "the talks will resume in Geneva"


def test_outlet_reporting_what_an_official_said_is_not_the_speaker(analyze):
    result = analyze("The hospital treated 25 wounded people who came from the town, CNN Philippines reported "
                     "Governor Alexander Pimentel said.")
    quote = quote_with(result, "wounded")
    assert name_of(quote) == "Alexander Pimentel"


def test_quoted_words_in_a_sentence_about_someone_are_theirs(analyze):
    result = analyze("Lisa Mancini has been cosplaying for two years, and her passion for the hobby "
                     '"stemmed through my love for Halloween and scary films."')
    quote = quote_with(result, "Halloween")
    assert name_of(quote) == "Lisa Mancini"


def test_scorer_accepts_an_agency_of_the_gold_organisation_only():
    assert same_code("IGOUNOWHO", "IGOUNO")
    assert same_code("GBRGOV", "GBRGOV")
    assert not same_code("GBRGOV", "GBR")
    assert not same_code("IGOUNO", "IGOUNOWHO")
    assert not same_code("", "USAGOV")


def test_quoted_heading_line_takes_no_speaker_from_the_quotes_around_it(analyze):
    result = analyze('"We will not give in," Defence Minister Ben Wallace said on Monday.\n'
                     '"Talks between the deaf and the mute"\n'
                     "Foreign Minister Sergei Lavrov met his counterpart in Moscow on Thursday.")
    assert not any(q.text.startswith("Talks between") for q in result.quotes)
