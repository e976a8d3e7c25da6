"""The Python API: annotate a transcript (a file or a string of its text), many files, or read records back.

    import parlmine
    record = parlmine.annotate("debate.xml")                    # every stage
    record = parlmine.annotate(text, stages=["segment", "procedure"])
    for record in parlmine.annotate_many(paths, workers=2):     # streamed, in input order
        print(record.title, len(record.speeches))
    records = list(parlmine.read_jsonl("out.jsonl"))

Records are the pydantic models of `parlmine.record` (``record.to_json()`` is the line `parlmine
annotate` writes). The stages and their models are built once per process and reused.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .inputs import TRANSCRIPT_SUFFIXES
from .record import DebateRecord
from .source import DEFAULT_MAX_BYTES, SourceDocument
from .stage_plan import parse_stages
from .stages import Stage



def _stage_names(stages: Sequence[str] | str | None) -> tuple[str, ...]:
    if stages is not None and not isinstance(stages, str):
        stages = ",".join(stages)
    return tuple(parse_stages(stages))


@lru_cache(maxsize=4)
def _built(names: tuple[str, ...], precision: str) -> list[Stage]:
    from .stage_plan import build_stages

    return build_stages(list(names), precision=precision)


def _document(source: str | Path) -> SourceDocument:
    from .source import load_source

    if isinstance(source, Path):
        return load_source(source)
    if not isinstance(source, str):
        raise TypeError(f"source must be a path or a string of transcript text, not {type(source).__name__}")
    if "\n" not in source and len(source) < 4096:
        if Path(source).is_file():
            return load_source(source)
        if Path(source).suffix.lower() in TRANSCRIPT_SUFFIXES:  # meant as a file name: it must exist
            raise InputError(Path(source), "no such file")
    if not source.strip():
        raise InputError(Path("<string>"), "text is empty")
    return SourceDocument(path=Path("<string>"), data=source.encode("utf-8"))


def annotate(source: str | Path, *, format: str = "auto", stages: Sequence[str] | str | None = None,
             precision: str = "auto") -> DebateRecord:
    """Read, segment and annotate one transcript.

    ``source``: a path (``Path``, or a string naming an existing file), or the transcript's text itself.
    ``format``: "auto" or a reader's name (`parlmine.readers.reader_names()`). ``stages``: names (or a
    comma list) of the stages to run, default every stage; a stage whose requirements are missing is an
    error (ValueError), never an empty result. ``precision``: the stance model's (fp32, bf16, int8, auto).
    Raises `parlmine.errors.InputError` (naming the file) on bad input.
    """
    from .annotation import read_document
    from .stage_plan import run_stages

    names = _stage_names(stages)
    record = read_document(_document(source), format)
    return run_stages(record, _built(names, precision))


def annotate_many(paths: Iterable[str | Path], *, workers: int = 1, format: str = "auto",
                  stages: Sequence[str] | str | None = None, precision: str = "auto",
                  errors: str = "raise") -> Iterator[DebateRecord]:
    """Annotate files, yielding records in input order as they are done.

    ``workers`` > 1 runs a process pool, each worker loading the models once (as `parlmine annotate
    --workers`). ``errors``: "raise" stops at the first bad input with its InputError; "skip" leaves it out.
    """
    from .batch.engines import local_outcomes, threads_per_worker
    from .batch.jobs import JobSpec

    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    names = _stage_names(stages)
    if workers <= 1:  # in this process, with the stages `annotate` keeps (models are not loaded again)
        for path in paths:
            try:
                record = annotate(Path(path), format=format, stages=names, precision=precision)
            except Exception:  # noqa: BLE001 — as the process pool does: a failed input is skipped or stops the run
                if errors == "raise":
                    raise
                continue
            yield record
        return
    spec = JobSpec(names, format, DEFAULT_MAX_BYTES, threads=threads_per_worker(workers), precision=precision)
    for outcome in local_outcomes(((str(p), True) for p in paths), spec, workers):
        if outcome.ok:
            yield DebateRecord.model_validate_json(outcome.line)
        elif errors == "raise":
            raise InputError(Path(outcome.path), outcome.error["message"].removeprefix(f"{outcome.path}: "))


def read_jsonl(path: str | Path) -> Iterator[DebateRecord]:
    """The records of a JSONL file written by `parlmine annotate` (any supported schema version)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield DebateRecord.model_validate_json(line)
                except ValueError as exc:
                    raise InputError(path, f"line {lineno}: not a parlmine record ({str(exc).splitlines()[0]})") from None
