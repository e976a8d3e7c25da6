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


Side = Literal["chair", "government_front", "government_back", "opposition_front", "opposition_back", "unknown"]
Owner = Literal["government", "governing_backbench", "opposition_front", "opposition_back", "unknown"]


class PairContext(BaseModel):
    """The debate structure of one (speech, target) pair, as the stance models read it."""
    model_config = ConfigDict(extra="ignore")
    speaker_side: Side = "unknown"
    #: "this": the speaker moved this target; "group": another target debated with it; else "none".
    mover: Literal["this", "group", "none"] = "none"
    owner: Owner = "unknown"
    target_kind: str = "amendment"
    same_party: Literal["same", "different", "unknown"] = "unknown"
    #: "this": a sentence names this target; "other": only other targets are named; "none": no target is named.
    named: Literal["this", "other", "none"] = "none"
    group_size: int = 1
    words: int = 0
    question: bool = False
    #: Cues per stance in sentences naming this target / referring to "the amendment(s)" / anywhere.
    cues_this: list[str] = []
    cues_generic: list[str] = []
    cues_any: list[str] = []
    #: Best cosine similarity of the target's wording with a sentence of the speech, and its margin over
    #: the closest other target the speech debates (stance/topic.py); None without the encoder, or when
    #: the speech debates one target only.
    topic: float | None = None
    topic_margin: float | None = None
    #: The speech's sentences closest to the target's wording, best first.
    topic_sentences: list[int] = []

    def features(self) -> dict[str, float]:
        """One-hot and count features for a linear model (stance/debate_model.py), with the crosses that matter.
        Crosses use the coarse side and owner (front and back benches of the Opposition together): few
        records name the Opposition's front bench, so its own one-hot is a refinement, not the signal."""
        side, owner = self.coarse_side, self.coarse_owner
        f: dict[str, float] = {
            f"side={self.speaker_side}": 1.0, f"side={side}": 1.0, f"mover={self.mover}": 1.0,
            f"owner={self.owner}": 1.0, f"owner={owner}": 1.0,
            f"kind={self.target_kind}": 1.0, f"same_party={self.same_party}": 1.0, f"named={self.named}": 1.0,
            f"side|owner={side}|{owner}": 1.0,
            f"side|named={side}|{self.named}": 1.0,
            f"mover|named={self.mover}|{self.named}": 1.0,
            f"side|kind={side}|{self.target_kind}": 1.0,
            f"gsize={self.size_bucket}": 1.0,
            f"named|gsize={self.named}|{self.size_bucket}": 1.0,
            f"side|named|gsize={side}|{self.named}|{self.size_bucket}": 1.0,
            f"mover|named|gsize={self.mover}|{self.named}|{self.size_bucket}": 1.0,
            "short": float(self.words < 80), "question": float(self.question),
            "short_question": float(self.question and self.words < 120),
        }
        if self.topic is not None:
            top = "top" if self.topic_margin >= 0 else ("near" if self.topic_margin > -0.05 else "far")
            f["topic"] = self.topic
            f["topic_margin"] = self.topic_margin
            f[f"topic_rank={top}"] = 1.0
            f[f"topic_rank|named|gsize={top}|{self.named}|{self.size_bucket}"] = 1.0
            f[f"topic_rank|side={top}|{side}"] = 1.0
        for scope, found in (("this", self.cues_this), ("generic", self.cues_generic), ("any", self.cues_any)):
            for stance in found:
                f[f"cue_{scope}={stance}"] = 1.0
                f[f"cue_{scope}={stance}|side={side}"] = 1.0
                f[f"cue_{scope}={stance}|mover={self.mover}"] = 1.0
        if self.target_kind == "motion":
            # A motion's debate is a vote on one question, where speeches follow their side far more than on
            # one amendment of a group. Every feature also gets a motion-only copy (Daumé III's feature
            # augmentation, "Frustratingly easy domain adaptation", 2007): what holds for both kinds is
            # learned once, what holds for motions only does not move the amendments' weights.
            f.update({f"motion|{name}": value for name, value in list(f.items())})
            f[f"motion|side|owner|same={self.speaker_side}|{self.owner}|{self.same_party}"] = 1.0
        return f

    @property
    def coarse_side(self) -> str:
        return "opposition" if self.speaker_side.startswith("opposition") else self.speaker_side

    @property
    def coarse_owner(self) -> str:
        return "opposition" if self.owner.startswith("opposition") else self.owner

    @property
    def size_bucket(self) -> str:
        return "1" if self.group_size <= 1 else ("2-3" if self.group_size <= 3 else "4+")

    def words_text(self) -> str:
        """The same structure in words, for the transformer's first segment."""
        side = self.speaker_side.replace("_", " ")
        mover = {"this": "the speaker moved it", "group": "the speaker moved another amendment of the group", "none": "moved by someone else"}[self.mover]
        named = {"this": "the speech names it", "other": "the speech names only other targets", "none": "the speech names no target"}[self.named]
        return f"speaker: {side}. target: {self.target_kind.replace('_', ' ')} of the {self.owner.replace('_', ' ')}, {mover}; {named}."



class StancePair(BaseModel):
    model_config = ConfigDict(extra="ignore")
    target: str = Field(description="What is supported or opposed: motion wording, amendment text, claim topic")
    text: str = Field(description="The speech (or argument) text")
    speaker: SpeakerInfo = Field(default_factory=SpeakerInfo)
    sponsor: SponsorInfo = Field(default_factory=SponsorInfo)
    #: The pair's place in the debate (stance/structure.py); the speech-level model reads it.
    context: PairContext | None = None
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
