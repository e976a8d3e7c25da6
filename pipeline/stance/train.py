"""`parlmine train stance`: build the data, fit the baselines and the model, evaluate, save.

Follows the Hugging Face examples: typed dataclass arguments read from a YAML config, seeds set
first, label2id/id2label in the saved config, metrics written per split.
"""
from __future__ import annotations

import dataclasses
import json
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import yaml
from sklearn.metrics import f1_score

from ..output import write_text_atomic
from .evaluation import evaluate_predictions
from .finetune import FineTuneConfig, fine_tune, set_seed
from .metadata import MetadataModel, mix, save_metadata_head
from .model_card import write_model_card
from .pairs import LABELS, StancePair
from .predict import StancePredictor, save_encoding_config


@dataclass
class DataConfig:
    #: Paths below are relative to this directory (the corpora live beside the repository).
    shared_dir: str = "../shared"
    handeset: str | None = "data/handeset/HanDeSeT.csv"
    handeset_test_size: float = 0.25
    #: Part of the HanDeSeT training debates held out to choose the transformer/metadata mix.
    dev_size: float = 0.15
    ibm_claim_stance: str | None = "data/ibm-debater-claim-stance/claim_stance_dataset_v1.clean.csv"
    argq: str | None = "data/ibm-debater-argq-30k/arg_quality_rank_30k.csv"
    argq_min_confidence: float = 0.8
    argq_max_per_topic: int | None = 30
    #: ParlParse/TWFY debates for vote-derived labels, and the file-name fragments of the sittings held out.
    pbc: list[str] = field(default_factory=lambda: ["data/twfy-parlparse-xml-2009/scrapedxml/standing"])
    pbc_test: list[str] = field(default_factory=lambda: ["_08-0_"])
    #: Cap the number of training pairs per source (tiny test runs); None: all.
    max_train_per_source: int | None = None


@dataclass
class StanceTrainConfig:
    seed: int = 13
    data: DataConfig = field(default_factory=DataConfig)
    model: FineTuneConfig = field(default_factory=FineTuneConfig)
    #: Mix the transformer with the metadata model (weight chosen on the dev split).
    ensemble: bool = True


def _from_dict(cls, data: dict):
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise ValueError(f"unknown {cls.__name__} keys: {', '.join(sorted(unknown))}")
    kwargs = {}
    for name, value in data.items():
        sub = {"data": DataConfig, "model": FineTuneConfig}.get(name) if cls is StanceTrainConfig else None
        kwargs[name] = _from_dict(sub, value or {}) if sub else value
    return cls(**kwargs)


def load_config(path: Path) -> StanceTrainConfig:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return _from_dict(StanceTrainConfig, data)


@dataclass
class StanceData:
    train: list[StancePair]
    dev: list[StancePair]
    tests: dict[str, list[StancePair]]  # split name → pairs


