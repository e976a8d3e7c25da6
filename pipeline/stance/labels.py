"""Stance labels derived from divisions: who spoke on a target and then voted for or against it.

Rules (applied per sitting, to records annotated with the reading and procedure stages):

* **Vote.** A member who made a speech while a target was under debate (the target id is in
  ``speech.targets``) and then voted in that target's division *supports* the target if their vote
  carried it and *opposes* it otherwise. Whether an aye carries the target depends on the question
  put: aye on "That the amendment be made." / "That the clause stand part of the Bill." / "That the
  clause be read a Second time." / "That the schedule be the First schedule to the Bill." / a
  motion's own wording supports it; aye on "That the original words stand part of the Question."
  opposes the amendment. A question we cannot read (closure motions, missing wording) gives no label.
  The division used is the first readable one on that target after the speech in which the member
  voted (e.g. "original words", then "That the proposed words be there added"). Voters are matched to speakers
  by ``person_id``, falling back to a normalised name when either side has none.
* **Mover.** The member who moved an amendment / new clause / motion supports it in each of their
  speeches in its debate, whether or not it was divided on. If the mover also voted, the vote wins
  (a mover who voted no gets ``oppose``; nothing contradictory is recorded).
* **Chair.** Speeches by the chair (a chair role, e.g. the committee's Chair as set by the reader,
  or a speaker named as an office: "The Chairman", "Mr. Deputy Speaker") are procedural and
  ``neutral`` toward every target in ``speech.targets``. The chair's own (casting) vote is ignored.
* Every other (speech, target) gets no pair. One pair per (speech, target).

A debate adjourned at the end of a sitting and resumed in a later one (sitting 07 → 08: amendment 1)
is divided on in the later record; ``pairs_from_records`` passes the later sittings of the same bill
and body as ``continued`` so that the earlier sitting's speakers get their vote labels too. Each
pair's ``group`` is still the id of the sitting its speech is in.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..parties import canonical_party, governing_parties, is_chair_role, is_government_role, is_shadow_role, official_opposition
from ..questions import question_form
from ..record import DebateRecord, Division, Speaker, Speech, Target, Vote
from .pairs import Label, SpeakerInfo, SponsorInfo, StancePair

SOURCE = "pbc-votes"
TARGET_CAP = 600

# ---------------------------------------------------------------------------------------------------
# Target text
# ---------------------------------------------------------------------------------------------------


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:—-") + "…"


def _join(head: str, body: str) -> str:
    return f"{head}: {body}" if body else head


def describe_target(target: Target, cap: int = TARGET_CAP) -> str:
    """The text a stance model sees as the target: what it is, then its wording (≤ ``cap`` chars).

    "Amendment 23 to clause 5: leave out “2015” and insert “2012”." · "Clause 5 stand part: The
    persistent poverty target" · "New clause 3: Title. ‘(1) …" · a motion: its wording.
    """
    kind, number = target.kind, target.number or ""
    text = _squash(target.text)
    if kind == "amendment":
        head = f"Amendment {number}" if not number.isalpha() else f"Amendment ({number})"
        if target.clause is not None:
            head += f" to clause {target.clause}"
        elif target.schedule is not None:
            head += f" to schedule {target.schedule}"
        elif number.isalpha():
            head += " to the motion"
        explanation = _squash(target.explanation)
        if explanation:
            # Keep the plain-language explanatory statement: shorten the legal wording first.
            explanation = _cap(explanation, cap // 2)
            room = cap - len(head) - len(explanation) - 3
            body = f"{_cap(text, max(room, 40))} {explanation}" if text else explanation
        else:
            body = text
        return _cap(_join(head, body), cap)
    if kind in ("new_clause", "new_schedule"):
        head = ("New clause" if kind == "new_clause" else "New schedule") + (f" {number}" if number else "")
        raw = (target.text or "").strip()
        if "\n" in raw:
            title, rest = raw.split("\n", 1)
            title, rest = _squash(title), _squash(rest)
            body = f"{title}{'' if title[-1:] in '.:;—' else '.'} {rest}" if title else rest
        else:
            body = text
        return _cap(_join(head, body), cap)
    if kind in ("clause", "schedule"):
        head = f"{kind.capitalize()} {number} stand part".replace("  ", " ")
        return _cap(_join(head, text), cap)
    # motion, order, bill: the wording is the target.
    if text:
        return _cap(text, cap)
    return _cap(f"{kind.capitalize()} {number}".strip(), cap)


# ---------------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------------

_TITLES = re.compile(r"\b(?:mr|mrs|ms|miss|dr|sir|dame|rh|rt|hon|the|prof|professor|lord|lady|baroness|baron|viscount|earl)\b\.?")
_CHAIR_NAME = re.compile(
    r"(?:The\s+|Mr\.?\s+|Madam\s+|Madame\s+)?(?:First\s+|Second\s+|Third\s+)?(?:Deputy\s+|Temporary\s+)?"
    r"(?:Speaker|Chair|Chairman|Chairwoman|Lord Speaker|Chairman of Ways and Means)(?:\s*\(.*\))?",
    re.I,
)


def normalise_name(name: str | None) -> str:
    """"Timms, rh Mr. Stephen" / "Mr. Stephen Timms" / "Stephen Timms" → "stephen timms"."""
    if not name:
        return ""
    name = re.sub(r"\([^)]*\)", " ", name)  # constituency / office in brackets
    if "," in name:
        surname, _, rest = name.partition(",")
        name = f"{rest} {surname}"
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = _TITLES.sub(" ", name)
    name = re.sub(r"[^\w\s'-]", " ", name)
    return re.sub(r"\s+", " ", name).strip()


def same_person(a: Speaker | Vote | None, b: Speaker | Vote | None) -> bool:
    """Same member: by ``person_id`` when both have one, else by normalised name."""
    if a is None or b is None:
        return False
    if a.person_id and b.person_id:
        return a.person_id == b.person_id
    na, nb = normalise_name(a.name), normalise_name(b.name)
    return bool(na) and na == nb


def is_chair(speaker: Speaker) -> bool:
    """The chair of the sitting: a chair role, or a speaker named only by the office."""
    if is_chair_role(speaker.role):
        return True
    return bool(speaker.name) and not speaker.person_id and bool(_CHAIR_NAME.fullmatch(speaker.name.strip()))


def _single_governing_party(on: str | None) -> str | None:
    parties = governing_parties(on)
    return next(iter(parties)) if len(parties) == 1 else None


def _role(role: str | None) -> str | None:
    role = _squash(role)
    return re.sub(r"^The\s+", "", role) or None


def speaker_info(speaker: Speaker, record: DebateRecord) -> SpeakerInfo:
    """Canonical party and role. A Government office holder listed without a party (the 2009
    committee lists give ministers only their office) gets the governing party of the day, and a
    Shadow office holder (TheyWorkForYou prints the office instead of the party) the Official
    Opposition's."""
    party = canonical_party(speaker.party)
    if party is None and is_government_role(speaker.role):
        party = _single_governing_party(record.date)
    if party is None and is_shadow_role(speaker.role):
        party = official_opposition(record.date)
    return SpeakerInfo(party=party, role=_role(speaker.role))


