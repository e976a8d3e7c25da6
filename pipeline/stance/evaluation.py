"""Scoring predictions on a split: accuracy, macro-F1 with a bootstrap over motions, per-class P/R/F1,
the confusion matrix, accuracy on speeches that break with the speaker's vote, agreement with votes."""
from __future__ import annotations

from functools import partial

from sklearn.metrics import accuracy_score, f1_score

from .baselines import classification_table
from .corpora import bootstrap_ci
from .pairs import StancePair


def evaluate_predictions(pairs: list[StancePair], predicted: list[str], seed: int = 0, n_bootstrap: int = 1000) -> dict:
    gold = [p.label for p in pairs]
    # The bootstrap resamples motions: a motion or amendment within its debate or sitting.
    groups = [f"{p.group or i}|{p.target}" for i, p in enumerate(pairs)]
    table = classification_table(gold, predicted)
    macro_f1 = partial(f1_score, average="macro", zero_division=0)
    out = {
        "n": len(pairs),
        "groups": len(set(groups)),
        "accuracy": round(accuracy_score(gold, predicted), 4),
        "macro_f1": round(macro_f1(gold, predicted), 4),
        "macro_f1_ci": [round(x, 4) for x in bootstrap_ci(gold, predicted, groups, macro_f1, n=n_bootstrap, seed=seed)],
        "accuracy_ci": [round(x, 4) for x in bootstrap_ci(gold, predicted, groups, accuracy_score, n=n_bootstrap, seed=seed)],
        "per_class": table["per_class"],
        "confusion_matrix": table["confusion"],
    }
    rebels = [i for i, p in enumerate(pairs) if p.rebel]
    if rebels:
        out["rebels"] = len(rebels)
        out["rebel_accuracy"] = round(sum(predicted[i] == gold[i] for i in rebels) / len(rebels), 4)
    voted = [i for i, p in enumerate(pairs) if p.vote_label]
    if voted:
        out["voted"] = len(voted)
        out["vote_agreement"] = round(sum(predicted[i] == pairs[i].vote_label for i in voted) / len(voted), 4)
    return out
