"""Extract a news article from an HTML page with the standard library's ``html.parser``.

:func:`extract` returns a :class:`Page`: the text (one line per paragraph, heading or list
item), title, publication date, author and site name.

**Boilerplate** is removed in two steps. First, whole regions are dropped with everything
inside them: code and widgets (``script``, ``style``, ``noscript``, ``template``, ``svg``,
``iframe``, forms and buttons), page furniture (``nav``, ``header``, ``footer``, ``aside``,
figures), hidden elements (``hidden``, ``aria-hidden``, ``display:none``), ARIA landmarks
that are not content (``navigation``, ``banner``, ``contentinfo``, ``complementary``,
``dialog``) and elements whose class or id names a known kind of clutter (cookie and consent
banners, related or recommended stories, share bars, newsletters, comments, ads, sidebars,
breadcrumbs, paywalls). A script that writes ``<p>`` tags therefore never becomes text.

Second, the **content block** is chosen by where the prose is, as readability-style
extractors do: every paragraph of at least 25 characters that is not mostly link text
scores ``1 + commas + min(length / 100, 3)`` for its container, half that for the
container's parent and less further up; ``<article>``, ``<main>``, ``itemprop=articleBody``
and content-like class names (``article-body``, ``story-text``, ``entry-content``) earn a
bonus, a container's score shrinks with its share of link text, and the best container is
kept with those of its siblings that score at least a fifth as much (and at least 3), and
with long paragraphs lying loose beside them. Inside it, link lists,
bylines, date lines, repeated lines (pull quotes) and short scraps without sentence
punctuation are dropped.

**Metadata** is looked for where publishers put it, most specific first:

- title: ``og:title``, JSON-LD ``headline``, ``twitter:title``, the first ``<h1>``,
  ``<title>`` without the site name;
- date: ``article:published_time`` and similar meta tags, JSON-LD ``datePublished``,
  ``<time datetime>`` (in the article first), ``date``/``pubdate``/``dc.date`` meta, a date
  written in a byline or date element ("Published 12 March 2030"), a date in the address
  (``/2030/03/18/``), the modification date;
- author: ``author`` meta, JSON-LD ``author``, ``article:author`` (unless it is a link),
  ``rel=author``/``itemprop=author`` elements, a byline ("By Eleni Markou");
- site: ``og:site_name``, JSON-LD ``publisher.name``, ``application-name``.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from detente.errors import DateError
from detente.ingest.dates import parse_date

__all__ = ["Page", "decode_html", "extract"]

#: Elements whose whole content is boilerplate or code, never article text.
_SKIP = {"script", "style", "nav", "footer", "aside", "header", "noscript", "template", "form",
         "svg", "iframe", "button", "select", "figure", "figcaption", "dialog", "object", "canvas"}
#: Skipped elements whose metadata (``<time>``, bylines, ``<h1>``) still counts.
_SOFT = {"header"}
#: Elements that end a line of text.
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "section",
          "article", "main", "pre", "dd", "dt", "td", "th", "ul", "ol", "table", "address", "hr"}
#: Elements that never have an end tag.
_VOID = {"br", "img", "meta", "link", "input", "hr", "source", "area", "base", "col", "embed", "wbr",
         "param", "track", "keygen"}
#: An open element of these is closed by the start of another of the same kind.
_SELF_CLOSING_SIBLINGS = {"p", "li", "dd", "dt", "tr", "td", "th", "option"}
_LANDMARKS = {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog",
              "search", "menu", "menubar"}
#: Class/id words of clutter; matched as whole words of a class name ("related-links").
_CLUTTER = re.compile(
    r"(?:^|[-_ ])(?:cookies?|consent|gdpr|related|recommend(?:ed|ations)?|more-stories|most-(?:read|popular)"
    r"|trending|share|sharing|sharedaddy|social|newsletter|subscribe|subscription|signup|promo|advert\w*|ads?"
    r"|ad-slot|sponsor\w*|sidebar|widget|comments?|comment-list|disqus|breadcrumbs?|paywall|popup|modal"
    r"|outbrain|taboola|tags?|topics|author-bio|site-footer|site-header|masthead|skip-link|print-only"
    r"|visually-hidden|sr-only|pull-?quote)(?:$|[-_ ])",
    re.IGNORECASE,
)
_CONTENT = re.compile(
    r"(?:^|[-_ ])(?:article-?body|articlebody|story-?body|story-text|article-text|article-content"
    r"|entry-content|post-content|post-body|content-body|main-content|body-text|text-body)(?:$|[-_ ])",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:^|[-_ ])(?:byline|author|authors|writer|credits?)(?:$|[-_ ])", re.IGNORECASE)
_DATELINE = re.compile(r"(?:^|[-_ ])(?:date|dateline|time|timestamp|published|pubdate|posted-on)(?:$|[-_ ])",
                       re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_DATE_IN_TEXT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}\b"
    r"|\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,\s*\d{4}\b"
)
_BY = re.compile(r"^\s*(?:by|from)\s+", re.IGNORECASE)
#: How many kept lines back a pull quote is looked for (the whole text would be quadratic).
_NEARBY = 40
#: A line this short, with no sentence-ending punctuation, is a menu item or a caption.
_MIN_LINE = 25
_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished",
                   "article.published", "publish-date", "publish_date", "publication_date",
                   "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                   "dcterms.created", "original-publish-date")
_LATE_META = ("date", "pubdate", "dc.date", "dcterms.date", "citation_publication_date")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenews", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "backgroundnewsarticle", "report", "liveblogposting"}


@dataclass(frozen=True, slots=True)
class Page:
    """What :func:`extract` found in a page; fields are None when absent."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD)
    author: str | None = None
    site: str | None = None


