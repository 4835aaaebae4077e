"""The records detente produces: frozen, validated, JSON round-trippable.

Every span (``start``, ``end``) is a half-open character range into the **original** article
text (``Article.text``), whatever normalisation happened before parsing, so
``article.text[m.start:m.end] == m.text`` always holds.

``docs/records.md`` documents the JSON form; ``detente schema`` prints a JSON Schema generated
from these classes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin

MODALITIES = ("asserted", "negated", "claimed", "denied", "hypothetical", "intended")
Modality = Literal["asserted", "negated", "claimed", "denied", "hypothetical", "intended"]
QUOTE_KINDS = ("direct", "indirect", "mixed")
ACTOR_KINDS = ("country", "person", "organisation", "group", "region", "place")

R = TypeVar("R", bound="Record")


def content_id(*parts: object, size: int = 16) -> str:
    """A stable hex id from the parts' text: the same content always gets the same id."""
    digest = hashlib.blake2b(digest_size=size // 2)
    for part in parts:
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def _check_span(start: int, end: int, what: str) -> None:
    if not (0 <= start <= end):
        raise ValueError(f"{what}: bad span {start}..{end}")


class Record:
    """Mixin: ``as_dict``/``from_dict``/``to_json``/``from_json`` for the dataclasses below."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (nested records become dicts, tuples lists)."""
        return _plain(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        """Rebuild the record from :meth:`as_dict` output; unknown keys are an error."""
        hints = typing.get_type_hints(cls)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
        kwargs = {k: _revive(hints[k], v) for k, v in data.items()}
        return cls(**kwargs)

    @classmethod
    def from_json(cls: type[R], text: str) -> R:
        return cls.from_dict(json.loads(text))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _revive(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in get_args(hint):
            if arg is not type(None):
                return _revive(arg, value)
    if origin is tuple:
        (inner, *_rest) = get_args(hint)
        return tuple(_revive(inner, v) for v in value)
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value)
    return value


@dataclass(frozen=True, slots=True)
class Article(Record):
    """One news article as read from its source.

    ``id`` is a content hash of the text, so the same article read twice (or from two copies
    of a feed) gets the same id; ``external_id`` keeps the id the source gave, if any.
    """

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or None when unknown
    external_id: str | None = None
    origin: str | None = None  # where it was read: "path:line"
    author: str | None = None  # the byline, when the source gives one
    id: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError("Article.text must be str")
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


@dataclass(frozen=True, slots=True)
class ActorRef(Record):
    """A resolved actor: CAMEO code = country (or IGO prefix) + sector, e.g. ``GBRGOV``."""

    code: str
    name: str
    country: str | None = None
    sector: str | None = None
    kind: str = "country"

    def __post_init__(self) -> None:
        if self.kind not in ACTOR_KINDS:
            raise ValueError(f"ActorRef.kind must be one of {ACTOR_KINDS}, not {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """A stretch of text that names or refers to an actor.

    ``cluster`` groups mentions of the same entity in one article (coreference); ``via``
    says how the actor was resolved ("gazetteer", "name+role", "coref:pronoun", ...).
    """

    start: int
    end: int
    text: str
    actor: ActorRef
    sentence: int = 0
    cluster: int = -1
    role: str | None = None
    via: str = "gazetteer"

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, "Mention")


PRECISIONS = ("city", "region", "country")
PLACE_VIAS = ("clause", "object", "governor", "sentence", "participant", "dateline", "article")
AMOUNT_KINDS = ("count", "money", "percent", "dead", "injured", "other")


@dataclass(frozen=True, slots=True)
class Place(Record):
    """Where an event happened, resolved to the gazetteer (GeoNames: countries, US states,
    cities of 15,000 people or more).

    ``country`` is the CAMEO country code (ISO3 for states); ``kind`` the gazetteer row
    (``country``, ``admin1``, ``city``) and ``precision`` what that means on a map.
    ``start``/``end``/``text`` span the words naming the place (None when the place comes
    from the article as a whole); ``via`` says how it was found (``docs/context.md``).
    """

    name: str
    country: str | None
    kind: str
    precision: str
    lat: float
    lon: float
    feature_id: str = ""  # GeoNames id of a city, ISO3 of a country, US-XX of a US state
    full_name: str = ""  # "City, State, Country" as in GDELT's *Geo_FullName
    text: str | None = None
    start: int | None = None
    end: int | None = None
    via: str = "clause"

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"Place.precision must be one of {PRECISIONS}, not {self.precision!r}")
        if self.via not in PLACE_VIAS:
            raise ValueError(f"Place.via must be one of {PLACE_VIAS}, not {self.via!r}")
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"Place: bad coordinates {self.lat}, {self.lon}")
        if self.start is not None and self.end is not None:
            _check_span(self.start, self.end, "Place")


@dataclass(frozen=True, slots=True)
class Amount(Record):
    """A number in the event's sentence with what it counts ("1,000 additional soldiers").

    ``kind`` is ``count``, ``money``, ``percent``, ``dead``, ``injured`` or ``other``;
    ``approximate`` marks "about", "dozens"; ``bound`` is ``lower`` ("at least"), ``upper``
    ("up to") or empty; ``upper`` the top of a range ("between 36 and 40").
    """

    start: int
    end: int
    text: str
    value: float
    kind: str = "count"
    object: str = ""
    unit: str | None = None
    approximate: bool = False
    upper: float | None = None
    bound: str = ""

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, "Amount")
        if self.kind not in AMOUNT_KINDS:
            raise ValueError(f"Amount.kind must be one of {AMOUNT_KINDS}, not {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Event(Record):
    """Who did what to whom, coded in CAMEO and PLOVER, with its evidence.

    ``start``/``end`` span the evidence sentence; ``trigger_*`` the word(s) that coded it;
    ``source_*``/``target_*`` the actor mentions. ``rule`` names the lexicon entry that fired,
    which ``detente explain`` shows.
    """

    article_id: str
    sentence: int
    start: int
    end: int
    code: str
    root_code: str
    name: str
    goldstein: float
    quad_class: int
    trigger: str
    trigger_start: int
    trigger_end: int
    source: ActorRef | None = None
    source_start: int | None = None
    source_end: int | None = None
    target: ActorRef | None = None
    target_start: int | None = None
    target_end: int | None = None
    base_code: str = ""
    plover_event: str | None = None
    plover_mode: str | None = None
    modality: str = "asserted"
    attributed_to: ActorRef | None = None
    one_sided: bool = False
    confidence: float = 1.0
    rule: str = ""
    action: str | None = None  # the demanded/promised action of complement frames
    location: Place | None = None
    amounts: tuple[Amount, ...] = ()
    dead: int | None = None  # people killed, when an amount of the event says so
    injured: int | None = None
    tone: float | None = None  # tone of the evidence sentence, −100…+100 (docs/context.md)
    themes: tuple[str, ...] = ()
    id: str = ""

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, "Event")
        _check_span(self.trigger_start, self.trigger_end, "Event trigger")
        if self.modality not in MODALITIES:
            raise ValueError(f"Event.modality must be one of {MODALITIES}, not {self.modality!r}")
        if self.quad_class not in (1, 2, 3, 4):
            raise ValueError(f"Event.quad_class must be 1..4, not {self.quad_class}")
        if not -10.0 <= self.goldstein <= 10.0:
            raise ValueError(f"Event.goldstein out of range: {self.goldstein}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"Event.confidence out of range: {self.confidence}")
        if not self.id:
            src = self.source.code if self.source else ""
            tgt = self.target.code if self.target else ""
            eid = content_id(self.article_id, self.trigger_start, self.code, src, tgt)
            object.__setattr__(self, "id", eid)


@dataclass(frozen=True, slots=True)
class Quote(Record):
    """A direct, indirect (reported) or mixed quotation and who said it."""

    article_id: str
    start: int
    end: int
    text: str
    kind: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: ActorRef | None = None
    sentence: int = 0
    event_id: str | None = None
    id: str = ""

    def __post_init__(self) -> None:
        _check_span(self.start, self.end, "Quote")
        if self.kind not in QUOTE_KINDS:
            raise ValueError(f"Quote.kind must be one of {QUOTE_KINDS}, not {self.kind!r}")
        if not self.id:
            object.__setattr__(self, "id", content_id(self.article_id, self.start, self.end))


@dataclass(frozen=True, slots=True)
class AnalyzedArticle(Record):
    """An article with everything detente found in it."""

    article: Article
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    quotes: tuple[Quote, ...] = field(default_factory=tuple)
    events: tuple[Event, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = field(default_factory=tuple)
    tone: float | None = None  # tone of the whole article, −100…+100 (docs/context.md)
