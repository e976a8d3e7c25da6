"""Speech-level stance: the cue table on real sentences, the speech-label format, and what the shipped
model says on the two seed documents (the issue's must-shows)."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import NEWS, SEED, annotate
from parlmine.stance.cues import cues_in
from parlmine.stance.speech_labels import SpeechLabelError, read_speech_labels


def _stances(cue_names):
    return {c.stance for c in cue_names}


@pytest.mark.parametrize("sentence, stance", [
    # The seed page (Health and Care Bill committee, 16 September 2021).
    ("I beg to move amendment 47, in clause 20, page 31, line 31, at end insert—", "support"),
    ("We will not oppose the clause but we wish to put on the record where we think its shortcomings are.", "neutral"),
    ("My hon. Friend the Member for Eddisbury is particularly keen that these matters are covered within statutory "
     "guidance, but, with the leave of the Committee, I beg to ask leave to withdraw the amendment.", "withdraw"),
])
def test_cue_table_on_seed_sentences(sentence, stance):
    assert stance in _stances(cues_in(sentence))


def test_the_movers_closing_is_not_a_request_to_withdraw():
    """"I beg to ask leave to withdraw" closes the mover's case; only someone else asking them to withdraw opposes."""
    assert "oppose" not in _stances(cues_in("I beg to ask leave to withdraw the amendment."))


def test_speech_label_errors_name_file_line_and_field(tmp_path):
    bad = tmp_path / "x.stance.jsonl"
    bad.write_text('{"file": "a.xml", "speech_id": "s", "target": {"kind": "amendment", "number": "1"}, "label": "support"}\n'
                   '{"file": "a.xml", "speech_id": "s", "target": {"kind": "motionish"}, "label": "support"}\n')
    with pytest.raises(SpeechLabelError, match=rf"{bad}:2: target.kind"):
        read_speech_labels(bad)


@pytest.fixture(scope="module")
def seed_records():
    """Both seed documents annotated with the shipped stance model, keyed by path."""
    from parlmine.stance.stage import StanceStage

    stage = StanceStage()
    return {path: stage(annotate(path)) for path in (SEED, NEWS)}


@pytest.fixture(scope="module")
def seed_stances(seed_records):
    """{(speaker, target): [labels of each speech]} on both seed documents with the shipped model."""
    out = {}
    for record in seed_records.values():
        for speech in record.speeches:
            for st in speech.stances:
                out.setdefault((speech.speaker.name, st.target), []).append(st)
    return out


def _labels(seed_stances, speaker, target):
    return {st.label for st in seed_stances[(speaker, target)]}


def test_seed_page_chair_is_neutral_on_what_she_groups(seed_stances):
    for target in ("amendment-54", "amendment-55", "amendment-47", "amendment-83"):
        assert _labels(seed_stances, "Julie Elliott", target) == {"neutral"}


# Known misses of the shipped model, kept as strict xfails so a model that fixes them is noticed.
#: Passed by the transformer mix (weight 0.5, run 3), lost since the mix weight chosen by pooled leave-one-file-out
#: came out 0: the structure model alone reads "we will not oppose the clause" from the Shadow Minister as support
#: (run 5: 0.51; the neutral cue is outweighed by side and owner), his other, cue-less speech as neutral: a tie.
STRUCTURE_ONLY_MISS = pytest.mark.xfail(strict=True, reason="issue 14 open: 'we will not oppose the clause' outweighed "
                                        "by side and owner (structure model alone, mix weight 0)")
CROSS_PARTY_MISS = pytest.mark.xfail(strict=True, reason="issue 14 open: the Shadow Minister welcoming a governing-party "
                                     "backbench amendment with no stance cue is read as neutral/oppose")


@pytest.mark.parametrize("speaker, target, label", [
    ("James Davies", "amendment-55", "support"), ("James Davies", "amendment-54", "support"),
    pytest.param("Alex Norris", "amendment-55", "support", marks=CROSS_PARTY_MISS),
    pytest.param("Alex Norris", "amendment-54", "support", marks=CROSS_PARTY_MISS),
    ("Alex Norris", "amendment-47", "support"), ("Alex Norris", "amendment-83", "support"),
    ("Edward Argar", "amendment-54", "oppose"), ("Edward Argar", "amendment-55", "oppose"),
    ("Edward Argar", "amendment-47", "oppose"), ("Edward Argar", "amendment-83", "oppose"),
    ("Edward Argar", "clause-20", "support"),
    ("Justin Madders", "amendment-47", "support"), ("Justin Madders", "amendment-83", "support"),
    pytest.param("Justin Madders", "clause-20", "neutral", marks=STRUCTURE_ONLY_MISS),
])
def test_seed_page_speech_by_speech(seed_stances, speaker, target, label):
    """The speeches that argue a case: the issue's list for the seed page (James Davies's closing
    "I beg to ask leave to withdraw" speech included: he keeps the case open)."""
    found = Counter(st.label for st in seed_stances[(speaker, target)])
    assert found and found.most_common(1)[0][1] == found[label] and list(found.values()).count(found[label]) == 1, found


