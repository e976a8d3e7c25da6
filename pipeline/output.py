"""Writing outputs atomically: a temporary file beside the target, renamed into place on success."""
from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from pydantic import BaseModel


def _temporary_beside(path: Path) -> tuple[int, str]:
    """mkstemp in the target's directory (so the rename is atomic), with the mode a plain open()
    would give (mkstemp's 0600 would make outputs private to their writer)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, tmp


class JsonlWriter:
    """Context manager writing one JSON object per line to a file (atomically) or stdout.

    On an exception the temporary file is removed and any existing output is left untouched.
    """

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path not in (None, "-") else None
        self._tmp: Path | None = None
        self._fh: IO[str] | None = None
        self._keep = True
        self.count = 0

    def __enter__(self) -> "JsonlWriter":
        if self.path is None:
            self._fh = sys.stdout
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = _temporary_beside(self.path)
            self._tmp = Path(tmp)
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self

    def write(self, record: BaseModel | str) -> None:
        line = record if isinstance(record, str) else record.model_dump_json()
        assert self._fh is not None
        self._fh.write(line + "\n")
        if self.path is None:
            self._fh.flush()
        self.count += 1

    def discard(self) -> None:
        """Leave any existing output as it was (e.g. every input failed and nothing was written)."""
        self._keep = False

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._tmp is None:
            return
        assert self._fh is not None
        try:
            if exc_type is None:
                self._fh.flush()
                os.fsync(self._fh.fileno())
            self._fh.close()
            if exc_type is None and self._keep:
                os.replace(self._tmp, self.path)
        finally:
            if self._tmp.exists():
                self._tmp.unlink()


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` only if the block succeeds,
    so a failed write never leaves a half-written file or loses the old one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temporary_beside(path)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text_atomic(path: Path | str, text: str) -> None:
    """``Path.write_text`` through `atomic_path`: readers see the old file or the whole new one."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
