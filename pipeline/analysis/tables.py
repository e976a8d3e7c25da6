"""Flat, typed tables from annotated records: one row per item, with ``debate_id``/``speech_id`` keys.

Each table is declared once as an Arrow schema plus a function from a record to rows; `export`,
`stats` and `report` all read these, so a column means the same thing everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa

from ..record import DebateRecord, Speech
from ..stance.labels import continuations, is_chair, speaker_info, vote_labels
from .records import iter_records

Row = dict[str, object]


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    schema: pa.Schema
    rows: Callable[[DebateRecord, "Context"], Iterator[Row]]


@dataclass
class Context:
    """What a record's rows need beyond the record: later sittings (for vote-derived labels)."""

    continued: list[DebateRecord]


def _speaker_columns(speech: Speech, record: DebateRecord) -> Row:
    return {
        "speaker": speech.speaker.name,
        "person_id": speech.speaker.person_id,
        # Canonical party; for an office holder listed without one, inferred from the office.
        "party": speaker_info(speech.speaker, record).party,
    }


def _speeches(record: DebateRecord, ctx: Context) -> Iterator[Row]:
    for s in record.speeches:
        yield {
            "debate_id": record.id, "date": record.date, "title": record.title, "body": record.body,
            "speech_id": s.id, "seq": s.seq, **_speaker_columns(s, record),
            "constituency": s.speaker.constituency, "role": s.speaker.role, "chair": is_chair(s.speaker),
            "time": s.time, "words": len(s.text.split()), "targets": list(s.targets),
            "stances": len(s.stances), "claims": len(s.claims), "evidence": len(s.evidence), "text": s.text,
        }


def _stances(record: DebateRecord, ctx: Context) -> Iterator[Row]:
    votes = {(v.speech_id, v.target): v for v in vote_labels(record, ctx.continued) if v.rule == "vote"}
    for s in record.speeches:
        for st in s.stances:
            target = record.target(st.target)
            vote = votes.get((s.id, st.target))
            yield {
                "debate_id": record.id, "speech_id": s.id, "seq": s.seq, **_speaker_columns(s, record),
                "target": st.target, "target_kind": target.kind if target else None,
                "label": st.label, "support": st.scores.get("support"), "oppose": st.scores.get("oppose"),
                "neutral": st.scores.get("neutral"), "confidence": max(st.scores.values(), default=None),
                "vote_label": vote.vote_label if vote else None, "division": vote.division if vote else None,
                "cue": st.cue.text if st.cue else None,
            }


def _argument_items(record: DebateRecord):
    """Speeches and news narration (which carries the reporter's own claims and evidence)."""
    for item in record.items():
        if isinstance(item, Speech):
            yield item, {"speech_id": item.id, "seq": item.seq, **_speaker_columns(item, record)}
        elif item.claims or item.evidence:
            yield item, {"speech_id": None, "seq": item.seq, "speaker": None, "person_id": None, "party": None}


def _claims(record: DebateRecord, ctx: Context) -> Iterator[Row]:
    for item, keys in _argument_items(record):
        for c in item.claims:
            yield {"debate_id": record.id, **keys, "claim_id": c.id, "text": c.text,
                   "start": c.start, "end": c.end, "score": c.score}


def _evidence(record: DebateRecord, ctx: Context) -> Iterator[Row]:
    for item, keys in _argument_items(record):
        claims = {c.id: c.text for c in item.claims}
        for e in item.evidence:
            yield {"debate_id": record.id, **keys, "evidence_id": e.id, "source": e.source,
                   "source_kind": e.source_kind, "evidence_type": e.evidence_type, "text": e.text,
                   "start": e.start, "end": e.end, "quote": e.quote, "statistics": list(e.statistics),
                   "claim_id": e.claim, "claim_text": claims.get(e.claim) if e.claim else None}


def _divisions(record: DebateRecord, ctx: Context) -> Iterator[Row]:
    for d in record.divisions:
        yield {"debate_id": record.id, "number": d.number, "seq": d.seq, "target": d.target,
               "question": d.question, "ayes": d.ayes, "noes": d.noes, "result": d.result,
               "named_votes": len(d.votes)}


def _votes(record: DebateRecord, ctx: Context) -> Iterator[Row]:
    for d in record.divisions:
        for v in d.votes:
            yield {"debate_id": record.id, "division": d.number, "division_seq": d.seq, "target": d.target,
                   "name": v.name, "person_id": v.person_id, "vote": v.vote, "teller": v.teller}


