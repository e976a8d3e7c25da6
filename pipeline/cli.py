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


def _err(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def annotate(
    inputs: Annotated[list[str], typer.Argument(help="Transcript files, directories (walked for .txt/.xml/.html) or globs.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output JSONL file (written atomically); default stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", help=f"Input format: auto or one of {', '.join(reader_names())}.")] = "auto",
    stages: Annotated[Optional[str], typer.Option("--stages", help="Comma list of stages to run (segment, procedure, …); default every stage.")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse input files larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Read, segment and annotate debate transcripts into one JSON record per input."""
    from .annotate import annotate_file
    from .inputs import expand_inputs
    from .output import JsonlWriter
    from .stages import build_stages, parse_stages

    if fmt != "auto" and fmt not in reader_names():
        raise typer.BadParameter(f"unknown format {fmt!r}; choose auto or one of {', '.join(reader_names())}", param_hint="--format")
    try:
        stage_names = parse_stages(stages)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--stages") from None
    pipeline = build_stages(stage_names)
    files = expand_inputs(inputs)
    if not files:
        _err("error: no input files found")
        raise typer.Exit(2)

    failed = skipped = 0
    totals = {"speeches": 0, "targets": 0, "divisions": 0}
    with JsonlWriter(output) as writer:
        for item in files:
            try:
                record = annotate_file(item.path, pipeline, fmt=fmt, max_bytes=max_bytes)
            except InputError as exc:
                if not item.explicit and exc.unrecognised:
                    skipped += 1
                    if not quiet:
                        _err(f"skipped {exc}")
                    continue
                failed += 1
                _err(f"error: {exc}")
                continue
            writer.write(record)
            totals["speeches"] += len(record.speeches)
            totals["targets"] += len(record.targets)
            totals["divisions"] += len(record.divisions)
            if not quiet:
                _err(
                    f"ok {item.path}: {record.source.format}, {len(record.speeches)} speeches, "
                    f"{len(record.targets)} targets, {len(record.divisions)} divisions, "
                    f"{sum(len(s.stances) for s in record.speeches)} stances, "
                    f"{sum(len(s.claims) for s in record.speeches)} claims, "
                    f"{sum(len(s.evidence) for s in record.speeches) + sum(len(e.evidence) for e in record.events)} citations, "
                    f"{len(record.warnings)} warnings"
                )
        if failed and not writer.count:
            writer.discard()
    if not quiet:
        where = f" to {output}" if output else ""
        if failed and not writer.count:
            where = f"; {output} left as it was" if output else ""
        _err(
            f"wrote {writer.count} records{where}: {totals['speeches']} speeches, {totals['targets']} targets, "
            f"{totals['divisions']} divisions; {failed} failed" + (f", {skipped} skipped" if skipped else "")
        )
    if failed:
        raise typer.Exit(1)


def _add_stance_commands() -> None:
    from .stance.cli import evaluate_app, stance_app, train_app

    app.add_typer(train_app, name="train")
    app.add_typer(evaluate_app, name="evaluate")
    app.add_typer(stance_app, name="stance")
    from .arguments import cli as _arguments_cli  # noqa: F401  (adds `train claims` and `train evidence`)


_add_stance_commands()


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
