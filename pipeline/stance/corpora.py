"""Training corpora as StancePairs, and the splits and intervals used to score models on them.

- HanDeSeT (Abercrombie & Batista-Navarro 2018): Commons speeches, stance toward the debate's motion,
  with speaker party, motion sponsor's party, Government/Opposition motion and the speaker's vote.
- IBM Debater Claim Stance (Bar-Haim et al. 2017): Wikipedia claims PRO/CON a debate topic.
- IBM ArgQ-Rank-30k (Gretz et al. 2020): crowd arguments for/against a topic, with stance confidence.

Every pair carries a ``group`` (debate or topic). Splits keep groups whole, so a model is never
scored on a motion it was trained on; confidence intervals resample groups, not rows, because
speeches in one debate are not independent draws.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .pairs import StancePair

#: Columns of `StancePair.flat()`, in order.
FLAT_COLUMNS: tuple[str, ...] = tuple(StancePair(target="", text="").flat())

_HANDESET_COLUMNS = (
    "id", "title", "motion", "govt/opp motion", "motion party affiliation",
    "utt1", "utt2", "utt3", "utt4", "utt5", "manual speech", "vote speech", "party affiliation",
)
_CLAIM_STANCE_COLUMNS = ("topicId", "topicText", "claims.stance", "claims.claimCorrectedText")
_ARGQ_COLUMNS = ("argument", "topic", "set", "stance_WA", "stance_WA_conf")

_BINARY = {"1": "support", "0": "oppose"}


def _read_csv(path: str | Path, required: Iterable[str], what: str) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{what} file not found: {path}")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: not a {what} file, missing columns {missing}")
    return frame


# ---------------------------------------------------------------- HanDeSeT

#: Procedural headings Hansard puts before the subject ("Orders of the Day – Police").
_PROCEDURAL_HEADING = re.compile(
    r"^(?:orders of the day|opposition day|backbench business|\[?\s*\d+(?:st|nd|rd|th)\s+allotted day\s*\]?)$", re.I
)


def clean_title(title: str) -> str:
    """Debate title without Hansard's procedural headings: "Orders of the Day – Police" → "Police"."""
    title = re.sub(r"\s+", " ", title).strip()
    parts = [p.strip() for p in re.split(r"\s+[–—-]\s+|\s*[–—]\s*", title) if p.strip()]
    kept = [p for p in parts if not _PROCEDURAL_HEADING.match(p)]
    # One record glues the heading on again at the end ("DAESH: GENOCIDE OF MINORITIESBACKBENCH BUSINESS").
    kept = [re.sub(r"(?<=\S)(?:BACKBENCH BUSINESS|Backbench Business)$", "", p).strip() for p in kept]
    return " – ".join(p for p in kept if p) or title


def _binary_label(value: str, column: str, row_id: str) -> str:
    try:
        return _BINARY[value.strip()]
    except KeyError:
        raise ValueError(f"HanDeSeT row {row_id}: {column!r} is {value!r}, expected 1 or 0") from None


def handeset_pairs(path: str | Path) -> list[StancePair]:
    """One pair per HanDeSeT unit: the speech (utt1..utt5) toward "title: motion".

    ``label`` is the human stance label (`manual speech`), ``vote_label`` how the member voted
    (`vote speech`); the two differ for speeches that argue against the member's own vote.
    """
    frame = _read_csv(path, _HANDESET_COLUMNS, "HanDeSeT")
    pairs = []
    for row in frame.to_dict("records"):
        utterances = [row[f"utt{i}"].strip() for i in range(1, 6)]
        text = "\n\n".join(u for u in utterances if u)
        if not text:
            continue
        title, motion = clean_title(row["title"]), re.sub(r"\s+", " ", row["motion"]).strip()
        pairs.append(StancePair(
            target=f"{title}: {motion}" if title else motion,
            text=text,
            speaker={"party": row["party affiliation"].strip() or None},
            sponsor={
                "party": row["motion party affiliation"].strip() or None,
                "government": row["govt/opp motion"].strip() == "1",
            },
            label=_binary_label(row["manual speech"], "manual speech", row["id"]),
            vote_label=_binary_label(row["vote speech"], "vote speech", row["id"]),
            group=f"handeset/{row['id'].strip()}",
            source="handeset",
        ))
    return pairs


# ---------------------------------------------------------------- IBM Debater

def ibm_claim_stance_pairs(path: str | Path) -> list[StancePair]:
    """IBM Claim Stance: each claim PRO (support) or CON (oppose) its debate topic."""
    frame = _read_csv(path, _CLAIM_STANCE_COLUMNS, "IBM Claim Stance")
    labels = {"PRO": "support", "CON": "oppose"}
    pairs = []
    for row in frame.to_dict("records"):
        stance = row["claims.stance"].strip().upper()
        if stance not in labels:
            raise ValueError(f"{path}: claim {row.get('claims.claimId', '?')} has stance {stance!r}")
        text = row["claims.claimCorrectedText"].strip()
        if not text:
            continue
        pairs.append(StancePair(
            target=row["topicText"].strip(), text=text, label=labels[stance],
            group=f"ibm-claim-stance/{row['topicId'].strip()}", source="ibm-claim-stance",
        ))
    return pairs


