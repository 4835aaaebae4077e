"""Relations: the index formula, recency and evidence rules, alerts with their evidence, the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from detente import relations as rel
from detente.records import ActorRef, AnalyzedArticle, Article, Event
from detente.store import open_store
from tests.conftest import EXAMPLES, ingest_cli, run_cli

GBR = ActorRef("GBRGOV", "UK government", "GBR", "GOV")
RUS = ActorRef("RUSGOV", "Russian government", "RUS", "GOV")


def article(text: str, day: str, *specs: tuple[str, float, int, str, float, bool]) -> AnalyzedArticle:
    """An article whose events are (code, goldstein, quad, modality, confidence, gbr_is_source),
    each with the whole text as evidence."""
    a = Article(text=text, published=day, source="wire", url=f"https://example.org/{abs(hash(text))}")
    events = tuple(
        Event(article_id=a.id, sentence=0, start=0, end=len(text), code=code, root_code=code[:2],
              name=f"code {code}", goldstein=g, quad_class=q, trigger="t", trigger_start=i, trigger_end=i + 1,
              source=GBR if gbr_first else RUS, target=RUS if gbr_first else GBR, modality=modality,
              confidence=conf)
        for i, (code, g, q, modality, conf, gbr_first) in enumerate(specs)
    )
    return AnalyzedArticle(article=a, events=events)


def test_the_index_is_the_weighted_mean_goldstein_shrunk_by_one_neutral_event():
    store = open_store(":memory:")
    store.add([article("Britain and Russia clashed.", "2022-02-08",
                       ("173", -5.0, 4, "asserted", 1.0, True), ("042", 4.0, 1, "claimed", 1.0, False))])
    period = rel.relations(store, "GBR", "RUS").periods[0]
    # S = 1×(−5) + ½×4 = −3, W = 1 + ½ = 1.5, index = S / (W + 1) = −1.2
    assert period.both.index == pytest.approx(-1.2, abs=1e-4)
    assert period.both.goldstein_sum == pytest.approx(-1.0) and period.both.goldstein_mean == pytest.approx(-0.5)
    assert period.ab.events == 1 and period.ba.events == 1
    assert period.ab.index is None  # one event alone is below the minimum evidence
    assert period.both.material_conflict == 1 and period.both.verbal_cooperation == 1


def test_negated_and_denied_events_weigh_nothing():
    store = open_store(":memory:")
    store.add([article("Russia did not attack Britain, it denied.", "2022-02-08",
                       ("190", -10.0, 4, "negated", 1.0, False), ("173", -5.0, 4, "denied", 1.0, False),
                       ("042", 1.9, 1, "asserted", 1.0, True), ("040", 1.0, 1, "asserted", 1.0, False))])
    both = rel.relations(store, "GBR", "RUS").periods[0].both
    assert both.events == 4 and both.evidence == 2.0
    assert both.index == pytest.approx((1.9 + 1.0) / (2 + 1), abs=1e-4)


def test_the_index_decays_towards_neutral_as_evidence_ages():
    store = open_store(":memory:")
    clash = [(c, -5.0, 4, "asserted", 1.0, True) for c in ("171", "173", "174", "175")]
    store.add([article("Clash.", "2022-02-07", *clash)])
    series = rel.relations(store, "GBR", "RUS", until="2022-03-06")
    indices = [p.both.index for p in series.periods]
    assert indices[0] == pytest.approx(-20 / 5, abs=1e-4)
    assert indices[1] == pytest.approx(-10 / 3, abs=1e-4)  # half-life one week: S and W halve, k does not
    assert indices[2] is None  # evidence (4 → 2 → 1) below 2 story events: no index
    assert [p.start for p in series.periods] == ["2022-02-07", "2022-02-14", "2022-02-21", "2022-02-28"]


def test_periods_by_month_and_since_until():
    store = open_store(":memory:")
    talks = (("040", 1.0, 1, "asserted", 1.0, True), ("042", 1.9, 1, "asserted", 1.0, False))
    store.add([article(f"Meeting {d}.", d, *talks) for d in ("2022-01-15", "2022-03-02")])
    series = rel.relations(store, "RUS", "GBR", by="month", since="2022-02-01")
    assert [p.start for p in series.periods] == ["2022-02-01", "2022-03-01"]
    quiet = series.periods[0].both
    assert quiet.events == 0 and quiet.index is None and quiet.smoothed > 0  # history carried, halved
    assert series.periods[0].ab.direction == "RUS>GBR"


def calm_then_crisis(weeks: int = 8) -> list[AnalyzedArticle]:
    start = date(2022, 1, 3)
    out = [article(f"Britain and Russia held talks in week {w}.", (start + timedelta(weeks=w)).isoformat(),
                   ("040", 1.0, 1, "asserted", 1.0, True), ("040", 1.0, 1, "asserted", 1.0, False))
           for w in range(weeks)]
    crisis = (start + timedelta(weeks=weeks)).isoformat()
    out.append(article("Russia expelled British diplomats and threatened London.", crisis,
                       ("1246", -7.0, 4, "asserted", 0.9, False), ("130", -4.4, 3, "asserted", 0.8, False)))
    out.append(article("Britain imposed sanctions on Russian banks.", crisis, ("163", -8.0, 4, "asserted", 1.0, True)))
    return out


def test_a_sudden_conflict_after_calm_weeks_is_an_escalation_alert_with_its_evidence():
    store = open_store(":memory:")
    store.add(calm_then_crisis())
    found = rel.alerts(store, dyad="RUS-GBR")
    assert [a.kind for a in found] == ["escalation"]
    alert = found[0]
    assert alert.dyad == "GBR-RUS" and alert.start == "2022-02-28"
    assert alert.index_after < 0 < alert.index_before and alert.z <= -2
    assert [d.code for d in alert.drivers] == ["163", "1246", "130"]  # strongest pull first
    assert alert.drivers[0].evidence == "Britain imposed sanctions on Russian banks."
    assert rel.alerts(store) == found  # all dyads: the same one
    assert rel.alerts(store, since="2022-03-07") == []


def test_steady_relations_raise_no_alert():
    store = open_store(":memory:")
    store.add(calm_then_crisis()[:-2])
    assert rel.alerts(store, dyad="GBR-RUS") == []


def test_the_chart_draws_conflict_left_and_cooperation_right():
    store = open_store(":memory:")
    store.add(calm_then_crisis())
    lines = rel.chart(rel.relations(store, "GBR", "RUS"))
    assert lines[0].startswith("2022-01-03") and "│█" in lines[0]
    assert "█│" in lines[-1]


@pytest.fixture(autouse=True)
def fresh_consoles(monkeypatch):
    """Fresh CLI consoles (they find sys.stdout/sys.stderr when printing, so capsys sees them),
    whatever an earlier test did to the module-level ones."""
    from rich.console import Console

    from detente import cli

    monkeypatch.setattr(cli, "console", Console(soft_wrap=True))
    monkeypatch.setattr(cli, "err", Console(stderr=True, soft_wrap=True))


run = run_cli


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory, pipeline):
    """A store built from examples/, the undated example article dated 2022-02-11."""
    return ingest_cli(EXAMPLES, tmp_path_factory.mktemp("examples") / "news.duckdb", "--date", "2022-02-11")


def test_relations_command_formats(capsys, examples_db):
    code, out, _ = run(capsys, "relations", "GBR", "RUS", "--db", str(examples_db), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["a"] == "GBR" and data["periods"][0]["start"] == "2022-02-07"
    code, out, _ = run(capsys, "relations", "GBR", "RUS", "--db", str(examples_db), "--format", "csv", "--by", "month")
    assert code == 0 and out.splitlines()[0].startswith("period,ab_events") and "2022-02-01" in out
    code, out, _ = run(capsys, "relations", "GBR", "RUS", "--db", str(examples_db))
    assert code == 0 and "2022-02-07" in out and "│" in out
    code, _out, err = run(capsys, "relations", "GBR", "RUS", "--db", str(examples_db), "--by", "fortnight")
    assert code == 2 and "fortnight" in err


def test_the_example_weeks_index_is_explained_by_its_events(examples_db):
    with open_store(examples_db, read_only=True) as store:
        week = rel.relations(store, "GBR", "RUS").periods[0]
        found = store.story_events(("GBR", "RUS"), week.start, week.end)
    assert week.start == "2022-02-07" and week.both.events == len(found) >= 2
    weighted = sum(f["weight"] * f["event"].goldstein for f in found)
    weight = sum(f["weight"] for f in found)
    assert week.both.index == pytest.approx(weighted / (weight + 1), abs=1e-3)
    assert all(f["evidence"] and f["event"].article_id == found[0]["event"].article_id for f in found)


def test_the_example_articles_week_has_a_negative_index(examples_db):
    with open_store(examples_db, read_only=True) as store:
        week = rel.relations(store, "GBR", "RUS").periods[0]
    assert week.start == "2022-02-07" and week.both.index is not None and week.both.index < 0


def test_alerts_command(capsys, tmp_path):
    path = tmp_path / "crisis.duckdb"
    with open_store(path) as store:
        store.add(calm_then_crisis())
    code, out, _ = run(capsys, "alerts", "--db", str(path))
    assert code == 0 and out.startswith("ESCALATION GBR-RUS 2022-02-28") and "sanctions on Russian banks" in out
    code, out, _ = run(capsys, "alerts", "--db", str(path), "--dyad", "GBR-FRA", "--format", "json")
    assert code == 0 and json.loads(out) == []
