"""Shared fixtures: the real spaCy pipeline, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "uk_russia.txt"


@pytest.fixture(scope="session")
def pipeline():
    from detente.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(pipeline, seed_text):
    """The UK–Russia example article, analysed once."""
    from detente.records import Article

    return pipeline.analyze(Article(text=seed_text, external_id="uk_russia"))


@pytest.fixture()
def analyze(pipeline):
    """Analyse a short text (the real model; returns an AnalyzedArticle)."""
    from detente.records import Article

    def run(text: str, published: str | None = None):
        return pipeline.analyze(Article(text=text, published=published))

    return run


def run_cli(capsys, *argv):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from detente.cli import main

    try:
        main(list(argv))
        code = 0
    except SystemExit as done:
        code = done.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def ingest_cli(source: Path, db: Path, *extra: str) -> Path:
    """``detente ingest SOURCE --db DB`` in one process; fails the test on a non-zero exit."""
    from detente.cli import main

    try:
        main(["ingest", str(source), "--db", str(db), "--quiet", "--workers", "1", *extra])
    except SystemExit as done:
        assert not done.code
    return db
