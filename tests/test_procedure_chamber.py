"""The procedure stage on Commons chamber business laid out as TheyWorkForYou pages: an Opposition
day motion with a Government amendment, and a Second Reading with a division. The pages follow the
layout of real TWFY chamber pages; the wording of the procedural lines is Hansard's standard form."""
from __future__ import annotations

from conftest import PARLPARSE, STANDING, annotate

OPPOSITION_DAY = """\
Social Care

Social Care – in the House of Commons at 12:45 pm on 4th March 2020.

Alert me about debates like this

Photo of Jonathan Ashworth Jonathan Ashworth Shadow Secretary of State for Health and Social Care 12:45 pm, 4th March 2020

I beg to move,

That this House calls on the Government to bring forward proposals for the reform of adult social care within six months.

Ten years have passed without a plan, and councils have lost billions from their care budgets.

Photo of Nigel Evans Nigel Evans Deputy Speaker (First Deputy Chairman of Ways and Means)

I must inform the House that Mr Speaker has selected the amendment in the name of the Prime Minister.

Photo of Matt Hancock Matt Hancock The Secretary of State for Health and Social Care

I beg to move an amendment, to leave out from “House” to the end of the Question and add “welcomes the Government’s commitment to cross-party talks on social care.”.

We will seek consensus rather than impose a plan.

Photo of Liz Kendall Liz Kendall Labour, Leicester West 1:30 pm, 4th March 2020

The Secretary of State has had years to find consensus; I will vote for the motion.

Amendment proposed: leave out from “House” to the end of the Question and add “welcomes the Government’s commitment to cross-party talks on social care.”.—(Matt Hancock.)

Question put, That the original words stand part of the Question.

Division number 51 Social Care

Aye: 240 MPs

No: 320 MPs

Ayes: A-Z by last name

Nos: A-Z by last name

The House divided: Ayes 240, Noes 320.

Question accordingly negatived.

Question put forthwith (Standing Order No. 31(2)), That the proposed words be there added.

Question agreed to.

The Deputy Speaker declared the main Question, as amended, to be agreed to.

Resolved,

That this House welcomes the Government’s commitment to cross-party talks on social care.
"""

SECOND_READING = """\
Fire Safety Bill

Fire Safety Bill – in the House of Commons at 4:10 pm on 29th April 2020.

Photo of James Brokenshire James Brokenshire Minister of State (Home Office) 4:10 pm, 29th April 2020

I beg to move, That the Bill be now read a Second time.

The Bill clarifies that the fire safety order applies to the structure and external walls of buildings.

Photo of Sarah Jones Sarah Jones Labour, Croydon Central

We will not oppose the Bill, but it does not go far enough.

Question put, That the Bill be now read a Second time.

Division number 12 Fire Safety Bill: Second Reading

Aye: 330 MPs

No: 200 MPs

The House divided: Ayes 330, Noes 200.

Question accordingly agreed to.

Bill accordingly read a Second time.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_opposition_day_motion_with_government_amendment(tmp_path):
    record = annotate(write(tmp_path, "opposition-day.txt", OPPOSITION_DAY))
    motion = record.target("motion-1")
    assert motion.text.startswith("That this House calls on the Government to bring forward proposals")
    assert motion.moved_by.name == "Jonathan Ashworth"
    amendment = record.target("amendment-a")
    assert amendment.moved_by.name == "Matt Hancock"
    assert "welcomes the Government’s commitment to cross-party talks" in amendment.text
    # The original words did not stand, so the amendment's words were added and the motion, as amended, agreed.
    [division] = record.divisions
    assert (division.number, division.target, division.ayes, division.noes, division.result) == (51, "amendment-a", 240, 320, "negatived")
    assert division.question == "That the original words stand part of the Question."
    assert amendment.outcome == "agreed" and motion.outcome == "agreed"
    assert [t.id for t in record.targets] == ["motion-1", "amendment-a"]  # "Resolved, That …" is the same motion
    assert record.speeches[0].targets == ["motion-1"]
    assert set(record.speeches[-1].targets) == {"motion-1", "amendment-a"}  # after the amendment is moved


def test_second_reading_division(tmp_path):
    record = annotate(write(tmp_path, "second-reading.txt", SECOND_READING))
    [bill] = record.targets
    assert (bill.id, bill.kind, bill.outcome, bill.moved_by.name) == ("bill-1", "bill", "agreed", "James Brokenshire")
    [division] = record.divisions
    assert (division.number, division.target, division.question, division.ayes, division.noes, division.result) == (
        12, "bill-1", "That the Bill be now read a Second time.", 330, 200, "agreed")
    assert all(s.targets == ["bill-1"] for s in record.speeches)


LORDS_REPORT = PARLPARSE / "lordspages" / "daylord2009-10-26a.xml"


def test_lords_business_printed_after_a_speech_is_read_as_events():
    """Lords Hansard prints "Amendment 37 withdrawn.", "Amendment 38", "Moved by …" in italics at the
    end of the speech before; they are procedure, not the Member's words."""
    record = annotate(LORDS_REPORT)
    speech = next(s for s in record.speeches if s.id == "uk.org.publicwhip/lords/2009-10-26a.990.2")
    assert speech.speaker.name == "Lord Redesdale"
    assert "withdrawn" not in speech.text and "Moved by" not in speech.text
    after = [e for e in record.events if e.source_id == speech.id]
    assert [e.kind for e in after[:3]] == ["withdrawn", "heading", "amendment_proposed"]
    assert record.target("amendment-37").outcome == "withdrawn"
    assert record.target("amendment-38").moved_by.name == "Baroness Butler-Sloss"


