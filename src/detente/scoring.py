"""Scoring: Goldstein value, quad class and PLOVER type/mode of coded events.

Goldstein values are fixed per CAMEO code (GDELT's table), as in GDELT and ICEWS; what
varies per event is its ``confidence`` and ``modality``, which the relations index weighs:
:data:`MODALITY_WEIGHTS` says how much an event of each modality counts towards a dyad's
index (an event that is only claimed counts half; a denied or negated one not at all).
"""

from __future__ import annotations

from detente.events.ontology import CameoCode, lookup

MODALITY_WEIGHTS = {
    "asserted": 1.0,
    "claimed": 0.5,
    "intended": 0.5,
    "hypothetical": 0.25,
    "denied": 0.0,
    "negated": 0.0,
}


def score(code: str) -> CameoCode:
    """Fixed scores of a CAMEO code (raises ``DataError`` for a code CAMEO does not have)."""
    return lookup(code)


def weighted_goldstein(goldstein: float, modality: str, confidence: float = 1.0) -> float:
    """An event's contribution to a relations index: Goldstein × modality weight × confidence."""
    return goldstein * MODALITY_WEIGHTS.get(modality, 0.0) * confidence
