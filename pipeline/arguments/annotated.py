"""Hand-annotated debates (tests/fixtures/*_citations.json and the like) as training and scoring data
for the citation detector: each annotation with its transcript read, and every candidate mention of
the speeches it covers labelled by whether the annotation cites that source in that speech."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..record import DebateRecord
from .detector import Mention
from .evaluation import gold_pairs, load_gold, source_identity
from .stage import unit_docs


@dataclass
class AnnotatedDebate:
    name: str
    gold: dict
    record: DebateRecord

    def speeches(self):
        """The speeches the annotation covers (all of them when it lists none)."""
        covered = set(self.gold.get("speech_ids") or ())
        return [s for s in self.record.speeches if not covered or (s.source_id or s.id) in covered]


def annotation_files(folders: list[Path]) -> list[Path]:
    """The citation annotations of the folders (``*_citations.json``; second annotations are left out)."""
    return sorted(p for folder in folders for p in Path(folder).glob("*_citations.json"))


def read_annotated(paths: list[Path], transcripts: Path, log: Callable[[str], None] = print,
                   stages: Sequence[str] = ("segment",)) -> list[AnnotatedDebate]:
    """Each annotation with its transcript (found by file name under ``transcripts``) read through ``stages``."""
    from ..annotation import annotate_file
    from ..stage_plan import build_stages

    segment = build_stages(list(stages))
    out = []
    for path in paths:
        gold = load_gold(path)
        found = sorted(Path(transcripts).glob(f"**/{gold['file']}"))
        if not found:
            raise FileNotFoundError(f"{path}: transcript {gold['file']} not found under {transcripts}")
        out.append(AnnotatedDebate(path.name.removesuffix("_citations.json"), gold, annotate_file(found[0], segment)))
        log(f"{path.name}: {len(gold['citations'])} citations in {len(out[-1].speeches())} speeches")
    return out


@dataclass
class LabelledMention:
    debate: str
    speech_id: str
    source: str          # the comparison key of the candidate's source
    mention: Mention
    label: int           # 1: the annotation cites this source in this speech


def labelled_mentions(nlp, debate: AnnotatedDebate, key: Callable[[str], str] | None = None) -> list[LabelledMention]:
    """Every candidate mention in the covered speeches, by the `parlmine_evidence` component of ``nlp``."""
    key = key or source_identity()
    finder = nlp.get_pipe("parlmine_evidence")
    speeches = debate.speeches()
    docs = list(nlp.pipe(unit_docs(nlp, debate.record, [s.text for s in speeches]),
                         disable=["parlmine_claims", "parlmine_evidence"]))
    wanted = gold_pairs(debate.gold, key)
    out = []
    for m in finder.mentions(docs, features=True):
        speech_id = speeches[m.doc_index].source_id or speeches[m.doc_index].id
        source = key(m.candidate.name)
        out.append(LabelledMention(debate.name, speech_id, source, m, int((speech_id, source) in wanted)))
    return out
