"""The dependency-based event coder: who did what to whom, from the parse, as a spaCy component.

For each verb or noun whose lemma the lexicon knows, the frames of that lemma are tried
against the trigger's dependents, most specific first (see :mod:`.lexicon`):

* **source**: the subject; for passives the ``by`` agent ("comments denied by Ben Wallace");
  for infinitives and participles without their own subject, the controlling subject
  ("Russia agreed to withdraw": Russia withdraws); for relative clauses the noun they modify;
  for event nouns a possessive, a demonym or country adjective, a compound or "by X";
* **target**: the direct object (the passive subject in passive voice), the object of the
  frame's preposition on the verb or on its object ("impose sanctions on Russia"), or the
  subject of the complement ("urged Iran to stop" when parsed as a clause);
* **compounds**: "London and Paris" on either side yields one event per pair;
* **complements**: frames with ``comp`` record the demanded or promised action
  ("called on Putin to withdraw his troops" → action "withdraw his troops"); the embedded
  action is coded too, with a modality that says it did not (yet) happen.

An argument is an actor when a resolved mention covers its head, else the nearest mention
in its phrase ("the leaders of Russia"). Events without any actor are dropped. Events with
one side are kept only when the frame needs no target by nature ("Iran mobilised its
reserves", ``target: none``) and is more than talk (roots 01–02 always need both sides);
they are flagged ``one_sided``. Parties named together in a cooperative act ("France,
Germany and Italy signed an agreement") give one event per pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import MentionSpan
from detente.events.lexicon import Frame, Lexicon, default_lexicon
from detente.events.modality import Modality, modality_of
from detente.quotes import cue_table
from detente.records import ActorRef

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
#: Codes whose events mean little without both sides: unspecified statements and appeals
#: ("Germany said…"); specific ones (a denial, a pessimistic comment) stand alone.
_NEEDS_BOTH = ("01", "02", "010", "020")


@dataclass
class Arg:
    """An event argument: the token it came from and the mention it resolved to."""

    token: Token
    mention: int | None
    via: str


@dataclass
class EventHit:
    """A coded event in Doc coordinates, before records are made."""

    frame: Frame
    trigger: Span
    sentence: Span
    source: Arg | None
    target: Arg | None
    modality: Modality
    confidence: float
    action: Span | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def one_sided(self) -> bool:
        return self.source is None or self.target is None

    def explanation(self) -> str:
        """Which frame fired, how the parse leads to source and target, and the modality cue."""
        trigger = self.trigger[0]
        parts = [f"{self.frame.origin}: {self.frame.describe()}"]
        if self.source is not None:
            parts.append(f"source: {parse_path(trigger, self.source.token)}")
        if self.target is not None:
            parts.append(f"target: {parse_path(trigger, self.target.token)}")
        if self.modality.reason:
            parts.append(f"modality: {self.modality.reason}")
        return "; ".join(parts)


class EventCoder:
    """Apply a :class:`Lexicon` to the sentences of a Doc whose actors are resolved."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[MentionSpan] = doc._.actors or []
        actor_of: list[int] = doc._.actor_of_token or [-1] * len(doc)
        in_quote = _direct_quote_tokens(doc)
        hits: list[EventHit] = []
        for sentence in doc.sents:
            if not any(actor_of[t.i] >= 0 for t in sentence):
                continue  # no actor, no event: skip the sentence entirely
            used_nouns: set[int] = set()
            for token in sentence:
                frames = self._frames(token)
                if not frames:
                    continue
                hit = self._code(doc, token, frames, sentence, mentions, actor_of, in_quote, used_nouns)
                hits.extend(hit)
            hits.extend(_obligations(doc, sentence, mentions, actor_of, hits))
        _embedded_actions(hits)
        doc._.events = hits
        return doc

    def _frames(self, token: Token) -> list[Frame]:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
            return self.lexicon.verbs.get(lemma, [])
        if token.pos_ in ("NOUN", "PROPN"):
            return self.lexicon.nouns.get(lemma) or self.lexicon.nouns.get(token.lower_, [])
        return []

    # -- matching -------------------------------------------------------------------------
    def _code(
        self,
        doc: Doc,
        trigger: Token,
        frames: list[Frame],
        sentence: Span,
        mentions: list[MentionSpan],
        actor_of: list[int],
        in_quote: set[int],
        used_nouns: set[int],
    ) -> list[EventHit]:
        if trigger.i in used_nouns:
            return []
        fallback: list[EventHit] = []
        for frame in frames:
            bound = _bind(trigger, frame)
            if bound is None:
                continue
            target_tokens, obj, comp = bound
            if obj is not None:
                used_nouns.add(obj.i)  # "launch an attack": the noun is part of this frame
            sources = _source_tokens(trigger) if frame.pos == "verb" else _noun_sources(trigger)
            src = _args(sources, mentions, actor_of)
            tgt = _args(target_tokens, mentions, actor_of)
            if frame.pos == "noun" and not src and not tgt:
                continue
            if frame.pos == "noun" and not src and len(tgt) > 1:
                src, tgt = tgt[:1], tgt[1:]  # "a meeting between X and Y"
            pairs: list[tuple[Arg | None, Arg | None]] | None = None
            if not tgt and len(src) > 1 and (frame.pos == "noun" or frame.code[:2] in _RECIPROCAL_ROOTS):
                # "Russian-British meetings", "Japan and South Korea signed an agreement":
                # cooperation among the parties named together, one event per pair
                pairs = [(a, b) for i, a in enumerate(src) for b in src[i + 1 :]]
            modality = modality_of(trigger, in_quote=trigger.i in in_quote)
            hits: list[EventHit] = []
            sides: list[Arg | None] = list(src) or [None]
            others: list[Arg | None] = list(tgt) or [None]
            if pairs is None:
                pairs = [(s, t) for s in sides for t in others]
            action = doc[comp.left_edge.i : comp.right_edge.i + 1] if comp is not None else None
            for s, t in pairs:
                if s is None and t is None:
                    continue
                if s is not None and t is not None and _same_actor(mentions, s, t):
                    continue
                if (s is None or t is None) and not _one_sided_ok(frame, s):
                    continue
                hits.append(
                    EventHit(frame, doc[trigger.i : trigger.i + 1], sentence, s, t, modality,
                             _confidence(frame, s, t), action)
                )
            if any(not h.one_sided for h in hits):
                return hits
            # the frame fits the words but found only one side ("withdrew troops from the
            # town", "sued the United States for damages" read as "sue for peace"): a less
            # specific frame that finds both sides is the better reading, else keep this one
            fallback = fallback or hits
        return fallback


