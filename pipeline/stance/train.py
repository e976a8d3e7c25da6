"""`parlmine train stance`: speech-level stance from hand labels, evaluated leave-one-file-out.

Follows the Hugging Face examples: typed dataclass arguments read from a YAML config, the seed set
first, label2id/id2label in the saved config, metrics per split. Every speech-label file is scored
by models that never saw it (rules, structure regression, metadata baseline, transformer alone,
the shipped mix, and a previous model when one is named), then the final model is fitted on all.
Secondary checks: agreement with division votes on the sitting held out in its fold, HanDeSeT's
debate-disjoint test split.
"""
from __future__ import annotations

import dataclasses
import json
import platform
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import torch
import yaml

from ..output import write_text_atomic
from .debate_model import StructureModel, StructureRules
from .evaluation import evaluate_predictions
from .finetune import FineTuneConfig, fine_tune, set_seed
from .metadata import MetadataModel, mix
from .model_card import write_model_card
from .pairs import LABELS, PairContext, StancePair
from .predict import StancePredictor
from .speech_model import SpeechStanceModel, chair_neutral, record_pairs, transformer_view

SOURCE = "speech-labels"


@dataclass
class DataConfig:
    #: Paths below are relative to this directory (the corpora live beside the repository).
    shared_dir: str = "../shared"
    #: Folder of `*.stance.jsonl` speech-label files, and where their transcripts are found.
    speech_labels: list[str] = field(default_factory=lambda: ["data/stance-speech-labels"])
    transcripts: str = "data/twfy-parlparse-xml-2009/scrapedxml"
    #: Speech-label files made for this project (relative to the working directory, not shared_dir),
    #: each scored once by the shipped model before it joined: the structure model trains on them and
    #: they are scored leave-one-file-out; the transformer is fine-tuned on the speech_labels files
    #: only (each file it learns from costs a fine-tune per fold; `make model` stays within 30 minutes),
    #: so a project file's fold uses the final transformer, which never saw it.
    project_labels: list[str] = field(default_factory=list)
    #: Cap on neutral training pairs per file, as a multiple of its support + oppose pairs (the
    #: transformer only): sitting 07 is 92% neutral, mostly speeches on another amendment of a group.
    neutral_cap: float = 1.5
    #: HanDeSeT: its training debates join both readers' training data (speeches on motions, where a
    #: structure model fitted on committee debates alone would say neutral to every speech); its
    #: debate-disjoint test split is a secondary check. ``handeset_train_max``: at most this many
    #: (None: all); ``handeset_transformer_max``: of those, at most this many for the transformer
    #: (each pair costs fine-tuning time in every fold).
    handeset: str | None = "data/handeset/HanDeSeT.csv"
    handeset_test_size: float = 0.25
    handeset_train_max: int | None = 300
    handeset_transformer_max: int | None = None
    #: Cap labelled files' pairs (tiny test runs); None: all.
    max_pairs_per_file: int | None = None


@dataclass
class StanceTrainConfig:
    seed: int = 13
    data: DataConfig = field(default_factory=DataConfig)
    model: FineTuneConfig = field(default_factory=FineTuneConfig)
    #: Regularisation of the structure regression.
    structure_C: float = 0.1
    #: The transformer's share of the log-linear mix with the structure model; None: the weight of
    #: ``mix_weights`` with the best pooled leave-one-file-out macro-F1 (ties: the smaller weight).
    mix_weight: float | None = 0.5
    mix_weights: list[float] = field(default_factory=lambda: [0.0, 0.25, 0.5, 0.75])
    #: The pretrained sentence encoder's topic features (stance/topic.py).
    topic: bool = True
    #: A previously shipped model directory to score beside the new one (optional).
    compare_with: str | None = None
    #: Fine-tune a transformer per held-out file (False: structure models only, for quick runs).
    cross_validate_transformer: bool = True


def _from_dict(cls, data: dict):
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - known
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
class LabelledFile:
    name: str
    pairs: list[StancePair]         # labelled pairs, with context and focused text
    transformer_trained: bool       # the transformer is fine-tuned on this file (the corpus files)
    previous: list[StancePair]      # the same pairs as the previous (party-line) model read them
    vote_pairs: list[StancePair]    # every debated pair of the file, labelled from division votes where known
    coverage: tuple[int, int]       # (labelled, found under debate)


