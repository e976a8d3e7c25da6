"""Reporting a run: a progress bar on a terminal, plain periodic lines otherwise (CI, redirected)."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, quiet: bool = False, every: float = 30.0, stream: TextIO | None = None,
                 bar: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total, self.quiet, self.every = total, quiet, every
        self.inputs = self.speeches = self.words = self.errors = 0
        self.started = self._last = time.perf_counter()
        use_bar = self.stream.isatty() if bar is None else bar
        self._bar = None
        if use_bar and not quiet:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="input", file=self.stream, dynamic_ncols=True)

    def rate(self) -> float:
        return self.words / max(1e-9, time.perf_counter() - self.started)

    def status(self) -> str:
        return (f"{self.inputs}/{self.total} inputs, {self.speeches:,} speeches, "
                f"{self.rate():,.0f} words/s, {self.errors} errors")

    def update(self, speeches: int = 0, words: int = 0, error: bool = False) -> None:
        self.inputs += 1
        self.speeches += speeches
        self.words += words
        self.errors += error
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.speeches:,} speeches, {self.rate():,.0f} words/s, {self.errors} errors", refresh=False)
            self._bar.update(1)
        elif not self.quiet and time.perf_counter() - self._last >= self.every:
            self._last = time.perf_counter()
            self.stream.write(f"progress: {self.status()}\n")
            self.stream.flush()

    def write(self, line: str) -> None:
        """A message that must not be garbled by the bar (errors are shown even when quiet)."""
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
