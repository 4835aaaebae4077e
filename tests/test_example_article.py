"""The UK–Russia example article, end to end with the real model.

Each expectation below was checked by reading the article (examples/uk_russia.txt).
"""

from __future__ import annotations

import pytest


def people(result):
    return {m.actor.name: m.actor for m in result.mentions if m.actor.kind == "person"}


def test_every_span_points_into_the_original_text(seed, seed_text):
    for m in seed.mentions:
        assert seed_text[m.start : m.end] == m.text
    for q in seed.quotes:
        assert seed_text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert seed_text[q.speaker_start : q.speaker_end] == q.speaker_text
    for e in seed.events:
        assert seed_text[e.trigger_start : e.trigger_end] == e.trigger
        assert e.start <= e.trigger_start < e.trigger_end <= e.end


def test_countries_and_nato_are_found(seed):
    parties = {m.actor.country or m.actor.code for m in seed.mentions}
    assert {"GBR", "RUS", "UKR", "IGOWSTNAT"} <= parties


def test_capitals_stand_for_governments(seed, seed_text):
    london = [m for m in seed.mentions if m.text == "London"]
    assert london and all(m.actor.code == "GBRGOV" for m in london)
    kiev = [m for m in seed.mentions if m.text == "Kiev"]
    assert kiev and kiev[0].actor.country == "UKR"


@pytest.mark.parametrize(
    "name,country",
    [("Ben Wallace", "GBR"), ("Sergei Shoigu", "RUS"), ("Liz Truss", "GBR"),
     ("Sergei Lavrov", "RUS"), ("Boris Johnson", "GBR"), ("Vladimir Putin", "RUS")],
)
def test_people_are_found_with_their_country(seed, name, country):
    found = people(seed)
    assert name in found, sorted(found)
    assert found[name].country == country
    assert found[name].sector == "GOV"


def test_role_title_gives_country_and_sector(seed):
    wallace = next(m for m in seed.mentions if m.text == "British Defense Minister Ben Wallace")
    assert wallace.actor.code == "GBRGOV"
    assert wallace.actor.name == "Ben Wallace"


def test_the_latter_is_the_last_person_named(seed):
    latter = next(m for m in seed.mentions if m.text == "The latter")
    assert latter.actor.name == "Ben Wallace"


def test_he_after_shoigu_quote_is_shoigu(seed, seed_text):
    at = seed_text.index("He also called on Westerners")
    he = next(m for m in seed.mentions if m.start == at)
    assert he.actor.name == "Sergei Shoigu"


def test_counterpart_resolves_to_the_other_minister(seed, seed_text):
    at = seed_text.index("his Russian counterpart") + len("his ")
    counterpart = next(m for m in seed.mentions if m.start == at)
    assert counterpart.actor.name == "Sergei Shoigu"
    at = seed_text.index("his British counterpart") + len("his ")
    counterpart = next(m for m in seed.mentions if m.start == at)
    assert counterpart.actor.name == "Ben Wallace"


def quote_starting(seed, words):
    return next(q for q in seed.quotes if q.text.startswith(words))


@pytest.mark.parametrize(
    "words,speaker,code",
    [
        ("The safety and security of UK nationals", "Foreign Office spokesperson", "GBRGOV"),
        ("We urge British nationals", "Foreign Office spokesperson", "GBRGOV"),
        ("Alas the level of our collaboration", "Sergei Shoigu", "RUSGOV"),
        ("We would also like to offer", "Sergei Shoigu", "RUSGOV"),
        ("When the training is over", "Ben Wallace", "GBRGOV"),
        ("London had sent a “small team”", "Ben Wallace", "GBRGOV"),
        ("the exchange with him had been “constructive” and that relations", "Ben Wallace", "GBRGOV"),
        ("conversation between a deaf and a dumb", "Sergei Lavrov", "RUSGOV"),
        ("we fear for the security of Europe", "Boris Johnson", "GBRGOV"),
    ],
)
def test_quotes_are_attributed_to_their_speakers(seed, words, speaker, code):
    quote = quote_starting(seed, words)
    assert quote.speaker is not None
    assert quote.speaker.name == speaker
    assert quote.speaker.code == code


