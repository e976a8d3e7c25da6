"""The procedure stage on real debates: amendments moved and grouped, outcomes, divisions and the
targets under debate at each speech. Expected values for sittings 06 and 08 were written by hand
from the XML (tests/fixtures/childpov_*_expected.json), not by running the parser."""
from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, NEWS, SEED, STANDING, annotate


@pytest.fixture(scope="module")
def seed():
    return annotate(SEED)


def speech_by_text(record, fragment):
    return next(s for s in record.speeches if fragment in s.text)


def test_seed_amendment_55_moved_with_location_text_and_statement(seed):
    a55 = seed.target("amendment-55")
    assert (a55.kind, a55.number, a55.clause, a55.page, a55.line) == ("amendment", "55", 20, 29, 7)
    assert a55.text.startswith("at end insert")
    assert "(2A) When appointing members to the integrated care partnership" in a55.text
    assert a55.explanation.startswith("This amendment would require integrated care partnerships to consider representation")
    assert a55.moved_by.name == "James Davies" and a55.moved_by.party == "Conservative"
    assert a55.outcome == "withdrawn"


def test_seed_groups_and_outcomes(seed):
    assert set(seed.target("amendment-55").group) == {"amendment-54", "amendment-55"}
    assert set(seed.target("amendment-54").group) == {"amendment-54", "amendment-55"}
    assert (seed.target("amendment-54").clause, seed.target("amendment-54").page, seed.target("amendment-54").line) == (20, 29, 32)
    assert "(c) include specific consideration" in seed.target("amendment-54").text
    assert seed.target("amendment-54").outcome is None  # grouped for debate, never put
    assert set(seed.target("amendment-47").group) == {"amendment-47", "amendment-83"}
    assert seed.target("amendment-47").moved_by.name == "Justin Madders"
    assert seed.target("amendment-47").outcome == "negatived"
    assert "(ii) within 60 days, publish its reasons" in seed.target("amendment-83").text
    clause = seed.target("clause-20")
    assert clause.outcome == "agreed" and clause.text == "Integrated care partnerships and strategies"


def test_seed_division_9(seed):
    [division] = seed.divisions
    assert (division.number, division.target, division.ayes, division.noes, division.result) == (9, "amendment-47", 4, 7, "negatived")
    assert division.question == "That the amendment be made."


def test_seed_targets_under_debate_at_each_speech(seed):
    by_order = seed.speeches
    assert set(by_order[0].targets) == {"amendment-55"}
    assert set(speech_by_text(seed, "With this it will be convenient to discuss amendment 54").targets) == {"amendment-54", "amendment-55"}
    assert set(speech_by_text(seed, "Leadsom review").targets) == {"amendment-54", "amendment-55"}
    assert set(speech_by_text(seed, "difference is between ICPs and health and wellbeing boards").targets) == {"amendment-47", "amendment-83"}
    assert speech_by_text(seed, "The clause introduces the integrated care partnership").targets == ["clause-20"]
    assert by_order[-1].targets == ["clause-20"]


def test_seed_events_replay_in_order(seed):
    kinds = [e.kind for e in seed.events if e.kind not in ("heading", "procedural")]
    assert kinds[:1] == ["withdrawn"]
    assert kinds.index("question_put") < kinds.index("division") < kinds.index("negatived") < kinds.index("question_proposed") < kinds.index("agreed") < kinds.index("stand_part")
    seqs = [item.seq for item in seed.items()]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_news_report_order_and_division():
    record = annotate(NEWS)
    [order] = [t for t in record.targets if t.kind == "order"]
    assert "Legislative Reform (Clinical Commissioning Groups) Order 2014" in order.text
    assert order.outcome == "agreed"
    [division] = record.divisions
    assert (division.target, division.ayes, division.noes, division.result) == (order.id, 276, 152, "agreed")
    assert record.speeches and all(s.targets == [order.id] for s in record.speeches)
    assert record.events[0].kind == "narration" and record.events[0].targets == [order.id]  # the lede names it too


def _check_against_gold(record, gold):
    amendments = {t.id: t for t in record.targets if t.kind in ("amendment", "new_clause", "new_schedule")}
    expected = {a["id"]: a for a in gold["amendments"]}
    assert set(amendments) == set(expected)
    for tid, exp in expected.items():
        got = amendments[tid]
        assert (got.clause, got.schedule, got.page, got.line) == (exp["clause"], exp["schedule"], exp["page"], exp["line"]), tid
        assert (got.moved_by.name if got.moved_by else None) == exp["moved_by"], tid
        assert set(got.group) == set(exp["group"]), tid
        assert got.outcome == exp["outcome"], tid
    for kind in ("clauses", "schedules"):
        for exp in gold[kind]:
            assert record.target(exp["id"]) is not None and record.target(exp["id"]).outcome == exp["outcome"], exp["id"]
    got_divisions = [
        {"number": d.number, "target": d.target, "question": d.question, "ayes": d.ayes, "noes": d.noes, "result": d.result}
        for d in record.divisions
    ]
    assert got_divisions == [{k: d[k] for k in ("number", "target", "question", "ayes", "noes", "result")} for d in gold["divisions"]]


@pytest.mark.parametrize("sitting", ["05", "06", "07", "08"])
def test_child_poverty_sitting_matches_hand_annotation(sitting):
    gold = json.loads((FIXTURES / f"childpov_{sitting}_expected.json").read_text())
    record = annotate(STANDING / gold["file"])
    _check_against_gold(record, gold)


@pytest.mark.parametrize("path", sorted(STANDING.glob("*.xml")), ids=lambda p: p.name[28:33])
def test_every_moved_amendment_in_every_sitting_is_found_with_mover_and_outcome(path):
    """Independent of the parser: every "I beg to move amendment N" in the XML is a target with its
    mover, and every "by leave, withdrawn" and division is accounted for."""
    raw = path.read_text(encoding="utf-8")
    moved = re.findall(r"I beg to move amendments? (\d+)", raw)
    record = annotate(path)
    for number in moved:
        target = record.target(f"amendment-{number}")
        assert target is not None and target.moved_by is not None, number
    outcomes = [t.outcome for t in record.targets if t.kind == "amendment" and t.moved_by]
    assert outcomes.count("withdrawn") == raw.count("by leave, withdrawn")
    assert len(record.divisions) == raw.count("<divisioncount")
    assert all(d.target and d.question and d.result for d in record.divisions)
    # Every speech after the first move debates something until the sitting adjourns.
    first_move = next(s.seq for s in record.speeches if "I beg to move" in s.text)
    debated = [s for s in record.speeches if s.seq >= first_move]
    assert sum(bool(s.targets) for s in debated) / len(debated) > 0.9
