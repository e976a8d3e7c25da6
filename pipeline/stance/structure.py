"""Where a speech stands in the debate on one target: the inputs that decide speech-level stance.

A (speech, target) pair is described by who speaks (the Chair; the Government front bench; a
backbencher of the governing party, who is not the Government; the Opposition front bench; another
backbencher), who moved the target (the speaker, or the speaker moved another amendment of the
group; a Minister or the Bill itself; a backbencher), whether the speech names this target or only
another one of the group, and which stance cues (`stance/cues.py`) occur in the sentences about it.
These are what the guidelines of the speech-label corpus decide by: a Minister asking for withdrawal
opposes; a speech about another amendment of the group is neutral toward this one; "we will not
oppose the clause" is neutral.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..abbreviations import ABBREVIATIONS
from ..parties import canonical_party, governing_parties, is_government_role, is_shadow_role
from ..procedure import GROUPING, REFERENCE, expand_numbers, kind_of
from ..record import DebateRecord, Speech, Target
from .cues import CUE_STANCES, Cue, cues_in
from .labels import is_chair, normalise_name, same_person
from .pairs import Owner, PairContext, Side

#: "the amendment", "these amendments", "new clause": a reference to what is under debate, no number.
_GENERIC = re.compile(r"\b(?:the|this|these|those|my|our|his|her|their|its) (?:\w+ )?(?:amendments?|new clauses?|new schedules?|clauses?|schedules?|orders?|motion|proposals?)\b(?!\s+\d)", re.I)
_ABBREVIATION_END = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, ABBREVIATIONS)) + r")$")
_SENTENCE = re.compile(r"(?<=[.?!…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n{2,}")
#: The next speaker addresses the one before as the Minister: "I thank the Minister for his reply", "is
#: the Minister aware", "I am sorry to interrupt the Minister" ("the Minister for Housing" names another).
_MINISTER_ADDRESSED = re.compile(r"\bthe Minister\b(?!\s+(?:for|of)\b)", re.I)
#: A Lords oral question: the Member who answers it is a Minister; the one who asks it is not.
_QUESTION_ASKED = re.compile(r"^(?:My Lords, )?(?:To ask Her Majesty's Government|I beg leave to ask the Question)", re.I)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a speech: a fast split at sentence punctuation and
    paragraphs, never after "hon." or "No." (the shared abbreviation table)."""
    spans, start = [], 0
    for m in _SENTENCE.finditer(text):
        if "\n" not in m.group() and _ABBREVIATION_END.search(text, max(0, m.start() - 8), m.start()):
            continue
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def named_targets(sentence: str) -> set[str]:
    """Target ids a sentence names: "amendments 54 and 55" → {amendment-54, amendment-55}."""
    out = set()
    for m in REFERENCE.finditer(sentence):
        kind = kind_of(m.group("kind"))
        out.update(f"{kind}-{n}" for n in expand_numbers(m.group("nums")))
    return out


@dataclass
class SpeechReading:
    """A speech read once for all its targets: its sentences, what each names, its cues."""
    spans: list[tuple[int, int]]
    named: list[set[str]]
    generic: list[bool]
    cues: list[list[Cue]]
    all_named: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, text: str) -> "SpeechReading":
        spans = sentences(text)
        named = [named_targets(text[a:b]) for a, b in spans]
        return cls(spans=spans, named=named, generic=[bool(_GENERIC.search(text[a:b])) for a, b in spans],
                   cues=[cues_in(text[a:b]) for a, b in spans], all_named=set().union(*named) if named else set())

    def cue_stances(self, target_id: str, this_named: bool) -> tuple[list[str], list[str], list[str]]:
        this, generic, anywhere = set(), set(), set()
        for names, is_generic, found in zip(self.named, self.generic, self.cues):
            stances = {cue.stance for cue in found}
            anywhere |= stances
            if target_id in names:
                this |= stances
            elif not names and (is_generic or not this_named):
                generic |= stances
        order = CUE_STANCES.index
        return sorted(this, key=order), sorted(generic, key=order), sorted(anywhere, key=order)

    def cue_sentence(self, target_id: str, label: str) -> int | None:
        """The sentence that best shows ``label`` toward the target: a cue of that stance in a sentence
        naming it, then in an unnumbered one, then the first sentence naming it."""
        wanted = {"support": ("support",), "oppose": ("oppose",), "neutral": ("neutral", "withdraw")}[label]
        for test in (lambda i: target_id in self.named[i], lambda i: not self.named[i], lambda i: True):
            for i, found in enumerate(self.cues):
                if test(i) and any(cue.stance in wanted for cue in found):
                    return i
        return next((i for i, names in enumerate(self.named) if target_id in names), None)


