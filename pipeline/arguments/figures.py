"""Figures a citation carries: "77%", "46 per cent", "over 4 million", "£4.3 billion", "one in three".

Bare numbers are left out on purpose: in debates they are mostly amendment, clause, column and
question numbers, or years.
"""
from __future__ import annotations

import re

_QUALIFIER = r"(?:(?:over|more than|almost|nearly|around|about|some|up to|at least|fewer than|less than|under|roughly|approximately|just over|just under|well over)\s+)?"
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_WORD_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|a|half a)"
FIGURE = re.compile(
    rf"(?<![\w.]){_QUALIFIER}(?:"
    rf"[£$€]\s?{_NUMBER}(?:\s?(?:million|billion|trillion|bn|m|k)\b)?"          # money
    rf"|{_NUMBER}\s?(?:%|per\s?cent\.?|percent\b)"                              # percentages
    rf"|(?:{_NUMBER}|{_WORD_NUMBER})\s(?:million|billion|trillion)\b"             # large counts
    rf"|\d{{1,3}}(?:,\d{{3}})+"                                                   # 130,000
    rf"|(?:one|two|three|four|five|nine)\s+in\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b"  # one in three
    rf"|(?:half|a third|two thirds|a quarter|three quarters)\s+of\b"
    rf")",
    re.I,
)


def find_figures(text: str) -> list[tuple[int, int, str]]:
    """(start, end, figure) for every figure in ``text``, in order."""
    out = []
    for m in FIGURE.finditer(text):
        figure = m.group().rstrip(" .") if m.group().lower().endswith("cent.") else m.group()
        figure = re.sub(r"\s+of$", "", figure)
        out.append((m.start(), m.start() + len(figure), figure))
    return out