def argq_pairs(
    path: str | Path,
    min_confidence: float = 0.6,
    max_per_topic: int | None = None,
    seed: int = 0,
    sets: Iterable[str] | None = None,
) -> list[StancePair]:
    """IBM ArgQ-Rank-30k arguments whose annotated stance has ``stance_WA_conf >= min_confidence``.

    ``max_per_topic`` keeps a random (``seed``-deterministic) sample of that many arguments per topic,
    in file order; ``sets`` keeps only the given official splits ("train", "dev", "test").
    """
    frame = _read_csv(path, _ARGQ_COLUMNS, "IBM ArgQ-Rank-30k")
    frame = frame.assign(
        _stance=pd.to_numeric(frame["stance_WA"], errors="raise").astype(int),
        _conf=pd.to_numeric(frame["stance_WA_conf"], errors="raise"),
    )
    frame = frame[frame["_conf"] >= min_confidence]
    if sets is not None:
        frame = frame[frame["set"].isin(set(sets))]
    if max_per_topic is not None:
        if max_per_topic < 1:
            raise ValueError("max_per_topic must be at least 1")
        kept = []
        for i, (_, rows) in enumerate(frame.groupby("topic", sort=True)):
            kept.append(rows if len(rows) <= max_per_topic else rows.sample(n=max_per_topic, random_state=seed + i))
        frame = pd.concat(kept).sort_index() if kept else frame.iloc[:0]
    labels = {1: "support", -1: "oppose"}
    pairs = []
    for row in frame.to_dict("records"):
        if row["_stance"] not in labels:
            raise ValueError(f"{path}: stance_WA is {row['_stance']}, expected 1 or -1")
        text = row["argument"].strip()
        if not text:
            continue
        topic = row["topic"].strip()
        pairs.append(StancePair(
            target=topic, text=text, label=labels[row["_stance"]],
            group=f"ibm-argq/{topic}", source="ibm-argq",
        ))
    return pairs


# ---------------------------------------------------------------- tables

def to_frame(pairs: Iterable[StancePair]) -> pd.DataFrame:
    """The `flat()` columns of each pair, one row per pair."""
    return pd.DataFrame([p.flat() for p in pairs], columns=list(FLAT_COLUMNS))


def to_dataset(pairs: Iterable[StancePair]):
    """A `datasets.Dataset` with the `flat()` columns (all strings; unlabelled rows have label None)."""
    import datasets

    features = datasets.Features({c: datasets.Value("string") for c in FLAT_COLUMNS})
    rows = [p.flat() for p in pairs]
    if not rows:
        return datasets.Dataset.from_dict({c: [] for c in FLAT_COLUMNS}, features=features)
    return datasets.Dataset.from_list(rows, features=features)


# ---------------------------------------------------------------- splits and intervals

def _groups(pairs: Sequence[StancePair]) -> list[str]:
    """Each pair's group; a pair without one is a group of its own."""
    return [p.group if p.group else f"\0row{i}" for i, p in enumerate(pairs)]


def group_split(pairs: Sequence[StancePair], test_size: float, seed: int) -> tuple[list[StancePair], list[StancePair]]:
    """(train, test) with whole groups on each side; ``test_size`` is the share of groups held out."""
    from sklearn.model_selection import GroupShuffleSplit

    pairs = list(pairs)
    groups = _groups(pairs)
    if len(set(groups)) < 2:
        raise ValueError("group_split needs at least two groups")
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_idx, test_idx = next(splitter.split(np.zeros(len(pairs)), groups=groups))
    return [pairs[i] for i in sorted(train_idx)], [pairs[i] for i in sorted(test_idx)]


def bootstrap_ci(
    y_true: Sequence,
    y_pred: Sequence,
    groups: Sequence,
    metric: Callable[[Sequence, Sequence], float],
    n: int = 1000,
    seed: int = 0,
    alpha: float = 0.05,
) -> tuple[float, float]:
    """Percentile (1 - alpha) interval of ``metric(y_true, y_pred)`` under a cluster bootstrap.

    Each replicate draws as many groups as there are, with replacement, and keeps all rows of each
    drawn group: the interval reflects how much the score depends on which debates were sampled.
    """
    y_true, y_pred, groups = np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object), np.asarray(groups, dtype=object)
    if not (len(y_true) == len(y_pred) == len(groups)):
        raise ValueError(f"lengths differ: y_true {len(y_true)}, y_pred {len(y_pred)}, groups {len(groups)}")
    if len(y_true) == 0:
        raise ValueError("bootstrap_ci needs at least one row")
    if not 0 < alpha < 1:
        raise ValueError("alpha must be in (0, 1)")
    _, codes = np.unique(groups.astype(str), return_inverse=True)
    members = [np.flatnonzero(codes == g) for g in range(codes.max() + 1)]
    rng = np.random.default_rng(seed)
    scores = np.empty(n)
    for b in range(n):
        idx = np.concatenate([members[g] for g in rng.integers(0, len(members), size=len(members))])
        scores[b] = metric(list(y_true[idx]), list(y_pred[idx]))
    low, high = np.quantile(scores, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)
