"""The metadata model: logistic regression on who speaks and who moved the target.

Party and government/opposition decide most votes; this model captures that, and the stance
classifier combines it with the transformer's reading of the text (a log-linear mix whose weight is
chosen on a development split). It is stored as JSON beside the transformer weights, not pickled.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from ..output import write_text_atomic
from .pairs import LABELS, StancePair

METADATA_FILE = "metadata_head.json"


def metadata_features(pairs: list[StancePair]) -> list[dict[str, float]]:
    """One-hot features, the same as the metadata baseline's: speaker party × sponsor party ×
    government/opposition, their crosses, the speaker's role and whether the parties match."""
    from .baselines import METADATA_COLUMNS, pair_features
    from .corpora import to_frame

    frame = pair_features(to_frame(pairs))[list(METADATA_COLUMNS)]
    return [{f"{column}={value}": 1.0 for column, value in zip(METADATA_COLUMNS, row)}
            for row in frame.itertuples(index=False)]


class MetadataModel(ClassifierMixin, BaseEstimator):
    """scikit-learn estimator over StancePairs; ``predict_proba`` columns follow LABELS."""

    def __init__(self, C: float = 1.0, random_state: int = 0):
        self.C = C
        self.random_state = random_state

    def fit(self, pairs: list[StancePair], labels: list[str] | None = None) -> "MetadataModel":
        labels = labels if labels is not None else [p.label for p in pairs]
        self.vectorizer_ = DictVectorizer()
        x = self.vectorizer_.fit_transform(metadata_features(pairs))
        self.model_ = LogisticRegression(C=self.C, max_iter=2000, random_state=self.random_state).fit(x, labels)
        self.classes_ = np.array(LABELS)
        return self

    def predict_proba(self, pairs: list[StancePair]) -> np.ndarray:
        x = self.vectorizer_.transform(metadata_features(pairs))
        proba = self.model_.predict_proba(x)
        out = np.full((len(pairs), len(LABELS)), 1e-6)
        for j, label in enumerate(self.model_.classes_):
            out[:, LABELS.index(label)] = proba[:, j]
        return out / out.sum(axis=1, keepdims=True)

    def predict(self, pairs: list[StancePair]) -> list[str]:
        return [LABELS[i] for i in self.predict_proba(pairs).argmax(axis=1)]

    # -- JSON persistence -------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "features": self.vectorizer_.get_feature_names_out().tolist(),
            "classes": self.model_.classes_.tolist(),
            "coef": self.model_.coef_.tolist(),
            "intercept": self.model_.intercept_.tolist(),
            "C": self.C,
        }

    @classmethod
    def from_json(cls, data: dict) -> "MetadataModel":
        model = cls(C=data["C"])
        model.vectorizer_ = DictVectorizer()
        model.vectorizer_.feature_names_ = list(data["features"])
        model.vectorizer_.vocabulary_ = {name: i for i, name in enumerate(data["features"])}
        lr = LogisticRegression(C=data["C"])
        lr.classes_ = np.array(data["classes"])
        lr.coef_ = np.array(data["coef"])
        lr.intercept_ = np.array(data["intercept"])
        model.model_ = lr
        model.classes_ = np.array(LABELS)
        return model


def mix(transformer_proba: np.ndarray, metadata_proba: np.ndarray, weight: float) -> np.ndarray:
    """Log-linear mixture: weight on the transformer, 1 - weight on the metadata model."""
    logits = weight * np.log(np.clip(transformer_proba, 1e-9, 1)) + (1 - weight) * np.log(np.clip(metadata_proba, 1e-9, 1))
    logits -= logits.max(axis=1, keepdims=True)
    proba = np.exp(logits)
    return proba / proba.sum(axis=1, keepdims=True)


def save_metadata_head(model_dir: Path, model: MetadataModel, weight: float) -> None:
    data = {"weight": weight, "model": model.to_json()}
    write_text_atomic(Path(model_dir) / METADATA_FILE, json.dumps(data, indent=1) + "\n")


def load_metadata_head(model_dir: Path) -> tuple[MetadataModel, float] | None:
    path = Path(model_dir) / METADATA_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return MetadataModel.from_json(data["model"]), float(data["weight"])
