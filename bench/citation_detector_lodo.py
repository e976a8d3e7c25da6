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
from pipeline.arguments.annotated import annotation_files, labelled_mentions, read_annotated
from pipeline.arguments.detector import CitationDetector
from pipeline.arguments.evaluation import gold_pairs, source_identity
from pipeline.arguments.stage import ArgumentsStage

ROOT = Path(__file__).resolve().parents[1]
MARK_START, MARK_END = "<!-- citation_detector_lodo:start -->", "<!-- citation_detector_lodo:end -->"
GRID = np.arange(0.2, 0.95, 0.05)


def by_pair(rows: list[tuple]) -> list[tuple]:
    """(speech, source, features, rules cite it) per pair: features OR-ed (max) over its mentions."""
    merged: dict[tuple[str, str], list] = {}
    for speech, source, features, ruled in rows:
        entry = merged.setdefault((speech, source), [speech, source, {"mentions": 0.0}, False])
        for name, value in features.items():
            entry[2][name] = max(entry[2].get(name, 0.0), value)
        entry[2]["mentions"] += 0.2
        entry[3] = entry[3] or ruled
    return [tuple(e) for e in merged.values()]


def prf(gold: set, predicted: set) -> tuple[float, float]:
    hits = len(gold & predicted)
    return (hits / len(predicted) if predicted else 1.0, hits / len(gold) if gold else 1.0)


def lodo(rows: dict[str, list[tuple]], gold: dict[str, set], C: float) -> dict[str, tuple[float, float]]:
    names = sorted(rows)

    def fit(train):
        return CitationDetector.fit([r[2] for n in train for r in rows[n]],
                                    [int((r[0], r[1]) in gold[n]) for n in train for r in rows[n]], C=C)

    def predicted(n, scores, t):
        return {(r[0], r[1]) for r, s in zip(rows[n], scores) if s >= t}

    out = {}
    for held in names:
        train = [n for n in names if n != held]
        inner = {}
        for k in range(5):
            fold = train[k::5]
            detector = fit([n for n in train if n not in fold])
            inner.update({n: [detector.score(r[2]) for r in rows[n]] for n in fold})

        def pooled_f1(t):
            hits = sum(len(predicted(n, inner[n], t) & gold[n]) for n in train)
            found = sum(len(predicted(n, inner[n], t)) for n in train)
            p, r = (hits / found if found else 1.0), hits / sum(len(gold[n]) for n in train)
            return 2 * p * r / (p + r) if p + r else 0.0

        threshold = max(GRID, key=pooled_f1)
        detector = fit(train)
        out[held] = prf(gold[held], predicted(held, [detector.score(r[2]) for r in rows[held]], threshold))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("-C", type=float, default=0.3)
    args = parser.parse_args()

    key = source_identity()
    debates = read_annotated(annotation_files([ROOT / "tests" / "fixtures"]),
                             args.shared / "data/twfy-parlparse-xml-2009/scrapedxml", log=lambda m: None)
    nlp = ArgumentsStage().nlp
    mentions = {d.name: [(m.speech_id, m.source, m.mention.features, m.mention.match is not None and not m.mention.speaker)
                         for m in labelled_mentions(nlp, d, key)] for d in debates}
    gold = {d.name: set(gold_pairs(d.gold, key)) for d in debates}
    rules = {n: prf(gold[n], {(r[0], r[1]) for r in rows if r[3]}) for n, rows in mentions.items()}
    ceiling = {n: prf(gold[n], {(r[0], r[1]) for r in rows})[1] for n, rows in mentions.items()}
    per_mention = lodo(mentions, gold, args.C)
    per_pair = lodo({n: by_pair(rows) for n, rows in mentions.items()}, gold, args.C)

    lines = ["## Learned citation detector, leave one debate out (issue 15)", "",
             f"{dt.date.today().isoformat()}, {machine()}. {len(debates)} annotated debates (gold aligned with the "
             f"adjudicated cases), logistic regression C={args.C}, threshold by inner 5-fold pooled F1. "
             "Per (speech, source) precision / recall; the rules as they stand, scored over the same candidates.", "",
             "| debate | rules P / R | detector, per mention | detector, per speech×source | candidate ceiling R |",
             "|---|---|---|---|---|"]
    for n in sorted(mentions):
        lines.append(f"| {n} | {rules[n][0]:.2f} / {rules[n][1]:.2f} | {per_mention[n][0]:.2f} / {per_mention[n][1]:.2f} "
                     f"| {per_pair[n][0]:.2f} / {per_pair[n][1]:.2f} | {ceiling[n]:.2f} |")
    mean = lambda d, i: np.mean([v[i] for v in d.values()])  # noqa: E731
    lines.append(f"| **average over debates** | {mean(rules, 0):.3f} / {mean(rules, 1):.3f} | {mean(per_mention, 0):.3f} / "
                 f"{mean(per_mention, 1):.3f} | {mean(per_pair, 0):.3f} / {mean(per_pair, 1):.3f} | "
                 f"{np.mean(list(ceiling.values())):.3f} |")
    lines += ["", "None of these columns is a first run. The rules were written from the misses of most of the 12 older "
              "debates (which, and their first runs: the arguments section above); the "
              "description, Government and committee-evidence candidates were added after reading the ceiling misses "
              "of all of these debates, the seven new ones included (their first runs, before any use: pooled P 0.55 / "
              "R 0.26, in 'Cited evidence: first runs on newly annotated debates'); and C=0.3 was picked from 0.1, 0.3, 1 and 3 by these same averages. "
              "The rules column counts candidates a rule links, before the stage's full-name and period-name steps.",
              "", "Targets (P 0.85, R 0.70 averaged) are above the candidate ceiling; the detector does not ship "
              "(no models/evidence/detector.json) while it does not beat the rules."]
    print(write_section(args.results, MARK_START, MARK_END, lines))


if __name__ == "__main__":
    main()