def build_data(config: StanceTrainConfig, log: Callable[[str], None] = print) -> StanceData:
    from .corpora import argq_pairs, group_split, handeset_pairs, ibm_claim_stance_pairs
    from .labels import pairs_from_paths

    d = config.data
    root = Path(d.shared_dir)
    train: list[StancePair] = []
    dev: list[StancePair] = []
    tests: dict[str, list[StancePair]] = {}

    def cap(pairs: list[StancePair]) -> list[StancePair]:
        if d.max_train_per_source is None or len(pairs) <= d.max_train_per_source:
            return pairs
        rng = np.random.default_rng(config.seed)
        keep = sorted(rng.choice(len(pairs), d.max_train_per_source, replace=False))
        return [pairs[i] for i in keep]

    if d.handeset:
        pairs = handeset_pairs(root / d.handeset)
        rest, tests["handeset_test"] = group_split(pairs, d.handeset_test_size, config.seed)
        fit, dev = group_split(rest, d.dev_size, config.seed) if d.dev_size else (rest, [])
        train += cap(fit)
        log(f"HanDeSeT: {len(fit)} train, {len(dev)} dev, {len(tests['handeset_test'])} test pairs "
            f"({len({p.group for p in tests['handeset_test']})} test debates)")
    if d.pbc:
        files = sorted(f for entry in d.pbc for f in ((root / entry).glob("*.xml") if (root / entry).is_dir() else [root / entry]))
        held_out = [f for f in files if any(fragment in f.name for fragment in d.pbc_test)]
        pbc_train = pairs_from_paths([f for f in files if f not in held_out])
        train += cap(pbc_train)
        if held_out:
            tests["pbc_test"] = pairs_from_paths(held_out)
        log(f"PBC vote-derived: {len(pbc_train)} train pairs from {len(files) - len(held_out)} sittings, "
            f"{len(tests.get('pbc_test', []))} test pairs from {len(held_out)}")
    if d.ibm_claim_stance:
        pairs = cap(ibm_claim_stance_pairs(root / d.ibm_claim_stance))
        train += pairs
        log(f"IBM Claim Stance: {len(pairs)} train pairs")
    if d.argq:
        pairs = cap(argq_pairs(root / d.argq, min_confidence=d.argq_min_confidence,
                               max_per_topic=d.argq_max_per_topic, seed=config.seed))
        train += pairs
        log(f"IBM ArgQ-30k: {len(pairs)} train pairs")
    return StanceData(train=train, dev=dev, tests=tests)


def parliamentary(pairs: list[StancePair]) -> list[StancePair]:
    """Pairs with speaker/sponsor metadata (HanDeSeT, PBC): what the metadata model learns from."""
    return [p for p in pairs if p.source in ("handeset", "pbc-votes")]


def choose_mix_weight(transformer: np.ndarray, metadata: np.ndarray, pairs: list[StancePair]) -> float:
    """The transformer's share of the log-linear mix with the best macro-F1 on the dev split."""
    gold = [p.label for p in pairs]
    scores = {}
    for w in np.linspace(0, 1, 11):
        pred = [LABELS[i] for i in mix(transformer, metadata, w).argmax(axis=1)]
        scores[round(float(w), 1)] = f1_score(gold, pred, average="macro")
    best = max(scores.values())
    return max(w for w, s in scores.items() if s == best)  # ties: prefer the text


