"""The event lexicon: verb and noun frames that code CAMEO events, loaded from YAML.

Each entry of ``data/lexicon/*.yaml`` (and of ``lexicon/*.yaml`` under ``DETENTE_DATA``)::

    - code: "172"        # CAMEO code
      verb: impose       # trigger lemma (or ``noun: airstrike``)
      particle: null     # phrasal particle child ("out" in "pull out")
      object: sanction   # light-verb object lemma(s)
      prep: on           # preposition(s) introducing the target
      target: prep       # dobj | prep | none (default: prep if prep else dobj)
      comp: null         # "to" / "that": needs a complement clause (the demanded action)
      example: "…"       # a sentence the entry codes (used by the tests)

An entry fires when all its constraints hold; the most specific fully matching entry of a
trigger wins (ties: file order). See ``docs/events.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from detente.errors import DataError
from detente.events.ontology import cameo_codes
from detente.resources import data_path, extra_data_dirs

_FIELDS = {"code", "verb", "noun", "particle", "object", "prep", "target", "comp", "example", "note"}


@dataclass(frozen=True, slots=True)
class Frame:
    """One lexicon entry."""

    code: str
    lemma: str
    pos: str  # "verb" | "noun"
    particle: str | None = None
    objects: frozenset[str] | None = None
    preps: tuple[str, ...] | None = None
    target: str = "dobj"
    comp: str | None = None
    example: str | None = None
    origin: str = ""

    @property
    def specificity(self) -> int:
        return 1 + sum(x is not None for x in (self.particle, self.objects, self.preps, self.comp))

    def describe(self) -> str:
        """Human-readable frame, e.g. ``impose [obj: sanction] on TARGET``."""
        parts = [self.lemma]
        if self.particle:
            parts.append(self.particle)
        if self.objects:
            parts.append("[obj: " + "|".join(sorted(self.objects)) + "]")
        if self.preps:
            parts.append("|".join(self.preps))
        if self.target != "none":
            parts.append("TARGET")
        if self.comp:
            parts.append(f"{self.comp} …")
        return " ".join(parts)


def _as_tuple(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value.lower(),)
    if isinstance(value, list):
        return tuple(str(v).lower() for v in value)
    raise ValueError(f"expected a string or list, got {value!r}")


def parse_entry(raw: dict[str, object], origin: str) -> Frame:
    """Validate one YAML entry; raise :class:`DataError` naming the file and entry."""
    unknown = set(raw) - _FIELDS
    if unknown:
        raise DataError(f"unknown fields {sorted(unknown)}", where=origin)
    code = str(raw.get("code", ""))
    if code not in cameo_codes():
        raise DataError(f"'{code}' is not a CAMEO code", where=origin)
    verb, noun = raw.get("verb"), raw.get("noun")
    if bool(verb) == bool(noun):
        raise DataError("an entry needs exactly one of 'verb' or 'noun'", where=origin)
    try:
        preps = _as_tuple(raw.get("prep"))
        objects = _as_tuple(raw.get("object"))
    except ValueError as exc:
        raise DataError(str(exc), where=origin) from exc
    target = str(raw.get("target") or ("prep" if preps else "dobj" if verb else "none"))
    if target not in ("dobj", "prep", "none"):
        raise DataError(f"target must be dobj, prep or none, not '{target}'", where=origin)
    return Frame(
        code=code,
        lemma=str(verb or noun).lower(),
        pos="verb" if verb else "noun",
        particle=str(raw["particle"]).lower() if raw.get("particle") else None,
        objects=frozenset(objects) if objects else None,
        preps=preps,
        target=target,
        comp=str(raw["comp"]) if raw.get("comp") else None,
        example=str(raw["example"]) if raw.get("example") else None,
        origin=origin,
    )


def load_frames(paths: Iterable[Path]) -> list[Frame]:
    frames: list[Frame] = []
    for path in paths:
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as exc:
            raise DataError(f"cannot read lexicon: {exc}", where=str(path)) from exc
        if not isinstance(entries, list):
            raise DataError("a lexicon file must be a YAML list", where=str(path))
        for number, raw in enumerate(entries, 1):
            if not isinstance(raw, dict):
                raise DataError("entry is not a mapping", where=f"{path.name}#{number}")
            frames.append(parse_entry(raw, f"{path.name}#{number}"))
    return frames


class Lexicon:
    """Frames indexed by trigger lemma, most specific first."""

    def __init__(self, frames: list[Frame]):
        self.frames = frames
        self.verbs: dict[str, list[Frame]] = {}
        self.nouns: dict[str, list[Frame]] = {}
        for frame in frames:
            table = self.verbs if frame.pos == "verb" else self.nouns
            table.setdefault(frame.lemma, []).append(frame)
        for table in (self.verbs, self.nouns):
            for lemma, entries in table.items():
                table[lemma] = sorted(entries, key=lambda f: -f.specificity)  # stable: file order

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.frames}


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon plus ``lexicon/*.yaml`` files under ``DETENTE_DATA``."""
    paths = sorted(data_path("lexicon").glob("*.yaml"))
    for extra in extra_data_dirs():
        paths += sorted((extra / "lexicon").glob("*.yaml"))
    return Lexicon(load_frames(paths))