@dataclass(slots=True)
class _Node:
    tag: str
    parent: int  # -1 for the root
    bonus: float = 0.0
    skip: bool = False  # drops its text
    hard: bool = False  # drops its metadata too
    meta: str = ""  # "byline" or "date": text read as metadata, not article text


@dataclass(slots=True)
class _Line:
    text: str
    path: tuple[int, ...]  # open elements, outermost first
    links: int  # characters inside <a>
    meta: str = ""
    heading: bool = False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[_Node] = []
        self.stack: list[int] = []
        self.lines: list[_Line] = []
        self.meta: dict[str, str] = {}
        self.times: list[tuple[str, tuple[int, ...], bool]] = []  # value, path, marked as published
        self.ld: list[str] = []
        self.title_parts: list[str] = []
        self.h1: list[str] = []
        self.authors: list[str] = []
        self.bylines: list[str] = []
        self.datelines: list[str] = []
        self.current: list[str] = []
        self.link_chars = 0
        self.meta_chars = 0  # characters inside byline or date elements
        self.link_depth = 0
        self.capture: list[tuple[int, str, list[str]]] = []  # (node, kind, text parts)
        self.in_title = False
        self.in_ld = False
        self.skipping = 0
        self.hard_skipping = 0

    # -- tags ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(values)
            return
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._flush()
            return
        if tag in _SELF_CLOSING_SIBLINGS and self.stack and self.nodes[self.stack[-1]].tag == tag:
            self._close(len(self.stack) - 1)
        if tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self.in_ld = True
            self.ld.append("")
        if tag in _BLOCK:
            self._flush()
        node = self._node(tag, values)
        self.nodes.append(node)
        self.stack.append(len(self.nodes) - 1)
        self.skipping += node.skip
        self.hard_skipping += node.hard
        if self.hard_skipping:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "a":
            self.link_depth += 1
        elif tag == "time" and values.get("datetime"):
            self.times.append((values["datetime"], tuple(self.stack),
                               "pubdate" in values or values.get("itemprop", "").lower() == "datepublished"))
        if tag == "h1":
            self.capture.append((self.stack[-1], "h1", []))
        if values.get("rel", "").lower() == "author" or values.get("itemprop", "").lower() == "author":
            self.capture.append((self.stack[-1], "author", []))
        if node.meta:
            self.capture.append((self.stack[-1], node.meta, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag == "meta":
            self.handle_starttag(tag, attrs)
        # any other <x/> opens and closes nothing

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # close the nearest open element of this name (and any left unclosed inside it)
        for depth in range(len(self.stack) - 1, max(-1, len(self.stack) - 40), -1):
            if self.nodes[self.stack[depth]].tag == tag:
                self._close(depth)
                return

    def _close(self, depth: int) -> None:
        while len(self.stack) > depth:
            index = self.stack[-1]
            node = self.nodes[index]
            if node.tag in _BLOCK:
                self._flush()
            if node.tag == "script":
                self.in_ld = False
            if not self.hard_skipping:
                if node.tag == "title":
                    self.in_title = False
                elif node.tag == "a" and self.link_depth:
                    self.link_depth -= 1
            while self.capture and self.capture[-1][0] == index:
                _, kind, parts = self.capture.pop()
                text = _clean("".join(parts))
                if text:
                    {"h1": self.h1, "author": self.authors, "byline": self.bylines,
                     "date": self.datelines}[kind].append(text)
            self.skipping -= node.skip
            self.hard_skipping -= node.hard
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_ld:
            self.ld[-1] += data
            return
        if self.hard_skipping:
            return
        for _, _, parts in self.capture:
            parts.append(data)
        if any(kind in ("byline", "date") for _, kind, _ in self.capture):
            self.meta_chars += len(data.strip())
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skipping:
            self.current.append(data)
            if self.link_depth:
                self.link_chars += len(data.strip())

    # -- helpers ---------------------------------------------------------------------------
    def _node(self, tag: str, values: dict[str, str]) -> _Node:
        parent = self.stack[-1] if self.stack else -1
        names = f"{values.get('class', '')} {values.get('id', '')}".strip()
        role = values.get("role", "").lower()
        style = values.get("style", "").replace(" ", "").lower()
        itemprop = values.get("itemprop", "").lower()
        content = (tag in ("article", "main") or itemprop == "articlebody" or role == "main"
                   or bool(_CONTENT.search(names)))
        hidden = ("hidden" in values or values.get("aria-hidden", "").lower() == "true"
                  or "display:none" in style or "visibility:hidden" in style)
        clutter = not content and (role in _LANDMARKS or bool(names and _CLUTTER.search(names)))
        skip = tag in _SKIP or hidden or clutter
        hard = skip and tag not in _SOFT
        meta = ""
        if not content and names and _BYLINE.search(names):
            meta = "byline"
        elif not content and names and _DATELINE.search(names):
            meta = "date"
        bonus = 25.0 if content else 0.0
        return _Node(tag, parent, bonus, skip, hard, meta)

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
        if key and values.get("content", "").strip() and key not in self.meta:
            self.meta[key] = values["content"].strip()

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.current)).strip()
        links, meta, self.current, self.link_chars, self.meta_chars = self.link_chars, self.meta_chars, [], 0, 0
        if not text:
            return
        path = tuple(self.stack)
        heading = bool(path) and self.nodes[path[-1]].tag in ("h1", "h2", "h3", "h4", "h5", "h6")
        # a byline or date line, even when its marked element was inline and closed before the flush
        self.lines.append(_Line(text, path, links, "meta" if meta * 2 > len(text) else "", heading))