def chairs(record: DebateRecord) -> set[str]:
    """Members who chair the sitting by what they say: TheyWorkForYou pages give a committee's Chair
    only a party, but only the Chair announces the grouping of amendments or calls "Order."."""
    return {normalise_name(s.speaker.name) for s in record.speeches
            if GROUPING.search(s.text.split("\n\n", 1)[0]) or s.text.startswith("Order.")}


def speaker_side(speech: Speech, record: DebateRecord, ministers: set[str], chaired_by: set[str] = frozenset()) -> Side:
    speaker = speech.speaker
    if is_chair(speaker) or (speaker.role or "").lower() == "chair" or normalise_name(speaker.name) in chaired_by:
        return "chair"
    role = speaker.role
    if is_government_role(role) or (not role and normalise_name(speaker.name) in ministers):
        return "government_front"
    if is_shadow_role(role):
        return "opposition_front"
    party = canonical_party(speaker.party)
    governing = governing_parties(record.date)
    if party and governing:
        return "government_back" if party in governing else "opposition_back"
    return "opposition_back" if party else "unknown"


def addressed_ministers(record: DebateRecord) -> set[str]:
    """Members with no office in the record (Lords ParlParse prints none) who answer an oral question, or
    whom the next speaker calls "the Minister" at least twice, less those who ask a question."""
    addressed: Counter[str] = Counter()
    answers, asks = set(), set()
    speeches = sorted(record.speeches, key=lambda s: s.seq)
    if any(is_government_role(s.speaker.role) for s in speeches):
        return set()  # the record names its Ministers
    for before, after in zip(speeches, speeches[1:]):
        if before.speaker.role or same_person(before.speaker, after.speaker):
            continue
        if _QUESTION_ASKED.search(before.text.strip()):
            answers.add(normalise_name(after.speaker.name))
            asks.add(normalise_name(before.speaker.name))
        if _MINISTER_ADDRESSED.search(after.text[:300]):
            addressed[normalise_name(before.speaker.name)] += 1
    found = answers | {name for name, n in addressed.items() if n >= 2}
    return {name for name in found - asks if name}


def target_owner(target: Target, record: DebateRecord, ministers: set[str]) -> Owner:
    """Whose the target is: the Government's (a Minister's amendment, the Bill's own clauses, an Order),
    a backbencher of the governing party, or the Opposition's front or back bench."""
    if target.government or (target.kind in ("clause", "schedule", "bill", "order") and target.moved_by is None):
        return "government"
    mover = target.moved_by
    if mover is None:
        return "unknown"
    from .labels import _resolve

    mover = _resolve(mover, record)
    side = speaker_side(Speech(id="mover", seq=0, speaker=mover, text=""), record, ministers)
    return {"government_front": "government", "government_back": "governing_backbench", "opposition_front": "opposition_front",
            "opposition_back": "opposition_back"}.get(side, "unknown")


def pair_contexts(record: DebateRecord, encoder=None) -> list[tuple[int, str, PairContext, SpeechReading]]:
    """(speech index, target id, context, reading) for every target each speech debates; with a
    :class:`~parlmine.stance.topic.SentenceEncoder`, the topic similarity too."""
    ministers = addressed_ministers(record)
    chaired_by = chairs(record)
    targets = {t.id: t for t in record.targets}
    # An amendment grouped with the one moved, and not moved itself, is taken to be its mover's. Where the record
    # marks Government amendments (the Commons' "Government amendments 6 to 8"), an unmarked one is not the
    # Government's, so it does not take a Minister's mover from its group; the Lords mark none.
    government_targets = ({tid for tid, t in targets.items() if target_owner(t, record, ministers) == "government"}
                   if any(t.government for t in targets.values()) else set())
    movers = {tid: t.moved_by or next((targets[g].moved_by for g in t.group
                                       if g in targets and targets[g].moved_by and g not in government_targets), None)
              for tid, t in targets.items()}
    owners = {tid: target_owner(t.model_copy(update={"moved_by": movers[tid]}), record, ministers) for tid, t in targets.items()}
    reported = reported_speeches(record)
    whole_readings = {text: SpeechReading.of(text) for text in set(reported.values())}  # once per speaker
    out = []
    for i, speech in enumerate(record.speeches):
        if not speech.targets:
            continue
        side = speaker_side(speech, record, ministers, chaired_by)
        reading = SpeechReading.of(speech.text)
        text = reported.get(i, speech.text)
        whole = whole_readings.get(text, reading)
        words = len(text.split())
        party = canonical_party(speech.speaker.party)
        for tid in speech.targets:
            target = targets.get(tid)
            if target is None:
                continue
            group = [g for g in target.group if g != tid]
            if same_person(target.moved_by, speech.speaker):
                mover = "this"
            elif any(same_person(movers[g], speech.speaker) for g in group if g in targets):
                mover = "group"
            else:
                mover = "none"
            mover_party = canonical_party(movers[tid].party) if movers[tid] else None
            same = "unknown" if not (party and mover_party) else ("same" if party == mover_party else "different")
            this_named = tid in whole.all_named
            named = "this" if this_named else ("other" if whole.all_named & set(group) else "none")
            cues_this, cues_generic, cues_any = whole.cue_stances(tid, this_named)
            context = PairContext(
                speaker_side=side, mover=mover, owner=owners[tid], target_kind=target.kind, same_party=same,
                named=named, group_size=len(target.group) or 1, words=words,
                question=text.rstrip().endswith("?"),
                cues_this=cues_this, cues_generic=cues_generic, cues_any=cues_any,
            )
            out.append((i, tid, context, reading))
    if encoder is not None and out:
        add_topics(record, out, encoder)
    return out


