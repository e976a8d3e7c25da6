"""Writing a table as Parquet or CSV, atomically."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from ..output import atomic_path

FORMATS = ("parquet", "csv")
LIST_SEPARATOR = "; "


def _csv_ready(table: pa.Table) -> pa.Table:
    """CSV has no lists: list columns (targets, statistics, group) become "a; b" strings."""
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type):
            joined = pc.binary_join(table.column(i), LIST_SEPARATOR)
            table = table.set_column(i, pa.field(field.name, pa.string()), joined)
    return table


def write_table(table: pa.Table, path: Path | str, fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose {' or '.join(FORMATS)}")
    with atomic_path(path) as tmp:
        if fmt == "parquet":
            pq.write_table(table, tmp)
        else:
            pa_csv.write_csv(_csv_ready(table), tmp)
