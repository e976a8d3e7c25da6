"""Where the shipped stance model is: models/stance in a source checkout, or PARLMINE_STANCE_MODEL."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "stance"


def default_model_dir() -> Path:
    return Path(os.environ.get("PARLMINE_STANCE_MODEL", DEFAULT_MODEL))