def _targets(record: DebateRecord, ctx: Context) -> Iterator[Row]:
    for t in record.targets:
        last = next((d for d in reversed(record.divisions) if d.target == t.id), None)
        yield {"debate_id": record.id, "target_id": t.id, "kind": t.kind, "number": t.number,
               "clause": t.clause, "schedule": t.schedule, "page": t.page, "line": t.line, "text": t.text,
               "explanation": t.explanation, "moved_by": t.moved_by.name if t.moved_by else None,
               "group": list(t.group), "outcome": t.outcome,
               "division": last.number if last else None, "ayes": last.ayes if last else None,
               "noes": last.noes if last else None, "division_result": last.result if last else None,
               "speeches": sum(t.id in s.targets for s in record.speeches)}


S, I, F, B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
L = pa.list_(pa.string())


def _schema(*cols: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in cols])


_SPEAKER = (("speaker", S), ("person_id", S), ("party", S))

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (
    TableSpec("speeches", "one row per speech, with the debate's date, title and body", _schema(
        ("debate_id", S), ("date", S), ("title", S), ("body", S), ("speech_id", S), ("seq", I), *_SPEAKER,
        ("constituency", S), ("role", S), ("chair", B), ("time", S), ("words", I), ("targets", L),
        ("stances", I), ("claims", I), ("evidence", I), ("text", S)), _speeches),
    TableSpec("stances", "one row per (speech, target) stance, with the speaker's vote on it where a division shows it", _schema(
        ("debate_id", S), ("speech_id", S), ("seq", I), *_SPEAKER, ("target", S), ("target_kind", S),
        ("label", S), ("support", F), ("oppose", F), ("neutral", F), ("confidence", F),
        ("vote_label", S), ("division", I), ("cue", S)), _stances),
    TableSpec("claims", "one row per claim (speech_id null: a news report's own narration)", _schema(
        ("debate_id", S), ("speech_id", S), ("seq", I), *_SPEAKER, ("claim_id", S), ("text", S),
        ("start", I), ("end", I), ("score", F)), _claims),
    TableSpec("evidence", "one row per evidence citation, with the claim it backs", _schema(
        ("debate_id", S), ("speech_id", S), ("seq", I), *_SPEAKER, ("evidence_id", S), ("source", S),
        ("source_kind", S), ("evidence_type", S), ("text", S), ("start", I), ("end", I), ("quote", S),
        ("statistics", L), ("claim_id", S), ("claim_text", S)), _evidence),
    TableSpec("divisions", "one row per division", _schema(
        ("debate_id", S), ("number", I), ("seq", I), ("target", S), ("question", S), ("ayes", I),
        ("noes", I), ("result", S), ("named_votes", I)), _divisions),
    TableSpec("votes", "one row per named vote in a division", _schema(
        ("debate_id", S), ("division", I), ("division_seq", I), ("target", S), ("name", S),
        ("person_id", S), ("vote", S), ("teller", B)), _votes),
    TableSpec("targets", "one row per target (amendment, clause, motion…), with its outcome and last division", _schema(
        ("debate_id", S), ("target_id", S), ("kind", S), ("number", S), ("clause", I), ("schedule", I),
        ("page", I), ("line", I), ("text", S), ("explanation", S), ("moved_by", S), ("group", L),
        ("outcome", S), ("division", I), ("ayes", I), ("noes", I), ("division_result", S),
        ("speeches", I)), _targets),
)}


def _light(record: DebateRecord) -> DebateRecord:
    """What a later sitting contributes to earlier ones' vote labels: its targets and divisions."""
    return record.model_copy(update={"speeches": [], "events": []})


def build_tables(records: Iterable[DebateRecord], names: Iterable[str] = TABLES,
                 continued: dict[str, list[DebateRecord]] | None = None) -> dict[str, pa.Table]:
    specs = [TABLES[n] for n in names]
    columns: dict[str, list[Row]] = {spec.name: [] for spec in specs}
    for record in records:
        ctx = Context(continued=(continued or {}).get(record.id, []))
        for spec in specs:
            columns[spec.name].extend(spec.rows(record, ctx))
    return {spec.name: pa.Table.from_pylist(columns[spec.name], schema=spec.schema) for spec in specs}


def sittings(paths: Iterable[Path | str]) -> list[DebateRecord]:
    """Every record without its speeches and events: what `load_tables` needs to link a debate to
    the later sittings where it was divided on (and what a caller needs for a list of debates)."""
    return [_light(r) for r in iter_records(paths)]


def load_tables(paths: Iterable[Path | str], names: Iterable[str] = TABLES,
                light: list[DebateRecord] | None = None) -> dict[str, pa.Table]:
    """Tables from JSONL files, streamed twice: first the sittings' divisions (a debate adjourned
    in one sitting may be divided on in a later one; pass ``light`` if you already have them from
    `sittings`), then the rows."""
    paths = list(paths)
    names = list(names)
    continued = None
    if "stances" in names:
        continued = continuations(light if light is not None else sittings(paths))
    return build_tables(iter_records(paths), names, continued)
