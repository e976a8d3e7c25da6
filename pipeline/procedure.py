"""The procedure stage: amendments moved and grouped, clauses, motions, questions put, divisions and
outcomes, and which targets are under debate at each speech.

It replays a segmented record in order (speeches and events share ``seq``) through a small state
machine: the clause in hand, the group of targets under debate, and the question before the
committee. Procedural lines are recognised by the patterns in ``RULES``; speeches by the mover's
"I beg to move …" and the chair's "With this it will be convenient to discuss …".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .questions import question_form
from .record import DebateRecord, Division, Event, Outcome, ReaderWarning, Speaker, Speech, Target
from .stages import Stage, stage

QUOTES = "‘’“”'\"«"
KIND_ORDER = {"bill": 0, "motion": 1, "order": 2, "clause": 3, "new_clause": 4, "schedule": 5, "new_schedule": 6, "amendment": 7}
ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1)}

NUM = r"\d+[A-Z]{0,3}"
# "amendment 55, in clause 20, page 29, line 7, at end insert—"
LOCATION = re.compile(
    r"^,?\s*(?:in\s+)?(?:(?P<where>clause|schedule)\s+(?P<wnum>\d+)\s*,?\s*)?"
    r"(?:page\s+(?P<page>\d+)\s*,?\s*)?(?:lines?\s+(?P<line>\d+)(?:\s+to\s+\d+)?\s*,?\s*)?",
    re.I,
)
REFERENCE = re.compile(
    rf"\b(?P<kind>new clauses?|new schedules?|amendments?|clauses?|schedules?)\s+"
    rf"(?P<nums>{NUM}(?:(?:\s*,\s*|\s+(?:and|to)\s+){NUM})*)",
    re.I,
)
NUMS = rf"{NUM}(?:(?:\s*,\s*|\s*,?\s+(?:and|to)\s+){NUM})*"
LIST_HEAD = re.compile(
    rf"^\s*(?P<government>Government\s+)?(?:(?P<kind>new clauses?|new schedules?|amendments?)\s+(?P<nums>{NUMS})"
    r"(?=\s*(?:[,.;:—–-]|$|\s+(?:in|to)\b))"
    rf"|(?P<bare>{NUM})(?=,\s*(?:in\s+)?(?:clause|schedule|page)\b))",
    re.I,
)
#: An amendment named in a speech ("I shall speak also to Amendments 46 and 48").
NAMED_AMENDMENTS = re.compile(rf"\bAmendments?\s+(?P<nums>{NUMS})\b")
MOVE = re.compile(r"\bI beg to move,?\s*(?P<rest>.*)", re.I | re.S)
GROUPING = re.compile(r"\bwith this,? (?:it will be convenient to (?:discuss|take)|we (?:are|shall be) (?:discussing|taking|considering))\b", re.I)
MOVED_BY_TAIL = re.compile(r"[—–-]\s*\(\s*(?P<name>[^()]{2,80}?)\s*\.?\s*\)\s*\.?\s*$")
EXPLANATION = re.compile(r"^(?:This|These|The purpose of this|The effect of this|To |See Member)", re.I)
MAJORITY = re.compile(r"\bmajority(?: of)? (\d+)", re.I)


def natural_key(target_id: str) -> tuple:
    kind, _, number = target_id.rpartition("-")
    digits = re.match(r"\d+", number)
    return (KIND_ORDER.get(kind, 9), int(digits.group()) if digits else 0, number)


def expand_numbers(nums: str) -> list[str]:
    """'34 to 46' → 34…46; '61A to 61C' → 61A, 61B, 61C; '119 to 119L' → 119, 119A…119L;
    '123 to 125B' → 123, 124, 125, 125A, 125B; '18, 23 and 42' → [18, 23, 42].
    A range's lettered amendments between its ends are unknown unless the end names them."""
    out: list[str] = []
    for part in re.split(r"\s*,\s*|\s+and\s+", nums.strip()):
        span = re.fullmatch(r"(\d+)([A-Z]?)\s+to\s+(\d+)([A-Z]?)", part)
        if span and 0 <= int(span.group(3)) - int(span.group(1)) < 200:
            first, first_letter, last, last_letter = int(span.group(1)), span.group(2), int(span.group(3)), span.group(4)
            numbers = [str(n) for n in range(first, last + 1)]
            if first_letter:  # '61A to 61C' starts at 61A, not 61
                numbers[0] = f"{first}{first_letter}"
            if last_letter:
                start = chr(ord(first_letter) + 1) if first_letter and first == last else "A"
                numbers += [f"{last}{chr(c)}" for c in range(ord(start), ord(last_letter) + 1)]
            out += numbers
        elif span:  # reversed or implausibly long: its two ends
            out += [span.group(1) + span.group(2), span.group(3) + span.group(4)]
        elif part and not re.search(r"\s", part):
            out.append(part)
    return out


def kind_of(word: str) -> str:
    word = word.lower().rstrip("s")
    return {"new clause": "new_clause", "new schedule": "new_schedule"}.get(word, word)


