"""Stores: an embedded DuckDB file by default (:mod:`.duckdb`), behind one interface (:mod:`.base`)."""

from __future__ import annotations

from pathlib import Path

from detente.errors import StoreError
from detente.store.base import Filters, Store

DEFAULT_DB = "detente.duckdb"

__all__ = ["DEFAULT_DB", "Filters", "Store", "open_store"]


def open_store(url: str | Path = DEFAULT_DB, read_only: bool = False) -> Store:
    """Open (and migrate) a store: a DuckDB file path, ``duckdb:///path`` or ``:memory:``."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError("PostgreSQL stores are not available in this version",
                         hint="use a DuckDB file path")
    if text.startswith("duckdb://"):
        text = text[len("duckdb://"):]
    from detente.store.duckdb import DuckStore

    return DuckStore(text, read_only=read_only)
