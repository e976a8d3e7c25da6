"""The debate record: one JSON line per input document, shared by every stage.

The JSON Schema shipped in ``pipeline/schema/`` is generated from these models
(``parlmine schema``); a test keeps the two in step.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3"  # 1.1: stances carry a `cue`; 1.2: targets carry `government`; 1.3: `provenance`
#: Versions `parlmine validate` accepts: every change since 1.0 added optional fields only.
SUPPORTED_SCHEMA_VERSIONS = ("1.0", "1.1", "1.2", "1.3")

TargetKind = Literal["amendment", "new_clause", "clause", "schedule", "new_schedule", "motion", "order", "bill"]
Outcome = Literal["withdrawn", "negatived", "agreed", "not_moved"]
EventKind = Literal[
    "heading",            # major/minor heading, clause title
    "procedural",         # a procedural line the procedure stage has not (yet) classified
    "narration",          # reporter's prose in a news report
    "question_proposed",  # "Question proposed, That the clause stand part of the Bill."
    "question_put",       # "Question put, That the amendment be made."
    "division",           # "The Committee divided: Ayes 4, Noes 7." / division block
    "agreed",             # "Question put and agreed to." / "Amendment 33 agreed to."
    "negatived",          # "Question accordingly negatived."
    "withdrawn",          # "Amendment, by leave, withdrawn."
    "not_moved",          # "Amendment 54 not moved."
    "stand_part",         # "Clause 20 accordingly ordered to stand part of the Bill."
    "amendment_made",     # "Amendments made: 34, in clause 11, …"
    "amendment_proposed", # "Amendment proposed (this day): 1, in clause 8, …"
    "chair",              # "[Robert Key in the Chair]"
    "adjournment",        # "Adjourned till …", "Sitting suspended …"
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Model):
    path: str
    format: str
    sha256: str


class Speaker(Model):
    name: str
    person_id: str | None = None
    party: str | None = None
    constituency: str | None = None
    role: str | None = None


class Target(Model):
    id: str = Field(description="Stable id from kind and number, e.g. amendment-55, clause-20, motion-1")
    kind: TargetKind
    number: str | None = Field(None, description='Amendment or clause number as printed ("55", Lords "66B")')
    clause: int | None = Field(None, description="Clause the amendment is in")
    schedule: int | None = Field(None, description="Schedule the amendment is in")
    page: int | None = None
    line: int | None = None
    text: str | None = Field(None, description="Amendment text, clause title or motion wording")
    explanation: str | None = Field(None, description="Explanatory statement")
    moved_by: Speaker | None = None
    government: bool | None = Field(None, description='Listed as the Government\'s ("Government amendments 6 to 8") where the record shows it')
    group: list[str] = Field(default_factory=list, description="Ids debated together, this one included")
    outcome: Outcome | None = None


class Vote(Model):
    name: str
    person_id: str | None = None
    vote: Literal["aye", "no"] = Field(description="Lords content/not-content map to aye/no")
    teller: bool = False


class Division(Model):
    number: int | None = None
    target: str | None = None
    question: str | None = Field(None, description='e.g. "That the amendment be made."')
    ayes: int | None = None
    noes: int | None = None
    result: Literal["agreed", "negatived"] | None = None
    seq: int | None = Field(None, description="Position in the debate, shared with speeches and events")
    source_id: str | None = None
    votes: list[Vote] = Field(default_factory=list)


class StanceCue(Model):
    """The sentence of the speech that best shows a stance, with offsets into the speech text."""
    text: str
    start: int
    end: int


class Stance(Model):
    target: str
    label: Literal["support", "oppose", "neutral"]
    scores: dict[str, float]
    cue: StanceCue | None = Field(None, description="The sentence that best supports the label, offsets into the speech's text")


class Claim(Model):
    id: str
    text: str
    start: int
    end: int
    score: float | None = None


class Evidence(Model):
    id: str
    source: str
    source_kind: Literal["organisation", "report", "person", "government", "statistics"]
    evidence_type: Literal["study", "statistic", "expert", "testimony", "anecdote"]
    text: str
    start: int
    end: int
    quote: str | None = None
    statistics: list[str] = Field(default_factory=list)
    claim: str | None = None


class Speech(Model):
    id: str
    seq: int
    speaker: Speaker
    time: str | None = Field(None, description="HH:MM, 24-hour clock")
    text: str = Field(description="Paragraphs joined by blank lines; claim/evidence offsets index into it")
    targets: list[str] = Field(default_factory=list, description="Target ids under debate when the speech was made")
    source_id: str | None = None
    stances: list[Stance] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Event(Model):
    seq: int
    kind: EventKind
    text: str
    targets: list[str] = Field(default_factory=list)
    source_id: str | None = None
    line: int | None = Field(None, description="1-based line in the source, for text formats")
    claims: list[Claim] = Field(default_factory=list, description="Narration only (news reports): the reporter's own claims")
    evidence: list[Evidence] = Field(default_factory=list, description="Narration only: evidence the report cites outside any speech")


class ReaderWarning(Model):
    message: str
    line: int | None = None
    element: str | None = None


Precision = Literal["fp32", "bf16", "int8"]


class ModelInfo(Model):
    name: str = Field(description='"stance", "claims", "evidence", "ner"')
    version: str | None = None
    sha256: str = Field(description="SHA-256 over the model folder's files (relative path and content, sorted)")


class Provenance(Model):
    """What produced the record, so that a result can be reproduced: the same input, parlmine version,
    models and stance precision give byte-identical output."""
    parlmine_version: str
    stages: list[str] = Field(description="Stages run, in order (segment first)")
    models: list[ModelInfo] = Field(default_factory=list)
    stance_precision: Precision | None = Field(None, description="Numeric precision of the stance model (None: no stance stage)")


class DebateRecord(Model):
    schema_version: str = SCHEMA_VERSION
    id: str
    source: Source
    title: str | None = None
    date: str | None = Field(None, description="ISO 8601 date of the sitting")
    body: str | None = Field(None, description='e.g. "Public Bill Committee", "House of Commons"')
    targets: list[Target] = Field(default_factory=list)
    divisions: list[Division] = Field(default_factory=list)
    speeches: list[Speech] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    warnings: list[ReaderWarning] = Field(default_factory=list)
    provenance: Provenance | None = Field(None, description="Since 1.3; absent in records of earlier versions")

    def to_json(self) -> str:
        """The record as one JSON line, exactly as `parlmine annotate` writes it."""
        return self.model_dump_json()

    def target(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.id == target_id), None)

    def items(self) -> list[Speech | Event]:
        """Speeches and events in debate order."""
        return sorted([*self.speeches, *self.events], key=lambda item: item.seq)


def json_schema() -> dict:
    schema = DebateRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://parlmine.invalid/schema/debate-record-{SCHEMA_VERSION}.json"
    return schema