@dataclass
class Question:
    target: str | None
    wording: str | None
    result: str | None = None  # "agreed" / "negatived" once decided
    #: "That the original words stand part of the Question": agreeing rejects the amendment.
    inverted: bool = False
    division: Division | None = None
    printed_counts: tuple[int, int, int] | None = None  # (ayes, noes, seq) from "The House divided: …"


@dataclass
class ProcedureState:
    record: DebateRecord
    targets: dict[str, Target] = field(default_factory=dict)
    divisions: list[Division] = field(default_factory=list)
    warnings: list[ReaderWarning] = field(default_factory=list)
    event_kinds: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    speech_targets: dict[int, list[str]] = field(default_factory=dict)
    context: str | None = None  # id of the clause / schedule / new clause in hand
    group: list[str] = field(default_factory=list)
    lead: str | None = None  # the amendment or motion most recently moved and not yet disposed of
    question: Question | None = None
    decided: Question | None = None  # the question last decided: a division recorded after it belongs to it
    awaiting: str | None = None  # "Motion made, and Question put," / "Ordered," / "Resolved,": wording follows
    awaiting_mover: str | None = None
    main_motion: str | None = None  # the motion an amendment "leave out from 'That' …" would change
    resolution_of: str | None = None  # "Resolved, That …" after the main question as amended: its final text
    listing: str | None = None  # inside a list of amendments: "group" (chair) or "made"
    made_run: list[str] = field(default_factory=list)  # the amendments of one "Amendments made:" list
    last_referenced: list[str] = field(default_factory=list)  # explanatory statements attach here
    narrated: list[str] = field(default_factory=list)  # targets found in a news report's narration
    #: Lords: seqs of the speeches since an amendment was called. The House prints no grouping, so
    #: the group is what its speakers name, and it is under debate from the first of them.
    named_debate: list[int] | None = None
    grouped_by: int | None = None  # the speech whose "With this it will be convenient to discuss" list is in hand

    # -- targets -------------------------------------------------------------------------------
    def target(self, kind: str, number: str | None = None, **fields) -> Target:
        if number is None:  # motions, orders, bills: numbered in order of appearance per kind
            tid = f"{kind}-{1 + sum(t.kind == kind and t.number is None for t in self.targets.values())}"
        else:
            tid = f"{kind}-{number}"
        if kind in ("clause", "schedule") and number and number.isdigit():
            fields.setdefault(kind, int(number))  # a clause target is "in" its own clause, for joins
        existing = self.targets.get(tid)
        if existing is None:
            existing = self.targets[tid] = Target(id=tid, kind=kind, number=number, group=[tid])
        for key, value in fields.items():
            if value is not None and getattr(existing, key) in (None, ""):
                setattr(existing, key, value)
        return existing

    def set_group(self, ids: list[str]) -> None:
        self.group = sorted(dict.fromkeys(ids), key=natural_key)
        for tid in self.group:
            t = self.targets[tid]
            t.group = sorted(set(t.group) | set(self.group), key=natural_key)

    def add_to_group(self, ids: list[str]) -> None:
        self.set_group([*self.group, *ids])

    def dispose(self, tid: str | None, outcome: Outcome) -> None:
        if tid and tid in self.targets:
            self.targets[tid].outcome = outcome
        if tid == self.lead:
            self.lead = None
        if tid in self.group or tid == (self.question.target if self.question else None):
            self.group = []
            self.named_debate = None
        self.question = None

    def context_target(self, kind: str) -> str | None:
        if self.context and self.context.startswith(kind + "-"):
            return self.context
        return None


