"""Scoring cited sources against a hand-annotated sitting (tests/fixtures/childpov_0N_citations.json).

Precision and recall are over (speech, source) pairs, a source counted once per speech, names
compared by `source_key` (case, apostrophes, "the" and titles ignored).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..record import DebateRecord
from .gazetteer import source_key


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


def score_citations(record: DebateRecord, gold: dict) -> CitationScores:
    expected: dict[tuple[str, str], str] = {}
    for c in gold["citations"]:
        expected.setdefault((c["speech_id"], source_key(c["source"])), c["evidence_type"])
    predicted: dict[tuple[str, str], str] = {}
    for speech in record.speeches:
        for e in speech.evidence:
            predicted.setdefault((speech.source_id or speech.id, source_key(e.source)), e.evidence_type)
    hits = set(expected) & set(predicted)
    agreement = sum(expected[k] == predicted[k] for k in hits) / len(hits) if hits else None
    return CitationScores(len(hits), len(predicted), len(expected), agreement)
