"""Shared test helpers. Tests read the corpora in ../shared (beside the repo), as CI has them."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
PARLPARSE = SHARED / "data" / "twfy-parlparse-xml-2009" / "scrapedxml"
STANDING = PARLPARSE / "standing"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))


READING = "segment,procedure"


def annotate(path, stages=READING):
    """Read and parse one file as `parlmine annotate --stages segment,procedure` does (the model-based
    stages are tested on their own)."""
    from pipeline.annotate import annotate_file
    from pipeline.stages import build_stages, parse_stages

    return annotate_file(path, build_stages(parse_stages(stages)))
