"""detente: read news, code who did what to whom, and track how relations between countries move.

Public API::

    import detente
    result = detente.analyze("Russia expelled two British diplomats on Monday.")
    for event in result.events:
        print(event.source.code, event.code, event.target.code, event.modality)

See :func:`analyze`, :func:`analyze_many`, :class:`Pipeline` and :mod:`detente.records`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from detente.errors import DetenteError
from detente.records import ActorRef, AnalyzedArticle, Article, Event, Mention, Quote

__version__ = "0.1.0"
__all__ = [
    "ActorRef",
    "AnalyzedArticle",
    "Article",
    "DetenteError",
    "Event",
    "Mention",
    "Pipeline",
    "Quote",
    "analyze",
    "analyze_many",
]


def __getattr__(name: str) -> Any:
    if name == "Pipeline":  # spaCy is imported only when a pipeline is wanted
        from detente.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


_default = None


def _pipeline(model: str | None = None) -> Any:
    global _default
    from detente.pipeline import Pipeline

    if model is not None:
        return Pipeline(model)
    if _default is None:
        _default = Pipeline()
    return _default


def analyze(article: Article | str, *, model: str | None = None) -> AnalyzedArticle:
    """Analyse one article or text: actors, quotes and events, with spans into its text."""
    return _pipeline(model).analyze(article)


def analyze_many(articles: Iterable[Article], *, model: str | None = None) -> Iterator[AnalyzedArticle]:
    """Analyse a stream of articles lazily, batching the parser."""
    return _pipeline(model).analyze_many(articles)
