"""Fitting and judging the citation detector on hand-annotated debates.

A debate becomes rows, one per candidate mention (or, merged, per speech and source): the mention's
features, and whether the rules as they stand cite it. Leave-one-debate-out scores each debate with a
detector that never saw it, its threshold picked by an inner 5-fold over the training debates (pooled
F1), never on the held debate. `parlmine train evidence` and `bench/citation_detector_lodo.py` share it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .annotated import AnnotatedDebate, annotation_files, labelled_mentions, read_annotated
from .detector import CitationDetector
from .evaluation import agreement, gold_pairs, source_identity

#: Thresholds the inner folds choose from.
GRID = tuple(round(t, 2) for t in np.arange(0.2, 0.95, 0.05))
SHIP_POLICIES = ("if_better", "always", "never")


@dataclass
class DetectorConfig:
    """The `detector` section of an evidence training config."""
    #: Folders (relative to the repository) holding *_citations.json annotations; none: no detector is trained.
    annotations: list[str] = field(default_factory=list)
    #: Where the annotated transcripts are, relative to the data config's shared_dir.
    transcripts: str = "data/twfy-parlparse-xml-2009/scrapedxml"
    #: Inverse L2 strength of the logistic regression.
    C: float = 0.3
    #: if_better: write detector.json only when its leave-one-debate-out precision and recall (averaged over
    #: debates) are both at least the rules'; always; never (metrics only).
    ship: str = "if_better"

    def __post_init__(self) -> None:
        if self.ship not in SHIP_POLICIES:
            raise ValueError(f"detector.ship must be one of {SHIP_POLICIES}, not {self.ship!r}")


@dataclass(frozen=True)
class Row:
    speech: str
    source: str           # comparison key of the candidate's source
    features: dict
    ruled: bool           # the rules cite it (a linked candidate that is not one of the debate's speakers)


Rows = dict[str, list[Row]]


def mention_rows(nlp, debates: list[AnnotatedDebate], key: Callable[[str], str] | None = None) -> tuple[Rows, dict[str, set]]:
    """Rows per debate (one per mention) and each debate's gold (speech, source) pairs."""
    key = key or source_identity()
    rows = {d.name: [Row(m.speech_id, m.source, m.mention.features, m.mention.match is not None and not m.mention.speaker)
                     for m in labelled_mentions(nlp, d, key)] for d in debates}
    return rows, {d.name: set(gold_pairs(d.gold, key)) for d in debates}


def by_pair(rows: list[Row]) -> list[Row]:
    """One row per (speech, source): its mentions' features OR-ed (max), and how many there are."""
    merged: dict[tuple[str, str], tuple[dict, list[bool]]] = {}
    for r in rows:
        features, ruled = merged.setdefault((r.speech, r.source), ({"mentions": 0.0}, [False]))
        for name, value in r.features.items():
            features[name] = max(features.get(name, 0.0), value)
        features["mentions"] += 0.2
        ruled[0] = ruled[0] or r.ruled
    return [Row(s, src, f, ruled[0]) for (s, src), (f, ruled) in merged.items()]


def prf(gold: set, predicted: set) -> tuple[float, float]:
    """(precision, recall) of ``predicted`` against ``gold``, as `evaluation.agreement` scores them."""
    scores = agreement(gold, predicted)
    return scores["precision"], scores["recall"]


def pooled(gold: dict[str, set], cited: dict[str, set]) -> dict[str, float]:
    """Precision, recall and F1 over several debates' (speech, source) pairs taken together."""
    return agreement({(n, *p) for n in cited for p in gold[n]}, {(n, *p) for n, pairs in cited.items() for p in pairs})


def fit_on(rows: Rows, gold: dict[str, set], names: list[str], C: float, seed: int) -> CitationDetector:
    """A detector fitted on the rows of the debates ``names`` (threshold left at 0.5)."""
    return CitationDetector.fit([r.features for n in names for r in rows[n]],
                                [int((r.speech, r.source) in gold[n]) for n in names for r in rows[n]], C=C, seed=seed)


def _cited(rows: list[Row], scores: list[float], threshold: float) -> set:
    return {(r.speech, r.source) for r, s in zip(rows, scores) if s >= threshold}


def inner_fold_scores(rows: Rows, gold: dict[str, set], names: list[str], C: float, seed: int = 13) -> dict[str, list[float]]:
    """Every row of ``names`` scored by a detector fitted on the other folds of a 5-fold over those debates."""
    inner: dict[str, list[float]] = {}
    folds = min(5, len(names))
    for k in range(folds):
        held = names[k::folds]
        detector = fit_on(rows, gold, [n for n in names if n not in held], C, seed)
        inner.update({n: [detector.score(r.features) for r in rows[n]] for n in held})
    return inner