class ProcedureParser:
    """Replays a record's speeches and events; ``parse`` returns the procedure annotations."""

    def parse(self, record: DebateRecord) -> ProcedureState:
        state = ProcedureState(record=record)
        divisions_by_seq = {d.seq: d for d in record.divisions if d.seq is not None}
        previous_kind = None
        for item in record.items():
            if isinstance(item, Speech):
                self.speech(state, item)
                previous_kind = "speech"
            else:
                division = divisions_by_seq.get(item.seq) if item.kind == "division" else None
                previous_kind = self.event(state, item, division, previous_kind)
        # Divisions without a question or result: infer the result from the counts.
        for division in [*record.divisions, *state.divisions]:
            if division.result is None and division.ayes is not None and division.noes is not None and division.ayes != division.noes:
                division.result = "agreed" if division.ayes > division.noes else "negatived"
        # A news report: speeches debate what the narration says was decided.
        if state.narrated:
            for speech in record.speeches:
                if not state.speech_targets.get(speech.seq):
                    state.speech_targets[speech.seq] = list(state.narrated)
        return state

    # -- speeches -------------------------------------------------------------------------------
    def speech(self, state: ProcedureState, speech: Speech) -> None:
        paragraphs = [p.strip() for p in speech.text.split("\n\n") if p.strip()]
        state.listing = None
        for i, para in enumerate(paragraphs):
            move = MOVE.search(para)
            grouping = GROUPING.search(para)
            if move and i < 3:
                self.moved(state, move.group("rest"), paragraphs[i + 1:], speech.speaker)
            elif grouping:
                state.listing = "group"
                state.grouped_by = speech.seq
                self.list_item(state, re.sub(r"^\s*the following:?\s*", "", para[grouping.end():]))
            elif state.listing:
                self.list_item(state, para)
        if state.named_debate is not None:
            self.group_named(state, speech, paragraphs)
        state.speech_targets[speech.seq] = list(state.group)

    def group_named(self, state: ProcedureState, speech: Speech, paragraphs: list[str]) -> None:
        """Lords: amendments a speaker names join the group, for every speech of the debate so far."""
        named = [state.target("amendment", n).id for para in paragraphs
                 for m in NAMED_AMENDMENTS.finditer(para) for n in expand_numbers(m.group("nums"))]
        state.named_debate.append(speech.seq)
        new = [tid for tid in dict.fromkeys(named) if tid not in state.group]
        if not new:
            return
        state.add_to_group(new)
        for seq in state.named_debate[:-1]:
            state.speech_targets[seq] = list(state.group)

    def moved(self, state: ProcedureState, rest: str, following: list[str], speaker: Speaker) -> None:
        mover = speaker.model_copy()
        amendment = re.match(rf"amendments?\s+(?P<nums>{NUMS})", rest, re.I)
        if amendment:
            ids = []
            for n, number in enumerate(expand_numbers(amendment.group("nums"))):
                tail = rest[amendment.end():] if n == 0 else ""
                t = self.amendment(state, number, tail, following if n == 0 else [], moved_by=mover)
                ids.append(t.id)
            if set(ids) < set(state.group):
                # Amendments of the group already under debate, moved in mid-debate (Commons, 26 Oct 2009: "I beg
                # to move amendments 18, 23 and 42—", called to order by the Chair): the group's debate goes on.
                state.last_referenced = ids
                return
            state.lead = ids[0]
            state.question = Question(target=ids[0], wording="That the amendment be made.")
            state.set_group(ids)
            state.last_referenced = ids
            return
        if re.match(r"an amendment\b", rest, re.I):
            # "I beg to move an amendment, to leave out from “House” …": an amendment to the motion in hand.
            self.lettered_amendment(state, re.sub(r"^an amendment,?\s*(?:to\s+)?", "", rest), moved_by=mover)
            return
        wording = rest.strip().rstrip(".")
        if not wording and following and following[0].lower().startswith("that"):
            wording = following[0].strip().rstrip(".")  # "I beg to move," then the motion as its own paragraph
        form = question_form(wording)
        if form is not None and form.target_kind in ("new_clause", "new_schedule"):
            tid = state.context_target(form.target_kind) or state.target(form.target_kind, None).id
            state.targets[tid].moved_by = state.targets[tid].moved_by or mover
        elif wording.lower().startswith("that"):
            tid = state.main_motion = self.motion(state, wording, moved_by=mover).id
        else:
            return  # "I beg to move." with the motion on the order paper: nothing to name
        state.lead = tid
        state.question = Question(target=tid, wording=wording + ".")
        state.set_group([tid])

    def list_item(self, state: ProcedureState, para: str) -> bool:
        """One item of a list of amendments: the chair's grouping, or "Amendments made: …".

        An item starts with a reference ("Amendment 58, in clause 8, …", "Government amendments 34
        to 46", "new clause 3—Title—", "42, in clause 13, …"); quoted paragraphs that follow are its
        text and "This amendment would …" its explanatory statement.
        """
        head = LIST_HEAD.match(para) if state.listing != "text" else None
        if head:
            kind = kind_of(head.group("kind") or "amendment")
            numbers = expand_numbers(head.group("nums") or head.group("bare"))
            tail = para[head.end():]
            ids = []
            for k, number in enumerate(numbers):
                last = k == len(numbers) - 1
                if kind == "amendment":
                    t = self.amendment(state, number, tail if last else "", [])
                else:
                    title = re.match(r"\s*[—–-]\s*(.+?)\s*[—–-]", tail)
                    t = state.target(kind, number, text=title.group(1) if title and last else None)
                ids.append(t.id)
            if head.group("government"):
                for tid in ids:
                    state.targets[tid].government = True
            if state.listing == "made":
                self._made(state, ids, para)
            else:
                state.add_to_group(ids)
            state.last_referenced = ids
            return True
        last = state.targets.get(state.last_referenced[-1]) if state.last_referenced else None
        if last is None:
            return False
        if para[:1] in QUOTES or para.startswith("("):
            last.text = f"{last.text}\n{para}" if last.text else para
            return True
        if EXPLANATION.match(para):
            if not para.lower().startswith("see member") and not last.explanation:
                last.explanation = para
            return True
        return False

    def amendment(self, state: ProcedureState, number: str, tail: str, following: list[str],
                  moved_by: Speaker | None = None) -> Target:
        loc = LOCATION.match(tail)
        where = (loc.group("where") or "").lower() if loc else ""
        instruction = tail[loc.end():].strip() if loc else tail.strip()
        instruction = MOVED_BY_TAIL.sub("", instruction).strip()
        text_parts = [instruction] if re.search(r"\w", instruction) else []
        explanation = None
        for para in following:
            if para[:1] in QUOTES or para.startswith("("):
                if explanation is None:
                    text_parts.append(para)
                    continue
            elif EXPLANATION.match(para) and explanation is None and not para.lower().startswith("see member"):
                explanation = para
                continue
            break
        line = loc.group("line") if loc and loc.group("line") else None
        if line is None and (in_text := re.match(r"leave out lines? (\d+)", instruction)):
            line = in_text.group(1)  # "page 3, leave out lines 29 to 32"
        return state.target(
            "amendment", number,
            clause=int(loc.group("wnum")) if where == "clause" else None,
            schedule=int(loc.group("wnum")) if where == "schedule" else None,
            page=int(loc.group("page")) if loc and loc.group("page") else None,
            line=int(line) if line else None,
            text="\n".join(text_parts) or None,
            explanation=explanation,
            moved_by=moved_by,
        )

    def motion(self, state: ProcedureState, wording: str, moved_by: Speaker | None = None) -> Target:
        wording = MOVED_BY_TAIL.sub("", wording).strip()
        key = wording.lower().rstrip(". ")
        for t in state.targets.values():
            if t.kind in ("motion", "bill", "order") and (t.text or "").lower().rstrip(". ") == key:
                return t
        if re.match(r"That the Bill be (?:now )?read", wording, re.I):
            kind = "bill"
        elif re.search(r"\b(?:Order|Regulations|Rules|Scheme)\b[^,]*\bbe approved\b", wording):
            kind = "order"
        else:
            kind = "motion"
        return state.target(kind, None, text=wording, moved_by=moved_by)

    # -- events ---------------------------------------------------------------------------------
    def event(self, state: ProcedureState, event: Event, division: Division | None, previous_kind: str | None) -> str:
        text = event.text.strip()
        if event.kind == "heading":
            self.heading(state, text)
            state.event_kinds[event.seq] = ("heading", [state.context] if state.context else [])
            return "heading"
        if division is not None:
            self.division(state, division)
            state.event_kinds[event.seq] = ("division", [division.target] if division.target else [])
            return "division"
        if event.kind == "narration":
            self.narration(state, event)
            return "narration"
        for kind, pattern, handler in RULES:
            match = pattern.search(text)
            if match:
                if kind != "amendment_made":
                    state.listing = None
                targets = handler(self, state, match, event) or []
                state.event_kinds[event.seq] = (kind, targets)
                return kind
        if state.listing and self.list_item(state, text):
            kind = "amendment_made" if state.listing == "made" else "procedural"
            if state.listing == "group" and state.grouped_by is not None:
                # The Chair's list goes on after the speech that began it: the whole group is under debate there.
                state.speech_targets[state.grouped_by] = list(state.group)
            state.event_kinds[event.seq] = (kind, list(state.last_referenced))
            return kind
        # A clause title right after its heading, or an explanatory statement after a reference.
        if previous_kind == "heading" and state.context and text[:1] not in QUOTES:
            target = state.targets.get(state.context)
            if target and not target.text:
                target.text = text
                state.event_kinds[event.seq] = ("heading", [target.id])
                return "heading"
        if self.list_item(state, text) if EXPLANATION.match(text) else False:
            state.event_kinds[event.seq] = ("procedural", list(state.last_referenced[-1:]))
            return "procedural"
        return event.kind

    def heading(self, state: ProcedureState, text: str) -> None:
        m = re.match(rf"^(New clause|New schedule|Clause|Schedule)\s+({NUM})\b\s*(?:[-–—:]\s*(?P<title>.+))?$", text, re.I)
        if m:
            t = state.target(kind_of(m.group(1)), m.group(2), text=m.group("title"))
            state.context = t.id
            state.group = []
            state.lead = None
            state.question = None
        elif not re.match(r"^(Public Bill Committee|\(Morning\)|\(Afternoon\))", text, re.I):
            state.context = None

    def division(self, state: ProcedureState, division: Division) -> None:
        question = state.question
        decided = state.decided
        if question is None and decided is not None and (decided.division is None or decided.division in state.divisions):
            # Lords: "Division on Amendment 83 / Contents 66; Not-Contents 124. / Amendment 83 disagreed."
            # come before the recorded lists: the recorded division replaces one made from the printed count.
            question = decided
            division.result = division.result or question.result
            if question.division is not None:
                state.divisions.remove(question.division)
                question.printed_counts = (question.division.ayes, question.division.noes, question.division.seq)
                question.division = None
        if question is None:
            return
        division.target = division.target or question.target
        division.question = division.question or question.wording
        question.division = division
        if question.printed_counts and division.ayes is not None:
            ayes, noes, _ = question.printed_counts
            if (ayes, noes) != (division.ayes, division.noes):
                state.warnings.append(ReaderWarning(
                    message=f"division {division.number}: printed count Ayes {ayes}, Noes {noes} differs from "
                            f"the recorded Ayes {division.ayes}, Noes {division.noes}; kept the recorded count",
                    element=division.source_id))
            question.printed_counts = None

    def decided(self, state: ProcedureState, agreed: bool, event: Event) -> list[str]:
        question = state.question
        if question is None:
            return []
        if question.printed_counts and question.division is None:
            ayes, noes, seq = question.printed_counts
            question.division = Division(ayes=ayes, noes=noes, seq=seq, target=question.target, question=question.wording)
            state.divisions.append(question.division)
        effective = agreed != question.inverted
        question.result = "agreed" if agreed else "negatived"
        if question.division is not None:
            question.division.result = question.result
        target = question.target
        state.dispose(target, "agreed" if effective else "negatived")
        state.decided = question
        return [target] if target else []

    def narration(self, state: ProcedureState, event: Event) -> None:
        text = event.text
        result = NEWS_RESULT.search(text)
        if result:
            name = result.group("name").strip()
            kind = "order" if re.search(r"\b(Order|Regulations|Rules)\b", name) else ("bill" if re.search(r"\bBill\b", name) else "motion")
            existing = next((state.targets[t] for t in state.narrated if state.targets[t].kind == "motion"), None)
            if existing is not None:  # the lede's "a motion to …" is this instrument
                del state.targets[existing.id]
                state.narrated.remove(existing.id)
            t = state.target(kind, None, text=name, explanation=existing.text if existing else None)
            if existing is not None:
                for seq, (kind_, ids) in state.event_kinds.items():
                    state.event_kinds[seq] = (kind_, [t.id if i == existing.id else i for i in ids])
            agreed = result.group("verb").lower() in ("approved", "agreed", "passed", "carried", "backed")
            ayes, noes = (int(result.group(g).replace(",", "")) for g in ("ayes", "noes"))
            if not agreed and ayes > noes:
                ayes, noes = noes, ayes  # "rejected by 300 votes to 200": the 300 were the noes
            t.outcome = "agreed" if agreed else "negatived"
            state.divisions.append(Division(target=t.id, ayes=ayes, noes=noes, result=t.outcome, seq=event.seq))
            majority = MAJORITY.search(text)
            if majority and int(majority.group(1)) != abs(ayes - noes):
                state.warnings.append(ReaderWarning(message=f"reported majority {majority.group(1)} does not match {ayes}–{noes}", line=event.line))
            state.narrated.append(t.id)
            state.event_kinds[event.seq] = ("narration", [t.id])
            return
        lede = NEWS_MOTION.search(text)
        if lede and not state.narrated:
            t = state.target("motion", None, text=lede.group("what").strip().rstrip("."))
            t.outcome = "agreed" if lede.group("verb").lower() in ("approved", "backed", "passed") else "negatived"
            state.narrated.append(t.id)
            state.event_kinds[event.seq] = ("narration", [t.id])

    # -- rule handlers --------------------------------------------------------------------------
    def _question(self, state: ProcedureState, match: re.Match, event: Event) -> list[str]:
        wording = MOVED_BY_TAIL.sub("", match.group("wording")).strip()
        wording = wording if wording.endswith(".") else wording + "."
        form = question_form(wording)
        kind = form.target_kind if form else None
        inverted = bool(form and form.polarity == -1)
        if kind == "amendment" and not inverted:
            # After "That the original words stand part" is negatived, the same amendment's words are put.
            candidates = [state.lead, state.question.target if state.question else None, state.decided.target if state.decided else None]
            target = next((t for t in candidates if t and t.startswith("amendment")), None)
        elif kind == "amendment":  # the original words, or the words the amendment leaves out, stand part
            target = state.lead
        elif kind == "clause":
            target = state.context_target("clause")
        elif form is not None and form.name == "schedule_position":
            number = ORDINALS.get(form.pattern.match(wording).group("ordinal").lower())
            target = state.target("schedule", str(number)).id if number else state.context_target("schedule")
        elif kind == "schedule" and state.context_target("schedule"):
            target = state.context_target("schedule")
        elif kind in ("new_clause", "new_schedule"):
            target = state.context_target("new_clause") or state.context_target("new_schedule") or state.lead
        elif wording.lower().startswith("that"):
            target, inverted = self.motion(state, wording).id, False
            name = MOVED_BY_TAIL.search(match.group("wording"))
            if name and state.targets[target].moved_by is None:
                state.targets[target].moved_by = Speaker(name=name.group("name"))
        else:
            target, inverted = state.lead, False
        if target and target not in state.group and "proposed" in match.group(0).lower():
            state.set_group([target])
        state.question = Question(target=target, wording=wording, inverted=inverted)
        return [target] if target else []

    def _divided(self, state: ProcedureState, match: re.Match, event: Event) -> list[str]:
        ayes, noes = int(match.group("ayes")), int(match.group("noes"))
        question = state.question
        if question is None:
            return []
        if question.division is not None:
            d = question.division
            if d.ayes is None:
                d.ayes, d.noes = ayes, noes
            elif (d.ayes, d.noes) != (ayes, noes):
                state.warnings.append(ReaderWarning(message=f"division {d.number}: printed count Ayes {ayes}, Noes {noes} differs from the recorded Ayes {d.ayes}, Noes {d.noes}; kept the recorded count", line=event.line, element=event.source_id))
        else:
            question.printed_counts = (ayes, noes, event.seq)
        return [question.target] if question.target else []

    def _agreed(self, state, match, event):
        return self.decided(state, True, event)

    def _negatived(self, state, match, event):
        return self.decided(state, False, event)

    def _withdrawn(self, state: ProcedureState, match: re.Match, event: Event) -> list[str]:
        """"Amendment, by leave, withdrawn." (the one being debated) or "Amendment 37 withdrawn."."""
        numbers = expand_numbers(match.group("nums")) if match.group("nums") else []
        kind = kind_of(match.group("kind") or "amendment")
        if numbers:
            ids = [state.target(kind, n).id for n in numbers]
        elif kind == "clause":  # "Clause, by leave, withdrawn.": the new clause under debate
            lead = state.lead if state.lead and state.lead.startswith("new_clause-") else None
            ids = [lead or next((t for t in state.group if t.startswith("new_clause-")), None)]
            ids = [tid for tid in ids if tid]
        else:
            ids = [state.lead] if state.lead else []
        for tid in ids:
            state.dispose(tid, "withdrawn")
        if not ids:
            state.group, state.named_debate = [], None  # the debate in hand is over, whatever it was on
        return ids

    def _not_moved(self, state, match, event):
        ids = []
        for ref in REFERENCE.finditer(match.group(0)):
            for number in expand_numbers(ref.group("nums")):
                t = state.target(kind_of(ref.group("kind")), number)
                t.outcome = "not_moved"
                ids.append(t.id)
        return ids

    def _amendment_agreed(self, state, match, event):
        """"Amendment 33 agreed to." / Lords "Amendment 83 disagreed." (after "Division on Amendment 83")."""
        agreed = match.group("verb").lower().startswith("agreed")
        ids = []
        for number in expand_numbers(match.group("nums")):
            t = state.target("amendment", number)
            if state.question and state.question.target == t.id:
                self.decided(state, agreed, event)
            else:
                state.dispose(t.id, "agreed" if agreed else "negatived")
            ids.append(t.id)
        return ids

    def _made(self, state: ProcedureState, ids: list[str], text: str) -> None:
        """Amendments made; "—(Helen Goodman.)" at the end of the list names who moved them all."""
        state.made_run += ids
        name = MOVED_BY_TAIL.search(text)
        if name:
            for tid in state.made_run:
                if state.targets[tid].moved_by is None:
                    state.targets[tid].moved_by = Speaker(name=name.group("name").strip())
        for tid in ids:
            state.targets[tid].outcome = "agreed"
        state.last_referenced = ids

    def _amendments_made(self, state, match, event):
        state.listing, state.made_run, state.question = "made", [], None
        self.list_item(state, event.text[match.end():])
        return list(state.last_referenced)

    def lettered_amendment(self, state: ProcedureState, instruction: str, moved_by: Speaker | None,
                           letter: str | None = None) -> Target:
        """An amendment to a motion: no number, so the Order Paper's letter (amendment-a, amendment-b …).
        It is debated together with the motion; the amendment already moved is reused when it is put."""
        lead = state.targets.get(state.lead) if state.lead else None
        if letter is None and lead is not None and lead.kind == "amendment" and lead.number.isalpha():
            letter = lead.number
        if letter is None:
            letter = "abcdefghijklmnopqrstuvwxyz"[min(25, sum(t.kind == "amendment" and t.number.isalpha() for t in state.targets.values()))]
        t = self.amendment(state, letter, instruction, [], moved_by=moved_by)
        state.lead = t.id
        state.set_group([state.main_motion, t.id] if state.main_motion and state.main_motion in state.targets else [t.id])
        state.question = Question(target=t.id, wording="That the amendment be made.")
        return t

    def _amendment_proposed(self, state, match, event):
        """"Amendment proposed (this day): 1, in clause 8, …—(Andrew Selous.)"; to a motion:
        "Amendment proposed: (a), leave out from …—(Matt Hancock.)"."""
        name = MOVED_BY_TAIL.search(event.text)
        mover = Speaker(name=name.group("name").strip()) if name else None
        if match.group("num") is None:
            return [self.lettered_amendment(state, event.text[match.end():], mover, match.group("letter")).id]
        t = self.amendment(state, match.group("num"), event.text[match.end():], [], moved_by=mover)
        state.lead = t.id
        if t.id not in state.group:
            state.set_group([t.id])
        state.question = Question(target=t.id, wording="That the amendment be made.")
        return [t.id]

    def _stand_part(self, state, match, event):
        kind = kind_of(match.group("kind"))
        numbers = expand_numbers(match.group("nums")) if match.group("nums") else []
        ids = [state.target(kind, n).id for n in numbers] or ([state.context_target(kind)] if state.context_target(kind) else [])
        for tid in ids:
            state.targets[tid].outcome = "agreed"
            if state.question and state.question.target == tid:
                state.question = None
        if state.group and set(state.group) & set(ids):
            state.group = []
        return ids

    def _lords_division(self, state, match, event):
        """Lords: "Division on Amendment 83" — the House prints no question wording."""
        t = state.target("amendment", match.group("num"))
        state.question = Question(target=t.id, wording=event.text.strip().rstrip(".") + ".")
        return [t.id]

    def _lords_amendment(self, state, match, event):
        """Lords: "Amendment 66B" on its own line opens the amendment; "Moved by …" and "66B: Clause 64, …" follow."""
        ids = [state.target("amendment", n).id for n in expand_numbers(match.group("nums"))]
        if not ids:
            return []
        state.lead = ids[0]
        state.set_group(ids)
        state.named_debate = []
        state.last_referenced = ids
        state.question = Question(target=ids[0], wording=None)
        return ids

    def _moved_by(self, state, match, event):
        if state.lead and state.lead in state.targets and state.targets[state.lead].moved_by is None:
            state.targets[state.lead].moved_by = Speaker(name=match.group("name").strip())
            return [state.lead]
        state.awaiting = "moved"  # Lords: "Moved By Lord West of Spithead" then "That …"
        state.awaiting_mover = match.group("name").strip()
        return []

    def _lords_spec(self, state, match, event):
        tid = f"amendment-{match.group('num')}"
        if tid not in state.targets:
            return []
        self.amendment(state, match.group("num"), ", in " + match.group("tail"), [])
        state.listing, state.last_referenced = "text", [tid]  # the amendment's text follows, paragraph by paragraph
        return [tid]

    def _lords_clause(self, state, match, event):
        self.heading(state, f"{match.group('kind')} {match.group('num')} - {match.group('title')}")
        return [state.context] if state.context else []

    def _main_question(self, state, match, event):
        """"Main Question, as amended, put and agreed to." / "…declared the main Question, as amended, to be agreed to."."""
        if state.main_motion is None:
            return []
        state.question = Question(target=state.main_motion, wording=None)
        self.decided(state, "agreed" in match.group(0).lower(), event)
        state.resolution_of = state.main_motion
        return [state.main_motion]

    def _awaiting(self, state, match, event):
        state.awaiting = "resolved" if match.group(0).lower().startswith(("ordered", "resolved")) else "question"
        return []

    def _that(self, state, match, event):
        """Motion wording on its own line: after "Motion made, and Question put forthwith," / "Ordered," /
        "Resolved," / Lords "Moved by …", or any "That … —(Mr. Watts.)" line."""
        awaiting, state.awaiting = state.awaiting, None
        if awaiting == "resolved" and state.resolution_of:
            target, state.resolution_of = state.resolution_of, None  # the amended motion's final text
            return [target]
        if awaiting is None and not MOVED_BY_TAIL.search(event.text):
            return []
        targets = self._question(state, match, event)
        if awaiting == "moved" and targets:
            state.targets[targets[0]].moved_by = state.targets[targets[0]].moved_by or Speaker(name=state.awaiting_mover)
        if awaiting == "resolved" and targets:
            self.decided(state, True, event)
        return targets

    def _noop(self, state, match, event):
        return []

    def _in_question(self, state, match, event):
        return [state.question.target] if state.question and state.question.target else []


