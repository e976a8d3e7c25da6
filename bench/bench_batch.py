"""Benchmark `parlmine annotate` end to end with every stage on: words/s, speeches/s, peak RSS of the
whole process tree, the share of time per stage, 1 and 2 local workers and Ray with 2 CPUs, and
peak RSS for 1× and 10× the input.

    python bench/bench_batch.py --shared ../shared --results bench/RESULTS.md
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from results_file import machine, run_measured, write_section  # bench/results_file.py, beside this script
from parlmine.batch.jobs import Annotator, JobSpec
from parlmine.stage_plan import available_stages

ROOT = Path(__file__).resolve().parents[1]
MARK_START, MARK_END = "<!-- bench_batch:start -->", "<!-- bench_batch:end -->"


def corpus(shared: Path) -> list[Path]:
    root = shared / "data/twfy-parlparse-xml-2009/scrapedxml"
    files = [*sorted((root / "standing").glob("*.xml")), *sorted((root / "westminhall").glob("*.xml")),
             *sorted((root / "wms").glob("*.xml")), *sorted((root / "debates").glob("debates*a.xml")),
             *sorted((root / "lordspages").glob("*.xml")), *sorted((shared / "samples").glob("*.txt"))]
    return [f for f in files if f.stat().st_size > 0]


def run_cli(listing: Path, out: Path, *extra: str) -> dict:
    """Wall time and peak RSS (summed over the command and its workers, sampled every 0.1 s)."""
    cmd = [sys.executable, "-m", "parlmine.cli", "annotate", "--from-list", str(listing), "-o", str(out), "-q", *extra]
    seconds, peak_mb = run_measured(cmd, ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    records = [json.loads(line) for line in out.read_text().splitlines()]
    words = sum(len(s["text"].split()) for r in records for s in r["speeches"]) + \
        sum(len(e["text"].split()) for r in records for e in r["events"])
    speeches = sum(len(r["speeches"]) for r in records)
    return {"seconds": seconds, "words": words, "speeches": speeches, "records": len(records), "peak_mb": peak_mb,
            "words_per_s": words / seconds, "speeches_per_s": speeches / seconds}


def stage_shares(files: list[Path]) -> dict[str, float]:
    annotator = Annotator(JobSpec(tuple(available_stages())))
    seconds: dict[str, float] = {}
    for f in files:
        outcome = annotator(str(f))
        for stage, s in outcome.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + s
    total = sum(seconds.values())
    return {stage: s / total for stage, s in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the default configuration (2 local workers)")
    args = parser.parse_args()

    files = corpus(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        listing = tmp / "inputs.txt"
        listing.write_text("".join(f"{f}\n" for f in files))
        default = [run_cli(listing, tmp / f"w2-{i}.jsonl", "--workers", "2") for i in range(args.repeats)]
        one = run_cli(listing, tmp / "w1.jsonl", "--workers", "1")
        ray = run_cli(listing, tmp / "ray.jsonl", "--engine", "ray", "--workers", "2")
        same = (tmp / "w1.jsonl").read_bytes() == (tmp / "w2-0.jsonl").read_bytes() == (tmp / "ray.jsonl").read_bytes()
        # 1× and 10×: the committee sittings and samples, then ten copies of each under new names.
        small = [f for f in files if "standing" in str(f) or f.suffix == ".txt"]
        copies = tmp / "copies"
        copies.mkdir()
        for i in range(10):
            for f in small:
                (copies / f"{i:02d}-{f.name}").symlink_to(f.resolve())  # absolute: --shared may be relative
        x1, x10 = tmp / "x1.txt", tmp / "x10.txt"
        x1.write_text("".join(f"{f}\n" for f in small))
        x10.write_text(f"{copies}\n")
        mem1 = run_cli(x1, tmp / "x1.jsonl", "--workers", "2")
        mem10 = run_cli(x10, tmp / "x10.jsonl", "--workers", "2")
    shares = stage_shares(files)

    med = statistics.median(r["words_per_s"] for r in default)
    runs = ", ".join(f"{r['words_per_s']:,.0f}" for r in default)
    lines = [
        "## End to end, every stage on (issue 5)", "",
        f"{dt.date.today().isoformat()}, {machine()}. `parlmine annotate --from-list … -q` on {len(files)} inputs "
        f"({default[0]['words']:,} words, {default[0]['speeches']:,} speeches: the shared ParlParse committee, "
        "Westminster Hall, written-statement, Commons and Lords files, and the two samples); wall time includes "
        "starting the workers and loading the models. Peak RSS is summed over the command and its workers.", "",
        "| engine | workers | words/s | speeches/s | peak RSS | runs |", "|---|---|---|---|---|---|",
        f"| local | 2 (default) | **{med:,.0f}** (median; {runs}) | "
        f"{statistics.median(r['speeches_per_s'] for r in default):,.1f} | {max(r['peak_mb'] for r in default):,.0f} MB | {len(default)} |",
        f"| local | 1 | {one['words_per_s']:,.0f} | {one['speeches_per_s']:,.1f} | {one['peak_mb']:,.0f} MB | 1 |",
        f"| ray (local, 2 CPUs) | 2 actors | {ray['words_per_s']:,.0f} | {ray['speeches_per_s']:,.1f} | {ray['peak_mb']:,.0f} MB | 1 |",
        "",
        f"Target ≥ 5,000 words/s: {med / 5000:.2f}×; peak RSS target ≤ 2.5 GB. 2 workers / 1 worker: "
        f"{med / one['words_per_s']:.2f}×; Ray / local (2 each): {ray['words_per_s'] / med:.2f}×. The three outputs are "
        f"{'byte-identical' if same else 'NOT identical'}.", "",
        "Share of the time per stage (one process): " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()) + ".", "",
        f"Streaming: peak RSS {mem1['peak_mb']:,.0f} MB for {mem1['records']} inputs ({mem1['words']:,} words) and "
        f"{mem10['peak_mb']:,.0f} MB for {mem10['records']} ({mem10['words']:,} words), 2 workers: "
        f"{mem10['peak_mb'] / mem1['peak_mb']:.2f}× the memory for 10× the input.",
    ]
    print(write_section(args.results, MARK_START, MARK_END, lines))


if __name__ == "__main__":
    main()
