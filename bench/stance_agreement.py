"""How far two annotators agree on speech-level stance: each second annotation against the first.

    python bench/stance_agreement.py --shared ../shared

The second annotations are in configs/labels/stance-agreement/ (NOTES.md there says who made them and
how); each is compared with the first annotation of the same file, found in the corpus's
stance-speech-labels/ or in configs/labels/stance/. Macro-F1 over support/oppose/neutral (the measure
the stance model is scored by), Cohen's kappa, and agreement where both annotators are "clear".
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parlmine.stance.pairs import LABELS  # noqa: E402
from parlmine.stance.speech_labels import read_speech_labels  # noqa: E402

SECOND = ROOT / "configs" / "labels" / "stance-agreement"


def first_annotation(second: Path, shared: Path) -> Path:
    name = second.name.replace(".second.stance.jsonl", ".stance.jsonl")
    for folder in (shared / "data" / "stance-speech-labels", ROOT / "configs" / "labels" / "stance"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"{second}: no first annotation named {name}")


def agreement(first: Path, second: Path) -> dict:
    from sklearn.metrics import cohen_kappa_score, confusion_matrix, f1_score

    a = {(lab.speech_id, lab.target.id): lab for lab in read_speech_labels(first)}
    b = {(lab.speech_id, lab.target.id): lab for lab in read_speech_labels(second)}
    keys = [k for k in a if k in b and a[k].label in LABELS and b[k].label in LABELS]
    x, y = [a[k].label for k in keys], [b[k].label for k in keys]
    clear = [k for k in keys if a[k].confidence == b[k].confidence == "clear"]
    return {"n": len(keys), "macro_f1": f1_score(x, y, labels=list(LABELS), average="macro"),
            "kappa": cohen_kappa_score(x, y), "clear_n": len(clear),
            "clear_agreement": sum(a[k].label == b[k].label for k in clear) / len(clear) if clear else None,
            "confusion": confusion_matrix(x, y, labels=list(LABELS)).tolist()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    print(f"| file | pairs | macro-F1 | kappa | both clear: n, agreement | confusion (rows first, columns second: {', '.join(LABELS)}) |")
    print("|---|---|---|---|---|---|")
    for second in sorted(SECOND.glob("*.second.stance.jsonl")):
        s = agreement(first_annotation(second, args.shared), second)
        print(f"| {second.name} | {s['n']} | {s['macro_f1']:.3f} | {s['kappa']:.3f} | {s['clear_n']}, {s['clear_agreement']:.3f} | {s['confusion']} |")


if __name__ == "__main__":
    main()