def test_lords_group_is_what_the_speakers_name():
    """No grouping statement in the Lords: amendments named in the debate are debated together, from
    its first speech ("I shall confine my remarks to Amendments 37, 52 and 53 … Amendment 69 in this group")."""
    record = annotate(LORDS_REPORT)
    by_id = {s.id: s for s in record.speeches}
    opening = by_id["uk.org.publicwhip/lords/2009-10-26a.981.4"]
    assert {"amendment-37", "amendment-52", "amendment-53", "amendment-69"} <= set(opening.targets)
    butler_sloss = by_id["uk.org.publicwhip/lords/2009-10-26a.991.0"]
    assert butler_sloss.targets == ["amendment-38", "amendment-39", "amendment-40", "amendment-50"]
    # The next debate starts afresh: nothing of the Treasure Act group is under debate in it.
    assert "amendment-37" not in butler_sloss.targets


def test_grouping_list_continued_after_the_chairs_speech_is_debated_in_it():
    """Sitting 07: the Chair's "With this it will be convenient to discuss" list goes on in an element
    with no speaker; the Chair's speech is on every amendment of the group."""
    record = annotate(STANDING / "standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml")
    chair = next(s for s in record.speeches if s.id.endswith("_07-0_2009-10-29a.2.3"))
    assert {"amendment-1", "amendment-50", "amendment-2", "amendment-20", "amendment-30"} <= set(chair.targets)


def test_clause_withdrawn_printed_after_the_movers_speech_ends_the_debate():
    """Commons report stage: "Clause, by leave, withdrawn." is printed in italics inside the mover's last
    speech; it is procedure, and the point of order after it debates nothing."""
    record = annotate(PARLPARSE / "debates" / "debates2009-10-26a.xml")
    by_id = {s.id: s for s in record.speeches}
    closing = by_id["uk.org.publicwhip/debate/2009-10-26a.117.0"]
    assert closing.text.endswith("I beg to ask leave to withdraw the clause.")
    event = next(e for e in record.events if e.source_id == closing.id)
    assert (event.kind, event.text) == ("withdrawn", "Clause, by leave, withdrawn.")
    assert by_id["uk.org.publicwhip/debate/2009-10-26a.117.1"].targets == []
    assert by_id["uk.org.publicwhip/debate/2009-10-26a.117.4"].targets == ["amendment-3"]


