"""The stance stage: for each speech and each target in its `targets`, what the speech says about it."""
from __future__ import annotations

from pathlib import Path

from ..record import DebateRecord, ModelInfo, Stance
from ..stages import Stage, stage


@stage
class StanceStage(Stage):
    name = "stance"
    requires = ("speeches.targets", "targets")
    assigns = ("speeches.stances",)

    def __init__(self, model_dir: Path | str | None = None, quantize: bool | str = "auto") -> None:
        from .predict import StanceModelError
        from ..resources import model_dir as stance_model_dir, offline_hub
        from .speech_model import SpeechStanceModel

        offline_hub()
        model_dir = Path(model_dir) if model_dir else stance_model_dir("stance")
        if not model_dir.is_dir():
            raise StanceModelError(
                f"stance model not found in {model_dir}: run `make model`, set PARLMINE_STANCE_MODEL, "
                "or leave the stage out with --stages segment,procedure")
        # Loaded once per process and reused for every record; bf16 where the CPU has it, else int8.
        self.model = SpeechStanceModel.from_pretrained(model_dir, quantize=quantize)
        self.model_dir = model_dir

    @property
    def precision(self) -> str | None:
        return self.model.precision

    def models(self) -> list[ModelInfo]:
        from ..provenance import model_info

        found = [model_info("stance", self.model_dir)]
        if self.model.encoder is not None:  # the pretrained MiniLM of the topic features
            from .finetune import minilm_path

            found.append(model_info("all-MiniLM-L6-v2", Path(minilm_path())))
        return found

    def predict(self, record: DebateRecord) -> list[tuple[int, Stance]]:
        return self.model.predict_record(record)

    def set_annotations(self, record: DebateRecord, stances: list[tuple[int, Stance]]) -> None:
        for speech in record.speeches:
            speech.stances = []
        for i, stance_ in stances:
            record.speeches[i].stances.append(stance_)
