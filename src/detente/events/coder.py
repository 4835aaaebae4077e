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
  action is coded too, with a modality that says it did not (yet) happen. An unspecified
  appeal, demand or intent (020, 100, 030) takes the sub-code CAMEO gives for the kind of
  action asked for or promised: CAMEO numbers these families in parallel (appeal 02x,
  intent 03x, demand 10x: x1 material cooperation (06), x2 diplomatic cooperation (05),
  x3 aid (07), x5 yielding (08), x6 meeting (04)), so "called on Putin to withdraw" is an
  appeal for military de-escalation (0256), "demanded talks" a demand for negotiation (106).

Which tokens fill those slots is read from the parse by :mod:`.slots`; this module turns
them into actors, pairs them and chooses among the events of a sentence.

An argument is an actor when a resolved mention covers its head, else the nearest mention
in its phrase that is not the source's own actor ("the leaders of Russia"; "Russia welcomed
its talks with Ukraine" → Ukraine). When the frame's slot names no actor, the coder looks
further: prepositions that aim the act at someone, the place of an act of force, the act a
trigger announces, the condition of a threat (see :mod:`.slots`). Events without any actor
are dropped. Events with one side are kept when the frame needs no target by nature ("Iran
mobilised its reserves", ``target: none``) and is more than talk; a frame that found no
actor in its target slot is kept one-sided only when nothing in its sentence was coded
with both sides. They are flagged ``one_sided``. Parties named together in a cooperative
act ("France, Germany and Italy signed an agreement") act on each other, both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import MentionSpan
from detente.events.lexicon import Frame, Lexicon, default_lexicon
from detente.events.modality import DEMAND_NOUNS, Modality, modality_of
from detente.events.ontology import cameo_codes
from detente.events.slots import (
    aside_author,
    bind,
    children,
    condition_subjects,
    directed_at,
    final_report,
    is_passive,
    noun_sources,
    parse_path,
    purpose_targets,
    source_tokens,
)
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
        parts.extend(self.notes)
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
            found: list[EventHit] = []
            for token in sentence:
                frames = self._frames(token)
                if not frames or _long_before(token):
                    continue
                found.extend(self._code(doc, token, frames, sentence, mentions, actor_of, in_quote, used_nouns))
            found.extend(_obligations(doc, sentence, mentions, actor_of, found))
            complaints = _complaints(sentence, mentions, actor_of, found)
            if complaints:
                # the complaint names whom the reporting verb's own frame left unsaid
                said = {c.trigger.start for c in complaints}
                found = [h for h in found if not (h.one_sided and h.trigger.start in said)] + complaints
            _shared_targets(found)
            hits.extend(_select(found))
        _forecasts(hits, _embedded_actions(hits))
        _refusals(hits)
        _conditional_threats(hits)
        _warnings(hits, mentions, actor_of)
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
            bound = bind(trigger, frame)
            if bound is None:
                continue
            target_tokens, obj, comp = bound
            if not frame.fits(trigger, obj):
                continue  # "mediation efforts" is not any effort; "went on strike", not "on Monday"
            notes: list[str] = []
            if (frame.code[:2] == "01" and frame.code != STATEMENT_CODE and frame.target == "dobj"
                    and not target_tokens and comp is None):
                # "Shoigu assured that London had sent special forces": a comment made to no
                # one is a statement (010) about whom the clause is about (a plain statement
                # verb without its addressee, "told AFP arson was used", is a misparse)
                about = [s for c in children(trigger, "ccomp") for s in children(c, "nsubj", "nsubjpass")]
                if about:
                    frame, target_tokens = replace(frame, code=STATEMENT_CODE), about
                    notes.append(f"code → {STATEMENT_CODE}: said to no one, a statement about the clause's subject")
            if obj is not None:
                used_nouns.add(obj.i)  # "launch an attack": the noun is part of this frame
            sources = source_tokens(trigger) if frame.pos == "verb" else noun_sources(trigger, actor_of)
            src = _args(sources, mentions, actor_of)
            avoid = _Avoid(mentions, src)
            tgt = _args(target_tokens, mentions, actor_of, avoid)
            if not tgt and frame.pos == "verb":
                # "Shoigu assured that …, comments denied by Wallace": the denial is aimed at
                # whoever made the comments, the reporter the noun stands beside
                tgt = _args(aside_author(trigger), mentions, actor_of, avoid)
            if not tgt and src and (frame.target != "none" or frame.code[:2] not in _NEEDS_BOTH):
                # the frame's own slot names no actor ("granted asylum to five Panamanian
                # officers", "shelled positions in Juba"): whom the act is directed at
                tgt = _nearest(directed_at(trigger, obj, frame), mentions, actor_of, avoid)
            if not tgt and src and frame.pos == "verb" and frame.code[:2] not in _NEEDS_BOTH:
                # the act the trigger announces or serves names whom it is aimed at: "threatened
                # to ban voting in East Jerusalem", "is willing to send material to help defend
                # Saudi Arabia"
                tgt = _nearest(purpose_targets(trigger), mentions, actor_of, avoid)
            if not tgt and src and frame.code[:2] == "13":
                # a conditional threat is aimed at the party whose act is the condition:
                # "Russia threatened to stop negotiations if the United States goes ahead"
                tgt = _nearest(condition_subjects(trigger), mentions, actor_of, avoid)
            if not src and not tgt and frame.pos == "verb" and frame.target == "none" and is_passive(trigger):
                # "guerrillas have been demobilized": without its doer, a passive names whom
                # the act was done to, even when the frame has no slot for a target
                tgt = _args(children(trigger, "nsubjpass"), mentions, actor_of)
            if frame.pos == "noun" and not src and not tgt:
                continue
            if frame.pos == "noun" and not src and len(tgt) > 1:
                src, tgt = tgt[:1], tgt[1:]  # "a meeting between X and Y"
            pairs: list[tuple[Arg | None, Arg | None]] | None = None
            if not tgt and len(src) > 1 and (_reciprocal(frame) or self._mutual_noun(obj)):
                # "Russian-British meetings", "Japan and South Korea signed an agreement":
                # cooperation among the parties named together, each with each other; also
                # an act on what they do together ("X and Y postponed their talks")
                pairs = [(a, b) for a in src for b in src if a.mention != b.mention]
            modality = modality_of(trigger, in_quote=trigger.i in in_quote)
            hits: list[EventHit] = []
            sides: list[Arg | None] = list(src) or [None]
            others: list[Arg | None] = list(tgt) or [None]
            if pairs is None:
                pairs = [(s, t) for s in sides for t in others]
                if frame.code in _MUTUAL_CODES and not modality.reason.startswith("refused"):
                    # a meeting or negotiation is done by both sides to each other: "Bree's
                    # prime minister will meet Eriadori leaders" is also a meeting of theirs
                    # — but a refusal to meet is the refuser's alone
                    pairs += [(t, s) for s, t in pairs if s is not None and t is not None]
            action = doc[comp.left_edge.i : comp.right_edge.i + 1] if comp is not None else None
            for s, t in pairs:
                if s is None and t is None:
                    continue
                if s is not None and t is not None and _same_actor(mentions, s, t):
                    continue
                if (s is None or t is None) and not _one_sided_ok(frame, s, mentions, t, trigger, self.lexicon):
                    continue
                hits.append(
                    EventHit(frame, doc[trigger.i : trigger.i + 1], sentence, s, t, modality,
                             _confidence(frame, s, t), action, list(notes))
                )
            if any(not h.one_sided for h in hits):
                return hits
            # the frame fits the words but found only one side ("withdrew troops from the
            # town", "sued the United States for damages" read as "sue for peace"): a less
            # specific frame that finds both sides is the better reading, else keep this one
            fallback = fallback or hits
        return fallback


    def _mutual_noun(self, obj: Token | None) -> bool:
        """Whether a frame's object names something parties do with each other (a meeting,
        talks): the lexicon codes that noun in a reciprocal root."""
        if obj is None:
            return False
        frames = self.lexicon.nouns.get(obj.lemma_.lower()) or self.lexicon.nouns.get(obj.lower_, [])
        return any(f.code[:2] in _RECIPROCAL_ROOTS for f in frames)


#: Units of a time distance that puts an act in another period than the one reported.
_LONG_UNITS = frozenset({"year", "month", "decade", "century"})


def _long_before(token: Token) -> bool:
    """Inside a clause set months or years apart from the act reported: "restore ties with
    Gondor almost five years after crowds burned down its embassy", "two years after Georgian
    troops attacked South Ossetia". That act belongs to another time; coded, it would be
    counted in the week of the article that recalls it."""
    for clause in (token, *token.ancestors):
        mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in ("after", "before", "since")), None)
        if clause.dep_ == "advcl" and mark is not None:
            # the distance stands before the conjunction: "five years after", not "… last month"
            return any(c.dep_ == "npadvmod" and c.lemma_.lower() in _LONG_UNITS and c.i < mark.i
                       for c in clause.children)
    return False


