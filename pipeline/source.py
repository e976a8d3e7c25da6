"""Loading an input file: size cap, binary detection, hashing and text decoding."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import InputError

# Documented in README and `parlmine annotate --help`; a year of Hansard day files is far below this.
DEFAULT_MAX_BYTES = 100_000_000

# Bytes 0x80-0x9F: cp1252 punctuation that ParlParse (and Windows-saved text) carries as C1 controls.
CP1252_C1 = {i: bytes([i]).decode("cp1252", errors="ignore") or chr(i) for i in range(0x80, 0xA0)}
_C1_TABLE = str.maketrans({chr(i): c for i, c in CP1252_C1.items()})


def fix_cp1252_controls(text: str) -> str:
    """Map C1 control characters (U+0080-U+009F) to the cp1252 characters they stand for."""
    return text.translate(_C1_TABLE)


@dataclass(frozen=True)
class SourceDocument:
    path: Path
    data: bytes
    warnings: list[str] = field(default_factory=list, compare=False)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @cached_property
    def text(self) -> str:
        """The decoded text: UTF-8 (BOM allowed), else cp1252, with C1 controls mapped."""
        try:
            text = self.data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = self.data.decode("cp1252", errors="replace")
            self.warnings.append("not valid UTF-8; decoded as cp1252")
        return fix_cp1252_controls(text)

    @property
    def head(self) -> str:
        """The first few KB as text, for format detection."""
        return self.data[:8192].decode("utf-8", errors="replace").lstrip("\ufeff")


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def load_source(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(path, f"file is {size:,} bytes, over the --max-bytes limit of {max_bytes:,}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise InputError(path, "file is empty", unrecognised=True)
    if looks_binary(data):
        raise InputError(path, "binary file, not a text or XML transcript")
    return SourceDocument(path=path, data=data)