def test_moving_amendments_of_the_group_in_mid_debate_keeps_the_group_under_debate():
    """Commons report stage: Andrew George says "I beg to move amendments 18, 23 and 42—" while the group
    they belong to is being debated, and is told it is not yet time. The debate on the whole group goes on;
    he becomes the mover of his three."""
    record = annotate(PARLPARSE / "debates" / "debates2009-10-26a.xml")
    by_id = {s.id: s for s in record.speeches}
    group = set(by_id["uk.org.publicwhip/debate/2009-10-26a.93.2"].targets)
    assert {"amendment-18", "amendment-44", "amendment-5"} <= group
    for sid in ("94.0", "95.1", "117.0"):  # his move, his speech, the last speech before the clause is withdrawn
        assert set(by_id[f"uk.org.publicwhip/debate/2009-10-26a.{sid}"].targets) == group
    targets = {t.id: t for t in record.targets}
    assert targets["amendment-23"].moved_by.name == "Andrew George"
    assert targets["amendment-44"].moved_by is None


def test_amendment_ranges_ending_in_a_lettered_amendment():
    """Lords marshalled lists: "Amendments 119 to 119L", "123 to 125B" (29 Oct 2009 crashed the stage)."""
    from parlmine.procedure import expand_numbers

    assert expand_numbers("119 to 119L") == ["119"] + [f"119{c}" for c in "ABCDEFGHIJKL"]
    assert expand_numbers("123 to 125B") == ["123", "124", "125", "125A", "125B"]
    assert expand_numbers("61A to 61C") == ["61A", "61B", "61C"]
    assert expand_numbers("18, 23 and 42") == ["18", "23", "42"]
    assert expand_numbers("46 to 34") == ["46", "34"]


def test_lords_day_with_lettered_ranges_is_parsed():
    record = annotate(PARLPARSE / "lordspages" / "daylord2009-10-29a.xml")
    opened = [e for e in record.events if e.kind == "amendment_proposed" and e.text.startswith("Amendments 119 to 119L")]
    assert opened and {"amendment-119", "amendment-119L"} <= set(opened[0].targets)


def test_words_proposed_to_be_left_out_stand_part_decides_the_amendment(tmp_path):
    """Hansard's other wording of the same Question (issue 16): it is the amendment's division, with an aye
    opposing it, not a new motion."""
    text = OPPOSITION_DAY.replace("That the original words stand part of the Question.",
                                  "That the words proposed to be left out stand part of the Question.")
    record = annotate(write(tmp_path, "opposition-day-left-out.txt", text))
    [division] = record.divisions
    assert (division.target, division.result) == ("amendment-a", "negatived")
    assert [t.id for t in record.targets] == ["motion-1", "amendment-a"]  # no false motion
    assert record.target("amendment-a").outcome == "agreed"


QUESTION_WORDINGS = [
    # (wording as put, kind of target it decides, polarity of an aye; None: procedural)
    ("That the amendment be made.", "amendment", 1),
    ("That the proposed words be there added.", "amendment", 1),
    ("That the original words stand part of the Question.", "amendment", -1),
    ("That the words proposed to be left out stand part of the Question.", "amendment", -1),
    ("That the clause stand part of the Bill.", "clause", 1),
    ("That the clause, as amended, stand part of the Bill.", "clause", 1),
    ("That the schedule be the First schedule to the Bill.", "schedule", 1),
    ("That the clause be read a Second time.", "new_clause", 1),
    ("That the schedule be now read a Second time.", "new_schedule", 1),
    ("That the Bill be now read a Second time.", "bill", 1),
    ("That the Question be now put.", None, None),
    ("That the House do now adjourn.", None, None),
]


def test_question_forms_table_wording_by_wording():
    from parlmine.questions import question_form
    from parlmine.record import Target
    from parlmine.stance.labels import question_polarity

    for wording, kind, polarity in QUESTION_WORDINGS:
        form = question_form(wording)
        assert form is not None and (form.target_kind, form.polarity) == (kind, polarity), wording
        if kind is not None:
            assert question_polarity(wording, Target(id=f"{kind}-1", kind=kind, number="1")) == polarity, wording
    assert question_form("That this House calls on the Government to act.") is None  # a motion's own words
