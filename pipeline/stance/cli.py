"""Stance commands: `parlmine train stance`, `parlmine evaluate stance`, `parlmine stance predict`."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "stance"

train_app = typer.Typer(help="Train a component from a config.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Evaluate a trained component on labelled data.", no_args_is_help=True)
stance_app = typer.Typer(help="Use the stance classifier directly.", no_args_is_help=True)


def default_model_dir() -> Path:
    """The shipped model: models/stance in a source checkout, overridable with PARLMINE_STANCE_MODEL."""
    return Path(os.environ.get("PARLMINE_STANCE_MODEL", DEFAULT_MODEL))


def read_pairs(path: Path, need_labels: bool = False) -> tuple[list, list[dict]]:
    """The pairs of a JSONL file and the raw objects they came from (extra keys are kept in output).
    A bad line is a one-line error naming the file, the line and the field."""
    from pydantic import ValidationError

    from .pairs import StancePair

    if not path.exists():
        raise typer.BadParameter(f"{path}: no such file")
    pairs, raw = [], []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                pair = StancePair.model_validate(obj)
            except json.JSONDecodeError as exc:
                raise typer.BadParameter(f"{path}:{lineno}: not JSON ({exc.msg})") from None
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(map(str, first["loc"])) or "line"
                raise typer.BadParameter(f"{path}:{lineno}: {where}: {first['msg']}") from None
            if need_labels and pair.label is None:
                raise typer.BadParameter(f"{path}:{lineno}: no label (support, oppose or neutral)")
            pairs.append(pair)
            raw.append(obj)
    return pairs, raw


@train_app.command("stance")
def train_stance(
    config: Annotated[Path, typer.Option("--config", help="YAML training config, e.g. configs/stance.yaml.")],
    output: Annotated[Optional[Path], typer.Option("--output", help="Model directory to write.")] = None,
) -> None:
    """Build the data, fit baselines and the fine-tuned transformer, evaluate, save model + metrics.json."""
    from .train import load_config, run_training

    try:
        cfg = load_config(config)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(f"{config}: {exc}") from None
    run_training(cfg, output or default_model_dir(), log=lambda m: typer.echo(m, err=True))


@evaluate_app.command("stance")
def evaluate_stance(
    data: Annotated[Path, typer.Option("--data", help="Labelled pairs, JSONL: target, text, label, speaker?, sponsor?")],
    model: Annotated[Optional[Path], typer.Option("--model", help="Model directory (default: the shipped model).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Accuracy, macro-F1 and per-class P/R/F1 for the model and the baselines on a labelled file."""
    from .evaluation import evaluate_predictions
    from .predict import StancePredictor
    from .train import evaluate_baselines

    pairs, _ = read_pairs(data, need_labels=True)
    model_dir = model or default_model_dir()
    predictor = StancePredictor.from_pretrained(model_dir, quantize="auto")
    results = {"model": evaluate_predictions(pairs, [label for label, _ in predictor.predict(pairs)])}
    baselines, note = evaluate_baselines(model_dir, pairs)
    results.update(baselines)
    if as_json:
        typer.echo(json.dumps(results, indent=1))
        return
    typer.echo(f"{data}: {len(pairs)} pairs, {results['model']['groups']} groups")
    typer.echo(f"{'system':22} {'accuracy':>9} {'macro-F1':>9}   " + "   ".join(f"{c:>22}" for c in ("support P/R/F1", "oppose P/R/F1", "neutral P/R/F1")))
    for name, m in results.items():
        cells = []
        for label in ("support", "oppose", "neutral"):
            r = m["per_class"].get(label)
            cells.append(f"{r['precision']:.2f}/{r['recall']:.2f}/{r['f1-score']:.2f}".rjust(22) if r and r["support"] else "—".rjust(22))
        typer.echo(f"{name:22} {m['accuracy']:9.3f} {m['macro_f1']:9.3f}   " + "   ".join(cells))
    if note:
        typer.echo(note, err=True)


@stance_app.command("predict")
def stance_predict(
    inputs: Annotated[Path, typer.Argument(help="JSONL, one pair per line: target, text, speaker {party, role}?, sponsor {party, government}?")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output JSONL (atomic); default stdout.")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="Model directory (default: the shipped model).")] = None,
) -> None:
    """Label (target, speech) pairs: each output line is the input plus `label` and `scores`."""
    from ..output import JsonlWriter
    from .predict import StancePredictor

    pairs, raw = read_pairs(inputs)
    predictor = StancePredictor.from_pretrained(model or default_model_dir(), quantize="auto")
    with JsonlWriter(output) as writer:
        for original, (label, scores) in zip(raw, predictor.predict(pairs)):
            writer.write(json.dumps({**original, "label": label, "scores": scores}, ensure_ascii=False))