def extract(html: str, url: str | None = None) -> Page:
    """Article text and metadata of an HTML page (never raises on malformed markup).

    Args:
        html: the page's markup, already decoded (see :func:`decode_html`).
        url: the page's address; a date in its path (``/2030/03/18/``) is used when the
            page itself names none.

    Returns:
        A :class:`Page`; its ``text`` is empty when no paragraph was found.
    """
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser._close(0)
    parser._flush()
    ld = _json_ld(parser.ld)
    meta = parser.meta
    site = meta.get("og:site_name") or _ld_name(ld.get("publisher")) or meta.get("application-name")
    title = (meta.get("og:title") or _ld_str(ld, "headline") or meta.get("twitter:title")
             or (parser.h1[0] if parser.h1 else None)
             or _strip_site(_clean("".join(parser.title_parts)), site))
    chosen, parent = _content_nodes(parser)
    body: list[str] = []
    seen: set[str] = set()
    for line in parser.lines:
        if chosen is not None and not chosen.intersection(line.path) and not _loose_paragraph(line, parser, parent):
            continue
        if line.meta or line.links * 2 > len(line.text) or line.text == title:
            continue
        if line.text in seen or any(line.text in kept for kept in body[-_NEARBY:]):
            continue  # a repeated line, or a pull quote repeating a paragraph near it
        seen.add(line.text)
        if _is_prose(line.text):
            body.append(line.text)
    in_content = [t for t, path, _ in parser.times if chosen and chosen.intersection(path)]
    dates = [*(meta.get(k) for k in _PUBLISHED_META), _ld_str(ld, "datePublished"),
             *(t for t, _, marked in parser.times if marked), *in_content, *(t for t, _, _ in parser.times),
             *(meta.get(k) for k in _LATE_META), _ld_str(ld, "dateCreated"),
             *(m.group(0) for text in parser.datelines for m in _DATE_IN_TEXT.finditer(text)),
             *_url_dates(url), *(meta.get(k) for k in _MODIFIED_META), _ld_str(ld, "dateModified")]
    return Page(text="\n".join(body), title=title or None, published=_first_date(dates),
                author=_author(meta, ld, parser), site=site or None)


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)[/-](\d\d?)(?:/|-|$|\.)")