def label_files(config: StanceTrainConfig) -> list[tuple[Path, bool]]:
    """(path, the transformer trains on it) for the corpus files, then the project's own."""
    root = Path(config.data.shared_dir)

    def expand(entries: list[str], base: Path) -> list[Path]:
        found = []
        for entry in entries:
            path = base / entry
            if not path.exists():
                raise FileNotFoundError(f"{path}: no such speech-label file or folder")
            found += sorted(path.glob("*.stance.jsonl")) if path.is_dir() else [path]
        return found

    out = [(p, True) for p in expand(config.data.speech_labels, root)]
    if not out:
        raise FileNotFoundError(f"no *.stance.jsonl under {', '.join(config.data.speech_labels)} in {root}")
    return out + [(p, False) for p in expand(config.data.project_labels, Path("."))]


def build_files(config: StanceTrainConfig, encoder, log: Callable[[str], None] = print) -> list[LabelledFile]:
    """Each speech-label file's pairs, read from its transcript by the reading and procedure stages."""
    from ..annotation import annotate_paths
    from .labels import vote_labels
    from .speech_labels import match_labels, read_speech_labels, transcript_for

    root = Path(config.data.shared_dir)
    files = []
    for path, transformer_trained in label_files(config):
        labels = read_speech_labels(path)
        record = annotate_paths([transcript_for(labels, [root / config.data.transcripts])])[0]
        usable, coverage = match_labels(record, labels)
        votes = {(v.speech_id, v.target): v.vote_label for v in vote_labels(record) if v.vote_label}
        pairs, previous, voted = [], [], []
        for i, tid, pair, _ in record_pairs(record, encoder):
            speech = record.speeches[i]
            key = (speech.id, tid)
            if key in votes:
                voted.append(pair.model_copy(update={"vote_label": votes[key], "label": votes[key], "group": path.name}))
            lab = usable.get(key)
            if lab is None:
                continue
            pairs.append(pair.model_copy(update={"label": lab.label, "group": path.name, "source": SOURCE}))
            previous.append(pair.model_copy(update={"text": speech.text, "context": None, "label": lab.label, "group": path.name}))
        if config.data.max_pairs_per_file and len(pairs) > config.data.max_pairs_per_file:
            keep = np.random.default_rng(config.seed).choice(len(pairs), config.data.max_pairs_per_file, replace=False)
            pairs, previous = [pairs[k] for k in sorted(keep)], [previous[k] for k in sorted(keep)]
        files.append(LabelledFile(path.name, pairs, transformer_trained, previous, voted, (coverage.labelled, coverage.found)))
        log(f"{path.name}: {len(pairs)} labelled pairs ({coverage.found} of {coverage.labelled} under debate), {len(voted)} with a vote")
    return files


def handeset_split(config: StanceTrainConfig) -> tuple[list[StancePair], list[StancePair]]:
    """HanDeSeT (train, test) with the context its metadata gives: motions, no front benches, no movers."""
    from ..parties import canonical_party, governing_when_opposing
    from .corpora import group_split, handeset_pairs
    from .structure import SpeechReading

    d = config.data
    if not d.handeset:
        return [], []
    pairs = handeset_pairs(Path(d.shared_dir) / d.handeset)
    for pair in pairs:
        reading = SpeechReading.of(pair.text)
        _, generic, anywhere = reading.cue_stances("motion-1", False)
        government = pair.sponsor.government
        same = pair.speaker.party and pair.sponsor.party and pair.speaker.party == pair.sponsor.party
        if government:
            side = "government_back" if same else "opposition_back"
        elif same:
            side = "opposition_back"
        else:  # an Opposition motion: who governs follows from whose motion it is, where that is known
            governing = governing_when_opposing(canonical_party(pair.sponsor.party))
            speaker = canonical_party(pair.speaker.party)
            side = ("government_back" if speaker in governing else "opposition_back") if governing and speaker else "unknown"
        pair.context = PairContext(speaker_side=side, owner="government" if government else "opposition_front",
                                   target_kind="motion", same_party="same" if same else "different",
                                   words=len(pair.text.split()), cues_generic=generic, cues_any=anywhere)
    train, test = group_split(pairs, d.handeset_test_size, config.seed)
    return subsample(train, d.handeset_train_max, config.seed), test


def subsample(pairs: list[StancePair], most: int | None, seed: int) -> list[StancePair]:
    """At most ``most`` of the pairs, drawn with the seed, in their order."""
    if not most or len(pairs) <= most:
        return pairs
    keep = np.random.default_rng(seed).choice(len(pairs), most, replace=False)
    return [pairs[k] for k in sorted(keep)]