#: Roots of actions that parties named together do with each other (agree, consult, cooperate).
_RECIPROCAL_ROOTS = ("03", "04", "05", "06")
#: Roots whose complement is something the source itself intends to do (intent, cooperation,
#: aid, yielding); for every other root (appeals, demands, threats) it is only asked for.
_INTENDING_ROOTS = ("03", "05", "06", "07", "08")


#: The code of "X said that Y must do Z": a demand, not specified further (CAMEO 100).
OBLIGATION_CODE = "100"
_OBLIGATION_MODALS = ("must", "should", "ought")
#: Nouns whose that-clause is what someone is required to do ("its demand that Israel ease …").
_DEMAND_NOUNS = ("demand", "call", "request", "appeal", "insistence", "ultimatum", "plea")


def _obligations(
    doc: Doc, sentence: Span, mentions: list[MentionSpan], actor_of: list[int], hits: list[EventHit]
) -> list[EventHit]:
    """ "Russia said Sudan must return the helicopter", "the ILO reiterated its demand that
    Israel ease restrictions": a report or demand whose clause says what another actor must
    do is a demand by the speaker on that actor, whatever the reporting verb; the required
    act becomes its action (and, coded itself, is hypothetical)."""
    found: list[EventHit] = []
    cues = cue_table()
    coded = {(h.trigger.start, h.frame.code[:2]) for h in hits}
    for verb in sentence:
        reporter = verb.head
        demanded = reporter.pos_ == "NOUN" and reporter.lemma_.lower() in _DEMAND_NOUNS
        if verb.dep_ not in ("ccomp", "acl", "relcl") or (verb.dep_ != "ccomp" and not demanded):
            continue
        modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS), None)
        has_to = any(c.dep_ == "xcomp" for c in verb.children) and verb.lemma_ == "have"
        if modal is None and not has_to and not demanded:
            continue
        if reporter.pos_ == "VERB" and reporter.lemma_.lower() not in cues:
            continue
        if (reporter.i, "10") in coded:
            continue
        speaker_tokens = _source_tokens(reporter) if reporter.pos_ == "VERB" else _noun_sources(reporter)
        sources = _args(speaker_tokens, mentions, actor_of)
        targets = _args(_children(verb, "nsubj", "nsubjpass"), mentions, actor_of)
        if not sources or not targets:
            continue
        frame = Frame(OBLIGATION_CODE, reporter.lemma_.lower(), "verb", comp="that",
                      origin="construction: X says/demands that Y must …")
        action = doc[verb.left_edge.i : verb.right_edge.i + 1]
        trigger = doc[reporter.i : reporter.i + 1]
        for s in sources:
            for t in targets:
                if not _same_actor(mentions, s, t):
                    found.append(EventHit(frame, trigger, sentence, s, t, Modality("asserted"),
                                          _confidence(frame, s, t) - 0.1, action))
    return found


