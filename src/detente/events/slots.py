"""Where the parse puts an event's words: the slots of a frame, its source and its target.

The event coder (:mod:`.coder`) asks this module which tokens fill a frame (:func:`bind`),
who the source of a verb or noun is (:func:`source_tokens`, :func:`noun_sources`), and where
to look further when the frame's own target slot names no one (:func:`directed_at`,
:func:`purpose_targets`, :func:`condition_subjects`, :func:`aside_author`). Everything here
works on tokens only; turning tokens into actors is the coder's job.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.events.lexicon import Frame
from detente.quotes import cue_table

#: Roots where the place an act happens in is what it is done to: "shelled positions in
#: Juba", "rioted at a jail in northern Israel", "imposed a curfew in the town".
PLACE_ROOTS = ("14", "15", "17", "18", "19", "20")
#: Prepositions that point an act at someone when the frame's own slot names no actor.
DIRECTED_PREPS = ("to", "against", "on", "upon", "into", "toward", "towards", "with", "from", "at")


def purpose_targets(trigger: Token) -> list[Token]:
    """Targets of the to-infinitives under a trigger (its complement or its purpose), two
    levels down at most ("to help defend Saudi Arabia")."""
    found: list[Token] = []
    level = [trigger]
    for _ in range(2):
        level = [c for t in level for c in t.children
                 if (c.dep_ in ("xcomp", "advcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
                 or (c.dep_ == "xcomp" and t.i != trigger.i)]
        for clause in level:
            found += action_targets(clause)
    return found


def condition_subjects(trigger: Token) -> list[Token]:
    """Subjects of the if/unless clauses on the trigger or on its complement."""
    holders = [trigger, *children(trigger, "xcomp", "ccomp")]
    return [subject for holder in holders for clause in children(holder, "advcl")
            if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children)
            for subject in children(clause, "nsubj")]


def aside_author(trigger: Token) -> list[Token]:
    """The reporter behind a noun set beside a report and modified by the trigger ("Shoigu
    assured that …, comments denied by Wallace" → Shoigu)."""
    noun = trigger.head
    if trigger.dep_ != "acl" or noun.pos_ != "NOUN" or noun.dep_ not in ("dobj", "npadvmod", "appos"):
        return []
    report = noun.head
    if report.pos_ != "VERB" or report.lemma_.lower() not in cue_table() or not children(report, "ccomp"):
        return []
    return source_tokens(report)


def directed_at(trigger: Token, obj: Token | None, frame: Frame) -> list[Token]:
    """Objects of prepositions that aim an act at someone, on the trigger or on its direct
    object; for acts of force and protest also the place they happen in ("in", "at")."""
    preps = DIRECTED_PREPS + (("in",) if frame.code[:2] in PLACE_ROOTS else ())
    # "kidnapped up to 16 Russian advisers": a preposition may hang on the verb's particle
    holders = [trigger, *([obj] if obj is not None else []), *children(trigger, "dobj", "prt")]
    found: list[Token] = []
    if frame.target == "none":
        # a frame without a target slot still acts on the actor its object names
        # ("demanded an immediate admission by Moscow"), or on whom the act its object
        # names is done by or to ("allow the return of U.N. weapons inspectors")
        found += [d for d in children(trigger, "dobj") if obj is None or d.i != obj.i]
        if obj is not None:
            found += [g for p in children(obj, "prep") if p.lower_ == "of" for g in pobjects(p)]
    seen: set[int] = set()
    for holder in holders:
        if holder.i in seen:
            continue
        seen.add(holder.i)
        found += [g for p in children(holder, "prep") if p.lower_ in preps for g in pobjects(p)]
    return found


ACTION_PREPS = ("on", "against", "to", "with", "in", "into", "from")


def action_targets(action: Token) -> list[Token]:
    """Who an action is aimed at: its object, or the object of a preposition on the verb or
    on its object ("cut off electricity to Nakhichevan")."""
    objects = children(action, "dobj", "dative")
    found = list(objects)
    for holder in [action, *objects]:
        found += [g for p in children(holder, "prep") if p.lower_ in ACTION_PREPS for g in children(p, "pobj")]
    return found


def complement(trigger: Token, obj: Token | None, kind: str) -> Token | None:
    """The complement a frame needs: a to-infinitive ("to") or a finite clause ("that")."""
    candidates = children(trigger, "xcomp", "ccomp")
    if obj is not None:
        candidates += children(obj, "acl", "relcl")
    for clause in candidates:
        has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if kind == "to" and (has_to or clause.dep_ == "xcomp"):
            return clause
        if kind == "that" and clause.dep_ == "ccomp" and not has_to:
            return clause
        if kind not in ("to", "that"):
            return clause
    return None


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def final_report(sentence: Span) -> tuple[Token, Token, Token] | None:
    """(reporting verb, reporter, reported clause) of a sentence that ends by saying who
    reported it, where the parser did not hang the report on the verb: "…, a human rights
    group charged on Saturday" read as a noun with a modifier (:func:`trailing_reporter`), or
    "Kenyan police are torturing detainees, a rights group complained" read as two clauses
    coordinated without a conjunction. Found once per sentence (the modality of every trigger
    asks), and kept in the Doc's ``user_data``."""
    cache = sentence.doc.user_data.setdefault("detente_final_reports", {})
    if sentence.start not in cache:
        cache[sentence.start] = _final_report(sentence)
    return cache[sentence.start]


def _final_report(sentence: Span) -> tuple[Token, Token, Token] | None:
    for token in sentence:
        verb = trailing_reporter(token)
        if verb is not None:
            return verb, token, sentence.root
        if (token.dep_ == "conj" and token.pos_ == "VERB" and token.lemma_.lower() in cue_table()
                and not any(c.dep_ == "cc" for c in token.head.children if c.i < token.i)
                and token.i > 0 and token.doc[token.left_edge.i - 1].text == ","
                and not children(token, "dobj", "ccomp", "xcomp")
                and token.right_edge.i >= sentence.end - 2):
            subjects = children(token, "nsubj")
            if subjects:
                return token, subjects[0], token.head
    return None


def trailing_reporter(noun: Token) -> Token | None:
    """The reporting verb of a noun the parser took for an object or an apposition when it is
    the reporter of the whole sentence: "agents abused immigrants, a human rights group
    charged on Saturday" parsed with the group as a second object of "abused". The noun is
    set off by a comma, its verb is a bare reporting verb (no object or clause of its own),
    and nothing but adverbials follows to the end of the sentence."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in ("dobj", "appos", "conj", "pobj", "npadvmod"):
        return None
    left = noun.left_edge
    if left.i == 0 or noun.doc[left.i - 1].text != ",":
        return None
    for verb in children(noun, "acl", "relcl"):
        if (verb.tag_ in ("VBD", "VBN") and verb.lemma_.lower() in cue_table()
                and not children(verb, "dobj", "ccomp", "xcomp", "nsubj", "auxpass", "aux")
                and verb.right_edge.i >= noun.sent.end - 2):
            return verb
    return None


def remark_on_report(noun: Token) -> Token | None:
    """The denial of a noun set beside a report, which the parser hangs on the reporting verb:
    "Shoigu assured that London had sent special forces, *comments denied by Wallace*" →
    "denied". Such a noun is not whom the report was made to."""
    if noun.pos_ != "NOUN" or noun.dep_ not in ("dobj", "npadvmod", "appos", "attr"):
        return None
    cues = cue_table()
    return next((c for c in noun.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in cues
                 and cues[c.lemma_.lower()].kind == "denial"), None)


def stranded_object(prep: Token) -> list[Token]:
    """The object of a preposition the parser left without one: "granted asylum to five
    officers holed up in a residence" parsed with the officers as the subject of "holed".
    The noun phrase that starts right after the preposition and is the subject of a clause
    hanging on the same head is the object."""
    if children(prep, "pobj", "pcomp") or prep.i + 1 >= prep.sent.end:
        return []
    return [n for n in prep.sent if n.dep_ == "nsubj" and n.left_edge.i == prep.i + 1
            and n.head.dep_ in ("advcl", "acl", "relcl", "ccomp") and n.pos_ in ("NOUN", "PROPN")]


def pobjects(prep: Token) -> list[Token]:
    """The objects of a preposition, or the one the parser stranded (:func:`stranded_object`)."""
    return children(prep, "pobj") or stranded_object(prep)


def is_passive(token: Token) -> bool:
    """Passive voice, including a participle with a "by" agent ("comments denied by Ben
    Wallace", "the poisoning, attributed by London to Moscow")."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in token.children)


def preps(token: Token, frame_preps: tuple[str, ...]) -> list[Token]:
    """Objects of the frame's prepositions under ``token`` (multi-word: "out of")."""
    found: list[Token] = []
    if "to" in frame_preps:
        # "gave Tanzania a grant": the recipient as a bare indirect object
        found += [d for d in children(token, "dative") if d.pos_ in ("PROPN", "NOUN", "PRON")]
    for prep in children(token, "prep", "agent", "dative"):
        words = prep.lower_
        previous = token.doc[prep.i - 1].lower_ if prep.i > 0 else ""
        if words in frame_preps or f"{previous} {words}" in frame_preps:
            objects = pobjects(prep)
            for pcomp in children(prep, "pcomp", "prep"):
                objects += children(pcomp, "pobj")
            found += objects
    return found


def bind(trigger: Token, frame: Frame) -> tuple[list[Token], Token | None, Token | None] | None:
    """Check the frame's constraints on the trigger; return (target heads, object, complement)."""
    passive = is_passive(trigger) if frame.pos == "verb" else False
    if frame.particle:
        particles = {c.lower_ for c in trigger.children if c.dep_ in ("prt", "prep", "advmod")}
        if frame.particle not in particles:
            return None
    obj: Token | None = None
    direct = [d for d in children(trigger, "nsubjpass" if passive else "dobj")
              if trailing_reporter(d) is None and remark_on_report(d) is None]
    if passive and not direct and trigger.dep_ == "acl":
        direct = [trigger.head]  # "comments denied by Wallace": the noun is what was denied
    if frame.pos == "verb" and not passive:
        direct += [g for d in children(trigger, "dative") for g in children(d, "pobj")]
    if frame.objects is not None:
        candidates = direct + children(trigger, "attr", "oprd")
        for candidate in candidates:
            if candidate.lemma_.lower() in frame.objects or candidate.lower_ in frame.objects:
                obj = candidate
                break
        if obj is None:
            return None
    comp: Token | None = None
    if frame.comp:
        comp = complement(trigger, obj, frame.comp)
        if comp is None:
            return None
    targets: list[Token] = []
    if frame.target == "prep" and frame.preps:
        targets = preps(trigger, frame.preps)
        # "launched artillery, mortar and rocket fire against the camps": the preposition
        # may hang on the last of a list of objects
        for noun in [obj, *obj.conjuncts] if obj is not None else []:
            targets += preps(noun, frame.preps)
        if not targets:
            return None
    elif frame.target == "dobj":
        if frame.preps and not (preps(trigger, frame.preps) or (obj is not None and preps(obj, frame.preps))):
            return None  # the preposition is a required word here ("beat X to death")
        targets = [d for d in direct if obj is None or d.i != obj.i] if frame.pos == "verb" else []
        if not targets and obj is not None:
            targets = [obj]  # "expelled two British diplomats": the object names the target
        if frame.pos == "noun":
            targets = [g for p in children(trigger, "prep") for g in children(p, "pobj")]
        if not targets and comp is not None:
            targets = children(comp, "nsubj")  # "urged Iran to stop", parsed as a clause
    elif frame.preps and not preps(trigger, frame.preps) and not (obj is not None and preps(obj, frame.preps)):
        return None  # target "none" with preps: the preps are still required words of the frame
    if frame.target in ("dobj", "none") and not targets and comp is not None:
        # "Russia threatened to attack Ukraine", "refused to deploy peacekeepers in Iraq",
        # "promised to continue military aid to Mozambique": the event is aimed at whom the
        # announced, promised or refused act is aimed at
        targets = action_targets(comp) or describes(comp)
    return targets, obj, comp


def describes(clause: Token) -> list[Token]:
    """The subject of a that-clause which only describes it ("conceded that Mordor is no
    pleasant place", "noted that the border was calm"): what the remark is about."""
    if clause.lemma_.lower() != "be" or not children(clause, "attr", "acomp"):
        return []
    return children(clause, "nsubj")


def source_tokens(verb: Token) -> list[Token]:
    """Subject, passive agent, controller or relative-clause head of a verb."""
    token = verb
    for _ in range(4):
        if is_passive(token):
            for agent in children(token, "agent"):
                return children(agent, "pobj")
            # no agent: the subject of a passive is what was acted on, and the subject of the
            # clause it hangs on did not do it ("cancelled a visit after a state of siege
            # was declared")
            return []
        else:
            subjects = children(token, "nsubj", "csubj")
            if subjects and token.tag_ == "VBN" and not children(token, "aux", "auxpass"):
                # a bare past participle is no main verb: "the head of diplomacy … called on
                # Putin to withdraw his troops massed near the border" parsed with "massed"
                # as the root and the head of diplomacy as its subject
                return []
            if subjects:
                return subjects
            if token.dep_ == "acl" and token.tag_ in ("VBD", "VBZ", "VBP"):
                # a finite verb cannot modify a noun: a main verb the parser hung on its
                # subject ("The head of diplomacy, Liz Truss, called on Putin …")
                return [token.head]
        if token.dep_ == "xcomp" and token.head.i != token.i:
            # object control: in "called on Putin to withdraw", "urged Iran to stop", the
            # one who is to act is the object, not the subject
            head = token.head
            objects = children(head, "dobj") + [
                g for p in children(head, "prep") if p.lower_ in ("on", "upon")
                for g in children(p, "pobj")
            ]
            if objects:
                return objects
        if token.dep_ in ("xcomp", "conj", "advcl", "acomp") and token.head.i != token.i:
            token = token.head  # subject control: "agreed to withdraw", "met and agreed", "is ready to"
            continue
        if token.dep_ in ("relcl", "acl") and token.head.i != token.i:
            return [token.head] if token.dep_ == "relcl" else []
        break
    return []


def noun_sources(noun: Token, actor_of: list[int]) -> list[Token]:
    """Possessive, demonym/country modifier, compound or "by X" of an event noun; "between X
    and Y" gives X (Y becomes the target through the frame). An event noun that is the object
    of a verb the lexicon does not know ("began a hunger strike", "staged demonstrations",
    "launched a mediation effort") takes that verb's subject. Modifiers that name no one ("a
    *stern* reminder") do not count as the noun's own source."""
    found = [t for t in own_noun_sources(noun) if any(actor_of[u.i] >= 0 for u in t.subtree)]
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":
        return found  # "described the talks as a conversation between the deaf": a label, not an act
    if not found and noun.dep_ in ("dobj", "attr", "nsubjpass"):
        found = source_tokens(noun.head)
    elif (not found and noun.dep_ == "pobj" and noun.head.dep_ == "prep"
          and noun.head.lower_ in TAKING_PART and noun.head.head.pos_ == "VERB"):
        # "went on hunger strike", "called for a boycott"; not "closed its borders because of
        # fighting between X and Y", where the fighting is someone else's
        found = source_tokens(noun.head.head)
    return found


#: Prepositions by which a verb's subject takes part in the event a noun names.
TAKING_PART = ("on", "in", "into", "to", "for")


def own_noun_sources(noun: Token) -> list[Token]:
    found = children(noun, "poss")
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
            # "Russian-British meetings": the first adjective hangs on the second
            found += [t for t in child.subtree if t.dep_ in ("amod", "compound", "nmod")]
            found.append(child)
    for prep in children(noun, "prep"):
        if prep.lower_ == "by":
            found += children(prep, "pobj")
    return found


def parse_path(trigger: Token, arg: Token) -> str:
    """The dependency path from a trigger to an argument, for ``explain``:
    ``attacked →nsubj Russia``, ``called →prep on →pobj Putin``, ``train ↑advcl sent →nsubj London``."""
    if arg.i == trigger.i:
        return trigger.text
    up = [trigger, *trigger.ancestors]
    down = [arg, *arg.ancestors]
    common = next((t for t in up if any(t.i == d.i for d in down)), None)
    if common is None:
        return f"{trigger.text} … {arg.text}"
    steps = [trigger.text]
    for token in up[1:]:
        steps.append(f"↑{up[up.index(token) - 1].dep_} {token.text}")
        if token.i == common.i:
            break
    chain = []
    for token in down:
        if token.i == common.i:
            break
        chain.append(f"→{token.dep_} {token.text}")
    return " ".join(steps + list(reversed(chain)))
