"""Reading annotated JSONL back into records, with errors that name the file and line."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from pydantic import ValidationError

from ..errors import InputError
from ..record import DebateRecord


def expand_inputs(inputs: Iterable[Path | str]) -> list[Path]:
    """Files as given; a directory stands for its ``*.jsonl`` files (e.g. `annotate --out-dir` shards)."""
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.jsonl") if not p.name.startswith("."))
            if not found:
                raise InputError(path, "directory holds no .jsonl files")
            paths += found
        elif not path.exists():
            raise InputError(path, "no such file")
        else:
            paths.append(path)
    return paths


def iter_records(paths: Iterable[Path | str]) -> Iterator[DebateRecord]:
    """Each record of each JSONL file in order; the first bad line raises InputError (path:line)."""
    for path in expand_inputs(paths):
        try:
            fh = path.open(encoding="utf-8")
        except OSError as exc:
            raise InputError(path, exc.strerror or "cannot be read") from None
        with fh:
            records = 0
            try:
                for lineno, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        record = DebateRecord.model_validate_json(line)
                    except ValidationError as exc:
                        raise InputError(f"{path}:{lineno}", _problem(exc)) from None
                    records += 1
                    yield record
            except UnicodeDecodeError:
                raise InputError(path, "not UTF-8 text (is it an annotated JSONL file?)") from None
            if not records:
                raise InputError(path, "no records (an empty file)")


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    if first["type"].startswith("json"):
        return "not a JSON line (is it an annotated JSONL file from `parlmine annotate`?)"
    where = "/".join(map(str, first["loc"])) or "(record)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"not a parlmine record: {where}: {first['msg']}{more}"
