"""The `arguments` pipeline: sentences, the source gazetteer, claims and evidence, as one spaCy `Language`.

No tagger or parser runs: the sentencizer splits sentences (>200k words/s), the gazetteer is a
phrase matcher, and NER runs inside `parlmine_evidence` only on sentences with an attribution cue.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers parlmine_claims and parlmine_evidence)
from ..resources import gazetteer_path
from .gazetteer import Source, load_sources, ruler_patterns
from .sentences import add_abbreviations


def arguments_nlp(
    sources: Sequence[str | Path] | Sequence[Source] | None = None,
    claims_model: str | Path | None = None,
    evidence_model: str | Path | None = None,
    ner: bool = True,
) -> Language:
    """sentencizer → parlmine_sentences → parlmine_sources (entity_ruler) → parlmine_claims → parlmine_evidence.

    ``sources``: gazetteer files, or entries already read with `load_sources` (default: the shipped gazetteer)."""
    sources = sources or [gazetteer_path()]
    nlp = spacy.blank("en")
    add_abbreviations(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("parlmine_sentences")
    ruler = nlp.add_pipe("entity_ruler", name="parlmine_sources",
                         config={"phrase_matcher_attr": "NORM", "overwrite_ents": True})
    entries = list(sources) if sources and isinstance(sources[0], Source) else load_sources(sources)
    ruler.add_patterns(ruler_patterns(entries))
    nlp.add_pipe("parlmine_claims", config={"model": str(claims_model) if claims_model else None})
    nlp.add_pipe("parlmine_evidence", config={"model": str(evidence_model) if evidence_model else None, "ner": ner})
    return nlp
