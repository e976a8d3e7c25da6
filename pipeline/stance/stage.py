"""The stance stage: for each speech and each target in its `targets`, what the speech says about it."""
from __future__ import annotations

from pathlib import Path

from ..record import DebateRecord, Stance
from ..stages import Stage, stage


@stage
class StanceStage(Stage):
    name = "stance"
    requires = ("speeches.targets", "targets")
    assigns = ("speeches.stances",)

    def __init__(self, model_dir: Path | str | None = None, quantize: bool | str = "auto") -> None:
        from .predict import StanceModelError
        from .resources import default_model_dir
        from .speech_model import SpeechStanceModel

        model_dir = Path(model_dir) if model_dir else default_model_dir()
        if not model_dir.is_dir():
            raise StanceModelError(
                f"stance model not found in {model_dir}: run `make model`, set PARLMINE_STANCE_MODEL, "
                "or leave the stage out with --stages segment,procedure")
        # Loaded once per process and reused for every record; bf16 where the CPU has it, else int8.
        self.model = SpeechStanceModel.from_pretrained(model_dir, quantize=quantize)

    def predict(self, record: DebateRecord) -> list[tuple[int, Stance]]:
        return self.model.predict_record(record)

    def set_annotations(self, record: DebateRecord, stances: list[tuple[int, Stance]]) -> None:
        for speech in record.speeches:
            speech.stances = []
        for i, stance_ in stances:
            record.speeches[i].stances.append(stance_)