def _shared_targets(hits: list[EventHit]) -> None:
    """Coordinated acts of one source share the target named once: "established diplomatic
    ties with and opened an embassy in Tehran", "would prohibit all aid to the rebels and
    would deny entry to …"; so does a participle clause of result, "launched rocket fire
    against the camps, killing or wounding 50". A verb whose own slot found no one takes the
    target of the act it is coordinated with or hangs on."""
    for _ in range(2):  # "killing or wounding": the second conjunct takes it from the first
        for hit in hits:
            if hit.target is not None or hit.source is None:
                continue
            verb = hit.trigger[0]
            for other in hits:
                if other.target is None or other.source is None or other.source.mention != hit.source.mention:
                    continue
                near = other.trigger[0]
                coordinated = any(c.i == near.i for c in verb.conjuncts)
                result = verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i == near.i
                if coordinated or result:
                    hit.target = other.target
                    hit.notes.append(f"target shared with '{near.text}'")
                    break


def _select(hits: list[EventHit]) -> list[EventHit]:
    """Drop a sentence's half-found events when it has whole ones: an event whose frame has
    a slot for the target but found no actor there ("granted asylum to five officers" with
    the officers unresolved) is kept only when nothing in the sentence was coded with both
    sides; events that need no target by nature ("Iran mobilised its reserves") stay."""
    if not any(not h.one_sided for h in hits):
        return hits
    return [h for h in hits if not h.one_sided or h.frame.target == "none"]