def capped(pairs: list[StancePair], cap: float, seed: int) -> list[StancePair]:
    """Training pairs for the transformer: neutral pairs cut to ``cap`` × the others, per file."""
    out = []
    rng = np.random.default_rng(seed)
    for group in dict.fromkeys(p.group for p in pairs):
        members = [p for p in pairs if p.group == group]
        neutral = [p for p in members if p.label == "neutral"]
        others = [p for p in members if p.label != "neutral"]
        limit = max(10, int(cap * len(others)))
        if len(neutral) > limit:
            neutral = [neutral[k] for k in sorted(rng.choice(len(neutral), limit, replace=False))]
        out += others + neutral
    return out


def labels_of(proba: np.ndarray) -> list[str]:
    return [LABELS[i] for i in proba.argmax(axis=1)]


def run_training(config: StanceTrainConfig, output_dir: Path, log: Callable[[str], None] = print) -> dict:
    started = time.perf_counter()
    set_seed(config.seed)
    torch.set_num_threads(config.model.threads)
    encoder = None
    if config.topic:
        from .topic import SentenceEncoder

        encoder = SentenceEncoder()
    files = build_files(config, encoder, log)
    handeset_train, handeset_test = handeset_split(config)
    handeset_tuned = subsample(handeset_train, config.data.handeset_transformer_max, config.seed)
    previous = previous_model(config, log)

    systems = ("structure rules", "metadata baseline", "structure model", "transformer alone", "shipped model")
    predictions: dict[str, dict[str, list[str]]] = {s: {} for s in systems}
    vote_predictions: dict[str, list[str]] = {}
    if previous is not None:
        predictions["previous model"] = {}
    structures: dict[str, StructureModel] = {}

    fold_proba: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # (transformer, structure) per held-out file
    vote_proba: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def score_with(held: LabelledFile, transformer: StancePredictor) -> None:
        fold = SpeechStanceModel(structures[held.name], transformer, None)
        fold_proba[held.name] = (fold.transformer_proba(held.pairs), fold.structure_proba(held.pairs))
        predictions["transformer alone"][held.name] = labels_of(fold_proba[held.name][0])
        if held.vote_pairs:
            vote_proba[held.name] = (fold.transformer_proba(held.vote_pairs), fold.structure_proba(held.vote_pairs))

    for held in files:
        train = [p for f in files if f is not held for p in f.pairs]
        structure = structures[held.name] = fit_structure(config, train + handeset_train)
        structure_proba = structure.predict_proba([p.context for p in held.pairs])
        predictions["structure rules"][held.name] = StructureRules().fit([]).predict([p.context for p in held.pairs])
        predictions["structure model"][held.name] = labels_of(structure_proba)
        metadata = MetadataModel(random_state=config.seed).fit(train + handeset_train)
        predictions["metadata baseline"][held.name] = metadata.predict(held.pairs)
        if previous is not None:
            predictions["previous model"][held.name] = [label for label, _ in previous.predict(held.previous)]
        if config.cross_validate_transformer and held.transformer_trained:
            tuned = [p for f in files if f is not held and f.transformer_trained for p in f.pairs]
            log(f"fold {held.name}: fine-tuning on {len(tuned)} pairs of the other files")
            model, tokenizer = fine_tune([transformer_view(p) for p in capped(tuned, config.data.neutral_cap, config.seed) + handeset_tuned],
                                         config.model, seed=config.seed, log=log)
            score_with(held, StancePredictor(model, tokenizer, config.model.encoding))
        elif not config.cross_validate_transformer:
            predictions["transformer alone"][held.name] = predictions["structure model"][held.name]
            predictions["shipped model"][held.name] = labels_of(chair_neutral(held.pairs, structure_proba))
            if held.vote_pairs:
                vote_predictions[held.name] = structure.predict([p.context for p in held.vote_pairs])

    log("fitting the final model on every labelled file")
    every = [p for f in files for p in f.pairs]
    structure = fit_structure(config, every + handeset_train)
    tuned = [p for f in files if f.transformer_trained for p in f.pairs]
    model, tokenizer = fine_tune([transformer_view(p) for p in capped(tuned, config.data.neutral_cap, config.seed) + handeset_tuned],
                                 config.model, seed=config.seed, log=log)
    transformer = StancePredictor(model, tokenizer, config.model.encoding)
    weight_scores: dict[float, float] = {}
    weight = config.mix_weight if config.mix_weight is not None else 0.5  # no folds to choose by without cross-validation
    if config.cross_validate_transformer:
        for held in files:
            if not held.transformer_trained:  # the final transformer never saw a project file
                score_with(held, transformer)
        fixed = [] if config.mix_weight is None else [config.mix_weight]  # scored beside the grid, not a candidate
        weight_scores = mix_weight_scores(files, fold_proba, config.mix_weights + fixed)
        if config.mix_weight is None:
            weight = min(weight_scores, key=lambda w: (-weight_scores[w], w))
            log(f"mix weight {weight} (pooled leave-one-file-out macro-F1 by weight: {weight_scores})")
        for held in files:
            t, st = fold_proba[held.name]
            predictions["shipped model"][held.name] = labels_of(chair_neutral(held.pairs, mix(t, st, weight)))
            if held.name in vote_proba:
                t, st = vote_proba[held.name]
                vote_predictions[held.name] = labels_of(chair_neutral(held.vote_pairs, mix(t, st, weight)))
    final = SpeechStanceModel(structure, transformer, encoder, weight)
    output_dir = Path(output_dir)
    for stale in ("metadata_head.json",):  # the party-line model's head
        (output_dir / stale).unlink(missing_ok=True)
    final.save_pretrained(output_dir, model, tokenizer, config.model.encoding)

    metrics = {
        "shipped": "shipped model",
        "mix_weight": weight,
        "mix_weight_scores": {str(w): round(v, 4) for w, v in sorted(weight_scores.items())},
        "config": dataclasses.asdict(config),
        "data": {"files": {f.name: {"pairs": len(f.pairs), "labelled": f.coverage[0], "under_debate": f.coverage[1]} for f in files},
                 "handeset_train": len(handeset_train), "handeset_test": len(handeset_test)},
        "leave_one_file_out": leave_one_file_out(files, predictions, config.seed),
        "secondary": secondary_checks(files, vote_predictions, handeset_train, handeset_test, output_dir, config, every),
        "machine": f"{platform.processor() or platform.machine()}, torch {torch.__version__}, {config.model.threads} threads",
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    write_text_atomic(output_dir / "metrics.json", json.dumps(metrics, indent=1) + "\n")
    write_model_card(output_dir, metrics)
    log(summary_table(metrics))
    return metrics


def mix_weight_scores(files: list[LabelledFile], fold_proba: dict, weights: list[float]) -> dict[float, float]:
    """Pooled leave-one-file-out macro-F1 of the mix at each transformer weight (0: structure model only)."""
    from sklearn.metrics import f1_score

    gold = [p.label for f in files for p in f.pairs]
    out = {}
    for w in sorted(set(weights)):
        pred = [label for f in files for label in labels_of(chair_neutral(f.pairs, mix(*fold_proba[f.name], w)))]
        out[w] = float(f1_score(gold, pred, average="macro", labels=list(LABELS), zero_division=0))
    return out


def fit_structure(config: StanceTrainConfig, pairs: list[StancePair]) -> StructureModel:
    return StructureModel(C=config.structure_C, random_state=config.seed).fit([p.context for p in pairs], [p.label for p in pairs])


def model_from_git(commit: str, into: Path, path_in_repo: str = "models/stance", repo: Path | None = None) -> Path:
    """``path_in_repo`` as committed at ``commit`` of the repository ``repo`` (default: the working
    directory's), extracted into ``into`` with `git archive` (nothing in the checkout is touched)."""
    archive = subprocess.run(["git", "archive", commit, path_in_repo], cwd=repo, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / path_in_repo


def previous_model(config: StanceTrainConfig, log):
    """The previously shipped (party-line) model named by ``compare_with`` (a model directory, or
    ``git:<commit>`` for `models/stance` as committed there), or None."""
    if not config.compare_with:
        return None
    if config.compare_with.startswith("git:"):
        commit = config.compare_with[4:]
        with tempfile.TemporaryDirectory() as tmp:
            try:
                path = model_from_git(commit, Path(tmp))
            except (OSError, subprocess.CalledProcessError) as error:
                log(f"compare_with: models/stance at {commit} cannot be read from git ({error}); the previous model is left out")
                return None
            return StancePredictor.from_pretrained(path, quantize="auto")  # loaded into memory before tmp goes
    path = Path(config.compare_with)
    if not (path / "config.json").exists():
        log(f"compare_with: {path} is not a model directory; the previous model is left out")
        return None
    return StancePredictor.from_pretrained(path, quantize="auto")


def leave_one_file_out(files: list[LabelledFile], predictions: dict[str, dict[str, list[str]]], seed: int) -> dict:
    """Per system: pooled metrics (bootstrap CI over debates) and each file's row."""
    from functools import partial

    from sklearn.metrics import f1_score

    from .corpora import bootstrap_ci

    macro = partial(f1_score, average="macro", labels=list(LABELS), zero_division=0)
    out = {}
    for system, by_file in predictions.items():
        pooled_pairs = [p for f in files for p in f.pairs]
        pooled_pred = [label for f in files for label in by_file[f.name]]
        pooled = evaluate_predictions(pooled_pairs, pooled_pred, seed=seed)
        gold = [p.label for p in pooled_pairs]
        pooled["macro_f1_ci_debates"] = [round(x, 4) for x in bootstrap_ci(gold, pooled_pred, [p.group for p in pooled_pairs], macro, n=1000, seed=seed)]
        rows = {}
        for f in files:
            rows[f.name] = {"n": len(f.pairs), "macro_f1": round(macro([p.label for p in f.pairs], by_file[f.name]), 4),
                            "accuracy": round(float(np.mean([p.label == q for p, q in zip(f.pairs, by_file[f.name])])), 4)}
        out[system] = {"pooled": pooled, "files": rows}
    return out


def secondary_checks(files, vote_predictions, handeset_train, handeset_test, output_dir, config, every) -> dict:
    """Agreement with division votes of each file's fold model, overall and where it takes a side, beside
    the hand labels' own agreement on the same pairs (a speech on another amendment of the group is
    neutral toward the one divided on, whatever the vote); HanDeSeT's test split for the final model and
    the metadata baseline fitted on the same HanDeSeT training debates."""
    out: dict = {"vote_agreement": {}}
    for f in files:
        if f.name in vote_predictions and f.vote_pairs:
            predicted = vote_predictions[f.name]
            agree = [p.vote_label == q for p, q in zip(f.vote_pairs, predicted)]
            sided = [p.vote_label == q for p, q in zip(f.vote_pairs, predicted) if q != "neutral"]
            hand = {(p.text, p.target): p.label for p in f.pairs}
            labelled = [(p.vote_label, hand[(p.text, p.target)]) for p in f.vote_pairs if (p.text, p.target) in hand]
            out["vote_agreement"][f.name] = {
                "n": len(agree), "agreement": round(float(np.mean(agree)), 4),
                "sided_n": len(sided), "sided_agreement": round(float(np.mean(sided)), 4) if sided else None,
                "hand_labels_n": len(labelled),
                "hand_labels_agreement": round(float(np.mean([v == h for v, h in labelled])), 4) if labelled else None,
                "hand_labels_sided_agreement": round(float(np.mean([v == h for v, h in labelled if h != "neutral"])), 4)
                if any(h != "neutral" for _, h in labelled) else None,
            }
    if handeset_test:
        final = SpeechStanceModel.from_pretrained(output_dir, quantize="auto", topic=False)
        metadata = MetadataModel(random_state=config.seed).fit(handeset_train)
        out["handeset_test"] = {
            "shipped model": evaluate_predictions(handeset_test, [label for label, _ in final.predict(handeset_test)], seed=config.seed),
            "metadata baseline": evaluate_predictions(handeset_test, metadata.predict(handeset_test), seed=config.seed),
        }
    return out


def summary_table(metrics: dict) -> str:
    lines = ["", "leave-one-file-out macro-F1 (pooled [95% CI over debates]; then each file)"]
    for system, m in metrics["leave_one_file_out"].items():
        ci = m["pooled"]["macro_f1_ci_debates"]
        files = "  ".join(f"{r['macro_f1']:.3f}" for r in m["files"].values())
        lines.append(f"  {system:20} {m['pooled']['macro_f1']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]   {files}")
    for name, v in metrics["secondary"]["vote_agreement"].items():
        lines.append(f"  vote agreement, {name}: {v['agreement']:.3f} (n={v['n']}); where it takes a side {v['sided_agreement']} "
                     f"(n={v['sided_n']}); hand labels {v['hand_labels_agreement']}, where they take a side {v['hand_labels_sided_agreement']}")
    for name, m in metrics["secondary"].get("handeset_test", {}).items():
        lines.append(f"  HanDeSeT test, {name}: macro-F1 {m['macro_f1']:.3f}, rebels {m.get('rebel_accuracy')}")
    return "\n".join(lines)


def evaluate_baselines(model_dir: Path, pairs: list[StancePair]) -> tuple[dict[str, dict], str | None]:
    """The structure rules on pairs that carry a context (nothing to fit); the note says what was skipped."""
    with_context = [p for p in pairs if p.context is not None]
    if len(with_context) != len(pairs):
        return {}, "structure rules skipped: pairs without a context"
    return {"structure rules": evaluate_predictions(pairs, StructureRules().fit([]).predict([p.context for p in pairs]))}, None
