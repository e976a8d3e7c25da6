"""The ParlParse ("publicwhip") XML reader against every ParlParse file in shared/data.

Expected speeches and divisions are counted straight from the XML with the standard library's
ElementTree (expat), independently of the reader's lxml code.
"""
from __future__ import annotations

import gzip
import json
import re
import time
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest

from parlmine.errors import InputError
from parlmine.readers import detect_reader, get_reader
from parlmine.readers.parlparse_xml import PEOPLE_MAP_FILE, build_people_map
from parlmine.record import DebateRecord
from parlmine.source import SourceDocument, fix_cp1252_controls, load_source

SHARED = Path(__file__).resolve().parents[2] / "shared"
TWFY = SHARED / "data" / "twfy-parlparse-xml-2009"
SCRAPED = TWFY / "scrapedxml"
LORDS_2014 = SHARED / "data" / "hansard-format-fixtures" / "lords_parlparse_xml_2014"
STANDING = SCRAPED / "standing"
SITTING_05 = STANDING / "standing2009-10-20_CHILDPOV_05-0_2009-10-27a.xml"
SITTING_08 = STANDING / "standing2009-10-20_CHILDPOV_08-0_2009-10-29a.xml"
PACKAGED_PEOPLE = Path(__file__).resolve().parents[1] / "pipeline" / "readers" / "data" / PEOPLE_MAP_FILE

FOLDERS = ("standing", "debates", "westminhall", "lordspages", "wms", "divisionsonly", "lordsdivisionsonly")
FILES = [f for folder in FOLDERS for f in sorted((SCRAPED / folder).glob("*.xml"))] + sorted(LORDS_2014.glob("*.xml"))

pytestmark = pytest.mark.skipif(not SITTING_05.exists(), reason=f"shared data not found at {SHARED}")

READER = get_reader("parlparse-xml")
VOTE = {"aye": "aye", "no": "no", "content": "aye", "not-content": "no"}
C1 = re.compile("[\u0080-\u009f]")


@lru_cache(maxsize=None)
def record_of(path: Path) -> DebateRecord:
    return READER.read(load_source(path))


