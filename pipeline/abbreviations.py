"""Abbreviations Hansard writes with a full stop inside a sentence ("hon. Friend", "No. 4"), in one table
for both sentence splitters: the arguments stage's spaCy tokenizer and the stance stage's fast split."""
from __future__ import annotations

ABBREVIATIONS: tuple[str, ...] = ("hon.", "Hon.", "No.", "Nos.", "Col.", "col.", "cols.", "Cols.", "para.", "paras.", "Rev.", "Cllr.")
