"""Word families of the lexicon and the PLOVER types they give, on sentences written for these
tests (each expectation read off the sentence), plus the loader's handling of lemma lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DataError
from detente.events.lexicon import load_frames, parse_entries, parse_entry
from detente.events.ontology import PLOVER_EVENTS, cameo_codes, lookup, plover_overrides


def plover(analyze, text):
    """(source's first three code letters, PLOVER type) of each coded event."""
    return {((e.source.code or "")[:3] if e.source else None, e.plover_event) for e in analyze(text).events}


@pytest.mark.parametrize(
    "text,source,kind",
    [
        # aid counted by weight, loads or currency
        ("Japan delivered 300 tonnes of rice to Yemen.", "JPN", "AID"),
        ("The European Union gave Jordan 50 million euros for its schools.", "IGO", "AID"),
        ("Austrian officials handed over 900 kg of insulin to Moldova.", "AUT", "AID"),
        # a promised act of aid is an agreement
        ("Canada will provide 20,000 tonnes of wheat to Sudan.", "CAN", "AGREE"),
        # strikes and demonstrations that are organised or begun
        ("Greek unions organised a general strike on Tuesday.", "GRC", "PROTEST"),
        ("Kenyan students staged demonstrations in Nairobi.", "KEN", "PROTEST"),
        # pressure on another actor
        ("Washington pressured Seoul to cut its oil imports from Iran.", "USA", "REQUEST"),
        ("Beijing put pressure on Manila over the reef.", "CHN", "REQUEST"),
        # a commitment abandoned
        ("Venezuela reneged on its promise to hold early elections.", "VEN", "REJECT"),
        # aid and trade stopped, visitors kept out
        ("Washington prohibited all aid to Nicaragua.", "USA", "SANCTION"),
        ("The World Food Programme cut food rations to Somalia.", "IGO", "SANCTION"),
        ("Burundi forced the UN human rights office out of the country.", "BDI", "SANCTION"),
        ("Britain imposed sanctions on Belarus.", "GBR", "SANCTION"),
        # protests prevented, blockades reimposed
        ("Belarusian police prevented a rally in Minsk.", "BLR", "COERCE"),
        ("Israel reimposed the blockade on Gaza.", "ISR", "COERCE"),
        # an accepted proposal; a welcome given
        ("Peru accepted the compromise on the river border.", "PER", "AGREE"),
        ("The Brazilian president gave a warm welcome to the Chilean leader.", "BRA", "CONSULT"),
        # recipients as direct objects, medical teams sent, vaccine doses ('dos' to spaCy)
        ("Japan supplied Ukraine with generators.", "JPN", "AID"),
        ("Australia deployed medical teams to Fiji.", "AUS", "AID"),
        ("China shipped one million vaccine doses to Brazil.", "CHN", "AID"),
        # borders closed to a neighbour; an allegation about what another did
        ("Hungary closed its border with Serbia.", "HUN", "COERCE"),
        ("Kyiv alleged that Russian troops committed war crimes in Bucha.", "UKR", "ACCUSE"),
        ("Niger ordered the French ambassador to leave.", "NER", "SANCTION"),
    ],
)
def test_family_members_code_their_plover_type(analyze, text, source, kind):
    found = plover(analyze, text)
    assert (source, kind) in found, found


def test_purpose_for_is_not_a_recipient(analyze):
    """ "allocate funding for a wall along the border with Mexico": Mexico receives nothing."""
    events = analyze("Trump allocated funding for a wall along the border with Mexico.").events
    assert not [e for e in events if e.plover_event == "AID"]


@pytest.mark.parametrize(
    "code,event,mode",
    [("163", "SANCTION", None), ("0813", "CONCEDE", None), ("0814", "CONCEDE", None),
     ("0831", "RETREAT", "resign"), ("172", "COERCE", "restrict"), ("0874", "RETREAT", "disarm")],
)
def test_plover_types_follow_plover_definitions(code, event, mode):
    entry = lookup(code)
    assert (entry.plover_event, entry.plover_mode) == (event, mode)


def test_every_override_names_a_cameo_code_and_a_plover_type():
    overrides = plover_overrides()
    assert overrides
    assert set(overrides) <= set(cameo_codes())
    assert {event for event, _mode in overrides.values()} <= PLOVER_EVENTS


def test_a_lemma_list_gives_one_frame_per_lemma():
    frames = parse_entries({"code": "162", "verb": ["prohibit", "Ban"], "object": "aid", "prep": "to"}, "x.yaml#1")
    assert [(f.lemma, f.code, f.origin) for f in frames] == [("prohibit", "162", "x.yaml#1"),
                                                             ("ban", "162", "x.yaml#1")]
    assert all(f.objects == frozenset({"aid"}) and f.preps == ("to",) for f in frames)
    with pytest.raises(DataError, match="one trigger lemma"):
        parse_entry({"code": "162", "verb": ["prohibit", "ban"]}, "x.yaml#1")


@pytest.mark.parametrize(
    "text,message",
    [
        ('- code: "100"\n  verb: put\n  object: pressure\n  prep: [on, upon]\n', "quote words like 'on'"),
        ('- code: "100"\n  verb: put\n  prep: on\n', "quote words like 'on'"),
        ('- code: "082"\n  verb: call\n  particle: off\n', "quote words like 'on' and 'off'"),
        ('- code: "082"\n  verb: [call, ""]\n', "empty trigger lemma"),
    ],
)
def test_yaml_booleans_and_empty_lemmas_are_rejected(tmp_path: Path, text, message):
    """YAML reads a bare on/off as true/false: an unquoted preposition must not silently
    turn into the word "true" or vanish."""
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as info:
        load_frames([path])
    assert "mine.yaml#1" in str(info.value)