def test_reported_speech_with_quoted_words_is_mixed(seed):
    quote = quote_starting(seed, "London had sent “special forces”")
    assert quote.kind == "mixed"
    assert quote.speaker.name == "Sergei Shoigu"
    assert quote.cue == "assured"


def test_scare_quotes_are_not_quotes(seed):
    assert not any(q.text in ("feeding", "special forces", "defensive", "constructive") for q in seed.quotes)


def test_unclosed_quote_is_cut_at_its_sentence_and_reported(seed):
    quote = quote_starting(seed, "We urge British nationals")
    assert quote.text.endswith("as long as they remain available.")
    assert any("unbalanced quotation mark" in w for w in seed.warnings)


def test_spun_text_is_repaired_and_reported(seed):
    assert sum("once morest" in w for w in seed.warnings) == 2


def test_events_between_britain_and_russia(seed):
    dyads = {
        frozenset((e.source.country, e.target.country))
        for e in seed.events
        if e.source and e.target
    }
    assert frozenset(("GBR", "RUS")) in dyads


def test_meeting_between_ministers_is_a_consultation(seed):
    meetings = [e for e in seed.events if e.root_code == "04" and e.trigger.startswith("meeting")]
    pairs = {(e.source.name, e.target.name) for e in meetings}
    assert ("Ben Wallace", "Sergei Shoigu") in pairs


def test_call_on_putin_to_withdraw_is_an_appeal_with_its_action(seed):
    appeal = next(e for e in seed.events if e.trigger == "called" and e.target and e.target.name == "Vladimir Putin")
    assert appeal.root_code == "02"
    assert appeal.action and "withdraw his troops" in appeal.action
    withdrawal = [e for e in seed.events if e.trigger == "withdraw"]
    assert withdrawal and all(e.modality == "hypothetical" for e in withdrawal)
    assert all(e.source and e.source.name == "Vladimir Putin" for e in withdrawal)


def test_west_accuses_russia(seed):
    accusation = next(e for e in seed.events if e.trigger == "accuses")
    assert (accusation.source.code, accusation.root_code, accusation.target.code) == ("WST", "11", "RUS")
    assert accusation.goldstein < 0 and accusation.quad_class == 3


def event(seed, trigger):
    return [e for e in seed.events if e.trigger == trigger]


def test_special_forces_claim_is_denied_by_wallace(seed):
    # Shoigu's claim stays his (claimed); Wallace's denial of it is the denied event, by Wallace
    (sent,) = event(seed, "sent")
    assert (sent.source.country, sent.target.country) == ("GBR", "UKR")
    assert sent.modality == "claimed"
    assert sent.attributed_to is not None and sent.attributed_to.name == "Sergei Shoigu"
    (denial,) = event(seed, "denied")
    assert denial.source.name == "Ben Wallace" and denial.target.country == "RUS"
    assert denial.modality == "denied" and denial.attributed_to.name == "Ben Wallace"


def test_shoigus_assurance_to_no_one_is_a_statement_about_london(seed):
    (said,) = event(seed, "assured")
    assert (said.source.name, said.code, said.target.country) == ("Sergei Shoigu", "010", "GBR")


def test_lavrov_accuses_truss(seed):
    # "His Russian counterpart Sergei Lavrov … accusing him": a Russian's Russian counterpart
    # is no one, so "His" and "him" are Truss, the text's gender slip notwithstanding
    (accusation,) = event(seed, "accusing")
    assert (accusation.source.name, accusation.root_code) == ("Sergei Lavrov", "11")
    assert accusation.target.name == "Liz Truss"


def test_training_mission_is_military_cooperation_claimed_by_wallace(seed):
    (training,) = event(seed, "train")
    assert training.root_code == "06" and training.target.country == "UKR"
    assert training.modality == "claimed" and training.attributed_to.name == "Ben Wallace"


def test_poisoning_is_attributed_by_london_to_moscow(seed):
    (blame,) = event(seed, "attributed")
    assert (blame.source.country, blame.root_code, blame.target.country) == ("GBR", "11", "RUS")


def test_readiness_to_deploy_is_intended_not_done(seed):
    (deploy,) = event(seed, "deploy")
    assert (deploy.source.country, deploy.root_code, deploy.modality) == ("GBR", "15", "intended")
