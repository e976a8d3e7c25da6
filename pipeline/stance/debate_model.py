"""Speech-level stance from debate structure: a rule baseline and a logistic regression.

Both are scikit-learn estimators over :class:`~parlmine.stance.structure.PairContext` lists
(``fit`` returns self; ``predict_proba`` columns follow LABELS). The regression is the structural
half of the shipped stance model and is stored as JSON beside the transformer, not pickled.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from .pairs import LABELS
from .structure import PairContext


class StructureRules(ClassifierMixin, BaseEstimator):
    """The guidelines as rules, in order: the Chair is neutral; a speech naming only other targets of
    the group is neutral toward this one; a stance cue about this target (or "the amendment") decides;
    the mover supports; a Minister opposes what is not the Government's and supports what is; a
    backbencher of the mover's party supports; else neutral. Nothing is learned."""

    def fit(self, contexts: list[PairContext], labels: list[str] | None = None) -> "StructureRules":
        self.classes_ = np.array(LABELS)
        return self

    @staticmethod
    def rule(c: PairContext) -> str:
        if c.speaker_side == "chair":
            return "neutral"
        if c.named == "other" and c.mover != "this":
            return "neutral"
        cues = c.cues_this or c.cues_generic
        if c.mover == "this":
            return "neutral" if "withdraw" in cues and "support" not in cues else "support"
        for stance in ("oppose", "support", "neutral"):
            if stance in cues:
                return stance
        if c.speaker_side == "government_front":
            return "support" if c.owner == "government" else "oppose"
        if c.same_party == "same" or c.mover == "group":
            return "support"
        return "neutral"

    def predict(self, contexts: list[PairContext]) -> list[str]:
        return [self.rule(c) for c in contexts]

    def predict_proba(self, contexts: list[PairContext]) -> np.ndarray:
        out = np.full((len(contexts), len(LABELS)), 0.05)
        for i, label in enumerate(self.predict(contexts)):
            out[i, LABELS.index(label)] = 0.9
        return out


class StructureModel(ClassifierMixin, BaseEstimator):
    """Logistic regression on the structure and cue features of `PairContext.features`."""

    def __init__(self, C: float = 0.03, class_weight: str | None = None, random_state: int = 0):
        self.C = C
        self.class_weight = class_weight
        self.random_state = random_state

    def fit(self, contexts: list[PairContext], labels: list[str]) -> "StructureModel":
        self.vectorizer_ = DictVectorizer()
        x = self.vectorizer_.fit_transform([c.features() for c in contexts])
        self.model_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=5000,
                                         random_state=self.random_state).fit(x, labels)
        self.classes_ = np.array(LABELS)
        return self

    def predict_proba(self, contexts: list[PairContext]) -> np.ndarray:
        if not contexts:
            return np.zeros((0, len(LABELS)))
        proba = self.model_.predict_proba(self.vectorizer_.transform([c.features() for c in contexts]))
        out = np.full((len(contexts), len(LABELS)), 1e-6)
        for j, label in enumerate(self.model_.classes_):
            out[:, LABELS.index(label)] = proba[:, j]
        return out / out.sum(axis=1, keepdims=True)

    def predict(self, contexts: list[PairContext]) -> list[str]:
        return [LABELS[i] for i in self.predict_proba(contexts).argmax(axis=1)]

    def to_json(self) -> dict:
        return {"features": self.vectorizer_.get_feature_names_out().tolist(), "classes": self.model_.classes_.tolist(),
                "coef": self.model_.coef_.tolist(), "intercept": self.model_.intercept_.tolist(), "C": self.C,
                "class_weight": self.class_weight}

    @classmethod
    def from_json(cls, data: dict) -> "StructureModel":
        model = cls(C=data["C"], class_weight=data.get("class_weight"))
        model.vectorizer_ = DictVectorizer()
        model.vectorizer_.feature_names_ = list(data["features"])
        model.vectorizer_.vocabulary_ = {name: i for i, name in enumerate(data["features"])}
        lr = LogisticRegression(C=data["C"])
        lr.classes_, lr.coef_, lr.intercept_ = np.array(data["classes"]), np.array(data["coef"]), np.array(data["intercept"])
        model.model_ = lr
        model.classes_ = np.array(LABELS)
        return model
