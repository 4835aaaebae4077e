"""Amounts: numbers with what they count, casualties, and the event they belong to."""

from __future__ import annotations

import json

import pytest

from detente.context.amounts import AmountSpan, attach_amounts, find_amounts
from detente.context.evaluate import evaluate_amounts


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def amounts(nlp, text: str) -> list[AmountSpan]:
    return find_amounts(nlp(text))


def only(nlp, text: str) -> AmountSpan:
    found = amounts(nlp, text)
    assert len(found) == 1, found
    return found[0]


def test_counted_soldiers_attach_to_the_deploy_verb(nlp):
    doc = nlp("The United States will deploy 1,000 additional soldiers to Poland.")
    (amount,) = find_amounts(doc)
    assert (amount.value, amount.object, amount.kind, amount.unit) == (1000, "soldier", "count", None)
    assert not amount.approximate
    deploy = next(t.i for t in doc if t.lower_ == "deploy")
    assert attach_amounts([amount], doc, deploy) == [amount]
    assert doc[amount.head].lower_ == "soldiers"


def test_at_least_39_people_killed_are_dead_and_approximate(nlp):
    amount = only(nlp, "At least 39 people were killed in the attack on Sunday.")
    assert amount.text == "At least 39"
    assert (amount.value, amount.kind, amount.object) == (39, "dead", "person")
    assert amount.approximate and amount.bound == "lower"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Officials said 25 people were injured.", "injured"),
        ("The blast killed 12 police officers.", "dead"),
        ("Three soldiers died in the clash.", "dead"),
        ("The earthquake left five dead.", "dead"),
        ("The ministry reported 750 deaths.", "dead"),
        ("The death toll rose to 31.", "dead"),
        ("Rescuers found 40 wounded villagers.", "injured"),
        ("The army sent 300 engineers.", "count"),
    ],
)
def test_casualty_counts(nlp, text, kind):
    assert only(nlp, text).kind == kind


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The bank pledged $2 billion in aid.", 2e9, "USD"),
        ("Brussels offered €40 million to the region.", 4e7, "EUR"),
        ("The club paid £3m for the land.", 3e6, "GBP"),
        ("The deal is worth 900 million złotys.", 9e8, "PLN"),
        ("Inflation rose to 5% in May.", 5, "percent"),
        ("Support fell by 2.5 percent.", 2.5, "percent"),
        ("The town lies 73 km north of the capital.", 73, "km"),
        ("A magnitude 6.3 earthquake struck the island.", 6.3, "magnitude"),
    ],
)
def test_money_percent_and_measures_are_normalised(nlp, text, value, unit):
    amount = only(nlp, text)
    assert amount.value == pytest.approx(value)
    assert amount.unit == unit


def test_vague_numbers_follow_the_documented_convention(nlp):
    dozens = only(nlp, "Police detained dozens of protesters outside parliament.")
    assert (dozens.value, dozens.object, dozens.approximate) == (24, "protester", True)
    crowd = only(nlp, "Tens of thousands of people marched in the capital.")
    assert crowd.value == 20000 and crowd.approximate


def test_fractions_are_percentages(nlp):
    amount = only(nlp, "Two-thirds of voters backed the proposal.")
    assert amount.kind == "percent"
    assert amount.value == pytest.approx(66.67, abs=0.01)


def test_a_range_is_one_amount_with_both_ends(nlp):
    amount = only(nlp, "Between 36 and 40 people are under the rubble.")
    assert (amount.value, amount.upper, amount.object) == (36, 40, "person")
    assert amount.approximate
    money = only(nlp, "The plan costs between $5 and $7 billion a year.")
    assert (money.value, money.upper, money.unit) == (5e9, 7e9, "USD")
    crowd = only(nlp, "Around 18,250 to 63,000 visitors attended the rally.")
    assert (crowd.value, crowd.upper, crowd.object) == (18250, 63000, "visitor")


def test_a_change_from_one_figure_to_another_is_two_amounts(nlp):
    found = amounts(nlp, "The death toll rose from 14 to 31 on Wednesday.")
    assert [(a.value, a.kind) for a in found] == [(14, "dead"), (31, "dead")]


def test_half_of_is_a_proportion(nlp):
    amount = only(nlp, "More than half of the seats went to women.")
    assert (amount.value, amount.unit, amount.bound) == (50, "percent", "lower")


@pytest.mark.parametrize(
    "text",
    [
        "The summit took place on 12 March 2019 at 6pm.",
        "The 82-year-old leader spoke for 45 minutes.",
        "It was the second visit in 1995.",
        "Flight 752 crashed shortly after take-off.",
        "Leaders of the Group of Seven met in France.",
        "One of the ministers resigned.",
        "She was first elected in 2012, when she was about 57.",
        "Talks resumed in the first half of the year.",
        "The Boeing 737-800 jet crashed on Wednesday.",
        "He lost the 2016 Democratic primaries.",
    ],
)
def test_dates_times_ages_ordinals_and_names_are_not_amounts(nlp, text):
    assert amounts(nlp, text) == []


def test_offsets_point_at_the_text(nlp):
    doc = nlp("Some 300 soldiers and about $5 million arrived; 4% of the budget was spent.")
    found = find_amounts(doc)
    assert [a.text for a in found] == ["Some 300", "about $5 million", "4%"]
    for amount in found:
        assert doc.text[amount.start : amount.end] == amount.text


def test_amounts_of_another_clause_do_not_attach(nlp):
    doc = nlp("Russia deployed 1,000 troops, and Ukraine said that 39 soldiers died.")
    found = find_amounts(doc)
    deployed = next(t.i for t in doc if t.lower_ == "deployed")
    died = next(t.i for t in doc if t.lower_ == "died")
    assert [a.value for a in attach_amounts(found, doc, deployed)] == [1000]
    assert [(a.value, a.kind) for a in attach_amounts(found, doc, died)] == [(39, "dead")]


def test_casualties_of_a_participle_clause_attach_to_the_attack(nlp):
    doc = nlp("A car bomb hit the market in the capital, killing 39 civilians.")
    hit = next(t.i for t in doc if t.lower_ == "hit")
    attached = attach_amounts(find_amounts(doc), doc, hit)
    assert [(a.value, a.kind, a.object) for a in attached] == [(39, "dead", "civilian")]


def test_evaluate_scores_spans_and_values(tmp_path, pipeline):
    text = "Police arrested 12 protesters and seized $3 million."
    gold = [
        {"start": 16, "end": 18, "value": 12, "unit": None, "object": "protester", "kind": "count"},
        {"start": 38, "end": 48, "value": 4e6, "unit": "USD", "object": "", "kind": "money"},  # wrong on purpose
        {"start": 0, "end": 6, "value": 1, "unit": None, "object": "", "kind": "count"},  # not an amount
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "t", "url": "", "text": text, "amounts": gold}) + "\n", encoding="utf-8")
    result = evaluate_amounts(path, nlp=pipeline.nlp)
    assert (result["gold"], result["found"], result["matched"]) == (3, 2, 2)
    assert result["precision"] == 1.0
    assert result["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["value_accuracy"] == 0.5
