"""Expanding INPUT arguments (files, directories, globs) into a sorted list of files."""
from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

#: Suffixes picked up when walking a directory; a file named on the command line is always read.
TRANSCRIPT_SUFFIXES = {".txt", ".xml", ".html", ".htm"}


@dataclass(frozen=True, order=True)
class InputFile:
    path: Path
    #: Named by the user (not found by walking a directory): failing to recognise it is an error.
    explicit: bool = True


def expand_inputs(items: list[str]) -> list[InputFile]:
    found: dict[Path, InputFile] = {}
    for item in items:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TRANSCRIPT_SUFFIXES and not child.name.startswith("."):
                    found.setdefault(child, InputFile(child, explicit=False))
        elif not path.exists() and glob.has_magic(item):
            for match in sorted(glob.glob(item, recursive=True)):
                if Path(match).is_file():
                    found.setdefault(Path(match), InputFile(Path(match), explicit=True))
        else:
            # A missing plain path stays in the list so that it is reported as an error.
            found[path] = InputFile(path, explicit=True)
    return sorted(found.values())