#: Roots of material acts that are news with their target alone, the doer unsaid: aid,
#: yielding, force posture, reductions of relations, coercion, assault, fighting.
_DONE_TO_ROOTS = ("06", "07", "08", "15", "16", "17", "18", "19", "20")
#: Codes of acts that both sides do to each other, whoever the sentence names first: meet,
#: meet at a third place, negotiate.
_MUTUAL_CODES = ("040", "044", "046")
#: Roots of actions that parties named together do with each other (agree, consult, cooperate).
_RECIPROCAL_ROOTS = ("03", "04", "05", "06")
#: Codes outside those roots that are just as mutual: "France and Germany agreed that …" (019).
_RECIPROCAL_CODES = ("019",)


def _reciprocal(frame: Frame) -> bool:
    return frame.pos == "noun" or frame.code[:2] in _RECIPROCAL_ROOTS or frame.code in _RECIPROCAL_CODES
#: Roots whose complement is something the source itself intends to do (intent, cooperation,
#: aid, yielding); for every other root (appeals, demands, threats) it is only asked for.
_INTENDING_ROOTS = ("03", "05", "06", "07", "08")


#: The code of "X said that Y must do Z": a demand, not specified further (CAMEO 100).
OBLIGATION_CODE = "100"
STATEMENT_CODE = "010"
_OBLIGATION_MODALS = ("must", "should", "ought")


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
        demanded = reporter.pos_ == "NOUN" and reporter.lemma_.lower() in DEMAND_NOUNS
        # "reiterated its demand that Israel ease …", parsed with the clause on the verb
        demanded = demanded or any(o.lemma_.lower() in DEMAND_NOUNS for o in children(reporter, "dobj"))
        modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in _OBLIGATION_MODALS), None)
        # "issued a stern reminder to Iraq that it must cooperate": a noun's that-clause
        # saying what someone must do is a demand, whatever the noun
        noun_clause = verb.dep_ == "acl" and reporter.pos_ == "NOUN" and modal is not None
        if verb.dep_ not in ("ccomp", "acl", "relcl") or (verb.dep_ != "ccomp" and not (demanded or noun_clause)):
            continue
        has_to = any(c.dep_ == "xcomp" for c in verb.children) and verb.lemma_ == "have"
        if modal is None and not has_to and not demanded:
            continue
        if reporter.pos_ == "VERB" and reporter.lemma_.lower() not in cues:
            continue
        if (reporter.i, "10") in coded:
            continue
        speaker_tokens = (source_tokens(reporter) if reporter.pos_ == "VERB"
                          else noun_sources(reporter, actor_of))
        sources = _args(speaker_tokens, mentions, actor_of)
        subjects = children(verb, "nsubj", "nsubjpass")
        # the one who must act is the subject itself, not a place inside it ("disputes in the
        # South China Sea should be resolved" puts no demand on China)
        targets = [a for a in _args(subjects, mentions, actor_of)
                   if a.via == "head" or any(a.token.head.i == t.i for t in subjects)]
        if not sources or not targets:
            continue
        frame = Frame(OBLIGATION_CODE, reporter.lemma_.lower(), "verb", comp="that",
                      origin="construction: X says/demands that Y must …")
        action = doc[verb.left_edge.i : verb.right_edge.i + 1]
        trigger = doc[reporter.i : reporter.i + 1]
        found += _construction_hits(frame, trigger, sentence, sources, targets, mentions, action)
    return found


def _construction_hits(
    frame: Frame, trigger: Span, sentence: Span, sources: list[Arg], targets: list[Arg],
    mentions: list[MentionSpan], action: Span | None = None,
) -> list[EventHit]:
    """One asserted event per source and target of a construction (a demand or complaint
    found from the clause it reports, not from a lexicon frame: a little less sure)."""
    return [EventHit(frame, trigger, sentence, s, t, Modality("asserted"), _confidence(frame, s, t) - 0.1, action)
            for s in sources for t in targets if not _same_actor(mentions, s, t)]


