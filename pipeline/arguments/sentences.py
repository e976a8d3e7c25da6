"""Sentence boundaries for Hansard, on top of spaCy's rule-based `sentencizer` (>200k words/s).

Hansard writes "hon. Friend", "No. 4" and, until 2010, "10 per cent. of children": a bare
punctuation sentencizer ends a sentence at each. Paragraph breaks always start a sentence.
"""
from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from ..abbreviations import ABBREVIATIONS


def add_abbreviations(nlp: Language) -> None:
    """Keep each abbreviation one token, so it never ends a sentence."""
    for text in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(text, [{ORTH: text}])


@Language.component("parlmine_sentences", requires=["token.is_sent_start"], assigns=["token.is_sent_start"])
def hansard_sentences(doc: Doc) -> Doc:
    """Undo a boundary after "per cent." when the next word is lower case; start one at each paragraph."""
    for i in range(1, len(doc)):
        token, previous = doc[i], doc[i - 1]
        if previous.is_space:
            if "\n" in previous.text:
                token.is_sent_start = True
        elif token.is_sent_start and previous.text == "." and token.text[:1].islower():
            token.is_sent_start = False
    return doc
