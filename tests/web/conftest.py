"""Web fixtures: a store built from real analyses, the app over it, a live server for the browser."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from detente.records import Article
from tests.conftest import EXAMPLES

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

TOKEN = "test-token-123"

#: Dated GBR–RUS articles around the example article (2022-02-11), so the dyad has a history:
#: cooperation in January, then accusations, sanctions and expulsions.
HISTORY = [
    ("2022-01-10", "Trade deal", "Russia and Britain signed a trade agreement in Moscow on Monday. "
                                 "British Prime Minister Boris Johnson praised Russia for its cooperation."),
    ("2022-01-18", "Geneva talks", "British Foreign Secretary Liz Truss met Russian Foreign Minister Sergei "
                                   "Lavrov in Geneva. Lavrov thanked Britain for the talks."),
    ("2022-01-25", "Coup claims", "The United Kingdom accused Russia of plotting a coup in Ukraine. "
                                  "Russia rejected the British accusations."),
    ("2022-02-01", "Sanctions", "Britain imposed sanctions on Russian banks on Tuesday. "
                                "Russia threatened Britain with retaliation."),
    ("2022-02-15", "Expulsions", "Russia expelled two British diplomats on Monday, the Foreign Office said. "
                                 "Britain condemned Russia and summoned the Russian ambassador."),
]


def history_articles() -> list[Article]:
    return [Article(text=text, title=title, published=day, source="wire", url=f"https://example.org/{day}")
            for day, title, text in HISTORY]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, pipeline) -> Path:
    """The demo store (every bundled example, undated ones on 2022-02-11) plus the history."""
    from detente.batch import ingest
    from detente.ingest.readers import read_inputs
    from detente.store import open_store

    path = tmp_path_factory.mktemp("web") / "demo.duckdb"
    with open_store(path) as store:
        ingest(read_inputs([EXAMPLES], date="2022-02-11", source="example"), pipeline, store)
        ingest(history_articles(), pipeline, store)
    return path


@pytest.fixture()
def writable_db(web_db, tmp_path) -> Path:
    """A copy of the store that a test may write to."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(web_db, copy)
    return copy


@pytest.fixture(scope="session")
def app(web_db, pipeline):
    from detente.web import create_app

    return create_app(web_db, token=TOKEN, pipeline=pipeline)


@pytest.fixture()
def store(app):
    """The app's own store (a second connection to the file would need the same settings)."""
    return app.state.detente.store


@pytest.fixture(scope="session")
def client(app):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx2.*")  # starlette's note about httpx versions
        from fastapi.testclient import TestClient
    with TestClient(app) as c:
        yield c
