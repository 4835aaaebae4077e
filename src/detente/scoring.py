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


def plover_type(code: CameoCode, modality: str) -> tuple[str | None, str | None]:
    """PLOVER event type and mode of a coded event.

    PLOVER codes what was *said to be intended*, not the intended act: "Iraq said it would
    allow inspectors" is AGREE, "Iran is ready to launch an offensive" is THREATEN. So an
    intended cooperative act (CAMEO roots 04–09) is AGREE and an intended use of force
    (roots 15, 17–20) is THREATEN, keeping the act's own type as the mode; otherwise the
    CAMEO→PLOVER table decides. An announced cut in relations, aid or trade (16) stays a
    SANCTION: announcing it is how it is imposed (the coder keeps its CAMEO code too).
    """
    root = int(code.root_code)
    if modality == "intended" and 4 <= root <= 9:
        return "AGREE", (code.plover_event or "").lower() or None
    if modality == "intended" and root >= 15 and root != 16:
        return "THREATEN", (code.plover_event or "").lower() or None
    return code.plover_event, code.plover_mode


def score(code: str) -> CameoCode:
    """Fixed scores of a CAMEO code (raises ``DataError`` for a code CAMEO does not have)."""
    return lookup(code)


def weighted_goldstein(goldstein: float, modality: str, confidence: float = 1.0) -> float:
    """An event's contribution to a relations index: Goldstein × modality weight × confidence."""
    return goldstein * MODALITY_WEIGHTS.get(modality, 0.0) * confidence
