"""TheyWorkForYou page-text reader: the real Public Bill Committee page plus synthetic chamber,
Westminster Hall and Lords snippets in the same layout."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED
from parlmine.errors import InputError
from parlmine.readers import detect_reader, get_reader
from parlmine.record import DebateRecord, Event, Speech
from parlmine.source import load_source


MADDERS = "Justin Madders"
SEED_SPEAKERS = [
    "James Davies", "Julie Elliott", "James Davies", "Alex Norris", "Edward Argar", "James Davies",
    MADDERS, "Julie Elliott", MADDERS, "Alex Norris", "Karin Smyth", "Edward Argar", MADDERS,
    "Edward Argar", MADDERS, MADDERS,
]


@pytest.fixture(scope="module")
def reader():
    return get_reader("twfy-text")


@pytest.fixture(scope="module")
def seed(reader) -> DebateRecord:
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED}")
    return reader.read(load_source(SEED))


def read_text(tmp_path: Path, text: str, name: str = "page.txt") -> DebateRecord:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = load_source(path)
    reader = get_reader("twfy-text")
    assert reader.sniff(doc)
    return reader.read(doc)


# --------------------------------------------------------------------------------------------------
# The real page
# --------------------------------------------------------------------------------------------------

def test_seed_is_detected(reader):
    if not SEED.exists():
        pytest.skip("seed page missing")
    doc = load_source(SEED)
    assert reader.sniff(doc)
    assert detect_reader(doc).name == "twfy-text"


def test_seed_record_fields(seed):
    assert seed.id.startswith("twfy-text/") and len(seed.id) == len("twfy-text/") + 16
    assert seed.source.format == "twfy-text"
    assert seed.title == "Health and Care Bill: Clause 20 - Integrated care partnerships and strategies"
    assert seed.date == "2021-09-16"
    assert seed.body == "Public Bill Committee"
    assert seed.warnings == []
    assert DebateRecord.model_validate(seed.model_dump()) == seed
    assert DebateRecord.model_validate_json(seed.model_dump_json()) == seed


def test_seed_speakers_in_order(seed):
    assert [s.speaker.name for s in seed.speeches] == SEED_SPEAKERS
    assert [s.id for s in seed.speeches] == [f"{seed.id}/speech-{n}" for n in range(1, 17)]


def test_seed_speaker_details_and_times(seed):
    sp = seed.speeches
    davies = sp[0].speaker
    assert (davies.party, davies.constituency, davies.role) == ("Conservative", "Vale of Clwyd", None)
    assert (sp[1].speaker.party, sp[1].speaker.constituency) == ("Labour", "Sunderland Central")
    assert sp[3].speaker.role == "Shadow Minister (Health and Social Care)"
    assert sp[3].speaker.party is None and sp[3].speaker.constituency is None
    assert sp[4].speaker.role == "Minister of State (Department of Health and Social Care)"
    assert (sp[10].speaker.party, sp[10].speaker.constituency) == ("Labour", "Bristol South")
    # Header times, and headers without a time inherit the last one seen.
    assert [s.time for s in sp] == (
        ["15:45"] * 3 + ["16:00"] * 6 + ["16:15"] * 3 + ["16:30"] * 4
    )


def test_seed_speech_text(seed):
    first = seed.speeches[0].text
    paras = first.split("\n\n")
    assert paras[0].startswith("I beg to move amendment 55, in clause 20, page 29, line 7, at end insert")
    assert paras[1].startswith("“(2A) When appointing members to the integrated care partnership")
    assert paras[2].startswith("This amendment would require integrated care partnerships to consider representation")
    assert len(paras) == 3
    assert "\u00a0" not in first  # no-break spaces normalised
    # Chair's grouping announcement keeps the quoted amendment 83 and its sub-paragraphs.
    chair = seed.speeches[7].text.split("\n\n")
    assert chair[0].startswith("With this it will be convenient to discuss amendment 83")
    assert chair[-1].startswith("(ii) within 60 days, publish its reasons")
    # The withdrawal is not part of the mover's last speech.
    assert seed.speeches[5].text.endswith("I beg to ask leave to withdraw the amendment.")
    assert seed.speeches[-1].text.endswith("where we think its shortcomings are.")
    # Long speech: every paragraph of lines 91-121 in one speech.
    assert seed.speeches[8].text.count("\n\n") == 15


def test_seed_no_page_chrome(seed):
    for speech in seed.speeches:
        assert "Alert me" not in speech.text
        assert "Photo of" not in speech.text
        assert " – in a Public Bill Committee" not in speech.text
    assert all("Alert me" not in e.text for e in seed.events)
    assert all("Public Bill Committee at" not in e.text for e in seed.events)


def test_seed_events_in_order(seed):
    assert [(e.kind, e.text, e.line) for e in seed.events] == [
        ("heading", "Clause 20 - Integrated care partnerships and strategies", 1),
        ("procedural", "Amendment, by leave, withdrawn.", 65),
        ("procedural", "Question put, That the amendment be made.", 165),
        ("division", "Division number 9 Health and Care Bill — Clause 20 - Integrated care partnerships and strategies", 167),
        ("division", "Aye: 4 MPs", 169),
        ("division", "No: 7 MPs", 171),
        ("division", "Ayes: A-Z by last name", 173),
        ("division", "Nos: A-Z by last name", 175),
        ("division", "The Committee divided: Ayes 4, Noes 7.", 177),
        ("procedural", "Question accordingly negatived.", 179),
        ("procedural", "Question proposed, That the clause stand part of the Bill.", 181),
        ("procedural", "Question put and agreed to.", 203),
        ("procedural", "Clause 20 accordingly ordered to stand part of the Bill.", 205),
    ]


def test_seed_sequence_and_division(seed):
    items = seed.items()
    assert [i.seq for i in items] == list(range(1, len(items) + 1))
    # Document order: the withdrawal comes between speech 6 and speech 7, the division after speech 13.
    kinds = ["S" if isinstance(i, Speech) else i.kind[0] for i in items]
    assert "".join(kinds) == "h" + "S" * 6 + "p" + "S" * 7 + "p" + "d" * 6 + "pp" + "S" * 3 + "pp"
    [division] = seed.divisions
    assert (division.number, division.ayes, division.noes) == (9, 4, 7)
    assert (division.target, division.question, division.result) == (None, None, None)
    block_start = next(e for e in seed.events if e.text.startswith("Division number 9"))
    assert division.seq == block_start.seq
    assert isinstance(block_start, Event)


def test_cp1252_copy_reads_identically(seed, reader, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "page-cp1252.txt"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    doc = load_source(path)
    assert reader.sniff(doc)  # doc.head shows the cp1252 en dash as U+FFFD
    record = reader.read(doc)
    assert "not valid UTF-8; decoded as cp1252" in doc.warnings
    assert [s.model_dump(exclude={"id"}) for s in record.speeches] == [
        s.model_dump(exclude={"id"}) for s in seed.speeches
    ]
    assert [e.model_dump() for e in record.events] == [e.model_dump() for e in seed.events]
    assert record.divisions == seed.divisions
    assert (record.title, record.date, record.body) == (seed.title, seed.date, seed.body)


def test_crlf_copy_reads_identically(seed, reader, tmp_path):
    path = tmp_path / "page-crlf.txt"
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    record = reader.read(load_source(path))
    assert [s.text for s in record.speeches] == [s.text for s in seed.speeches]
    assert [e.line for e in record.events] == [e.line for e in seed.events]


# --------------------------------------------------------------------------------------------------
# Synthetic pages in the same layout
# --------------------------------------------------------------------------------------------------

COMMONS = """\
Coronavirus

