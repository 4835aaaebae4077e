"""Context fields of the records: Place and Amount, validated and JSON round-tripped."""

from __future__ import annotations

import json

import pytest

from detente.records import ActorRef, Amount, AnalyzedArticle, Article, Event, Place
from detente.schema import json_schema
from tests.store.conftest import pg_server, store_url  # noqa: F401  (fixtures of both engines)

MOSCOW = Place("Moscow", "RUS", "city", "city", 55.752, 37.6178, "524901", "Moscow, Russia", "Moscow", 40, 46)
SOLDIERS = Amount(10, 15, "1,000", 1000.0, "count", "soldier")


def make_event(**changes):
    values = dict(article_id="a1", sentence=0, start=0, end=60, code="154", root_code="15",
                  name="Mobilize or increase armed forces", goldstein=-7.2, quad_class=4, trigger="deploy",
                  trigger_start=0, trigger_end=6, source=ActorRef("GBR", "United Kingdom", "GBR"))
    values.update(changes)
    return Event(**values)


def test_context_fields_default_to_empty():
    event = make_event()
    assert (event.location, event.amounts, event.tone, event.themes, event.dead, event.injured) == \
        (None, (), None, (), None, None)


def test_an_event_with_context_round_trips_through_json():
    event = make_event(location=MOSCOW, amounts=(SOLDIERS,), tone=-3.5, themes=("MILITARY",), dead=3)
    article = Article(text="x" * 60)
    result = AnalyzedArticle(article, events=(event,), tone=-1.25)
    again = AnalyzedArticle.from_json(result.to_json())
    assert again == result
    data = json.loads(result.to_json())
    assert data["events"][0]["location"]["lat"] == 55.752
    assert data["events"][0]["amounts"][0]["value"] == 1000.0
    assert data["tone"] == -1.25


def test_context_does_not_change_the_event_id():
    assert make_event().id == make_event(location=MOSCOW, amounts=(SOLDIERS,), tone=2.0).id


@pytest.mark.parametrize("changes", [{"precision": "street"}, {"lat": 91.0}, {"lon": -181.0},
                                     {"via": "guess"}, {"start": 9, "end": 3}])
def test_a_place_rejects_invalid_values(changes):
    values = MOSCOW.as_dict()
    values.update(changes)
    with pytest.raises(ValueError):
        Place(**values)


def test_an_amount_rejects_an_unknown_kind():
    with pytest.raises(ValueError):
        Amount(0, 3, "two", 2.0, "weight")


def test_the_schema_describes_places_and_amounts():
    schema = json_schema()
    defs = schema["$defs"]
    assert defs["Event"]["properties"]["location"]["anyOf"][0] == {"$ref": "#/$defs/Place"}
    assert defs["Place"]["properties"]["precision"]["enum"] == ["city", "region", "country"]
    assert "injured" in defs["Amount"]["properties"]["kind"]["enum"]
    assert defs["AnalyzedArticle"]["properties"]["tone"]["anyOf"][0] == {"type": "number"}


def test_the_gdelt_export_fills_action_geo_and_avg_tone():
    from detente.export import GDELT_COLUMNS, action_geo, gdelt_row

    row = {"story": "s1", "code": "040", "root_code": "04", "base_code": "040", "quad_class": 1,
           "goldstein": 1.0, "n_mentions": 1, "n_sources": 1, "n_articles": 1, "article_id": "a1",
           "published": "2022-02-11", "source_code": "GBRGOV", "source_country": "GBR",
           "location_name": "Moscow", "location_country": "RUS", "location_kind": "city",
           "location_lat": 55.752, "location_lon": 37.6178, "location_feature_id": "524901",
           "location_full_name": "Moscow, Russia", "tone": -3.5, "doc_tone": -1.25}
    fields = dict(zip(GDELT_COLUMNS, gdelt_row(row), strict=True))
    assert fields["ActionGeo_Type"] == "4"  # a world city
    assert fields["ActionGeo_FullName"] == "Moscow, Russia"
    assert fields["ActionGeo_CountryCode"] == "RS"  # FIPS 10-4, not ISO
    assert (fields["ActionGeo_Lat"], fields["ActionGeo_Long"]) == ("55.752", "37.6178")
    assert fields["ActionGeo_FeatureID"] == "524901"
    assert fields["AvgTone"] == "-1.25"  # the article's tone, as GDELT's AvgTone
    us_state = action_geo({"location_kind": "admin1", "location_country": "USA", "location_lat": 31.0,
                           "location_lon": -97.0, "location_feature_id": "US-TX", "location_full_name": "Texas"})
    assert us_state[:4] == ["2", "Texas", "US", "USTX"]
    country = action_geo({"location_kind": "country", "location_country": "UKR", "location_lat": 49.0,
                          "location_lon": 31.4, "location_feature_id": "UKR", "location_full_name": "Ukraine"})
    assert country[0] == "1" and country[2] == country[3] == country[7] == "UP"
    assert action_geo({})[0] == "0"


def test_context_survives_both_stores(store_url):  # noqa: F811
    from detente.store import Filters, open_store

    article = Article(text="x" * 60, published="2022-02-11")
    event = make_event(article_id=article.id, location=MOSCOW, amounts=(SOLDIERS,), tone=-3.5,
                       themes=("military", "diplomatic"), dead=3, injured=None)
    bare = make_event(article_id=article.id, trigger_start=30, trigger_end=36, code="042")
    with open_store(store_url) as store:
        store.add([AnalyzedArticle(article, events=(event, bare), tone=-1.25)])
        found = {e.id: e for e in store.events(Filters(article_id=article.id))}
    assert found[event.id] == event
    assert found[bare.id] == bare  # no context stays no context
