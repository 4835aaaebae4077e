"""The command line, run in-process through ``detente.cli.main`` (and once as a real process)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from detente.cli import main
from tests.conftest import EXAMPLES, SEED, run_cli

run = run_cli


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, pipeline):
    """The bundled examples ingested once (the end-to-end run of ``make demo``)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    main_args = ["ingest", str(EXAMPLES), "--db", str(path), "--quiet"]
    try:
        main(main_args)
    except SystemExit as done:
        assert not done.code
    return path


def test_every_command_has_help(capsys):
    for command in ("analyze", "ingest", "events", "quotes", "actors", "summary", "explain", "schema", "eval"):
        code, out, _err = run(capsys, command, "--help")
        assert code == 0 and "Usage" in out


def test_analyze_json_lists_actors_quotes_and_events_with_spans(capsys):
    code, out, _err = run(capsys, "analyze", str(SEED), "--format", "json")
    assert code == 0
    data = json.loads(out)
    text = data["article"]["text"]
    names = {m["actor"]["name"] for m in data["mentions"]}
    assert {"Ben Wallace", "Sergei Shoigu", "Liz Truss", "Sergei Lavrov", "Boris Johnson",
            "Vladimir Putin"} <= names
    for m in data["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    speakers = {q["speaker"]["name"] for q in data["quotes"] if q["speaker"]}
    assert {"Foreign Office spokesperson", "Sergei Shoigu", "Ben Wallace", "Sergei Lavrov"} <= speakers
    assert any({e["source"]["country"], e["target"]["country"]} == {"GBR", "RUS"}
               for e in data["events"] if e["source"] and e["target"])


def test_analyze_reads_stdin(capsys, monkeypatch):
    import io

    stdin = io.TextIOWrapper(io.BytesIO(b"France condemned Iran on Friday."))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _err = run(capsys, "analyze", "-", "--format", "jsonl")
    assert code == 0
    assert json.loads(out)["events"][0]["target"]["code"] == "IRN"


def test_ingest_accounts_for_every_input(capsys, tmp_path):
    good = tmp_path / "in" / "a.jsonl"
    good.parent.mkdir()
    good.write_text('{"text": "France condemned Iran.", "date": "2022-01-10"}\n{broken\n'
                    '{"text": "Russia expelled two British diplomats.", "date": "2022-02-30"}\n')
    (tmp_path / "in" / "b.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "in" / "c.txt").write_text("   \n")
    code, out, err = run(capsys, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "x.duckdb"))
    assert code == 0
    assert "inputs: 5 = 2 articles read + 3 skipped" in out
    assert "a.jsonl:2" in err and "broken JSON" in err
    assert "a.jsonl:3" in err and "impossible date" in err
    assert "b.bin" in err and "c.txt" in err


def test_ingest_twice_changes_nothing(capsys, demo_db):
    before = run(capsys, "summary", "--db", str(demo_db))[1]
    code, out, _err = run(capsys, "ingest", str(EXAMPLES), "--db", str(demo_db), "--quiet")
    assert code == 0
    assert "0 stored" in out and "already stored" in out
    assert run(capsys, "summary", "--db", str(demo_db))[1] == before


def test_demo_store_has_events_quotes_and_actors(capsys, demo_db):
    code, out, _err = run(capsys, "events", "--db", str(demo_db), "--dyad", "GBR-RUS", "--format", "json")
    events = json.loads(out)
    assert code == 0 and events
    code, out, _err = run(capsys, "quotes", "--db", str(demo_db), "--article", "uk_russia", "--format", "json")
    quotes = json.loads(out)
    assert len(quotes) >= 8 and all(q["article_id"] == quotes[0]["article_id"] for q in quotes)
    code, out, _err = run(capsys, "actors", "--db", str(demo_db), "--format", "csv", "--limit", "5")
    assert out.splitlines()[0].startswith("code,name,country")
    assert len(out.splitlines()) == 6


def test_explain_shows_evidence_and_rule(capsys, demo_db):
    _code, out, _err = run(capsys, "events", "--db", str(demo_db), "--dyad", "GBR-RUS", "--format", "json")
    event = json.loads(out)[0]
    code, out, _err = run(capsys, "explain", event["id"][:10], "--db", str(demo_db))
    assert code == 0
    assert "[EVT " in out and "rule" in out and event["code"] in out


def test_errors_are_one_line_with_exit_codes(capsys, tmp_path):
    code, _out, err = run(capsys, "events", "--db", str(tmp_path / "missing.duckdb"))
    assert code == 5 and err.strip().count("\n") == 0 and "[E400]" in err
    code, _out, err = run(capsys, "analyze", str(tmp_path / "nothing.txt"))
    assert code == 2 and "no such file" in err
    code, _out, err = run(capsys, "analyze", str(SEED), "--format", "yaml")
    assert code == 2 and "unknown format" in err


def test_console_script_runs_as_a_process():
    done = subprocess.run([sys.executable, "-m", "detente.cli", "schema"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert json.loads(done.stdout)["$defs"]["Event"]["properties"]["modality"]["enum"][0] == "asserted"


def test_explain_a_file_shows_parse_paths(capsys):
    code, out, _err = run(capsys, "explain", str(SEED), "--sentence", "8")
    assert code == 0
    assert "source: called →nsubj He" in out and "target: called →prep on →pobj Westerners" in out