#: Reporting verbs that find fault with what they report: an accusation (112) or a
#: criticism (111) of whoever the reported clause is about.
_COMPLAINTS = {"accuse": "112", "charge": "112", "allege": "112", "complain": "110", "lament": "110",
               "protest": "111", "criticize": "111", "criticise": "111", "deplore": "111",
               "denounce": "111", "condemn": "111"}


def _complaints(
    sentence: Span, mentions: list[MentionSpan], actor_of: list[int], hits: list[EventHit]
) -> list[EventHit]:
    """ "A human rights group protested that Croatian authorities were failing to uphold …",
    or the same with the reporter at the end ("Croatian authorities are failing …, a human
    rights group protested"): a complaint about the reported clause's subject, by the
    reporter, when the reporting verb itself coded nothing."""
    coded = {h.trigger.start for h in hits if not h.one_sided}
    found: list[EventHit] = []
    reports = [(t, source_tokens(t), children(t, "ccomp")[0]) for t in sentence
               if t.pos_ == "VERB" and t.lemma_.lower() in _COMPLAINTS and children(t, "ccomp")]
    final = final_report(sentence)
    if final is not None:
        reports.append((final[0], [final[1]], final[2]))
    for verb, speakers, clause in reports:
        code = _COMPLAINTS.get(verb.lemma_.lower())
        if code is None or verb.i in coded or clause.i == verb.i:
            continue
        sources = _args(speakers, mentions, actor_of)
        # the clause's doer: in "alleged Navalny was poisoned" the passive subject is the victim
        targets = [a for a in _args(children(clause, "nsubj"), mentions, actor_of) if a.via == "head"]
        frame = Frame(code, verb.lemma_.lower(), "verb", comp="that",
                      origin="construction: X complains that Y …")
        found += _construction_hits(frame, sentence.doc[verb.i : verb.i + 1], sentence, sources, targets, mentions)
    return found


#: Appeals (02), intents (03) and demands (10) share CAMEO's second digit for what is asked
#: or promised: the root of the action → that digit.
_ASKED_FOR = {"06": "1", "05": "2", "07": "3", "08": "5", "04": "6"}
#: Third digits inside the families: the action's own sub-code → the appeal's sub-code.
_ASKED_FOR_DETAIL = {
    "061": "1", "062": "2", "063": "3", "064": "4",  # material cooperation
    "071": "1", "072": "2", "073": "3", "074": "4",  # aid
    "081": "1", "082": "2", "084": "3", "085": "4", "086": "5", "087": "6",  # yielding
}
_UNSPECIFIED_ASKS = ("020", "030", "100")


def asked_for_code(code: str, action_code: str) -> str | None:
    """The sub-code of an unspecified appeal/intent/demand ``code`` for an action coded
    ``action_code`` ("020" + "0874" → "0256"), or None when CAMEO has none."""
    if code not in _UNSPECIFIED_ASKS or action_code[:2] not in _ASKED_FOR:
        return None
    family = code[:2] + _ASKED_FOR[action_code[:2]]
    detail = _ASKED_FOR_DETAIL.get(action_code[:3])
    for candidate in ((family + detail) if detail else None, family):
        if candidate and candidate in cameo_codes():
            return candidate
    return None


#: CAMEO codes a conflictual act announced for the future as a threat of that act. Cuts in
#: relations, aid or trade (16) are left as they are: announcing a sanction is how a
#: government imposes it, and PLOVER codes the announcement as the sanction.
_THREAT_OF = {
    "172": "132", "175": "137", "17": "130",
    "18": "1383", "191": "1381", "192": "1382", "19": "1384", "20": "1385",
}
#: Roots whose acts are themselves statements about the future (intent, appeal, demand,
#: threat) or talk: "will say" is not re-coded.
_ALREADY_TALK = ("01", "02", "03", "09", "10", "11", "12", "13", "14", "15")


def forecast_code(code: str) -> str | None:
    """The code of an act announced for the future ("will withdraw", "plans to attack").

    CAMEO codes announced cooperation as an intent to cooperate (03x, parallel to the act's
    family: "will meet" → 036) and announced conflict as a threat of that act (13x: "will
    attack" → 1384). None when the act keeps its own code."""
    if code[:2] in _ALREADY_TALK:
        return None
    if code[:2] in _ASKED_FOR:
        return asked_for_code("030", code)
    for prefix in (code[:3], code[:2]):
        if prefix in _THREAT_OF:
            return _THREAT_OF[prefix]
    return None


_FIRST_PERSON = frozenset({"we", "i"})


