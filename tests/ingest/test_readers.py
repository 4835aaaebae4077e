"""Reading articles from files, directories and stdin, including hostile inputs.

Every test checks behaviour a user relies on: which articles come out, with which fields,
and that anything unreadable becomes a one-line Problem naming the file (and line) while
the other inputs in the same call are still read.
"""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest

from detente.errors import DateError, InputError, UnsupportedFormatError
from detente.ingest.readers import Problem, read_inputs
from detente.records import Article, content_id

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"


# --------------------------------------------------------------------------- helpers


def read(*paths, **kwargs) -> list[Article | Problem]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def problems(items, *, skipped: bool | None = None) -> list[Problem]:
    found = [i for i in items if isinstance(i, Problem)]
    if skipped is not None:
        found = [p for p in found if p.skipped is skipped]
    return found


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))


def assert_one_line(problem: Problem) -> None:
    text = str(problem)
    assert "\n" not in text and "\r" not in text, text
    assert text.startswith(f"[{problem.code}] {problem.origin}: ")


# --------------------------------------------------------------------------- .txt


def test_txt_file_is_one_article_with_stem_as_external_id_and_content_hash_id(tmp_path):
    text = "Russia and Ukraine met in Istanbul.\n\nNo agreement was reached.\n"
    path = write(tmp_path / "istanbul_talks.txt", text)

    (article,) = read(path)

    assert isinstance(article, Article)
    assert article.text == text
    assert article.external_id == "istanbul_talks"
    assert article.id == content_id(text)
    assert article.origin == str(path)
    assert article.published is None and article.source is None


def test_same_text_in_two_files_gets_the_same_id(tmp_path):
    a = write(tmp_path / "a.txt", "Same words.")
    b = write(tmp_path / "b.txt", "Same words.")
    c = write(tmp_path / "c.txt", "Other words.")

    first, second, third = read(a, b, c)

    assert first.id == second.id
    assert first.id != third.id
    assert (first.external_id, second.external_id) == ("a", "b")


def test_txt_gets_date_and_source_defaults(tmp_path):
    path = write(tmp_path / "note.txt", "France urged restraint.")

    (article,) = read(path, date="11 February 2022", source="Reuters")

    assert article.published == "2022-02-11"
    assert article.source == "Reuters"


def test_record_date_and_source_win_over_defaults(tmp_path):
    record = {"text": "Germany called for talks.", "date": "2021-03-04", "source": "AP"}
    path = write(tmp_path / "one.jsonl", json.dumps(record) + "\n")

    (article,) = read(path, date="2022-02-11", source="Reuters")

    assert article.published == "2021-03-04"
    assert article.source == "AP"


def test_invalid_default_date_is_a_date_error(tmp_path):
    path = write(tmp_path / "note.txt", "Text.")
    with pytest.raises(DateError):
        read(path, date="2022-02-30")


def test_md_and_text_suffixes_are_read_as_text(tmp_path):
    a = write(tmp_path / "a.md", "# Heading\n\nBody.")
    b = write(tmp_path / "b.TEXT", "Upper-case suffix.")

    items = read(a, b)

    assert [x.text for x in articles(items)] == ["# Heading\n\nBody.", "Upper-case suffix."]
    assert not problems(items)