def fit_with_threshold(rows: Rows, gold: dict[str, set], names: list[str], C: float, seed: int = 13) -> CitationDetector:
    """A detector fitted on ``names``, its threshold the one of GRID with the best pooled F1 over an inner
    5-fold of those debates (each scored by a detector fitted without it)."""
    inner = inner_fold_scores(rows, gold, names, C, seed)
    detector = fit_on(rows, gold, names, C, seed)
    detector.threshold = max(GRID, key=lambda t: pooled(gold, {n: _cited(rows[n], inner[n], t) for n in names})["f1"])
    return detector


def leave_one_debate_out(rows: Rows, gold: dict[str, set], C: float, seed: int = 13) -> dict[str, tuple[float, float]]:
    """Precision and recall per debate, each scored by a detector (and threshold) that never saw it."""
    names = sorted(rows)
    out = {}
    for held in names:
        detector = fit_with_threshold(rows, gold, [n for n in names if n != held], C, seed)
        out[held] = prf(gold[held], _cited(rows[held], [detector.score(r.features) for r in rows[held]], detector.threshold))
    return out


def rules_scores(rows: Rows, gold: dict[str, set]) -> dict[str, tuple[float, float]]:
    return {n: prf(gold[n], {(r.speech, r.source) for r in rs if r.ruled}) for n, rs in rows.items()}


def candidate_ceiling(rows: Rows, gold: dict[str, set]) -> dict[str, float]:
    """Share of each debate's gold pairs that some candidate names at all: the most recall any detector gets."""
    return {n: prf(gold[n], {(r.speech, r.source) for r in rs})[1] for n, rs in rows.items()}


def average(scores: dict[str, tuple[float, float]]) -> tuple[float, float]:
    return (float(np.mean([v[0] for v in scores.values()])), float(np.mean([v[1] for v in scores.values()])))


def train_detector(nlp, debates: list[AnnotatedDebate], config: DetectorConfig, seed: int = 13,
                   log: Callable[[str], None] = print) -> tuple[CitationDetector, dict]:
    """The detector fitted on every debate, and its leave-one-debate-out metrics beside the rules'."""
    rows, gold = mention_rows(nlp, debates)
    log(f"citation detector: {sum(map(len, rows.values()))} mentions in {len(rows)} debates, "
        f"{sum(map(len, gold.values()))} gold (speech, source) pairs")
    held_out = leave_one_debate_out(rows, gold, config.C, seed)
    rules = rules_scores(rows, gold)
    ceiling = candidate_ceiling(rows, gold)
    detector = fit_with_threshold(rows, gold, sorted(rows), config.C, seed)
    (dp, dr), (rp, rr) = average(held_out), average(rules)
    better = dp >= rp and dr >= rr
    ship = config.ship == "always" or (config.ship == "if_better" and better)
    detector.meta = {"C": config.C, "debates": sorted(rows), "seed": seed}
    metrics = {
        "debates": len(rows), "mentions": sum(map(len, rows.values())), "gold_pairs": sum(map(len, gold.values())),
        "C": config.C, "threshold": detector.threshold, "ship_policy": config.ship, "shipped": ship,
        "average": {"detector": [round(dp, 4), round(dr, 4)], "rules": [round(rp, 4), round(rr, 4)],
                    "candidate_ceiling_recall": round(float(np.mean(list(ceiling.values()))), 4)},
        "per_debate": {n: {"detector": [round(v, 4) for v in held_out[n]], "rules": [round(v, 4) for v in rules[n]],
                           "candidate_ceiling_recall": round(ceiling[n], 4)} for n in sorted(rows)},
    }
    log(f"leave one debate out, averaged P / R: detector {dp:.3f} / {dr:.3f}, rules {rp:.3f} / {rr:.3f}; "
        f"{'ships' if ship else 'not shipped'} ({config.ship})")
    return detector, metrics


def read_training_debates(config: DetectorConfig, shared: Path, base: Path = Path("."),
                          log: Callable[[str], None] = print) -> list[AnnotatedDebate]:
    paths = annotation_files([base / folder for folder in config.annotations])
    if not paths:
        raise FileNotFoundError(f"no *_citations.json annotations in {', '.join(config.annotations)}")
    return read_annotated(paths, shared / config.transcripts, log=log)
