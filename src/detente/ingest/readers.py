"""Read articles from files, directories and stdin, streaming, never failing a whole batch.

:func:`read_inputs` yields :class:`~detente.records.Article` objects and, for anything that
cannot be read, :class:`Problem` records naming the file and line; a caller counts both so a
run's summary accounts for every input.

Formats: ``.txt`` (one article per file), ``.jsonl``/``.ndjson`` (one JSON object per line),
``.json`` (an object, a list of objects, or ``{"articles": [...]}``), ``.csv``/``.tsv``
(a header row with the same field names), ``.html``/``.htm``/``.xhtml`` (one article per page,
extracted by :mod:`detente.ingest.html`), directories (recursive, hidden files skipped) and
``-`` for stdin (JSON lines if it starts with ``{``, else one text article), and ``http(s)://``
addresses (a page is one article, a feed gives its entries; :func:`detente.watch.read_url`).
Fields: ``text`` (required; ``body``/``content`` accepted), ``id``, ``url``, ``source``,
``date`` (``published``/``pubdate`` accepted), ``title``, ``author`` (``byline`` accepted).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.errors import DateError, InputError, UnsupportedFormatError
from detente.ingest.dates import parse_date
from detente.records import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FORMATS = ("txt", "jsonl", "json", "csv", "tsv", "html")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("date", "published", "pubdate", "published_at", "datetime")
#: Formats detente cannot read yet, named in the message instead of "unknown".
UNSUPPORTED = {".xml": "XML", ".pdf": "PDF", ".doc": "Word", ".docx": "Word"}
#: Files larger than this are refused (a 20 MB one-line article is fine; a 2 GB dump is not).
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that was skipped or read with a warning: where, a code and a message."""

    origin: str
    message: str
    code: str = "E100"
    skipped: bool = True

    def __str__(self) -> str:
        return f"[{self.code}] {self.origin}: {self.message}"


Item = Article | Problem


def read_inputs(
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    date: str | None = None,
    source: str | None = None,
) -> Iterator[Item]:
    """Stream articles (and problems) from every path; ``-`` reads stdin.

    Args:
        paths: files, directories or ``-``.
        fmt: force a format (one of :data:`FORMATS`) instead of guessing from suffixes.
        date: a default publication date for articles that carry none (e.g. ``.txt``).
        source: a default source name for articles that carry none.
    """
    default_date = parse_date(date) if date else None
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin(fmt, default_date, source)
            continue
        if str(raw).startswith(("http://", "https://")):
            from detente.watch import read_url  # a page or a feed, fetched politely

            yield from read_url(str(raw), date=default_date, source=source)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            for file in files:
                if fmt or _format_of(file):
                    yield from _read_file(file, fmt, default_date, source)
                elif file.suffix.lower() in UNSUPPORTED:
                    yield _unsupported(file)
                else:
                    yield Problem(str(file), "unknown file type, skipped", UnsupportedFormatError.code)
        elif path.is_file():
            yield from _read_file(path, fmt, default_date, source)
        else:
            yield Problem(str(path), "no such file or directory", InputError.code)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _format_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in (".json", ".csv", ".tsv"):
        return suffix[1:]
    return None


