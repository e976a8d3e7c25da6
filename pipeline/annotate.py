"""Annotating one input: load, pick a reader, segment, run the stages."""
from __future__ import annotations

from pathlib import Path

from .readers import detect_reader, get_reader
from .record import DebateRecord, ReaderWarning
from .source import DEFAULT_MAX_BYTES, load_source
from .stages import Stage


def read_record(path: Path | str, fmt: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> DebateRecord:
    """Load and segment one input (the `segment` stage); raises InputError on bad input."""
    doc = load_source(path, max_bytes=max_bytes)
    reader = detect_reader(doc) if fmt == "auto" else get_reader(fmt)
    record = reader.read(doc)
    record.warnings[:0] = [ReaderWarning(message=w) for w in doc.warnings]
    return record


def annotate_file(
    path: Path | str,
    stages: list[Stage],
    fmt: str = "auto",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> DebateRecord:
    record = read_record(path, fmt, max_bytes)
    for stage in stages:
        stage(record)
    return record
