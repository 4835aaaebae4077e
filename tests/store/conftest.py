"""Store fixtures: every store test runs against both engines, DuckDB and PostgreSQL.

The PostgreSQL server is started once per session on 127.0.0.1 in a temporary directory
(``pgserver.py``); each test gets a fresh schema. When the server cannot start, the
PostgreSQL tests fail in CI (``CI`` set) and are skipped with the reason elsewhere.
"""

from __future__ import annotations

import os

import pytest

from tests.store import pgserver

ENGINES = ("duckdb", "postgres")


@pytest.fixture(scope="session")
def pg_server():
    try:
        server = pgserver.start()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL server: {exc}")
    yield server
    pgserver.stop(server)


@pytest.fixture(params=ENGINES)
def store_url(request, tmp_path):
    """A URL for an empty store of each engine."""
    if request.param == "duckdb":
        return str(tmp_path / "news.duckdb")
    return request.getfixturevalue("pg_server").fresh_schema_url()
