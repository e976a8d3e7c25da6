"""What the stance models read for each (speech, target) of a real debate: the speaker's side, who moved
the target, whether the speech names it, the cues, and the part of the speech about it."""
from __future__ import annotations

from conftest import NEWS, SEED, annotate
from parlmine.parties import governing_parties, official_opposition
from parlmine.stance.speech_model import record_pairs
from parlmine.stance.structure import pair_contexts


def _contexts(path):
    record = annotate(path)
    out = {}
    for i, tid, c, _ in pair_contexts(record):
        out[(record.speeches[i].speaker.name, tid)] = c  # the speaker's last speech on the target
        out[(record.speeches[i].seq, tid)] = c
    return record, out


def test_seed_page_structure():
    record, ctx = _contexts(SEED)
    assert len(pair_contexts(record)) == sum(len(s.targets) for s in record.speeches)
    # TWFY gives the Chair only a party; announcing the grouping makes her the Chair.
    assert ctx[("Julie Elliott", "amendment-54")].speaker_side == "chair"
    assert ctx[("Alex Norris", "amendment-55")].speaker_side == "opposition_front"
    assert ctx[("Edward Argar", "clause-20")].speaker_side == "government_front"
    # A Conservative backbencher's amendment in 2021 is not the Government's; the Bill's clause is.
    assert ctx[("James Davies", "amendment-55")].owner == "governing_backbench"
    assert ctx[("Edward Argar", "clause-20")].owner == "government"
    assert ctx[("James Davies", "amendment-55")].mover == "this"
    assert ctx[("James Davies", "amendment-54")].mover == "group"
    assert ctx[("Justin Madders", "amendment-83")].mover == "group"
    # "I will talk briefly about amendment 83 which has been grouped with amendment 47."
    assert ctx[(11, "amendment-83")].named == "this"
    # "I beg to move amendment 47" is a support cue about the amendment it names, and names only that one.
    assert "support" in ctx[(9, "amendment-47")].cues_this


def test_news_report_sides_come_from_offices_without_a_date():
    record, ctx = _contexts(NEWS)
    assert record.date is None
    assert ctx[("Norman Lamb", "order-1")].speaker_side == "government_front"
    assert ctx[("Liz Kendall", "order-1")].speaker_side == "opposition_front"
    assert ctx[("Norman Lamb", "order-1")].owner == "government"


def test_focused_text_keeps_the_sentences_about_the_target():
    record = annotate(SEED)
    pairs = {(record.speeches[i].speaker.name, record.speeches[i].seq, tid): p for i, tid, p, _ in record_pairs(record)}
    madders = pairs[("Justin Madders", 11, "amendment-83")]
    full = next(s.text for s in record.speeches if s.seq == 11)
    assert madders.text.startswith("I will talk briefly about amendment 83")
    assert len(madders.text) < len(full) and "…" in madders.text
    assert madders.context is not None and madders.target.startswith("Amendment 83")


def test_dated_sides():
    assert governing_parties("2009-10-27") == {"Labour"} and official_opposition("2009-10-27") == "Conservative"
    assert governing_parties("2014-03-01") == {"Conservative", "Liberal Democrat"} and official_opposition("2014-03-01") == "Labour"
    assert governing_parties("2021-09-16") == {"Conservative"} and official_opposition("2021-09-16") == "Labour"
    assert official_opposition(None) is None and governing_parties(None) == frozenset()