def _warnings(hits: list[EventHit], mentions: list[MentionSpan], actor_of: list[int]) -> None:
    """A warning with no one warned whose content is not the warner's own act is a
    pessimistic forecast (CAMEO 012), not a threat: "“Our cooperation will soon turn
    negative,” warned the minister" vs "Tehran warned that it would respond" (130)."""
    for hit in hits:
        if hit.frame.code != "130" or hit.frame.lemma != "warn" or hit.target is not None:
            continue
        trigger = hit.trigger.root
        content = next((c for c in trigger.children if c.dep_ in ("ccomp", "parataxis")), None)
        if content is None:
            continue
        subject = next((c for c in content.children if c.dep_ in _SUBJECTS), None)
        if subject is None or subject.lower_ in _FIRST_PERSON:
            continue
        source = hit.source.mention if hit.source is not None else None
        said_of = actor_of[subject.i] if subject.i < len(actor_of) else -1
        if source is not None and said_of >= 0 and _same_side(mentions[said_of], mentions[source]):
            continue  # the warner's own act (or its own forces'): a threat
        hit.notes.append("code 130 → 012: a warning about what will happen, not a threat of the warner's own act")
        hit.frame = replace(hit.frame, code="012")


#: Sectors that speak and act for one state: its government, forces, police, services.
_STATE_SECTORS = frozenset({"", "GOV", "MIL", "COP", "SPY"})


def _same_side(one: MentionSpan, other: MentionSpan) -> bool:
    """One actor, or one state: the same cluster, the same country and sector ("Cairo's
    security chief" and "the police"), or organs of the same state ("Lavrov warned that
    Russia would respond", "the minister warned that the army would strike")."""
    if one.cluster == other.cluster:
        return True
    a, b = one.actor, other.actor
    if a is None or b is None or not a.country or a.country != b.country:
        return False
    return a.sector == b.sector or {a.sector or "", b.sector or ""} <= _STATE_SECTORS


def _forecasts(hits: list[EventHit], embedded: set[int]) -> None:
    """Acts stated as intended on their own ("Russia will withdraw") take CAMEO's intent or
    threat code; acts promised inside another event ("pledged to send aid") are left, as the
    outer event already is the promise."""
    for number, hit in enumerate(hits):
        if hit.modality.value != "intended" or number in embedded:
            continue
        code = forecast_code(hit.frame.code)
        if code is not None and code in cameo_codes():
            hit.notes.append(f"code {hit.frame.code} → {code}: an act announced, not done")
            hit.frame = replace(hit.frame, code=code)


#: CAMEO's rejections (12x) parallel the cooperation refused: the refused act's code → the
#: rejection's, most specific first ("will not accept refugees": humanitarian aid 073 → 1223).
_REJECTION_OF = {
    "057": "127",
    "061": "1211", "062": "1212", "063": "1213", "064": "1214",
    "071": "1221", "072": "1222", "073": "1223", "074": "1224",
    "081": "1241", "082": "1242", "083": "123", "084": "1243", "085": "1244", "086": "1245", "087": "1246",
    "03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124",
}
_FUTURE_AUX = ("will", "would", "shall")


def rejection_code(code: str) -> str | None:
    """The CAMEO rejection (12x) of refusing the cooperative act coded ``code``, or None when
    the act is no cooperation (roots 03–08)."""
    for prefix in (code[:3], code[:2]):
        if prefix in _REJECTION_OF and _REJECTION_OF[prefix] in cameo_codes():
            return _REJECTION_OF[prefix]
    return None


def _refused(hit: EventHit) -> bool:
    """A cooperative act its source refuses: under a refusal ("refused to meet", "failed to
    reach agreement") or negated in the future ("will not accept refugees"). A plain negated
    past ("did not meet") reports that nothing happened and is no rejection."""
    if hit.modality.value != "negated":
        return False
    if hit.modality.reason.startswith("refused"):
        return True
    trigger = hit.trigger[0]
    negated = any(c.dep_ == "neg" for c in trigger.children)
    future = any(c.dep_ == "aux" and c.lemma_.lower() in _FUTURE_AUX for c in trigger.children)
    return negated and future


def _refusals(hits: list[EventHit]) -> None:
    """Refused cooperation is a rejection by its source, as CAMEO and PLOVER code it: a
    refusal frame whose refused act is coded takes the rejection of that act ("refused to
    allow inspectors" 120 → 1245); a refused act no other event already rejects becomes
    that rejection itself ("Syria will not accept refugees" 073 → 1223)."""
    for hit in hits:
        code = rejection_code(hit.frame.code) if _refused(hit) else None
        if code is None:
            continue
        outer = next((o for o in hits if o.action is not None and o.frame.code[:2] == "12"
                      and o.action.start <= hit.trigger.start < o.action.end), None)
        if outer is not None:
            if outer.frame.code == "120":
                outer.notes.append(f"code 120 → {code}: the act refused is '{hit.trigger.text}' ({hit.frame.code})")
                outer.frame = replace(outer.frame, code=code)
            continue
        hit.notes.append(f"code {hit.frame.code} → {code}: cooperation refused ({hit.modality.reason})")
        hit.frame = replace(hit.frame, code=code)
        hit.modality = Modality("asserted", reason=f"a refusal ({hit.modality.reason})")