def _embedded_actions(hits: list[EventHit]) -> None:
    """An action inside another event's complement did not happen (yet): "called on Putin to
    withdraw" makes the withdrawal hypothetical; "agreed to withdraw" makes it intended."""
    for outer in hits:
        if outer.action is None:
            continue
        value = "intended" if outer.frame.code[:2] in _INTENDING_ROOTS else "hypothetical"
        for inner in hits:
            if inner is outer or inner.modality.value in ("negated", "denied"):
                continue
            if outer.action.start <= inner.trigger.start < outer.action.end:
                reason = f"the action {'promised' if value == 'intended' else 'asked for'} by '{outer.trigger.text}'"
                inner.modality = Modality(value, reason=reason)


_ACTION_PREPS = ("on", "against", "to", "with", "in", "into", "from")


def _action_targets(action: Token) -> list[Token]:
    """Who an action is aimed at: its object, or the object of a preposition on the verb or
    on its object ("cut off electricity to Nakhichevan")."""
    objects = _children(action, "dobj", "dative")
    found = list(objects)
    for holder in [action, *objects]:
        found += [g for p in _children(holder, "prep") if p.lower_ in _ACTION_PREPS for g in _children(p, "pobj")]
    return found


def _complement(trigger: Token, obj: Token | None, kind: str) -> Token | None:
    """The complement a frame needs: a to-infinitive ("to") or a finite clause ("that")."""
    candidates = _children(trigger, "xcomp", "ccomp")
    if obj is not None:
        candidates += _children(obj, "acl", "relcl")
    for clause in candidates:
        has_to = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if kind == "to" and (has_to or clause.dep_ == "xcomp"):
            return clause
        if kind == "that" and clause.dep_ == "ccomp" and not has_to:
            return clause
        if kind not in ("to", "that"):
            return clause
    return None


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _is_passive(token: Token) -> bool:
    """Passive voice, including a participle with a "by" agent ("comments denied by Ben
    Wallace", "the poisoning, attributed by London to Moscow")."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in token.children)


def _preps(token: Token, frame_preps: tuple[str, ...]) -> list[Token]:
    """Objects of the frame's prepositions under ``token`` (multi-word: "out of")."""
    found: list[Token] = []
    if "to" in frame_preps:
        # "gave Tanzania a grant": the recipient as a bare indirect object
        found += [d for d in _children(token, "dative") if d.pos_ in ("PROPN", "NOUN", "PRON")]
    for prep in _children(token, "prep", "agent", "dative"):
        words = prep.lower_
        previous = token.doc[prep.i - 1].lower_ if prep.i > 0 else ""
        if words in frame_preps or f"{previous} {words}" in frame_preps:
            objects = _children(prep, "pobj")
            for pcomp in _children(prep, "pcomp", "prep"):
                objects += _children(pcomp, "pobj")
            found += objects
    return found


