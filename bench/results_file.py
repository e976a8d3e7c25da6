"""Writing one benchmark's section of bench/RESULTS.md, leaving the other sections as they are."""
from __future__ import annotations

import os
import platform
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


def machine() -> str:
    """CPU model, cores, RAM and Python, for the header of each section."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1]) / 2**20
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM, Python {platform.python_version()}, {platform.system()}"
