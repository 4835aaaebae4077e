"""Score detente against gold sets: ``detente eval quotes|actors|events|cameo|gate``.

Four scorers, each for one gold format (JSON lines):

* **quotes** — records ``{"id", "text", "quotes": [{"start", "end", "type" (or "kind"),
  "cue", "speaker", "speaker_start", "speaker_end"}]}`` (``tests/gold/quotes_wikinews.jsonl``,
  annotated by hand following ``docs/quote_guideline.md``). A predicted quote matches a gold
  quote when their overlap is at least half of the longer one (and *exactly* when the spans
  are equal); matching is one-to-one, best overlap first. Speaker accuracy is over matched
  quotes whose gold speaker is named: the resolved names must be equal, ignoring case and
  titles ("President", "Mr", …). Speaker-code accuracy compares actor codes where gold has one.
* **actors** — PLOVER-format sentences (``plover_dev.jsonl``: ``source``/``target`` lists of
  ``{"actorText", "code", "sector"}`` plus character ``spans``). Gold: the countries (and
  country+sector) of the sentence's source and target actors. Predicted: the countries of the
  actors detente resolves for the same stretches of text — each gold actor span is looked up
  among detente's mentions, and every other mention that takes part in a coded event counts
  as a prediction too (so inventing participants costs precision). IGO/NGO codes compare on
  their first three letters, as PLOVER codes them.
* **events** — the same PLOVER sentences: event-type accuracy (the gold PLOVER type is among
  the coded events), dyad precision/recall/F1 over (source country, target country) pairs,
  and events produced per gold event. A party acting on itself is out of scope on both sides
  (:func:`score_events`); gold codes in ISO spelling are read as CAMEO (:func:`cameo_country`).
* **cameo** — PETRARCH2 validation records with the suite's actor and agent dictionaries
  (imported with :mod:`detente.actors.petrarch`): who→whom precision/recall/F1 over
  (source, target) by the first three letters of their codes, root-code agreement where the
  gold code is real CAMEO, and silence on records that hold no event.

``gate`` runs all four on the committed gold sets and compares with the floors in
``eval/baseline.json`` (:func:`check`).
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from detente.records import ActorRef, AnalyzedArticle, Article, Mention
from detente.resources import read_table

Scores = dict[str, float]

#: Words dropped before comparing speaker names ("President Vladimir Putin" = "Vladimir Putin").
TITLES = {
    "president", "prime", "minister", "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "general",
    "gen", "secretary", "foreign", "defence", "defense", "chancellor", "king", "queen", "prince",
    "senator", "sen", "rep", "representative", "governor", "gov", "mayor", "judge", "justice",
    "ambassador", "spokesman", "spokeswoman", "spokesperson", "chief", "the", "former", "deputy",
    "princess", "whip", "cardinal", "archbishop", "bishop", "professor", "prof", "lady",
}
#: Words left out of an acronym ("United Nations Educational, Scientific and Cultural
#: Organization" is UNESCO).
_ACRONYM_SKIP = {"of", "and", "for", "the", "on", "in", "de", "&"}


def read_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _prf(tp: int, n_pred: int, n_gold: int, prefix: str) -> Scores:
    p, r = _ratio(tp, n_pred), _ratio(tp, n_gold)
    return {f"{prefix}_precision": p, f"{prefix}_recall": r, f"{prefix}_f1": _f1(p, r)}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


# -- quotes -------------------------------------------------------------------------------
def normal_name(name: str | None) -> str:
    """Lower case, no accents, no titles, no middle initials, hyphens as spaces:
    "President Recep Tayyip Erdoğan" = "recep tayyip erdogan", "John R. Bolton" = "john bolton",
    "Abdul-Mahdi" = "abdul mahdi"."""
    plain = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).replace("ł", "l").replace("Ł", "L")
    words = re.findall(r"[\w'’]+", plain.lower().replace("’", "'"))
    return " ".join(w for w in words if w not in TITLES and len(w) > 1)


def _possessive_forms(name: str) -> set[str]:
    """ "taiwan's constitutional court" is also "constitutional court of taiwan"."""
    words = name.split()
    forms = {name}
    for k, word in enumerate(words):
        if word.endswith("'s") and k + 1 < len(words):
            forms.add(" ".join([*words[k + 1 :], "of", *words[:k], word[:-2]]))
    return forms


def _acronym(short: str, long: str) -> bool:
    """ "unesco" abbreviates "united nations educational scientific and cultural organization"."""
    words = [w for w in long.split() if w not in _ACRONYM_SKIP]
    return " " not in short and len(short) >= 2 and len(words) >= 2 and short == "".join(w[0] for w in words)


def _skeleton(word: str) -> str:
    """Consonants without doubled letters: spellings of one transliterated name agree on it
    ("zelensky"/"zelenskyy", "mohammed"/"mohammad", "adel"/"adil")."""
    consonants = [ch for ch in word if ch not in "aeiou"]
    return "".join(ch for k, ch in enumerate(consonants) if k == 0 or ch != consonants[k - 1])


def _transliterated(a: str, b: str) -> bool:
    """Two spellings of one name: the same number of words, at least one written alike, and
    every other word of four letters or more with the same consonant skeleton."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or not any(x == y for x, y in zip(wa, wb, strict=True)):
        return False
    pairs = zip(wa, wb, strict=True)
    return all(x == y or (min(len(x), len(y)) >= 4 and _skeleton(x) == _skeleton(y)) for x, y in pairs)


