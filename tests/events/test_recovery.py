"""Sources and targets the parse hides: misparsed reporters, stranded prepositions, shared
targets of coordinated acts, complaints, misspelt country names, and the one-sided events
that say nothing.

Sentences written for these tests; each expectation was read off the sentence.
"""

from __future__ import annotations

import pytest


def events(result, trigger=None):
    return [e for e in result.events if trigger is None or e.trigger == trigger]


def party(actor):
    return None if actor is None else (actor.country or actor.code[:3])


def dyads(result, trigger=None):
    return {(party(e.source), party(e.target)) for e in events(result, trigger)}


# -- a reporter at the end of the sentence -----------------------------------------------------
def test_a_reporter_misparsed_as_an_object_is_not_the_target_and_makes_the_act_a_claim(analyze):
    result = analyze("Hungarian border guards beat Syrian migrants, a rights group charged on Monday.")
    (beating,) = events(result, "beat")
    assert (beating.source.code, beating.target.code) == ("HUNMIL", "SYRREF")
    assert beating.modality == "claimed"


def test_a_complaint_at_the_end_of_the_sentence_is_aimed_at_the_clause_subject(analyze):
    result = analyze("Greek authorities are failing to protect Afghan refugees, "
                     "a human rights group protested on Friday.")
    (complaint,) = events(result, "protested")
    assert (complaint.source.code, complaint.target.code, complaint.code) == ("NGOHRI", "GRCGOV", "111")


def test_a_complaint_with_its_clause_names_whom_it_is_about(analyze):
    result = analyze("A human rights group complained that Egyptian authorities had jailed three reporters.")
    (complaint,) = events(result, "complained")
    assert complaint.target.code == "EGYGOV" and complaint.root_code == "11"
    (jailing,) = events(result, "jailed")
    assert jailing.modality == "claimed"


def test_a_report_read_as_a_second_clause_still_makes_a_claim(analyze):
    result = analyze("Kenyan police are torturing detainees in Nairobi, a human rights group complained on Monday.")
    (torture,) = events(result, "torturing")
    assert torture.modality == "claimed"
    (complaint,) = events(result, "complained")
    assert complaint.target.code == "KENCOP"


def test_an_unplaced_rights_group_is_an_ngo_but_a_hospital_is_not(analyze):
    result = analyze("Serbian police harassed Albanian students, a human rights group charged.")
    groups = [m for m in result.mentions if m.text == "human rights group"]
    assert groups and groups[0].actor.code == "NGOHRI"
    result = analyze("Serbian police took Albanian students to a hospital.")
    assert all(not (m.actor and m.actor.code.startswith("NGO")) for m in result.mentions)


def test_an_allegation_about_a_victim_accuses_no_one(analyze):
    result = analyze("His Russian associates alleged that Navalny was poisoned.")
    assert all(e.root_code != "11" or e.target is None or e.target.name != "Alexei Navalny" for e in result.events)


def test_a_statement_verb_missing_its_addressee_is_not_turned_into_one(analyze):
    result = analyze("The French minister told Agence France-Presse Russia had used arson as a weapon.")
    assert not any(e.trigger == "told" and e.target is not None for e in result.events)


# -- prepositions and coordination ---------------------------------------------------------------
def test_a_preposition_left_without_its_object_finds_the_noun_after_it(analyze):
    result = analyze("Ecuador granted asylum to three Bolivian ministers hiding in its embassy, officials said.")
    assert dyads(result, "granted") == {("ECU", "BOL")}


def test_coordinated_acts_share_the_target_named_once(analyze):
    result = analyze("Chile established diplomatic ties with and opened an embassy in Hanoi.")
    assert dyads(result) == {("CHL", "VNM")}
    assert any("target shared" in e.rule for e in events(result, "established"))


def test_a_result_clause_shares_the_target_of_the_attack(analyze):
    result = analyze("Congolese rebels launched mortar, artillery and rocket fire against Ugandan army posts.")
    assert dyads(result, "launched") == {("COD", "UGA")}


def test_asylum_sought_in_a_country_is_asked_of_it(analyze):
    assert dyads(analyze("Thousands of Syrians sought refuge in Turkey.")) == {("SYR", "TUR")}


def test_the_act_an_object_names_is_aimed_at_whom_it_is_of(analyze):
    result = analyze("Iraq said it would allow the return of UN inspectors.")
    assert dyads(result, "allow") == {("IRQ", "IGO")}


