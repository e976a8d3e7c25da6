"""The stance stage: for each speech and each target in its `targets`, support/oppose/neutral."""
from __future__ import annotations

from pathlib import Path

from ..procedure import GROUPING
from ..record import DebateRecord, Speech, Stance
from ..stages import Stage, stage
from .labels import describe_target, speaker_info, sponsor_of
from .pairs import StancePair


@stage
class StanceStage(Stage):
    name = "stance"
    assigns = ("speeches.stances",)

    def __init__(self, model_dir: Path | str | None = None) -> None:
        from .cli import default_model_dir
        from .predict import StancePredictor

        model_dir = Path(model_dir) if model_dir else default_model_dir()
        if not (model_dir / "config.json").exists():
            raise FileNotFoundError(
                f"stance model not found in {model_dir}: run `make model`, set PARLMINE_STANCE_MODEL, "
                "or leave the stage out with --stages segment,procedure")
        # Loaded once per process and reused for every record; bf16 where the CPU has it, else int8.
        self.predictor = StancePredictor.from_pretrained(model_dir, quantize="auto")

    @staticmethod
    def speaker(speech: Speech, record: DebateRecord):
        """The speaker's metadata; whoever announces the grouping of amendments is in the Chair
        (TheyWorkForYou pages give the Chair of a committee only a party)."""
        info = speaker_info(speech.speaker, record)
        first = speech.text.split("\n\n", 1)[0]
        if info.role is None and (GROUPING.search(first) or first.startswith("Order.")):
            info.role = "Chair"
        return info

    @classmethod
    def pairs(cls, record: DebateRecord) -> list[tuple[int, str, StancePair]]:
        """(speech index, target id, pair) for every target each speech debates."""
        targets = {t.id: t for t in record.targets}
        described = {tid: (describe_target(t), sponsor_of(t, record)) for tid, t in targets.items()}
        out = []
        for i, speech in enumerate(record.speeches):
            speaker = cls.speaker(speech, record) if speech.targets else None
            for tid in speech.targets:
                if tid in described:
                    text, sponsor = described[tid]
                    out.append((i, tid, StancePair(target=text, text=speech.text,
                                                   speaker=speaker, sponsor=sponsor)))
        return out

    def predict(self, record: DebateRecord) -> list[tuple[int, Stance]]:
        pairs = self.pairs(record)
        predictions = self.predictor.predict([pair for _, _, pair in pairs]) if pairs else []
        return [(i, Stance(target=tid, label=label, scores=scores))
                for (i, tid, _), (label, scores) in zip(pairs, predictions)]

    def set_annotations(self, record: DebateRecord, stances: list[tuple[int, Stance]]) -> None:
        for speech in record.speeches:
            speech.stances = []
        for i, stance_ in stances:
            record.speeches[i].stances.append(stance_)
