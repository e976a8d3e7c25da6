"""The news-report reader: attribution of reported and quoted speech, narration, sniffing, robustness."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parlmine.errors import InputError
from parlmine.readers import get_reader
from parlmine.readers.news import mask_quotes, sentence_spans
from parlmine.record import Event, Speech
from parlmine.source import SourceDocument, load_source

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SEED = SAMPLES / "news_ccg_joint_committees_order_2014.txt"

LAMB = "Norman Lamb"
KENDALL = "Liz Kendall"
LAMB_ROLE = "Minister of State for Care and Support"
KENDALL_ROLE = "Shadow Minister for Care and Older People"

# Every paragraph of the seed, in order, with who it is attributed to (None: narration).
# Written by hand from reading the report.
SEED_EXPECTED = [
    ("MPs have approved a motion to give clinical commissioning groups", None),
    ("Minister of state for care and support Norman Lamb said the draft", LAMB),
    ("But Labour accused the coalition of trying to fix", None),  # a party, not a person
    ("Shadow minister for care and older people Liz Kendall said she was concerned", KENDALL),
    ("She said: “The reason we’re actually here today", KENDALL),
    ("The government, Mr Lamb said, wanted to allow CCGs", LAMB),
    ("He said: “The proposed amendments build on existing powers", LAMB),
    ("He added: “The NHS Act already allows two or more CCGs", LAMB),
    ("The order, he went on, would also allow CCGs", LAMB),
    ("The proposed arrangements, he said, would be voluntary", LAMB),
    ("He added: “At the moment the lack of provision", LAMB),
    ("Mr Lamb said that without the power to form joint committees", LAMB),
    ("As an interim measure, some CCGs were forming committees in common.", None),
    ("The predecessors of CCGs, Primary Care Trusts were able", None),
    ("Ms Kendall argued autonomy had not been written into the draft order", KENDALL),
    ("She said: “They are concerned that this draft order", KENDALL),
    ("She added: “Members on this side of the House repeatedly warned", KENDALL),
    ("Labour, she said, supported “in principle” the need for collaboration", KENDALL),
    ("Healthwatch England has previously warned", None),  # an organisation, not in the debate
    ("The draft Legislative Reform (Clinical Commissioning Groups) Order 2014 motion was approved", None),
]

LORDS_REPORT = """Peers back example regulations

Peers have approved a motion to approve the draft Example Regulations 2020.

Opening the debate, health minister Lord Ashworth of Kelby said the regulations would protect patients.

He said: “These rules are proportionate. They follow a long consultation.”

Labour health spokeswoman Baroness Morland said the intention was welcome but the detail was lacking.

“We will not oppose them,” she added.

Crossbench peer Lord Pennick warned that the timetable was too short.

The government, Lord Ashworth said, would review the rules within a year.

She said: “Review is not enough.”

He added: “We have listened to the noble Baroness.”

The Lords agreed the motion without a division on 12 March 2020.
"""

# (paragraph start, speaker) for the synthetic Lords report: the he/she mix resolves by gender.
LORDS_EXPECTED = [
    ("Peers have approved a motion", None),
    ("Opening the debate, health minister Lord Ashworth of Kelby said", "Lord Ashworth of Kelby"),
    ("He said: “These rules are proportionate.", "Lord Ashworth of Kelby"),
    ("Labour health spokeswoman Baroness Morland said", "Baroness Morland"),
    ("“We will not oppose them,” she added.", "Baroness Morland"),
    ("Crossbench peer Lord Pennick warned", "Lord Pennick"),
    ("The government, Lord Ashworth said,", "Lord Ashworth of Kelby"),  # short form of the peer's title
    ("She said: “Review is not enough.”", "Baroness Morland"),  # skips the two more recent men
    ("He added: “We have listened", "Lord Ashworth of Kelby"),
    ("The Lords agreed the motion", None),
]

COMMONS_REPORT = """MPs have rejected an amendment to the Example Bill by 300 votes to 250.
Alex Morgan, the shadow transport secretary, said the bill would leave passengers worse off and that she could not support it.
“Passengers deserve better,” said Ms Morgan.
Transport minister Chris Doyle said he was disappointed. The bill, Mr Doyle said, was fair.
She added: “This is a missed opportunity.”
“The evidence is clear,” he said. “We will press on.”
Conservative MP for Northtown Jamie Lee said the amendment was unnecessary.
The minister said the bill would be improved in the Lords.
The shadow secretary said that was not good enough.
Network Rail has warned of delays.
"""

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Commons approves order</title></head>
<body><p>MPs have approved a motion on the draft order.</p>
<p>Minister Norman Lamb said the order would help. Labour MP Liz Kendall said she opposed the bill.</p>
</body></html>
"""

RANDOM_PROSE = """The morning was cold and the harbour was quiet. Mary Jones walked along the sea wall with her dog.

“It looks like rain,” said John Smith, who ran the bakery on the corner. She agreed and bought a loaf.

They talked about the garden, the price of flour and the new bus timetable before going their separate ways.
"""

