"""Benchmark the analysis commands on a real annotated run: `parlmine export` (every table, Parquet),
`parlmine stats` and `parlmine report` — wall time (median of 3) and peak RSS, at 1× and 10× the run.

    python bench/bench_analysis.py --shared ../shared --results bench/RESULTS.md
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_batch import corpus  # the same 21 inputs as the end-to-end benchmark
from results_file import machine, run_measured, write_section
from parlmine.analysis.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]
MARK_START, MARK_END = "<!-- bench_analysis:start -->", "<!-- bench_analysis:end -->"


def timed(*args: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `parlmine` command."""
    return run_measured([sys.executable, "-m", "parlmine.cli", *args], ROOT, interval=0.05)


def measure(run: Path, work: Path, repeats: int) -> dict[str, tuple[float, float, list[float]]]:
    commands = {f"export --table {name}": ["export", str(run), "--table", name, "-o", str(work / f"{name}.parquet")]
                for name in TABLES}
    commands["stats --by party"] = ["stats", str(run), "--by", "party"]
    commands["report"] = ["report", str(run), "-o", str(work / "report.html")]
    out = {}
    for label, args in commands.items():
        runs = [timed(*args) for _ in range(repeats)]
        out[label] = (statistics.median(s for s, _ in runs), max(m for _, m in runs), [s for s, _ in runs])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    inputs = corpus(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run = work / "run.jsonl"
        subprocess.run([sys.executable, "-m", "parlmine.cli", "annotate", *map(str, inputs), "-q", "-o", str(run)],
                       cwd=ROOT, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        lines = run.read_text(encoding="utf-8")
        big = work / "run-x10.jsonl"
        big.write_text(lines * 10, encoding="utf-8")
        records = lines.count("\n")
        mb = run.stat().st_size / 1e6
        one = measure(run, work, args.repeats)
        ten = measure(big, work, args.repeats)
        html_mb = (work / "report.html").stat().st_size / 1e6

    rows = ["| command | 1× s (median) | 1× runs | 1× peak RSS MB | 10× s (median) | 10× / 1× time | 10× peak RSS MB |",
            "|---|---|---|---|---|---|---|"]
    for label, (s1, m1, runs1) in one.items():
        s10, m10, _ = ten[label]
        rows.append(f"| `{label}` | **{s1:.2f}** | {'/'.join(f'{r:.2f}' for r in runs1)} | {m1:.0f} | {s10:.2f} | {s10 / s1:.1f}× | {m10:.0f} |")
    load = os.getloadavg()
    lines_out = [
        "## Analysis commands: export, stats, report (issue 6)", "",
        f"Machine: {machine()}. "
        f"Date: {dt.date.today().isoformat()}. Load average after: {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}.", "",
        f"Input: the end-to-end benchmark's {len(inputs)} inputs annotated with every stage ({records} records, "
        f"{mb:.1f} MB of JSONL); 10× = the same records repeated ten times ({10 * records} records, {10 * mb:.0f} MB; the "
        f"report of the 10× run is {html_mb:.0f} MB of HTML). Wall time of the whole command, start-up included "
        f"(`parlmine stats --help` alone takes 0.4–0.6 s here), median of {args.repeats}; peak RSS of the process.", "",
        *rows,
    ]
    block = write_section(args.results, MARK_START, MARK_END, lines_out)
    print(block)


if __name__ == "__main__":
    main()
