"""Scoring cited sources against a hand-annotated debate (tests/fixtures/*_citations.json).

Precision and recall are over (speech, source) pairs, a source counted once per speech, names
compared by `source_key` (case, apostrophes, "the" and titles ignored) after the gazetteer's aliases
map both sides to one name (a 2009 "Foreign and Commonwealth Office" in the gold is the gazetteer's
"Foreign, Commonwealth and Development Office" that parlmine writes; a "Sudanese Government" the
"Government of Sudan"; a department quoted is "HM Government", as the gazetteer's ``cited_as`` says). A gold file that covers only some debates of its transcript lists their
speeches in ``speech_ids``; only those are scored.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..record import DebateRecord
from .citations import COUNTRY_OF_ADJECTIVE
from .gazetteer import load_sources, source_key
from ..resources import gazetteer_path


@dataclass
class CitationScores:
    true_positives: int
    predicted: int
    gold: int
    type_agreement: float | None

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "true_positives": self.true_positives,
                "predicted": self.predicted, "gold": self.gold,
                "type_agreement": None if self.type_agreement is None else round(self.type_agreement, 4)}


def load_gold(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source_identity(sources=None) -> Callable[[str], str]:
    """A name → the comparison key of the source it names: `source_key`, with every gazetteer alias and
    former name mapped to its entry's name."""
    canonical = {source_key(text): source_key(s.cited_name) for s in load_sources(sources or [gazetteer_path()])
                 for text in s.names}

    def identity(name: str) -> str:
        # "the Sudanese Government" is the Government of Sudan, as parlmine writes it
        government = re.fullmatch(r"(?:the\s+)?(.+?)\s+Government", name.strip(), flags=re.I)
        if government and government.group(1) in COUNTRY_OF_ADJECTIVE:
            name = f"Government of {COUNTRY_OF_ADJECTIVE[government.group(1)]}"
        return canonical.get(source_key(name), source_key(name))
    return identity


def gold_pairs(gold: dict, key: Callable[[str], str]) -> dict[tuple[str, str], str]:
    """(speech id, source key) → evidence type of every citation an annotation lists."""
    pairs: dict[tuple[str, str], str] = {}
    for c in gold["citations"]:
        pairs.setdefault((c["speech_id"], key(c["source"])), c["evidence_type"])
    return pairs


def predicted_pairs(record: DebateRecord, gold: dict, key: Callable[[str], str]) -> dict[tuple[str, str], str]:
    """The same for parlmine's citations in the speeches the annotation covers."""
    covered = set(gold.get("speech_ids") or ())
    pairs: dict[tuple[str, str], str] = {}
    for speech in record.speeches:
        if covered and (speech.source_id or speech.id) not in covered:
            continue
        for e in speech.evidence:
            pairs.setdefault((speech.source_id or speech.id, key(e.source)), e.evidence_type)
    return pairs


def score_citations(record: DebateRecord, gold: dict, key: Callable[[str], str] | None = None) -> CitationScores:
    key = key or source_identity()
    expected, predicted = gold_pairs(gold, key), predicted_pairs(record, gold, key)
    hits = set(expected) & set(predicted)
    agreement = sum(expected[k] == predicted[k] for k in hits) / len(hits) if hits else None
    return CitationScores(len(hits), len(predicted), len(expected), agreement)


def agreement(reference: set, other: set) -> dict[str, float]:
    """Precision, recall and F1 of ``other`` against ``reference`` (sets of (speech, source) pairs)."""
    hits = len(reference & other)
    precision = hits / len(other) if other else 1.0
    recall = hits / len(reference) if reference else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def two_annotator_scores(record: DebateRecord, first: dict, second: dict, key: Callable[[str], str] | None = None) -> dict:
    """parlmine and two independent annotations of one debate: how far the annotators agree with each other
    (the ceiling a score against one of them can be read against), parlmine against each, its recall on the
    citations both list and its precision against those either lists."""
    key = key or source_identity()
    a, b = set(gold_pairs(first, key)), set(gold_pairs(second, key))
    ours = set(predicted_pairs(record, first, key))
    return {"annotators": agreement(a, b), "parlmine_vs_first": agreement(a, ours), "parlmine_vs_second": agreement(b, ours),
            "both": len(a & b), "either": len(a | b),
            "recall_on_both": round(len(ours & a & b) / len(a & b), 4) if a & b else 1.0,
            "precision_on_either": round(len(ours & (a | b)) / len(ours), 4) if ours else 1.0}


def mentions_cited(record: DebateRecord, gold: dict, key: Callable[[str], str] | None = None) -> tuple[int, int]:
    """(named mentions the gold says cite nothing but parlmine cites, all such mentions)."""
    key = key or source_identity()
    predicted = {(s.source_id or s.id, key(e.source)) for s in record.speeches for e in s.evidence}
    mentions = {(m["speech_id"], key(m["name"])) for m in gold["mentions_not_citations"]}
    return len(predicted & mentions), len(mentions)
