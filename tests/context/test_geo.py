"""Locations of events: the gazetteer, locative phrases, attachment to the event's clause."""

from __future__ import annotations

import pytest

from detente.context.geo import PlaceEntry, Places, default_places


def _place(pid, name, kind, country, pop, admin1="", lat=0.0, lon=0.0):
    return PlaceEntry(pid, name, kind, country, admin1, lat, lon, pop)


@pytest.fixture(scope="module")
def small() -> Places:
    return Places([
        (_place("FRA", "France", "country", "FRA", 67_000_000), []),
        (_place("USA", "United States", "country", "USA", 327_000_000), ["US"]),
        (_place("GEO", "Georgia", "country", "GEO", 3_700_000), []),
        (_place("US-GA", "Georgia", "admin1", "USA", 10_000_000), []),
        (_place("US-TX", "Texas", "admin1", "USA", 29_000_000), []),
        (_place("1", "Paris", "city", "FRA", 2_100_000), ["Lutetia"]),
        (_place("2", "Paris", "city", "USA", 25_000, admin1="Texas"), []),
    ])


def test_an_ambiguous_name_goes_to_the_larger_place_by_default(small):
    assert small.resolve("Paris").id == "1"
    assert small.resolve("paris").id == "1"


def test_a_qualifier_narrows_the_candidates(small):
    texas = small.resolve("Texas")
    assert small.resolve("Paris", within=texas).id == "2"


def test_a_country_name_is_the_country_unless_the_article_is_about_another_country(small):
    assert small.resolve("Georgia").id == "GEO"
    assert small.resolve("Georgia", hints={"USA": 12, "GEO": 0}).id == "US-GA"
    # the article's countries weigh, but a town does not beat a capital a hundred times larger
    assert small.resolve("Paris", hints={"USA": 10}).id == "1"


def test_unknown_names_resolve_to_nothing(small):
    assert small.resolve("Atlantis") is None


def test_the_packaged_gazetteer_has_countries_regions_and_cities_with_exonyms():
    places = default_places()
    kyiv = places.resolve("Kiev")
    assert (kyiv.name, kyiv.country, kyiv.kind) == ("Kyiv", "UKR", "city")
    assert abs(kyiv.lat - 50.45) < 0.1 and abs(kyiv.lon - 30.52) < 0.1
    assert places.resolve("Moscow").country == "RUS"
    assert places.resolve("Moscow", hints={"USA": 5}).country == "RUS"
    ukraine = places.country("UKR")
    assert ukraine is not None and 44 < ukraine.lat < 53 and 22 < ukraine.lon < 41
    assert places.resolve("Texas").kind == "admin1"
    assert places.full_name(places.resolve("Paris", within=places.resolve("Texas"))) \
        == "Paris, Texas, United States"


def _where(analyze, text, trigger):
    result = analyze(text)
    found = [e for e in result.events if e.trigger == trigger]
    assert found, [e.trigger for e in result.events]
    return found[0].location


def test_a_locative_in_the_clause_places_the_event(analyze):
    place = _where(analyze, "Russian troops shelled Ukrainian positions near Kharkiv on Monday.", "shelled")
    assert (place.name, place.country, place.precision, place.via) == ("Kharkiv", "UKR", "city", "clause")
    assert place.text == "Kharkiv"


def test_a_demonym_before_a_place_noun_is_that_country(analyze):
    place = _where(analyze, "Russia deployed tanks at the Ukrainian border.", "deployed")
    assert (place.name, place.precision) == ("Ukraine", "country")
    assert place.text == "Ukrainian"


def test_a_directional_phrase_counts_after_a_motion_verb(analyze):
    place = _where(analyze, "Britain sent troops to Estonia last week.", "sent")
    assert place.name == "Estonia"


def test_the_object_of_visit_is_where_the_visit_happens(analyze):
    place = _where(analyze, "The French president visited Algeria on Tuesday.", "visited")
    assert (place.name, place.via) == ("Algeria", "object")


def test_a_nested_phrase_under_the_trigger_is_in_its_clause(analyze):
    place = _where(analyze, "Russia's foreign minister met his French counterpart during a conference at the "
                            "embassy in Paris.", "met")
    assert (place.name, place.country) == ("Paris", "FRA")


def test_a_comma_qualifier_picks_the_place_of_that_state(analyze):
    place = _where(analyze, "Russian diplomats met American officials in Paris, Texas, on Sunday.", "met")
    assert (place.name, place.country) == ("Paris", "USA")


def test_a_dateline_places_events_with_no_place_of_their_own(analyze):
    place = _where(analyze, "MOSCOW, Feb 11 (Reuters) - Russia accused Britain of lying.", "accused")
    assert (place.name, place.via, place.text) == ("Moscow", "dateline", None)


def test_capitals_as_governments_are_not_places(analyze):
    result = analyze("Moscow accused London of spreading lies.")
    assert result.events
    # at most the article's country, never "Moscow" or "London" as the place of the accusation
    assert all(e.location is None or (e.location.via == "article" and e.location.text is None)
               for e in result.events)


def test_the_example_article_places_meetings_in_moscow_and_the_training_in_ukraine(seed):
    by_trigger = {}
    for e in seed.events:
        by_trigger.setdefault(e.trigger, []).append(e)
    meetings = by_trigger["meeting"]
    assert meetings and all(e.location.name == "Moscow" for e in meetings)
    assert by_trigger["train"][0].location.name == "Ukraine"
    assert by_trigger["denied"][0].location.text == "Moscow"
    assert by_trigger["visit"][0].location.name == "Russia"
    deploy = by_trigger["deploy"][0]
    soldiers = [a for a in deploy.amounts if a.text == "1,000"]
    assert soldiers and soldiers[0].value == 1000 and "soldier" in soldiers[0].object
    assert seed.article.text[soldiers[0].start:soldiers[0].end] == "1,000"
    for e in seed.events:
        if e.location is not None and e.location.start is not None:
            assert seed.article.text[e.location.start:e.location.end] == e.location.text


def test_the_gold_places_point_at_their_triggers_and_name_known_countries():
    import json
    from pathlib import Path

    places = default_places()
    path = Path(__file__).resolve().parents[1] / "gold" / "places_wikinews.jsonl"
    events = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for event in row["events"]:
            t = event["trigger"]
            assert row["text"][t["start"]:t["end"]] == t["text"]
            place = event["place"]
            if place is not None:
                assert place["precision"] in ("city", "region", "country")
                assert place["country"] is None or places.country(place["country"]) is not None
            events += 1
    assert events >= 50


def test_evaluate_places_scores_a_gold_file(pipeline, tmp_path):
    import json

    from detente.context.geo_eval import evaluate_places

    text = "Russian troops shelled Ukrainian positions near Kharkiv. Russia accused Britain of lying."
    gold = {"text": text, "events": [
        {"trigger": {"start": 15, "end": 22, "text": "shelled"},
         "place": {"name": "Kharkiv", "country": "UKR", "precision": "city", "stated_in": "sentence"}},
        {"trigger": {"start": 64, "end": 71, "text": "accused"}, "place": None},
    ]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    scores = evaluate_places(path, pipeline.nlp)
    assert (scores["events"], scores["matched"], scores["place_accuracy"]) == (1, 1, 1.0)
    assert scores["no_place"]["events"] == 1


def test_evaluate_places_reports_a_bad_line(tmp_path):
    from detente.context.geo_eval import evaluate_places
    from detente.errors import InputError

    path = tmp_path / "gold.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl:1"):
        evaluate_places(path)