def _rule(kind: str, pattern: str, handler) -> tuple:
    return kind, re.compile(pattern, re.I | re.S), handler


P = ProcedureParser
# Order matters: the first rule that matches an event classifies it.
RULES = [
    _rule("chair", r"^\[.*\bin the Chair\]", P._noop),
    _rule("withdrawn", rf"^(?:(?P<kind>Amendments?|New clauses?|Clause|Motion)(?= |,)\s*(?P<nums>{NUM}(?:(?:\s*,\s*|\s+(?:and|to)\s+){NUM})*)?)?(?:,?\s*by leave,?)?\s*withdrawn\b", P._withdrawn),
    _rule("not_moved", rf"^(?:Government\s+)?(?:Amendments?|New clauses?|New schedules?)\s+{NUM}.*\bnot moved", P._not_moved),
    _rule("question_proposed", r"^(?:Motion made,? and )?Question (?:again )?proposed,?\s*(?P<wording>That\b.*)$", P._question),
    _rule("question_put", r"^(?:Motion made,? and )?Question put(?: forthwith)?(?: \([^)]*\))?,?\s*(?P<wording>That\b.*)$", P._question),
    _rule("question_put", r"^Motion made,?\s*(?P<wording>That\b.*)$", P._question),
    _rule("agreed", r"^(?:Question (?:put and )?(?:accordingly )?agreed to|Question accordingly agreed)", P._agreed),
    _rule("negatived", r"^Question (?:put and |accordingly )?negatived", P._negatived),
    _rule("division", r"^(?:The (?:Committee|House) divided:?\s*)?(?:Ayes|Contents),?\s*(?P<ayes>\d+)\s*[;,]?\s*(?:Noes|Not[- ]Contents),?\s*(?P<noes>\d+)", P._divided),
    _rule("division", r"^(?:Division number|Division No\.?)\s*\d+|^(?:Aye|No)s?:\s+(?:\d+ MPs|A-Z)", P._in_question),
    _rule("amendment_made", r"^Amendments? made:\s*", P._amendments_made),
    _rule("agreed", rf"^Amendments?\s+(?P<nums>{NUM}(?:(?:\s*,\s*|\s+(?:and|to)\s+){NUM})*)\s+(?P<verb>agreed to|agreed|disagreed|negatived)", P._amendment_agreed),
    _rule("amendment_proposed", rf"^Amendment proposed(?: \(this day\))?:\s*(?:(?P<num>{NUM})\b,?|\((?P<letter>[a-z])\),?)?", P._amendment_proposed),
    _rule("division", rf"^Division on Amendment (?P<num>{NUM})", P._lords_division),
    _rule("stand_part", rf"^(?P<kind>Clauses?|Schedules?)\s*(?P<nums>{NUM}(?:(?:\s*,\s*|\s+(?:and|to)\s+){NUM})*)?\s*(?:,?\s*as amended,?\s*)?(?:accordingly\s*)?(?:ordered to stand part|agreed to)", P._stand_part),
    _rule("stand_part", r"^(?P<kind>Clause|Schedule)(?P<nums>)\s*,?\s*as amended,?\s*(?:accordingly )?ordered to stand part", P._stand_part),
    _rule("question_put", r"^Motion made,?(?: and Question (?:put|proposed)(?: forthwith)?(?: \([^)]*\))?,?)?\s*$", P._awaiting),
    _rule("agreed", r"^(?:Motion agreed|Bill passed|Brought up,? (?:and )?read the First and Second time,? and added to the Bill)\.?$", P._agreed),
    _rule("agreed", r"^(?:Ordered|Resolved),?\s*$", P._awaiting),
    _rule("agreed", r"^(?:The .{0,60}declared the )?main Question,? as amended,? (?:to be |put and )?(?:agreed to|negatived)", P._main_question),
    _rule("question_put", r"^(?P<wording>That\b.*)$", P._that),
    _rule("amendment_proposed", rf"^Amendments?\s+(?P<nums>{NUMS})\.?$", P._lords_amendment),
    _rule("amendment_proposed", r"^Moved by (?P<name>[^\n]{2,80}?)\.?$", P._moved_by),
    _rule("amendment_proposed", rf"^(?P<num>{NUM}):\s*(?P<tail>(?:Clause|Schedule|Page|After|Before|Leave out)\b.*)$", P._lords_spec),
    _rule("heading", rf"^(?P<kind>Clause|Schedule)\s+(?P<num>{NUM})\s*:\s*(?P<title>.+)$", P._lords_clause),
    _rule("adjournment", r"^(?:The Chairman adjourned|Adjourned till|Sitting suspended|On resuming|Ordered, That further consideration|House adjourned|Committee rose)", P._noop),
]

