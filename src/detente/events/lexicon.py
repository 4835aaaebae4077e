"""The event lexicon: verb and noun frames that code CAMEO events, loaded from YAML.

Each entry of ``data/lexicon/*.yaml`` (and of ``lexicon/*.yaml`` under ``DETENTE_DATA``)::

    - code: "172"        # CAMEO code
      verb: impose       # trigger lemma (or ``noun: airstrike``); a list gives one frame per lemma
      particle: null     # phrasal particle child ("out" in "pull out")
      object: sanction   # light-verb object lemma(s); "mediation effort" also needs the
                         # modifier ("mediation") before the object's head ("effort")
      prep: on           # preposition(s) introducing the target
      pobj: alert        # lemma(s) the object of a preposition must have ("remain on alert")
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
from spacy.tokens import Token

from detente.errors import DataError
from detente.events.ontology import cameo_codes
from detente.resources import data_path, extra_data_dirs

_FIELDS = {"code", "verb", "noun", "particle", "object", "prep", "pobj", "target", "comp", "example", "note"}
#: Dependencies of the words before a noun that say what kind of thing it is ("*military aid*
#: program", "*chemical* weapons", "*mediation* efforts").
_MODIFIER_DEPS = ("compound", "amod", "nmod")


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
    #: Objects as (head lemma, modifiers before it), set when one has several words:
    #: "mediation effort" → ("effort", ("mediation",)); a one-word object → (word, ()).
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    pobjs: frozenset[str] | None = None

    @property
    def specificity(self) -> int:
        fields = (self.particle, self.objects, self.preps, self.comp, self.pobjs)
        return 1 + sum(x is not None for x in fields) + bool(self.phrases)

    def fits(self, trigger: Token, obj: Token | None) -> bool:
        """The constraints the parse binding leaves to the frame: the object's modifiers and
        the objects of prepositions (on the trigger, its direct objects or the frame's object)."""
        if obj is not None and not self.object_fits(obj):
            return False
        holders = [trigger, *(c for c in trigger.children if c.dep_ == "dobj"), *([obj] if obj is not None else [])]
        return self.pobj_fits(holders)

    def object_fits(self, obj: Token) -> bool:
        """Whether ``obj`` is one of the frame's objects with the modifiers it names: a
        single-word entry matches the head lemma alone, "military aid" needs "military" among
        the words that modify the head ("military aid", "the military and economic aid")."""
        if not self.phrases:
            return True
        heads = (obj.lemma_.lower(), obj.lower_)
        before = [t for t in obj.subtree if t.i < obj.i and t.dep_ in _MODIFIER_DEPS]
        modifiers = {t.lemma_.lower() for t in before} | {t.lower_ for t in before}
        return any(head in heads and set(words) <= modifiers for head, words in self.phrases)

    def pobj_fits(self, tokens: Iterable[Token]) -> bool:
        """Whether a preposition under one of ``tokens`` (the frame's own prepositions, when it
        names them) has an object with one of the frame's ``pobj`` lemmas: "went on
        *strike*", "remained on *alert*", "sent troops to the *border*"."""
        if self.pobjs is None:
            return True
        for holder in tokens:
            for prep in holder.children:
                previous = prep.doc[prep.i - 1].lower_ if prep.i > 0 else ""
                if prep.dep_ != "prep" or (self.preps and prep.lower_ not in self.preps
                                           and f"{previous} {prep.lower_}" not in self.preps):
                    continue  # "pulled out of the deal": the frame's "out of"
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and (pobj.lemma_.lower() in self.pobjs or pobj.lower_ in self.pobjs):
                        return True
        return False

    def describe(self) -> str:
        """Human-readable frame, e.g. ``impose [obj: sanction] on TARGET``."""
        parts = [self.lemma]
        if self.particle:
            parts.append(self.particle)
        if self.phrases:
            parts.append("[obj: " + "|".join(" ".join((*words, head)) for head, words in self.phrases) + "]")
        elif self.objects:
            parts.append("[obj: " + "|".join(sorted(self.objects)) + "]")
        if self.preps:
            parts.append("|".join(self.preps))
        if self.pobjs:
            parts.append("[pobj: " + "|".join(sorted(self.pobjs)) + "]")
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
        if any(isinstance(v, bool) for v in value):  # YAML reads a bare on/off/yes/no as a boolean
            raise ValueError(f"{value!r} holds a boolean: quote words like 'on' and 'off'")
        return tuple(str(v).lower() for v in value)
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean: quote words like 'on' and 'off'")
    raise ValueError(f"expected a string or list, got {value!r}")


def parse_entry(raw: dict[str, object], origin: str) -> Frame:
    """Validate one YAML entry with a single trigger lemma; raise :class:`DataError` naming
    the file and entry."""
    frames = parse_entries(raw, origin)
    if len(frames) != 1:
        raise DataError("expected one trigger lemma, got a list", where=origin)
    return frames[0]


def parse_entries(raw: dict[str, object], origin: str) -> list[Frame]:
    """Validate one YAML entry; ``verb``/``noun`` may list several lemmas sharing the same
    constraints ("verb: [prohibit, ban, bar]"), which gives one frame per lemma."""
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
        lemmas = _as_tuple(verb or noun) or ()
    except ValueError as exc:
        raise DataError(str(exc), where=origin) from exc
    if not all(lemmas):
        raise DataError("an empty trigger lemma", where=origin)
    if isinstance(raw.get("particle"), bool):  # "particle: off" would silently vanish
        raise DataError("the particle is a boolean: quote words like 'on' and 'off'", where=origin)
    try:
        preps = _as_tuple(raw.get("prep"))
        objects = _as_tuple(raw.get("object"))
        pobjs = _as_tuple(raw.get("pobj"))
    except ValueError as exc:
        raise DataError(str(exc), where=origin) from exc
    # "military aid" → head "aid" with modifier "military": the parse finds the object by its
    # head, the frame then checks the words before it
    split = [tuple(o.split()) for o in objects or ()]
    if any(not words for words in split):
        raise DataError("an empty object lemma", where=origin)
    heads = {words[-1] for words in split}
    phrases = tuple(sorted({(words[-1], words[:-1]) for words in split}))
    if all(not mods for _, mods in phrases):
        phrases = ()
    target = str(raw.get("target") or ("prep" if preps else "dobj" if verb else "none"))
    if target not in ("dobj", "prep", "none"):
        raise DataError(f"target must be dobj, prep or none, not '{target}'", where=origin)
    return [
        Frame(
            code=code,
            lemma=lemma,
            pos="verb" if verb else "noun",
            particle=str(raw["particle"]).lower() if raw.get("particle") else None,
            objects=frozenset(heads) if objects else None,
            preps=preps,
            phrases=phrases,
            pobjs=frozenset(pobjs) if pobjs else None,
            target=target,
            comp=str(raw["comp"]) if raw.get("comp") else None,
            example=str(raw["example"]) if raw.get("example") else None,
            origin=origin,
        )
        for lemma in lemmas
    ]


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
            frames += parse_entries(raw, f"{path.name}#{number}")
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
