"""Where records go: one JSONL file, a directory of shards, or stdout.

Records are appended (and flushed) to a hidden ``.partial`` file as they arrive, so a killed run
loses at most the line being written; the partial file becomes the output by an atomic rename when
the run ends (a shard when it is full). ``resume`` reads what a killed run left, drops a truncated
last line, and reports the content hashes already written so those inputs are skipped.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written as asked (e.g. shards already there without --resume)."""


def _complete_lines(path: Path) -> list[str]:
    """The complete lines of a partial file, truncating it after the last newline."""
    data = path.read_bytes()
    keep = data[: data.rfind(b"\n") + 1]
    if len(keep) != len(data):
        with path.open("r+b") as fh:
            fh.truncate(len(keep))
    return keep.decode("utf-8").splitlines()


def _hash(line: str, where: Path) -> str:
    try:
        return json.loads(line)["source"]["sha256"]
    except (ValueError, KeyError, TypeError):
        raise OutputError(f"{where}: a line is not a parlmine record; cannot resume from it") from None


def _finalise(partial: Path, target: Path) -> None:
    with partial.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)


class FileSink:
    def __init__(self, path: Path, resume: bool = False) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        lines: list[str] = []
        if resume and self.partial.exists():
            lines = _complete_lines(self.partial)
        elif resume and path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            self.partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        elif self.partial.exists():
            self.partial.unlink()
        self.done = Counter(_hash(line, self.partial) for line in lines)
        self.count = len(lines)
        self._fh = self.partial.open("a", encoding="utf-8", newline="\n")

    def write(self, line: str) -> None:
        self._fh.write(line + "\n")
        self._fh.flush()
        self.count += 1

    def abort(self) -> None:
        """Interrupted: keep what was written in the partial file for --resume, touch nothing else."""
        self._fh.close()
        if self.count == 0:
            self.partial.unlink(missing_ok=True)

    def close(self) -> bool:
        """Make the output final; with nothing written, leave any existing output as it was."""
        self._fh.close()
        if self.count == 0:
            self.partial.unlink(missing_ok=True)
            return False
        _finalise(self.partial, self.path)
        return True

    @property
    def where(self) -> str:
        return str(self.path)


class ShardSink:
    """``part-00000.jsonl``, ``part-00001.jsonl``, … of ``shard_size`` records each, in input order."""

    def __init__(self, directory: Path, shard_size: int, resume: bool = False) -> None:
        if shard_size < 1:
            raise OutputError(f"--shard-size must be at least 1, not {shard_size}")
        self.directory, self.shard_size = directory, shard_size
        directory.mkdir(parents=True, exist_ok=True)
        shards = sorted(directory.glob("part-*.jsonl"))
        partials = sorted(directory.glob(".part-*.jsonl.partial"))
        if (shards or partials) and not resume:
            raise OutputError(f"{directory}: already holds shards; use --resume to continue that run, or an empty directory")
        self.done: Counter = Counter()
        for shard in shards:
            self.done.update(_hash(line, shard) for line in shard.read_text(encoding="utf-8").splitlines())
        self.index, self.in_shard = len(shards), 0
        for extra in partials[1:]:  # only the newest shard can be partial
            extra.unlink()
        if partials:
            lines = _complete_lines(partials[0])
            self.done.update(_hash(line, partials[0]) for line in lines)
            self.in_shard = len(lines)
            if partials[0] != self._partial():
                os.replace(partials[0], self._partial())
        self.count = sum(self.done.values())
        self._fh = self._partial().open("a", encoding="utf-8", newline="\n")

    def _partial(self) -> Path:
        return self.directory / f".part-{self.index:05d}.jsonl.partial"

    def write(self, line: str) -> None:
        self._fh.write(line + "\n")
        self._fh.flush()
        self.count += 1
        self.in_shard += 1
        if self.in_shard == self.shard_size:
            self._fh.close()
            _finalise(self._partial(), self.directory / f"part-{self.index:05d}.jsonl")
            self.index, self.in_shard = self.index + 1, 0
            self._fh = self._partial().open("a", encoding="utf-8", newline="\n")

    def abort(self) -> None:
        self._fh.close()
        if self.in_shard == 0:
            self._partial().unlink(missing_ok=True)

    def close(self) -> bool:
        self._fh.close()
        if self.in_shard:
            _finalise(self._partial(), self.directory / f"part-{self.index:05d}.jsonl")
        else:
            self._partial().unlink(missing_ok=True)
        return self.count > 0

    @property
    def where(self) -> str:
        return f"{self.directory}/part-*.jsonl"


class StdoutSink:
    where = "stdout"

    def __init__(self) -> None:
        self.count = 0
        self.done: Counter = Counter()

    def write(self, line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        self.count += 1

    def abort(self) -> None:
        sys.stdout.flush()

    def close(self) -> bool:
        return self.count > 0
