"""Actors: gazetteer, mention finding, roles → sectors, coreference (:mod:`.component`)."""
