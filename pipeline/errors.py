"""Errors a user can act on: each names the input and the problem in one line."""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """An input file that cannot be read as a debate transcript."""

    def __init__(self, path: Path | str, problem: str, *, unrecognised: bool = False):
        self.path = str(path)
        self.problem = problem
        #: Not a transcript at all (empty, or no reader knows it), as opposed to a broken one.
        self.unrecognised = unrecognised
        super().__init__(f"{self.path}: {problem}")
