"""`parlmine annotate` over any number of inputs: expand, skip what a resumed run already wrote,
run an engine, write in input order, record failures and go on, report progress and a summary."""
from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs import InputFile, expand_inputs
from ..output import JsonlWriter
from .engines import outcomes
from .jobs import JobSpec, SetupError
from .progress import Progress
from .sinks import FileSink, OutputError, ShardSink, StdoutSink

COUNTED = ("speeches", "targets", "divisions", "stances", "claims", "citations")


@dataclass
class BatchOptions:
    inputs: list[str]
    spec: JobSpec
    output: Path | None = None
    out_dir: Path | None = None
    shard_size: int = 1000
    from_list: str | None = None
    workers: int = 1
    engine: str = "local"
    address: str | None = None
    resume: bool = False
    errors: Path | None = None
    fail_fast: bool = False
    quiet: bool = False
    verbose: bool = False
    log_every: float = 30.0


@dataclass
class BatchSummary:
    written: int = 0
    resumed: int = 0
    failed: int = 0
    skipped: int = 0
    totals: dict[str, int] = field(default_factory=lambda: {k: 0 for k in COUNTED})
    kept_previous: bool = False


def read_list(source: str) -> list[str]:
    """Inputs named one per line in a file, or on stdin for "-"; blank lines and # comments ignored."""
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise OutputError(f"{source}: cannot read the input list ({exc.strerror or exc})") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def file_sha256(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None  # the annotator reports it


def run_batch(options: BatchOptions, log=None) -> BatchSummary:
    log = log or (lambda line: sys.stderr.write(line + "\n"))
    inputs = list(options.inputs) + (read_list(options.from_list) if options.from_list else [])
    files = expand_inputs(inputs)
    if options.resume and options.output is None and options.out_dir is None:
        raise OutputError("--resume needs -o FILE or --out-dir DIR")
    if options.out_dir is not None:
        sink = ShardSink(options.out_dir, options.shard_size, options.resume)
    elif options.output is not None:
        sink = FileSink(options.output, options.resume)
    else:
        sink = StdoutSink()
    summary = BatchSummary(resumed=sink.count)
    pending = pending_inputs(files, sink.done)
    workers = max(1, min(options.workers, len(pending)))
    progress = Progress(len(pending), quiet=options.quiet, every=options.log_every)
    errors: list[dict] = []
    try:
        for outcome in outcomes(options.engine, pending, options.spec, workers, options.address):
            if outcome.skipped:
                summary.skipped += 1
                progress.update()
                if not options.quiet:
                    progress.write(f"skipped {outcome.error['message']}")
                continue
            if not outcome.ok and outcome.error["stage"] == "setup":
                raise SetupError(f"the workers could not start: {outcome.error['message']}")
            if not outcome.ok:
                summary.failed += 1
                errors.append(outcome.error)
                progress.update(error=True)
                progress.write(f"error: {outcome.error['message']}")
                if options.fail_fast:
                    progress.write("stopping at the first failure (--fail-fast)")
                    break
                continue
            sink.write(outcome.line)
            summary.written += 1
            for key in COUNTED:
                summary.totals[key] += outcome.counts.get(key, 0)
            progress.update(outcome.counts.get("speeches", 0), outcome.counts.get("words", 0))
            if options.verbose:
                c = outcome.counts
                progress.write(f"ok {outcome.path}: {outcome.format}, {c['speeches']} speeches, {c['targets']} targets, {c['divisions']} divisions, "
                               f"{c['stances']} stances, {c['claims']} claims, {c['citations']} citations, {c['warnings']} warnings")
    except BaseException:
        sink.abort()  # a crash, Ctrl-C or a worker that cannot start: the partial output stays for --resume
        raise
    else:
        summary.kept_previous = not sink.close()
    finally:
        progress.close()
        if options.errors is not None:
            with JsonlWriter(options.errors) as writer:
                for error in errors:
                    writer.write(json.dumps(error, ensure_ascii=False))
    if not options.quiet:
        where = f" to {sink.where}" if sink.where != "stdout" else ""
        if summary.kept_previous and options.output is not None:
            where = f"; {options.output} left as it was"
        resumed = f" ({summary.resumed} already written, resumed)" if summary.resumed else ""
        t = summary.totals
        log(f"wrote {summary.written} records{where}{resumed}: {t['speeches']} speeches, {t['targets']} targets, "
            f"{t['divisions']} divisions, {t['stances']} stances, {t['claims']} claims, {t['citations']} citations; "
            f"{summary.failed} failed" + (f", {summary.skipped} skipped" if summary.skipped else "")
            + (f"; {progress.rate():,.0f} words/s" if summary.written else ""))
        if errors and options.errors is not None:
            log(f"failures listed in {options.errors}")
    return summary


def pending_inputs(files: list[InputFile], done: Counter) -> list[tuple[str, bool]]:
    """(path, explicit) of the inputs still to do: with --resume, those whose content is already in
    the output are left out (two inputs with the same content are two records, so hashes are counted).
    Paths only: documents are read one at a time by the workers."""
    left = Counter(done)
    pending = []
    for item in files:
        digest = file_sha256(item.path) if left else None
        if digest is not None and left[digest] > 0:
            left[digest] -= 1
            continue
        pending.append((str(item.path), item.explicit))
    return pending