def reported_speeches(record: DebateRecord) -> dict[int, str]:
    """{speech index: the speaker's whole reported speech} for a news report, whose paragraphs are
    excerpts of one speech each Member made ("Mr Lamb said …", "He added: …"): stance is what the
    speech says, so each paragraph is read with the rest of its speaker's; its cue stays its own.
    Hansard records are left alone: each of their speeches is one."""
    if record.source.format != "news":
        return {}
    by_speaker: dict[str, list[int]] = {}
    for i, speech in enumerate(record.speeches):
        if speech.targets and speech.speaker.name:
            by_speaker.setdefault(normalise_name(speech.speaker.name), []).append(i)
    return {i: "\n\n".join(record.speeches[j].text for j in indices) for indices in by_speaker.values() for i in indices}


def add_topics(record: DebateRecord, pairs: list[tuple[int, str, PairContext, SpeechReading]], encoder) -> None:
    """Fill ``topic``/``topic_margin`` for the speeches that debate two targets or more: which of them a
    speech is about is the question topic similarity answers, so a speech with one target is not encoded
    (about half of the sentences; leave-one-file-out F1 is unchanged). Each sentence and target is encoded once."""
    from .labels import describe_target
    from .topic import topic_scores

    targets = {t.id: t for t in record.targets}
    debated: dict[int, list[str]] = {}
    for i, tid, _, _ in pairs:
        debated.setdefault(i, []).append(tid)
    debated = {i: tids for i, tids in debated.items() if len(tids) > 1}
    if not debated:
        return
    readings = {i: reading for i, _, _, reading in pairs if i in debated}
    texts, owner = [], []
    for i, reading in readings.items():
        text = record.speeches[i].text
        for a, b in reading.spans:
            texts.append(text[a:b])
            owner.append(i)
    target_ids = sorted({tid for tids in debated.values() for tid in tids})
    vectors = encoder.encode(texts + [describe_target(targets[t]) for t in target_ids])
    target_vectors = dict(zip(target_ids, vectors[len(texts):]))
    owner = np.array(owner)
    sentence_vectors = {i: vectors[:len(texts)][owner == i] for i in debated}
    scores = {i: topic_scores(sentence_vectors[i], target_vectors, tids) for i, tids in debated.items()}
    for i, tid, context, _ in pairs:
        if i not in debated:
            continue
        context.topic, context.topic_margin = (round(x, 4) for x in scores[i][tid])
        if len(sentence_vectors[i]):
            context.topic_sentences = [int(j) for j in np.argsort(-(sentence_vectors[i] @ target_vectors[tid]))[:TOPIC_SENTENCES]]


#: Sentences most like the target's wording that the transformer reads besides those naming it.
TOPIC_SENTENCES = 2
#: Characters of a speech the transformer is given for one target (its budget is in tokens; this bounds tokenising).
FOCUS_CHARS = 1500


def focused_text(text: str, reading: SpeechReading, target_id: str, context: PairContext) -> str:
    """The parts of the speech about one target, in speech order: its first and last sentence (where
    members state their position), the sentences that name the target, carry a stance cue without
    naming another target, or are closest to its wording. Skipped stretches are marked "…"."""
    spans = reading.spans
    if not spans:
        return text
    keep = {0, len(spans) - 1, *context.topic_sentences}
    for j, (names, found) in enumerate(zip(reading.named, reading.cues)):
        if target_id in names or (found and not names):
            keep.add(j)
    parts, last, size = [], -1, 0
    for j in sorted(keep):
        piece = text[spans[j][0]:spans[j][1]].strip()
        if size + len(piece) > FOCUS_CHARS and parts:
            break
        parts.append(("… " if j != last + 1 and parts else "") + piece)
        last, size = j, size + len(piece)
    return " ".join(parts)
