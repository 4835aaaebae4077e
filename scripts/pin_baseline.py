"""Re-pin the accuracy floors: run the gate, write eval/baseline.json and the score table in
docs/events.md (between the ``baseline`` markers). Run from the repository root:
``.venv/bin/python scripts/pin_baseline.py``. Floors should only move up; say why in the
commit when one moves down."""

from __future__ import annotations

import json
import re
from pathlib import Path

from detente.evaluate import baseline_table, floors_from, gate_scores

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    scores = gate_scores(ROOT / "tests" / "gold")
    floors = floors_from(scores)
    (ROOT / "eval" / "baseline.json").write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    docs = ROOT / "docs" / "events.md"
    text = docs.read_text(encoding="utf-8")
    table = baseline_table(floors)
    text = re.sub(r"(<!-- baseline:start -->\n).*?(\n<!-- baseline:end -->)",
                  lambda m: m.group(1) + table + m.group(2), text, flags=re.DOTALL)
    docs.write_text(text, encoding="utf-8")
    print(json.dumps(scores, indent=2))


if __name__ == "__main__":
    main()
