"""The `arguments` stage: claims and cited evidence in every speech, from the spaCy components."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..record import Claim, DebateRecord, Evidence, ModelInfo
from ..stages import Stage, stage
from ..resources import gazetteer_path

if TYPE_CHECKING:  # spaCy is imported when the stage is built, not when it is registered
    from spacy.tokens import Doc


def gazetteer_paths() -> list[Path]:
    """The shipped gazetteer, plus the files in PARLMINE_SOURCES (os.pathsep-separated) a user adds."""
    extra = [Path(p) for p in os.environ.get("PARLMINE_SOURCES", "").split(os.pathsep) if p]
    return [gazetteer_path(), *extra]


def committee_name(record: DebateRecord) -> str | None:
    """"Child Poverty Bill Committee" for a Public Bill Committee's sitting on the Child Poverty Bill."""
    if record.body and "Committee" in record.body and record.title and record.title.rstrip().endswith("Bill"):
        return f"{record.title.strip()} Committee"
    return None


def unit_docs(nlp, record: DebateRecord, texts: list[str]) -> list["Doc"]:
    """Unprocessed docs of ``texts`` (speeches of ``record``) carrying what the evidence finder reads of the
    debate: its speakers' names (not outside sources) and its committee (whose own evidence is cited)."""
    speakers = sorted({s.speaker.name for s in record.speeches if s.speaker and s.speaker.name})
    committee = committee_name(record)
    docs = [nlp.make_doc(text) for text in texts]
    for doc in docs:
        doc._.speakers, doc._.committee = speakers, committee
    return docs


def full_names(evidence) -> None:
    """"Mr. Brewer" is the "Mike Brewer" cited elsewhere in the debate, when only one person has that surname."""
    from .gazetteer import source_key

    evidence = [e for e in evidence if e.source_kind == "person"]
    by_surname: dict[str, set[str]] = {}
    for e in evidence:
        words = source_key(e.source).split()
        if len(words) > 1:
            by_surname.setdefault(words[-1], set()).add(e.source)
    for e in evidence:
        words = source_key(e.source).split()
        if len(words) == 1 and len(by_surname.get(words[0], ())) == 1:
            e.source = next(iter(by_surname[words[0]]))


@stage
class ArgumentsStage(Stage):
    name = "arguments"
    assigns = ("speeches.claims", "speeches.evidence", "events.claims", "events.evidence")

    def __init__(self) -> None:
        from .nlp import arguments_nlp

        from .gazetteer import load_sources, period_names

        # Built once per process and reused for every record; the gazetteer is read once for both.
        sources = load_sources(gazetteer_paths())
        self.nlp = arguments_nlp(sources=sources)
        self.period_name = period_names(sources)

    def models(self) -> list[ModelInfo]:
        from ..provenance import model_info

        claims, evidence = self.nlp.get_pipe("parlmine_claims"), self.nlp.get_pipe("parlmine_evidence")
        found = [model_info("claims", claims.model_path), model_info("evidence", evidence.model_path)]
        if evidence.ner is not None:
            found.append(model_info("en_core_web_sm", Path(evidence.ner.path), evidence.ner.meta.get("version")))
        paths = gazetteer_paths()  # the shipped one, then any PARLMINE_SOURCES files
        found += [model_info("gazetteer" if k == 0 else f"gazetteer {p.name}", p) for k, p in enumerate(paths)]
        return found

    @staticmethod
    def units(record: DebateRecord) -> list[tuple[str, str]]:
        """(id, text) of every speech, then of every narration paragraph (a news report's own text)."""
        narration = [(f"{record.id}/event-{e.seq}", e.text) for e in record.events if e.kind == "narration"]
        return [(s.id, s.text) for s in record.speeches] + narration

    def predict(self, record: DebateRecord) -> list[tuple[list[Claim], list[Evidence]]]:
        units = self.units(record)
        docs = unit_docs(self.nlp, record, [text for _, text in units])
        found = [self.from_doc(unit_id, doc) for (unit_id, _), doc in zip(units, self.nlp.pipe(docs, batch_size=32))]
        full_names(e for _, evidence in found for e in evidence)
        for _, evidence in found:  # a renamed body under the name it had that day: the FCO in 2009, the FCDO now
            for e in evidence:
                e.source = self.period_name(e.source, record.date)
        return found

    @staticmethod
    def from_doc(speech_id: str, doc: "Doc") -> tuple[list[Claim], list[Evidence]]:
        claims = [Claim(id=f"{speech_id}/claim-{k}", text=c.text, start=c.start_char, end=c.end_char,
                        score=c._.claim_score) for k, c in enumerate(doc._.claims, 1)]
        claim_ids = {(c.start, c.end): c.id for c in claims}
        evidence = [
            Evidence(id=f"{speech_id}/evidence-{k}", source=e._.source, source_kind=e._.source_kind,
                     evidence_type=e._.evidence_type, text=e.text, start=e.start_char, end=e.end_char,
                     quote=e._.quote, statistics=list(e._.statistics),
                     claim=claim_ids.get((e._.claim.start_char, e._.claim.end_char)) if e._.claim is not None else None)
            for k, e in enumerate(doc._.evidence, 1)
        ]
        return claims, evidence

    def set_annotations(self, record: DebateRecord, annotations: list[tuple[list[Claim], list[Evidence]]]) -> None:
        narration = [e for e in record.events if e.kind == "narration"]
        for unit, (claims, evidence) in zip([*record.speeches, *narration], annotations):
            unit.claims, unit.evidence = claims, evidence
