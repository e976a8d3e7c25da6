"""The `parlmine` command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import InputError
from .readers import reader_names
from .source import DEFAULT_MAX_BYTES

app = typer.Typer(
    help="parlmine: argument mining for parliamentary debates. Turns transcripts into annotated JSONL.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


#: --precision: the stance predictor's PRECISIONS, and auto.
PRECISION_CHOICES = ("auto", "fp32", "bf16", "int8")


def _err(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def annotate(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Transcript files, directories (walked for .txt/.xml/.html) or globs.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output JSONL file (written atomically); default stdout.")] = None,
    out_dir: Annotated[Optional[Path], typer.Option("--out-dir", help="Write shards part-00000.jsonl, … of --shard-size records here instead.")] = None,
    shard_size: Annotated[int, typer.Option("--shard-size", help="Records per shard with --out-dir.")] = 1000,
    from_list: Annotated[Optional[str], typer.Option("--from-list", help="Also read inputs named one per line in FILE ('-': stdin).")] = None,
    fmt: Annotated[str, typer.Option("--format", help=f"Input format: auto or one of {', '.join(reader_names())}.")] = "auto",
    stages: Annotated[Optional[str], typer.Option("--stages", help="Comma list of stages to run (segment, procedure, stance, arguments); default every stage.")] = None,
    precision: Annotated[str, typer.Option("--precision", help="The stance model's numeric precision: fp32 (no CPU-specific kernels: to reproduce a result elsewhere), bf16, int8, or auto (bf16 where the CPU has it natively, else int8).")] = "auto",
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse input files larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    workers: Annotated[Optional[int], typer.Option("--workers", help="Parallel workers, each loading the models once (default: the machine's cores).")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (a process pool) or ray (Ray Data; the 'ray' extra: pip install parlmine\\[ray]).")] = "local",
    address: Annotated[Optional[str], typer.Option("--address", help="With --engine ray: an existing cluster (default: start a local Ray).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue a killed run: inputs whose content is already in the output are skipped.")] = False,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Write failed inputs here as JSONL (path, stage, error, message).")] = None,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first failed input.")] = False,
    log_every: Annotated[float, typer.Option("--log-every", help="Seconds between progress lines when not on a terminal.")] = 30.0,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="A line per input written.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Read, segment and annotate debate transcripts into one JSON record per input, in input-path order."""
    import os

    from .batch.engines import ENGINES
    from .batch.jobs import JobSpec, SetupError
    from .batch.runner import BatchOptions, run_batch
    from .batch.sinks import OutputError
    from .stage_plan import parse_stages

    if fmt != "auto" and fmt not in reader_names():
        raise typer.BadParameter(f"unknown format {fmt!r}; choose auto or one of {', '.join(reader_names())}", param_hint="--format")
    if precision not in PRECISION_CHOICES:
        raise typer.BadParameter(f"unknown precision {precision!r}; choose {', '.join(PRECISION_CHOICES)}", param_hint="--precision")
    if engine not in ENGINES:
        raise typer.BadParameter(f"unknown engine {engine!r}; choose {' or '.join(ENGINES)}", param_hint="--engine")
    if output is not None and out_dir is not None:
        raise typer.BadParameter("give -o FILE or --out-dir DIR, not both", param_hint="--out-dir")
    try:
        stage_names = parse_stages(stages)
    except ValueError as exc:  # an unknown stage, or one without what it requires: one line, nothing written
        _err(f"error: --stages {stages}: {exc}")
        raise typer.Exit(2) from None
    if not inputs and not from_list:
        _err("error: no inputs given (name files, directories or globs, or use --from-list)")
        raise typer.Exit(2)
    options = BatchOptions(
        inputs=list(inputs or []), spec=JobSpec(tuple(stage_names), fmt, max_bytes, precision=precision), output=output, out_dir=out_dir,
        shard_size=shard_size, from_list=from_list, workers=workers or os.cpu_count() or 1, engine=engine,
        address=address, resume=resume, errors=errors, fail_fast=fail_fast, quiet=quiet, verbose=verbose, log_every=log_every,
    )
    try:
        summary = run_batch(options, log=_err)
    except (OutputError, SetupError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    if summary.written + summary.failed + summary.skipped + summary.resumed == 0:
        _err("error: no input files found")
        raise typer.Exit(2)
    if summary.failed:
        raise typer.Exit(1)


def _add_stance_commands() -> None:
    from .stance.cli import evaluate_app, stance_app, train_app

    app.add_typer(train_app, name="train")
    app.add_typer(evaluate_app, name="evaluate")
    app.add_typer(stance_app, name="stance")
    from .arguments import cli as _arguments_cli  # noqa: F401  (adds `train claims` and `train evidence`)


_add_stance_commands()


def _add_analysis_commands() -> None:
    from .analysis.cli import register

    register(app)


_add_analysis_commands()


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A JSONL file written by `parlmine annotate`.")],
) -> None:
    """Check every record of a JSONL file against the published JSON Schema."""
    from .validation import validate_jsonl

    try:
        problems, count = validate_jsonl(path)
    except InputError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    for problem in problems:
        _err(f"invalid: {problem}")
    typer.echo(f"{path}: {count} records, {len(problems)} invalid")
    if problems:
        raise typer.Exit(1)


@app.command()
def schema(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the schema here instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of the annotated record."""
    from .record import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    app()