def _url_dates(url: str | None) -> list[str]:
    match = _URL_DATE.search(url.split("?")[0]) if url else None
    return [f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"] if match else []


def _loose_paragraph(line: _Line, parser: _Parser, parent: int) -> bool:
    """A long paragraph beside the content block, not inside any scored container (a lead
    paragraph before the article's blocks, say)."""
    return (parent >= 0 and len(line.path) >= 2 and line.path[-2] == parent
            and parser.nodes[line.path[-1]].tag == "p" and len(line.text) >= 80 and line.links * 4 < len(line.text))


def _content_nodes(parser: _Parser) -> tuple[set[int] | None, int]:
    """The ids of the content block and its worthy siblings (None when nothing scores), and
    the id of their parent (-1 when none)."""
    nodes = parser.nodes
    scores: dict[int, float] = {}
    text_len: dict[int, int] = {}
    link_len: dict[int, int] = {}
    for line in parser.lines:
        for index in line.path:
            text_len[index] = text_len.get(index, 0) + len(line.text)
            link_len[index] = link_len.get(index, 0) + line.links
        if line.meta or line.heading or len(line.text) < _MIN_LINE or line.links * 2 > len(line.text):
            continue
        # text directly in a container (<br>-separated) counts for that container
        ancestors = line.path[:-1] if line.path and nodes[line.path[-1]].tag in ("p", "li", "blockquote",
                                                                                  "pre", "td", "dd") else line.path
        score = 1 + line.text.count(",") + min(len(line.text) // 100, 3)
        for level, index in enumerate(reversed(ancestors[-5:])):
            scores[index] = scores.get(index, 0.0) + score / (1 if level == 0 else 2 if level == 1 else 3 * level)
    if not scores:
        return None, -1

    def final(index: int) -> float:
        density = link_len.get(index, 0) / max(1, text_len.get(index, 0))
        return scores[index] * (1 - density) + (nodes[index].bonus if scores[index] else 0.0)

    best = max(scores, key=final)
    top = final(best)
    parent = nodes[best].parent
    keep = {best}
    if parent >= 0:
        # siblings: the article cut into blocks (by ads, by a content system); readability's
        # floor of 10 is lowered because these scores carry no per-tag base
        keep |= {i for i in scores if nodes[i].parent == parent and final(i) >= max(3.0, 0.2 * top)}
    return keep, parent


def _is_prose(line: str) -> bool:
    return len(line) >= _MIN_LINE or line.endswith((".", "!", "?", "”", '"'))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _strip_site(title: str, site: str | None) -> str:
    """``Headline | Site`` → ``Headline`` (the site named, or a short last part)."""
    for separator in (" | ", " – ", " — ", " - ", " :: ", " · "):
        if separator in title:
            head, _, tail = title.rpartition(separator)
            if (site and tail.strip().lower() == site.lower()) or len(tail.split()) <= 3 < len(head.split()):
                return head.strip()
    return title


def _first_date(candidates: list[str | None]) -> str | None:
    for raw in candidates:
        if not raw:
            continue
        try:
            return parse_date(raw.strip())
        except DateError:
            continue
    return None


def _author(meta: dict[str, str], ld: dict[str, Any], parser: _Parser) -> str | None:
    candidates = [meta.get("author"), _ld_name(ld.get("author")), meta.get("article:author"),
                  meta.get("parsely-author"), meta.get("sailthru.author"), meta.get("byl"),
                  *parser.authors, *parser.bylines]
    for raw in candidates:
        if not raw or raw.startswith(("http://", "https://", "/")):
            continue
        name = _BY.sub("", _clean(raw))
        # a byline may trail a date or a place: "Eleni Markou, Athens | 12 March 2030"
        name = re.split(r"\s*[|•·]\s*|\s+(?:updated|published)\b", name, flags=re.IGNORECASE)[0].strip(" ,")
        if name and len(name) <= 120:
            return name
    return None


def _json_ld(blocks: list[str]) -> dict[str, Any]:
    """The JSON-LD object of the article (``@graph`` and lists searched; news types first)."""
    found: list[dict[str, Any]] = []
    for raw in blocks:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue
        queue: list[Any] = [data]
        while queue:
            item = queue.pop(0)
            if isinstance(item, list):
                queue.extend(item)
            elif isinstance(item, dict):
                if "datePublished" in item or "headline" in item:
                    found.append(item)
                if isinstance(item.get("@graph"), list):
                    queue.extend(item["@graph"])
    for item in found:
        kinds = item.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
            return item
    return found[0] if found else {}


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


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, origin: str, content_type: str = "") -> tuple[str, str | None]:
    """Decode a page: the charset of ``Content-Type``, else a byte-order mark, else
    ``<meta charset>``, else UTF-8 with the Windows-1252 fallback of
    :func:`detente.ingest.readers.decode`. Returns the text and a warning, if any."""
    from detente.ingest.readers import decode

    declared = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    match = declared or (None if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
                         else _CHARSET.search(data[:4096]))
    name = match.group(1) if match else None
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        codec = codecs.lookup(name).name if name else "utf-8"
    except LookupError:
        codec = "utf-8"
    if codec == "latin-1":
        codec = "cp1252"  # what browsers do: the two differ only in unused control codes
    if codec in ("utf-8", "ascii") or codec.startswith("utf-16") or data[:8192].count(b"\x00") > 1:
        return decode(data, origin)  # also catches binary data
    text = data.decode(codec, errors="replace")
    return text, (f"characters not valid in {codec} replaced" if "\ufffd" in text else None)
