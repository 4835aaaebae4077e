"""Keep the documentation honest: it must follow the code, the CLI and the data files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.main import get_command

from detente.cli import app
from detente.schema import json_schema

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DATA = ROOT / "src" / "detente" / "data"

_DOC_LINK = re.compile(r"docs/[\w./-]+?\.md")


def _cli_commands() -> list[str]:
    """The commands `detente --help` lists (hidden ones are not listed)."""
    group = get_command(app)
    return sorted(name for name, command in group.commands.items() if not getattr(command, "hidden", False))


def _data_files() -> list[str]:
    return sorted(
        path.relative_to(DATA).as_posix()
        for path in DATA.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    )


def test_cli_has_commands():
    assert "analyze" in _cli_commands()


@pytest.mark.parametrize("command", _cli_commands())
def test_every_command_is_in_the_readme(command):
    readme = README.read_text(encoding="utf-8")
    assert f"detente {command}" in readme, (
        f"`detente {command}` is listed by `detente --help` but not documented in README.md "
        "(add it to the Commands table)"
    )


def test_schema_json_matches_the_records():
    committed = json.loads((DOCS / "schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "docs/schema.json is out of date: the record classes changed. Regenerate it with "
        "`.venv/bin/detente schema > docs/schema.json` and update docs/records.md to match"
    )


def test_data_files_exist():
    assert _data_files(), f"no data files found under {DATA}"


@pytest.mark.parametrize("name", _data_files())
def test_every_data_file_is_documented(name):
    text = (DOCS / "data.md").read_text(encoding="utf-8")
    assert name in text, f"src/detente/data/{name} is not described in docs/data.md"


def test_docs_referenced_from_the_readme_exist():
    readme = README.read_text(encoding="utf-8")
    referenced = sorted(set(_DOC_LINK.findall(readme)))
    assert referenced, "README.md references no docs/*.md file"
    missing = [name for name in referenced if not (ROOT / name).is_file()]
    assert not missing, f"README.md references missing documentation: {missing}"


def test_docs_referenced_from_other_docs_exist():
    missing = []
    for page in sorted(DOCS.glob("*.md")):
        for name in sorted(set(_DOC_LINK.findall(page.read_text(encoding="utf-8")))):
            if not (ROOT / name).is_file():
                missing.append(f"{page.name} → {name}")
    assert not missing, f"documentation references missing pages: {missing}"


def test_score_table_matches_the_baseline():
    from detente.evaluate import baseline_table

    baseline = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))
    assert baseline_table(baseline) in (DOCS / "events.md").read_text("utf-8"), (
        "docs/events.md score table differs from eval/baseline.json: run scripts/pin_baseline.py")
