"""Which target of a group a speech is about: sentence similarity with the pretrained MiniLM.

In a group of ten amendments most speeches name none of them; a reader tells which one a speech
argues from its subject ("child care", "rural poverty"). all-MiniLM-L6-v2 is trained for exactly
this (sentence similarity), so its mean-pooled embeddings of the target's wording and of each
sentence of the speech give, per pair, the best cosine similarity and whether this target is the
group's closest. The encoder is frozen (no fine-tuning): it is the pretrained package's weights.
"""
from __future__ import annotations

import numpy as np

#: Most tokens of a sentence or target description the encoder reads.
MAX_TOKENS = 64


class SentenceEncoder:
    """Mean-pooled, L2-normalised MiniLM sentence embeddings (what sentence-transformers computes)."""

    def __init__(self, path: str | None = None, precision: str = "fp32", batch_size: int = 64):
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        from .finetune import minilm_path

        hf_logging.disable_progress_bar()
        path = path or minilm_path()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModel.from_pretrained(path).float().eval()
        self.precision = "bf16" if precision == "bf16" else "fp32"
        self.dtype = torch.bfloat16 if self.precision == "bf16" else torch.float32
        self.model = model.to(self.dtype)
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        import torch

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                index = order[start:start + self.batch_size]
                batch = self.tokenizer([texts[i] for i in index], padding=True, truncation=True,
                                       max_length=MAX_TOKENS, return_tensors="pt")
                hidden = self.model(**batch).last_hidden_state.float()
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out[index] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return out


def topic_scores(sentence_vectors: np.ndarray, target_vectors: dict[str, np.ndarray], targets: list[str]) -> dict[str, tuple[float, float]]:
    """{target: (best similarity with any sentence, margin over the closest other target of the speech)}."""
    if not len(sentence_vectors):
        return {t: (0.0, 0.0) for t in targets}
    best = {t: float((sentence_vectors @ target_vectors[t]).max()) for t in targets}
    out = {}
    for t in targets:
        others = [best[o] for o in targets if o != t]
        out[t] = (best[t], best[t] - max(others) if others else 0.0)
    return out
