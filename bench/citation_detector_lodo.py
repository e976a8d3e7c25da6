"""Issue 15: the learned citation detector against today's rules, leave-one-debate-out over every
hand-annotated debate (tests/fixtures/*_citations.json), each debate scored by a detector that never saw
it, its threshold chosen by an inner 5-fold over the training debates (pooled F1), never on the held one.

Two detectors: one example per mention (a candidate in a sentence), and one per (speech, source),
its features the union of its mentions'. Scores are per (speech, source) as in evaluation.py; the
ceiling is the share of gold pairs some candidate names at all.

    python bench/citation_detector_lodo.py --shared ../shared --results bench/RESULTS.md
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np

from results_file import machine, write_section  # bench/results_file.py, beside this script
from parlmine.arguments.annotated import annotation_files, read_annotated
from parlmine.arguments.detector_training import (Rows, average, by_pair, candidate_ceiling, fit_on, inner_fold_scores,
                                                  leave_one_debate_out, mention_rows, pooled, prf, rules_scores)
from parlmine.arguments.stage import ArgumentsStage

ROOT = Path(__file__).resolve().parents[1]
MARK_START, MARK_END = "<!-- citation_detector_lodo:start -->", "<!-- citation_detector_lodo:end -->"


def rules_plus_detector(rows: Rows, gold: dict[str, set], C: float) -> dict[str, tuple[float, float]]:
    """The rules' citations plus the detector's most confident others: per held-out debate, the lowest
    threshold whose pooled precision over inner folds of the training debates stays at the rules'."""
    names = sorted(rows)

    def cited(n, scores, t):
        return {(r.speech, r.source) for r, s in zip(rows[n], scores) if r.ruled or s >= t}

    out = {}
    for held in names:
        train = [n for n in names if n != held]
        inner = inner_fold_scores(rows, gold, train, C)

        def pooled_precision(t):
            return pooled(gold, {n: cited(n, inner[n], t) for n in train})["precision"]

        floor = pooled_precision(2.0)  # the rules alone
        threshold = min((t for t in np.arange(0.5, 0.99, 0.02) if pooled_precision(t) >= floor), default=2.0)
        detector = fit_on(rows, gold, train, C, 13)
        out[held] = prf(gold[held], cited(held, [detector.score(r.features) for r in rows[held]], threshold))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("-C", type=float, default=0.3)
    args = parser.parse_args()

    debates = read_annotated(annotation_files([ROOT / "tests" / "fixtures"]),
                             args.shared / "data/twfy-parlparse-xml-2009/scrapedxml", log=lambda m: None)
    mentions, gold = mention_rows(ArgumentsStage().nlp, debates)
    rules, ceiling = rules_scores(mentions, gold), candidate_ceiling(mentions, gold)
    per_mention = leave_one_debate_out(mentions, gold, args.C)
    pairs = {n: by_pair(rows) for n, rows in mentions.items()}
    per_pair = leave_one_debate_out(pairs, gold, args.C)
    union = rules_plus_detector(pairs, gold, args.C)

    lines = ["## Learned citation detector, leave one debate out (issue 15)", "",
             f"{dt.date.today().isoformat()}, {machine()}. {len(debates)} annotated debates (gold aligned with the "
             f"adjudicated cases), logistic regression C={args.C}, threshold by inner 5-fold pooled F1. "
             "Per (speech, source) precision / recall; the rules as they stand, scored over the same candidates.", "",
             "| debate | rules P / R | detector, per mention | detector, per speech×source | rules + confident detector | candidate ceiling R |",
             "|---|---|---|---|---|---|"]
    for n in sorted(mentions):
        lines.append(f"| {n} | {rules[n][0]:.2f} / {rules[n][1]:.2f} | {per_mention[n][0]:.2f} / {per_mention[n][1]:.2f} "
                     f"| {per_pair[n][0]:.2f} / {per_pair[n][1]:.2f} | {union[n][0]:.2f} / {union[n][1]:.2f} | {ceiling[n]:.2f} |")
    (rp, rr), (mp, mr), (pp, pr), (up, ur) = average(rules), average(per_mention), average(per_pair), average(union)
    lines.append(f"| **average over debates** | {rp:.3f} / {rr:.3f} | {mp:.3f} / {mr:.3f} | {pp:.3f} / {pr:.3f} | {up:.3f} / {ur:.3f} | "
                 f"{sum(ceiling.values()) / len(ceiling):.3f} |")
    lines += ["", "None of these columns is a first run. The rules were written from the misses of most of the 12 older "
              "debates (which, and their first runs: the arguments section above); the "
              "description, Government, committee-evidence, lower-case body and named-report candidates were added after reading the ceiling misses "
              "of all of these debates, the seven new ones included (their first runs, before any use: pooled P 0.55 / "
              "R 0.26, in 'Cited evidence: first runs on newly annotated debates'); *rules + confident detector* keeps every "
              "rule citation and adds the per speech×source detector's above a threshold chosen on inner folds to keep the "
              "rules' pooled precision (it finds almost nothing to add); and C=0.3 was picked from 0.1, 0.3, 1 and 3 by these same averages. "
              "The rules column counts candidates a rule links, before the stage's full-name and period-name steps.",
              "", "Targets (P 0.85, R 0.70 averaged) are above the candidate ceiling. `parlmine train evidence` fits the same "
              "per-mention detector and writes models/evidence/detector.json only when its held-out precision and "
              "recall both reach the rules' (configs/evidence.yaml, `ship: if_better`); today it does not."]
    print(write_section(args.results, MARK_START, MARK_END, lines))


if __name__ == "__main__":
    main()
