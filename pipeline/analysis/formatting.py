"""Aligned plain-text tables for the terminal (numbers right-aligned, shares as percentages)."""
from __future__ import annotations

from .stats import ResultTable


def _cell(column: str, value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1%}" if column.endswith("_share") else f"{value:.3f}"
    return str(value)


def format_table(table: ResultTable) -> str:
    cells = [[_cell(c, v) for c, v in zip(table.columns, row)] for row in table.rows]
    numeric = [all(isinstance(row[i], (int, float)) or row[i] is None for row in table.rows) for i in range(len(table.columns))]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    out = [table.title, line(table.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells] or ["(no rows)"]
    out += [f"note: {n}" for n in table.notes]
    return "\n".join(out)
