"""The actor stage as a spaCy component: ``doc._.actors`` holds resolved mentions.

Usable on its own: ``nlp.add_pipe("detente_actors")`` after a parser and NER. The article
date (``doc.user_data["detente_year"]``) picks the office a known person held that year.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.coref import finish_counterparts, place_by_sentence, resolve
from detente.actors.gazetteer import Gazetteer, default_gazetteer
from detente.actors.mentions import MentionFinder, MentionSpan

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)
if not Doc.has_extension("actor_of_token"):
    Doc.set_extension("actor_of_token", default=None)


class ActorStage:
    """Find, resolve and cluster actor mentions of one (article) Doc."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None):
        self.finder = MentionFinder(nlp, gazetteer or default_gazetteer())

    def __call__(self, doc: Doc) -> Doc:
        year = doc.user_data.get("detente_year")
        mentions = self.finder(doc, year)
        mentions = resolve(doc, mentions)
        finish_counterparts(doc, mentions)
        place_by_sentence(doc, mentions)
        doc._.actors = mentions
        doc._.actor_of_token = token_index(len(doc), mentions)
        return doc


def token_index(size: int, mentions: list[MentionSpan]) -> list[int]:
    """For each token, the index of the innermost mention covering it (-1 for none)."""
    index = [-1] * size
    for number, mention in enumerate(mentions):
        for i in range(mention.start, mention.end):
            if index[i] == -1 or mentions[index[i]].end - mentions[index[i]].start > mention.end - mention.start:
                index[i] = number
    return index


@Language.factory("detente_actors", requires=["doc.ents", "token.dep"], assigns=["doc._.actors"])
def make_actor_stage(nlp: Language, name: str) -> ActorStage:
    return ActorStage(nlp)
