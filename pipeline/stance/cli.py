"""Stance commands: `parlmine train stance`, `parlmine evaluate stance`, `parlmine stance predict`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..resources import model_dir, offline_hub, shipped_model_dir

offline_hub()  # the command line: nothing is fetched from a model hub

train_app = typer.Typer(help="Train a component from a config.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Evaluate a trained component on labelled data.", no_args_is_help=True)
stance_app = typer.Typer(help="Use the stance classifier directly.", no_args_is_help=True)


def input_error(message: str) -> typer.Exit:
    """A bad input file: one line on stderr naming the file and the problem (typer's BadParameter box
    wraps long paths across lines), exit status 2."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def read_pairs(path: Path, need_labels: bool = False) -> tuple[list, list[dict]]:
    """The pairs of a JSONL file and the raw objects they came from (extra keys are kept in output).
    A bad line is a one-line error naming the file, the line and the field."""
    from pydantic import ValidationError

    from .pairs import StancePair

    if not path.exists():
        raise input_error(f"{path}: no such file") from None
    pairs, raw = [], []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                pair = StancePair.model_validate(obj)
            except json.JSONDecodeError as exc:
                raise input_error(f"{path}:{lineno}: not JSON ({exc.msg})") from None
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(map(str, first["loc"])) or "line"
                raise input_error(f"{path}:{lineno}: {where}: {first['msg']}") from None
            if need_labels and pair.label is None:
                raise input_error(f"{path}:{lineno}: no label (support, oppose or neutral)") from None
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
        raise input_error(f"{config}: {exc}") from None
    run_training(cfg, output or shipped_model_dir("stance"), log=lambda m: typer.echo(m, err=True))


@evaluate_app.command("stance")
def evaluate_stance(
    data: Annotated[Optional[Path], typer.Option("--data", help="Labelled pairs, JSONL: target, text, label, speaker?, sponsor?, context?")] = None,
    speech_labels: Annotated[Optional[list[Path]], typer.Option("--speech-labels", help="Speech-label files (*.stance.jsonl, the GUIDELINES.md format); repeatable.")] = None,
    transcripts: Annotated[Optional[list[Path]], typer.Option("--transcripts", help="Where the speech-label files' transcripts are (files or folders); repeatable.")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="Model directory (default: the shipped model).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Accuracy, macro-F1, per-class P/R/F1 and the confusion matrix of the model (and the structure
    rules) on labelled pairs, or on hand labels of speech-level stance read with their transcripts."""
    from .evaluation import evaluate_predictions
    from .speech_model import SpeechStanceModel
    from .train import evaluate_baselines

    if (data is None) == (not speech_labels):
        raise typer.BadParameter("give either --data PAIRS.jsonl or --speech-labels FILE (with --transcripts DIR)")
    stance_model = SpeechStanceModel.from_pretrained(model or model_dir("stance"), quantize="auto")
    if data is not None:
        pairs, _ = read_pairs(data, need_labels=True)
        what = str(data)
    else:
        pairs, coverage = _speech_label_pairs(speech_labels, transcripts or [], stance_model)
        missing = sum(c.missing for c in coverage.values())
        what = ", ".join(map(str, speech_labels)) + (f" ({missing} labelled pairs not under debate in the transcript, left out)" if missing else "")
    results = {"model": evaluate_predictions(pairs, [label for label, _ in stance_model.predict(pairs)])}
    baselines, note = evaluate_baselines(model or model_dir("stance"), pairs)
    results.update(baselines)
    if as_json:
        typer.echo(json.dumps(results, indent=1))
        return
    typer.echo(f"{what}: {len(pairs)} pairs, {results['model']['groups']} groups")
    typer.echo(f"{'system':22} {'accuracy':>9} {'macro-F1':>9}   " + "   ".join(f"{c:>22}" for c in ("support P/R/F1", "oppose P/R/F1", "neutral P/R/F1")))
    for name, m in results.items():
        cells = []
        for label in ("support", "oppose", "neutral"):
            r = m["per_class"].get(label)
            cells.append(f"{r['precision']:.2f}/{r['recall']:.2f}/{r['f1-score']:.2f}".rjust(22) if r and r["support"] else "—".rjust(22))
        typer.echo(f"{name:22} {m['accuracy']:9.3f} {m['macro_f1']:9.3f}   " + "   ".join(cells))
    typer.echo(f"confusion matrix of the model (rows gold, columns predicted: support, oppose, neutral): {results['model']['confusion_matrix']}")
    if note:
        typer.echo(note, err=True)


def _speech_label_pairs(label_files: list[Path], transcripts: list[Path], stance_model):
    """Labelled pairs from speech-label files, read with their transcripts as the stance stage reads them."""
    from ..annotation import annotate_paths
    from .speech_labels import SpeechLabelError, match_labels, read_speech_labels, transcript_for
    from .speech_model import record_pairs

    pairs, coverage = [], {}
    for path in label_files:
        try:
            labels = read_speech_labels(path)
            record = annotate_paths([transcript_for(labels, transcripts or [path.parent])])[0]
        except SpeechLabelError as exc:
            raise input_error(str(exc)) from None
        usable, coverage[path.name] = match_labels(record, labels)
        for i, tid, pair, _ in record_pairs(record, stance_model.encoder):
            lab = usable.get((record.speeches[i].id, tid))
            if lab is not None:
                pairs.append(pair.model_copy(update={"label": lab.label, "group": path.name}))
    return pairs, coverage


@stance_app.command("predict")
def stance_predict(
    inputs: Annotated[Path, typer.Argument(help="JSONL, one pair per line: target, text, speaker {party, role}?, sponsor {party, government}?")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output JSONL (atomic); default stdout.")] = None,
    model: Annotated[Optional[Path], typer.Option("--model", help="Model directory (default: the shipped model).")] = None,
) -> None:
    """Label (target, speech) pairs: each output line is the input plus `label` and `scores`. A pair's
    optional `context` (speaker_side, mover, owner, named, … as in the record's debate structure) is
    read by the structure model; without it the structure is unknown and the text decides."""
    from ..output import JsonlWriter
    from .speech_model import SpeechStanceModel

    pairs, raw = read_pairs(inputs)
    stance_model = SpeechStanceModel.from_pretrained(model or model_dir("stance"), quantize="auto", topic=False)
    with JsonlWriter(output) as writer:
        for original, (label, scores) in zip(raw, stance_model.predict(pairs)):
            writer.write(json.dumps({**original, "label": label, "scores": scores}, ensure_ascii=False))