PARLIAMENT_WITHOUT_ATTRIBUTION = """The House of Commons is the lower house of Parliament. MPs debate bills and motions
and vote in divisions. The Lords revise legislation sent up from the Commons.
"""


def write(tmp_path: Path, name: str, text: str) -> SourceDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_source(path)


def speaker_of(item: Speech | Event) -> str | None:
    return item.speaker.name if isinstance(item, Speech) else None


@pytest.fixture(scope="module")
def reader():
    return get_reader("news")


@pytest.fixture(scope="module")
def seed_record(reader):
    if not SEED.exists():
        pytest.skip(f"seed sample not found at {SEED}")
    doc = load_source(SEED)
    return doc, reader.read(doc)


# -- the seed report ---------------------------------------------------------------------------


def test_seed_is_sniffed(reader, seed_record):
    doc, _ = seed_record
    assert reader.sniff(doc)


def test_seed_every_paragraph_attributed_by_hand(seed_record):
    _, record = seed_record
    items = record.items()
    assert len(items) == len(SEED_EXPECTED)
    for item, (start, speaker) in zip(items, SEED_EXPECTED):
        assert item.text.startswith(start), (item.text[:60], start)
        assert speaker_of(item) == speaker, item.text[:60]
        if speaker is None:
            assert isinstance(item, Event) and item.kind == "narration"


def test_seed_speakers_and_roles(seed_record):
    _, record = seed_record
    speakers = {(s.speaker.name, s.speaker.role, s.speaker.party) for s in record.speeches}
    assert speakers == {(LAMB, LAMB_ROLE, None), (KENDALL, KENDALL_ROLE, None)}


def test_seed_speech_text_is_the_paragraph(seed_record):
    doc, record = seed_record
    paragraphs = [" ".join(p.split()) for p in doc.text.split("\n\n") if p.strip()]
    assert [item.text for item in record.items()] == paragraphs
    quoted = next(s for s in record.speeches if s.text.startswith("He said: “The proposed amendments"))
    assert quoted.text.endswith("across the local health economy.”")  # the whole multi-sentence quote


def test_seed_ids_seq_and_lines(seed_record):
    _, record = seed_record
    assert [item.seq for item in record.items()] == list(range(1, len(SEED_EXPECTED) + 1))
    assert [s.id for s in record.speeches] == [f"{record.id}/speech-{n}" for n in range(1, len(record.speeches) + 1)]
    assert record.id.startswith("news/")
    lede, *_, result = record.events
    assert lede.line == 1 and lede.text.startswith("MPs have approved a motion")
    assert result.line == 39 and result.text.endswith("by 276 votes to 152, majority 124.")
    assert all(e.kind == "narration" for e in record.events)
    assert not record.targets and not record.divisions  # the procedure stage's job


def test_seed_record_fields(seed_record):
    _, record = seed_record
    assert record.title == (
        "MPs have approved a motion to give clinical commissioning groups greater flexibility and control "
        "in the way that they work to commission healthcare services for their communities."
    )
    assert record.date is None  # no full date in the report
    assert record.body == "House of Commons"
    assert record.source.format == "news"
    assert record.warnings == []


# -- synthetic reports -------------------------------------------------------------------------


def test_lords_report_peers_and_pronouns(tmp_path, reader):
    doc = write(tmp_path, "lords.txt", LORDS_REPORT)
    assert reader.sniff(doc)
    record = reader.read(doc)
    assert record.title == "Peers back example regulations"
    assert record.events[0].kind == "heading"
    items = [i for i in record.items() if not (isinstance(i, Event) and i.kind == "heading")]
    assert [(i.text[:40], speaker_of(i)) for i in items] == [(i.text[:40], s) for i, (_, s) in zip(items, LORDS_EXPECTED)]
    for item, (start, _) in zip(items, LORDS_EXPECTED):
        assert item.text.startswith(start)
    assert len(items) == len(LORDS_EXPECTED)
    speakers = {s.speaker.name: s.speaker for s in record.speeches}
    assert speakers["Lord Ashworth of Kelby"].role == "Health Minister"
    assert (speakers["Baroness Morland"].party, speakers["Baroness Morland"].role) == ("Labour", "Health Spokeswoman")
    assert speakers["Lord Pennick"].party == "Crossbench"
    assert record.body == "House of Lords"
    assert record.date == "2020-03-12"


