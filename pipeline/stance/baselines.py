"""Baselines for stance toward a motion, as scikit-learn estimators.

Each takes a DataFrame with the `StancePair.flat()` columns (see `corpora.to_frame`) and predicts
label strings. They set the bar a transformer must clear:

- ``majority``: the most frequent training label.
- ``metadata``: who is speaking and who moved the motion (speaker party × sponsor party ×
  Government/Opposition motion, and whether speaker and sponsor share a party). Most members vote
  with their party, so this predicts the vote well, and is wrong on exactly the speeches that break
  with the party line (HanDeSeT's "rebels").
- ``tfidf``: word uni- and bigrams of the target and the speech.
- ``tfidf+metadata``: both feature sets in one linear model.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

from ..metrics import classification_table as _table
from ..parties import canonical_party
from .encoding import role_category
from .pairs import LABELS

SEED = 0

#: Categorical features the metadata models one-hot encode.
METADATA_COLUMNS: tuple[str, ...] = (
    "m_speaker", "m_sponsor", "m_side", "m_role",
    "m_speaker|sponsor", "m_speaker|side", "m_sponsor|side", "m_speaker|sponsor|side",
    "m_same_party",
)
TEXT_COLUMN = "m_pair_text"


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].fillna("").astype(str)
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def pair_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The model inputs derived from the flat columns: target + speech text and metadata categories."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame with the StancePair.flat() columns, got {type(frame).__name__}")
    speaker = _column(frame, "speaker_party").map(lambda p: canonical_party(p) or "unknown")
    sponsor = _column(frame, "sponsor_party").map(lambda p: canonical_party(p) or "unknown")
    side = _column(frame, "sponsor_government").map(lambda s: s or "unknown")
    role = _column(frame, "speaker_role").map(lambda r: role_category(r or None))
    same = pd.Series(
        ["unknown" if "unknown" in (a, b) else ("same" if a == b else "different") for a, b in zip(speaker, sponsor)],
        index=frame.index,
    )
    return pd.DataFrame({
        TEXT_COLUMN: _column(frame, "target") + "\n\n" + _column(frame, "text"),
        "m_speaker": speaker,
        "m_sponsor": sponsor,
        "m_side": side,
        "m_role": role,
        "m_speaker|sponsor": speaker + "|" + sponsor,
        "m_speaker|side": speaker + "|" + side,
        "m_sponsor|side": sponsor + "|" + side,
        "m_speaker|sponsor|side": speaker + "|" + sponsor + "|" + side,
        "m_same_party": same,
    }, index=frame.index)


def _tfidf() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, lowercase=True, strip_accents="unicode")


def _onehot() -> OneHotEncoder:
    return OneHotEncoder(handle_unknown="ignore")


def _model(columns: list[tuple[str, object, object]], class_weight: str | None) -> Pipeline:
    return Pipeline([
        ("features", FunctionTransformer(pair_features)),
        ("columns", ColumnTransformer(columns, remainder="drop")),
        ("classifier", LogisticRegression(C=1.0, class_weight=class_weight, max_iter=2000, random_state=SEED)),
    ])


def majority_baseline() -> DummyClassifier:
    return DummyClassifier(strategy="most_frequent", random_state=SEED)


def metadata_baseline() -> Pipeline:
    return _model([("metadata", _onehot(), list(METADATA_COLUMNS))], class_weight=None)


def text_baseline() -> Pipeline:
    return _model([("tfidf", _tfidf(), TEXT_COLUMN)], class_weight="balanced")


def text_metadata_baseline() -> Pipeline:
    return _model(
        [("tfidf", _tfidf(), TEXT_COLUMN), ("metadata", _onehot(), list(METADATA_COLUMNS))],
        class_weight="balanced",
    )


BASELINES: dict[str, Callable[[], BaseEstimator]] = {
    "majority": majority_baseline,
    "metadata": metadata_baseline,
    "tfidf": text_baseline,
    "tfidf+metadata": text_metadata_baseline,
}


def classification_table(y_true: Sequence[str], y_pred: Sequence[str]) -> dict:
    """`parlmine.metrics.classification_table` with the stance labels in order."""
    return _table(y_true, y_pred, LABELS)


def evaluate_baselines(train: pd.DataFrame, test: pd.DataFrame, names: Sequence[str] | None = None) -> dict[str, dict]:
    """Fit each named baseline on ``train`` and return its `classification_table` on ``test``."""
    tables = {}
    for name in names or BASELINES:
        model = BASELINES[name]().fit(train, train["label"])
        tables[name] = classification_table(test["label"], model.predict(test))
    return tables
