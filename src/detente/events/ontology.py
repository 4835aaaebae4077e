"""The CAMEO event ontology as packaged data: names, Goldstein values, quad classes, PLOVER.

Loaded once from ``data/ontology/cameo.tsv`` (built from the CAMEO codebook tables by
``scripts/build_ontology.py``). Goldstein values are GDELT's; quad classes follow GDELT's
convention (roots 01–05 verbal cooperation, 06–09 material cooperation, 10–14 verbal
conflict, 15–20 material conflict).

The PLOVER type of a few codes is corrected by ``data/ontology/plover_overrides.tsv``, where
the CAMEO→PLOVER table disagrees with PLOVER's own definitions (imposing sanctions is
SANCTION, not COERCE); each row gives its reason.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import cache

from detente.errors import DataError
from detente.resources import data_path

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root_code: str
    base_code: str
    name: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None


#: PLOVER's event types (version 2021+, 16 types).
PLOVER_EVENTS = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})


def plover_overrides() -> dict[str, tuple[str, str | None]]:
    """Corrected PLOVER (event, mode) by CAMEO code, from ``plover_overrides.tsv``."""
    path = data_path("ontology", "plover_overrides.tsv")
    found: dict[str, tuple[str, str | None]] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), 2):
                event = row["plover_event"]
                if event not in PLOVER_EVENTS:
                    raise DataError(f"'{event}' is not a PLOVER event type", where=f"{path.name}:{number}")
                found[row["code"]] = (event, row["plover_mode"] or None)
    except (OSError, KeyError) as exc:
        raise DataError(f"cannot read the PLOVER overrides: {exc}", where=str(path)) from exc
    return found


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO event code, by code string (leading zeros kept: ``"010"``)."""
    path = data_path("ontology", "cameo.tsv")
    codes: dict[str, CameoCode] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                codes[row["code"]] = CameoCode(
                    code=row["code"],
                    root_code=row["root_code"],
                    base_code=row["base_code"],
                    name=row["name"],
                    goldstein=float(row["goldstein"]),
                    quad_class=int(row["quad_class"]),
                    plover_event=row["plover_event"] or None,
                    plover_mode=row["plover_mode"] or None,
                )
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(f"cannot read the CAMEO table: {exc}", where=str(path)) from exc
    for code, (event, mode) in plover_overrides().items():
        if code not in codes:
            raise DataError(f"'{code}' is not a CAMEO code", where="plover_overrides.tsv")
        codes[code] = replace(codes[code], plover_event=event, plover_mode=mode)
    return codes


def lookup(code: str) -> CameoCode:
    """The entry for ``code``; raises :class:`DataError` for codes CAMEO does not have."""
    try:
        return cameo_codes()[code]
    except KeyError:
        raise DataError(f"unknown CAMEO code '{code}'") from None