def test_commons_report_appositive_inverted_role_reference(tmp_path, reader):
    record = reader.read(write(tmp_path, "commons.txt", COMMONS_REPORT))  # one paragraph per line
    got = [(i.text[:45], speaker_of(i)) for i in record.items()]
    assert [s for _, s in got] == [
        None,           # lede
        "Alex Morgan",  # "Alex Morgan, the shadow transport secretary, said … she …"
        "Alex Morgan",  # "…,” said Ms Morgan."
        "Chris Doyle",  # "Transport minister Chris Doyle said he … The bill, Mr Doyle said, …" (one run)
        "Alex Morgan",  # "She added:" — the most recent woman
        "Chris Doyle",  # "“…,” he said. “…”" — a bare quote continues the speech
        "Jamie Lee",
        "Chris Doyle",  # "The minister said"
        "Alex Morgan",  # "The shadow secretary said"
        None,           # "Network Rail has warned" — an organisation
    ], got
    speakers = {s.speaker.name: s.speaker for s in record.speeches}
    assert speakers["Alex Morgan"].role == "Shadow Transport Secretary"
    assert speakers["Chris Doyle"].role == "Transport Minister"
    lee = speakers["Jamie Lee"]
    assert (lee.party, lee.constituency, lee.role) == ("Conservative", "Northtown", None)
    assert record.body == "House of Commons"


def test_pronoun_without_fitting_speaker_is_narration_with_warning(tmp_path, reader):
    # "said he" makes John Ward male, so "She" fits nobody.
    text = ("MPs debated the bill.\n\nHealth minister John Ward said he backed the bill.\n\n"
            "She said: “It is not.”\n")
    record = reader.read(write(tmp_path, "nofit.txt", text))
    assert [speaker_of(i) for i in record.items()] == [None, "John Ward", None]
    assert record.warnings and "she" in record.warnings[0].message


def test_pronoun_fits_speaker_of_unknown_gender_and_fixes_it(tmp_path, reader):
    text = ("MPs debated the bill.\n\nHealth minister Sam Ward backed the bill, Sam Ward said.\n\n"
            "She said: “It is needed.”\n\nShadow minister Jo Kerr said it was not. He added: “No.”\n")
    record = reader.read(write(tmp_path, "unknown.txt", text))
    # Sam Ward's gender is unknown until "She"; then "He" cannot be Sam Ward, and Jo Kerr (unknown) fits.
    assert [speaker_of(i) for i in record.items()] == [None, "Sam Ward", "Sam Ward", "Jo Kerr"]


def test_honorific_before_full_name_resolves_forward(tmp_path, reader):
    text = ("MPs approved the order.\n\nMs Reed said the order was late.\n\n"
            "Shadow health minister Anna Reed said it would be opposed.\n")
    record = reader.read(write(tmp_path, "forward.txt", text))
    assert [speaker_of(i) for i in record.items()] == [None, "Anna Reed", "Anna Reed"]


# -- sentence splitting --------------------------------------------------------------------------


def test_sentence_splitter_respects_quotes_and_abbreviations():
    text = ("Mr Lamb met Dr Jones at St Thomas’ Hospital. He said: “It works. It is cheap.” "
            "No. 10 agreed. J. Smith left.")
    spans = [text[s:e] for s, e in sentence_spans(text, 0, len(text))]
    assert spans == [
        "Mr Lamb met Dr Jones at St Thomas’ Hospital.",
        "He said: “It works. It is cheap.”",
        "No. 10 agreed.",
        "J. Smith left.",
    ]
    assert mask_quotes("He said: “Jane Smith said no.”").startswith("He said: “___")


# -- sniffing and bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [HTML_PAGE, "   " + HTML_PAGE, RANDOM_PROSE, PARLIAMENT_WITHOUT_ATTRIBUTION])
def test_not_sniffed_as_news(tmp_path, reader, text):
    assert not reader.sniff(write(tmp_path, "other.txt", text))


def test_html_is_an_input_error(tmp_path, reader):
    with pytest.raises(InputError, match="markup"):
        reader.read(write(tmp_path, "page.html", HTML_PAGE))


@pytest.mark.parametrize("text", [RANDOM_PROSE.replace("said John Smith", "said John"), PARLIAMENT_WITHOUT_ATTRIBUTION])
def test_no_attributed_speech_is_an_input_error(tmp_path, reader, text):
    with pytest.raises(InputError, match="no reported or quoted speech"):
        reader.read(write(tmp_path, "prose.txt", text))


# -- robustness ------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "Mr", "Ms", "Lord", "Baroness", "Sir", "Dr", "Smith", "Jane", "Kendall", "of", "Finsbury", "said", "added",
    "went on", "he", "she", "He", "She", "the minister", "Labour", "MPs", "peers", "MP for", "shadow",
    "minister", "“", "”", "\"", "‘", "’", ".", ",", ":", "?", "!", "\n", "\n\n", " ", "No.", "St.", "<p>",
    "12 March 2020", "2020-02-30", "—",
])


def _check(reader, text: str) -> None:
    doc = SourceDocument(path=Path("fuzz.txt"), data=text.encode("utf-8"))
    reader.sniff(doc)
    try:
        record = reader.read(doc)
    except InputError:
        return
    assert record.speeches
    assert [i.seq for i in record.items()] == list(range(1, len(record.items()) + 1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_fuzz_arbitrary_text(reader, text):
    _check(reader, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=80).map(" ".join))
def test_fuzz_news_like_text(reader, text):
    _check(reader, text)
