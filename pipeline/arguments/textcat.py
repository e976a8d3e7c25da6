"""Sentence classifiers as spaCy `textcat` pipelines: built from a typed config, trained with a seeded
loop, saved with `nlp.to_disk` (so `spacy.load(DIR)` works), scored as class probabilities.

Why spaCy's bag-of-words textcat rather than a transformer: the claims classifier scores every
sentence of every speech, and the stage must run at ≥ 8,000 words/s on 2 cores; MiniLM manages
≈ 1,000 words/s here, spaCy's TextCatBOW several hundred thousand. Measured accuracy beside a
TF-IDF baseline is in each model's metrics.json.
"""
from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import minibatch

ARCHITECTURES = ("bow", "ensemble")


@dataclass
class TextcatConfig:
    #: "bow": spacy.TextCatBOW (n-gram features, very fast); "ensemble": BOW + a CNN tok2vec (slower, stronger).
    architecture: str = "bow"
    ngram_size: int = 2
    epochs: int = 10
    batch_size: int = 32
    dropout: float = 0.2
    learn_rate: float = 0.001
    #: Weight the loss of every example of a source (e.g. in-domain parliamentary sentences).
    source_weights: dict[str, float] | None = None

    def __post_init__(self) -> None:
        if self.architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {self.architecture!r}")


def _model_config(config: TextcatConfig) -> dict:
    bow = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": config.ngram_size,
           "no_output_layer": False, "length": 262144}
    if config.architecture == "bow":
        return bow
    return {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "linear_model": bow,
        "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                    "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                              "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"], "rows": [5000, 1000, 2500, 2500],
                              "include_static_vectors": False},
                    "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64, "window_size": 1,
                               "maxout_pieces": 3, "depth": 2}},
    }


def build_textcat(labels: Sequence[str], config: TextcatConfig) -> Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": _model_config(config)})
    for label in labels:
        textcat.add_label(label)
    return nlp


def train_textcat(
    texts: Sequence[str], labels: Sequence[str], label_set: Sequence[str], config: TextcatConfig,
    seed: int, sources: Sequence[str] | None = None, log: Callable[[str], None] = print,
) -> Language:
    """Fit a textcat on (text, label) with a fixed seed; `sources` picks per-example loss weights."""
    spacy.util.fix_random_seed(seed)
    nlp = build_textcat(label_set, config)
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": {lab: float(lab == y) for lab in label_set}})
                for t, y in zip(texts, labels)]
    weights = [1.0] * len(examples)
    if sources is not None and config.source_weights:
        weights = [float(config.source_weights.get(s, 1.0)) for s in sources]
    optimizer = nlp.initialize(lambda: examples)
    optimizer.learn_rate = config.learn_rate
    rng = random.Random(seed)
    # Weighting by repetition keeps spaCy's own loss: a weight of 2 shows the example twice per epoch.
    pool = [ex for ex, w in zip(examples, weights) for _ in range(max(1, round(w)))]
    for epoch in range(1, config.epochs + 1):
        rng.shuffle(pool)
        losses: dict[str, float] = {}
        for batch in minibatch(pool, size=config.batch_size):
            nlp.update(batch, drop=config.dropout, sgd=optimizer, losses=losses)
        log(f"epoch {epoch}/{config.epochs}: loss {losses.get('textcat', 0.0):.3f}")
    return nlp


def textcat_labels(nlp: Language) -> list[str]:
    return list(nlp.get_pipe("textcat").labels)


def predict_proba(nlp: Language, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """(n, n_labels) class probabilities in `textcat_labels` order."""
    labels = textcat_labels(nlp)
    out = np.zeros((len(texts), len(labels)), dtype=np.float32)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=batch_size)):
        out[i] = [doc.cats[lab] for lab in labels]
    return out


def load_textcat(path: str | Path) -> Language:
    path = Path(path)
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no spaCy textcat model in {path} (config.cfg missing)")
    return spacy.load(path)
