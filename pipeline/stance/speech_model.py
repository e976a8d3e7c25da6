"""The shipped stance model: what each speech says about each target it debates.

Two readers of one (speech, target) pair, mixed log-linearly with a fixed weight:

* the **structure model** (stance/debate_model.py): a logistic regression on the pair's place in the
  debate (who speaks, who moved the target, whether the speech names it or another target of the
  group, the stance cues of the sentences about it, how close the speech is to the target's wording);
* the **transformer**: MiniLM fine-tuned on hand-labelled pairs, reading the same structure as words,
  the target's wording and the parts of the speech about that target (stance/structure.py
  ``focused_text``), not the first 256 tokens.

A model directory holds the transformer as ``save_pretrained`` writes it, ``parlmine_stance.json``
(encoding, mix weight), ``structure_head.json``, ``metrics.json`` and a model card.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..output import write_text_atomic
from ..record import DebateRecord, Stance, StanceCue
from .debate_model import StructureModel
from .labels import describe_target, speaker_info, sponsor_of
from .metadata import mix
from .pairs import LABELS, StancePair
from .structure import SpeechReading, focused_text, pair_contexts

STRUCTURE_FILE = "structure_head.json"
SYSTEM_FILE = "parlmine_stance.json"


def transformer_view(pair: StancePair) -> StancePair:
    """The pair as the transformer reads it: the structure in words before the target's wording."""
    from .pairs import PairContext

    context = pair.context or PairContext()
    return pair.model_copy(update={"target": f"{context.words_text()} {pair.target}"})


def record_pairs(record: DebateRecord, encoder=None) -> list[tuple[int, str, StancePair, SpeechReading]]:
    """(speech index, target id, pair, reading) for every target each speech debates, with context
    and the speech's text focused on that target."""
    targets = {t.id: t for t in record.targets}
    described = {tid: (describe_target(t), sponsor_of(t, record)) for tid, t in targets.items()}
    out = []
    for i, tid, context, reading in pair_contexts(record, encoder):
        speech = record.speeches[i]
        target_text, sponsor = described[tid]
        out.append((i, tid, StancePair(target=target_text, text=focused_text(speech.text, reading, tid, context),
                                       speaker=speaker_info(speech.speaker, record), sponsor=sponsor, context=context),
                    reading))
    return out


