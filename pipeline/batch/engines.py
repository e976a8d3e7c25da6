"""Engines run an `Annotator` over inputs and yield outcomes in input order, whatever the parallelism.

- ``local``: in this process (one worker), or a process pool with the models loaded once per worker;
- ``ray``: Ray Data ``map_batches`` over an actor pool holding the models, on a local Ray started
  here or an existing cluster (``address``). Workers read the inputs by path: on a cluster the
  paths must be visible to every node.
"""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator

from .jobs import Annotator, JobSpec, Outcome, SetupError

ENGINES = ("local", "ray")

_WORKER: Annotator | None = None
_WORKER_ERROR: str | None = None


def _init_worker(spec: JobSpec) -> None:
    global _WORKER, _WORKER_ERROR
    try:
        _WORKER = Annotator(spec)
    except Exception as exc:  # noqa: BLE001 — a pool initializer that raises is restarted forever
        _WORKER_ERROR = f"{type(exc).__name__}: {exc}"


def _run_in_worker(item: tuple[str, bool]) -> Outcome:
    if _WORKER is None:
        return Outcome(item[0], item[1], error={"path": item[0], "stage": "setup", "error": "SetupError", "message": _WORKER_ERROR})
    return _WORKER(*item)


def threads_per_worker(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def local_outcomes(items: Iterable[tuple[str, bool]], spec: JobSpec, workers: int) -> Iterator[Outcome]:
    if workers <= 1:
        annotator = Annotator(spec)
        for path, explicit in items:
            yield annotator(path, explicit)
        return
    # forkserver: workers start clean (forking a process that already runs torch threads is unsafe).
    context = multiprocessing.get_context("forkserver")
    with context.Pool(workers, initializer=_init_worker, initargs=(spec,)) as pool:
        # imap keeps input order; chunksize 1 so one long transcript does not hold back a batch.
        yield from pool.imap(_run_in_worker, items, chunksize=1)


class RayAnnotator:
    """A Ray Data actor: the stages and their models, built once per actor."""

    def __init__(self, spec: JobSpec) -> None:
        self.annotate = Annotator(spec)

    def __call__(self, batch: dict) -> dict:
        outcomes = [self.annotate(str(p), bool(e)) for p, e in zip(batch["path"], batch["explicit"])]
        return {"outcome": [json.dumps(dataclasses.asdict(o)) for o in outcomes]}


def ray_outcomes(items: Iterable[tuple[str, bool]], spec: JobSpec, workers: int, address: str | None = None) -> Iterator[Outcome]:
    import logging

    try:
        import ray
    except ImportError:
        raise SetupError("--engine ray needs Ray: pip install 'parlmine[ray]'") from None

    logging.getLogger("ray").setLevel(logging.WARNING)  # our progress and errors, not Ray's
    started_here = not ray.is_initialized()
    if started_here:
        quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
        if address:
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, **quiet)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # records in input order, as the local engine
        context.enable_progress_bars = False
        rows = [{"path": path, "explicit": explicit} for path, explicit in items]
        if not rows:
            return
        dataset = ray.data.from_items(rows).map_batches(
            RayAnnotator, fn_constructor_kwargs={"spec": spec}, batch_size=1, concurrency=workers, num_cpus=1)
        try:
            for row in dataset.iter_rows():
                yield Outcome(**json.loads(row["outcome"]))
        except ray.exceptions.RayError as exc:  # an actor could not start (each input's own errors come back as outcomes)
            raise SetupError(f"the Ray workers failed: {exc}".splitlines()[0]) from None
    finally:
        if started_here:
            ray.shutdown()


def outcomes(engine: str, items: Iterable[tuple[str, bool]], spec: JobSpec, workers: int,
             address: str | None = None) -> Iterator[Outcome]:
    if engine == "ray":
        return ray_outcomes(items, dataclasses.replace(spec, threads=spec.threads or 1), workers, address)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose {' or '.join(ENGINES)}")
    return local_outcomes(items, dataclasses.replace(spec, threads=spec.threads or threads_per_worker(workers)), workers)
