"""The learned citation detector: is this source candidate, in this sentence, cited?

The attribution rules of `citations.py` decide nothing here on their own: which rule (if any) links a
candidate to a cue is one feature among the candidate's kind and origin, the words around it, the
sentence's quotation marks and figures, and whether the name is one of the debate's speakers. A
logistic regression (scikit-learn) over those features is fitted on the hand-annotated debates
(`annotated.py`); a speech cites a source when one of its mentions scores at or above the threshold.
`parlmine train evidence` fits it (`detector_training.py`) and writes `detector.json` only when it
beats the rules leave one debate out; none ships today.

The model is saved as JSON (feature names, weights, threshold): no pickle, nothing to execute on load.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span

from .citations import Candidate, CitationMatch
from .figures import find_figures

FORMAT = "parlmine-citation-detector/1"
#: Tokens either side of the candidate read as words (the rules read further, through their own features).
LEFT, RIGHT = 4, 6
_NUMBER = re.compile(r"^[\d.,]+%?$")
_QUOTE_MARK = re.compile(r"[“\"]")


@dataclass
class Mention:
    """One source candidate in one sentence, with what the rules made of it."""
    doc_index: int
    sentence: Span
    candidate: Candidate
    match: CitationMatch | None      # the rules' link, if any
    anaphor: bool = False            # a description or pronoun for a source named before ("the review said")
    cued: bool = False               # the sentence has an attribution cue word
    speaker: bool = False            # the name is one of the debate's speakers
    features: dict[str, float] = field(default_factory=dict)


def _word(token) -> str:
    text = token.lower_
    return "<num>" if _NUMBER.match(text) else text


def mention_features(m: Mention) -> dict[str, float]:
    """Sparse features of a mention: the rule that linked it, the candidate, its window, its sentence."""
    sent, cand = m.sentence, m.candidate
    doc = sent.doc
    f: dict[str, float] = {"bias": 1.0, f"kind={cand.kind}": 1.0, f"origin={cand.origin}": 1.0,
                           f"kind,origin={cand.kind},{cand.origin}": 1.0,
                           f"rule={m.match.rule if m.match else 'none'}": 1.0}
    if m.anaphor:
        f["anaphor"] = 1.0
    if m.cued:
        f["cued"] = 1.0
    if m.speaker:
        f["speaker"] = 1.0
    if m.match is not None:
        f[f"kind,rule={cand.kind},{m.match.rule}"] = 1.0
        f["cue_distance"] = min(abs(m.match.cue - cand.start), 20) / 20
    # an anaphor's name is in an earlier sentence: its window is around the cue it was read from
    start, end = (m.match.cue, m.match.cue + 1) if m.anaphor else (cand.start, cand.end)
    left = [t for t in doc[max(sent.start, start - LEFT):start] if not t.is_space]
    right = [t for t in doc[end:min(sent.end, end + RIGHT)] if not t.is_space]
    if left:
        f[f"L1={_word(left[-1])}"] = 1.0
    else:
        f["sentence_start"] = 1.0
    if right:
        f[f"R1={_word(right[0])}"] = 1.0
    if len(right) > 1:
        f[f"R2={_word(right[0])}_{_word(right[1])}"] = 1.0
    for t in left:
        f[f"L={_word(t)}"] = 1.0
    for t in right:
        f[f"R={_word(t)}"] = 1.0
    text = sent.text
    if _QUOTE_MARK.search(text):
        f["quote"] = 1.0
    if ":" in text:
        f["colon"] = 1.0
    if find_figures(text):
        f["figure"] = 1.0
    if text.rstrip().endswith("?"):
        f["question"] = 1.0
    f["name_words"] = min(cand.end - cand.start, 6) / 6
    f["position"] = (start - sent.start) / max(1, len(sent))
    return f


@dataclass
class CitationDetector:
    """Logistic regression over mention features (weights by feature name) and the acceptance threshold."""
    weights: dict[str, float]
    threshold: float = 0.5
    meta: dict = field(default_factory=dict)

    def score(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, features: dict[str, float]) -> bool:
        return self.score(features) >= self.threshold

    @classmethod
    def fit(cls, features: list[dict[str, float]], labels: list[int], C: float = 1.0, seed: int = 13,
            threshold: float = 0.5) -> "CitationDetector":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = DictVectorizer()
        X = vectorizer.fit_transform(features)
        lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=seed).fit(X, labels)
        weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), lr.coef_[0]) if w}
        weights["bias"] = weights.get("bias", 0.0) + float(lr.intercept_[0])
        return cls(weights, threshold)

    def to_disk(self, path: str | Path) -> None:
        from ..output import write_text_atomic

        data = {"format": FORMAT, "threshold": self.threshold, "meta": self.meta,
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())}}
        write_text_atomic(Path(path), json.dumps(data, indent=0, ensure_ascii=False) + "\n")

    @classmethod
    def from_disk(cls, path: str | Path) -> "CitationDetector":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: not a parlmine citation detector (format {data.get('format')!r})")
        return cls(data["weights"], data["threshold"], data.get("meta", {}))
