"""Relations between two actors over time: dyad series, the relations index, escalation alerts.

Everything counts **story events** (:mod:`detente.store.aggregates`): an event repeated by
copies of one story counts once, dated by its first report, weighted by its best evidence.

**The relations index** (−10 … +10, per period and direction; ``docs/relations.md``)::

    w_i     = MODALITY_WEIGHTS[modality_i] × confidence_i      (asserted 1, claimed ½, negated 0 …)
    S_t     = Σ_i w_i × goldstein_i      W_t = Σ_i w_i      N_t = #{i : w_i > 0}    (events of period t)
    λ       = 0.5 ** (1 / half_life)                           (recency: weight halves every half_life periods)
    S̃_t     = Σ_{s ≤ t} λ^(t−s) S_s      and likewise W̃_t, Ñ_t
    index_t = S̃_t / (W̃_t + k)          reported only when Ñ_t ≥ min_events, else None

``k`` (``prior_weight``) is a neutral pseudo-event at Goldstein 0: a period resting on one
weak event is pulled towards 0 and a quiet dyad drifts back to neutral as its evidence ages.
Because ``|goldstein| ≤ 10`` and ``k ≥ 0`` the index stays within −10 … +10.

**Alerts** compare each period's change of the (unblanked) index with the dyad's own history
of changes: ``z_t = Δ_t / σ_t`` with ``σ_t² = (Σ_{s<t} Δ_s² + k₀ σ₀²) / (n_t + k₀)``, a
spread shrunk towards a prior σ₀ so a young dyad can alert on a large move but not on noise.
A period alerts when ``|z| ≥ z_threshold``, ``|Δ| ≥ min_change`` and it has at least
``min_events`` story events of its own (a move made by decay alone never alerts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from detente.records import ActorRef, Record
from detente.store.aggregates import PERIODS
from detente.store.base import Store, parse_dyad


@dataclass(frozen=True)
class IndexParams:
    """Knobs of the relations index and of alerts (defaults are the documented ones)."""

    half_life: float = 1.0
    prior_weight: float = 1.0
    min_events: float = 2.0
    z_threshold: float = 2.0
    min_change: float = 1.0
    prior_sigma: float = 1.5
    prior_changes: float = 4.0
    drivers: int = 5


DEFAULT = IndexParams()


@dataclass(frozen=True, slots=True)
class Flow(Record):
    """One direction of a dyad (``A>B``, ``B>A``) or both (``A-B``) in one period."""

    direction: str
    events: int = 0
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    goldstein_sum: float = 0.0
    goldstein_mean: float | None = None
    weight: float = 0.0
    weighted_sum: float = 0.0
    index: float | None = None
    smoothed: float = 0.0  # the index before the minimum-evidence rule (what alerts use)
    evidence: float = 0.0  # Ñ_t: recency-weighted count of story events
    mentions: int = 0
    articles: int = 0
    sources: int = 0


@dataclass(frozen=True, slots=True)
class Period(Record):
    start: str
    end: str
    ab: Flow
    ba: Flow
    both: Flow


@dataclass(frozen=True, slots=True)
class Series(Record):
    a: str
    b: str
    by: str
    periods: tuple[Period, ...] = ()


@dataclass(frozen=True, slots=True)
class Driver(Record):
    """A story event that moved an alert's index, with its evidence sentence."""

    event_id: str
    article_id: str
    day: str | None
    code: str
    name: str
    goldstein: float
    modality: str
    weight: float
    source: ActorRef | None
    target: ActorRef | None
    evidence: str
    url: str | None = None
    articles: int = 1
    sources: int = 1


@dataclass(frozen=True, slots=True)
class Alert(Record):
    """An escalation (index falls) or de-escalation (index rises) of a dyad in one period."""

    dyad: str
    kind: str
    start: str
    end: str
    index_before: float
    index_after: float
    change: float
    z: float
    events: int
    drivers: tuple[Driver, ...] = ()


