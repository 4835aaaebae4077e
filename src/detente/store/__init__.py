"""Stores: an embedded DuckDB file by default (:mod:`.duckdb`), PostgreSQL for shared use
(:mod:`.postgres`), behind one interface (:mod:`.base`)."""

from __future__ import annotations

from pathlib import Path

from detente.store.base import Filters, Store

DEFAULT_DB = "detente.duckdb"

__all__ = ["DEFAULT_DB", "Filters", "Store", "open_store"]


def open_store(url: str | Path = DEFAULT_DB, read_only: bool = False) -> Store:
    """Open (and migrate) a store: a DuckDB file path, ``duckdb:///path``, ``:memory:``, or a
    ``postgresql://user@host:port/db`` URL."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        from detente.store.postgres import PostgresStore

        return PostgresStore(text, read_only=read_only)
    if text.startswith("duckdb://"):
        text = text[len("duckdb://"):]
    from detente.store.duckdb import DuckStore

    return DuckStore(text, read_only=read_only)
