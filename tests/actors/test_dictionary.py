"""User actor dictionaries: CSV/YAML tables with dated codes, PETRARCH actor and agent files."""

from __future__ import annotations

import pytest

from detente.actors.dictionary import gazetteer_with
from detente.errors import DataError
from detente.pipeline import Pipeline
from detente.records import Article
from tests.conftest import ROOT


@pytest.fixture()
def run(pipeline):
    def analyse(text, gazetteer, published=None):
        return Pipeline(pipeline.nlp, gazetteer=gazetteer).analyze(Article(text=text, published=published))

    return analyse


def test_csv_dictionary_adds_actors_and_dated_codes(tmp_path, run):
    table = tmp_path / "mine.csv"
    table.write_text("name,code,from,to,role\nArnor|Arnorian,ARN,,,\nGondor,GON,,,\n"
                     "Aragorn Elessar,GONMIL,1990,1999,general\nAragorn Elessar,GONGOV,2000,,king\n")
    gazetteer = gazetteer_with([table])
    result = run("Aragorn Elessar met Arnorian envoys. Arnor condemned Gondor.", gazetteer, "2005-01-01")
    codes = {m.text: m.actor.code for m in result.mentions}
    assert codes["Aragorn Elessar"] == "GONGOV"
    assert codes["Arnor"] == "ARN" and codes["Gondor"] == "GON"
    assert ("ARN", "11", "GON") in {(e.source.code, e.root_code, e.target.code) for e in result.events}
    early = run("Aragorn Elessar met Arnorian envoys.", gazetteer, "1995-01-01")
    assert {m.text: m.actor.code for m in early.mentions}["Aragorn Elessar"] == "GONMIL"


def test_yaml_dictionary_overrides_a_packaged_name(tmp_path, run):
    table = tmp_path / "mine.yaml"
    table.write_text("- name: Georgia\n  code: USA\n")
    result = run("Georgia passed a new law.", gazetteer_with([table]))
    assert result.mentions[0].actor.code == "USA"


def test_petrarch_actor_and_agent_dictionaries_are_read(run):
    folder = ROOT / "tests" / "gold" / "petrarch2_dicts"
    gazetteer = gazetteer_with([folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt"])
    result = run("Arnor is about to restore full diplomatic ties with Gondor.", gazetteer)
    assert {m.actor.code for m in result.mentions} >= {"ARN", "GON"}
    assert gazetteer.role("foreign minister") is not None


def test_a_broken_dictionary_names_the_file(tmp_path):
    table = tmp_path / "bad.csv"
    table.write_text("name,code\nArnor,\n")
    with pytest.raises(DataError, match=r"bad\.csv"):
        gazetteer_with([table])


def test_petrarch_names_are_written_as_running_text_spells_them():
    from detente.actors.petrarch import _forms

    assert "Prince of Dol Amroth" in _forms("PRINCE OF DOL AMROTH")
    assert "Barad-dur" in _forms("BARAD-DUR")
    assert "The KU" in _forms("THE_KU")
    assert _forms("K.U.") == ["K.U."]  # initials: no endings, no lower case
    assert "Argentina" in _forms("ARGENTIN") and "Of" not in _forms("ARGENTIN")


def test_petrarch_multiword_name_with_small_words_is_found(run):
    folder = ROOT / "tests" / "gold" / "petrarch2_dicts"
    gazetteer = gazetteer_with([folder / "PETR.Validate.actors.txt"])
    result = run("Gondor warned of the Prince of Dol Amroth.", gazetteer)
    assert ("GON", "DOL") in {(e.source.code, e.target.code) for e in result.events if e.source and e.target}
