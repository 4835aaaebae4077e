"""Extract a news article from an HTML page with the standard library's ``html.parser``.

:func:`extract` returns a :class:`Page`: the text (one line per paragraph, heading or list
item), title, publication date, author and site name. Boilerplate containers (``script``,
``style``, ``nav``, ``footer``, ``aside``, ``header``, forms, ``noscript``, ``template``) are
dropped with everything inside them, so a script that writes ``<p>`` tags never becomes
article text. When the page has an ``<article>`` element, only its paragraphs are kept.

Metadata is looked for where publishers put it, most specific first:

- title: ``og:title``, JSON-LD ``headline``, ``<title>``;
- date: ``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``,
  ``date``/``pubdate`` meta tags;
- author: ``author`` meta, ``article:author``, JSON-LD ``author.name``;
- site: ``og:site_name``, JSON-LD ``publisher.name``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from detente.errors import DateError
from detente.ingest.dates import parse_date

__all__ = ["Page", "extract"]

#: Elements whose whole content is boilerplate or code, never article text.
_SKIP = {"script", "style", "nav", "footer", "aside", "header", "noscript", "template", "form",
         "svg", "iframe", "button", "select"}
#: Elements that end a line of text.
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "section",
          "article", "main", "pre", "dd", "dt", "figcaption", "td"}
#: Elements that never have an end tag (they must not open a skipped region).
_VOID = {"br", "img", "meta", "link", "input", "hr", "source", "area", "base", "col", "embed", "wbr"}
_SPACE = re.compile(r"\s+")
#: A line this short, with no sentence-ending punctuation, is a menu item or a caption.
_MIN_LINE = 25


@dataclass(frozen=True, slots=True)
class Page:
    """What :func:`extract` found in a page; fields are None when absent."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD)
    author: str | None = None
    site: str | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.article_depth = 0
        self.in_title = False
        self.in_ld = False
        self.title_parts: list[str] = []
        self.ld_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        # (inside <article>, text) per block
        self.lines: list[tuple[bool, str]] = []
        self.current: list[str] = []
        self.saw_article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
            return
        if tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self.in_ld = True
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if tag == "title":
            self.in_title = True
        elif tag == "time" and values.get("datetime"):
            self.times.append(values["datetime"])
        elif tag == "article":
            self.saw_article = True
            self.article_depth += 1
        if tag in _BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            return  # <script/> opens nothing
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if self.skip_depth:
                self.skip_depth -= 1
            if tag == "script":
                self.in_ld = False
            return
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._flush()
        if tag == "article" and self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_ld:
            self.ld_parts.append(data)
        if self.skip_depth:
            return
        if self.in_title:
            self.title_parts.append(data)
        else:
            self.current.append(data)

    def _flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self.current)).strip()
        self.current = []
        if line:
            self.lines.append((self.article_depth > 0, line))


def extract(html: str) -> Page:
    """Article text and metadata of an HTML page (never raises on malformed markup).

    Args:
        html: the page's markup, already decoded.

    Returns:
        A :class:`Page`; its ``text`` is empty when no paragraph was found.
    """
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser._flush()
    ld = _json_ld("".join(parser.ld_parts))
    meta = parser.meta
    lines = [text for inside, text in parser.lines if inside or not parser.saw_article]
    title = meta.get("og:title") or _ld_str(ld, "headline") or _clean("".join(parser.title_parts))
    # drop the headline repeated as the first line, and navigation-like scraps
    body = [line for line in lines if line != title and _is_prose(line)]
    date_candidates = [meta.get("article:published_time"), _ld_str(ld, "datePublished"), *parser.times,
                       meta.get("date"), meta.get("pubdate"), meta.get("dc.date")]
    author = meta.get("author") or meta.get("article:author") or _ld_name(ld.get("author"))
    site = meta.get("og:site_name") or _ld_name(ld.get("publisher"))
    return Page(text="\n".join(body), title=title or None, published=_first_date(date_candidates),
                author=author or None, site=site or None)


def _is_prose(line: str) -> bool:
    return len(line) >= _MIN_LINE or line.endswith((".", "!", "?", "”", '"'))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _first_date(candidates: list[str | None]) -> str | None:
    for raw in candidates:
        if not raw:
            continue
        try:
            return parse_date(raw.strip())
        except DateError:
            continue
    return None


def _json_ld(raw: str) -> dict[str, Any]:
    """The first JSON-LD object that looks like an article (``@graph`` searched too)."""
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    queue: list[Any] = [data]
    while queue:
        item = queue.pop(0)
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            if "datePublished" in item or "headline" in item:
                return item
            if isinstance(item.get("@graph"), list):
                queue.extend(item["@graph"])
    return {}


def _ld_str(ld: dict[str, Any], key: str) -> str | None:
    value = ld.get(key)
    return _clean(value) if isinstance(value, str) and value.strip() else None


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return _clean(value) if isinstance(value, str) and value.strip() else None