Coronavirus – in the House of Commons at 12:31 pm on 5th March 2020.

Alert me about debates like this

Photo of Lindsay Hoyle Lindsay Hoyle Speaker of the House of Commons 12:31 pm, 5th March 2020

Order. Before we come to the statement, I remind the House that the sub judice resolution applies.

Photo of Matt Hancock Matt Hancock The Secretary of State for Health and Social Care

With permission, Mr Speaker, I would like to make a statement on coronavirus.

Link to this speech

Share this speech

Hon. Members: Hear, hear.

We are doing everything we can to keep the public safe, and we will publish the action plan today.

Photo of Jim Shannon Jim Shannon DUP, Strangford 1:05 pm, 5th March 2020

I thank the Secretary of State for his statement. What help will there be for Northern Ireland?

Several hon. Members rose—

Photo of Nigel Evans Nigel Evans Deputy Speaker (First Deputy Chairman of Ways and Means)

Order. I call Caroline Lucas.

Photo of Caroline Lucas Caroline Lucas Green Party, Brighton, Pavilion

Will the Secretary of State publish the modelling?

Question put, That the amendment be made.

Division number 42 Coronavirus — Amendment (a)

Aye: 2 MPs

No: 1 MPs

Ayes: A-Z by last name

Diane Abbott Labour, Hackney North and Stoke Newington