#: Reductions of relations a party makes conditional on another's act: the threat of that
#: reduction (CAMEO 131x, 134–136).
_CONDITIONAL_THREAT_OF = {"161": "1313", "162": "1311", "163": "1312", "164": "134", "165": "135",
                          "166": "136", "16": "131"}


def _conditional_threats(hits: list[EventHit]) -> None:
    """A conflictual act its source says it may do if (unless) someone else acts is a threat
    of that act: "the EC may halt mediation if cooperation founders" (165 → 135). An act
    announced outright ("will impose sanctions if …") keeps its code, as in :func:`_forecasts`;
    the act inside the condition ("if Russia invades") is no threat."""
    for hit in hits:
        if hit.modality.value != "hypothetical" or hit.frame.code[:2] not in _CONFLICT_ROOTS:
            continue
        if hit.modality.reason == "condition clause" or _is_condition(hit.trigger[0]):
            continue
        if not condition_subjects(hit.trigger[0]) and not _has_condition(hit.trigger[0]):
            continue
        code = None
        for prefix in (hit.frame.code[:3], hit.frame.code[:2]):
            code = code or _CONDITIONAL_THREAT_OF.get(prefix) or _THREAT_OF.get(prefix)
        if code is not None and code in cameo_codes():
            hit.notes.append(f"code {hit.frame.code} → {code}: an act made conditional on another's")
            hit.frame = replace(hit.frame, code=code)


_CONFLICT_ROOTS = ("16", "17", "18", "19", "20")


def _has_condition(trigger: Token) -> bool:
    """An if/unless clause on the trigger or on the verb whose complement it is ("threatened
    to halt talks if …")."""
    holders = [trigger, *([trigger.head] if trigger.dep_ in ("xcomp", "ccomp") else [])]
    return any(_is_condition(clause) for holder in holders for clause in children(holder, "advcl"))


def _is_condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children)


def _embedded_actions(hits: list[EventHit]) -> set[int]:
    """An action inside another event's complement did not happen (yet): "called on Putin to
    withdraw" makes the withdrawal hypothetical; "agreed to withdraw" makes it intended. The
    first action coded inside an unspecified appeal, intent or demand specifies its code.
    Returns the positions of the embedded actions."""
    embedded: set[int] = set()
    for outer in hits:
        if outer.action is None:
            continue
        value = "intended" if outer.frame.code[:2] in _INTENDING_ROOTS else "hypothetical"
        specified = False
        for number, inner in sorted(enumerate(hits), key=lambda nh: nh[1].trigger.start):
            if inner is outer or inner.modality.value in ("negated", "denied"):
                continue
            if outer.action.start <= inner.trigger.start < outer.action.end:
                embedded.add(number)
                reason = f"the action {'promised' if value == 'intended' else 'asked for'} by '{outer.trigger.text}'"
                inner.modality = Modality(value, reason=reason)
                refined = None if specified else asked_for_code(outer.frame.code, inner.frame.code)
                specified = True
                if refined is not None:
                    outer.notes.append(f"code {outer.frame.code} → {refined}: the action is "
                                       f"'{inner.trigger.text}' ({inner.frame.code})")
                    outer.frame = replace(outer.frame, code=refined)
    return embedded


