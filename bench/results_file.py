"""Shared by the benchmarks: writing one section of bench/RESULTS.md (leaving the others as they are),
the machine's description, and timing a command with its peak memory."""
from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path

import psutil


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


def run_measured(cmd: list[str], cwd: Path, env: dict | None = None, interval: float = 0.1) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB summed over the command and its child processes, sampled every
    ``interval`` s); exits with the command's stderr if it fails."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(interval)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, peak / 1e6