Debbie Abrahams Labour, Oldham East and Saddleworth

Nos: A-Z by last name

Nigel Adams Conservative, Selby and Ainsty

The House divided: Ayes 2, Noes 1.

Question accordingly agreed to.

Ordered, That further consideration be now adjourned.
"""


def test_commons_chamber(tmp_path):
    rec = read_text(tmp_path, COMMONS)
    assert (rec.title, rec.date, rec.body) == ("Coronavirus", "2020-03-05", "House of Commons")
    speakers = [(s.speaker.name, s.time) for s in rec.speeches]
    assert speakers == [
        ("Lindsay Hoyle", "12:31"),
        ("Matt Hancock", "12:31"),
        ("Hon. Members", "12:31"),
        ("Matt Hancock", "12:31"),  # carries on after the interjection
        ("Jim Shannon", "13:05"),
        ("Nigel Evans", "13:05"),
        ("Caroline Lucas", "13:05"),
    ]
    sp = rec.speeches
    assert sp[0].speaker.role == "Speaker of the House of Commons" and sp[0].speaker.party is None
    assert sp[1].speaker.role == "The Secretary of State for Health and Social Care"
    assert sp[1].text == "With permission, Mr Speaker, I would like to make a statement on coronavirus."
    assert sp[2].text == "Hear, hear."
    assert (sp[4].speaker.party, sp[4].speaker.constituency) == ("DUP", "Strangford")
    assert sp[5].speaker.role == "Deputy Speaker (First Deputy Chairman of Ways and Means)"
    assert (sp[6].speaker.party, sp[6].speaker.constituency) == ("Green Party", "Brighton, Pavilion")
    assert all("Share this" not in s.text and "Link to" not in s.text for s in sp)

    events = [(e.kind, e.text) for e in rec.events]
    assert events[0] == ("heading", "Coronavirus")
    assert ("procedural", "Several hon. Members rose—") in events
    assert [t for k, t in events if k == "division"] == [
        "Division number 42 Coronavirus — Amendment (a)", "Aye: 2 MPs", "No: 1 MPs",
        "Ayes: A-Z by last name", "Nos: A-Z by last name", "The House divided: Ayes 2, Noes 1.",
    ]
    assert events[-2:] == [
        ("procedural", "Question accordingly agreed to."),
        ("procedural", "Ordered, That further consideration be now adjourned."),
    ]
    [div] = rec.divisions
    assert (div.number, div.ayes, div.noes) == (42, 2, 1)
    assert [(v.name, v.vote) for v in div.votes] == [
        ("Diane Abbott", "aye"), ("Debbie Abrahams", "aye"), ("Nigel Adams", "no"),
    ]
    items = rec.items()
    assert [i.seq for i in items] == list(range(1, len(items) + 1))
    assert DebateRecord.model_validate(rec.model_dump()) == rec


WESTMINSTER_HALL = """\
Dementia Care

Dementia Care – in Westminster Hall at 9:30 am on 10th March 2020.

[Mr Philip Hollobone in the Chair]

Photo of Jim Shannon Jim Shannon DUP, Strangford 9:30 am, 10th March 2020

I beg to move,

That this House has considered dementia care.

It is a pleasure to serve under your chairmanship, Mr Hollobone.

Photo of Philip Hollobone Philip Hollobone Conservative, Kettering

Order. There is a Division in the House.

Sitting suspended for a Division in the House.

On resuming—

Photo of Helen Whately Helen Whately The Minister for Care 10:52 am, 10th March 2020

I congratulate the hon. Member for Strangford on securing this debate.

Question put and agreed to.

Resolved,

That this House has considered dementia care.
"""


def test_westminster_hall(tmp_path):
    rec = read_text(tmp_path, WESTMINSTER_HALL)
    assert (rec.title, rec.date, rec.body) == ("Dementia Care", "2020-03-10", "Westminster Hall")
    assert [(s.speaker.name, s.time) for s in rec.speeches] == [
        ("Jim Shannon", "09:30"), ("Philip Hollobone", "09:30"), ("Helen Whately", "10:52"),
    ]
    assert rec.speeches[0].text.split("\n\n") == [
        "I beg to move,", "That this House has considered dementia care.",
        "It is a pleasure to serve under your chairmanship, Mr Hollobone.",
    ]
    assert rec.speeches[2].speaker.role == "The Minister for Care"
    assert [(e.kind, e.text) for e in rec.events] == [
        ("heading", "Dementia Care"),
        ("chair", "[Mr Philip Hollobone in the Chair]"),
        ("procedural", "Sitting suspended for a Division in the House."),
        ("procedural", "On resuming—"),
        ("procedural", "Question put and agreed to."),
        ("procedural", "Resolved,"),
        ("procedural", "That this House has considered dementia care."),
    ]
    assert rec.divisions == []


LORDS = """\
Health and Social Care Bill

