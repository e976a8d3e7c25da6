"""Writing one benchmark's section of bench/RESULTS.md, leaving the other sections as they are."""
from __future__ import annotations

from pathlib import Path


def write_section(results: Path, start: str, end: str, lines: list[str]) -> str:
    """Replace the block between the ``start`` and ``end`` markers (or append it); return the block."""
    block = "\n".join([start, *lines, end]) + "\n"
    old = results.read_text() if results.exists() else "# Benchmarks\n\nWritten by `make bench`.\n\n"
    if start in old and end in old:
        new = old[: old.index(start)] + block + old[old.index(end) + len(end) + 1:]
    else:
        new = old.rstrip("\n") + "\n\n" + block
    results.write_text(new)
    return block