@lru_cache(maxsize=None)
def tree_of(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def _mover_continues(el: ET.Element, before: ET.Element | None) -> bool:
    """Hansard's layout for moving an amendment: "I beg to move amendment N …" (a speech), then a
    no-speaker element holding the amendment's italic explanatory statement and, after it, the rest
    of the mover's speech in plain paragraphs."""
    if before is None or before.tag != "speech" or "I beg to move" not in "".join(before.itertext()):
        return False
    ps = list(el)
    italic = [len(p) > 0 and all(c.tag == "span" and c.get("class") == "italic" for c in p) and not (p.text or "").strip()
              for p in ps]
    plain = [not i and p.get("amendmenttext") is None and not re.match(r"(Amendments?|New clause|Clause)\s+\d", "".join(p.itertext()).strip())
             for p, i in zip(ps, italic)]
    k = italic.index(False) if False in italic else len(ps)
    return 0 < k < len(ps) and all(plain[k:]) and all(p.tag == "p" for p in ps)


def _chair_changed_mid_speech(before: list[ET.Element]) -> bool:
    """A speech, then "[Mrs. Joan Humble in the Chair]": a no-speaker element next is the rest of that speech."""
    return len(before) == 2 and before[0].tag == "speech" and before[0].get("nospeaker") != "true" \
        and before[1].tag in ("minor-heading", "major-heading") \
        and re.fullmatch(r"\[.+ in the Chair\]", " ".join("".join(before[1].itertext()).split())) is not None


def expected_speeches(root: ET.Element) -> list[tuple[str, str]]:
    out = []
    before: list[ET.Element] = []
    for el in root:
        if el.tag == "speech":
            if el.get("nospeaker") == "true" or not (el.get("speakerid") or el.get("speakername")):
                if out and (_mover_continues(el, before[-1] if before else None) or _chair_changed_mid_speech(before)):
                    out.append((el.get("id"), out[-1][1]))
            else:
                out.append((el.get("id"), fix_cp1252_controls(el.get("speakername"))))
        before = [*before[-1:], el]
    return out


def test_the_movers_words_after_an_explanatory_statement_are_their_speech():
    """Sitting 08: 8.2 "I beg to move amendment 61 …" (Graham Stuart); 8.3, with no speaker, is the
    statement "The Fiscal Responsibility Bill proposed …" in italics, then his speech."""
    path = STANDING / "standing2009-10-20_CHILDPOV_08-0_2009-10-29a.xml"
    record = record_of(path)
    gid = "uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_08-0_2009-10-29a.8.3"
    [speech] = [s for s in record.speeches if s.id == gid]
    mover = next(s for s in record.speeches if s.id.endswith(".8.2"))
    assert speech.speaker == mover.speaker and speech.speaker.name == "Graham Stuart"
    assert speech.text.startswith("As ever, it is a great pleasure to serve under your chairmanship, Mr. Key.")
    assert "Harriet Townsend’s paper on the Climate Change Act 2008" in speech.text
    [statement] = [e for e in record.events if e.source_id == gid]
    assert statement.text.startswith("The Fiscal Responsibility Bill proposed in the Prime Minister’s Party Conference speech")
    assert mover.seq < statement.seq < speech.seq


def test_a_speech_interrupted_by_a_change_of_chair_goes_on_after_it():
    """Westminster Hall, 27 October 2009: Gerald Howarth is speaking (37.0) when "[Mrs. Joan Humble in the
    Chair]" is printed; ParlParse files the rest of his speech (37.2) with no speaker."""
    record = record_of(SCRAPED / "westminhall" / "westminster2009-10-27a.xml")
    [speech] = [s for s in record.speeches if s.id.endswith("2009-10-27a.37.2")]
    assert speech.speaker.name == "Gerald Howarth"
    assert speech.text.startswith("The point that I want to make to my hon. Friend is that there is a vast amount of "
                                  "highly technical equipment in a Mastiff")
    assert not [e for e in record.events if e.source_id == speech.id]


def expected_divisions(root: ET.Element) -> list[tuple]:
    out = []
    for el in root:
        if el.tag == "division":  # chamber: <division divnumber><divisioncount ayes noes|content not-content/>
            count = el.find("divisioncount")
        elif el.tag == "divisioncount":  # Public Bill Committee: the count carries the lists
            count = el
        else:
            continue
        ayes = count.get("ayes", count.get("content"))
        noes = count.get("noes", count.get("not-content"))
        votes = []
        for members in el:
            if members.tag not in ("mplist", "lordlist"):
                continue
            for mp in members:
                name = mp.get("membername") or " ".join("".join(mp.itertext()).split())
                name = name.removesuffix(" [Teller]")
                votes.append((name, VOTE[mp.get("vote") or members.get("vote")], mp.get("teller") == "yes"))
        out.append((int(el.get("divnumber")), int(ayes), int(noes), votes))
    return out


def test_all_formats_are_covered():
    folders = {f.parent.name for f in FILES}
    assert folders == {*FOLDERS, "lords_parlparse_xml_2014"}
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_speeches_and_divisions_match_the_xml(path: Path):
    doc = load_source(path)
    assert READER.sniff(doc)
    assert detect_reader(doc).name == "parlparse-xml"
    record = record_of(path)
    root = tree_of(path)

    assert DebateRecord.model_validate(record.model_dump()) == record
    assert record.source.format == "parlparse-xml"

    # Speeches: same ids, speakers and order as the XML.
    got = [(s.id, s.speaker.name) for s in record.speeches]
    assert got == expected_speeches(root)
    assert all(s.source_id == s.id for s in record.speeches)

    # Divisions: number, counts exactly as the attributes, every named vote in order.
    got_divisions = [(d.number, d.ayes, d.noes, [(v.name, v.vote, v.teller) for v in d.votes])
                     for d in record.divisions]
    assert got_divisions == expected_divisions(root)
    division_events = {e.seq: e for e in record.events if e.kind == "division"}
    for division in record.divisions:
        assert division.target is None and division.question is None and division.result is None
        event = division_events[division.seq]
        assert event.text == f"Division {division.number}: Ayes {division.ayes}, Noes {division.noes}"
        assert event.source_id == division.source_id
    assert len(division_events) == len(record.divisions)

    # One running seq over speeches and events, in document order.
    items = record.items()
    seqs = [item.seq for item in items]
    assert len(set(seqs)) == len(seqs)
    order = {el.get("id"): position for position, el in enumerate(root) if el.get("id")}
    positions = [order[item.source_id] for item in items if item.source_id]
    assert positions == sorted(positions)

    headings = [el for el in root if el.tag in ("major-heading", "minor-heading", "oral-heading")]
    assert sum(e.kind == "heading" for e in record.events) == len(headings)

    # Times are HH:MM; nothing left as a C1 control character.
    assert all(s.time is None or re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", s.time) for s in record.speeches)
    assert not C1.search(record.model_dump_json())
    assert record.warnings == []


def test_record_metadata():
    record = record_of(SITTING_05)
    assert record.id == "uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_05-0_2009-10-27a"
    assert record.date == "2009-10-27"
    assert record.body == "Public Bill Committee"
    assert record.title == "Child Poverty Bill"
    bodies = {
        SCRAPED / "debates" / "debates2009-10-26b.xml": ("House of Commons", "uk.org.publicwhip/debate/2009-10-26b"),
        SCRAPED / "divisionsonly" / "divisions2009-10-28c.xml": ("House of Commons", "uk.org.publicwhip/debate/2009-10-28c/divisions"),
        SCRAPED / "westminhall" / "westminster2009-10-27a.xml": ("Westminster Hall", "uk.org.publicwhip/westminhall/2009-10-27a"),
        SCRAPED / "lordspages" / "daylord2009-10-26a.xml": ("House of Lords", "uk.org.publicwhip/lords/2009-10-26a"),
        SCRAPED / "wms" / "ministerial2009-10-27a.xml": ("Written Ministerial Statements", "uk.org.publicwhip/wms/2009-10-27a"),
        LORDS_2014 / "bill-debate.xml": ("House of Lords", "uk.org.publicwhip/lords/2014-02-24a"),
    }
    for path, (body, record_id) in bodies.items():
        record = record_of(path)
        assert (record.body, record.id) == (body, record_id), path.name
        assert record.date == re.search(r"\d{4}-\d\d-\d\d", record_id).group()
        assert record.title
    assert record_of(LORDS_2014 / "bill-debate.xml").title == "Pensions Bill"
    # A re-scrape holding only <gidredirect> bookkeeping: an empty record, no warnings.
    empty = record_of(SCRAPED / "debates" / "debates2009-10-27c.xml")
    assert (empty.id, empty.date, empty.speeches, empty.events, empty.warnings) == (
        "uk.org.publicwhip/debate/2009-10-27c", "2009-10-27", [], [], [])


def test_committee_party_constituency_and_roles():
    by_name = {s.speaker.name: s.speaker for path in sorted(STANDING.glob("*.xml")) for s in record_of(path).speeches}
    webb = by_name["Steve Webb"]
    assert (webb.party, webb.constituency, webb.person_id) == (
        "Liberal Democrat", "Northavon", "uk.org.publicwhip/person/10626")
    assert (by_name["Graham Stuart"].party, by_name["Graham Stuart"].constituency) == (
        "Conservative", "Beverley and Holderness")
    assert (by_name["Karen Buck"].party, by_name["Karen Buck"].constituency) == (
        "Labour", "Regent's Park and Kensington, North")
    goodman = by_name["Helen Goodman"]
    assert goodman.role == "Parliamentary Under-Secretary of State for Work and Pensions"
    assert goodman.constituency is None and goodman.party is None
    assert by_name["Robert Key"].role == "Chair"


def test_speakeroffice_is_the_role():
    speeches = record_of(SCRAPED / "debates" / "debates2009-10-26b.xml").speeches
    speech = next(s for s in speeches if s.id == "uk.org.publicwhip/debate/2009-10-26b.32.4")
    assert speech.speaker.name == "Huw Irranca-Davies"
    assert speech.speaker.role == "The Parliamentary Under-Secretary of State for Environment, Food and Rural Affairs"
    assert speech.time == "15:55"
    # "Hon. Members" (speakerid="unknown") is a speech with no person.
    crowd = next(s for s in speeches if s.id == "uk.org.publicwhip/debate/2009-10-26b.130.4")
    assert (crowd.speaker.name, crowd.speaker.person_id) == ("Hon. Members", None)


def test_person_ids_from_the_packaged_map():
    record = record_of(SITTING_05)
    baron = next(v for v in record.divisions[0].votes if v.name == "John Baron")
    assert (baron.vote, baron.person_id) == ("aye", "uk.org.publicwhip/person/10715")
    lords = record_of(SCRAPED / "lordspages" / "daylord2009-10-26a.xml")
    addington = next(v for d in lords.divisions for v in d.votes if v.name == "Addington, L.")
    assert addington.person_id == "uk.org.publicwhip/person/13368"
    for path in FILES:
        record = record_of(path)
        votes = [v for d in record.divisions for v in d.votes]
        assert all(v.person_id and v.person_id.startswith("uk.org.publicwhip/person/") for v in votes), path.name
        named = [s for s in record.speeches if s.speaker.name not in ("Hon. Members", "Noble Lords", "Several hon. Members")]
        assert all(s.speaker.person_id for s in named), path.name


def test_packaged_people_map_is_built_from_people_xml():
    people_xml = TWFY / "members" / "people.xml"
    packaged = json.loads(gzip.decompress(PACKAGED_PEOPLE.read_bytes()))
    assert packaged == build_people_map(people_xml)
    assert packaged["people"]["10715"] == {"name": "John Baron", "member": [715, 1409, 40059]}


def test_tellers_and_lords_counts():
    commons = record_of(SCRAPED / "debates" / "debates2009-10-26b.xml").divisions[0]
    assert (commons.number, commons.ayes, commons.noes) == (230, 158, 246)
    tellers = [(v.name, v.vote) for v in commons.votes if v.teller]
    assert tellers == [("Mr. Philip Hollobone", "aye"), ("Mr. Graham Stuart", "aye"),
                       ("Helen Jones", "no"), ("Steve McCabe", "no")]
    # Commons counts leave the tellers out; Lords counts include them.
    assert sum(v.vote == "aye" and not v.teller for v in commons.votes) == 158
    lords = record_of(SCRAPED / "lordspages" / "daylord2009-10-26a.xml").divisions[0]
    assert (lords.ayes, lords.noes) == (153, 127)
    assert sum(v.vote == "aye" for v in lords.votes) == 153
    assert ("Cathcart, E.", "aye", True) in [(v.name, v.vote, v.teller) for v in lords.votes]


def test_count_that_disagrees_with_the_names_is_kept_with_a_warning(tmp_path):
    data = SITTING_05.read_bytes().replace(b'divnumber="1" ayes="5" noes="11"', b'divnumber="1" ayes="6" noes="11"')
    path = tmp_path / SITTING_05.name
    path.write_bytes(data)
    record = READER.read(load_source(path))
    division = record.divisions[0]
    assert (division.ayes, division.noes, len(division.votes)) == (6, 11, 16)
    assert [w.message for w in record.warnings] == [
        "division 1: Ayes 6 in the count but 5 names listed; kept the count"]
    assert record.warnings[0].element == division.source_id and record.warnings[0].line


def test_cp1252_references_become_punctuation():
    record = record_of(SITTING_05)
    webb = next(s for s in record.speeches if s.id.endswith("_05-0_2009-10-27a.2.57"))
    assert webb.time == "11:15"
    assert webb.text.startswith("I beg to move amendment 21, in clause 1, page 1, line 11, at end insert—\n\n‘(3) The Secretary")
    assert "cash—we can debate whether there was—it was" in webb.text
    assert "“Well, that doesn’t matter" in webb.text
    assert "&#" not in webb.text and "\u00a0" not in webb.text and "  " not in webb.text
    assert len(webb.text.split("\n\n")) == 9  # one entry per <p>, amendment text included


def test_procedural_events_one_per_paragraph():
    record = record_of(SITTING_05)
    texts = [e.text for e in record.events if e.kind == "procedural"]
    assert texts[:2] == ["[Robert Key in the Chair]", "CP 10 Equality and Human Rights Commission"]
    assert "Question put, That the amendment be made." in texts
    assert "Question accordingly negatived." in texts
    headings = [e.text for e in record.events if e.kind == "heading"]
    assert headings[:2] == ["Public Bill Committee", "Clause 1"]
    # Amendment text stays with the line that introduces it.
    events = record_of(SITTING_08).events
    proposed = next(e for e in events if e.text.startswith("Amendment proposed (this day): 1, in clause 8"))
    assert proposed.text.endswith("insert\n\n‘and the promotion of economic enterprise’.—(Andrew Selous.)")
    amendment_2 = next(e for e in events if e.text.startswith("Amendment 2, in clause 8, page 4, line 25"))
    assert amendment_2.text.count("\n\n") == 3 and "(f) assisting children in families with disabilities" in amendment_2.text


def test_times_are_normalised():
    speeches = record_of(STANDING / "standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml").speeches
    assert speeches[0].time == "09:00"  # time="9:00"
    late = record_of(SCRAPED / "debates" / "debates2009-10-26b.xml").speeches
    assert "22:00" in {s.time for s in late}  # time="022:00:00"


# --- safety -----------------------------------------------------------------------------------------

def _doc(tmp_path: Path, text: str, name: str = "evil.xml") -> SourceDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_source(path)


SPEECH = '<speech id="uk.org.publicwhip/debate/2009-10-26b.1.1" speakerid="x" speakername="A Member"><p>{}</p></speech>'


@pytest.mark.parametrize("declaration", [
    '<!ENTITY xxe SYSTEM "file://{secret}">',
    '<!ENTITY xxe PUBLIC "-//x//y" "file://{secret}">',
    "<!ENTITY xxe SYSTEM '{secret}'>",
])
def test_external_entity_is_refused_and_never_read(tmp_path, declaration):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a9c")
    dtd = declaration.format(secret=secret)
    doc = _doc(tmp_path, f'<?xml version="1.0"?>\n<!DOCTYPE publicwhip [\n<!ENTITY mdash "&#8212;">\n{dtd}\n]>\n'
                         f"<publicwhip>{SPEECH.format('a&mdash;&xxe;')}</publicwhip>")
    assert READER.sniff(doc)
    with pytest.raises(InputError) as caught:
        READER.read(doc)
    assert caught.value.problem == "XML declares an external entity (xxe); refused"
    assert "TOP-SECRET" not in str(caught.value)


def test_parameter_entities_are_refused(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "TOP-SECRET-7f3a9c">')
    doc = _doc(tmp_path, f'<!DOCTYPE publicwhip [<!ENTITY % ext SYSTEM "file://{secret}"> %ext;]>'
                         f"<publicwhip>{SPEECH.format('&leak;')}</publicwhip>")
    with pytest.raises(InputError, match="refused") as caught:
        READER.read(doc)
    assert "TOP-SECRET" not in str(caught.value)


def test_external_dtd_is_never_loaded(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "TOP-SECRET-7f3a9c">')
    doc = _doc(tmp_path, f'<!DOCTYPE publicwhip SYSTEM "file://{secret}">'
                         f"<publicwhip>{SPEECH.format('&leak;')}</publicwhip>")
    with pytest.raises(InputError, match="malformed XML: Entity 'leak' not defined") as caught:
        READER.read(doc)
    assert "TOP-SECRET" not in str(caught.value)
    harmless = _doc(tmp_path, f'<!DOCTYPE publicwhip SYSTEM "file://{secret}"><publicwhip>{SPEECH.format("Hi.")}</publicwhip>')
    assert READER.read(harmless).speeches[0].text == "Hi."


def test_billion_laughs_is_refused_quickly(tmp_path):
    lol = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">'
                                     for i in range(1, 10)]
    doc = _doc(tmp_path, '<?xml version="1.0"?>\n<!DOCTYPE publicwhip [\n' + "\n".join(lol) + "\n]>\n"
                         f"<publicwhip>{SPEECH.format('&lol9;')}</publicwhip>")
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        READER.read(doc)
    assert time.perf_counter() - start < 1
    assert caught.value.problem == ("XML entity definitions reference other entities "
                                    "(entity expansion attack?); refused")


@pytest.mark.parametrize("value", ["&#38;lol;", "&#x26;lol;", "<p>markup</p>", "x" * 10_000])
def test_other_entity_tricks_are_refused(tmp_path, value):
    doc = _doc(tmp_path, f'<!DOCTYPE publicwhip [<!ENTITY lol "lol"><!ENTITY big "{value}">]>'
                         f"<publicwhip>{SPEECH.format('&big;' * 100)}</publicwhip>")
    with pytest.raises(InputError, match="refused"):
        READER.read(doc)


def test_truncated_xml_is_an_input_error(tmp_path):
    data = SITTING_05.read_bytes()
    path = tmp_path / "truncated.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as caught:
        READER.read(load_source(path))
    assert caught.value.problem.startswith("malformed XML: ")
    assert re.search(r"\(line \d+\)$", caught.value.problem)
    assert "\n" not in str(caught.value)


def test_other_xml_is_refused(tmp_path):
    doc = _doc(tmp_path, '<?xml version="1.0"?><hansard><speech/></hansard>')
    assert not READER.sniff(doc)
    with pytest.raises(InputError, match="not ParlParse XML"):
        READER.read(doc)
    assert not READER.sniff(_doc(tmp_path, "<!DOCTYPE html><html><body>hi</body></html>", "page.html"))


def test_uninterpretable_input_warns_instead_of_crashing(tmp_path):
    doc = _doc(tmp_path, '<publicwhip><gidredirect oldgid="a" newgid="b" matchtype="x"/>'
                         '<speech id="uk.org.publicwhip/debate/2009-10-26b.1.1" speakerid="uk.org.publicwhip/member/1409" '
                         'speakername="John Baron" time="later"><p>Hello.</p></speech>'
                         '<mystery id="m1">?</mystery>'
                         '<division id="uk.org.publicwhip/debate/2009-10-26b.1.2" divnumber="x">'
                         '<divisioncount ayes="1" noes="0"/><mplist vote="aye"><mpname id="uk.org.publicwhip/member/1409" '
                         'vote="maybe">Baron, John</mpname></mplist></division></publicwhip>')
    record = READER.read(doc)
    assert [s.speaker.person_id for s in record.speeches] == ["uk.org.publicwhip/person/10715"]
    assert record.speeches[0].time is None
    messages = [w.message for w in record.warnings]
    assert any("time 'later'" in m for m in messages)
    assert any("<mystery>" in m for m in messages)
    assert any("'x' is not a number" in m for m in messages)
    assert any("vote 'maybe'" in m for m in messages)
    assert record.divisions[0].ayes == 1 and record.divisions[0].votes == []
    DebateRecord.model_validate(record.model_dump())


def test_office_printed_on_a_first_speech_holds_for_the_day():
    """Hansard prints "The Parliamentary Under-Secretary of State for …" on a Minister's first speech of a
    debate only; the Marine and Coastal Access Bill's Minister holds it in every speech of 26 Oct 2009."""
    record = READER.read(load_source(SCRAPED / "debates" / "debates2009-10-26a.xml"))
    roles = {s.speaker.role for s in record.speeches if s.speaker.name == "Huw Irranca-Davies"}
    assert roles == {"The Parliamentary Under-Secretary of State for Environment, Food and Rural Affairs"}
    assert all(s.speaker.role is None for s in record.speeches if s.speaker.name == "Richard Benyon")