Health and Social Care Bill – in the House of Lords at 3:07 pm on 5th March 2020.

Photo of Lord Bethell Lord Bethell The Parliamentary Under-Secretary of State for Health and Social Care 3:07 pm, 5th March 2020

My Lords, I beg to move that the Bill be now read a second time.

Photo of Baroness Smith of Basildon Baroness Smith of Basildon Shadow Leader of the House of Lords

My Lords, we welcome the Bill, but we have questions about funding.

Noble Lords: Hear, hear!

Photo of Lord Alton of Liverpool Lord Alton of Liverpool Crossbench 3:15 pm, 5th March 2020

My Lords, I support the amendment.

Photo of The Lord Bishop of St Albans The Lord Bishop of St Albans Bishop

My Lords, I shall be brief.

Photo of Lord Foulkes of Cumnock Lord Foulkes of Cumnock Labour 12:05 am, 6th March 2020

My Lords, it is very late.

Division on Amendment 1

Contents 200; Not-Contents 150.

Amendment 1 agreed.

Amendments 2 to 4 not moved.

Clause 5 agreed.

House adjourned at 12.10 am.
"""


def test_lords(tmp_path):
    rec = read_text(tmp_path, LORDS)
    assert (rec.title, rec.date, rec.body) == ("Health and Social Care Bill", "2020-03-05", "House of Lords")
    sp = rec.speeches
    assert [s.speaker.name for s in sp] == [
        "Lord Bethell", "Baroness Smith of Basildon", "Noble Lords", "Lord Alton of Liverpool",
        "The Lord Bishop of St Albans", "Lord Foulkes of Cumnock",
    ]
    assert sp[1].speaker.role == "Shadow Leader of the House of Lords"
    assert sp[1].time == "15:07"
    assert sp[2].text == "Hear, hear!"
    assert sp[3].speaker.party == "Crossbench" and sp[3].speaker.constituency is None
    assert sp[4].speaker.party == "Bishop"
    assert (sp[5].speaker.party, sp[5].time) == ("Labour", "00:05")
    [div] = rec.divisions
    assert (div.number, div.ayes, div.noes) == (None, 200, 150)
    assert [(e.kind, e.text) for e in rec.events][1:] == [
        ("division", "Division on Amendment 1"),
        ("division", "Contents 200; Not-Contents 150."),
        ("procedural", "Amendment 1 agreed."),
        ("procedural", "Amendments 2 to 4 not moved."),
        ("procedural", "Clause 5 agreed."),
        ("procedural", "House adjourned at 12.10 am."),
    ]


def test_speech_paragraphs_opening_with_amendment_stay_in_speech(tmp_path):
    rec = read_text(tmp_path, """\
Photo of Alex Norris Alex Norris Shadow Minister (Health and Social Care) 4:15 pm, 16th September 2021

Amendment 83 builds on my hon. Friend's argument.

Amendment 47 is one we will press to a vote.

Clause 20 is the heart of the Bill.

Photo of Edward Argar Edward Argar Minister of State (Department of Health and Social Care)

I ask him to withdraw it.
""")
    assert [s.text.count("\n\n") for s in rec.speeches] == [2, 0]
    assert rec.events == []
    assert rec.title is None and rec.date == "2021-09-16"


def test_sniff_rejects_other_text(reader, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("MPs debated the Bill on Tuesday.\n\nThe Minister said the plans would work.\n")
    doc = load_source(path)
    assert not reader.sniff(doc)
    with pytest.raises(InputError, match="not a TheyWorkForYou debate page"):
        reader.read(doc)


def test_no_speeches_is_an_input_error(reader, tmp_path):
    path = tmp_path / "empty-debate.txt"
    path.write_text(
        "Clause 1\n\nHealth and Care Bill – in a Public Bill Committee at 9:25 am on 7th September 2021.\n\n"
        "Alert me about debates like this\n\nQuestion put and agreed to.\n"
    )
    doc = load_source(path)
    assert reader.sniff(doc)
    with pytest.raises(InputError, match="no speeches found") as info:
        reader.read(doc)
    assert info.value.path == str(path)