def _bind(trigger: Token, frame: Frame) -> tuple[list[Token], Token | None, Token | None] | None:
    """Check the frame's constraints on the trigger; return (target heads, object, complement)."""
    passive = _is_passive(trigger) if frame.pos == "verb" else False
    if frame.particle:
        particles = {c.lower_ for c in trigger.children if c.dep_ in ("prt", "prep", "advmod")}
        if frame.particle not in particles:
            return None
    obj: Token | None = None
    direct = _children(trigger, "nsubjpass" if passive else "dobj")
    if passive and not direct and trigger.dep_ == "acl":
        direct = [trigger.head]  # "comments denied by Wallace": the noun is what was denied
    if frame.pos == "verb" and not passive:
        direct += [g for d in _children(trigger, "dative") for g in _children(d, "pobj")]
    if frame.objects is not None:
        candidates = direct + _children(trigger, "attr", "oprd")
        for candidate in candidates:
            if candidate.lemma_.lower() in frame.objects or candidate.lower_ in frame.objects:
                obj = candidate
                break
        if obj is None:
            return None
    comp: Token | None = None
    if frame.comp:
        comp = _complement(trigger, obj, frame.comp)
        if comp is None:
            return None
    targets: list[Token] = []
    if frame.target == "prep" and frame.preps:
        targets = _preps(trigger, frame.preps)
        if obj is not None:
            targets += _preps(obj, frame.preps)
        if not targets:
            return None
    elif frame.target == "dobj":
        if frame.preps and not (_preps(trigger, frame.preps) or (obj is not None and _preps(obj, frame.preps))):
            return None  # the preposition is a required word here ("beat X to death")
        targets = [d for d in direct if obj is None or d.i != obj.i] if frame.pos == "verb" else []
        if not targets and obj is not None:
            targets = [obj]  # "expelled two British diplomats": the object names the target
        if frame.pos == "noun":
            targets = [g for p in _children(trigger, "prep") for g in _children(p, "pobj")]
        if not targets and comp is not None:
            targets = _children(comp, "nsubj")  # "urged Iran to stop", parsed as a clause
    elif frame.preps and not _preps(trigger, frame.preps) and not (obj is not None and _preps(obj, frame.preps)):
        return None  # target "none" with preps: the preps are still required words of the frame
    if frame.target in ("dobj", "none") and not targets and comp is not None:
        # "Russia threatened to attack Ukraine", "refused to deploy peacekeepers in Iraq",
        # "promised to continue military aid to Mozambique": the event is aimed at whom the
        # announced, promised or refused act is aimed at
        targets = _action_targets(comp)
    return targets, obj, comp


