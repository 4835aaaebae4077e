"""Frame matching beyond the object's head: its modifiers ("military aid"), the object of a
preposition ("went on strike"), refused cooperation coded as rejection, conditional threats
and acts told in the passive without their doer. Sentences written for these tests; each
expectation was read off the sentence."""

from __future__ import annotations

import pytest

from detente.errors import DataError
from detente.events.coder import rejection_code
from detente.events.lexicon import parse_entries, parse_entry


def coded(analyze, text):
    """(source country or code prefix, target likewise, CAMEO code, PLOVER type) per event."""
    def party(actor):
        return None if actor is None else (actor.country or (actor.code or "")[:3])
    return {(party(e.source), party(e.target), e.code, e.plover_event) for e in analyze(text).events}


# -- the loader ------------------------------------------------------------------------------
def test_a_multi_word_object_is_found_by_its_head_and_keeps_its_modifiers():
    frame = parse_entry({"code": "165", "verb": "end", "object": ["mediation effort", "mediation"]}, "a#1")
    assert frame.objects == frozenset({"effort", "mediation"})
    assert ("effort", ("mediation",)) in frame.phrases
    assert "mediation effort" in frame.describe()


def test_pobj_and_phrases_make_a_frame_more_specific():
    plain = parse_entry({"code": "040", "verb": "go", "prep": "on"}, "a#1")
    strike = parse_entry({"code": "143", "verb": "go", "prep": "on", "pobj": "strike"}, "a#2")
    aid = parse_entry({"code": "162", "verb": "cut", "object": "aid"}, "a#3")
    military = parse_entry({"code": "1622", "verb": "cut", "object": "military aid"}, "a#4")
    assert strike.specificity > plain.specificity
    assert military.specificity > aid.specificity


def test_a_boolean_pobj_is_rejected():
    with pytest.raises(DataError, match="boolean"):
        parse_entries({"code": "143", "verb": "go", "prep": "on", "pobj": True}, "a#1")


# -- matching in sentences -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text,expected",
    [
        # the modifier says which aid is cut
        ("Washington suspended military aid to the Ugandan army.", ("USA", "UGA", "1622", "SANCTION")),
        ("Germany froze humanitarian aid to Eritrea.", ("DEU", "ERI", "1623", "SANCTION")),
        # a mediation named by its effort
        ("Norway ended its mediation efforts between Sudan and Chad.", ("NOR", "SDN", "165", "SANCTION")),
        ("Kuwait launched a mediation effort between Bahrain and Qatar.", ("KWT", "BHR", "045", "CONSULT")),
        # a sanction named by its kind
        ("The European Union imposed a travel ban on Venezuela.", ("IGO", "VEN", "163", "SANCTION")),
        # the object of the preposition decides
        ("Slovenia took Croatia to an international tribunal.", ("SVN", "HRV", "115", "ACCUSE")),
        ("Azerbaijan sent troops to the border with Armenia.", ("AZE", "ARM", "154", "MOBILIZE")),
    ],
)
def test_modifiers_and_prepositional_objects_choose_the_frame(analyze, text, expected):
    assert expected in coded(analyze, text)


def test_without_the_modifier_the_plain_frame_codes(analyze):
    found = coded(analyze, "Washington suspended aid to Uganda.")
    assert ("USA", "UGA", "162", "SANCTION") in found
    assert not [f for f in found if f[2] == "1622"]


def test_on_strike_and_on_alert_are_not_any_on(analyze):
    assert {c[3] for c in coded(analyze, "Polish miners went on strike on Monday.")} == {"PROTEST"}
    assert ("ISR", None, "152", "MOBILIZE") in coded(analyze, "Israeli troops remained on alert in the north.")
    # "went on a visit" is no strike
    assert not [c for c in coded(analyze, "The Polish minister went on a visit to Lithuania.") if c[2] == "143"]


def test_troops_sent_to_a_capital_are_not_mobilised_at_a_border(analyze):
    found = coded(analyze, "Britain sent troops to Kenya.")
    assert not [c for c in found if c[2] == "154"]


# -- refusals, conditions, passives ---------------------------------------------------------
def test_rejection_codes_parallel_the_cooperation_refused():
    assert rejection_code("073") == "1223"   # humanitarian aid
    assert rejection_code("057") == "127"    # an agreement
    assert rejection_code("040") == "125"    # a meeting
    assert rejection_code("0841") == "1243"  # a release
    assert rejection_code("190") is None     # no cooperation to refuse


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Jordan will not accept more refugees from Syria.", ("JOR", None, "1223", "REJECT")),
        ("Serbia and Kosovo failed to reach an agreement on Tuesday.", ("SRB", "XKX", "127", "REJECT")),
    ],
)
def test_refused_cooperation_is_a_rejection(analyze, text, expected):
    found = coded(analyze, text)
    assert any(f[0] == expected[0] and f[2:] == expected[2:] for f in found), found


def test_a_past_negation_is_no_rejection(analyze):
    found = coded(analyze, "Jordan did not accept refugees from Syria last year.")
    assert not [f for f in found if f[3] == "REJECT"]


def test_a_conflictual_act_on_a_condition_is_a_threat(analyze):
    found = coded(analyze, "Germany may halt its mediation between Serbia and Kosovo if the talks fail.")
    assert any(f[0] == "DEU" and f[2] == "135" and f[3] == "THREATEN" for f in found), found


def test_an_act_without_its_doer_keeps_its_target(analyze):
    found = coded(analyze, "Two Turkish soldiers were killed near the Syrian border.")
    assert (None, "TUR", "190", "ASSAULT") in found


def test_a_passive_with_a_doer_that_is_no_actor_stays_dropped(analyze):
    found = coded(analyze, "The Kenyan president was surrounded by his family.")
    assert not [f for f in found if f[0] is None]


def test_a_rejected_offer_is_aimed_at_whoever_made_it(analyze):
    found = coded(analyze, "Hanoi rejected an offer from Beijing for direct talks.")
    assert ("VNM", "CHN", "120", "REJECT") in found


def test_a_sector_of_the_sources_country_is_a_target_but_its_places_are_not(analyze):
    found = coded(analyze, "Kenyan students blocked roads in Nairobi to press their demands on the Kenyan government.")
    assert ("KEN", "KEN", "144", "PROTEST") in found
    found = coded(analyze, "Kenyan students blocked roads in Nairobi on Monday.")
    assert ("KEN", None, "144", "PROTEST") in found


def test_an_act_of_force_as_subject_leaves_its_victims_as_target(analyze):
    found = coded(analyze, "A car bombing killed three Turkish soldiers on Sunday.")
    assert (None, "TUR", "190", "ASSAULT") in found
    # a subject that is no act of force is no unsaid doer: the heat is not an attacker
    found = coded(analyze, "The heat killed three Turkish soldiers on Sunday.")
    assert not [f for f in found if f[0] is None]