def same_code(predicted: str | None, gold: str) -> bool:
    """Actor codes are equal, or the prediction names an agency of the international
    organisation the gold code names: the guideline codes the UN and all its agencies
    ``IGOUNO``, and ``IGOUNOWHO`` (the WHO) is a UN agency. A country code is never widened."""
    if not predicted:
        return False
    if predicted == gold:
        return True
    return gold.startswith("IGO") and predicted.startswith(gold) and (len(predicted) - len(gold)) % 3 == 0


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted speaker name names the gold speaker.

    Names are compared after :func:`normal_name`; they also match when one is the other's
    acronym (UNESCO), a possessive form of it ("Taiwan's Constitutional Court" =
    "Constitutional Court of Taiwan"), or another transliteration of it ("Volodymyr
    Zelensky" = "Volodymyr Zelenskyy"). A different first name or a missing word is never
    the same speaker ("Imran Khan" ≠ "Sadiq Khan", "Wallace" ≠ "Ben Wallace").
    """
    a, b = normal_name(predicted), normal_name(gold)
    if not a or not b:
        return False
    forms_a, forms_b = _possessive_forms(a), _possessive_forms(b)
    if forms_a & forms_b:
        return True
    if _acronym(a, b) or _acronym(b, a):
        return True
    return any(_transliterated(x, y) for x in forms_a for y in forms_b)


def _match(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) overlapping ≥ half the longer span."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            shared = _overlap(g, p)
            if shared and shared * 2 >= max(g[1] - g[0], p[1] - p[0]):
                pairs.append((shared, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _shared, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            matched.append((i, j))
    return matched


def score_quotes(rows: list[dict[str, Any]], results: list[AnalyzedArticle]) -> Scores:
    tp = exact = n_pred = n_gold = 0
    speaker_ok = speaker_total = code_ok = code_total = 0
    for row, result in zip(rows, results, strict=True):
        gold = row["quotes"]
        predicted = list(result.quotes)
        n_pred += len(predicted)
        n_gold += len(gold)
        pairs = _match([(g["start"], g["end"]) for g in gold], [(p.start, p.end) for p in predicted])
        tp += len(pairs)
        for i, j in pairs:
            g, p = gold[i], predicted[j]
            exact += (g["start"], g["end"]) == (p.start, p.end)
            if g.get("speaker"):
                speaker_total += 1
                name = p.speaker.name if p.speaker else p.speaker_text
                speaker_ok += same_speaker(name, g["speaker"])
            if g.get("speaker_code"):
                code_total += 1
                code_ok += bool(p.speaker and same_code(p.speaker.code, g["speaker_code"]))
    scores = _prf(tp, n_pred, n_gold, "quote")
    scores |= _prf(exact, n_pred, n_gold, "quote_exact")
    scores |= {
        "speaker_accuracy": _ratio(speaker_ok, speaker_total),
        "speaker_code_accuracy": _ratio(code_ok, code_total),
        "gold_quotes": n_gold,
    }
    return scores


# -- PLOVER actors and events ---------------------------------------------------------------
def _party(actor: ActorRef | None) -> str | None:
    """The country code, or the generic prefix (IGO, NGO, …) of an organisation's code."""
    if actor is None:
        return None
    return actor.country or (actor.code[:3] if actor.code else None)


def _gold_actors(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Gold actors with their character span (from ``spans``, matched by text)."""
    spans = [s for s in row.get("spans", []) if s["role"] in ("SRC", "TAR", "SRC/TAR")]
    actors = []
    for role in ("source", "target"):
        for actor in row.get(role, []):
            if not actor.get("code"):
                continue
            text = actor.get("actorText", "")
            span = next((s for s in spans if s["text"] == text), None)
            if span is None:
                at = row["text"].find(text) if text else -1
                span = {"start": at, "end": at + len(text)} if at >= 0 else None
            both = span is not None and span.get("role") == "SRC/TAR"
            actors.append({"role": "both" if both else role, "code": actor["code"][:3],
                           "sector": (actor.get("sector") or "")[:3],
                           "span": (span["start"], span["end"]) if span else None})
    return actors


@functools.cache
def _plover_sectors() -> dict[str, str]:
    """CAMEO sector code → the PLOVER code for the same actors (``data/actors/sectors.tsv``)."""
    return {row["code"]: row["plover"] for row in read_table("actors", "sectors.tsv") if row["plover"]}


def plover_sector(sector: str | None) -> str:
    """A predicted (CAMEO) sector in PLOVER's vocabulary, which the PLOVER gold uses."""
    code = (sector or "")[:3]
    return _plover_sectors().get(code, code)


def _mentions_at(mentions: Iterable[Mention], span: tuple[int, int]) -> list[Mention]:
    return [m for m in mentions if _overlap((m.start, m.end), span) > 0]


def score_actors(rows: list[dict[str, Any]], results: list[AnalyzedArticle]) -> Scores:
    c_tp = c_pred = c_gold = s_tp = s_pred = s_gold = 0
    for row, result in zip(rows, results, strict=True):
        gold = _gold_actors(row)
        gold_countries = {g["code"] for g in gold}
        gold_pairs = {(g["code"], g["sector"] if g["sector"] not in ("", "***") else "") for g in gold}
        predicted: set[str] = set()
        predicted_pairs: set[tuple[str, str]] = set()

        def add(actor: ActorRef | None, into_c: set[str], into_p: set[tuple[str, str]]) -> None:
            party = _party(actor)
            if actor is not None and party:
                into_c.add(party)
                into_p.add((party, plover_sector(actor.sector)))

        for g in gold:
            if g["span"] is not None:
                for mention in _mentions_at(result.mentions, g["span"]):
                    add(mention.actor, predicted, predicted_pairs)
        for event in result.events:
            add(event.source, predicted, predicted_pairs)
            add(event.target, predicted, predicted_pairs)
        c_tp += len(predicted & gold_countries)
        c_pred += len(predicted)
        c_gold += len(gold_countries)
        s_tp += len(predicted_pairs & gold_pairs)
        s_pred += len(predicted_pairs)
        s_gold += len(gold_pairs)
    return (_prf(c_tp, c_pred, c_gold, "actor_country") | _prf(s_tp, s_pred, s_gold, "actor_sector")
            | {"gold_sentences": len(rows)})


@functools.cache
def _iso_codes() -> dict[str, str]:
    """ISO 3166 alpha-3 code → CAMEO code, where the two differ (``countries.tsv``: East
    Timor is CAMEO ``TMP``, ISO ``TLS``). PLOVER gold sometimes writes the ISO code."""
    return {row["iso3"]: row["code"] for row in read_table("actors", "countries.tsv", packaged_only=True)
            if row["iso3"] and row["iso3"] != row["code"]}


def cameo_country(code: str | None) -> str | None:
    """A gold country code in CAMEO's spelling: ISO codes map to CAMEO, others are kept."""
    return _iso_codes().get(code, code) if code else code


def score_events(rows: list[dict[str, Any]], results: list[AnalyzedArticle]) -> Scores:
    typed = n_events = d_tp = d_pred = d_gold = 0
    for row, result in zip(rows, results, strict=True):
        gold_type = row.get("event_plover16") or row.get("event")
        events = list(result.events)
        n_events += len(events)
        typed += any(e.plover_event == gold_type for e in events)
        gold = _gold_actors(row)
        sources = {cameo_country(g["code"]) for g in gold if g["role"] == "source"}
        targets = {cameo_country(g["code"]) for g in gold if g["role"] == "target"} or {None}
        mutual = {cameo_country(g["code"]) for g in gold if g["role"] == "both"}  # PLOVER's SRC/TAR
        gold_dyads = {(s, t) for s in sources for t in targets if s != t}
        gold_dyads |= {(s, t) for s in mutual for t in mutual if s != t}
        if mutual and len(mutual) == 1:
            gold_dyads.add((next(iter(mutual)), None))
        # a party acting on itself (police arresting their own country's students) is never a
        # gold dyad above, so it is left out of the predictions too rather than counted wrong;
        # symmetrically, where the gold pair is X→X a prediction that resolves only X and
        # leaves the other side unknown (X→?, ?→X) agrees with an unscored pair and is not
        # scored either. A prediction naming any other party is still counted wrong.
        domestic = sources & targets
        predicted = {(_party(e.source), _party(e.target)) for e in events
                     if e.source and _party(e.source) != _party(e.target)}
        predicted = {(s, t) for s, t in predicted
                     if not (None in (s, t) and (s or t) in domestic and (s, t) not in gold_dyads)}
        d_tp += len(predicted & gold_dyads)
        d_pred += len(predicted)
        d_gold += len(gold_dyads)
    return {
        "event_type_accuracy": _ratio(typed, len(rows)),
        **_prf(d_tp, d_pred, d_gold, "dyad"),
        "events_per_gold_event": _ratio(n_events, len(rows)),
        "gold_sentences": len(rows),
    }


# -- PETRARCH2 validation -------------------------------------------------------------------
def score_cameo(rows: list[dict[str, Any]], results: list[AnalyzedArticle]) -> Scores:
    tp = n_pred = n_gold = root_ok = root_total = quiet_ok = quiet_total = 0
    for row, result in zip(rows, results, strict=True):
        predicted: dict[tuple[str, str], Any] = {}
        for e in result.events:
            if e.source and e.target:
                predicted.setdefault(((e.source.code or "")[:3], (e.target.code or "")[:3]), e)
        if row.get("gold_kind") == "noevents":
            quiet_total += 1
            quiet_ok += not result.events
            n_pred += len(predicted)
            continue
        expected = [x for x in row.get("expected", []) if x.get("source") and x.get("target")]
        wanted = {(x["source"][:3], x["target"][:3]): x for x in expected}
        n_gold += len(wanted)
        n_pred += len(predicted)
        for dyad, gold in wanted.items():
            if dyad in predicted:
                tp += 1
                if gold.get("cameo") and str(gold.get("code", ""))[:2].isdigit():
                    root_total += 1
                    root_ok += predicted[dyad].root_code == str(gold["code"])[:2]
    return (_prf(tp, n_pred, n_gold, "who_whom")
            | {"root_accuracy": _ratio(root_ok, root_total),
               "no_event_accuracy": _ratio(quiet_ok, quiet_total),
               "gold_records": len(rows)})


# -- running ------------------------------------------------------------------------------
def _pipeline(model: str | None, gazetteer: Any = None) -> Any:
    from detente.pipeline import Pipeline

    return Pipeline(model, gazetteer=gazetteer)


def eval_quotes(path: Path, model: str | None = None) -> Scores:
    rows = read_gold(path)
    articles = [Article(text=r["text"], published=r.get("date"), external_id=r.get("id")) for r in rows]
    for row in rows:  # the task's format says "type"; the shipped gold set says "kind"
        for quote in row["quotes"]:
            quote.setdefault("kind", quote.get("type"))
    return score_quotes(rows, list(_pipeline(model).analyze_many(articles)))


def _plover(path: Path, model: str | None) -> tuple[list[dict[str, Any]], list[AnalyzedArticle]]:
    rows = read_gold(path)
    return rows, list(_pipeline(model).analyze_many(Article(text=r["text"]) for r in rows))


def eval_actors(path: Path, model: str | None = None) -> Scores:
    return score_actors(*_plover(path, model))


def eval_events(path: Path, model: str | None = None) -> Scores:
    return score_events(*_plover(path, model))


def eval_cameo(path: Path, actors: Path | None = None, agents: Path | None = None,
               model: str | None = None) -> Scores:
    """Score a PETRARCH2-format file; its actor/agent dictionaries default to the files in a
    ``petrarch2_dicts/`` folder beside it."""
    from detente.actors.gazetteer import Gazetteer
    from detente.actors.petrarch import read_actor_dictionary, read_agent_dictionary, write_gazetteer

    folder = path.parent / "petrarch2_dicts"
    actors = actors or folder / "PETR.Validate.actors.txt"
    agents = agents or folder / "PETR.Validate.agents.txt"
    rows = [r for r in read_gold(path) if r.get("active", True) and r.get("gold_kind") in ("events", "noevents")]
    with tempfile.TemporaryDirectory() as tmp:
        entries = read_actor_dictionary(actors) if actors.exists() else []
        roles = read_agent_dictionary(agents) if agents.exists() else []
        gazetteer = Gazetteer((write_gazetteer(entries, Path(tmp), roles),))
        articles = [Article(text=r["text"], published=r.get("date")) for r in rows]
        return score_cameo(rows, list(_pipeline(model, gazetteer).analyze_many(articles)))


def eval_amounts(path: Path, model: str | None = None) -> Scores:
    """Amount spans (precision/recall/F1 at ≥50% overlap) and the accuracy of their values
    and kinds, on a gold file in the format of ``docs/context.md``."""
    from detente.context.evaluate import evaluate_amounts
    from detente.nlp import load_model

    found = evaluate_amounts(path, load_model(model))
    scores = {f"amount_{k}": float(found[k]) for k in ("precision", "recall", "f1", "value_accuracy", "kind_accuracy")}
    return scores | {"gold_amounts": found["gold"]}


def eval_places(path: Path, model: str | None = None) -> Scores:
    """Event locations: accuracy of the place and of its country on the gold events found,
    and the share of them given a place (``docs/context.md``)."""
    from detente.context.geo_eval import evaluate_places
    from detente.nlp import load_model

    found = evaluate_places(path, load_model(model))
    scores = {f"place_{k}": float(found[k]) for k in ("coverage",)}
    scores |= {k: float(found[k]) for k in ("place_accuracy", "country_accuracy")}
    return scores | {"gold_places": found["events"]}


#: The committed gold sets and what ``detente eval gate`` scores on each.
GATE: dict[str, tuple[str, Callable[..., Scores]]] = {
    "quotes": ("quotes_wikinews.jsonl", eval_quotes),
    "actors": ("plover_dev.jsonl", eval_actors),
    "events": ("plover_dev.jsonl", eval_events),
    "cameo": ("petrarch2_validate.jsonl", eval_cameo),
    "amounts": ("amounts_wikinews.jsonl", eval_amounts),
    "places": ("places_wikinews.jsonl", eval_places),
}


def gate_scores(gold_dir: Path, model: str | None = None, only: Iterable[str] | None = None) -> dict[str, Scores]:
    wanted = set(only) if only else set(GATE)
    return {name: scorer(gold_dir / file, model=model) for name, (file, scorer) in GATE.items() if name in wanted}


def check(scores: dict[str, Scores], baseline: dict[str, Scores]) -> list[str]:
    """Every score below its pinned floor (or over-generation above its ceiling)."""
    failures = []
    for name, floors in baseline.items():
        got = scores.get(name)
        if got is None:
            continue
        for metric, bound in floors.items():
            if metric.startswith("gold_") or metric not in got:
                continue
            if metric.startswith("events_per"):
                if got[metric] > bound:
                    failures.append(f"{name}: {metric} {got[metric]} above ceiling {bound}")
            elif got[metric] < bound:
                failures.append(f"{name}: {metric} {got[metric]} below floor {bound}")
    return failures


#: Floors are pinned this far below the measured score.
MARGIN = MARGIN_DEFAULT = 0.01


def baseline_table(baseline: dict[str, Scores], margin: float = MARGIN_DEFAULT) -> str:
    """The floors as a Markdown table (gold set, metric, floor or ceiling, measured score)."""
    lines = ["| gold set | metric | floor / ceiling | measured |", "|---|---|---|---|"]
    for name, floors in baseline.items():
        for metric, bound in floors.items():
            ceiling = metric.startswith("events_per")
            measured = round(bound - margin if ceiling else bound + margin, 4)
            label = f"{metric} (ceiling)" if ceiling else metric
            lines.append(f"| {name} | {label} | {bound} | {measured} |")
    return "\n".join(lines)




def floors_from(scores: dict[str, Scores], margin: float = MARGIN) -> dict[str, Scores]:
    """Measured scores → baseline floors (and a ceiling for events per gold event)."""
    return {
        name: {
            metric: round(max(value + margin if metric.startswith("events_per") else value - margin, 0.0), 4)
            for metric, value in values.items() if not metric.startswith("gold_")
        }
        for name, values in scores.items()
    }