def _resolve(person: Speaker, record: DebateRecord) -> Speaker:
    """Fill a mover named only ("—(Helen Goodman.)") from the same member's speeches in the record."""
    found = person.model_copy()
    for speech in record.speeches:
        if not same_person(person, speech.speaker):
            continue
        for field in ("person_id", "party", "constituency", "role"):
            if getattr(found, field) is None and getattr(speech.speaker, field) is not None:
                setattr(found, field, getattr(speech.speaker, field))
    return found


def sponsor_of(target: Target, record: DebateRecord) -> SponsorInfo:
    """Who moved the target: canonical party and whether it was the Government.

    Clauses and schedules standing part are the Government's bill. Amendments, new clauses and
    motions: their mover's party, and ``government`` from the mover's office (a Minister); a
    backbencher of the governing party moves a backbench, not a Government, amendment.
    """
    if target.kind in ("clause", "schedule", "bill", "order") and target.moved_by is None:
        # The Bill's own clauses, and Bills and Orders put to the House, are the Government's.
        return SponsorInfo(party=_single_governing_party(record.date), government=True)
    if target.moved_by is None:
        return SponsorInfo(government=target.government)
    mover = _resolve(target.moved_by, record)
    party = speaker_info(mover, record).party
    if mover.role or party:
        # A backbencher's amendment is not a Government amendment, whichever party governs.
        government: bool | None = is_government_role(mover.role)
    else:
        government = None
    return SponsorInfo(party=party, government=government)


# ---------------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------------



def _wording_key(text: str | None) -> str:
    text = _squash(text).lower()
    text = re.sub(r"[‘’“”\"']", "", text)
    return text.rstrip(" .")


def question_polarity(question: str | None, target: Target) -> int | None:
    """+1 if an aye on ``question`` supports ``target``, -1 if it opposes it, None if unreadable."""
    wording = _squash(question)
    if not wording:
        return None
    form = question_form(wording)  # the one table of question forms (parlmine.questions)
    if form is not None and form.polarity is None:  # closure, adjournment
        return None
    if form is not None and form.target_kind == target.kind:
        return form.polarity
    if target.kind in ("motion", "order", "bill") and target.text:
        q, t = _wording_key(wording), _wording_key(target.text)
        if q and t and (q == t or q.startswith(t) or t.startswith(q)):
            return 1
    return None


# ---------------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteLabel:
    """One derived label, with the bookkeeping a test or an audit needs (pairs carry no names)."""

    record: str
    speech_id: str
    speaker: str
    person_id: str | None
    target: str
    label: Label
    vote_label: Label | None
    rule: str  # "vote", "mover" or "chair"
    division: int | None = None


def _vote_of(speaker: Speaker, division: Division) -> Vote | None:
    by_id = next((v for v in division.votes if speaker.person_id and v.person_id == speaker.person_id), None)
    if by_id is not None:
        return by_id
    return next((v for v in division.votes if (not speaker.person_id or not v.person_id) and same_person(speaker, v)), None)


