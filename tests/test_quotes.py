from detente.quotes import find_marks


def spans(text):
    return [(text[s:e], closed) for s, e, closed in find_marks(text)]


def test_curly_straight_and_angle_quotes_pair():
    assert spans('He said “yes” and "no" and «peut-être».') == [
        ("yes", True), ("no", True), ("peut-être", True)]


def test_quote_continued_in_next_paragraph_is_one_quote_in_two_parts():
    text = "“First part of the statement.\n“Second part,” she said."
    assert spans(text) == [("First part of the statement.", True), ("Second part,", True)]


def test_unclosed_quote_at_paragraph_end_is_flagged():
    text = "“We will not leave\nThe talks ended."
    assert spans(text) == [("We will not leave", False)]


def test_new_opening_mark_closes_a_forgotten_quote():
    text = "“We urge calm. Johnson also said “we fear the worst”."
    found = spans(text)
    assert found[0] == ("We urge calm. Johnson also said ", False)
    assert found[1] == ("we fear the worst", True)


def test_apostrophes_are_not_quotes():
    assert spans("Russia's army and Britain’s navy met at the port.") == []


def test_speaker_in_a_following_said_clause(analyze):
    result = analyze("“We will respond firmly,” Russian Foreign Minister Sergei Lavrov said on Monday.")
    (quote,) = result.quotes
    assert quote.kind == "direct"
    assert quote.text == "We will respond firmly,"
    assert quote.speaker.name == "Sergei Lavrov" and quote.speaker.code == "RUSGOV"
    assert quote.cue == "said"


def test_pronoun_speaker_resolves_to_the_person_before(analyze):
    text = ("German Chancellor Olaf Scholz met the Polish president in Warsaw. "
            "“Europe must stand together,” he told reporters.")
    quote = next(q for q in analyze(text).quotes if q.kind == "direct")
    assert quote.speaker_text == "he"
    assert quote.speaker.name == "Olaf Scholz" and quote.speaker.country == "DEU"


def test_quote_only_paragraph_continues_the_previous_speaker(analyze):
    text = ("“The sanctions will stay,” said Josep Borrell, the EU foreign policy chief.\n"
            "“Nobody should doubt our resolve on this question.”")
    quotes = [q for q in analyze(text).quotes if q.kind == "direct"]
    assert len(quotes) == 2
    assert quotes[1].speaker is not None and quotes[1].speaker.name == quotes[0].speaker.name


def test_reported_speech_is_indirect(analyze):
    result = analyze("The Chinese foreign ministry said that Beijing would not accept the ruling.")
    quote = next(q for q in result.quotes)
    assert quote.kind == "indirect"
    assert quote.text == "Beijing would not accept the ruling"
    assert quote.speaker.country == "CHN"


def test_according_to_names_the_speaker(analyze):
    result = analyze("According to the Turkish defence ministry, three soldiers were wounded in the attack.")
    quote = result.quotes[0]
    assert quote.kind == "indirect"
    assert quote.speaker is not None and quote.speaker.country == "TUR"
    assert "three soldiers were wounded" in quote.text


def test_scare_quote_without_speaker_is_ignored(analyze):
    result = analyze("The so-called “peace plan” was published on Tuesday.")
    assert result.quotes == ()


def test_belief_is_a_quote_only_when_it_quotes_words(analyze):
    quoted = analyze("The minister left Oslo believing that the talks had been “useful” and “frank”.")
    assert [q.kind for q in quoted.quotes] == ["mixed"]
    assert quoted.quotes[0].cue == "believing"
    plain = analyze("The minister left Oslo believing that the talks had been useful and frank.")
    assert plain.quotes == ()