# -- periods --------------------------------------------------------------------------------
def period_start(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: date, by: str) -> date:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def period_starts(first: date, last: date, by: str) -> list[date]:
    out, current = [], period_start(first, by)
    while current <= last:
        out.append(current)
        current = next_period(current, by)
    return out


# -- the index ------------------------------------------------------------------------------
_QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


def _flows(direction: str, rows: list[dict[str, Any] | None], p: IndexParams) -> list[Flow]:
    """Flows of consecutive periods (``None`` for a period without events)."""
    decay = 0.5 ** (1.0 / p.half_life)
    s = w = n = 0.0
    out = []
    for row in rows:
        r = row or {}
        events, weight, weighted = r.get("events", 0), r.get("weight", 0.0), r.get("weighted", 0.0)
        # Evidence counts only events that carry weight: negated or denied ones add none.
        counted = r.get("weighted_events", 0)
        s, w, n = decay * s + weighted, decay * w + weight, decay * n + counted
        smoothed = s / (w + p.prior_weight) if (w + p.prior_weight) > 0 else 0.0
        out.append(Flow(
            direction=direction, events=events,
            **{q: r.get(f"q{i + 1}", 0) for i, q in enumerate(_QUADS)},
            goldstein_sum=round(r.get("goldstein_sum", 0.0), 6),
            goldstein_mean=round(r["goldstein_sum"] / events, 6) if events else None,
            weight=round(weight, 6), weighted_sum=round(weighted, 6),
            index=round(smoothed, 4) if n >= p.min_events - 1e-9 else None,
            smoothed=round(smoothed, 6), evidence=round(n, 6),
            mentions=r.get("mentions", 0), articles=r.get("articles", 0), sources=r.get("sources", 0),
        ))
    return out


def series_from_rows(
    rows: Iterable[dict[str, Any]],
    a: str,
    b: str,
    by: str = "week",
    since: str | None = None,
    until: str | None = None,
    params: IndexParams = DEFAULT,
) -> Series:
    """Assemble a :class:`Series` from :meth:`Store.dyad_periods` rows of one dyad.

    Periods run from the first with events (or ``since``) to the last (or ``until``), empty
    ones included, so recency weighting sees the gaps. History before ``since`` still feeds
    the smoothing; only the periods shown are trimmed.
    """
    keyed: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in rows:
        direction = "both" if r["src"] is None else ("ab" if r["src"] == a else "ba")
        keyed[(r["period"], direction)] = r
    days = sorted({date.fromisoformat(p) for p, _ in keyed})
    first = days[0] if days else (date.fromisoformat(since) if since else None)
    last = date.fromisoformat(until) if until else (days[-1] if days else None)
    if first is None or last is None or first > last:
        return Series(a, b, by, ())
    starts = period_starts(first, last, by)
    flows = {d: _flows(name, [keyed.get((s.isoformat(), d)) for s in starts], params)
             for d, name in (("ab", f"{a}>{b}"), ("ba", f"{b}>{a}"), ("both", f"{a}-{b}"))}
    periods = [
        Period(start=s.isoformat(), end=(next_period(s, by) - timedelta(days=1)).isoformat(),
               ab=flows["ab"][i], ba=flows["ba"][i], both=flows["both"][i])
        for i, s in enumerate(starts)
    ]
    if since:
        cut = period_start(date.fromisoformat(since), by).isoformat()
        periods = [p for p in periods if p.start >= cut]
    return Series(a, b, by, tuple(periods))


def relations(
    store: Store,
    a: str,
    b: str,
    by: str = "week",
    since: str | None = None,
    until: str | None = None,
    params: IndexParams = DEFAULT,
) -> Series:
    """The dyad series of ``a`` and ``b`` (actor or country codes, e.g. ``GBR``, ``RUS``)."""
    a, b = parse_dyad(f"{a}-{b}")
    if by not in PERIODS:
        from detente.errors import InputError

        raise InputError(f"unknown period '{by}'", hint=f"use one of {', '.join(PERIODS)}")
    rows = store.dyad_periods(by, (a, b), None, until)
    return series_from_rows(rows, a, b, by, since, until, params)