def test_a_place_near_what_is_acted_on_is_not_the_target(analyze):
    result = analyze("The UN imposed a news blackout on the movement of heavy weapons around Sarajevo.")
    assert all(party(e.target) != "BIH" for e in result.events)


def test_a_mention_inside_a_gerund_clause_is_not_the_target_of_the_phrase(analyze):
    result = analyze("Turkish students staged a rally to protest the decision of sending troops to Iraq.")
    assert all(party(e.target) != "IRQ" for e in result.events)


# -- one-sided events that say nothing ---------------------------------------------------------------
@pytest.mark.parametrize("text", ["The Israeli cabinet met on Sunday.", "The Kenyan parliament approved the budget."])
def test_a_body_convening_or_approving_a_thing_is_no_event(analyze, text):
    assert analyze(text).events == ()


def test_a_refusal_to_meet_is_the_refusers_alone(analyze):
    result = analyze("Israel refused to meet Jordan's king in Tel Aviv.")
    assert ("JOR", "ISR") not in dyads(result)
    assert ("ISR", "JOR") in dyads(result, "refused")


def test_the_act_rejected_calls_ask_for_is_not_done(analyze):
    result = analyze("The United States rejected calls by the UN to adopt reforms.")
    assert all(e.modality == "hypothetical" for e in events(result, "adopt"))


# -- names ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "code"), [
    ("Venezuella rejected the proposal from Colombia.", "VEN"),
    ("Ethopia agreed to reopen its border.", "ETH"),
    ("Afganistan rejected the offer.", "AFG"),
])
def test_a_country_misspelt_by_one_letter_is_still_found(analyze, text, code):
    assert code in {m.actor.code for m in analyze(text).mentions if m.actor}


def test_spelling_slips_need_a_unique_name_and_no_added_ending():
    from detente.actors.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    assert gazetteer.misspelt("Phillippines")[0] == "Philippines"
    assert gazetteer.misspelt("Kuwaitis") is None  # a letter added at the end is another word
    assert gazetteer.misspelt("Europeans") is None
    assert gazetteer.misspelt("Iraqs") is None  # too short to guess
    assert gazetteer.misspelt("Gxndor") is None
    # a changed letter turns real words into names: not a slip
    assert [gazetteer.misspelt(w) for w in ("Columbia", "Angela", "Indiana", "Greens")] == [None] * 4


def test_a_word_near_a_demonym_is_no_country_when_it_is_a_name(analyze):
    result = analyze("Leaders from across the Americas met in Lima.")
    assert "USA" not in {m.actor.country for m in result.mentions if m.actor}


def test_a_role_and_a_name_set_off_by_a_comma_are_one_person(analyze):
    result = analyze("Qatar's emir, Sheikh Tamim bin Hamad launched a mediation effort between Saudi Arabia and Iran.")
    assert dyads(result, "launched") == {("QAT", "SAU"), ("QAT", "IRN")}


def test_an_assurance_to_no_one_is_a_statement_about_the_clause_subject(analyze):
    (said,) = events(analyze("Moscow assured that Kyiv had shelled the town."), "assured")
    assert (said.code, said.target.code) == ("010", "UKRGOV")
    (reassured,) = events(analyze("Tokyo assured Seoul that the plant was safe."), "assured")
    assert (reassured.code, reassured.target.code) == ("013", "KORGOV")


def test_the_owner_of_a_foreign_counterpart_is_not_of_that_country(analyze):
    result = analyze("Annalena Baerbock flew to Beijing on Monday. His Chinese counterpart Wang Yi "
                     "called the talks frank, accusing him of ignoring China's concerns.", "2023-04-14")
    (accusation,) = events(result, "accusing")
    assert (party(accusation.source), party(accusation.target)) == ("CHN", "DEU")


def test_an_act_set_years_before_the_reported_one_is_not_coded(analyze):
    recalled = analyze("Russia restored ties with Georgia two years after Georgian troops "
                       "attacked Russian peacekeepers.")
    assert not events(recalled, "attacked") and events(recalled, "restored")
    recent = analyze("Russia restored ties with Georgia after Georgian troops attacked Russian peacekeepers.")
    assert events(recent, "attacked")


def test_a_way_is_aimed_at_where_it_leads(analyze):
    result = analyze("Turkish soldiers cordoned off the roads leading into Syria.")
    assert dyads(result, "cordoned") == {("TUR", "SYR")}