def test_big_one_line_txt_is_read_as_one_article(tmp_path):
    sentence = "The minister said the talks would continue next week. "
    text = (sentence * (2 * 1024 * 1024 // len(sentence) + 1)).rstrip()
    path = write(tmp_path / "dump.txt", text)
    assert path.stat().st_size >= 2 * 1024 * 1024

    items = read(path)

    assert len(items) == 1
    assert isinstance(items[0], Article)
    assert items[0].text == text


# --------------------------------------------------------------------------- .jsonl


def test_jsonl_fields_are_mapped(tmp_path):
    record = {
        "id": "bbc-123",
        "url": "https://example.org/a",
        "source": "BBC",
        "date": "2022-02-11T09:30:00Z",
        "title": "  Talks resume  ",
        "text": "Talks resumed on Friday.",
    }
    path = write(tmp_path / "feed.jsonl", json.dumps(record) + "\n")

    (article,) = read(path)

    assert article.external_id == "bbc-123"
    assert article.url == "https://example.org/a"
    assert article.source == "BBC"
    assert article.published == "2022-02-11"
    assert article.title == "Talks resume"
    assert article.text == "Talks resumed on Friday."
    assert article.id == content_id("Talks resumed on Friday.")
    assert article.origin == f"{path}:1"


@pytest.mark.parametrize(
    ("record", "text", "published"),
    [
        ({"body": "From body.", "published": "2022-02-11"}, "From body.", "2022-02-11"),
        ({"content": "From content.", "pubdate": "20220211"}, "From content.", "2022-02-11"),
        ({"text": "", "body": "Empty text falls back.", "date": None}, "Empty text falls back.", None),
    ],
)
def test_jsonl_alternative_field_names(tmp_path, record, text, published):
    path = write(tmp_path / "alt.ndjson", json.dumps(record) + "\n")

    (article,) = read(path)

    assert article.text == text
    assert article.published == published


def test_jsonl_broken_line_is_reported_and_rest_is_read(tmp_path):
    lines = [
        json.dumps({"id": "1", "text": "First."}),
        '{"id": "2", "text": "cut off',
        "",
        json.dumps({"id": "4", "text": "Fourth."}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")

    items = read(path)

    assert [a.external_id for a in articles(items)] == ["1", "4"]
    assert [a.origin for a in articles(items)] == [f"{path}:1", f"{path}:4"]
    (problem,) = problems(items)
    assert problem.origin == f"{path}:2"
    assert problem.skipped and problem.code == InputError.code
    assert "JSON" in problem.message
    assert_one_line(problem)


def test_jsonl_line_that_is_not_an_object_is_reported(tmp_path):
    path = write(tmp_path / "feed.jsonl", '["a list"]\n{"text": "ok"}\n42\n')

    items = read(path)

    assert [a.text for a in articles(items)] == ["ok"]
    assert [p.origin for p in problems(items)] == [f"{path}:1", f"{path}:3"]


def test_jsonl_with_crlf_line_endings(tmp_path):
    data = json.dumps({"text": "One."}) + "\r\n" + json.dumps({"text": "Two."}) + "\r\n"
    path = write(tmp_path / "win.jsonl", data.encode("utf-8"))

    items = read(path)

    assert [a.text for a in items] == ["One.", "Two."]


def test_jsonl_record_with_raw_line_separator_in_text_is_one_article(tmp_path):
    text = "Paragraph one.\u2028Paragraph two.\u2029End\u0085here."
    path = write(tmp_path / "feed.jsonl", json.dumps({"text": text}, ensure_ascii=False) + "\n")

    items = read(path)

    assert not problems(items)
    assert [a.text for a in articles(items)] == [text]


def test_empty_jsonl_file_is_reported(tmp_path):
    path = write(tmp_path / "empty.jsonl", b"")

    items = read(path)

    assert len(problems(items, skipped=True)) == 1
    assert problems(items)[0].origin.startswith(str(path))


# --------------------------------------------------------------------------- .json


def test_json_single_object(tmp_path):
    path = write(tmp_path / "one.json", json.dumps({"text": "Alone.", "id": "x"}))

    (article,) = read(path)

    assert article.text == "Alone." and article.external_id == "x"
    assert article.origin == f"{path}#1"


def test_json_list_of_objects(tmp_path):
    path = write(tmp_path / "list.json", json.dumps([{"text": "A."}, {"text": "B."}, "oops"]))

    items = read(path)

    assert [a.text for a in articles(items)] == ["A.", "B."]
    (problem,) = problems(items)
    assert problem.origin == f"{path}#3"


def test_json_articles_wrapper(tmp_path):
    data = {"meta": {"n": 2}, "articles": [{"text": "A.", "date": "2022-02"}, {"body": "B."}]}
    path = write(tmp_path / "wrapped.json", json.dumps(data))

    items = read(path)

    assert [(a.text, a.published) for a in items] == [("A.", "2022-02-01"), ("B.", None)]
    assert [a.origin for a in items] == [f"{path}#1", f"{path}#2"]


def test_broken_json_file_is_one_problem_with_line(tmp_path):
    path = write(tmp_path / "broken.json", '[\n  {"text": "A."},\n  {"text": \n]\n')
    good = write(tmp_path / "good.txt", "Still read.")

    items = read(path, good)

    (problem,) = problems(items)
    assert problem.origin == f"{path}:4"
    assert problem.skipped
    assert_one_line(problem)
    assert [a.text for a in articles(items)] == ["Still read."]


# --------------------------------------------------------------------------- .csv / .tsv


def test_csv_rows_become_articles_with_line_origins(tmp_path):
    data = (
        "id,Date,source,title,text\n"
        '1,2022-02-11,BBC,Talks,"Talks resumed, officials said."\n'
        '2,20220212,AP,Multi,"First line\nsecond line"\n'
        "3,,,,Third.\n"
    )
    path = write(tmp_path / "feed.csv", data)

    items = read(path)

    assert not problems(items)
    assert [a.external_id for a in items] == ["1", "2", "3"]
    assert items[0].text == "Talks resumed, officials said."
    assert items[0].published == "2022-02-11" and items[0].source == "BBC"
    assert items[1].text == "First line\nsecond line"
    assert items[1].published == "2022-02-12"
    assert items[2].title is None and items[2].published is None
    assert [a.origin for a in items] == [f"{path}:2", f"{path}:3", f"{path}:5"]


def test_csv_missing_and_extra_columns_are_reported_and_other_rows_read(tmp_path):
    data = "id,text\n1,Good one.\n2\n3,Extra,column\n4,Good four.\n"
    path = write(tmp_path / "feed.csv", data)

    items = read(path)

    assert [a.external_id for a in articles(items)] == ["1", "4"]
    missing, extra = problems(items)
    assert missing.origin == f"{path}:3"
    assert extra.origin == f"{path}:4"
    for problem in (missing, extra):
        assert problem.skipped and problem.code == InputError.code
        assert_one_line(problem)
    assert "1 fields" in missing.message and "3 fields" in extra.message


def test_tsv_rows_become_articles(tmp_path):
    data = "id\ttext\tpublished\na\tCommas, are fine here.\t11 February 2022\nb\tSecond.\t\n"
    path = write(tmp_path / "feed.tsv", data)

    items = read(path)

    assert [(a.external_id, a.text, a.published) for a in items] == [
        ("a", "Commas, are fine here.", "2022-02-11"),
        ("b", "Second.", None),
    ]


def test_tsv_extra_column_is_reported(tmp_path):
    path = write(tmp_path / "feed.tsv", "id\ttext\nx\tok\ny\tone\ttoo many\n")

    items = read(path)

    assert [a.external_id for a in articles(items)] == ["x"]
    (problem,) = problems(items)
    assert problem.origin == f"{path}:3"


def test_tsv_text_starting_with_quote_mark_is_kept_and_later_rows_read(tmp_path):
    data = (
        "id\ttext\n"
        '1\t"We will not yield," the minister said.\n'
        '2\t"Unbalanced opening quote\n'
        "3\tThird row.\n"
    )
    path = write(tmp_path / "feed.tsv", data)

    items = read(path)

    assert len(articles(items)) + len(problems(items, skipped=True)) == 3
    assert articles(items)[0].text == '"We will not yield," the minister said.'


def test_csv_without_text_column_is_one_problem(tmp_path):
    path = write(tmp_path / "feed.csv", "id,headline\n1,Nothing to read\n")

    (problem,) = read(path)

    assert isinstance(problem, Problem)
    assert problem.origin == f"{path}:1"
    assert "text" in problem.message


def test_empty_csv_is_one_problem(tmp_path):
    path = write(tmp_path / "feed.csv", "")

    (problem,) = read(path)

    assert isinstance(problem, Problem) and problem.skipped
    assert problem.origin == str(path)


def test_csv_row_with_empty_text_is_reported(tmp_path):
    path = write(tmp_path / "feed.csv", "id,text\n1,\n2,Yes.\n")

    items = read(path)

    assert [a.external_id for a in articles(items)] == ["2"]
    assert [p.origin for p in problems(items)] == [f"{path}:2"]


def test_forced_format_overrides_suffix(tmp_path):
    path = write(tmp_path / "export.dat", json.dumps({"text": "Forced."}) + "\n")

    (article,) = read(path, fmt="jsonl")

    assert article.text == "Forced."
    assert article.origin == f"{path}:1"


# --------------------------------------------------------------------------- directories


def test_directory_is_read_recursively_skipping_hidden_and_reporting_unknown(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a.txt", "Top level.")
    write(root / "sub" / "deeper" / "b.jsonl", json.dumps({"text": "Nested."}) + "\n")
    write(root / ".hidden.txt", "Hidden file.")
    write(root / ".git" / "c.txt", "Inside a hidden directory.")
    write(root / "sub" / ".cache" / "d.txt", "Inside a nested hidden directory.")
    write(root / "notes.pdf", b"%PDF-1.4")

    items = read(root)

    assert sorted(a.text for a in articles(items)) == ["Nested.", "Top level."]
    (problem,) = problems(items)
    assert problem.origin == str(root / "notes.pdf")
    assert problem.code == UnsupportedFormatError.code
    assert problem.skipped
    assert_one_line(problem)


def test_directory_order_is_stable(tmp_path):
    for name in ("c.txt", "a.txt", "b.txt"):
        write(tmp_path / name, name)

    items = read(tmp_path)

    assert [a.external_id for a in items] == ["a", "b", "c"]


def test_missing_path_is_reported_and_other_inputs_still_read(tmp_path):
    missing = tmp_path / "nope.txt"
    good = write(tmp_path / "good.txt", "Present.")

    items = read(missing, good)

    (problem,) = problems(items)
    assert problem.origin == str(missing)
    assert problem.code == InputError.code and problem.skipped
    assert_one_line(problem)
    assert [a.text for a in articles(items)] == ["Present."]


# --------------------------------------------------------------------------- stdin


def test_stdin_json_lines(monkeypatch):
    lines = [json.dumps({"text": "From a pipe.", "id": "p1"}), "{broken", json.dumps({"text": "Two."})]
    fake_stdin(monkeypatch, ("\n".join(lines) + "\n").encode("utf-8"))

    items = list(read_inputs(["-"]))

    assert [a.text for a in articles(items)] == ["From a pipe.", "Two."]
    assert articles(items)[0].external_id == "p1"
    assert articles(items)[0].origin == "<stdin>:1"
    (problem,) = problems(items)
    assert problem.origin == "<stdin>:2"


def test_stdin_plain_text_is_one_article(monkeypatch):
    text = "Plain text from a pipe.\n{not json at line start}\n"
    fake_stdin(monkeypatch, text.encode("utf-8"))

    items = list(read_inputs(["-"], date="2022-02-11", source="wire"))

    (article,) = items
    assert article.text == text
    assert article.external_id is None
    assert article.origin == "<stdin>"
    assert (article.published, article.source) == ("2022-02-11", "wire")


def test_stdin_json_lines_detected_after_leading_whitespace(monkeypatch):
    fake_stdin(monkeypatch, b'\n  {"text": "Indented."}\n')

    (article,) = list(read_inputs(["-"]))

    assert article.text == "Indented."


def test_stdin_binary_is_reported(monkeypatch, tmp_path):
    fake_stdin(monkeypatch, b"\x00\x01\x02\x00" * 100)
    good = write(tmp_path / "good.txt", "Still read.")

    items = list(read_inputs(["-", str(good)]))

    (problem,) = problems(items)
    assert problem.origin == "<stdin>" and problem.skipped
    assert [a.text for a in articles(items)] == ["Still read."]


def test_stdin_latin1_is_read_with_warning(monkeypatch):
    fake_stdin(monkeypatch, "Déclaration à Genève.".encode("cp1252"))

    items = list(read_inputs(["-"]))

    (warning,) = problems(items)
    assert not warning.skipped and warning.origin == "<stdin>"
    assert [a.text for a in articles(items)] == ["Déclaration à Genève."]


# --------------------------------------------------------------------------- hostile inputs


def hostile(name: str) -> Path:
    path = HOSTILE / name
    assert path.is_file(), f"missing fixture {path}"
    return path


def test_hostile_fixtures_are_small():
    files = sorted(HOSTILE.iterdir())
    assert len(files) >= 10
    for path in files:
        assert path.stat().st_size < 10 * 1024, path


@pytest.mark.parametrize("name", ["empty.txt", "whitespace_only.txt", "binary.txt"])
def test_unreadable_file_is_one_line_problem_and_next_file_is_read(name, tmp_path):
    bad = hostile(name)
    good = write(tmp_path / "good.txt", "Readable.")

    items = read(bad, good)

    (problem,) = problems(items)
    assert problem.origin == str(bad)
    assert problem.skipped and problem.code == InputError.code
    assert_one_line(problem)
    assert [a.text for a in articles(items)] == ["Readable."]


def test_binary_file_problem_says_binary():
    (problem,) = read(hostile("binary.txt"))
    assert "binary" in problem.message


def test_latin1_file_is_read_with_non_skipping_warning():
    path = hostile("latin1.txt")

    items = read(path)

    (warning,) = problems(items)
    assert not warning.skipped
    assert warning.origin == str(path)
    assert "UTF-8" in warning.message
    assert_one_line(warning)
    (article,) = articles(items)
    assert article.text == "Le président a déclaré à Genève : « pas de négociation ».\n"
    assert "\ufffd" not in article.text


def test_utf16_with_bom_is_read_without_bom():
    (article,) = read(hostile("utf16_bom.txt"))

    assert article.text == "Kyiv and Moscow resumed talks in Istanbul — officials said.\n"


def test_utf8_with_bom_is_read_without_bom():
    (article,) = read(hostile("utf8_bom.txt"))

    assert article.text == "Talks in Zürich ended without agreement.\n"


def test_utf8_bom_does_not_break_first_jsonl_line_or_csv_header(tmp_path):
    bom = b"\xef\xbb\xbf"
    jsonl = write(tmp_path / "bom.jsonl", bom + b'{"text": "First."}\n')
    csv_file = write(tmp_path / "bom.csv", bom + b"text,id\nRow.,r1\n")

    items = read(jsonl, csv_file)

    assert not problems(items)
    assert [(a.text, a.external_id) for a in items] == [("First.", None), ("Row.", "r1")]


def test_utf16_jsonl_is_read(tmp_path):
    data = (json.dumps({"text": "Wide."}) + "\n").encode("utf-16")
    path = write(tmp_path / "wide.jsonl", data)

    (article,) = read(path)

    assert article.text == "Wide."


def test_hostile_broken_json_line_in_middle():
    path = hostile("broken_middle.jsonl")

    items = read(path)

    assert [a.external_id for a in articles(items)] == ["first", "third"]
    (problem,) = problems(items)
    assert problem.origin == f"{path}:2"
    assert_one_line(problem)


def test_json_record_without_text_is_reported():
    path = hostile("no_text.json")

    (problem,) = read(path)

    assert isinstance(problem, Problem)
    assert problem.origin == f"{path}#1"
    assert problem.skipped
    assert "text" in problem.message
    assert_one_line(problem)


def test_impossible_date_keeps_article_with_no_date_and_warns():
    path = hostile("impossible_date.jsonl")

    items = read(path, date="2022-01-01")

    (warning,) = problems(items)
    assert not warning.skipped
    assert warning.code == DateError.code
    assert warning.origin == f"{path}:1"
    assert "2022-02-30" in warning.message
    assert_one_line(warning)
    (article,) = articles(items)
    assert article.external_id == "feb30"
    assert article.published is None


def test_unknown_suffix_is_reported_with_format_hint():
    path = hostile("unknown_suffix.xyz")

    (problem,) = read(path)

    assert isinstance(problem, Problem)
    assert problem.origin == str(path)
    assert problem.code == UnsupportedFormatError.code and problem.skipped
    assert "--format" in problem.message
    assert_one_line(problem)


def test_every_hostile_input_is_accounted_for(tmp_path):
    """Articles + skipped problems == inputs fed, whatever mix of bad files is given."""
    names = [
        "empty.txt",  # 1 input, skipped
        "whitespace_only.txt",  # 1, skipped
        "binary.txt",  # 1, skipped
        "latin1.txt",  # 1, article (+ warning)
        "utf16_bom.txt",  # 1, article
        "utf8_bom.txt",  # 1, article
        "broken_middle.jsonl",  # 3 lines: 2 articles, 1 skipped
        "no_text.json",  # 1, skipped
        "impossible_date.jsonl",  # 1, article (+ warning)
        "unknown_suffix.xyz",  # 1, skipped
    ]
    good = write(tmp_path / "good.txt", "A good one.")
    missing = tmp_path / "missing.txt"  # 1, skipped
    paths = [hostile(n) for n in names] + [good, missing]
    expected_inputs = len(names) + 2 + 2  # + good + missing, + 2 extra jsonl lines

    items = read(*paths)

    found = articles(items)
    skipped = problems(items, skipped=True)
    warnings = problems(items, skipped=False)
    assert len(found) + len(skipped) == expected_inputs
    assert len(found) == 7
    assert len(warnings) == 2
    for problem in problems(items):
        assert_one_line(problem)
    # every bad file is named by at least one problem
    origins = " ".join(p.origin for p in skipped)
    bad_files = ["empty.txt", "whitespace_only.txt", "binary.txt", "no_text.json"]
    for bad in [*bad_files, "unknown_suffix.xyz", "missing.txt"]:
        assert bad in origins


def test_hostile_directory_is_read_in_one_call():
    items = read(HOSTILE)

    skipped = problems(items, skipped=True)
    # 12 original fixtures + the scale corpus (tests/test_hostile.py): NUL bytes (2), HTML,
    # a CSV of 4 rows, unbalanced quotes and three other languages
    assert len(articles(items)) + len(skipped) == 23
    assert any(p.code == UnsupportedFormatError.code for p in skipped)
