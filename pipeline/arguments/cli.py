"""`parlmine train claims|evidence`: retrain the argument classifiers from a YAML config."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..stance.cli import train_app
from ..resources import shipped_model_dir


def _train(task: str, config: Path, output: Optional[Path], default: Path) -> None:
    from .train import load_config, run_training

    try:
        cfg = load_config(config)
    except (OSError, ValueError, TypeError) as exc:
        raise typer.BadParameter(f"{config}: {exc}", param_hint="--config") from None
    if cfg.task != task:
        raise typer.BadParameter(f"{config}: a config for {cfg.task!r}, not {task!r}", param_hint="--config")
    try:
        run_training(cfg, output or default, log=lambda m: typer.echo(m, err=True))
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


@train_app.command("claims")
def train_claims(
    config: Annotated[Path, typer.Option("--config", help="YAML training config, e.g. configs/claims.yaml.")],
    output: Annotated[Optional[Path], typer.Option("--output", help="Model directory to write (default models/claims).")] = None,
) -> None:
    """Train the claim detector (spaCy textcat) on IBM claims and labelled parliamentary sentences; write metrics.json."""
    _train("claims", config, output, shipped_model_dir("claims"))


@train_app.command("evidence")
def train_evidence(
    config: Annotated[Path, typer.Option("--config", help="YAML training config, e.g. configs/evidence.yaml.")],
    output: Annotated[Optional[Path], typer.Option("--output", help="Model directory to write (default models/evidence).")] = None,
) -> None:
    """Train the evidence-type classifier (study / expert / anecdote) on IBM evidence; write metrics.json."""
    _train("evidence", config, output, shipped_model_dir("evidence"))
