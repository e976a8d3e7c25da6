"""A (target, speech) pair: the unit the stance models learn from and predict on.

The same shape is read and written by `parlmine stance predict` (one JSON object per line):
``{"target": str, "text": str, "speaker": {"party", "role"}?, "sponsor": {"party", "government"}?}``
plus, for training data, ``label`` and the bookkeeping fields below.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LABELS: tuple[str, ...] = ("support", "oppose", "neutral")
LABEL2ID = {label: i for i, label in enumerate(LABELS)}
ID2LABEL = dict(enumerate(LABELS))
Label = Literal["support", "oppose", "neutral"]


class SpeakerInfo(BaseModel):
    model_config = ConfigDict(extra="ignore")
    party: str | None = None
    role: str | None = None


class SponsorInfo(BaseModel):
    model_config = ConfigDict(extra="ignore")
    party: str | None = None
    government: bool | None = Field(None, description="The target was moved by the Government")


class StancePair(BaseModel):
    model_config = ConfigDict(extra="ignore")
    target: str = Field(description="What is supported or opposed: motion wording, amendment text, claim topic")
    text: str = Field(description="The speech (or argument) text")
    speaker: SpeakerInfo = Field(default_factory=SpeakerInfo)
    sponsor: SponsorInfo = Field(default_factory=SponsorInfo)
    label: Label | None = None
    # Bookkeeping for training and evaluation (not model inputs).
    group: str | None = Field(None, description="Split unit: motion/debate/topic id; splits never cut a group")
    source: str | None = Field(None, description="handeset, pbc-votes, ibm-claim-stance, ibm-argq")
    vote_label: Label | None = Field(None, description="The speaker's division vote, where known")

    @property
    def rebel(self) -> bool | None:
        """The speech's stance differs from how the speaker voted (HanDeSeT: manual vs vote label)."""
        if self.label is None or self.vote_label is None:
            return None
        return self.label != self.vote_label

    def flat(self) -> dict:
        """Flat columns for scikit-learn and `datasets`."""
        return {
            "target": self.target, "text": self.text, "label": self.label,
            "speaker_party": self.speaker.party or "", "speaker_role": self.speaker.role or "",
            "sponsor_party": self.sponsor.party or "",
            "sponsor_government": "" if self.sponsor.government is None else ("government" if self.sponsor.government else "opposition"),
            "group": self.group or "", "source": self.source or "", "vote_label": self.vote_label or "",
        }
