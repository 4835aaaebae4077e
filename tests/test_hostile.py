"""The hostile-input corpus through a whole ``detente ingest`` run.

``tests/data/hostile/`` holds small committed files (empty, binary, NUL bytes, Latin-1,
UTF-16, BOMs, broken JSON lines, CSV rows with missing or extra columns, impossible dates,
HTML with scripts, unbalanced quotation marks, Russian, Arabic and Chinese text); the two big
ones, a 10,000-sentence article and a 20 MB one-line file, are written at test time. One
run must finish, name every bad input in a one-line message, and account for every input.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

from detente.batch import MAX_ARTICLE_CHARS, foreign_script
from detente.cli import main

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"

#: What each input must give: (articles, skipped) and words the one-line message must hold.
EXPECTED: dict[str, tuple[int, int, str | None]] = {
    "empty.txt": (0, 1, "empty file"),
    "whitespace_only.txt": (0, 1, "empty text"),
    "binary.txt": (0, 1, "binary data"),
    "nul_bytes.txt": (1, 0, None),  # NULs inside text are dropped by normalisation
    "nul_in_json.jsonl": (1, 0, None),
    "latin1.txt": (1, 0, "Windows-1252"),
    "utf16_bom.txt": (1, 0, None),
    "utf8_bom.txt": (1, 0, None),
    "broken_middle.jsonl": (2, 1, "broken JSON"),
    "no_text.json": (0, 1, "no text field"),
    "impossible_date.jsonl": (1, 0, "impossible date"),
    "columns.csv": (2, 2, "fields where the header has 3"),
    "script.html": (1, 0, None),  # read as HTML; the scripts' text must not appear (below)
    "unknown_suffix.xyz": (0, 1, "unknown file type"),
    "unbalanced_quotes.txt": (1, 0, "unbalanced quotation mark"),
    "russian.txt": (1, 0, "not look English"),
    "arabic.txt": (1, 0, "not look English"),
    "chinese.txt": (1, 0, "not look English"),
    "ten_thousand_sentences.txt": (1, 0, None),
    "twenty_megabytes.txt": (0, 1, "article too long"),
}

SENTENCES = [
    "Russia warned Ukraine against joining the alliance.",
    "Talks went on for hours.",
    "France urged restraint.",
    "The minister left Paris on Tuesday.",
    "NATO ministers met in Brussels.",
    "Prices rose again.",
]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    """The committed corpus plus the two big files, in one directory."""
    root = tmp_path_factory.mktemp("hostile")
    for path in HOSTILE.iterdir():
        shutil.copy(path, root / path.name)
    rng = random.Random(8)
    sentences = [rng.choice(SENTENCES) for _ in range(10_000)]
    for i in range(0, len(sentences), 1000):
        sentences[i] = "“We will see,” the spokesman said."
    (root / "ten_thousand_sentences.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")
    line = "The delegations met again and agreed to meet again. "
    with (root / "twenty_megabytes.txt").open("w", encoding="utf-8") as out:
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    assert (root / "twenty_megabytes.txt").stat().st_size >= 20 * 1024 * 1024
    assert set(EXPECTED) == {p.name for p in root.iterdir()}, "every fixture has an expectation"
    return root


@pytest.fixture(scope="module")
def run(hostile_dir, tmp_path_factory, pipeline):
    """One `detente ingest` of the whole directory (exit code, stdout, stderr lines)."""
    import contextlib
    import io

    db = tmp_path_factory.mktemp("db") / "hostile.duckdb"
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        from detente import cli

        # the CLI consoles were made at import; point them at our buffers for this run
        cli.console.file, cli.err.file = out, err
        try:
            main(["ingest", str(hostile_dir), "--db", str(db), "--workers", "1"])
        except SystemExit as done:
            code = int(done.code or 0)
        finally:
            # no file of their own again: they follow sys.stdout/sys.stderr, as made at import
            # (reading .file here would give the redirected buffers, and keep them for good)
            cli.console.file = cli.err.file = None
    return code, out.getvalue(), err.getvalue().splitlines()


def test_hostile_batch_completes(run):
    code, out, _lines = run
    assert code == 0, out
    assert "0 failed" in out


def test_every_hostile_input_is_accounted_for(run):
    _code, out, _lines = run
    articles = sum(a for a, _s, _m in EXPECTED.values())
    skipped = sum(s for _a, s, _m in EXPECTED.values())
    assert f"inputs: {articles + skipped} = {articles} articles read + {skipped} skipped" in out
    assert f"articles: {articles} analysed, {articles} stored" in out


@pytest.mark.parametrize("name", sorted(n for n, (_a, _s, m) in EXPECTED.items() if m))
def test_each_hostile_input_gets_a_clear_one_line_message(run, name):
    _code, _out, lines = run
    expected = EXPECTED[name][2]
    assert expected is not None
    mine = [line for line in lines if f"{name}" in line and not line.startswith("…")]
    assert any(expected in line for line in mine), (name, mine)
    for line in mine:
        assert re.match(r"^(skipped|warning) \[[EW]\d{3}\] ", line), line


def test_big_inputs_are_handled(hostile_dir, run):
    _code, out, lines = run
    too_long = [line for line in lines if "twenty_megabytes.txt" in line]
    assert len(too_long) == 1 and f"> {MAX_ARTICLE_CHARS:,}" in too_long[0]
    assert "skipped [E100]" in out  # the summary lists skipped inputs too


def test_foreign_script_names_the_script():
    assert "Cyrillic" in (foreign_script("Министр иностранных дел России заявил сегодня") or "")
    assert "Arabic" in (foreign_script("قال وزير الخارجية المصري إن القاهرة تدعو") or "")
    assert "CJK" in (foreign_script("中国外交部发言人表示北京呼吁俄罗斯和乌克兰通过谈判解决分歧") or "")
    assert foreign_script("Le président a déclaré à Genève qu'il n'y aurait pas de négociation") is None
    assert foreign_script("Short.") is None


def test_html_page_keeps_the_paragraph_and_drops_its_scripts():
    from detente.ingest.readers import Article, read_inputs

    items = list(read_inputs([HOSTILE / "script.html"]))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 1, items
    assert articles[0].text == "Germany called for talks with Russia on Monday."
    assert articles[0].title == "Talks resume"
    assert "invaded" not in articles[0].text and "tracker" not in articles[0].text
