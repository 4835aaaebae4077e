"""Parse RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds with ``xml.etree.ElementTree``.

:func:`parse_feed` returns the feed's :class:`Entry` list; :func:`entry_article` turns an
entry into an :class:`~detente.records.Article` from the feed's own text (``content:encoded``,
Atom ``content``, else the summary), for feeds that carry the full story. HTML inside those
elements is reduced to text by :mod:`detente.ingest.html`.

:func:`read_sources` reads the list of sources ``detente watch --sources`` polls: one address
per line (``#`` starts a comment), or an OPML 1.0/2.0 outline (``xmlUrl``, else ``url``, of
every ``<outline>``, however deeply nested).

Namespaces are matched by local name, so RSS 1.0's ``rss:item``, Atom's ``atom:entry`` and
a namespaced-by-mistake RSS 2.0 feed all parse the same way. XML entity expansion is refused
(a "billion laughs" feed is reported as broken, not expanded).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from detente.errors import DateError, InputError
from detente.ingest.dates import parse_date
from detente.records import Article

__all__ = ["Entry", "FeedError", "entry_article", "parse_feed", "read_sources"]


class FeedError(InputError):
    """A feed that is not XML, or XML that is not RSS or Atom."""

    code = "E103"


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed item: where the story is and what the feed says of it."""

    url: str | None
    title: str | None = None
    published: str | None = None  # ISO date, None when absent or unreadable
    summary: str | None = None  # the short description (may hold HTML)
    content: str | None = None  # the full text when the feed gives it (may hold HTML)
    guid: str | None = None
    author: str | None = None  # the byline: RSS author/dc:creator, Atom author name


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(node: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for child in node:
            if _local(child.tag) == name:
                return child
    return None


def _text(node: ET.Element, *names: str) -> str | None:
    child = _child(node, *names)
    if child is None:
        return None
    text = "".join(child.itertext()).strip()
    return text or None


def parse_feed(data: bytes, origin: str = "<feed>") -> list[Entry]:
    """The entries of an RSS or Atom feed, in document order.

    Args:
        data: the feed's bytes (XML declares its own encoding).
        origin: where it came from, for error messages.

    Raises:
        FeedError: not well-formed XML, entity declarations, or not an RSS/Atom document.
    """
    if b"<!ENTITY" in data[:65536]:
        raise FeedError("XML entity declarations are not accepted in feeds", where=origin)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedError(f"broken feed XML ({exc})", where=origin,
                        hint="check the address serves an RSS or Atom feed") from exc
    kind = _local(root.tag)
    if kind == "feed":
        return [_atom_entry(e) for e in root.iter() if _local(e.tag) == "entry"]
    if kind in ("rss", "rdf"):
        return [_rss_entry(e) for e in root.iter() if _local(e.tag) == "item"]
    raise FeedError(f"not an RSS or Atom feed (root element <{kind}>)", where=origin,
                    hint="give the address of the feed, not of a page")


def _date(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return parse_date(raw)
    except DateError:
        return None


def _rss_entry(item: ET.Element) -> Entry:
    url = _text(item, "link")
    if url is None:
        # RSS 1.0 items name their address in rdf:about
        url = next((v for k, v in item.attrib.items() if _local(k) == "about"), None)
    guid = _text(item, "guid")
    if url is None and guid and guid.startswith(("http://", "https://")):
        url = guid
    return Entry(
        url=url,
        title=_text(item, "title"),
        published=_date(_text(item, "pubdate", "date", "published", "updated")),
        summary=_text(item, "description", "summary"),
        content=_text(item, "encoded"),
        guid=guid,
        author=_rss_author(_text(item, "creator", "author")),
    )


def _rss_author(raw: str | None) -> str | None:
    """RSS ``<author>`` is an e-mail address with the name in brackets ("desk@x.org (Ana
    Lima)"); ``dc:creator`` is the name."""
    if raw and "@" in raw:
        inside = raw[raw.find("(") + 1 : raw.rfind(")")].strip() if "(" in raw and ")" in raw else ""
        return inside or None
    return raw


def _atom_entry(entry: ET.Element) -> Entry:
    links = [c for c in entry if _local(c.tag) == "link"]
    # the alternate link is the story; rel defaults to "alternate"
    url = next((c.get("href") for c in links if c.get("rel", "alternate") == "alternate"), None)
    if url is None and links:
        url = links[0].get("href")
    return Entry(
        url=url,
        title=_text(entry, "title"),
        published=_date(_text(entry, "published", "updated", "issued", "modified")),
        summary=_atom_text(_child(entry, "summary")),
        content=_atom_text(_child(entry, "content")),
        guid=_text(entry, "id"),
        author=_atom_author(entry),
    )


def _atom_author(entry: ET.Element) -> str | None:
    names = [_text(c, "name") for c in entry if _local(c.tag) == "author"]
    return ", ".join(n for n in names if n) or None


def _atom_text(node: ET.Element | None) -> str | None:
    """An Atom text construct as HTML: ``xhtml`` keeps its markup, ``text`` its paragraphs."""
    if node is None or node.get("src"):
        return None  # out-of-line content: the page has it
    kind = node.get("type", "text").lower()
    if kind == "xhtml":
        inner = "".join(ET.tostring(child, encoding="unicode") for child in node)
        # ElementTree writes the XHTML namespace as prefixes (html:p); the HTML reader wants tags
        inner = re.sub(r"<(/?)[A-Za-z0-9_]+:", r"<\1", inner)
        return (inner or "".join(node.itertext())).strip() or None
    text = "".join(node.itertext()).strip()
    if not text:
        return None
    if kind == "text" or kind == "text/plain":
        return "".join(f"<p>{html.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
    return text


def entry_article(entry: Entry, origin: str, source: str | None = None, *, full_only: bool = False) -> Article | None:
    """An article from the feed's own text of an entry, or None when it has none.

    Args:
        entry: a parsed entry.
        origin: where it was read, kept on the article.
        source: the source name (the feed's host, say).
        full_only: use only full content (``content:encoded``/Atom ``content``), not a summary.
    """
    from detente.ingest.html import extract

    raw = entry.content or (None if full_only else entry.summary)
    if not raw:
        return None
    # feed text is usually escaped HTML; reduce it to lines of text either way
    page = extract(raw if "<" in raw else f"<p>{raw}</p>")
    text = page.text or raw.strip()
    if not text:
        return None
    return Article(text=text, title=entry.title, url=entry.url, source=source,
                   published=entry.published, external_id=entry.guid, origin=origin,
                   author=entry.author or page.author)


def read_sources(path: str | Path) -> tuple[list[str], list[str]]:
    """The addresses listed in a sources file, and a message for each line or outline skipped.

    Args:
        path: a text file (one http(s) address per line, ``#`` comments, blank lines) or an
            OPML file (``<opml>``; outlines nested in folders are followed).

    Raises:
        InputError: the file cannot be read, or is OPML that is not well-formed.
    """
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the sources file ({exc.strerror or exc})", where=where) from exc
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    found: list[str] = []
    problems: list[str] = []
    if head.startswith((b"<?xml", b"<opml", b"<!--")):
        if b"<!ENTITY" in data[:65536]:
            raise InputError("XML entity declarations are not accepted", where=where)
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            raise InputError(f"broken OPML ({exc})", where=where,
                             hint="export the list again, or write one address per line") from exc
        if _local(root.tag) != "opml":
            raise InputError(f"not an OPML file (root element <{_local(root.tag)}>)", where=where)
        for outline in root.iter():
            if _local(outline.tag) != "outline":
                continue
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url") or "").strip()
            if url:
                _add_source(url, f"{where}: outline '{outline.get('text') or outline.get('title') or url}'",
                            found, problems)
    else:
        text = data.decode("utf-8", errors="replace")
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                _add_source(line, f"{where}:{number}", found, problems)
    return list(dict.fromkeys(found)), problems


def _add_source(url: str, where: str, found: list[str], problems: list[str]) -> None:
    if re.match(r"^https?://[^/\s]+", url) and not re.search(r"\s", url):
        found.append(url)
    else:
        problems.append(f"{where}: not an http(s) address: '{url[:80]}', skipped")
