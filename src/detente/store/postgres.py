"""The PostgreSQL engine (psycopg 3): a shared store for teams and concurrent writers.

Same schema and queries as DuckDB (:mod:`.base`, :mod:`.aggregates`); this module only
translates placeholders (``?`` → ``%s``), moves rows in bulk with ``COPY``, and turns
psycopg's exceptions into :class:`~detente.errors.StoreError` at this one boundary.
Install with ``pip install 'detente[postgres]'``.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from detente.errors import StoreError
from detente.store.base import Store
from detente.store.schema import COLUMNS, DUCKDB_ONLY

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None  # type: ignore[assignment]

#: Any number; serialises concurrent migrations of one database.
_MIGRATION_LOCK = 0x64E7E47E

_MARK = re.compile(r"\?")


def _translate(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (a literal ``%`` is doubled first)."""
    return _MARK.sub("%s", sql.replace("%", "%%"))


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url)


class PostgresStore(Store):
    """A store in a PostgreSQL database given by a ``postgresql://`` URL."""

    skipped_statements = DUCKDB_ONLY

    def __init__(self, url: str, read_only: bool = False):
        if psycopg is None:
            raise StoreError("PostgreSQL support is not installed",
                             hint="pip install 'detente[postgres]'")
        self.url = _redact(url)
        self._in_tx = False
        try:
            self.con = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {_first_line(exc)}", where=self.url,
                             hint="is the server running and the URL right?") from exc
        if read_only:
            missing = not self._query("SELECT 1 AS x FROM information_schema.tables "
                                      "WHERE table_schema = current_schema() AND table_name = 'articles'")
            if missing:
                self.con.close()
                raise StoreError("no store here yet", where=self.url,
                                 hint="create it with: detente ingest PATH --db " + self.url)
            self._query("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        self.migrate()

    def migrate(self) -> int:
        # Two writers opening a fresh database at once must not both create the tables.
        self._query("SELECT pg_advisory_lock(?)", [_MIGRATION_LOCK])
        try:
            return super().migrate() if not self._read_only() else self._version()
        finally:
            self._query("SELECT pg_advisory_unlock(?)", [_MIGRATION_LOCK])

    def _read_only(self) -> bool:
        return str(self._query("SHOW transaction_read_only")[0]["transaction_read_only"]) == "on"

    def _version(self) -> int:
        return int(self._query("SELECT MAX(version) AS v FROM schema_version")[0]["v"] or 0)

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        try:
            cursor = self.con.execute(_translate(sql), list(params))
            if cursor.description is None:
                return []
            return list(cursor.fetchall())
        except psycopg.Error as exc:
            raise StoreError(f"query failed: {_first_line(exc)}", where=self.url) from exc

    def _execute_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            with self.con.cursor() as cursor:
                cursor.executemany(_translate(sql), rows)
        except psycopg.Error as exc:
            raise StoreError(f"write failed: {_first_line(exc)}", where=self.url) from exc

    def _insert(self, table: str, values: list[tuple[Any, ...]]) -> None:
        def write(copy: Any) -> None:
            for row in values:
                copy.write_row(row)

        self._copy_in(table, write)

    def _move_staged(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        """An import's rows go as CSV written by DuckDB and streamed to ``COPY`` as bytes:
        no Python object per row on this side either."""
        with tempfile.TemporaryDirectory(prefix="detente-import-") as tmp:
            path = Path(tmp) / f"{table}.csv"
            literal = "'" + str(path).replace("'", "''") + "'"
            con.execute(f"COPY (SELECT {','.join(COLUMNS[table])} FROM new_{table}) TO {literal} "
                        "(FORMAT CSV, HEADER false)")  # NULL unquoted, '' quoted: as PostgreSQL reads it

            def write(copy: Any) -> None:
                with path.open("rb") as handle:
                    while chunk := handle.read(1 << 20):
                        copy.write(chunk)

            self._copy_in(table, write, " (FORMAT CSV)")

    def _copy_in(self, table: str, write: Callable[[Any], None], options: str = "") -> None:
        """Bulk write: ``write`` fills a ``COPY`` into a temporary table, then one ``INSERT …
        ON CONFLICT DO NOTHING``, so concurrent writers of the same article do not fail."""
        columns = ",".join(COLUMNS[table])
        staging = f"staging_{table}"
        try:
            with self.con.cursor() as cursor:
                cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {staging} "
                               f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
                cursor.execute(f"TRUNCATE {staging}")
                with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN{options}") as copy:
                    write(copy)
                cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging} "
                               "ON CONFLICT DO NOTHING")
        except psycopg.Error as exc:
            raise StoreError(f"write failed: {_first_line(exc)}", where=self.url) from exc

    def _analyze(self, tables: Sequence[str]) -> None:
        # Until autovacuum gets to freshly loaded tables, the planner has no statistics and
        # may join a pair's thousands of rollup rows by nested loops: seconds instead of ms.
        self._query(f"ANALYZE {', '.join(tables)}")

    def known_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        return {r["id"] for r in self._query("SELECT id FROM articles WHERE id = ANY(?)", [ids])}

    def _stream(self, sql: str, params: Iterable[Any] = (), size: int = 10_000) -> Iterator[dict[str, Any]]:
        # A server-side (named) cursor needs a transaction; a separate connection keeps the
        # stream apart from writes made by the caller meanwhile.
        try:
            with psycopg.connect(self.con.info.dsn, password=self.con.info.password,
                                 row_factory=dict_row) as con, con.cursor(name="detente_stream") as cursor:
                cursor.execute(_translate(sql), list(params))
                while batch := cursor.fetchmany(size):
                    yield from batch
        except psycopg.Error as exc:
            raise StoreError(f"query failed: {_first_line(exc)}", where=self.url) from exc

    def _begin(self) -> None:
        self._query("BEGIN")

    def _commit(self) -> None:
        self._query("COMMIT")

    def _rollback(self) -> None:
        with contextlib.suppress(psycopg.Error, StoreError):
            self.con.execute("ROLLBACK")

    def close(self) -> None:
        self.con.close()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
