"""Request bodies of the API: an article as JSON (or plain text), validated before analysis."""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from detente.records import Article
from detente.web import views

#: The longest article text the API takes (characters): about 30,000 words, some seconds of
#: parsing; analysis is open to anyone who can reach the server, so it is kept short.
MAX_TEXT = 200_000
#: Articles in one ``POST /api/articles``.
MAX_ARTICLES = 100


class ArticleIn(BaseModel):
    """An article to analyse or store. ``published`` takes ISO dates and common written forms."""

    model_config = ConfigDict(extra="forbid", title="ArticleIn")

    text: str = Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S", description="The article text.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    published: str | None = Field(None, max_length=64, validation_alias=AliasChoices("published", "date"),
                                  description="Date, e.g. 2022-02-11 or 11 February 2022.")
    id: str | None = Field(None, max_length=200, description="The source's own id of the article.")


_list = TypeAdapter(list[ArticleIn])


def parse_articles(body: bytes, content_type: str | None, many: bool) -> list[Article]:
    """Articles from a request body: JSON (an object, or with ``many`` a list of up to
    :data:`MAX_ARTICLES`) or ``text/plain`` (one article). Schema errors raise
    :class:`RequestValidationError` (422); a bad date raises :class:`~detente.errors.DateError`."""
    kind = (content_type or "application/json").split(";")[0].strip().lower()
    if kind == "text/plain":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _invalid("body", "the body is not UTF-8 text") from exc
        items: list[dict[str, Any]] = [{"text": text}]
    elif kind == "application/json" or kind.endswith("+json"):
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _invalid("body", f"the body is not JSON ({exc})") from exc
        if not many and not isinstance(data, dict):
            raise _invalid("body", "expected one article object")
        if isinstance(data, list) and not 1 <= len(data) <= MAX_ARTICLES:
            raise _invalid("body", f"send 1 to {MAX_ARTICLES} articles at once")
        items = data if isinstance(data, list) else [data]
    else:
        raise HTTPException(415, "send application/json (an article object) or text/plain")
    try:
        models = _list.validate_python(items) if many else [ArticleIn.model_validate(items[0])]
    except ValidationError as exc:
        raise RequestValidationError(_located(exc.errors())) from exc
    return [views.to_article(m.model_dump()) for m in models]


def _located(errors: Any) -> list[dict[str, Any]]:
    return [{**e, "loc": ("body", *e.get("loc", ()))} for e in errors]


def _invalid(where: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": (where,), "msg": message, "type": "value_error"}])
