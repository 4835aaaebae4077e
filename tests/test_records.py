import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.records import ActorRef, AnalyzedArticle, Article, Event, Mention, Quote

GBR = ActorRef("GBRGOV", "Ben Wallace", "GBR", "GOV", "person")
RUS = ActorRef("RUS", "Russia", "RUS", None, "country")


def make_event(**changes):
    values = dict(article_id="a1", sentence=0, start=0, end=20, code="042", root_code="04",
                  name="Make a visit", goldstein=1.9, quad_class=1, trigger="visited",
                  trigger_start=4, trigger_end=11, source=GBR, target=RUS)
    values.update(changes)
    return Event(**values)


def test_article_id_is_a_content_hash():
    assert Article(text="Same text.").id == Article(text="Same text.", url="x").id
    assert Article(text="Same text.").id != Article(text="Other text.").id


def test_analyzed_article_round_trips_through_json():
    article = Article(text="Wallace visited Russia.", title="t", published="2022-02-11")
    result = AnalyzedArticle(
        article,
        mentions=(Mention(0, 7, "Wallace", GBR, cluster=1),),
        quotes=(Quote(article.id, 0, 7, "Wallace", "direct", speaker=GBR),),
        events=(make_event(article_id=article.id),),
        warnings=("w",),
    )
    again = AnalyzedArticle.from_json(result.to_json())
    assert again == result
    assert json.loads(result.to_json())["events"][0]["source"]["code"] == "GBRGOV"


@pytest.mark.parametrize(
    "changes",
    [{"modality": "rumoured"}, {"quad_class": 5}, {"goldstein": 11.0}, {"start": 5, "end": 2},
     {"confidence": 1.5}],
)
def test_event_rejects_invalid_values(changes):
    with pytest.raises(ValueError):
        make_event(**changes)


def test_unknown_fields_are_rejected_on_load():
    data = make_event().as_dict()
    data["colour"] = "red"
    with pytest.raises(ValueError, match="unknown fields"):
        Event.from_dict(data)


def test_event_id_depends_on_content():
    assert make_event().id == make_event().id
    assert make_event().id != make_event(code="043").id


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_mention_spans_are_ordered(a, b):
    if a <= b:
        assert Mention(a, b, "x", RUS).end >= a
    else:
        with pytest.raises(ValueError):
            Mention(a, b, "x", RUS)
