"""Codes refined from what an appeal asks for, or from an act announced for the future.

Sentences written for these tests; each expectation was read off the sentence and the CAMEO
codebook.
"""

from __future__ import annotations

from detente.events.coder import asked_for_code, forecast_code


def codes(result):
    return {(e.trigger, e.code, e.modality) for e in result.events}


def test_parallel_families_of_appeal_intent_and_demand():
    assert asked_for_code("020", "0874") == "0256"  # appeal for military de-escalation
    assert asked_for_code("100", "040") == "106"  # demand to meet or negotiate
    assert asked_for_code("030", "073") == "0333"  # intent to give humanitarian aid
    assert asked_for_code("020", "190") is None  # an appeal to fight has no sub-code
    assert asked_for_code("024", "0874") is None  # only unspecified codes are refined


def test_announced_cooperation_is_intent_and_announced_force_a_threat():
    assert forecast_code("040") == "036"
    assert forecast_code("190") == "1384"
    assert forecast_code("163") is None  # an announced sanction is the sanction
    assert forecast_code("010") is None


def test_appeal_to_respect_a_ceasefire_is_an_appeal_for_de_escalation(analyze):
    result = analyze("Egypt called on Israel to respect the ceasefire.")
    assert ("called", "0256", "asserted") in codes(result)
    appeal = next(e for e in result.events if e.trigger == "called")
    assert "0256" in appeal.rule and "respect" in appeal.rule  # explain says why


def test_would_under_a_past_report_is_a_stated_intention(analyze):
    result = analyze("Pakistani officials said on Monday they would meet Indian negotiators in Geneva.")
    meet = next(e for e in result.events if e.trigger == "meet")
    assert meet.modality == "intended" and meet.code == "036"
    result = analyze("Pakistan would meet Indian negotiators if the shelling stopped.")
    meet = next(e for e in result.events if e.trigger == "meet")
    assert meet.modality == "hypothetical" and meet.code == "040"


def test_warning_about_what_will_happen_is_pessimism_not_a_threat(analyze):
    def warned(text):
        return {e.code for e in analyze(text).events if e.trigger == "warned"}

    assert warned("The United Nations warned that famine was imminent in Yemen.") == {"012"}
    assert warned("“Our trade will soon collapse”, warned Russian Foreign Minister Sergei Lavrov.") == {"012"}
    # the warner's own act is a threat
    assert warned("Iran warned that it would respond to any attack.") == {"130"}
    assert warned("“We will respond with force”, warned Iranian Foreign Minister Javad Zarif.") == {"130"}
    assert warned("Israel warned Hezbollah of severe consequences.") == {"130"}


def test_plover_type_of_announced_acts():
    from detente.events.ontology import lookup
    from detente.scoring import plover_type

    assert plover_type(lookup("040"), "intended")[0] == "AGREE"
    assert plover_type(lookup("190"), "intended")[0] == "THREATEN"
    # an announced sanction is the sanction
    assert plover_type(lookup("163"), "intended")[0] == "SANCTION"


def test_a_warning_about_the_warners_own_forces_is_a_threat(analyze):
    result = analyze("Egypt's interior minister warned that the Egyptian police will no longer tolerate the rallies.")
    assert {e.code for e in result.events if e.trigger == "warned"} == {"130"}
