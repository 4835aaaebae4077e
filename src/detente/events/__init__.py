"""Event coding: the CAMEO ontology, the verb/noun lexicon, the dependency coder, modality."""