def _continues(record: DebateRecord, later: DebateRecord, target: Target) -> bool:
    """``later`` resumes the same bill's debate on ``target`` (stable printed number, same body)."""
    if later is record or later.id == record.id or not record.title or later.title != record.title:
        return False
    if later.body != record.body or (record.date and later.date and later.date < record.date):
        return False
    if not (target.number and target.number[0].isdigit()) or target.outcome is not None:
        return False
    other = later.target(target.id)
    if other is None or other.kind != target.kind:
        return False
    a, b = _wording_key(target.text), _wording_key(other.text)
    return not (a and b) or a == b


def _divisions_for(record: DebateRecord, continued: Sequence[DebateRecord]) -> dict[str, list[tuple[int | None, Division]]]:
    """Readable divisions per target id: (seq in this record or None for a later sitting, division)."""
    out: dict[str, list[tuple[int | None, Division]]] = {}
    for d in record.divisions:
        if d.target and record.target(d.target) is not None:
            out.setdefault(d.target, []).append((d.seq, d))
    for target in record.targets:
        if target.id in out:
            continue
        for later in continued:
            if _continues(record, later, target):
                out.setdefault(target.id, []).extend((None, d) for d in later.divisions if d.target == target.id)
    return out


def _division_target(record: DebateRecord, continued: Sequence[DebateRecord], target_id: str, division: Division) -> Target | None:
    for r in (record, *continued):
        if any(d is division for d in r.divisions):
            return r.target(target_id)
    return record.target(target_id)


def vote_labels(record: DebateRecord, continued: Sequence[DebateRecord] = ()) -> list[VoteLabel]:
    """The labels of ``vote_derived_pairs`` with speech, speaker and rule (see the module docstring).

    ``continued``: later sittings where adjourned debates of this one were resumed and divided on.
    """
    divisions = _divisions_for(record, continued)
    out: list[VoteLabel] = []
    for speech in sorted(record.speeches, key=lambda s: s.seq):
        chair = is_chair(speech.speaker)
        for tid in dict.fromkeys(speech.targets):
            target = record.target(tid)
            if target is None:
                continue
            base = dict(record=record.id, speech_id=speech.id, speaker=speech.speaker.name,
                        person_id=speech.speaker.person_id, target=tid)
            if chair:
                out.append(VoteLabel(**base, label="neutral", vote_label=None, rule="chair"))
                continue
            vote_label: Label | None = None
            number = None
            for seq, division in divisions.get(tid, []):
                if seq is not None and seq <= speech.seq:
                    continue  # a division before the speech is not the one it argued for
                polarity = question_polarity(division.question, _division_target(record, continued, tid, division) or target)
                if polarity is None:
                    continue
                vote = _vote_of(speech.speaker, division)
                if vote is None:
                    continue  # did not vote on this question; a later one on the same target may do
                aye = vote.vote == "aye"
                vote_label = "support" if aye == (polarity > 0) else "oppose"
                number = division.number
                break
            if vote_label is not None:
                out.append(VoteLabel(**base, label=vote_label, vote_label=vote_label, rule="vote", division=number))
            elif target.kind in ("amendment", "new_clause", "new_schedule", "motion", "order") and same_person(target.moved_by, speech.speaker):
                out.append(VoteLabel(**base, label="support", vote_label=None, rule="mover"))
    return out


def vote_derived_pairs(record: DebateRecord, continued: Sequence[DebateRecord] = ()) -> list[StancePair]:
    """(target, speech) training pairs labelled from divisions, movers and the chair."""
    speeches: dict[str, Speech] = {s.id: s for s in record.speeches}
    described: dict[str, tuple[str, SponsorInfo]] = {}
    pairs = []
    for lab in vote_labels(record, continued):
        if lab.target not in described:
            target = record.target(lab.target)
            described[lab.target] = (describe_target(target), sponsor_of(target, record))
        text, sponsor = described[lab.target]
        speech = speeches[lab.speech_id]
        pairs.append(StancePair(
            target=text, text=speech.text, speaker=speaker_info(speech.speaker, record), sponsor=sponsor,
            label=lab.label, vote_label=lab.vote_label, group=record.id, source=SOURCE,
        ))
    return pairs


def continuations(records: Sequence[DebateRecord]) -> dict[str, list[DebateRecord]]:
    """For each record, the later records of the same bill and body (where its debates may resume)."""
    ordered = sorted(records, key=lambda r: (r.date or "", r.id))
    out: dict[str, list[DebateRecord]] = {}
    for i, record in enumerate(ordered):
        out[record.id] = [r for r in ordered[i + 1:] if record.title and r.title == record.title and r.body == record.body]
    return out


def pairs_from_records(records: Sequence[DebateRecord]) -> list[StancePair]:
    later = continuations(records)
    return [pair for record in records for pair in vote_derived_pairs(record, later.get(record.id, []))]


def label_counts(pairs: Iterable[StancePair]) -> dict[str, Counter]:
    """{group: Counter(label)}: a summary for logs and reports."""
    counts: dict[str, Counter] = {}
    for pair in pairs:
        counts.setdefault(pair.group or "", Counter())[pair.label] += 1
    return counts
