"""The library functions behind the routes, and the CLI's `serve` wiring."""

from __future__ import annotations

import contextlib
import sys

import pytest

from detente.errors import DateError, DetenteError, InputError, StoreError
from detente.records import Article
from detente.store import Filters
from detente.web import views


def test_paging_reads_one_row_more_to_tell_if_more_follow(store):
    every = store.events(Filters(dyad="GBR-RUS"))
    page = views.paged(store.events, Filters(dyad="GBR-RUS"), 3, len(every) - 3)
    assert [e["id"] for e in page.items] == [e.id for e in every[-3:]]
    assert not page.has_more and page.as_dict()["next_offset"] is None
    with pytest.raises(InputError):
        views.paged(store.events, Filters(), views.MAX_LIMIT + 1, 0)


def test_evidence_marks_are_relative_to_the_sentence(analyze):
    result = analyze("Tensions grew. Russia expelled two British diplomats on Monday.")
    (event,) = [e for e in result.events if e.trigger == "expelled"]
    ev = views.evidence(result.article.text, event)
    assert ev["text"] == result.article.text[event.start:event.end]
    marks = {m["kind"]: ev["text"][m["start"]:m["end"]] for m in ev["marks"]}
    assert marks["trigger"] == "expelled" and marks["source"] == "Russia"


def test_to_article_reads_written_dates_and_refuses_impossible_ones():
    assert views.to_article({"text": "x", "published": "11 February 2022"}).published == "2022-02-11"
    with pytest.raises(DateError):
        views.to_article({"text": "x", "published": "2022-02-30"})
    with pytest.raises(InputError):
        views.to_article({"text": "   "})


def test_network_counts_match_the_dyad_series(store):
    from detente.relations import relations

    edge = next(e for e in views.network(store)["edges"] if (e["a"], e["b"]) == ("GBR", "RUS"))
    series = relations(store, "GBR", "RUS", by="year")
    assert edge["events"] == sum(p.both.events for p in series.periods)
    assert edge["goldstein_sum"] == pytest.approx(sum(p.both.goldstein_sum for p in series.periods))


def test_an_article_view_of_an_unknown_id_is_none(store):
    assert views.article_view(store, "missing") is None
    assert views.article_view(store, "uk_russia")["article"]["external_id"] == "uk_russia"


def test_errors_map_to_statuses_by_class():
    from detente.web.app import status_of

    assert status_of(DateError("x")) == 400  # nearest class: InputError
    assert status_of(StoreError("x")) == 503
    assert status_of(DetenteError("x")) == 500


def test_without_the_web_extra_create_app_says_what_to_install(monkeypatch):
    import detente.web as web

    monkeypatch.setitem(sys.modules, "detente.web.app", None)  # importing it now fails
    with pytest.raises(web.MissingExtraError, match=r"detente\[web\]"):
        web.create_app(":memory:")


def test_serve_has_help_and_reports_a_store_it_cannot_open(tmp_path, capsys):
    from detente.cli import main

    with contextlib.suppress(SystemExit):
        main(["serve", "--help"])
    assert "--token" in capsys.readouterr().out
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SystemExit) as done:
        main(["serve", "--db", str(blocker / "x.duckdb"), "--port", "1"])
    assert done.value.code == 5  # a StoreError: one line on stderr, exit code 5


def test_analysis_adds_evidence_to_every_event(analyze):
    result = analyze("Britain condemned Russia.")
    data = views.analysis(result)
    assert len(data["events"]) == len(result.events) >= 1
    assert all("evidence" in e for e in data["events"])
    assert Article.from_dict(data["article"]) == result.article