def run_training(config: StanceTrainConfig, output_dir: Path, log: Callable[[str], None] = print) -> dict:
    from .baselines import BASELINES
    from .corpora import to_frame

    started = time.perf_counter()
    set_seed(config.seed)
    data = build_data(config, log)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    in_domain = parliamentary(data.train)

    systems: dict[str, dict[str, np.ndarray | list[str]]] = {name: {} for name in BASELINES}
    for name, make in BASELINES.items():
        estimator = make().fit(to_frame(in_domain), [p.label for p in in_domain])
        for split, pairs in data.tests.items():
            systems[name][split] = list(estimator.predict(to_frame(pairs)))
        log(f"baseline {name} fitted on {len(in_domain)} parliamentary pairs")

    log(f"fine-tuning on {len(data.train)} pairs for {config.model.epochs} epochs")
    model, tokenizer = fine_tune(data.train, config.model, seed=config.seed, log=log)
    fp32 = StancePredictor(model, tokenizer, config.model.encoding)
    metadata = MetadataModel(random_state=config.seed).fit(in_domain)
    weight = 1.0
    if config.ensemble and data.dev:
        weight = choose_mix_weight(fp32.transformer_proba(data.dev), metadata.predict_proba(data.dev), data.dev)
        log(f"mix weight on the transformer chosen on {len(data.dev)} dev pairs: {weight}")

    systems["transformer"], systems["transformer+metadata"] = {}, {}
    for split, pairs in data.tests.items():
        proba = fp32.transformer_proba(pairs)
        systems["transformer"][split] = [LABELS[i] for i in proba.argmax(axis=1)]
        systems["transformer+metadata"][split] = [LABELS[i] for i in mix(proba, metadata.predict_proba(pairs), weight).argmax(axis=1)]

    shipped = "transformer+metadata" if config.ensemble else "transformer"
    save_model(output_dir, model, tokenizer, config, metadata if config.ensemble else None, weight)
    # The numbers users get: the saved model as `parlmine` loads it (fp16 weights, bf16 or int8 inference).
    served = StancePredictor.from_pretrained(output_dir, quantize="auto")
    systems[f"shipped ({served.precision})"] = {split: [label for label, _ in served.predict(pairs)] for split, pairs in data.tests.items()}
    metrics = {
        "shipped": shipped,
        "mix_weight": weight,
        "config": dataclasses.asdict(config),
        "data": {"train": len(data.train), "train_by_source": _count(data.train), "dev": len(data.dev),
                 **{split: len(pairs) for split, pairs in data.tests.items()}},
        "splits": {split: {name: evaluate_predictions(pairs, systems[name][split], seed=config.seed)
                           for name in systems} for split, pairs in data.tests.items()},
        "machine": f"{platform.processor() or platform.machine()}, torch {torch.__version__}, {config.model.threads} threads",
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    write_text_atomic(output_dir / "metrics.json", json.dumps(metrics, indent=1) + "\n")
    write_model_card(output_dir, metrics)
    log(summary_table(metrics))
    return metrics


def _count(pairs: list[StancePair]) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in pairs:
        out[p.source or "?"] = out.get(p.source or "?", 0) + 1
    return out


def save_model(output_dir: Path, model, tokenizer, config: StanceTrainConfig, metadata: MetadataModel | None, weight: float) -> None:
    """fp16 safetensors (≈45 MB for MiniLM) loadable by transformers.pipeline, plus our settings."""
    model.half().save_pretrained(output_dir, safe_serialization=True)
    model.float()
    tokenizer.save_pretrained(output_dir)
    save_encoding_config(output_dir, config.model.encoding)
    if metadata is not None:
        save_metadata_head(output_dir, metadata, weight)


def summary_table(metrics: dict) -> str:
    lines = []
    for split, systems in metrics["splits"].items():
        lines.append(f"\n{split}")
        lines.append(f"  {'system':22} {'accuracy':>9} {'macro-F1':>9}  95% CI (bootstrap over groups)   rebels")
        for name, m in systems.items():
            ci = m["macro_f1_ci"]
            rebels = m.get("rebel_accuracy")
            lines.append(f"  {name:22} {m['accuracy']:9.3f} {m['macro_f1']:9.3f}  [{ci[0]:.3f}, {ci[1]:.3f}]"
                         + (f"                 {rebels:.3f} (n={m['rebels']})" if rebels is not None else ""))
    return "\n".join(lines)


def evaluate_baselines(model_dir: Path, pairs: list[StancePair]) -> tuple[dict[str, dict], str | None]:
    """Refit the baselines on the training data named in the model's metrics.json and score `pairs`.

    Returns ({baseline: metrics}, None) or ({}, a note saying why the baselines were skipped)."""
    from .baselines import BASELINES
    from .corpora import to_frame

    metrics_file = Path(model_dir) / "metrics.json"
    if not metrics_file.exists():
        return {}, f"baselines skipped: {metrics_file} not found"
    config = _from_dict(StanceTrainConfig, json.loads(metrics_file.read_text())["config"])
    try:
        data = build_data(config, log=lambda m: None)
    except FileNotFoundError as exc:
        return {}, f"baselines skipped: training data not found ({exc})"
    in_domain = parliamentary(data.train)
    results = {}
    for name, make in BASELINES.items():
        estimator = make().fit(to_frame(in_domain), [p.label for p in in_domain])
        results[name] = evaluate_predictions(pairs, list(estimator.predict(to_frame(pairs))), seed=config.seed)
    return results, None
