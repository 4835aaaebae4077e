"""The embedded DuckDB engine (the default): one file, no server."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from detente.errors import StoreError
from detente.store import imports
from detente.store.base import Store
from detente.store.rows import Columns
from detente.store.schema import COLUMNS, POSTGRES_ONLY

#: DuckDB types staged as float64 arrays: every value fits 53 bits (BIGINT band keys do not).
_FLOAT_STAGED = frozenset({"INTEGER", "SMALLINT", "DOUBLE", "FLOAT", "REAL"})


def _array(values: Sequence[Any], kind: str) -> np.ndarray:
    if kind in _FLOAT_STAGED:
        return np.array(values, dtype=np.float64)
    return np.fromiter(values, dtype=object, count=len(values))


class DuckStore(Store):
    """A store in one DuckDB file (``:memory:`` for a throw-away one)."""

    conflict_clause = ""
    skipped_statements = POSTGRES_ONLY

    def __init__(self, path: str | Path = "detente.duckdb", read_only: bool = False):
        self.url = str(path)
        if read_only and self.url != ":memory:" and not Path(self.url).exists():
            raise StoreError("no store here yet", where=self.url,
                             hint="create it with: detente ingest PATH --db " + self.url)
        try:
            if self.url != ":memory:":
                Path(self.url).parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(self.url, read_only=read_only)
            # detente draws its own progress bars; DuckDB's would interleave with them
            self.con.execute("SET enable_progress_bar = false")
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot open DuckDB store: {exc}", where=self.url,
                             hint="is another process writing to it?") from exc
        self._kinds: dict[str, dict[str, str]] = {}
        self._staged: set[str] = set()
        if not read_only:
            # Checkpoint when the write-ahead log reaches 1 GB (DuckDB's default, 16 MB, made
            # bulk loads checkpoint after every batch, rewriting the primary-key indexes each
            # time: 1M events took 52 CPU seconds instead of 33). The log is replayed after a
            # crash, and closing the store checkpoints it.
            self._query("SET checkpoint_threshold = '1GB'")
            self.migrate()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        try:
            cursor = self.con.execute(sql, list(params))
            if cursor.description is None:
                return []
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {exc}", where=self.url) from exc

    def _execute_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            self.con.executemany(sql, rows)
        except duckdb.Error as exc:
            raise StoreError(f"write failed: {exc}", where=self.url) from exc

    def _insert(self, table: str, values: list[tuple[Any, ...]]) -> None:
        self._insert_columns(table, dict(zip(COLUMNS[table], zip(*values, strict=True), strict=True)))

    def _insert_columns(self, table: str, columns: Columns) -> None:
        """Bulk write: one numpy array per column, scanned by DuckDB in a single
        ``INSERT … SELECT``. Numbers go as float arrays (None becomes NaN, which DuckDB reads
        as NULL; exact for the integers stored here), text as object arrays.

        No conflict clause (:attr:`conflict_clause` is empty): :meth:`Store.add` only writes
        articles the store does not have and de-duplicates rows within a write, and a DuckDB
        file has a single writer.
        """
        kinds = self._column_kinds(table)
        staged = {name: _array(col, kinds.get(name, "")) for name, col in columns.items()}
        names = ",".join(columns)
        view = f"staging_{table}"
        try:
            self.con.register(view, staged)
            self._staged.add(view)
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
        except duckdb.Error as exc:
            raise StoreError(f"write failed: {exc}", where=self.url) from exc

    def _unstage(self) -> None:
        """Drop the staged batches (they stay readable until the transaction ends)."""
        for view in self._staged:
            with contextlib.suppress(duckdb.Error):
                self.con.unregister(view)
        self._staged.clear()

    def _column_kinds(self, table: str) -> dict[str, str]:
        """Column name -> DuckDB type of a table (read once per store)."""
        if table not in self._kinds:
            found = self._query("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = ? AND table_schema = current_schema()", [table])
            self._kinds[table] = {r["column_name"]: r["data_type"] for r in found}
        return self._kinds[table]

    @contextlib.contextmanager
    def _staging(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Imports are staged in this file's temporary tables: moving them into the store is
        then one ``INSERT … SELECT`` per table, inside DuckDB."""
        try:
            yield self.con
        finally:
            for kind, name in imports.TEMPORARY:
                with contextlib.suppress(duckdb.Error):
                    self.con.execute(f"DROP {kind} IF EXISTS {name}")

    def _mark_known(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute("CREATE OR REPLACE TEMP TABLE import_known AS SELECT id FROM articles "
                    "WHERE id IN (SELECT article_id FROM new_events)")

    def _move_staged(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        # Stories an import continues are stored already (no conflict clause on DuckDB).
        stored = " WHERE id NOT IN (SELECT id FROM stories)" if table == "stories" else ""
        names = ",".join(COLUMNS[table])
        self._query(f"INSERT INTO {table} ({names}) SELECT {names} FROM new_{table}{stored}")

    def known_ids(self, ids: list[str]) -> set[str]:
        # One list parameter instead of thousands of placeholders.
        if not ids:
            return set()
        found = self._query("SELECT id FROM articles WHERE id IN (SELECT UNNEST(CAST(? AS VARCHAR[])))", [ids])
        return {r["id"] for r in found}

    def _stream(self, sql: str, params: Iterable[Any] = (), size: int = 10_000) -> Iterator[dict[str, Any]]:
        # A cursor of its own, so reads made while the caller consumes rows do not cut it off.
        try:
            cursor = self.con.cursor()
            cursor.execute(sql, list(params))
            names = [d[0] for d in cursor.description or ()]
            while batch := cursor.fetchmany(size):
                for row in batch:
                    yield dict(zip(names, row, strict=True))
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {exc}", where=self.url) from exc

    def _begin(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        try:
            self.con.execute("COMMIT")
        finally:
            self._unstage()

    def _rollback(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")
        self._unstage()

    def close(self) -> None:
        self.con.close()
