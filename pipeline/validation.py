"""Validating JSONL output against the shipped JSON Schema (independently of the pydantic models)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jsonschema import Draft202012Validator

from .errors import InputError
from .record import SUPPORTED_SCHEMA_VERSIONS

SCHEMA_FILE = "debate-record.schema.json"


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(resources.files("parlmine.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema())


def record_errors(record: dict) -> list[str]:
    errors = [
        f"{'/'.join(map(str, err.absolute_path)) or '(record)'}: {err.message}"
        for err in sorted(validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    ]
    # each version since 1.0 only added optional fields, so the newest schema checks them all
    version = record.get("schema_version") if isinstance(record, dict) else None
    if isinstance(version, str) and version not in SUPPORTED_SCHEMA_VERSIONS:
        errors.append(f"schema_version: {version!r} is not a version this parlmine reads "
                      f"({', '.join(SUPPORTED_SCHEMA_VERSIONS)})")
    return errors


def validate_jsonl(path: Path) -> tuple[list[str], int]:
    """Return (problems, record count); each problem names the line."""
    if not path.exists():
        raise InputError(path, "no such file")
    problems: list[str] = []
    count = 0
    with path.open(encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            count += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{lineno}: not JSON ({exc.msg})")
                continue
            problems += [f"{path}:{lineno}: {e}" for e in record_errors(record)]
    return problems, count