def _source_tokens(verb: Token) -> list[Token]:
    """Subject, passive agent, controller or relative-clause head of a verb."""
    token = verb
    for _ in range(4):
        if _is_passive(token):
            for agent in _children(token, "agent"):
                return _children(agent, "pobj")
            if token.i != verb.i:
                return []
        else:
            subjects = _children(token, "nsubj", "csubj")
            if subjects:
                return subjects
        if token.dep_ == "xcomp" and token.head.i != token.i:
            # object control: in "called on Putin to withdraw", "urged Iran to stop", the
            # one who is to act is the object, not the subject
            head = token.head
            objects = _children(head, "dobj") + [
                g for p in _children(head, "prep") if p.lower_ in ("on", "upon")
                for g in _children(p, "pobj")
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


def _noun_sources(noun: Token) -> list[Token]:
    """Possessive, demonym/country modifier, compound or "by X" of an event noun; "between X
    and Y" gives X (Y becomes the target through the frame). An event noun that is the object
    of a verb the lexicon does not know ("began a hunger strike", "staged demonstrations",
    "launched a mediation effort") takes that verb's subject."""
    found = _own_noun_sources(noun)
    if not found and noun.dep_ in ("dobj", "attr", "nsubjpass"):
        found = _source_tokens(noun.head)
    elif not found and noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
        found = _source_tokens(noun.head.head)  # "went on hunger strike"
    return found


def _own_noun_sources(noun: Token) -> list[Token]:
    found = _children(noun, "poss")
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
            # "Russian-British meetings": the first adjective hangs on the second
            found += [t for t in child.subtree if t.dep_ in ("amod", "compound", "nmod")]
            found.append(child)
    for prep in _children(noun, "prep"):
        if prep.lower_ == "by":
            found += _children(prep, "pobj")
    return found


def _expand(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("London and Paris")."""
    tokens = [token]
    for conj in token.conjuncts:
        if conj not in tokens:
            tokens.append(conj)
    return tokens


def _args(heads: list[Token], mentions: list[MentionSpan], actor_of: list[int]) -> list[Arg]:
    args: list[Arg] = []
    seen: set[int] = set()
    for head in heads:
        for token in _expand(head):
            index: int | None = actor_of[token.i]
            via = "head"
            if index is None or not _has_actor(mentions, index):
                index, via = _inner_mention(token, mentions, actor_of), "phrase"
            if index is not None and index >= 0 and index not in seen:
                seen.add(index)
                args.append(Arg(token, index, via))
    return args


def _has_actor(mentions: list[MentionSpan], index: int) -> bool:
    """An actor to code with: a code, or at least a person with a known role ("President
    Suharto", country unknown to the gazetteer)."""
    actor = mentions[index].actor if index >= 0 else None
    return actor is not None and (bool(actor.code) or (actor.kind == "person" and actor.sector is not None))


def _inner_mention(token: Token, mentions: list[MentionSpan], actor_of: list[int]) -> int | None:
    """The mention nearest the head inside a phrase ("the leaders of Russia" → Russia)."""
    best, best_depth = None, 99
    for t in token.subtree:
        index = actor_of[t.i]
        if not _has_actor(mentions, index):
            continue
        depth, node = 0, t
        while node.i != token.i and depth < 99:
            node, depth = node.head, depth + 1
            if node.dep_ in ("relcl", "ccomp", "advcl", "acl"):
                depth += 10  # a mention inside a clause is not what the phrase is
        if depth < best_depth:
            best, best_depth = index, depth
    return best if best_depth < 10 else None


def _same_actor(mentions: list[MentionSpan], s: Arg, t: Arg) -> bool:
    if s.mention is None or t.mention is None:
        return False
    a, b = mentions[s.mention], mentions[t.mention]
    if a.actor is None or b.actor is None:
        return False
    return (bool(a.actor.code) and a.actor.code == b.actor.code) or a.cluster == b.cluster


def _one_sided_ok(frame: Frame, source: Arg | None) -> bool:
    """A one-sided event needs its source (who acted) and must be more than talk: statements
    and appeals without an addressee are not events; "Russia mobilised", "Yemen refused to
    cooperate", "protesters blocked roads" are, as in PLOVER."""
    if frame.code in _NEEDS_BOTH or (frame.code[:2] in _NEEDS_BOTH and frame.target != "none"):
        return False
    return source is not None


def _confidence(frame: Frame, s: Arg | None, t: Arg | None) -> float:
    score = 0.9 if frame.pos == "verb" else 0.75
    if frame.specificity > 1:
        score += 0.05
    for arg in (s, t):
        if arg is None:
            score -= 0.15
        elif arg.via == "phrase":
            score -= 0.1
    return round(max(0.1, min(score, 1.0)), 2)


def _direct_quote_tokens(doc: Doc) -> set[int]:
    inside: set[int] = set()
    for quote in doc._.quotes or []:
        if quote.kind != "direct":
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


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


def actor_of_arg(mentions: list[MentionSpan], arg: Arg | None) -> ActorRef | None:
    if arg is None or arg.mention is None:
        return None
    return mentions[arg.mention].actor


@Language.factory("detente_events", requires=["doc._.actors"], assigns=["doc._.events"])
def make_event_stage(nlp: Language, name: str) -> EventCoder:
    return EventCoder()
