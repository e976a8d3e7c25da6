"""Vote-derived stance labels (pipeline/stance/labels.py) on the Child Poverty Bill committee sittings.

The expectations for sitting 06 are derived here straight from the raw ParlParse XML with
ElementTree (division lists, who moved what, who spoke before each division), not from the
project's reader or procedure stage; a few facts were checked by reading the XML by hand.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from conftest import STANDING
from parlmine.record import DebateRecord, Division, Source, Speaker, Speech, Target, Vote
from parlmine.annotation import annotate_paths
from parlmine.stance.labels import (
    describe_target,
    label_counts,
    normalise_name,
    pairs_from_records,
    question_polarity,
    speaker_info,
    sponsor_of,
    vote_derived_pairs,
    vote_labels,
)
from parlmine.stance.pairs import LABELS, StancePair

FILES = sorted(STANDING.glob("standing2009-10-20_CHILDPOV_0[5-8]-0_*.xml"))
S06 = next(p for p in FILES if "_06-0_" in p.name)


@pytest.fixture(scope="module")
def records():
    recs = annotate_paths(FILES)
    return {re.search(r"_(0\d)-0_", r.id).group(1): r for r in recs}


@pytest.fixture(scope="module")
def pairs(records):
    return pairs_from_records(list(records.values()))


def short(speech_id):
    return ".".join(speech_id.rsplit(".", 2)[-2:])


def labels_for(record, target=None, speaker=None, continued=()):
    return [l for l in vote_labels(record, continued)
            if (target is None or l.target == target) and (speaker is None or l.speaker == speaker)]


# ---------------------------------------------------------------------------------------------------
# Independent expectations from the raw XML (sitting 06)
# ---------------------------------------------------------------------------------------------------


def raw_expectations(path):
    """{(speech id, amendment id): label} for every amendment divided on, from the XML alone.

    In document order: "I beg to move amendment N" starts the debate on N (mover = that speaker);
    each named speaker until the <divisioncount> is a debater; the division's aye/no lists decide.
    "That the amendment be made." is the question in all four divisions of this sitting.
    """
    root = ET.fromstring(path.read_bytes())
    chairs = {m.get("memberid") for block in root.iter("chairmen") for m in block.iter("mpname")}
    expected, debate, current, mover = {}, [], None, None
    for el in root:
        if el.tag == "speech":
            text = " ".join("".join(el.itertext()).split())
            moved = re.match(r"I beg to move amendment (\d+)", text)
            if moved:
                current, mover, debate = f"amendment-{moved.group(1)}", el.get("speakerid"), []
            if current and el.get("speakerid"):
                debate.append((el.get("id"), el.get("speakerid")))
            if text.startswith("Amendment, by leave, withdrawn"):
                current = None
        elif el.tag == "divisioncount" and current:
            votes = {m.get("memberid"): m.get("vote") for m in el.iter("mpname")}
            for speech_id, member in debate:
                if member in chairs:
                    expected[(speech_id, current)] = "neutral"
                elif member in votes:
                    expected[(speech_id, current)] = "support" if votes[member] == "aye" else "oppose"
                elif member == mover:
                    expected[(speech_id, current)] = "support"
            current = None
    return expected


def test_sitting_06_matches_labels_derived_from_raw_xml(records):
    expected = raw_expectations(S06)
    assert {t for _, t in expected} == {"amendment-23", "amendment-28", "amendment-9", "amendment-10"}
    divided = {t for _, t in expected}
    got = {(l.speech_id, l.target): l.label for l in vote_labels(records["06"]) if l.target in divided}
    assert got == expected
    assert len(expected) == 48 and Counter(expected.values()) == {"support": 33, "oppose": 15}


def test_sitting_06_concrete_facts(records):
    r = records["06"]
    webb = labels_for(r, "amendment-23", "Steve Webb")
    assert webb and all(l.label == "support" and l.vote_label == "support" and l.division == 2 for l in webb)
    assert {short(l.speech_id) for l in webb} == {"3.2", "3.9", "3.11"}
    timms = labels_for(r, "amendment-23", "Stephen Timms")
    assert len(timms) == 4 and all(l.label == "oppose" and l.vote_label == "oppose" for l in timms)
    # The Chair's grouping announcement (4.3) is neutral toward the whole group.
    key = labels_for(r, speaker="Robert Key")
    assert {(short(l.speech_id), l.target, l.label) for l in key} == {
        ("4.3", "amendment-24", "neutral"), ("4.3", "amendment-25", "neutral"), ("4.3", "amendment-26", "neutral")}
    # Withdrawn amendment 24: only its mover gets a label; Keeble and Morgan spoke, never voted on it.
    assert {l.speaker for l in labels_for(r, "amendment-24")} == {"Steve Webb", "Robert Key"}
    assert not labels_for(r, speaker="Sally Keeble") and not labels_for(r, speaker="Julie Morgan")
    assert not labels_for(r, speaker="John Barrett")  # spoke on withdrawn amendment 27 only
    # No division on clause stand part in this sitting: nothing for clause 4 speakers.
    assert not labels_for(r, "clause-4")
    # Helen Goodman spoke on withdrawn amendment 48 (no pair) and divided against amendment 9.
    assert not labels_for(r, "amendment-48", "Helen Goodman")
    assert {l.label for l in labels_for(r, "amendment-9", "Helen Goodman")} == {"oppose"}


def test_mover_only_rule_on_withdrawn_amendment(records):
    r = records["05"]
    assert r.target("amendment-17").outcome == "withdrawn"
    keeble = labels_for(r, "amendment-17", "Sally Keeble")
    assert len(keeble) >= 10
    assert all(l.label == "support" and l.vote_label is None and l.rule == "mover" for l in keeble)
    # Others in that debate (Buck, Stuart, Timms …) did not move it and there was no division.
    assert {l.speaker for l in labels_for(r, "amendment-17")} == {"Sally Keeble", "Robert Key"}
    # Amendments 18/19 were grouped, never moved: only the chair's neutral labels.
    assert {l.rule for l in labels_for(r, "amendment-18")} == {"chair"}


def test_chair_casting_vote_is_not_a_stance(records):
    r = records["08"]
    division = next(d for d in r.divisions if d.number == 7)
    assert any(v.name == "Robert Key" and v.vote == "no" for v in division.votes)  # the casting vote
    key = labels_for(r, "amendment-56", "Robert Key")
    assert key and all(l.label == "neutral" and l.vote_label is None for l in key)


def test_debate_resumed_in_a_later_sitting_gets_its_votes(records):
    r07, r08 = records["07"], records["08"]
    alone = labels_for(r07, "amendment-1")
    assert {l.rule for l in alone} == {"mover", "chair"}  # Selous moved it; the division is in 08
    resumed = labels_for(r07, "amendment-1", continued=[r08])
    buck = [l for l in resumed if l.speaker == "Karen Buck"]
    assert buck and all(l.label == "oppose" and l.division == 6 for l in buck)
    assert all(l.label == "support" for l in resumed if l.speaker == "Andrew Selous")
    # A later sitting does not feed back into an earlier one, and a decided target is not resumed.
    assert labels_for(r08, continued=[r07]) == labels_for(r08)


# ---------------------------------------------------------------------------------------------------
# Synthetic record: question wording, name fallback, conflicts
# ---------------------------------------------------------------------------------------------------


def synthetic():
    motion = Target(id="motion-1", kind="motion", text="That this House supports the bus strategy.",
                    moved_by=Speaker(name="Ann Minister", person_id="p/1", role="Secretary of State for Transport"))
    amend = Target(id="amendment-a", kind="amendment", number="a",
                   text="leave out from “House” to end and insert “regrets the bus strategy.”",
                   moved_by=Speaker(name="Bob Shadow", person_id="p/2", party="Con"), group=["motion-1", "amendment-a"])
    people = {
        "ann": Speaker(name="Ann Minister", person_id="p/1", role="Secretary of State for Transport"),
        "bob": Speaker(name="Bob Shadow", person_id="p/2", party="Con"),
        "cat": Speaker(name="Cat Backbench", person_id="p/3", party="Lab"),
        "dan": Speaker(name="Dan Nameonly", party="LD"),
        "eve": Speaker(name="Eve Silent", person_id="p/5", party="Con"),
        "dep": Speaker(name="Mr. Deputy Speaker"),
    }
    both = ["motion-1", "amendment-a"]
    speeches = [Speech(id=f"s{i}", seq=i, speaker=people[who], text=f"speech {i} by {who}", targets=both)
                for i, who in enumerate(["ann", "bob", "dep", "cat", "dan", "eve"], start=1)]
    speeches.append(Speech(id="s9", seq=9, speaker=people["cat"], text="after the vote", targets=both))
    original_words = Division(number=1, target="amendment-a", seq=7,
                              question="That the original words stand part of the Question.", votes=[
                                  Vote(name="Ann Minister", person_id="p/1", vote="aye"),
                                  Vote(name="Bob Shadow", person_id="p/2", vote="aye"),   # the mover, against his own amendment
                                  Vote(name="Cat Backbench", person_id="p/3", vote="no"),
                                  Vote(name="Nameonly, Mr. Dan", vote="no", teller=True),  # no id: matched by name
                              ])
    main_question = Division(number=2, target="motion-1", seq=8,
                             question="That this House supports the bus strategy.", votes=[
                                 Vote(name="Ann Minister", person_id="p/1", vote="aye"),
                                 Vote(name="Cat Backbench", person_id="p/3", vote="no"),
                             ])
    return DebateRecord(id="synthetic-1", source=Source(path="x", format="test", sha256="0"), date="2012-03-01",
                        body="House of Commons", targets=[motion, amend], divisions=[original_words, main_question],
                        speeches=speeches)


def test_original_words_question_inverts_the_vote():
    record = synthetic()
    got = {(l.speech_id, l.target): (l.label, l.vote_label, l.rule) for l in vote_labels(record)}
    assert got[("s1", "amendment-a")] == ("oppose", "oppose", "vote")     # aye to original words
    assert got[("s4", "amendment-a")] == ("support", "support", "vote")   # no to original words
    assert got[("s5", "amendment-a")] == ("support", "support", "vote")   # name fallback, teller
    # The mover voted to keep the original words: the vote wins, nothing contradictory is kept.
    assert got[("s2", "amendment-a")] == ("oppose", "oppose", "vote")
    assert [k for k in got if k == ("s2", "amendment-a")] == [("s2", "amendment-a")]
    # A motion's own wording: aye supports the motion; the motion's mover supports it without a vote too.
    assert got[("s1", "motion-1")] == ("support", "support", "vote")
    assert got[("s4", "motion-1")] == ("oppose", "oppose", "vote")
    # The chair is neutral toward both; silent non-voters and speeches after the division get nothing.
    assert got[("s3", "motion-1")] == got[("s3", "amendment-a")] == ("neutral", None, "chair")
    assert not [k for k in got if k[0] in ("s6", "s9")]
    assert ("s5", "motion-1") not in got and ("s2", "motion-1") not in got


def test_vote_in_a_later_division_on_the_same_target():
    record = synthetic()
    record.divisions.append(Division(number=3, target="amendment-a", seq=8, question="That the proposed words be there added.",
                                     votes=[Vote(name="Eve Silent", person_id="p/5", vote="aye")]))
    eve = [(l.target, l.label, l.division) for l in vote_labels(record) if l.speech_id == "s6"]
    assert eve == [("amendment-a", "support", 3)]  # absent from division 1, aye on the proposed words


def test_synthetic_pairs_and_sponsors():
    record = synthetic()
    pairs = vote_derived_pairs(record)
    assert len(pairs) == len(vote_labels(record)) == 8
    assert all(p.group == "synthetic-1" and p.source == "pbc-votes" for p in pairs)
    by_text = {(p.text, p.target): p for p in pairs}
    ann = by_text[("speech 1 by ann", "That this House supports the bus strategy.")]
    # 2012: a coalition, so a minister listed without a party gets none (no single governing party).
    assert ann.speaker.party is None and ann.speaker.role == "Secretary of State for Transport"
    assert (ann.sponsor.party, ann.sponsor.government) == (None, True)
    amendment = describe_target(record.target("amendment-a"))
    assert amendment.startswith("Amendment (a) to the motion: leave out from “House”")
    bob = by_text[("speech 2 by bob", amendment)]
    assert (bob.sponsor.party, bob.sponsor.government) == ("Conservative", False)  # a backbencher of the governing party: not a Government amendment
    assert bob.label == "oppose" and bob.rebel is False


def test_question_polarity():
    amendment = Target(id="amendment-1", kind="amendment", number="1")
    clause = Target(id="clause-2", kind="clause", number="2")
    new_clause = Target(id="new_clause-3", kind="new_clause", number="3")
    schedule = Target(id="schedule-1", kind="schedule", number="1")
    assert question_polarity("That the amendment be made.", amendment) == 1
    assert question_polarity("That the original words stand part of the Question.", amendment) == -1
    assert question_polarity("That the clause, as amended, stand part of the Bill.", clause) == 1
    assert question_polarity("That the clause be read a Second time.", new_clause) == 1
    assert question_polarity("That the schedule be the First schedule to the Bill.", schedule) == 1
    assert question_polarity("That the Question be now put.", amendment) is None
    assert question_polarity(None, amendment) is None
    assert question_polarity("That the clause stand part of the Bill.", amendment) is None  # wrong kind
    assert normalise_name("Timms, rh Mr. Stephen") == normalise_name("Stephen Timms") == "stephen timms"


# ---------------------------------------------------------------------------------------------------
# Metadata, target text, pairs
# ---------------------------------------------------------------------------------------------------


def test_speaker_and_sponsor_metadata(records):
    r06, r08 = records["06"], records["08"]
    timms = next(s.speaker for s in r06.speeches if s.speaker.name == "Stephen Timms")
    assert timms.party is None  # the 2009 committee list gives ministers only their office
    info = speaker_info(timms, r06)
    assert info.party == "Labour" and info.role == "Financial Secretary to the Treasury"
    webb = next(s.speaker for s in r06.speeches if s.speaker.name == "Steve Webb")
    assert speaker_info(webb, r06).model_dump() == {"party": "Liberal Democrat", "role": None}
    chair = next(s.speaker for s in r06.speeches if s.speaker.name == "Robert Key")
    assert speaker_info(chair, r06).model_dump() == {"party": None, "role": "Chair"}

    assert sponsor_of(r06.target("clause-5"), r06).model_dump() == {"party": "Labour", "government": True}
    assert sponsor_of(r06.target("schedule-1"), r06).model_dump() == {"party": "Labour", "government": True}
    assert sponsor_of(r06.target("amendment-23"), r06).model_dump() == {"party": "Liberal Democrat", "government": False}
    assert sponsor_of(r06.target("amendment-9"), r06).model_dump() == {"party": "Conservative", "government": False}
    assert sponsor_of(r06.target("amendment-25"), r06).model_dump() == {"party": None, "government": None}  # never moved
    # Government amendments: moved by a minister listed without a party; 34 names her only ("—(Helen Goodman.)").
    assert sponsor_of(r08.target("amendment-33"), r08).model_dump() == {"party": "Labour", "government": True}
    assert sponsor_of(r08.target("amendment-34"), r08).model_dump() == {"party": "Labour", "government": True}
    assert sponsor_of(r08.target("amendment-1"), r08).model_dump() == {"party": "Conservative", "government": False}


def test_describe_target(records):
    r05, r06, r07 = records["05"], records["06"], records["07"]
    assert describe_target(r06.target("amendment-23")) == "Amendment 23 to clause 5: leave out “2015” and insert “2012”."
    assert describe_target(r06.target("clause-5")) == "Clause 5 stand part: The persistent poverty target"
    assert describe_target(r06.target("schedule-1")) == "Schedule 1 stand part: The Child Poverty Commission"
    assert describe_target(r06.target("amendment-9")).startswith("Amendment 9 to schedule 1: at end insert— ‘(1A) The appointment")
    nc3 = describe_target(r05.target("new_clause-3"))
    assert nc3.startswith("New clause 3: The reductions in the causes of poverty targets. ‘(1) The Secretary of State")
    assert len(nc3) <= 600 and "\n" not in nc3
    a50 = describe_target(r07.target("amendment-50"))
    assert a50.startswith("Amendment 50 to clause 8: after ‘education’, insert ‘childcare’. To strengthen the scope")
    assert all(len(describe_target(t)) <= 600 for r in records.values() for t in r.targets)


def test_pairs_are_well_formed(records, pairs):
    ids = {r.id for r in records.values()}
    assert all(isinstance(p, StancePair) for p in pairs)
    assert {p.group for p in pairs} == ids  # every sitting contributes; the group is the sitting
    assert all(p.source == "pbc-votes" and p.label in LABELS for p in pairs)
    assert all(p.vote_label is None for p in pairs if p.label == "neutral")
    assert all(p.vote_label in (None, p.label) for p in pairs)
    # One pair per (speech, target).
    later = {"05": ["06", "07", "08"], "06": ["07", "08"], "07": ["08"], "08": []}
    keys = [(l.speech_id, l.target) for k, r in records.items()
            for l in vote_labels(r, [records[x] for x in later[k]])]
    assert len(keys) == len(set(keys)) == len(pairs)


def test_pair_counts_per_sitting_are_stable(records, pairs):
    counts = {k: dict(label_counts(p for p in pairs if p.group == r.id)[r.id]) for k, r in records.items()}
    print(counts)
    assert counts == {
        "05": {"support": 49, "oppose": 23, "neutral": 8},
        "06": {"support": 44, "oppose": 15, "neutral": 3},
        # The Chair's grouping speech debates the whole group, its list continued after it included.
        "07": {"support": 30, "oppose": 31, "neutral": 30},
        # 08 includes the movers' speeches after their explanatory statements (3.3 Karen Buck on
        # amendment 51, 8.3 Graham Stuart on amendment 61): the mover supports their amendment.
        "08": {"support": 73, "oppose": 15, "neutral": 37},
    }


def test_pairs_from_the_sittings_files(pairs):
    from_paths = pairs
    webb_23 = [p for p in from_paths if p.target.startswith("Amendment 23 to clause 5") and p.text.startswith("I beg to move amendment 23")]
    assert len(webb_23) == 1 and webb_23[0].label == "support" and webb_23[0].speaker.party == "Liberal Democrat"
    assert webb_23[0].sponsor.model_dump() == {"party": "Liberal Democrat", "government": False}
    assert Counter(p.label for p in from_paths)["oppose"] > 50
