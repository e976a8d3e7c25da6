"""Training data for the claim and evidence-type classifiers.

- IBM Debater CE-EMNLP-2015 (Rinott et al. 2015): claims and context-dependent evidence for 39
  topics, the evidence typed STUDY / EXPERT / ANECDOTAL. CC BY-SA 3.0.
- Parliamentary sentences labelled claim / not claim by hand (``configs/labels/``), from the
  ParlParse debates of October 2009.

Every example carries a ``group`` (IBM topic or debate file): splits keep groups whole.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: IBM types → ours. A piece typed with several takes the first, as listed by IBM (STUDY before EXPERT).
IBM_EVIDENCE_TYPES = {"STUDY": "study", "EXPERT": "expert", "ANECDOTAL": "anecdote"}
EVIDENCE_TYPE_LABELS = ("study", "expert", "anecdote")
CLAIM_LABELS = ("claim", "other")

_REF = re.compile(r"\s*\[REF\S*|\s*\[REF$")


@dataclass(frozen=True)
class LabelledText:
    text: str
    label: str
    group: str
    source: str


def clean_ibm(text: str) -> str:
    """Drop Wikipedia's [REF] markers and stray whitespace."""
    return re.sub(r"\s+", " ", _REF.sub("", text)).strip(" \"")


def _ibm_rows(path: Path, columns: int) -> Iterable[list[str]]:
    if not path.is_file():
        raise FileNotFoundError(f"IBM CE-EMNLP-2015 file not found: {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)  # evidence.txt names 3 columns but its rows carry a 4th, the type
        if not header or len(header) < 3 or header[0].strip() != "Topic":
            raise ValueError(f"{path}: not an IBM CE-EMNLP-2015 file (expected {columns} tab-separated columns)")
        for row in rows:
            if len(row) >= columns and row[0].strip():
                yield row


def ibm_evidence(directory: str | Path) -> list[LabelledText]:
    """Each distinct evidence text of each topic once, labelled with its (first) evidence type."""
    out, seen = [], set()
    for topic, _claim, text, types in _ibm_rows(Path(directory) / "evidence.txt", 4):
        names = [t.strip() for t in types.strip("[] ").split(",") if t.strip()]
        text = clean_ibm(text)
        if not names or names[0] not in IBM_EVIDENCE_TYPES or len(text.split()) < 4 or (topic, text) in seen:
            continue
        seen.add((topic, text))
        out.append(LabelledText(text, IBM_EVIDENCE_TYPES[names[0]], topic, "ibm-evidence"))
    return out


def ibm_claim_sentences(directory: str | Path) -> list[LabelledText]:
    """Claims (label ``claim``) against evidence pieces (``other``: findings and reports, not positions)."""
    claims, seen = [], set()
    for topic, _original, corrected in _ibm_rows(Path(directory) / "claims.txt", 3):
        text = clean_ibm(corrected)
        if len(text.split()) >= 3 and (topic, text) not in seen:
            seen.add((topic, text))
            claims.append(LabelledText(text[0].upper() + text[1:], "claim", topic, "ibm-claims"))
    others = [LabelledText(e.text, "other", e.group, "ibm-claims") for e in ibm_evidence(directory)
              if (e.group, e.text) not in seen]
    return claims + others


def parliament_sentences(paths: Sequence[str | Path]) -> list[LabelledText]:
    """Hand-labelled sentences: JSONL lines with `sentence`, `label` (1 claim / 0 not) and `file` (the group)."""
    out = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"labelled sentences not found: {path}")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = {1: "claim", 0: "other"}[int(row["label"])]
                out.append(LabelledText(row["sentence"], label, row["file"], "parliament"))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a labelled sentence ({exc})") from None
    return out


def split_by_group(items: Sequence[LabelledText], test_size: float, seed: int,
                   test_groups: Sequence[str] = ()) -> tuple[list[LabelledText], list[LabelledText]]:
    """(train, test): the named groups (substring match) go to test, or else a seeded share of groups."""
    from sklearn.model_selection import GroupShuffleSplit

    items = list(items)
    if test_groups:
        is_test = [any(g in it.group for g in test_groups) for it in items]
        return [it for it, t in zip(items, is_test) if not t], [it for it, t in zip(items, is_test) if t]
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_idx, test_idx = next(splitter.split(np.zeros(len(items)), groups=[it.group for it in items]))
    return [items[i] for i in sorted(train_idx)], [items[i] for i in sorted(test_idx)]
