"""A JSON Schema of the analysis output, generated from the record dataclasses."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, get_args, get_origin

from detente.records import (
    ACTOR_KINDS,
    AMOUNT_KINDS,
    MODALITIES,
    PLACE_VIAS,
    PRECISIONS,
    QUOTE_KINDS,
    ActorRef,
    Amount,
    AnalyzedArticle,
    Article,
    Event,
    Mention,
    Place,
    Quote,
)

_ENUMS = {
    ("Event", "modality"): list(MODALITIES),
    ("Quote", "kind"): list(QUOTE_KINDS),
    ("ActorRef", "kind"): list(ACTOR_KINDS),
    ("Place", "precision"): list(PRECISIONS),
    ("Place", "via"): list(PLACE_VIAS),
    ("Amount", "kind"): list(AMOUNT_KINDS),
}
_RECORDS = (Article, ActorRef, Mention, Place, Amount, Event, Quote, AnalyzedArticle)


def _type(hint: Any) -> dict[str, Any]:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_type(a) for a in get_args(hint) if a is not type(None)]
        return {"anyOf": [*options, {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type(get_args(hint)[0])}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    return {
        str: {"type": "string"},
        int: {"type": "integer"},
        float: {"type": "number"},
        bool: {"type": "boolean"},
    }.get(hint, {})


def _definition(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        prop = _type(hints[f.name])
        if (cls.__name__, f.name) in _ENUMS:
            prop = {"type": "string", "enum": _ENUMS[(cls.__name__, f.name)]}
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    return {"type": "object", "description": " ".join(doc.split()), "properties": properties,
            "required": required, "additionalProperties": False}


def json_schema() -> dict[str, Any]:
    """The schema of one ``detente analyze --format json`` result (an AnalyzedArticle)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "detente analysis of one article",
        "$ref": "#/$defs/AnalyzedArticle",
        "$defs": {cls.__name__: _definition(cls) for cls in _RECORDS},
    }
