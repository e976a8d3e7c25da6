"""Benchmark: reading + segmentation + procedure throughput, and memory on a 50 MB transcript.

    python bench/bench_reading.py --shared ../shared --results bench/RESULTS.md

Throughput is words/s on one core (one process, no threads): words are whitespace tokens of the
speech and event text in the records produced. Each measurement is repeated and the median kept.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_file import machine, write_section  # bench/results_file.py, beside this script
from parlmine.annotation import annotate_file
from parlmine.stage_plan import build_stages, parse_stages

MARK_START, MARK_END = "<!-- bench_reading:start -->", "<!-- bench_reading:end -->"


def words(record) -> int:
    return sum(len(s.text.split()) for s in record.speeches) + sum(len(e.text.split()) for e in record.events)


def throughput(files: list[Path], repeats: int) -> dict:
    stages = build_stages(parse_stages("segment,procedure"))
    for path in files[:2]:  # warm caches and imports
        annotate_file(path, stages)
    rates, total_words, total_bytes = [], 0, 0
    for _ in range(repeats):
        total_words, total_bytes, start = 0, 0, time.perf_counter()
        for path in files:
            record = annotate_file(path, stages)
            total_words += words(record)
            total_bytes += path.stat().st_size
        rates.append(total_words / (time.perf_counter() - start))
    return {"files": len(files), "words": total_words, "bytes": total_bytes, "rates": rates}


def big_transcript(seed: Path, target_bytes: int, out: Path) -> int:
    """A TheyWorkForYou page of about target_bytes: the seed's speeches repeated, times advancing."""
    text = seed.read_text(encoding="utf-8")
    head, _, body = text.partition("Alert me about debates like this")
    body = re.sub(r"Question accordingly negatived\.|Division number.*|The Committee divided.*", "", body)
    chunks, size = [head, "Alert me about debates like this\n"], 0
    while size < target_bytes:
        chunks.append(body)
        size += len(body.encode("utf-8"))
    out.write_text("".join(chunks), encoding="utf-8")
    return out.stat().st_size


def peak_rss_of_annotate(path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `parlmine annotate` on one file, in a fresh process."""
    code = (
        "import resource,sys,time;from parlmine.cli import app;t=time.perf_counter();"
        "sys.argv=['parlmine','annotate',sys.argv[1],'-o',sys.argv[2],'-q','--stages','segment,procedure']\n"
        "try: app()\nexcept SystemExit: pass\n"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-c", code, str(path), str(Path(tmp) / "o.jsonl")],
                              capture_output=True, text=True, check=True)
    seconds, rss = done.stdout.split()[-2:]
    return float(seconds), float(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--results", type=Path, default=Path("bench/RESULTS.md"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--big-mb", type=int, default=50)
    args = parser.parse_args()

    xml = sorted((args.shared / "data" / "twfy-parlparse-xml-2009" / "scrapedxml").rglob("*.xml"))
    xml += sorted((args.shared / "data" / "hansard-format-fixtures").rglob("*.xml"))
    samples = sorted((args.shared / "samples").glob("*.txt"))
    parlparse = throughput(xml, args.repeats)
    seed = throughput(samples, args.repeats * 20)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        size = big_transcript(samples[-1], args.big_mb * 10**6, big)
        small = Path(tmp) / "small.txt"
        small_size = big_transcript(samples[-1], args.big_mb * 10**6 // 10, small)
        big_runs = [peak_rss_of_annotate(big) for _ in range(3)]
        small_runs = [peak_rss_of_annotate(small) for _ in range(3)]

    med = statistics.median
    lines = [
        "## Reading, segmentation and procedure (issue 2)",
        "",
        f"Machine: {machine()}. Date: {dt.date.today().isoformat()}. One process, one core.",
        "",
        "| input | files | words | median words/s | min–max words/s | runs |",
        "|---|---|---|---|---|---|",
        f"| shared ParlParse XML (all folders + Lords fixtures) | {parlparse['files']} | {parlparse['words']:,} | "
        f"**{med(parlparse['rates']):,.0f}** | {min(parlparse['rates']):,.0f}–{max(parlparse['rates']):,.0f} | {len(parlparse['rates'])} |",
        f"| shared samples (TWFY page + news report) | {seed['files']} | {seed['words']:,} | "
        f"**{med(seed['rates']):,.0f}** | {min(seed['rates']):,.0f}–{max(seed['rates']):,.0f} | {len(seed['rates'])} |",
        "",
        f"Target ≥ 300,000 words/s on one core: ParlParse median is {med(parlparse['rates']) / 300_000:.1f}× the target.",
        "",
        "Large transcript (the seed page's speeches repeated), `parlmine annotate` in a fresh process, median of 3:",
        "",
        "| file size | seconds | peak RSS (MB) |",
        "|---|---|---|",
        f"| {small_size / 1e6:.0f} MB | {med(r[0] for r in small_runs):.1f} | {med(r[1] for r in small_runs):.0f} |",
        f"| {size / 1e6:.0f} MB | {med(r[0] for r in big_runs):.1f} | {med(r[1] for r in big_runs):.0f} |",
        "",
        f"Marginal memory: {(med(r[1] for r in big_runs) - med(r[1] for r in small_runs)) / ((size - small_size) / 1e6):.1f} MB of RSS "
        f"per MB of input; 50 MB runs at {size / 1e6 / med(r[0] for r in big_runs):.1f} MB/s.",
        "",
        "Memory grows linearly with one document (a record is one JSON line, so a document is held whole); "
        "files above `--max-bytes` (default 100,000,000) are refused with a one-line error.",
    ]
    print(write_section(args.results, MARK_START, MARK_END, lines))


if __name__ == "__main__":
    main()