class SpeechStanceModel:
    """Structure model + fine-tuned transformer; ``predict_record`` gives each speech its stances."""

    def __init__(self, structure: StructureModel, transformer=None, encoder=None, weight: float = 0.5):
        self.structure = structure
        #: A StancePredictor (fine-tuned MiniLM) or None: structure only.
        self.transformer = transformer
        #: The pretrained sentence encoder for topic features (stance/topic.py) or None.
        self.encoder = encoder
        self.weight = weight if transformer is not None else 0.0

    @property
    def precision(self) -> str | None:
        """The numeric precision of the networks that run: the transformer's, else the topic encoder's."""
        if self.transformer is not None and self.weight:
            return self.transformer.precision
        return self.encoder.precision if self.encoder is not None else None

    @classmethod
    def from_pretrained(cls, model_dir: str | Path, quantize: bool | str = "auto", topic: bool = True,
                        transformer: bool | None = None) -> "SpeechStanceModel":
        """``transformer``: load the fine-tuned MiniLM (None: only when the mix gives it a weight, so a
        structure-only model does not load 45 MB of weights into every worker)."""
        from .predict import StancePredictor, StanceModelError, precision_of

        model_dir = Path(model_dir)
        system = model_dir / SYSTEM_FILE
        structure_file = model_dir / STRUCTURE_FILE
        if not structure_file.exists():
            raise StanceModelError(f"{model_dir} has no {STRUCTURE_FILE}: not a speech-level stance model (run `make model`)")
        settings = json.loads(system.read_text(encoding="utf-8")) if system.exists() else {}
        structure = StructureModel.from_json(json.loads(structure_file.read_text(encoding="utf-8")))
        weight = float(settings.get("mix_weight", 0.5))
        predictor = None
        if (model_dir / "config.json").exists() and (transformer or (transformer is None and weight > 0)):
            predictor = StancePredictor.from_pretrained(model_dir, quantize=quantize, use_metadata_head=False)
        encoder = None
        if topic and settings.get("topic", True):
            from .topic import SentenceEncoder

            encoder = SentenceEncoder(precision="bf16" if precision_of(quantize) == "bf16" else "fp32")
        return cls(structure, predictor, encoder, weight)

    def save_pretrained(self, model_dir: str | Path, model=None, tokenizer=None, encoding=None) -> None:
        """The structure model and settings; the fine-tuned transformer when ``model`` is given (fp16 safetensors)."""
        from .predict import save_encoding_config

        model_dir = Path(model_dir)
        model_dir.mkdir(parents=True, exist_ok=True)
        if model is not None:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Writing model shards" bar in the training log
            model.half().save_pretrained(model_dir, safe_serialization=True)
            model.float()
            tokenizer.save_pretrained(model_dir)
            save_encoding_config(model_dir, encoding)
            settings = json.loads((model_dir / SYSTEM_FILE).read_text(encoding="utf-8"))
        else:
            settings = {"labels": list(LABELS)}
        settings.update({"mix_weight": self.weight, "topic": self.encoder is not None})
        write_text_atomic(model_dir / SYSTEM_FILE, json.dumps(settings, indent=2) + "\n")
        write_text_atomic(model_dir / STRUCTURE_FILE, json.dumps(self.structure.to_json(), indent=1) + "\n")

    # -- prediction -----------------------------------------------------------------------------
    def transformer_proba(self, pairs: Sequence[StancePair]) -> np.ndarray:
        return self.transformer.transformer_proba([transformer_view(p) for p in pairs])

    def structure_proba(self, pairs: Sequence[StancePair]) -> np.ndarray:
        from .pairs import PairContext

        return self.structure.predict_proba([p.context or PairContext() for p in pairs])

    def predict_proba(self, pairs: Sequence[StancePair]) -> np.ndarray:
        pairs = list(pairs)
        if not pairs:
            return np.zeros((0, len(LABELS)))
        structure = self.structure_proba(pairs)
        if self.transformer is None or self.weight == 0:  # weight 0: the transformer's vote counts for nothing
            return chair_neutral(pairs, structure)
        return chair_neutral(pairs, mix(self.transformer_proba(pairs), structure, self.weight))

    def predict(self, pairs: Sequence[StancePair]) -> list[tuple[str, dict[str, float]]]:
        """(label, {label: score}) per pair, for `parlmine stance predict` and evaluation."""
        out = []
        for row in self.predict_proba(pairs):
            out.append((LABELS[int(np.argmax(row))], {label: round(float(p), 4) for label, p in zip(LABELS, row)}))
        return out

    def predict_record(self, record: DebateRecord) -> list[tuple[int, Stance]]:
        """(speech index, stance) for every target each speech debates, with the sentence that shows it."""
        found = record_pairs(record, self.encoder)
        results = self.predict([pair for _, _, pair, _ in found])
        out = []
        for (i, tid, pair, reading), (label, scores) in zip(found, results):
            out.append((i, Stance(target=tid, label=label, scores=scores,
                                  cue=stance_cue(record.speeches[i].text, reading, tid, label, pair))))
        return out


def chair_neutral(pairs: Sequence[StancePair], proba: np.ndarray) -> np.ndarray:
    """The Chair takes no side (the guidelines: calling, grouping, keeping order): its pairs are neutral
    whatever words of the amendments its speech reads out."""
    out = proba.copy()
    for i, pair in enumerate(pairs):
        if pair.context is not None and pair.context.speaker_side == "chair":
            out[i] = [1.0 if label == "neutral" else 0.0 for label in LABELS]
    return out


def stance_cue(text: str, reading: SpeechReading, target_id: str, label: str, pair: StancePair) -> StanceCue | None:
    """The sentence that best shows the label: a cue of that stance about the target, else the sentence
    naming it, else the one closest to its wording."""
    j = reading.cue_sentence(target_id, label)
    if j is None and pair.context is not None and pair.context.topic_sentences:
        j = pair.context.topic_sentences[0]
    if j is None:
        return None
    start, end = reading.spans[j]
    return StanceCue(text=text[start:end], start=start, end=end)
