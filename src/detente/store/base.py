"""One store interface over SQL engines: write analysed articles, read records back.

Engines implement a few primitives (:meth:`Store._query`, :meth:`Store._execute_many`,
:meth:`Store._begin`/``_commit``/``_rollback``, and optionally the bulk
:meth:`Store._insert` and streaming :meth:`Store._stream`); every query lives here or in
:mod:`.aggregates`, written once with ``?`` placeholders, parameterised, never formatted from
user input.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from detente import stories
from detente.errors import InputError
from detente.records import AnalyzedArticle, Article, Event, Mention, Quote
from detente.store import imports, rows
from detente.store.aggregates import Aggregates
from detente.store.schema import COLUMNS, dyad_mentions_sql, migrations

#: Positions of each table's primary key in ``COLUMNS`` (rows of one write are de-duplicated
#: on them before they reach the engine, so bulk paths need no conflict handling in-batch).
KEYS: dict[str, tuple[int, ...]] = {
    "articles": (0,), "mentions": (0, 1, 2), "events": (0,), "quotes": (0,),
    "stories": (0,), "story_signatures": (0,),
}


@dataclass(frozen=True)
class Filters:
    """Common filters of read queries. ``dyad`` is "A-B" (both directions unless
    ``directed``); actor codes may be countries (GBR) or organisations (IGOWSTNAT)."""

    dyad: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    code: str | None = None
    root: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    text: str | None = None
    article_id: str | None = None
    directed: bool = False
    limit: int | None = None
    offset: int = 0


def parse_dyad(dyad: str) -> tuple[str, str]:
    parts = [p.strip().upper() for p in dyad.replace("–", "-").split("-")]
    if len(parts) != 2 or not all(parts):
        raise InputError(f"bad dyad '{dyad}'", hint="write two actor codes like GBR-RUS")
    return parts[0], parts[1]


class Store(Aggregates):
    """Base class; use :func:`detente.store.open_store`."""

    url: str
    #: Appended to writes of rows another writer may have stored meanwhile.
    conflict_clause: str = " ON CONFLICT DO NOTHING"
    #: Migration statements this engine does not run (see ``schema.POSTGRES_ONLY``).
    skipped_statements: frozenset[str] = frozenset()
    #: Near-duplicate knobs used when articles are added (see :mod:`detente.stories`).
    story_params: stories.StoryParams = stories.StoryParams()

    # -- engine primitives ----------------------------------------------------------------
    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _execute_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def _insert(self, table: str, values: list[tuple[Any, ...]]) -> None:
        """Write rows of ``COLUMNS[table]`` (already de-duplicated); engines override this
        with their bulk path. Rows whose key is stored already are left as they are."""
        columns = COLUMNS[table]
        marks = ",".join("?" for _ in columns)
        self._execute_many(
            f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING", values
        )

    def _insert_columns(self, table: str, columns: rows.Columns) -> None:
        """Write a batch given as one sequence per column of ``COLUMNS[table]`` (in that
        order, de-duplicated); the bulk path of :meth:`add`, which engines override. Until
        the transaction ends the batch stays readable as ``staging_<table>``, from which
        :meth:`add` derives ``dyad_mentions``."""
        self._insert(table, list(zip(*columns.values(), strict=True)))

    def _stream(self, sql: str, params: Iterable[Any] = (), size: int = 10_000) -> Iterator[dict[str, Any]]:
        """Rows of a query, a batch at a time (engines override this to avoid loading all)."""
        yield from self._query(sql, params)

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------
    def migrate(self) -> int:
        """Apply missing migrations; return the schema version."""
        self._query(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            "applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
        )
        done = {r["version"] for r in self._query("SELECT version FROM schema_version")}
        for version, statements in migrations():
            if version in done:
                continue
            self._begin()
            try:
                for statement in statements:
                    if statement not in self.skipped_statements:
                        self._query(statement)
                self._query("INSERT INTO schema_version (version) VALUES (?)", [version])
                self._commit()
            except Exception:
                self._rollback()
                raise
        return max(v for v, _ in migrations())

    # -- writing --------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 AS x FROM articles WHERE id = ?", [article_id]))

    def known_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        marks = ",".join("?" for _ in ids)
        return {r["id"] for r in self._query(f"SELECT id FROM articles WHERE id IN ({marks})", ids)}

    def add(self, results: Iterable[AnalyzedArticle], cluster: bool = True) -> int:
        """Store analysed articles not stored yet (ids are content hashes); return how many
        were new. All rows of one call go in one transaction.

        Each new article is given a story (near-duplicate cluster, :mod:`detente.stories`)
        matched against every stored article; ``cluster=False`` skips the matching and makes
        each article a story of its own (bulk loads of already de-duplicated data).
        """
        batch = list(results)
        known = self.known_ids([r.article.id for r in batch])
        fresh: dict[str, AnalyzedArticle] = {}
        for result in batch:
            if result.article.id not in known:
                fresh.setdefault(result.article.id, result)
        if not fresh:
            return 0
        plan = self._plan_stories([r.article for r in fresh.values()], cluster)
        story_rows: dict[str, list[tuple[Any, ...]]] = {
            "stories": [(sid, aid, pub) for sid, aid, pub in plan.new_stories],
            "story_signatures": plan.signatures, "story_bands": plan.bands,
        }
        with _collection_paused():
            tables = rows.table_columns(list(fresh.values()), plan.story_of)
            self._begin()
            try:
                for table, columns in tables.items():
                    if any(len(c) for c in columns.values()):
                        self._insert_columns(table, _unique_columns(columns, KEYS.get(table)))
                for table, values in story_rows.items():
                    if values:
                        self._insert(table, _unique(values, KEYS.get(table)))
                if any(r.events for r in fresh.values()):
                    self._query(dyad_mentions_sql("staging_events", self.conflict_clause))
                self._commit()
            except Exception:
                self._rollback()
                raise
        return len(fresh)

    # -- bulk import ----------------------------------------------------------------------
    def import_events(self, path: str | Path, fmt: str | None = None) -> imports.Imported:
        """Import a file of events read by DuckDB, never row by row in Python: detente's own
        ``jsonl``/``csv``/``parquet`` export or a GDELT 2.0 event table (``gdelt``); ``fmt``
        is told from the name when omitted. Articles, stories and the dyad rollup are derived
        from the events in SQL and written with them in one transaction; events of articles
        stored already are skipped, so importing twice adds nothing (:mod:`.imports`)."""
        fmt = imports.detect_format(path, fmt)
        if not Path(path).exists():
            raise InputError("no such file or folder", where=str(path))
        with self._staging() as con:
            try:
                imports.stage(con, path, fmt)
                self._mark_known(con)
                imports.derive(con, f"import:{Path(path).name}")
                found = con.execute("SELECT (SELECT COUNT(*) FROM new_events), (SELECT COUNT(*) FROM "
                                    "new_articles), (SELECT COUNT(*) FROM import_known)").fetchone()
            except duckdb.Error as exc:
                raise InputError(f"cannot read {fmt} events: {str(exc).splitlines()[0]}", where=str(path),
                                 hint=f"is it a {fmt} file? pass --format to say which") from exc
            assert found is not None
            self._begin()
            try:
                for table in imports.TABLES:
                    self._move_staged(con, table)
                self._commit()
            except Exception:
                self._rollback()
                raise
        self._analyze(imports.TABLES)
        return imports.Imported(*found)

    def _analyze(self, tables: Sequence[str]) -> None:
        """Refresh the planner's statistics of ``tables`` after a bulk write (engines whose
        planner needs them override this)."""

    @contextlib.contextmanager
    def _staging(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection where an import is staged: an in-memory one here; DuckDB
        stores stage in their own file's temporary tables."""
        con = duckdb.connect()
        try:
            yield con
        finally:
            con.close()

    def _mark_known(self, con: duckdb.DuckDBPyConnection) -> None:
        """Make ``import_known (id)`` in ``con``: the staged articles this store has already."""
        ids = [r[0] for r in con.execute("SELECT DISTINCT article_id FROM new_events").fetchall()]
        known = sorted(set().union(*(self.known_ids(ids[i: i + 10_000]) for i in range(0, len(ids), 10_000))))
        con.execute("CREATE OR REPLACE TEMP TABLE import_known (id VARCHAR)")
        if known:
            con.execute("INSERT INTO import_known SELECT UNNEST(CAST(? AS VARCHAR[]))", [known])

    def _move_staged(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        """Write the staged ``new_<table>`` of ``con`` into ``table`` (rows already stored are
        left as they are) through :meth:`_insert`, 50,000 rows at a time; engines whose
        staging is the store itself override this."""
        cursor = con.execute(f"SELECT {','.join(COLUMNS[table])} FROM new_{table}")
        while found := cursor.fetchmany(50_000):
            self._insert(table, found)

    def _plan_stories(self, articles: list[Article], cluster: bool) -> stories.Assignment:
        if not cluster:
            plan = stories.Assignment()
            for a in articles:
                plan.story_of[a.id] = a.id
                plan.new_stories.append((a.id, a.id, a.published))
            return plan
        return stories.assign([(a.id, a.text, a.published) for a in articles], self._story_candidates,
                              self.story_params)

    def _story_candidates(self, keys: list[int]) -> list[stories.Known]:
        """Stored articles sharing an LSH band key with ``keys``."""
        per_key: dict[int, list[str]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i: i + 500]
            marks = ",".join("?" for _ in chunk)
            for r in self._query(f"SELECT band_key, article_id FROM story_bands WHERE band_key IN ({marks})", chunk):
                per_key.setdefault(int(r["band_key"]), []).append(r["article_id"])
        # A few articles per band are enough (members of one story share its id), and the cap
        # keeps a flood of near-identical texts from making every lookup scan the flood.
        ids = sorted({a for found in per_key.values() for a in found[: stories.MAX_PER_KEY]})
        found: dict[str, stories.Known] = {}
        for i in range(0, len(ids), 500):
            chunk_ids = ids[i: i + 500]
            marks = ",".join("?" for _ in chunk_ids)
            for r in self._query(
                "SELECT article_id, story_id, published, signature FROM story_signatures "
                f"WHERE article_id IN ({marks})", chunk_ids,
            ):
                found[r["article_id"]] = stories.Known(
                    r["article_id"], r["story_id"], rows.iso_date(r["published"]),
                    stories.from_bytes(r["signature"]),
                )
        return list(found.values())

    def recluster(self, chunk: int = 256) -> int:
        """Assign stories to stored articles that have no signature yet (written before
        schema version 2, or with ``cluster=False``; imported ones, which have no text, keep
        theirs), oldest first; return how many."""
        todo = [r["id"] for r in self._query(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_signatures) "
            "AND text <> '' ORDER BY published NULLS LAST, id"
        )]
        for i in range(0, len(todo), chunk):
            ids = todo[i: i + chunk]
            marks = ",".join("?" for _ in ids)
            found = {r["id"]: r for r in self._query(
                f"SELECT id, text, published FROM articles WHERE id IN ({marks})", ids)}
            plan = stories.assign(
                [(a, found[a]["text"], rows.iso_date(found[a]["published"])) for a in ids],
                self._story_candidates, self.story_params,
            )
            self._begin()
            try:
                self._query(f"DELETE FROM stories WHERE id IN ({marks})", ids)
                self._insert("stories", plan.new_stories)
                self._insert("story_signatures", plan.signatures)
                if plan.bands:
                    self._insert("story_bands", plan.bands)
                for aid, story in plan.story_of.items():
                    self._query("UPDATE articles SET story_id = ? WHERE id = ?", [story, aid])
                    self._query("UPDATE events SET story_id = ? WHERE article_id = ?", [story, aid])
                # One statement per chunk: DuckDB keeps no index on the rollup's articles.
                self._query("UPDATE dyad_mentions SET story_id = (SELECT a.story_id FROM articles a WHERE "
                            f"a.id = dyad_mentions.article_id) WHERE article_id IN ({marks})", ids)
                self._commit()
            except Exception:
                self._rollback()
                raise
        return len(todo)

    # -- reading --------------------------------------------------------------------------
    def _where(self, f: Filters, prefix: tuple[str, str] = ("source", "target")) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        src, tgt = prefix
        if f.dyad:
            a, b = parse_dyad(f.dyad)
            if f.directed:
                clauses.append(f"({src}_party = ? AND {tgt}_party = ?)")
                params += [a, b]
            else:
                clauses.append(
                    f"(({src}_party = ? AND {tgt}_party = ?) OR ({src}_party = ? AND {tgt}_party = ?))"
                )
                params += [a, b, b, a]
        if f.actor:
            code = f.actor.upper()
            clauses.append(
                f"({src}_party = ? OR {tgt}_party = ? OR {src}_code = ? OR {tgt}_code = ?)"
            )
            params += [code] * 4
        if f.since:
            clauses.append("published >= CAST(? AS DATE)")
            params.append(f.since)
        if f.until:
            clauses.append("published <= CAST(? AS DATE)")
            params.append(f.until)
        if f.code:
            clauses.append("code LIKE ?")
            params.append(f.code + "%")
        if f.root:
            clauses.append("root_code = ?")
            params.append(f.root.zfill(2))
        if f.quad_class:
            clauses.append("quad_class = ?")
            params.append(int(f.quad_class))
        if f.modality:
            clauses.append("modality = ?")
            params.append(f.modality)
        if f.article_id:
            clauses.append("article_id IN (SELECT id FROM articles WHERE id = ? OR external_id = ?)")
            params += [f.article_id, f.article_id]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @staticmethod
    def _page(f: Filters) -> str:
        limit = f" LIMIT {int(f.limit)}" if f.limit is not None else ""
        return f"{limit} OFFSET {int(f.offset)}" if f.offset else limit

    def events(self, filters: Filters | None = None) -> list[Event]:
        f = filters or Filters()
        where, params = self._where(f)
        if f.text:
            where += (" AND " if where else " WHERE ") + "LOWER(trigger || ' ' || COALESCE(action, '')) LIKE ?"
            params.append(f"%{f.text.lower()}%")
        sql = f"SELECT * FROM events{where} ORDER BY published NULLS LAST, article_id, trigger_start, id{self._page(f)}"
        return [rows.event_from_row(r) for r in self._query(sql, params)]

    def quotes(self, filters: Filters | None = None) -> list[Quote]:
        f = filters or Filters()
        clauses, params = [], []
        if f.actor:
            clauses.append("(q.speaker_party = ? OR q.speaker_code = ?)")
            params += [f.actor.upper()] * 2
        if f.since:
            clauses.append("a.published >= CAST(? AS DATE)")
            params.append(f.since)
        if f.until:
            clauses.append("a.published <= CAST(? AS DATE)")
            params.append(f.until)
        if f.article_id:
            clauses.append("(q.article_id = ? OR a.external_id = ?)")
            params += [f.article_id, f.article_id]
        if f.text:
            clauses.append("LOWER(q.text) LIKE ?")
            params.append(f"%{f.text.lower()}%")
        if f.dyad:
            a, b = parse_dyad(f.dyad)
            clauses.append(
                "q.speaker_party IN (?, ?) AND EXISTS (SELECT 1 FROM mentions m WHERE "
                "m.article_id = q.article_id AND m.actor_party IN (?, ?) AND m.actor_party <> q.speaker_party)"
            )
            params += [a, b, a, b]
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = (f"SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id{where} "
               f"ORDER BY a.published NULLS LAST, q.article_id, q.start_char{self._page(f)}")
        return [rows.quote_from_row(r) for r in self._query(sql, params)]

    def mentions(self, article_id: str) -> list[Mention]:
        found = self._query(
            "SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char", [article_id]
        )
        return [rows.mention_from_row(r) for r in found]

    def actors(self, filters: Filters | None = None) -> list[dict[str, Any]]:
        """Actors by how often they are mentioned: code, name, country, sector, counts."""
        f = filters or Filters()
        clauses, params = [], []
        if f.actor:
            clauses.append("(m.actor_party = ? OR m.actor_code = ?)")
            params += [f.actor.upper()] * 2
        if f.since:
            clauses.append("a.published >= CAST(? AS DATE)")
            params.append(f.since)
        if f.until:
            clauses.append("a.published <= CAST(? AS DATE)")
            params.append(f.until)
        if f.dyad:
            a, b = parse_dyad(f.dyad)
            clauses.append("m.actor_party IN (?, ?)")
            params += [a, b]
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = (
            "SELECT m.actor_code AS code, MIN(m.actor_name) AS name, MIN(m.actor_country) AS country, "
            "MIN(m.actor_sector) AS sector, MIN(m.actor_kind) AS kind, COUNT(*) AS mentions, "
            "COUNT(DISTINCT m.article_id) AS articles FROM mentions m JOIN articles a ON "
            f"a.id = m.article_id{where} GROUP BY m.actor_code ORDER BY mentions DESC, code{self._page(f)}"
        )
        return self._query(sql, params)

    def article(self, article_id: str) -> Article | None:
        found = self._query("SELECT * FROM articles WHERE id = ? OR external_id = ?", [article_id] * 2)
        return rows.article_from_row(found[0]) if found else None

    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts for a quick look: articles, mentions, events by quad class, top dyads."""
        one = self._query(
            "SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM mentions) "
            "AS mentions, (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM quotes) "
            "AS quotes, (SELECT COUNT(DISTINCT actor_code) FROM mentions) AS actors"
        )[0]
        quads = self._query(
            "SELECT quad_class, COUNT(*) AS n FROM events GROUP BY quad_class ORDER BY quad_class"
        )
        dyads = self._query(
            "SELECT LEAST(source_party, target_party) AS a, GREATEST(source_party, target_party) AS b, "
            "COUNT(*) AS events, AVG(goldstein) AS mean_goldstein FROM events WHERE source_party IS "
            "NOT NULL AND target_party IS NOT NULL AND source_party <> target_party GROUP BY 1, 2 "
            f"ORDER BY events DESC, a, b LIMIT {int(top)}"
        )
        return {**one, "by_quad_class": {r["quad_class"]: r["n"] for r in quads}, "top_dyads": dyads}


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch's columns are built: they are
    millions of new tuples and lists without cycles, and every collection would walk all
    objects alive (the caller's whole batch), which made up half of the time of a bulk write."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unique_columns(columns: rows.Columns, key: tuple[int, ...] | None) -> rows.Columns:
    """The columns without rows repeating an earlier row's key (first one kept)."""
    if key is None:
        return columns
    names = list(columns)
    keys: Sequence[Any] = (columns[names[key[0]]] if len(key) == 1
                           else list(zip(*(columns[names[i]] for i in key), strict=True)))
    if len(set(keys)) == len(keys):
        return columns
    first: dict[Any, int] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, i)
    keep = sorted(first.values())
    return {name: [col[i] for i in keep] for name, col in columns.items()}


def _unique(values: list[tuple[Any, ...]], key: tuple[int, ...] | None) -> list[tuple[Any, ...]]:
    if key is None:
        return values
    if len(key) == 1:  # the common case, fast path: ids are unique unless an article repeats
        (i,) = key
        if len({row[i] for row in values}) == len(values):
            return values
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in values:
        k = tuple(row[i] for i in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out
