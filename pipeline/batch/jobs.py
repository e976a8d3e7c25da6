"""The unit of work every engine runs: one input path → one `Outcome` (a JSON line or an error).

An `Annotator` builds the stages (and loads their models) once and is reused for every input, in
the main process, in each worker of a process pool, or in each Ray actor.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..annotation import read_record
from ..errors import InputError
from ..record import DebateRecord
from ..source import DEFAULT_MAX_BYTES
from ..provenance import provenance
from ..stage_plan import build_stages
from ..stages import SEGMENT


class SetupError(Exception):
    """The stages could not be built (a model missing, Ray not installed): nothing can be annotated."""


@dataclass(frozen=True)
class JobSpec:
    stages: tuple[str, ...]
    fmt: str = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    #: torch threads per worker (None: torch's default); workers × threads should not exceed the cores.
    threads: int | None = None
    #: the stance model's numeric precision: fp32, bf16, int8 or auto
    precision: str = "auto"


@dataclass
class Outcome:
    path: str
    explicit: bool = True
    line: str | None = None  # the record as one JSON line
    sha256: str | None = None
    format: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage
    error: dict | None = None  # {"path", "stage", "error", "message"}
    skipped: bool = False  # found by walking a directory and not a transcript at all

    @property
    def ok(self) -> bool:
        return self.line is not None


def counts(record: DebateRecord) -> dict[str, int]:
    speeches = record.speeches
    return {
        "speeches": len(speeches),
        "targets": len(record.targets),
        "divisions": len(record.divisions),
        "stances": sum(len(s.stances) for s in speeches),
        "claims": sum(len(s.claims) for s in speeches) + sum(len(e.claims) for e in record.events),
        "citations": sum(len(s.evidence) for s in speeches) + sum(len(e.evidence) for e in record.events),
        "warnings": len(record.warnings),
        "words": sum(len(s.text.split()) for s in speeches) + sum(len(e.text.split()) for e in record.events),
    }


class Annotator:
    def __init__(self, spec: JobSpec) -> None:
        if spec.threads:
            import torch

            torch.set_num_threads(spec.threads)
        self.spec = spec
        try:
            self.stages = build_stages(list(spec.stages), precision=spec.precision)
        except (OSError, ValueError) as exc:
            raise SetupError(str(exc)) from None

    def __call__(self, path: str, explicit: bool = True) -> Outcome:
        stage, seconds = SEGMENT, {}
        try:
            start = time.perf_counter()
            record = read_record(path, self.spec.fmt, self.spec.max_bytes)
            seconds[SEGMENT] = time.perf_counter() - start
            for step in self.stages:
                stage, start = step.name, time.perf_counter()
                step(record)
                seconds[stage] = time.perf_counter() - start
            record.provenance = provenance(self.stages)
        except InputError as exc:
            error = {"path": path, "stage": stage, "error": type(exc).__name__, "message": str(exc)}
            return Outcome(path, explicit, error=error, skipped=not explicit and exc.unrecognised)
        except Exception as exc:  # noqa: BLE001 — a failure on one input is recorded and the run goes on
            error = {"path": path, "stage": stage, "error": type(exc).__name__, "message": f"{path}: {exc}"}
            return Outcome(path, explicit, error=error)
        return Outcome(path, explicit, line=record.model_dump_json(), sha256=record.source.sha256,
                       format=record.source.format, counts=counts(record), seconds=seconds)