NEWS_RESULT = re.compile(
    r"(?:The |the )?(?P<name>(?:draft )?[A-Z][^.]*?\b(?:Order|Regulations|Rules|Bill)(?: \d{4})?)(?: motion)? was "
    r"(?P<verb>approved|agreed|passed|carried|backed|rejected|defeated|voted down) by (?P<ayes>\d{1,3}(?:,\d{3})+|\d+) votes? to (?P<noes>\d{1,3}(?:,\d{3})+|\d+)"
)
NEWS_MOTION = re.compile(
    r"\b(?:MPs|Peers|The House|The Commons|The Lords)\s+(?:have\s+|has\s+)?(?P<verb>approved|backed|passed|rejected|defeated)\s+"
    r"(?P<what>(?:a|the)\s+(?:motion|bill|order|draft order)\b.*)", re.I,
)


@stage
class ProcedureStage(Stage):
    name = "procedure"
    assigns = ("targets", "divisions", "speeches.targets", "events.kind", "events.targets", "warnings")

    def __init__(self) -> None:
        self.parser = ProcedureParser()

    def predict(self, record: DebateRecord) -> ProcedureState:
        # Work on a copy so predict leaves the record untouched.
        return self.parser.parse(record.model_copy(deep=True))

    def set_annotations(self, record: DebateRecord, state: ProcedureState) -> None:
        record.targets = list(state.targets.values())  # in order of first mention
        record.divisions = sorted([*state.record.divisions, *state.divisions], key=lambda d: (d.seq is None, d.seq or 0))
        for speech in record.speeches:
            speech.targets = state.speech_targets.get(speech.seq, [])
        for event in record.events:
            if event.seq in state.event_kinds:
                event.kind, event.targets = state.event_kinds[event.seq][0], [t for t in state.event_kinds[event.seq][1] if t]
        record.warnings += state.warnings
