"""A titled person or sector group without a country takes the one country its sentence
names (``place_by_sentence``); sentences written for these tests."""

from __future__ import annotations


def actors(analyze, text):
    return {m.text: m.actor for m in analyze(text).mentions}


def test_titled_person_takes_the_only_country_named_in_the_sentence(analyze):
    found = actors(analyze, "President Ruth Okonjo opened a new bridge in Ghana on Monday.")
    assert (found["President Ruth Okonjo"].code, found["President Ruth Okonjo"].country) == ("GHAGOV", "GHA")


def test_two_countries_in_the_sentence_leave_the_person_unplaced(analyze):
    found = actors(analyze, "President Ruth Okonjo spoke about Ghana and Togo on Monday.")
    assert found["President Ruth Okonjo"].country is None


def test_a_person_never_takes_the_demonym_of_someone_else(analyze):
    # the Kenyan is the guest; nothing says the host is Kenyan
    found = actors(analyze, "President Ruth Okonjo welcomed the Kenyan foreign minister on Monday.")
    assert found["President Ruth Okonjo"].country is None
    assert found["Kenyan foreign minister"].country == "KEN"


def test_a_group_takes_the_demonym_of_the_only_state_in_the_sentence(analyze):
    found = actors(analyze, "Turkish police dispersed the students outside the university.")
    assert found["students"].country == "TUR"
    assert found["Turkish police"].code == "TURCOP"


def test_a_sector_group_takes_the_country_named_after_it(analyze):
    found = actors(analyze, "Hundreds of prisoners went on hunger strike in Peru on Friday.")
    assert found["prisoners"].country == "PER"


def test_an_ethnic_group_and_its_pronoun_live_in_the_named_state(analyze):
    result = analyze("Ethnic Hungarians marched through the streets of Bucharest, Romania, on Sunday, "
                     "and they demanded schools in their language.")
    by_text = {m.text: m.actor for m in result.mentions}
    assert by_text["Hungarians"].code == "ROUCVL"
    assert by_text["they"].code == "ROUCVL"


def test_a_sentence_naming_no_country_places_no_one(analyze):
    found = actors(analyze, "President Ruth Okonjo opened a new bridge on Monday.")
    assert found["President Ruth Okonjo"].country is None