def _expand(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("London and Paris"). The small parsers
    sometimes hang the first conjunct on the last as a modifier ("Fornost and the evil
    Gondor" as "[Fornost and the evil] Gondor"): a modifier before the head that carries its
    own coordination is a conjunct too."""
    tokens = [token]
    for conj in token.conjuncts:
        if all(conj.i != t.i for t in tokens):
            tokens.append(conj)
    for child in token.lefts:
        # the "and" may hang on the modifier or on its last conjunct ("Arnor, Calenardhon and
        # the evil Gondor")
        if child.dep_ in ("nmod", "compound") and any(
                c.dep_ == "cc" for u in (child, *child.conjuncts) for c in u.children):
            tokens += [t for t in (child, *child.conjuncts) if all(t.i != u.i for u in tokens)]
    for child in token.rights:
        # "Mordor, the Shire, Fornost and Bree" parsed as Mordor with an apposition that
        # carries the rest of the list: an apposition with conjuncts of its own is a list of
        # further parties, not another name for the first
        if child.dep_ == "appos" and child.conjuncts:
            tokens += [t for t in (child, *child.conjuncts) if all(t.i != u.i for u in tokens)]
    return tokens


def _named_apposition(
    token: Token, mentions: list[MentionSpan], actor_of: list[int], index: int | None
) -> Token | None:
    """A person named in apposition to a role noun of the same actor ("the head of British
    diplomacy, Liz Truss"; "Kenzo Oshima, the UN relief coordinator"): the person is the
    better evidence, and the only actor when the head itself resolved to none."""
    for child in token.children:
        if child.dep_ != "appos":
            continue
        other = actor_of[child.i]
        if not _has_actor(mentions, other):
            continue
        if index is None or not _has_actor(mentions, index):
            return child
        mine, theirs = mentions[index], mentions[other]
        same = mine.cluster == theirs.cluster or (mine.actor is not None and theirs.actor is not None
                                                  and mine.actor.code == theirs.actor.code)
        if same and token.pos_ == "NOUN" and child.pos_ == "PROPN":
            return child
    return None


def _nearest(candidates: list[Token], mentions: list[MentionSpan], actor_of: list[int], avoid: _Avoid) -> list[Arg]:
    """The first candidate phrase that names an actor (with its conjuncts), skipping the
    source's own country: when the frame's slot is empty, the act is aimed at one party, and
    a place of one's own country is where it happened ("refused … in Tel Aviv"). Another
    sector of that country is a party, not a place ("students protested to demand reforms by
    Suharto's government")."""
    for candidate in candidates:
        found = [a for a in _args([candidate], mentions, actor_of, avoid) if not avoid.own_place(a)]
        if found:
            return found
    return []


class _Avoid:
    """The actors already on the source side: a target found inside a phrase is not one of
    them ("Russia welcomed its talks with Ukraine": Ukraine, not "its")."""

    def __init__(self, mentions: list[MentionSpan], sources: list[Arg]):
        self.mentions = mentions
        self.codes: set[str] = set()
        self.clusters: set[int] = set()
        self.countries: set[str] = set()
        self.sectors: set[str | None] = set()
        for arg in sources:
            if arg.mention is not None:
                mention = mentions[arg.mention]
                self.clusters.add(mention.cluster)
                if mention.actor is not None and mention.actor.country:
                    self.countries.add(mention.actor.country)
                if mention.actor is not None and mention.actor.code:
                    self.codes.add(mention.actor.code)
                self.sectors.add(mention.actor.sector if mention.actor is not None else None)

    def own_place(self, arg: Arg) -> bool:
        """Of the source's country and no other sector of it: a place, or the source's own kind."""
        actor = self.mentions[arg.mention].actor if arg.mention is not None else None
        return self.same_country(arg) and (actor is None or not actor.sector or actor.sector in self.sectors)

    def same_country(self, arg: Arg) -> bool:
        actor = self.mentions[arg.mention].actor if arg.mention is not None else None
        return actor is not None and actor.country is not None and actor.country in self.countries

    def __call__(self, index: int) -> bool:
        mention = self.mentions[index]
        code = mention.actor.code if mention.actor is not None else None
        return mention.cluster in self.clusters or bool(code and code in self.codes)


def _args(
    heads: list[Token], mentions: list[MentionSpan], actor_of: list[int], avoid: _Avoid | None = None
) -> list[Arg]:
    args: list[Arg] = []
    seen: set[int] = set()
    for head in heads:
        for token in _expand(head):
            index: int | None = actor_of[token.i]
            named = _named_apposition(token, mentions, actor_of, index)
            if named is not None:
                token, index = named, actor_of[named.i]
            found: list[tuple[Token, int | None, str]] = [(token, index, "head")]
            if index is None or not _has_actor(mentions, index):
                inner = _inner_mention(token, mentions, actor_of, avoid)
                # "ties with Mordor, Rohan and Bree": every party coordinated with the one found
                found = [(t, actor_of[t.i], "phrase") for t in ([inner, *inner.conjuncts] if inner else [])]
            elif token.tag_ == "NNS":
                # "the ambassadors of Arnor, Osgiliath and Gondor": a plural role resolved by
                # its first country stands for the officials of each country listed
                found += [(c, actor_of[c.i], "phrase") for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                          for g in p.children if g.dep_ == "pobj" for c in g.conjuncts]
            for at, index, via in found:
                if index is not None and _has_actor(mentions, index) and index not in seen:
                    seen.add(index)
                    args.append(Arg(at, index, via))
    return args


def _has_actor(mentions: list[MentionSpan], index: int) -> bool:
    """An actor to code with: a code, or at least a person with a known role ("President
    Suharto", country unknown to the gazetteer)."""
    actor = mentions[index].actor if index >= 0 else None
    return actor is not None and (bool(actor.code) or (actor.kind == "person" and actor.sector is not None))


def _inner_mention(
    token: Token, mentions: list[MentionSpan], actor_of: list[int], avoid: _Avoid | None = None
) -> Token | None:
    """The mention nearest the head inside a phrase ("the leaders of Russia" → Russia)."""
    best, best_depth = None, 99
    for t in token.subtree:
        index = actor_of[t.i]
        if not _has_actor(mentions, index) or (avoid is not None and avoid(index)):
            continue
        if avoid is not None and t.pos_ == "PRON" and avoid.same_country(Arg(t, index, "phrase")):
            continue  # "Ithilen and Gondor warned their populations": the sources' own people
        depth, node = 0, t
        while node.i != token.i and depth < 99:
            below, node, depth = node, node.head, depth + 1
            # the agent of a participle is its author, as "by" on a noun is ("memos sent by
            # Bree"); a way is named by where it leads ("the roads leading into Mordor")
            named_by = node.dep_ == "acl" and (below.dep_ == "agent" or _leads_to(node, below))
            if node.dep_ in _CLAUSES and not named_by:
                depth += 10  # a mention inside a clause (a gerund's too) is not what the phrase is
            if node.dep_ == "prep" and node.lower_ in _NEARBY:
                depth += 10  # "a blackout on the withdrawal of weapons around Sarajevo": a place nearby
        if depth < best_depth:
            best, best_depth = t, depth
    return best if best_depth < 10 else None


_CLAUSES = ("relcl", "ccomp", "advcl", "acl", "pcomp")
#: Participles that name a way by where it goes: "the roads leading into Mordor".
_LEADING = frozenset({"lead", "go", "run", "head", "link", "connect"})


def _leads_to(participle: Token, prep: Token) -> bool:
    return (prep.dep_ == "prep" and participle.tag_ == "VBG" and participle.lemma_.lower() in _LEADING
            and prep.lower_ in ("to", "into", "toward", "towards"))
#: Prepositions that say where a thing is near, not whose it is.
_NEARBY = ("around", "near", "along", "across", "outside", "beyond", "throughout", "within")


def _same_actor(mentions: list[MentionSpan], s: Arg, t: Arg) -> bool:
    if s.mention is None or t.mention is None:
        return False
    a, b = mentions[s.mention], mentions[t.mention]
    if a.actor is None or b.actor is None:
        return False
    return (bool(a.actor.code) and a.actor.code == b.actor.code) or a.cluster == b.cluster


def _one_sided_ok(
    frame: Frame, source: Arg | None, mentions: list[MentionSpan],
    target: Arg | None = None, trigger: Token | None = None, lexicon: Lexicon | None = None,
) -> bool:
    """A one-sided event needs its source (who acted) and must be more than talk: statements
    and appeals without an addressee are not events; "Russia mobilised", "Yemen refused to
    cooperate", "protesters blocked roads" are, as in PLOVER. A material act told in the
    passive without its doer ("civilians were killed in a bombing", "guerrillas have been
    demobilized") is kept with its target alone: it happened to someone a user can follow."""
    if frame.code in _NEEDS_BOTH or (frame.code[:2] in _NEEDS_BOTH and frame.target != "none"):
        return False
    if frame.code in _MUTUAL_CODES and target is None:
        return False  # "the Cabinet met on Sunday": a body convening is no meeting with anyone
    if frame.code[:2] == "05" and frame.target != "none" and target is None:
        return False  # "the Cabinet decided to approve a plan": approving a thing is no act on anyone
    if source is None:
        return _done_to(frame, mentions, target, trigger, lexicon)
    # the only side must say who acted: a person without a country or organisation code
    # ("Minerva McGonagall left for …") gives an event about no one a user can follow
    actor = actor_of_arg(mentions, source)
    return actor is not None and bool(actor.code)


def _done_to(
    frame: Frame, mentions: list[MentionSpan], target: Arg | None, trigger: Token | None, lexicon: Lexicon | None
) -> bool:
    """A material act whose doer is left unsaid, told of whom it was done to: in the passive
    with no "by" phrase ("guerrillas have been demobilized"), or with an act of force as its
    subject ("a roadside bombing killed one U.S. soldier"). Not a passive whose doer was named
    but is no actor ("surrounded by family"), nor one whose only party is a place ("was
    airlifted to Berlin")."""
    actor = actor_of_arg(mentions, target)
    if trigger is None or target is None or actor is None or not actor.code:
        return False
    if frame.pos != "verb" or frame.code[:2] not in _DONE_TO_ROOTS:
        return False
    if is_passive(trigger):
        slot = children(trigger, "nsubjpass") if not children(trigger, "agent") else []
    else:
        force = [s for s in children(trigger, "nsubj") if lexicon is not None and s.pos_ == "NOUN"
                 and any(f.code[:2] in _FORCE_ROOTS for f in lexicon.nouns.get(s.lemma_.lower(), []))]
        slot = children(trigger, "dobj") if force else []
    return any(target.token.i in {t.i for t in head.subtree} for head in slot)


#: Roots whose event nouns ("bombing", "explosion", "airstrike") can be the subject of the
#: harm they do, in place of a doer.
_FORCE_ROOTS = ("18", "19", "20")


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


def actor_of_arg(mentions: list[MentionSpan], arg: Arg | None) -> ActorRef | None:
    if arg is None or arg.mention is None:
        return None
    return mentions[arg.mention].actor


@Language.factory("detente_events", requires=["doc._.actors"], assigns=["doc._.events"])
def make_event_stage(nlp: Language, name: str) -> EventCoder:
    return EventCoder()