# -- alerts ---------------------------------------------------------------------------------
def detect(series: Series, params: IndexParams = DEFAULT) -> list[tuple[int, float, float, float]]:
    """Alerting periods of a series: (position, index before, index after, z)."""
    found = []
    previous, squares, n = 0.0, 0.0, 0
    for i, period in enumerate(series.periods):
        x = period.both.smoothed
        change = x - previous
        sigma = math.sqrt((squares + params.prior_changes * params.prior_sigma**2) / (n + params.prior_changes))
        z = change / sigma
        if (abs(z) >= params.z_threshold and abs(change) >= params.min_change
                and period.both.events >= params.min_events):
            found.append((i, previous, x, z))
        squares, n, previous = squares + change * change, n + 1, x
    return found


def _drivers(store: Store, series: Series, period: Period, falling: bool, p: IndexParams) -> tuple[Driver, ...]:
    found = store.story_events((series.a, series.b), period.start, period.end)
    sign = -1.0 if falling else 1.0
    moving = [f for f in found if sign * f["weight"] * f["event"].goldstein > 0]
    moving.sort(key=lambda f: -sign * f["weight"] * f["event"].goldstein)
    out = []
    for f in moving[: p.drivers]:
        e = f["event"]
        out.append(Driver(
            event_id=e.id, article_id=e.article_id, day=f["day"], code=e.code, name=e.name,
            goldstein=e.goldstein, modality=e.modality, weight=round(f["weight"], 4), source=e.source,
            target=e.target, evidence=" ".join(f["evidence"].split()), url=f["url"],
            articles=f["articles"], sources=f["sources"],
        ))
    return tuple(out)


def alerts(
    store: Store,
    dyad: str | None = None,
    since: str | None = None,
    by: str = "week",
    params: IndexParams = DEFAULT,
) -> list[Alert]:
    """Escalations and de-escalations of one dyad (``"GBR-RUS"``) or of every dyad, newest
    first; each lists the story events that drove it, with evidence sentences."""
    pair = parse_dyad(dyad) if dyad else None
    if pair:
        pair = (min(pair), max(pair))
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in store.dyad_periods(by, pair):
        grouped.setdefault((r["a"], r["b"]), []).append(r)
    out = []
    for (a, b), rows in sorted(grouped.items()):
        series = series_from_rows(rows, a, b, by, None, None, params)
        for i, before, after, z in detect(series, params):
            period = series.periods[i]
            if since and period.end < since:
                continue
            falling = after < before
            out.append(Alert(
                dyad=f"{a}-{b}", kind="escalation" if falling else "de-escalation", start=period.start,
                end=period.end, index_before=round(before, 3), index_after=round(after, 3),
                change=round(after - before, 3), z=round(z, 2), events=period.both.events,
                drivers=_drivers(store, series, period, falling, params),
            ))
    out.sort(key=lambda al: (al.start, abs(al.z)), reverse=True)
    return out


# -- terminal chart -------------------------------------------------------------------------
def chart(series: Series, width: int = 20) -> list[str]:
    """A text bar chart of the combined index, one line per period: bars grow left of the
    axis for conflict and right of it for cooperation; ``·`` marks too little evidence."""
    lines = []
    for p in series.periods:
        value = p.both.index
        if value is None:
            bar = " " * width + "│" + ("·" if p.both.events else "")
            label = "   —"
        else:
            size = min(width, round(abs(value) / 10 * width + 0.4999)) if value else 0
            bar = (" " * (width - size) + "█" * size + "│") if value < 0 else (" " * width + "│" + "█" * size)
            label = f"{value:+5.2f}"
        lines.append(f"{p.start}  {bar:<{2 * width + 1}}  {label}  ({p.both.events} events)")
    return lines
