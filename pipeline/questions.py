"""The forms of Question the Chair puts, in one table: which kind of target each decides and whether an
aye supports it (+1) or opposes it (-1). The procedure stage reads it to attach a question (and its
division) to its target; the vote-derived stance labels read it to turn a vote into a stance.

Wordings from Commons, Lords and Public Bill Committee Hansard ("Question put, That the amendment be
made.", "Question proposed, That the clause stand part of the Bill.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class QuestionForm:
    name: str
    pattern: re.Pattern
    #: The kind of target the question decides; None: a procedural question (closure, adjournment).
    target_kind: str | None
    #: +1: an aye supports the target; -1: an aye opposes it (keeps the words the amendment would change).
    polarity: int | None


def _form(name: str, pattern: str, target_kind: str | None, polarity: int | None) -> QuestionForm:
    return QuestionForm(name, re.compile(pattern, re.I), target_kind, polarity)


QUESTION_FORMS: tuple[QuestionForm, ...] = (
    _form("amendment", r"That the amendment be (?:made|agreed to)|That the proposed words be there (?:added|inserted)",
          "amendment", +1),
    # an amendment that leaves words out: the first Question is whether they stay
    _form("original_words", r"That the original words stand part", "amendment", -1),
    _form("words_left_out", r"That the words proposed to be left out stand part", "amendment", -1),
    _form("clause_stand_part", r"That the clause(?:, as amended,)? stand part", "clause", +1),
    _form("schedule_position", r"That the schedule(?:, as amended,)? be the (?P<ordinal>\w+) schedule", "schedule", +1),
    _form("schedule_stand_part", r"That the schedule(?:, as amended,)? stand part", "schedule", +1),
    _form("new_clause", r"That the clause be (?:now )?read a Second time|That the clause be added", "new_clause", +1),
    _form("new_schedule", r"That the schedule be (?:now )?read a Second time|That the schedule be added", "new_schedule", +1),
    _form("bill_reading", r"That the Bill be (?:now )?read a (?:Second|Third) time", "bill", +1),
    _form("closure", r"That the Question be now put", None, None),
    _form("adjournment", r"That the (?:debate|Committee|House) (?:do now |be now |now )?adjourn", None, None),
)


def question_form(wording: str | None) -> QuestionForm | None:
    """The form of a Question's wording ("That the amendment be made."), or None for a motion's own words."""
    if not wording:
        return None
    wording = wording.strip()
    return next((f for f in QUESTION_FORMS if f.pattern.match(wording)), None)
