"""Build ``src/detente/data/ontology/cameo.tsv`` from the CAMEO/PLOVER reference tables.

Usage: ``python scripts/build_ontology.py ../shared/reference``. Keeps only facts: codes,
short names, GDELT Goldstein values, GDELT quad classes, the PLOVER event/mode mapping.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/detente/data/ontology/cameo.tsv"


def quad_class(root: str) -> int:
    """GDELT convention: roots 01-05 verbal coop, 06-09 material coop, 10-14 verbal conflict,
    15-20 material conflict."""
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 9 else 3 if number <= 14 else 4


def main(reference: Path) -> None:
    plover = {
        row["cameo_code"]: row
        for row in csv.DictReader((reference / "cameo_plover_map.csv").open(encoding="utf-8"))
    }
    events = list(csv.DictReader((reference / "cameo_events.csv").open(encoding="utf-8")))
    gdelt = {row["code"]: row["goldstein"] for row in events}
    rows = []
    for row in events:
        code = row["code"]
        mapped = plover.get(code, {})
        # GDELT's table lacks a few codes: take ICEWS's value, else the parent code's
        goldstein = row["goldstein"] or row["goldstein_icews"] or gdelt.get(row["base_code"], "")
        rows.append(
            [
                code,
                row["root_code"],
                row["base_code"],
                row["name"],
                goldstein,
                str(quad_class(row["root_code"])),
                mapped.get("plover_event", ""),
                mapped.get("plover_mode", ""),
            ]
        )
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        header = ["code", "root_code", "base_code", "name", "goldstein", "quad_class"]
        writer.writerow([*header, "plover_event", "plover_mode"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))
