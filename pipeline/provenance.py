"""Each record's provenance: parlmine's version, the stages run, every model's SHA-256 and the stance
precision, so that a result can be traced to what produced it and reproduced (`--precision fp32`)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .version import __version__
from .record import ModelInfo, Provenance
from .stages import SEGMENT

if TYPE_CHECKING:
    from .stages import Stage


@lru_cache(maxsize=32)
def folder_sha256(path: Path) -> str:
    """SHA-256 over a model folder: each file's path relative to it and its content, in sorted order
    (a single file hashes as itself). Cached: a worker hashes each model once."""
    path = Path(path)
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for file in files:
        digest.update(file.relative_to(path).as_posix().encode() if file != path else b"")
        digest.update(b"\0")
        with file.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def model_info(name: str, path: Path, version: str | None = None) -> ModelInfo:
    return ModelInfo(name=name, version=version, sha256=folder_sha256(Path(path).resolve()))


def provenance(stages: list["Stage"]) -> Provenance:
    precision = next((s.precision for s in stages if s.precision), None)
    return Provenance(parlmine_version=__version__, stages=[SEGMENT, *(s.name for s in stages)],
                      models=[m for s in stages for m in s.models()], stance_precision=precision)
