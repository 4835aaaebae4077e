"""Story-aware aggregate queries, shared by every engine (mixed into :class:`Store`).

A **story event** is what the aggregates count: the events of one story (near-duplicate
articles, :mod:`detente.stories`) with the same source party, target party and CAMEO code
are one event, however many copies, paragraphs or outlets repeat it. It is dated by its
first report, weighs what its best-evidenced mention weighs (modality weight × confidence,
:data:`detente.scoring.MODALITY_WEIGHTS`), and remembers how many mentions, articles and
sources carried it (GDELT's NumMentions / NumArticles / NumSources).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from detente.errors import InputError
from detente.store import rows
from detente.store.schema import dyad_mentions_select, weight_sql

PERIODS = ("day", "week", "month", "year")


_SUMS = """COUNT(*) AS events, SUM(CASE WHEN w > 0 THEN 1 ELSE 0 END) AS weighted_events,
       SUM(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS q1,
       SUM(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS q2,
       SUM(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS q3,
       SUM(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS q4,
       SUM(goldstein) AS goldstein_sum, SUM(w) AS weight, SUM(w * goldstein) AS weighted,
       SUM(mentions) AS mentions"""


def period_sql(by: str, column: str) -> str:
    if by not in PERIODS:
        raise InputError(f"unknown period '{by}'", hint=f"use one of {', '.join(PERIODS)}")
    return f"CAST(date_trunc('{by}', {column}) AS DATE)"


class Aggregates:
    """Read-side aggregates; needs the engine primitives of :class:`Store`."""

    _has_rollup: bool | None = None  # schema version 3 or later (``dyad_mentions``)

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _stream(self, sql: str, params: Iterable[Any] = (), size: int = 10_000) -> Iterator[dict[str, Any]]:
        raise NotImplementedError

    def _dyad_source(self) -> str:
        """The ``dyad_mentions`` table, or the same rows computed from the events in a store
        opened read-only before it was migrated to schema version 3."""
        if self._has_rollup is None:
            found = self._query("SELECT MAX(version) AS v FROM schema_version")
            self._has_rollup = bool(found and (found[0]["v"] or 0) >= 3)
        return "dyad_mentions" if self._has_rollup else f"({dyad_mentions_select()})"

    def dyad_periods(
        self,
        by: str = "month",
        dyad: tuple[str, str] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Story events per period and direction, for one unordered dyad or for all.

        One row per (a, b, period, src, tgt) with ``src``/``tgt`` set (a directed series),
        plus one per (a, b, period) with them NULL (both directions together, where articles
        and sources are counted once even if they report both directions). ``a < b``.
        Columns: ``events`` (``weighted_events``: those with a weight above 0), ``q1``…``q4``
        (story events by quad class), ``goldstein_sum``,
        ``weight`` (Σ modality × confidence), ``weighted`` (Σ weight × Goldstein),
        ``mentions``, ``articles``, ``sources``. Story events are dated by their first
        report; ``since``/``until`` apply to that date.
        """
        where: list[str] = []
        params: list[Any] = []
        if dyad:
            # Ordered by the engine, as when the rows were written (its collation decides).
            where.append("m.a = LEAST(?, ?) AND m.b = GREATEST(?, ?)")
            params += [dyad[0], dyad[1], dyad[0], dyad[1]]
        if until:
            where.append("m.published <= CAST(? AS DATE)")
            params.append(until)
        if since:
            params.append(since)
        # Reads the rollup kept with the events (schema version 3: one row per article and
        # story event of two parties), narrowed by one equality on the ordered pair. Each
        # story event is dated (and given its period) in one GROUP BY; its rows are joined back
        # once to count distinct articles and sources per period. Plain GROUP BYs and UNION
        # ALL, not window functions or GROUPING SETS: faster on DuckDB, the same on
        # PostgreSQL, and few enough steps that planning stays a small part of the time.
        sql = f"""
WITH ev AS (
    SELECT m.a, m.b, m.story_id, m.src, m.tgt, m.code, m.article_id, m.outlet, m.published, m.weight,
           m.quad_class, m.goldstein, m.mentions
    FROM {self._dyad_source()} m{(" WHERE " + " AND ".join(where)) if where else ""}
), sp AS (
    SELECT a, b, story_id, src, tgt, code, {period_sql(by, "MIN(published)")} AS period,
           MAX(weight) AS w, MIN(quad_class) AS quad_class, MIN(goldstein) AS goldstein, SUM(mentions) AS mentions
    FROM ev GROUP BY a, b, story_id, src, tgt, code{" HAVING MIN(published) >= CAST(? AS DATE)" if since else ""}
), reach AS (
    SELECT sp.a, sp.b, sp.period, sp.src, sp.tgt, ev.article_id, ev.outlet
    FROM ev JOIN sp USING (a, b, story_id, src, tgt, code)
), counted AS (
    SELECT a, b, period, src, tgt, {_SUMS} FROM sp GROUP BY a, b, period, src, tgt
    UNION ALL
    SELECT a, b, period, NULL, NULL, {_SUMS} FROM sp GROUP BY a, b, period
), reached AS (
    SELECT a, b, period, src, tgt, COUNT(DISTINCT article_id) AS articles, COUNT(DISTINCT outlet) AS sources
    FROM reach GROUP BY a, b, period, src, tgt
    UNION ALL
    SELECT a, b, period, NULL, NULL, COUNT(DISTINCT article_id), COUNT(DISTINCT outlet)
    FROM reach GROUP BY a, b, period
)
SELECT c.*, r.articles, r.sources FROM counted c JOIN reached r
  ON r.a = c.a AND r.b = c.b AND r.period = c.period
 AND r.src IS NOT DISTINCT FROM c.src AND r.tgt IS NOT DISTINCT FROM c.tgt
ORDER BY c.a, c.b, c.period, c.src NULLS FIRST, c.tgt NULLS FIRST"""
        out = []
        for r in self._query(sql, params):
            r = dict(r)
            r["period"] = rows.iso_date(r["period"])
            for k in ("events", "weighted_events", "q1", "q2", "q3", "q4", "mentions", "articles", "sources"):
                r[k] = int(r[k] or 0)
            for k in ("goldstein_sum", "weight", "weighted"):
                # Rounded so sums do not depend on the order the engine added them in.
                r[k] = round(float(r[k] or 0.0), 9)
            out.append(r)
        return out

    def story_events(
        self, dyad: tuple[str, str], since: str | None = None, until: str | None = None
    ) -> list[dict[str, Any]]:
        """The story events of a dyad between two dates (of first report), each with its
        best-evidenced mention as an :class:`Event` (key ``event``) and its evidence sentence
        (``evidence``), ``story``, ``weight``, ``day``, ``mentions``, ``articles``, ``sources``,
        ``url``."""
        params: list[Any] = [dyad[0], dyad[1], dyad[1], dyad[0]]
        outer = []
        if since:
            outer.append("day >= CAST(? AS DATE)")
            params.append(since)
        if until:
            outer.append("day <= CAST(? AS DATE)")
            params.append(until)
        sql = f"""
WITH ev AS (
    SELECT e.*, COALESCE(e.story_id, e.article_id) AS story, {weight_sql("e")} AS w,
           COALESCE(e.outlet, e.article_id) AS outlet_key, a.url AS article_url,
           SUBSTRING(a.text, e.start_char + 1, e.end_char - e.start_char) AS evidence
    FROM events e JOIN articles a ON a.id = e.article_id
    WHERE e.published IS NOT NULL AND
          ((e.source_party = ? AND e.target_party = ?) OR (e.source_party = ? AND e.target_party = ?))
), ranked AS (
    SELECT ev.*,
           MIN(published) OVER (PARTITION BY story, source_party, target_party, code) AS day,
           COUNT(*) OVER (PARTITION BY story, source_party, target_party, code) AS n_mentions,
           ROW_NUMBER() OVER (PARTITION BY story, source_party, target_party, code
                              ORDER BY w DESC, published, article_id, trigger_start) AS rn
    FROM ev
), counted AS (
    SELECT story, source_party, target_party, code, COUNT(DISTINCT article_id) AS n_articles,
           COUNT(DISTINCT outlet_key) AS n_sources
    FROM ev GROUP BY story, source_party, target_party, code
)
SELECT r.*, c.n_articles, c.n_sources FROM ranked r JOIN counted c
  ON c.story = r.story AND c.source_party = r.source_party AND c.target_party = r.target_party
 AND c.code = r.code
WHERE r.rn = 1{(" AND " + " AND ".join(outer)) if outer else ""}
ORDER BY day, r.article_id, r.trigger_start"""
        out = []
        for r in self._query(sql, params):
            out.append({
                "event": rows.event_from_row(r), "story": r["story"], "weight": float(r["w"]),
                "day": rows.iso_date(r["day"]), "mentions": int(r["n_mentions"]),
                "articles": int(r["n_articles"]), "sources": int(r["n_sources"]),
                "evidence": r["evidence"] or "", "url": r["article_url"],
            })
        return out

    def stories_summary(self) -> dict[str, int]:
        """How many stories, and how many articles are copies within a story."""
        r = self._query(
            "SELECT COUNT(*) AS articles, COUNT(DISTINCT COALESCE(story_id, id)) AS stories FROM articles"
        )[0]
        articles, count = int(r["articles"]), int(r["stories"])
        return {"articles": articles, "stories": count, "copies": articles - count}

    def export_rows(self, story_level: bool, size: int = 20_000) -> Iterator[dict[str, Any]]:
        """Stream events for export: every stored event (``story_level=False``), or one row
        per story event with GDELT's counts and the first report's article fields."""
        if not story_level:
            yield from self._stream(
                "SELECT e.*, a.url AS article_url, a.source AS article_source, a.ingested_at "
                "FROM events e JOIN articles a ON a.id = e.article_id "
                "ORDER BY e.published NULLS LAST, e.article_id, e.trigger_start, e.id", (), size)
            return
        sql = f"""
WITH ev AS (
    SELECT e.*, COALESCE(e.story_id, e.article_id) AS story, {weight_sql("e")} AS w,
           COALESCE(e.outlet, e.article_id) AS outlet_key, a.url AS article_url, a.source AS article_source,
           a.ingested_at,
           CASE WHEN STRPOS(a.text, CHR(10)) = 0 OR e.start_char < STRPOS(a.text, CHR(10))
                THEN 1 ELSE 0 END AS in_lead
    FROM events e JOIN articles a ON a.id = e.article_id
), ranked AS (
    SELECT ev.*,
           ROW_NUMBER() OVER (PARTITION BY story, source_party, target_party, code
                              ORDER BY published NULLS LAST, ingested_at, article_id, trigger_start) AS rn
    FROM ev
), counted AS (
    SELECT story, source_party, target_party, code, COUNT(*) AS n_mentions,
           COUNT(DISTINCT article_id) AS n_articles, COUNT(DISTINCT outlet_key) AS n_sources
    FROM ev GROUP BY story, source_party, target_party, code
)
SELECT r.*, c.n_mentions, c.n_articles, c.n_sources FROM ranked r JOIN counted c
  ON c.story = r.story AND c.code = r.code
 AND c.source_party IS NOT DISTINCT FROM r.source_party
 AND c.target_party IS NOT DISTINCT FROM r.target_party
WHERE r.rn = 1
ORDER BY r.published NULLS LAST, r.article_id, r.trigger_start, r.id"""
        yield from self._stream(sql, (), size)
