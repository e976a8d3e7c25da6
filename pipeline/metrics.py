"""Scoring a classifier's predictions: the one table every trained component reports."""
from __future__ import annotations

from collections.abc import Sequence

from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score


def classification_table(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 (over the labels that occur in y_true or y_pred), per-class P/R/F1, confusion matrix.

    ``confusion`` rows are true labels and columns predictions, both in ``labels`` order.
    """
    y_true, y_pred = [str(y) for y in y_true], [str(y) for y in y_pred]
    if len(y_true) != len(y_pred):
        raise ValueError(f"lengths differ: y_true {len(y_true)}, y_pred {len(y_pred)}")
    seen = set(y_true) | set(y_pred)
    present = [label for label in labels if label in seen] + sorted(seen - set(labels))
    report = classification_report(y_true, y_pred, labels=present, output_dict=True, zero_division=0)
    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)) if y_true else 0.0,
        "macro_f1": float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)) if y_true else 0.0,
        "per_class": {
            label: {k: float(report[label][k]) for k in ("precision", "recall", "f1-score", "support")}
            for label in present
        },
        "labels": list(labels),
        "confusion": confusion_matrix(y_true, y_pred, labels=list(labels)).tolist() if y_true else [[0] * len(labels)] * len(labels),
    }
