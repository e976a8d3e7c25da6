"""Where the shipped argument models and the gazetteer live (light: importing it loads no spaCy)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CLAIMS_MODEL = ROOT / "models" / "claims"
DEFAULT_EVIDENCE_MODEL = ROOT / "models" / "evidence"
DEFAULT_SOURCES = ROOT / "configs" / "sources.jsonl"
