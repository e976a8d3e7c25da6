"""Speech-level stance on debates no model or rule was built from: the blind-annotated fixtures.

    HF_HUB_OFFLINE=1 python bench/stance_heldout.py --shared ../shared --results bench/RESULTS.md

The files in tests/fixtures/stance_labels/ were annotated blind by helper sessions following the
corpus's GUIDELINES.md (their NOTES.md say how) and are used by no training; files that were scored
once here and then joined the training data live in configs/labels/stance/. Each is scored with the shipped model, its two
halves alone, the structure rules and the party-line model shipped before (from git history), side
by side, with coverage (labelled pairs the procedure stage puts under debate).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from results_file import machine, write_section  # bench/results_file.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_stance_stage import PREVIOUS_COMMIT  # noqa: E402

from parlmine.stance.train import model_from_git  # noqa: E402

MARK_START, MARK_END = "<!-- stance_heldout:start -->", "<!-- stance_heldout:end -->"
FIXTURES = ROOT / "tests" / "fixtures" / "stance_labels"


def score(files: list[Path], transcripts: Path, previous_dir: Path) -> dict[str, dict]:
    from sklearn.metrics import f1_score

    from parlmine.stance.debate_model import StructureRules
    from parlmine.annotation import annotate_paths
    from parlmine.stance.labels import speaker_info
    from parlmine.stance.predict import StancePredictor
    from parlmine.stance.speech_labels import match_labels, read_speech_labels, transcript_for
    from parlmine.stance.speech_model import SpeechStanceModel, record_pairs
    from parlmine.stance.pairs import LABELS

    model = SpeechStanceModel.from_pretrained(ROOT / "models" / "stance", transformer=True)  # scored alone too
    previous = StancePredictor.from_pretrained(previous_dir, quantize="auto")
    out = {}
    for path in files:
        labels = read_speech_labels(path)
        record = annotate_paths([transcript_for(labels, [transcripts])])[0]
        usable, coverage = match_labels(record, labels)
        pairs = []
        for i, tid, pair, _ in record_pairs(record, model.encoder):
            lab = usable.get((record.speeches[i].id, tid))
            if lab is not None:
                pairs.append((pair.model_copy(update={"label": lab.label}), record.speeches[i]))
        gold = [p.label for p, _ in pairs]
        stance_pairs = [p for p, _ in pairs]
        old_pairs = [p.model_copy(update={"text": s.text, "context": None, "speaker": speaker_info(s.speaker, record)}) for p, s in pairs]
        systems = {
            "shipped model": [label for label, _ in model.predict(stance_pairs)],
            "structure model": [LABELS[i] for i in model.structure_proba(stance_pairs).argmax(axis=1)],
            "transformer alone": [LABELS[i] for i in model.transformer_proba(stance_pairs).argmax(axis=1)],
            "structure rules": StructureRules().fit([]).predict([p.context for p in stance_pairs]),
            f"previous model ({PREVIOUS_COMMIT})": [label for label, _ in previous.predict(old_pairs)],
        }
        out[path.name] = {"coverage": coverage, "n": len(gold),
                          "macro_f1": {name: f1_score(gold, pred, average="macro", labels=list(LABELS), zero_division=0)
                                       for name, pred in systems.items()}}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    files = sorted(FIXTURES.glob("*.stance.jsonl"))
    with tempfile.TemporaryDirectory() as tmp:
        scores = score(files, args.shared / "data" / "twfy-parlparse-xml-2009" / "scrapedxml", model_from_git(PREVIOUS_COMMIT, Path(tmp), repo=ROOT))
    systems = list(next(iter(scores.values()))["macro_f1"])
    lines = [f"## Speech-level stance on blind-annotated held-out debates ({time.strftime('%Y-%m-%d')})", "",
             f"Machine: {machine()}. Files: tests/fixtures/stance_labels/ (annotated blind by helper sessions "
             "from the XML following GUIDELINES.md; used by no training, scored once by each shipped model). Macro-F1 over "
             "support/oppose/neutral on the labelled pairs the procedure stage puts under debate.", "",
             "| file | labelled | under debate | " + " | ".join(systems) + " |", "|---|---|---|" + "---|" * len(systems)]
    for name, s in scores.items():
        lines.append(f"| {name} | {s['coverage'].labelled} | {s['coverage'].found} | "
                     + " | ".join(f"{s['macro_f1'][k]:.3f}" for k in systems) + " |")
    print(write_section(args.results, MARK_START, MARK_END, lines))


if __name__ == "__main__":
    main()
