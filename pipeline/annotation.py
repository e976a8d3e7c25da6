"""Annotating one input: load, pick a reader, segment, run the stages (the `parlmine.annotate` function is api.py)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .readers import detect_reader, get_reader
from .record import DebateRecord, ReaderWarning
from .source import DEFAULT_MAX_BYTES, SourceDocument, load_source
from .stage_plan import build_stages, parse_stages, run_stages
from .stages import Stage


def read_record(path: Path | str, fmt: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> DebateRecord:
    """Load and segment one input (the `segment` stage); raises InputError on bad input."""
    return read_document(load_source(path, max_bytes=max_bytes), fmt)


def read_document(doc: SourceDocument, fmt: str = "auto") -> DebateRecord:
    """Segment a loaded input (a file, or text given as a string) with the reader of ``fmt``."""
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
    return run_stages(read_record(path, fmt, max_bytes), stages)


def annotate_paths(paths: Iterable[Path | str], fmt: str = "auto", stages: str = "segment,procedure") -> list[DebateRecord]:
    """Read files and run ``stages`` (default: the procedure stage, what stance labels and training need)."""
    built = build_stages(parse_stages(stages))
    return [annotate_file(path, built, fmt=fmt) for path in paths]