def test_news_report_minister_supports_the_order_in_every_paragraph(seed_stances):
    """A news report's paragraphs are excerpts of one speech per Member: each is read with the rest of its
    speaker's (stance/structure.py `reported_speeches`), so a paragraph of plain description still carries
    the Minister's support for the Order he moves."""
    assert _labels(seed_stances, "Norman Lamb", "order-1") == {"support"}


def test_news_report_shadow_minister_opposes_the_order(seed_stances):
    assert _labels(seed_stances, "Liz Kendall", "order-1") == {"oppose"}


def test_news_paragraph_cues_stay_inside_their_paragraph(seed_records):
    """The speaker's whole reported speech decides the label; the cue shown is a sentence of the paragraph
    itself, by offsets into that paragraph's text (not into the speaker's joined speech)."""
    lamb = [s for s in seed_records[NEWS].speeches if s.speaker.name == "Norman Lamb"]
    cues = [(s, st.cue) for s in lamb for st in s.stances if st.cue]
    assert len(lamb) >= 5 and cues
    assert all(speech.text[cue.start:cue.end] == cue.text for speech, cue in cues)


def test_every_stance_has_a_cue_inside_its_speech(seed_stances):
    cues = [st.cue for sts in seed_stances.values() for st in sts if st.cue]
    assert len(cues) >= len(seed_stances) // 2
    assert all(cue.end > cue.start and len(cue.text) == cue.end - cue.start for cue in cues)
    assert json.loads(cues[0].model_dump_json())["text"] == cues[0].text


@pytest.mark.parametrize("day, ministers", [
    ("daylord2009-10-26a", {"bach", "davies of oldham", "thornton", "west of spithead"}),
    ("daylord2009-10-29a", {"brett", "myners", "royall of blaisdon", "taylor of bolton", "tunnicliffe"}),
])
def test_lords_ministers_are_found_without_offices(day, ministers):
    """Lords ParlParse prints no offices: a Minister answers oral questions and is addressed as "the Minister"."""
    from conftest import PARLPARSE, annotate

    from parlmine.stance.structure import addressed_ministers

    assert addressed_ministers(annotate(PARLPARSE / "lordspages" / f"{day}.xml")) == ministers


def test_stance_sentences_do_not_end_at_hon_or_no():
    """The stance stage's fast split keeps "my hon. Friend the Member for …" and "No. 2" whole (the shared
    abbreviation table), so a cue or a target number is read inside its own sentence."""
    from parlmine.stance.structure import sentences

    text = next(line for line in SEED.read_text(encoding="utf-8").splitlines()
                if "I beg to ask leave to withdraw" in line and "hon. Friend" in line)
    pieces = [text[a:b] for a, b in sentences(text)]
    assert not any(p.rstrip().endswith(("hon.", "No.")) for p in pieces)
    assert any("hon. Friend" in p for p in pieces)
    assert sentences("Johnson. He spoke.") == [(0, 8), (9, 18)]


def test_government_amendments_are_the_governments_and_only_they():
    """The Commons' Chair lists "Government amendments 6 to 8" and "Government new clause 3": those are the
    Government's even with no mover printed; the backbench amendments debated with Government amendment 4
    (moved by the Minister) stay their backbench mover's, not the Government's."""
    from conftest import PARLPARSE, annotate

    from parlmine.stance.structure import pair_contexts

    day26 = annotate(PARLPARSE / "debates" / "debates2009-10-26a.xml")
    marked = {t.id for t in day26.targets if t.government}
    assert {"amendment-6", "amendment-7", "amendment-8", "new_clause-3"} <= marked
    assert "amendment-33" not in marked
    day27 = annotate(PARLPARSE / "debates" / "debates2009-10-27d.xml")
    owners = {tid: c.owner for _, tid, c, _ in pair_contexts(day27)}
    assert owners["amendment-4"] == "government"
    assert all(owners[t] != "government" for t in ("amendment-25", "amendment-26", "amendment-31") if t in owners)
    assert {"amendment-25", "amendment-31"} <= set(owners)


def test_topic_similarity_only_where_a_speech_debates_several_targets():
    """Which target a speech is about is asked only of speeches that debate two or more: on the seed page
    the group of amendments gets topic scores, a speech on clause 20 alone is not encoded."""
    from parlmine.stance.structure import pair_contexts
    from parlmine.stance.topic import SentenceEncoder

    record = annotate(SEED)
    per_speech: dict[int, list] = {}
    for i, _, context, _ in pair_contexts(record, SentenceEncoder(precision="bf16")):
        per_speech.setdefault(i, []).append(context)
    several = [c for cs in per_speech.values() if len(cs) > 1 for c in cs]
    single = [cs[0] for cs in per_speech.values() if len(cs) == 1]
    assert several and single
    assert all(c.topic is not None and -1 <= c.topic <= 1 for c in several)
    assert all(c.topic is None and c.topic_margin is None for c in single)
