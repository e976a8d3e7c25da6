"""`parlmine export`, `parlmine stats` and `parlmine report`: analysis of annotated JSONL."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import InputError

if TYPE_CHECKING:
    from .stats import ResultTable

PLOT_SUFFIXES = (".png", ".svg", ".pdf")
INPUTS_HELP = "Annotated JSONL files from `parlmine annotate` (a directory: its *.jsonl shards)."


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def register(app: typer.Typer) -> None:
    from .export import FORMATS
    from .stats import GROUPINGS
    from .tables import TABLES

    table_help = "; ".join(f"{name}: {spec.description}" for name, spec in TABLES.items())

    @app.command()
    def export(
        inputs: Annotated[list[Path], typer.Argument(help=INPUTS_HELP)],
        table: Annotated[str, typer.Option("--table", help=f"Which table ({' | '.join(TABLES)}). {table_help}.")],
        output: Annotated[Path, typer.Option("-o", "--output", help="File to write (atomically).")],
        fmt: Annotated[Optional[str], typer.Option("--format", help=f"{' or '.join(FORMATS)}; default from the -o suffix.")] = None,
    ) -> None:
        """Write one flat, typed table (one row per item, debate_id/speech_id keys) as Parquet or CSV."""
        from .export import write_table
        from .tables import load_tables

        if table not in TABLES:
            raise typer.BadParameter(f"unknown table {table!r}; choose one of {', '.join(TABLES)}", param_hint="--table")
        fmt = fmt or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise typer.BadParameter(f"unknown format {fmt!r}; choose {' or '.join(FORMATS)} (or name the file .parquet/.csv)", param_hint="--format")
        try:
            result = load_tables(inputs, [table])[table]
        except InputError as exc:
            raise _fail(str(exc)) from None
        try:
            write_table(result, output, fmt)
        except OSError as exc:
            raise _fail(f"{output}: {exc.strerror or exc}", 2) from None
        typer.echo(f"{output}: {result.num_rows} rows, {result.num_columns} columns ({table}, {fmt})", err=True)

    @app.command()
    def stats(
        inputs: Annotated[list[Path], typer.Argument(help=INPUTS_HELP)],
        by: Annotated[str, typer.Option("--by", help=f"Group stance counts by {' | '.join(GROUPINGS)}.")] = "target",
        top: Annotated[int, typer.Option("--top", min=1, help="Evidence sources listed per party.")] = 5,
        as_json: Annotated[bool, typer.Option("--json", help="Print the tables as one JSON object (for machines).")] = False,
        plot: Annotated[Optional[Path], typer.Option("--plot", help="Also save a chart of the stance counts by the --by grouping (.png, .svg or .pdf).")] = None,
    ) -> None:
        """Stance distributions, agreement with division votes (accuracy, Cohen's kappa) and the most-cited evidence sources by party (DuckDB)."""
        from .formatting import format_table
        from .stats import run_stats
        from .tables import load_tables

        if by not in GROUPINGS:
            raise typer.BadParameter(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}", param_hint="--by")
        if plot is not None and plot.suffix.lower() not in PLOT_SUFFIXES:
            raise typer.BadParameter(f"{plot}: name the chart .png, .svg or .pdf", param_hint="--plot")
        try:
            results = run_stats(load_tables(inputs, ["stances", "evidence"]), by=by, top=top)
        except InputError as exc:
            raise _fail(str(exc)) from None
        if plot is not None:
            _plot(results[0], by, plot)
        if as_json:
            typer.echo(json.dumps({r.name: {"title": r.title, "rows": r.as_dicts(), "notes": r.notes} for r in results},
                                  ensure_ascii=False, indent=2))
        else:
            typer.echo("\n\n".join(format_table(r) for r in results))

    @app.command()
    def report(
        inputs: Annotated[list[Path], typer.Argument(help=INPUTS_HELP)],
        output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write (atomically).")],
        title: Annotated[Optional[str], typer.Option("--title", help="Page title (default: the input file names).")] = None,
    ) -> None:
        """One self-contained HTML page: speeches with stance badges and highlighted claims and evidence, targets, divisions, charts."""
        from .report import render_report

        try:
            counts = render_report(inputs, output, title=title)
        except InputError as exc:
            raise _fail(str(exc)) from None
        except OSError as exc:
            raise _fail(f"{output}: {exc.strerror or exc}", 2) from None
        typer.echo(f"{output}: {counts['debates']} debates, {counts['speeches']} speeches", err=True)


def _plot(distribution: "ResultTable", by: str, path: Path) -> None:
    from ..output import atomic_path
    from .charts import save_stance_chart
    from .stats import GROUPINGS

    key_count = len(GROUPINGS[by])  # the grouping columns come first, then n and the counts
    rows = [(" · ".join(str(v) for v in row[:key_count]), *row[key_count + 1:key_count + 4]) for row in distribution.rows]
    with atomic_path(path) as tmp:
        save_stance_chart(rows, distribution.title, tmp, fmt=path.suffix.lstrip(".").lower())
