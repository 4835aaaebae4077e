"""Event coding on sentences written for these tests (each expectation read off the sentence)."""

from __future__ import annotations

import pytest

from detente.events.ontology import lookup


def events_of(analyze, text):
    return [(e.source.code if e.source else None, e.root_code, e.target.code if e.target else None,
             e.modality) for e in analyze(text).events]


def test_subject_acts_on_object(analyze):
    assert ("FRA", "11", "IRN", "asserted") in events_of(analyze, "France condemned Iran on Friday.")


def test_passive_agent_is_the_source(analyze):
    assert ("RUS", "19", "UKR", "asserted") in events_of(analyze, "Ukraine was attacked by Russia on Thursday.")


def test_compound_subject_gives_one_event_per_actor(analyze):
    found = events_of(analyze, "France and Germany condemned Iran.")
    assert ("FRA", "11", "IRN", "asserted") in found
    assert ("DEU", "11", "IRN", "asserted") in found


def test_object_that_names_an_actor_is_the_target(analyze):
    (event,) = analyze("Russia expelled two British diplomats on Monday.").events
    assert (event.source.code, event.target.country, event.quad_class) == ("RUS", "GBR", 4)


def test_parties_named_together_cooperate_with_each_other(analyze):
    assert ("JPN", "05", "KOR", "asserted") in events_of(analyze, "Japan and South Korea signed a trade agreement.")


def test_negation(analyze):
    assert ("CHN", "19", "TWN", "negated") in events_of(analyze, "China did not attack Taiwan.")


def test_reported_event_is_claimed_by_the_speaker(analyze):
    (event,) = [e for e in analyze("Iran said that Israel attacked its embassy in Damascus.").events
                if e.root_code == "19"]
    assert event.modality == "claimed"
    assert event.attributed_to is not None and event.attributed_to.code == "IRN"
    assert event.source.code == "ISR"


def test_denial(analyze):
    assert ("PAK", "19", "IND", "denied") in events_of(analyze, "Pakistan denied that it had attacked India.")


def test_intention_and_condition(analyze):
    # CAMEO codes force announced for the future as a threat of force (1384), still intended
    assert ("TUR", "13", "SYR", "intended") in events_of(analyze, "Turkey plans to invade Syria.")
    found = events_of(analyze, "If Russia invades Ukraine, the United States will impose sanctions on Moscow.")
    assert ("RUS", "19", "UKR", "hypothetical") in found
    assert any(s == "USA" and root == "16" and m == "intended" for s, root, _t, m in found)


def test_event_noun_takes_its_source_from_a_demonym(analyze):
    assert ("ISR", "19", "PSE", "asserted") in events_of(analyze, "Israeli airstrikes on Gaza killed 12 people.")


def test_no_actor_no_event(analyze):
    assert analyze("The storm hit the coast on Monday and attacked the harbour.").events == ()


def test_statements_without_a_target_are_not_events(analyze):
    assert analyze("Germany said on Monday that talks would continue.").events == ()


@pytest.mark.parametrize("text", [
    "France condemned Iran on Friday.",
    "Russia expelled two British diplomats on Monday.",
    "Japan and South Korea signed a trade agreement.",
])
def test_scores_come_from_the_cameo_table(analyze, text):
    for event in analyze(text).events:
        entry = lookup(event.code)
        assert (event.goldstein, event.quad_class, event.root_code) == (
            entry.goldstein, entry.quad_class, entry.root_code)
        assert event.rule and event.code in {entry.code}


def test_what_someone_says_another_must_do_is_a_demand(analyze):
    events = analyze("Russia said on Tuesday that Sudan must return the helicopter.").events
    demand = [e for e in events if e.root_code == "10"]
    assert demand and (demand[0].source.code, demand[0].target.code) == ("RUS", "SDN")
    assert "Sudan must return the helicopter" in demand[0].action
