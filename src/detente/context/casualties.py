"""Casualty figures: whether a count is a number of dead or injured, from the parse.

A count is ``dead`` or ``injured`` (PLOVER's dead and injured fields) when the counted noun is
a casualty noun ("750 deaths"), when it is the object or passive subject of a killing or
wounding verb ("killed 39", "39 were killed") or the subject of "die", when it is described as
dead or injured ("39 are confirmed dead", "left five dead"), when it lost its life, or when it
is the figure a death toll reached ("the death toll rose to 39"). The words are data:
``data/context/casualties.tsv``.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from detente.resources import read_table


@cache
def table() -> dict[tuple[str, str], str]:
    """(lemma, role) -> ``dead``/``injured`` (empty for holder nouns and level verbs)."""
    return {(r["lemma"].lower(), r["role"]): r["kind"] for r in read_table("context", "casualties.tsv")}


def casualty_kind(tok: Token, root: Token, obj: str) -> str:
    """``dead``/``injured`` when the counted noun or the bare number is a casualty figure, else "".

    Args:
        tok: the counted noun, or the number when nothing is named.
        root: the number token whose head lies outside the amount.
        obj: the lemma of the counted noun ("" if none).
    """
    c = table()
    if obj and (obj, "noun") in c and obj not in ("life", "toll"):
        return c[(obj, "noun")]
    for node in (tok, root) if root.i != tok.i else (tok,):
        kind = _casualty_of(node, c)
        if kind:
            return kind
    return ""


def _casualty_of(node: Token, c: dict[tuple[str, str], str]) -> str:
    if node.dep_ in ("nummod", "quantmod", "npadvmod") and (node.head.lower_, "adjective") in c:
        return c[(node.head.lower_, "adjective")]  # "left five dead", parsed with "dead" as head
    for child in node.children:
        # "21 injured individuals", "five seriously injured", "39 dead"
        if child.dep_ in ("amod", "acomp", "oprd", "appos", "acl", "conj") and (child.lower_, "adjective") in c:
            return c[(child.lower_, "adjective")]
    # "a total of 39 are confirmed dead": the figure stands for its holder
    while node.dep_ == "pobj" and node.head.lower_ == "of" and (node.head.head.lemma_.lower(), "holder") in c:
        node = node.head.head
    if node.dep_ == "conj" and node.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
        node = node.head
    if node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
        verb = node.head
        lemma = verb.lemma_.lower()
        kind = c.get((lemma, "verb"))
        # "killed 39", "39 were killed", headline "39 killed", "39 died"; not "died 39 times"
        intransitive = lemma in ("die", "perish", "drown")
        if kind and (node.dep_ != "nsubj" or intransitive or verb.tag_ == "VBN") and not (
            node.dep_ == "dobj" and intransitive
        ):
            return kind
        for child in verb.children:
            if child.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "advmod") and (child.lower_, "adjective") in c:
                return c[(child.lower_, "adjective")]
            if child.dep_ == "dobj" and child.lemma_.lower() == "life" and lemma in ("lose", "claim"):
                return "dead"
        if verb.tag_ == "VBN" and (verb.lower_, "adjective") in c:
            return c[(verb.lower_, "adjective")]
        if node.dep_ in ("dobj", "attr") and (lemma, "level") in c:
            return _subject_kind(verb, c)  # "the death toll reached 39"
        return ""
    if node.dep_ == "pobj":
        holder = node
        while holder.dep_ in ("pobj", "prep") and holder.head.i != holder.i:
            holder = holder.head  # "increased the death toll from fourteen to 31"
        kind = _noun_kind(holder, c)
        if kind:
            return kind
        if holder.pos_ in ("VERB", "AUX"):
            return _subject_kind(holder, c)
    return ""


def _subject_kind(verb: Token, c: dict[tuple[str, str], str]) -> str:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
            kind = _noun_kind(child, c)
            if kind:
                return kind
    return ""


def _noun_kind(tok: Token, c: dict[tuple[str, str], str]) -> str:
    """The casualty kind of a noun: "deaths", "the death toll", "the number of injured"."""
    lemma = tok.lemma_.lower()
    if lemma != "life" and (lemma, "noun") in c:
        return c[(lemma, "noun")]
    if (lemma, "holder") in c:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (obj.lemma_.lower(), "noun") in c and obj.lemma_.lower() != "life":
                        return c[(obj.lemma_.lower(), "noun")]
    return ""