def decode(data: bytes, origin: str) -> tuple[str, str | None]:
    """Decode bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Returns the text and a warning when a fallback was used. Raises :class:`InputError` for
    binary data.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise InputError("broken UTF-16 text", where=origin) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:8192]
    if head.count(b"\x00") > max(1, len(head) // 100):
        raise InputError(
            "binary data, not text", where=origin, hint="give a text, JSON lines or CSV file"
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        return text, f"not valid UTF-8 (byte {exc.start}); read as Windows-1252/Latin-1"


def _read_file(path: Path, fmt: str | None, date: str | None, source: str | None) -> Iterator[Item]:
    origin = str(path)
    kind = fmt or _format_of(path)
    if kind is None and path.suffix.lower() in UNSUPPORTED:
        yield _unsupported(path)
        return
    if kind is None:
        yield Problem(
            origin,
            f"cannot tell the format from '{path.suffix or path.name}'; pass --format "
            f"({'|'.join(FORMATS)})",
            UnsupportedFormatError.code,
        )
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file too large ({size} bytes > {MAX_FILE_BYTES})", where=origin)
        if kind == "html":  # a page may name its encoding in <meta charset>
            from detente.ingest.html import decode_html

            text, warning = decode_html(path.read_bytes(), origin)
        else:
            text, warning = decode(path.read_bytes(), origin)
    except InputError as exc:
        yield Problem(origin, exc.message, exc.code)
        return
    except OSError as exc:
        yield Problem(origin, f"cannot read: {exc.strerror or exc}", InputError.code)
        return
    if warning:
        yield Problem(origin, warning, InputError.code, skipped=False)
    yield from _parse_text(text, kind, origin, path.stem, date, source)


def _unsupported(path: Path) -> Problem:
    name = UNSUPPORTED[path.suffix.lower()]
    return Problem(
        str(path),
        f"{name} files are not supported yet, skipped (extract the article text into .txt or JSON lines)",
        UnsupportedFormatError.code,
    )


def _read_stdin(fmt: str | None, date: str | None, source: str | None) -> Iterator[Item]:
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    try:
        text, warning = decode(data, "<stdin>")
    except InputError as exc:
        yield Problem("<stdin>", exc.message, exc.code)
        return
    if warning:
        yield Problem("<stdin>", warning, InputError.code, skipped=False)
    kind = fmt or ("jsonl" if text.lstrip().startswith("{") else "txt")
    yield from _parse_text(text, kind, "<stdin>", None, date, source)


def _parse_text(
    text: str, kind: str, origin: str, stem: str | None, date: str | None, source: str | None
) -> Iterator[Item]:
    if kind == "txt":
        if not text:
            yield Problem(origin, "empty file", InputError.code)
            return
        yield from _build({"text": text, "id": stem}, origin, date, source)
    elif kind == "jsonl":
        yield from _read_jsonl(text, origin, date, source)
    elif kind == "json":
        yield from _read_json(text, origin, date, source)
    elif kind in ("csv", "tsv"):
        yield from _read_csv(text, origin, date, source, "\t" if kind == "tsv" else ",")
    elif kind == "html":
        yield from read_html(text, origin, stem, date=date, source=source)
    else:
        yield Problem(origin, f"unknown format '{kind}'", UnsupportedFormatError.code)


def read_html(
    html: str, origin: str, stem: str | None = None, *, url: str | None = None,
    date: str | None = None, source: str | None = None,
) -> list[Item]:
    """One article from an HTML page: its extracted text, title, date and site name.

    Args:
        html: the decoded page.
        origin: where it came from, for messages.
        stem: an external id (a file's name without suffix).
        url: the page's address, kept on the article.
        date: a default date when the page names none.
        source: a default source when the page names no site.
    """
    from detente.ingest.html import extract

    page = extract(html, url)
    if not page.text.strip():
        return [Problem(origin, "no article text found in the HTML page", InputError.code)]
    return [Article(text=page.text, title=page.title, url=url, source=page.site or source,
                    published=page.published or date, external_id=stem, origin=origin,
                    author=page.author)]


def _read_jsonl(text: str, origin: str, date: str | None, source: str | None) -> Iterator[Item]:
    if not text.strip():
        yield Problem(origin, "empty file", InputError.code)
        return
    # split on "\n" only: JSON strings may hold U+2028 and friends, which splitlines() breaks on
    for number, line in enumerate(text.split("\n"), 1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"broken JSON ({exc.msg}, column {exc.colno})", InputError.code)
            continue
        yield from _build(record, where, date, source)


def _read_json(text: str, origin: str, date: str | None, source: str | None) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(f"{origin}:{exc.lineno}", f"broken JSON ({exc.msg})", InputError.code)
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, 1):
        yield from _build(record, f"{origin}#{number}", date, source)


def _read_csv(
    text: str, origin: str, date: str | None, source: str | None, delimiter: str
) -> Iterator[Item]:
    csv.field_size_limit(MAX_FILE_BYTES)
    # TSV has no quoting convention: a text may start with a quotation mark
    stream = io.StringIO(text, newline="")
    if delimiter == "\t":
        reader = csv.reader(stream, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        yield Problem(origin, "empty CSV file", InputError.code)
        return
    except csv.Error as exc:
        yield Problem(f"{origin}:1", f"broken CSV header ({exc})", InputError.code)
        return
    if not any(k in header for k in _TEXT_KEYS):
        yield Problem(f"{origin}:1", f"no text column in header {header}", InputError.code)
        return
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(f"{origin}:{line}", f"broken CSV row ({exc})", InputError.code)
            return
        where = f"{origin}:{line}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Problem(
                where,
                f"{len(row)} fields where the header has {len(header)}; row skipped",
                InputError.code,
            )
            continue
        yield from _build(dict(zip(header, row, strict=True)), where, date, source)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _build(record: Any, origin: str, date: str | None, source: str | None) -> list[Item]:
    """An Article from a record, preceded by a warning if a field was bad; or a Problem."""
    if not isinstance(record, dict):
        kind = type(record).__name__
        return [Problem(origin, f"expected an object, got {kind}", InputError.code)]
    text = _first(record, _TEXT_KEYS)
    if not isinstance(text, str):
        return [Problem(origin, "no text field", InputError.code)]
    if not text.strip():
        return [Problem(origin, "empty text", InputError.code)]
    items: list[Item] = []
    published = date
    raw_date = _first(record, _DATE_KEYS)
    if raw_date is not None:
        try:
            published = parse_date(str(raw_date))
        except DateError as exc:
            items.append(Problem(origin, f"{exc.message}; date left empty", exc.code, False))
            published = None
    article = Article(
        text=text,
        title=_str_or_none(record.get("title")),
        url=_str_or_none(record.get("url") or record.get("link")),
        source=_str_or_none(record.get("source")) or source,
        published=published,
        external_id=_str_or_none(record.get("id")),
        origin=origin,
        author=_str_or_none(record.get("author") or record.get("byline")),
    )
    items.append(article)
    return items


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
