"""Modality of an event: did it happen, or was it negated, claimed, denied, hypothetical, intended?

Decided from the trigger's place in the parse, with word lists from
``data/events/modality.tsv`` and the reporting verbs of ``data/speech/cues.tsv``:

* **negated**: the trigger (or its auxiliary chain) has a negation ("did not attack"), or
  it is what someone refuses or fails to do ("refused to deploy", "failed to reach");
* **hypothetical**: a modal (would, could, may), a condition (an ``if``/``unless`` clause),
  or the trigger is what someone threatens, proposes or demands;
* **intended**: future or intention ("will withdraw", "plans to deploy", "ready to deploy",
  "agreed to withdraw");
* **claimed**: the trigger sits in the content clause of a reporting verb ("Shoigu assured
  that London had sent special forces") or in a direct quote: someone says it happened;
  ``attributed_to`` is that speaker;
* **denied**: the content clause of a denial ("Moscow denied that it had sent troops"), or
  a denial set beside a report ("Shoigu assured that London had sent special forces,
  comments denied by Wallace": the denial is ``denied``, attributed to Wallace; the sending
  stays Shoigu's claim).

The nearest governing condition wins: in "X said it would not attack", the attack is
negated (within a claim); the more specific inner modality is what a user filters on.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from detente.events.slots import final_report, remark_on_report
from detente.quotes import Cue, cue_table
from detente.resources import data_files


@dataclass(frozen=True)
class ModalityWords:
    negation: frozenset[str]
    hypothetical: frozenset[str]
    intended: frozenset[str]
    refusal: frozenset[str]


@cache
def modality_words() -> ModalityWords:
    table: dict[str, set[str]] = {"negation": set(), "hypothetical": set(), "intended": set(), "refusal": set()}
    for path in data_files("events", "modality.tsv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                kind = (row.get("kind") or "").strip()
                word = (row.get("word") or "").strip().lower()
                if kind in table and word:
                    table[kind].add(word.split()[0] if kind != "hypothetical" else word)
    return ModalityWords(*(frozenset(table[k]) for k in ("negation", "hypothetical", "intended", "refusal")))


#: Nouns whose clause is what someone is asked or required to do ("its demand that Israel
#: ease …", "rejected calls to adopt reforms").
DEMAND_NOUNS = ("demand", "call", "request", "appeal", "insistence", "ultimatum", "plea")


@dataclass(frozen=True)
class Modality:
    value: str  # asserted negated claimed denied hypothetical intended
    cue: Token | None = None  # the reporting verb of a claim/denial
    reason: str = ""


def _own(token: Token, words: ModalityWords) -> Modality | None:
    """Modality marked on the verb itself: negation, modals, future."""
    for child in token.children:
        lower = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "advmod" and lower in words.negation):
            return Modality("negated", reason=f"negation '{child.text}'")
        if child.dep_ == "det" and lower == "no" and token.pos_ == "NOUN":
            return Modality("negated", reason="'no' before the event noun")
    for child in token.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ == "would" and _reported(token):
            # "Iraq said it would allow inspectors back": "will", shifted back by the past
            # tense of the report, not a condition
            return Modality("intended", reason=f"future in a report '{child.text}'")
        if child.dep_ in ("aux", "auxpass") and child.lower_ in words.hypothetical:
            return Modality("hypothetical", reason=f"modal '{child.text}'")
        if child.dep_ in ("aux", "auxpass") and child.lower_ in words.intended:
            return Modality("intended", reason=f"future '{child.text}'")
        if child.dep_ == "mark" and child.lower_ in words.hypothetical:
            return Modality("hypothetical", reason=f"condition '{child.text}'")
    return None


def _reported(token: Token) -> bool:
    """Whether ``token`` heads the content clause of a past-tense report ("said it would")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ != "ccomp":
        return False
    head = token.head
    cue = cue_table().get(head.lemma_.lower())
    return cue is not None and cue.kind in ("speech", "claim") and head.tag_ in ("VBD", "VBN")


def _denied_aside(cue: Token) -> Token | None:
    """ "Shoigu assured that London had sent special forces, comments denied by Wallace": a
    noun in apposition to the report, modified by a denial, denies what was reported."""
    return next((d for d in map(remark_on_report, cue.children) if d is not None), None)


def modality_of(trigger: Token, in_quote: bool = False, cues: dict[str, Cue] | None = None) -> Modality:
    """The modality of the event whose trigger is ``trigger`` (see the module docstring)."""
    words = modality_words()
    cues = cue_table() if cues is None else cues
    found = _own(trigger, words)
    if found:
        return found
    token = trigger
    for _ in range(6):
        head = token.head
        if head.i == token.i:
            break
        dep = token.dep_
        if dep in ("xcomp", "ccomp", "advcl", "acomp", "conj", "pcomp", "pobj", "dobj", "relcl"):
            lemma = head.lemma_.lower()
            cue = cues.get(lemma)
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in words.hypothetical for c in token.children):
                return Modality("hypothetical", reason="condition clause")
            asked = next((o for o in head.children if o.dep_ == "dobj" and o.lemma_.lower() in DEMAND_NOUNS), None)
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            if dep == "advcl" and asked is not None and infinitive:
                # "rejected calls by Annan to adopt reforms": the infinitive is what the calls
                # ask for, parsed as a purpose of the verb
                return Modality("hypothetical", reason=f"asked for by '{asked.text}'")
            # an infinitive under "plan", "promise", "threaten" is an intention or a threat
            # before it is anything reported ("Russia threatened to attack": not done)
            if dep in ("xcomp", "acomp") or (dep == "ccomp" and lemma in words.intended):
                if lemma in words.refusal:
                    return Modality("negated", reason=f"refused: '{head.text}'")
                if lemma in words.intended:
                    return Modality("intended", reason=f"intention '{head.text}'")
                if lemma in words.hypothetical:
                    return Modality("hypothetical", reason=f"'{head.text}'")
            if cue is not None and dep in ("ccomp", "xcomp", "dobj") and head.pos_ == "VERB":
                if cue.kind == "denial":
                    return Modality("denied", cue=head, reason=f"denied by '{head.text}'")
                if cue.modality == "hypothetical":
                    return Modality("hypothetical", cue=head, reason=f"asked for by '{head.text}'")
                denial = _denied_aside(head)
                if denial is not None and denial.head.i == token.i:
                    # the denial itself ("comments denied by Wallace"): what it is about was
                    # said by the reporter and is denied by the one who denies it
                    reason = f"denies what '{head.text}' reports"
                    return Modality("denied", cue=denial, reason=reason)
                if denial is not None:
                    # the reported content stays the reporter's claim; the denial is coded on
                    # its own verb ("comments denied by Wallace")
                    reason = f"reported by '{head.text}', denied by '{denial.text}'"
                    return Modality("claimed", cue=head, reason=reason)
                return Modality("claimed", cue=head, reason=f"reported by '{head.text}'")
            if dep == "conj":
                token = head
                continue
            inherited = _own(head, words)
            if inherited and dep in ("xcomp", "conj"):
                return inherited
        if dep in ("ROOT",):
            break
        token = head
    if in_quote:
        return Modality("claimed", reason="inside a direct quote")
    report = final_report(trigger.sent)
    if report is not None and trigger.i < report[0].left_edge.i and trigger.i < report[1].left_edge.i:
        # "…, a human rights organization charged on Saturday", misparsed: a report all the same
        verb = report[0]
        return Modality("claimed", cue=verb, reason=f"reported by '{verb.text}' at the end of the sentence")
    return Modality("asserted")
