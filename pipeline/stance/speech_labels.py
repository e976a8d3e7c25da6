"""Hand labels of speech-level stance (`stance-speech-labels/*.stance.jsonl`) matched to records.

One JSON object per line: ``file`` (the ParlParse XML), ``speech_id``, ``speaker``, ``target``
{``kind``, ``number``}, ``label`` (support | oppose | neutral | unclear), ``confidence`` (clear |
leaning), ``quote``, ``note``. ``unclear`` pairs are left out of training and scoring.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..record import DebateRecord


class TargetRef(BaseModel):
    model_config = ConfigDict(extra="ignore")
    kind: Literal["amendment", "new_clause", "new_schedule", "clause", "schedule", "motion", "order", "bill"]
    number: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.number}" if self.number else f"{self.kind}-1"


class SpeechLabel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    file: str
    speech_id: str
    speaker: str | None = None
    target: TargetRef
    label: Literal["support", "oppose", "neutral", "unclear"]
    confidence: Literal["clear", "leaning"] | None = None
    quote: str | None = None
    note: str | None = None


class SpeechLabelError(ValueError):
    """A speech-label file that cannot be read: names the file, the line and the field."""


def read_speech_labels(path: Path | str) -> list[SpeechLabel]:
    path = Path(path)
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SpeechLabelError(f"{path}: cannot read ({exc})") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(SpeechLabel.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise SpeechLabelError(f"{path}:{lineno}: not JSON ({exc.msg})") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            raise SpeechLabelError(f"{path}:{lineno}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return out


@dataclass(frozen=True)
class Coverage:
    """How many labelled pairs the record debates (a pair the procedure stage misses gets no stance)."""
    labelled: int
    found: int

    @property
    def missing(self) -> int:
        return self.labelled - self.found


def match_labels(record: DebateRecord, labels: list[SpeechLabel]) -> tuple[dict[tuple[str, str], SpeechLabel], Coverage]:
    """{(speech id, target id): label} for the labels other than ``unclear``, and the coverage."""
    debated = {(s.id, t) for s in record.speeches for t in s.targets}
    usable = {(lab.speech_id, lab.target.id): lab for lab in labels if lab.label != "unclear"}
    return usable, Coverage(labelled=len(usable), found=sum(key in debated for key in usable))


def transcript_for(labels: list[SpeechLabel], transcripts: list[Path]) -> Path:
    """The transcript a label file covers, found by its ``file`` field among files and folders."""
    names = {lab.file for lab in labels}
    if len(names) != 1:
        raise SpeechLabelError(f"labels name {len(names)} transcripts ({', '.join(sorted(names)[:3])}); expected one per file")
    name = names.pop()
    for entry in transcripts:
        entry = Path(entry)
        if entry.is_file() and entry.name == name:
            return entry
        if entry.is_dir():
            found = sorted(entry.rglob(name))
            if found:
                return found[0]
    raise SpeechLabelError(f"transcript {name} not found in {', '.join(map(str, transcripts))}")


@dataclass
class LabelledPair:
    """One hand-labelled (speech, target) pair with everything the stance models read."""
    file: str
    speech_id: str
    target: str
    label: str
    confidence: str | None
    speech_index: int
    record: DebateRecord


def labelled_pairs(label_files: list[Path], transcripts: list[Path]) -> tuple[list[LabelledPair], dict[str, Coverage]]:
    """Read each label file's transcript (reading and procedure stages) and pair labels with speeches.
    Labelled pairs the procedure stage does not put under debate are counted in the coverage."""
    from ..annotation import annotate_paths

    pairs: list[LabelledPair] = []
    coverage: dict[str, Coverage] = {}
    for path in label_files:
        labels = read_speech_labels(path)
        record = annotate_paths([transcript_for(labels, transcripts)])[0]
        usable, coverage[Path(path).name] = match_labels(record, labels)
        index = {s.id: i for i, s in enumerate(record.speeches)}
        for (speech_id, target), lab in usable.items():
            i = index.get(speech_id)
            if i is not None and target in record.speeches[i].targets:
                pairs.append(LabelledPair(file=Path(path).name, speech_id=speech_id, target=target, label=lab.label,
                                          confidence=lab.confidence, speech_index=i, record=record))
    return pairs, coverage
