"""Stance cues: the phrases that say where a speech stands on an amendment, declared in one table.

Each cue is a regular expression over one sentence and the stance it signals. The stance features
(`stance/structure.py`) record, per target, which cues occur in a sentence that names the target,
in a sentence that refers to "the amendment" without a number, or anywhere; the cue shown with a
stance in the record is the sentence that carries the decisive cue. Written from the annotation
guidelines (`GUIDELINES.md` of the speech-label corpus) and Erskine May's forms, not from any one
debate: "I beg to move", "I ask him to withdraw", "we will not oppose", "I hope the Minister will
accept".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CueStance = Literal["support", "oppose", "neutral", "withdraw"]


@dataclass(frozen=True)
class Cue:
    name: str
    stance: CueStance
    pattern: re.Pattern


def _cue(name: str, stance: CueStance, pattern: str) -> Cue:
    return Cue(name, stance, re.compile(pattern, re.I))


_PROPOSAL = r"(?:amendments?|new clauses?|new schedules?|clauses?|schedules?|proposals?|motion|order|provisions?|measures?|it|them|this|these)"
_ADDRESSEE = r"(?:the (?:right hon\.|hon\.|noble(?: and learned)?) (?:Lord|Baroness|Lady|Gentleman|Member|Friend)|my (?:right )?hon\. Friend|my noble Friend|(?:the )?(?:Minister|Government|Committee|House|Front Bench)|him|her|noble Lords|hon\. Members)"

CUES: tuple[Cue, ...] = (
    # -- support ---------------------------------------------------------------------------------
    _cue("moves", "support", r"\bI beg to move\b|\bin moving (?:amendment|new clause|this)|\bI (?:rise to )?move (?:the |this )?(?:amendment|new clause)"),
    _cue("supports", "support", rf"\b(?:I|we) (?:\w+ )?(?:strongly |fully |wholeheartedly |warmly |also |too,? |very much |certainly |would )*(?:support|welcome|commend|endorse|back|agree with|am in favour of|are in favour of)\b[^.?!]{{0,80}}\b{_PROPOSAL}\b"),
    _cue("add_support", "support", r"\b(?:add|give|express|offer|lend) (?:my|our) (?:\w+ )?support\b|\bI (?:rise|speak|wish) (?:briefly )?(?:to|in) support\b|\bin support of (?:the|this|these|amendment|new clause)"),
    _cue("name_attached", "support", r"\b(?:my name|our names) (?:is |are )?(?:attached|added|on|to)\b|\bin my name\b|\bto which I have (?:added|put) my name"),
    _cue("urges_acceptance", "support", rf"\b(?:hope|urge|ask|invite|encourage|trust|beg)\b[^.?!]{{0,60}}\b{_ADDRESSEE}\b[^.?!]{{0,60}}\b(?:accept|adopt|support|agree to|look (?:again|favourably|sympathetically)|take (?:it|them|this) on board|think again|reconsider)\b"),
    _cue("will_vote_for", "support", r"\b(?:will|shall|would|intend to) (?:vote for|support)\b|\btest the opinion of the (?:House|Committee)|\btake the opinion of the House|\bpress (?:it|the amendment|this|them) to a (?:vote|Division)"),
    _cue("commends", "support", r"\bI commend (?:the|this|these|amendment|new clause)\b|\b(?:is|are|seems?|was) (?:a |an )?(?:very |extremely |eminently |entirely )?(?:sensible|modest|reasonable|important|excellent|good|helpful|worthy|necessary|valuable|useful) (?:amendments?|new clauses?|proposals?|measures?)"),
    # -- oppose ----------------------------------------------------------------------------------
    _cue("asks_withdrawal", "oppose", rf"\b(?:ask|urge|invite|encourage|hope|request|trust|beg)\b[^.?!]{{0,80}}\b(?:to )?withdraw\b|\bnot (?:to )?press\b[^.?!]{{0,40}}\b{_PROPOSAL}\b|\bwill not (?:feel the need to )?press\b"),
    _cue("cannot_accept", "oppose", rf"\b(?:cannot|can ?not|can't|unable to|not able to|not in a position to|will not be able to|could not|do not|don't|will not|won't) (?:\w+ )?(?:accept|support|agree to|agree with)\b[^.?!]{{0,60}}\b{_PROPOSAL}\b|\bresist (?:the|this|these)\b"),
    _cue("urges_rejection", "oppose", rf"\b(?:urge|ask|invite)\b[^.?!]{{0,60}}\b(?:reject|oppose|vote against|resist)\b|\b(?:will|shall|would) (?:vote|be voting) against\b|\b(?:I|we) (?:\w+ )?(?:oppose|disagree with|object to|cannot support)\b[^.?!]{{0,60}}\b{_PROPOSAL}\b"),
    _cue("concerned", "oppose", rf"\b(?:concerned|worried|anxious|warned|fears?|alarmed)\b (?:that|about|by)\b[^.?!]{{0,60}}\b{_PROPOSAL}\b"),
    _cue("unnecessary", "oppose", rf"\b{_PROPOSAL} (?:is|are|would be|seems?) (?:\w+ )?(?:unnecessary|not necessary|not needed|flawed|defective|unworkable|premature|misguided|wrong|redundant|otiose|superfluous)\b|\b(?:no need for|not persuaded|not convinced)\b|\bwould (?:not be|be neither) (?:\w+ )?(?:appropriate|helpful|workable)\b"),
    # -- neither ---------------------------------------------------------------------------------
    _cue("will_not_oppose", "neutral", r"\b(?:will|shall|do|would) not (?:seek to )?(?:oppose|divide|vote against)\b|\bnot (?:be )?opposing\b"),
    _cue("probing", "neutral", r"\bprobing amendments?\b|\bI want(?:ed)? to probe\b|\bto (?:seek|get|have) (?:some )?clarification"),
    # -- a mover's closing -----------------------------------------------------------------------
    _cue("beg_leave_to_withdraw", "withdraw", r"\bbeg to ask leave to withdraw\b|\bI (?:will|shall) withdraw (?:the|my|this)\b|\bnot press (?:the|my|this) amendment"),
)

CUE_STANCES: tuple[CueStance, ...] = ("support", "oppose", "neutral", "withdraw")


def cues_in(sentence: str) -> list[Cue]:
    found = [cue for cue in CUES if cue.pattern.search(sentence)]
    if any(cue.stance == "withdraw" for cue in found):
        # "I beg to ask leave to withdraw the amendment" is the mover closing, not a request to the mover.
        found = [cue for cue in found if cue.name != "asks_withdrawal"]
    return found
