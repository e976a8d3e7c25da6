"""Shared test helpers. Tests read the corpora in ../shared (beside the repo), as CI has them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
SEED = SAMPLES / "twfy_pbc_health_and_care_bill_clause20_2021-09-16.txt"  # the seed TheyWorkForYou page
NEWS = SAMPLES / "news_ccg_joint_committees_order_2014.txt"  # the seed news report
PARLPARSE = SHARED / "data" / "twfy-parlparse-xml-2009" / "scrapedxml"
STANDING = PARLPARSE / "standing"
WESTMINSTER_HALL = PARLPARSE / "westminhall"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

sys.path.insert(0, str(Path(__file__).resolve().parent))


READING = "segment,procedure"


def annotate(path, stages=READING):
    """Read and parse one file as `parlmine annotate --stages segment,procedure` does (the model-based
    stages are tested on their own)."""
    from parlmine.annotation import annotate_file
    from parlmine.stage_plan import build_stages, parse_stages

    return annotate_file(path, build_stages(parse_stages(stages)))


SITTING_05 = STANDING / "standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml"
SITTING_06 = STANDING / "standing2009-10-20_CHILDPOV_06-0_2009-10-27a.xml"


def parlmine_cli(*args, stdin: str | None = None, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the command's code in a subprocess, as a user would (``env`` adds to the environment)."""
    return subprocess.run([sys.executable, "-m", "parlmine.cli", *map(str, args)], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}, timeout=timeout)


@pytest.fixture(scope="session")
def annotated_run(tmp_path_factory) -> Path:
    """Every stage with the shipped models over both samples and two Child Poverty Bill sittings
    (sitting 05's adjourned debates are divided on in 06; both have named votes)."""
    out = tmp_path_factory.mktemp("run") / "run.jsonl"
    result = parlmine_cli("annotate", SEED, NEWS, SITTING_05, SITTING_06, "-q", "-o", out)
    assert result.returncode == 0, result.stderr
    return out
