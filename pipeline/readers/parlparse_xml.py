"""ParlParse ("publicwhip") XML, as published by TheyWorkForYou: Commons debates, Westminster Hall,
Lords, written ministerial statements and Public Bill Committee ("standing") sittings.

The XML is parsed safely: the internal DTD subset is checked before lxml sees the document (only
simple text/character-reference entities such as ``<!ENTITY mdash "&#8212;">`` are accepted; external
and parameter entities, nested entity references and markup in entity values are refused), and lxml
runs without network access, without loading external DTDs and with its size limits on.

Speaker ids (``uk.org.publicwhip/member/N``, ``…/lord/N``) are mapped to ``uk.org.publicwhip/person/N``
with a small packaged table built from ParlParse's ``members/people.xml`` by ``build_people_map``::

    python -m parlmine.readers.parlparse_xml build-people-map members/people.xml \\
        pipeline/readers/data/publicwhip-people.json.gz
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..record import DebateRecord, Division, Event, ReaderWarning, Speaker, Speech, Vote
from ..source import SourceDocument, fix_cp1252_controls
from ..parties import KNOWN_PARTIES, canonical_party
from .base import Reader, register, text_record_id

PEOPLE_MAP_FILE = "publicwhip-people.json.gz"

# ---------------------------------------------------------------------------------------------------
# Safe parsing
# ---------------------------------------------------------------------------------------------------

#: Longest entity replacement text accepted (ParlParse's are one character reference).
MAX_ENTITY_VALUE = 256

_Q = rb"(?:\"[^\"]*\"|'[^']*')"
_NAME = rb"[^\s<>\"'%&;\[\]()|,]+"
_EXTERNAL_ID = rb"(?:SYSTEM\s+" + _Q + rb"|PUBLIC\s+" + _Q + rb"\s+" + _Q + rb")"
_PROLOG_MISC = re.compile(rb"(?:\s+|<!--.*?-->|<\?.*?\?>)*", re.S)
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(" + _NAME + rb")(?:\s+" + _EXTERNAL_ID + rb")?\s*(\[)?", re.S)
_DOCTYPE_END = re.compile(rb"\s*>")
_SUBSET_TOKEN = re.compile(
    rb"(?P<ws>\s+)"
    rb"|(?P<comment><!--.*?-->)"
    rb"|(?P<pi><\?.*?\?>)"
    rb"|(?P<entity><!ENTITY\s+(?P<pe>%\s+)?(?P<name>" + _NAME + rb")\s+"
    rb"(?:(?P<value>" + _Q + rb")|(?P<external>" + _EXTERNAL_ID + rb"(?:\s+NDATA\s+" + _NAME + rb")?))\s*>)"
    rb"|(?P<decl><!(?:ELEMENT|ATTLIST|NOTATION)\s(?:[^>\"']|" + _Q + rb")*>)"
    rb"|(?P<peref>%" + _NAME + rb";)"
    rb"|(?P<end>\])",
    re.S,
)
#: The XML spec's own (harmless) redeclarations of the predefined entities.
_PREDEFINED = {
    "amp": {b"&#38;#38;", b"&#x26;#x26;", b"&#38;#x26;"}, "lt": {b"&#38;#60;", b"&#38;#x3C;", b"&#x26;#x3C;"},
    "gt": {b"&#62;", b">"}, "apos": {b"&#39;", b"'"}, "quot": {b"&#34;", b'"'},
}
_CHARREF = re.compile(rb"&#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}));")
_POSITION = re.compile(r",\s*line \d+, column \d+\s*$")


def _text_of(raw: bytes) -> str:
    text = raw.decode("latin-1")
    return text if len(text) <= 60 else text[:57] + "..."


_UNCHECKED = "XML document type declaration is malformed or has declarations that cannot be checked; refused"


def check_dtd(data: bytes, path: Path | str) -> None:
    """Refuse documents whose internal DTD subset could read files, reach the network or expand
    entities without bound. Raises InputError; returns None for an acceptable (or absent) DTD."""
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    pos = _PROLOG_MISC.match(data, pos).end()
    if not data.startswith(b"<!DOCTYPE", pos):
        return
    doctype = _DOCTYPE.match(data, pos)
    if not doctype:
        raise InputError(path, _UNCHECKED)
    pos = doctype.end()
    if doctype.group(2):  # internal subset
        while True:
            token = _SUBSET_TOKEN.match(data, pos)
            if not token:
                raise InputError(path, _UNCHECKED)
            pos = token.end()
            if token.group("end"):
                break
            if token.group("peref"):
                raise InputError(path, "XML DTD uses parameter entity references "
                                       f"({_text_of(token.group('peref'))}); refused")
            if token.group("entity"):
                name = _text_of(token.group("name"))
                if token.group("external"):
                    raise InputError(path, f"XML declares an external entity ({name}); refused")
                if token.group("pe"):
                    raise InputError(path, f"XML declares a parameter entity ({name}); refused")
                _check_entity_value(token.group("value")[1:-1], name, path)
        end = _DOCTYPE_END.match(data, pos)
        if not end:
            raise InputError(path, _UNCHECKED)


def _check_entity_value(value: bytes, name: str, path: Path | str) -> None:
    if value in _PREDEFINED.get(name, ()):
        return
    if len(value) > MAX_ENTITY_VALUE:
        raise InputError(path, f"XML entity definition ({name}) is {len(value)} bytes long; refused")
    nested = "XML entity definitions reference other entities (entity expansion attack?); refused"
    if b"%" in value:
        raise InputError(path, nested)
    if b"&" in _CHARREF.sub(b"", value):
        raise InputError(path, nested)
    for hexa, dec in _CHARREF.findall(value):
        code = int(hexa, 16) if hexa else int(dec)
        if code in (0x25, 0x26):  # '%', '&': would form a reference when the entity is used
            raise InputError(path, nested)
        if code == 0x3C:
            raise InputError(path, f"XML entity definition ({name}) contains markup; refused")
    if b"<" in value:
        raise InputError(path, f"XML entity definition ({name}) contains markup; refused")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities="internal",  # never external entities, even if the check above were bypassed
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, path: Path | str) -> etree._Element:
    """Check the DTD, then parse; every failure is an InputError naming the problem."""
    check_dtd(data, path)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = _POSITION.sub("", exc.msg or str(exc)).strip() or "syntax error"
        line = exc.lineno if exc.lineno is not None else (exc.position or (None,))[0]
        where = f" (line {line})" if line else ""
        raise InputError(path, f"malformed XML: {message}{where}") from None
    except (etree.LxmlError, ValueError, TypeError) as exc:
        raise InputError(path, f"malformed XML: {str(exc).strip() or type(exc).__name__}") from None


# ---------------------------------------------------------------------------------------------------
# Members → people
# ---------------------------------------------------------------------------------------------------

_PW = "uk.org.publicwhip/"


def build_people_map(people_xml: Path | str) -> dict:
    """The packaged member/lord → person table, from ParlParse's ``members/people.xml``.

    ``{"people": {"10715": {"name": "John Baron", "member": [1409]}, …}}``: person number → latest
    name and the numbers of the ``uk.org.publicwhip/member/N`` and ``…/lord/N`` offices held.
    """
    path = Path(people_xml)
    root = parse_xml(path.read_bytes(), path)
    people: dict[str, dict] = {}
    for person in root.iter("person"):
        person_id = person.get("id") or ""
        if not person_id.startswith(_PW + "person/"):
            continue
        entry: dict = {"name": fix_cp1252_controls(person.get("latestname") or "")}
        for office in person.iter("office"):
            kind, _, number = (office.get("id") or "").removeprefix(_PW).partition("/")
            if kind in ("member", "lord") and number.isdigit():
                entry.setdefault(kind, []).append(int(number))
        if "member" in entry or "lord" in entry:
            for kind in ("member", "lord"):
                if kind in entry:
                    entry[kind].sort()
            people[person_id.rsplit("/", 1)[1]] = entry
    return {"source": "mysociety/parlparse members/people.xml", "people": people}


def write_people_map(people_xml: Path | str, out: Path | str) -> int:
    table = build_people_map(people_xml)
    payload = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    Path(out).write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return len(table["people"])


@lru_cache(maxsize=1)
def people_map() -> dict[str, tuple[str, str]]:
    """``uk.org.publicwhip/member/N`` or ``…/lord/N`` → (person id, latest name), from the packaged table."""
    try:
        raw = resources.files(__package__).joinpath("data", PEOPLE_MAP_FILE).read_bytes()
        table = json.loads(gzip.decompress(raw))
    except (OSError, ValueError):
        return {}
    offices: dict[str, tuple[str, str]] = {}
    for number, entry in table.get("people", {}).items():
        person = (f"{_PW}person/{number}", entry.get("name") or "")
        for kind in ("member", "lord"):
            for office in entry.get(kind, ()):
                offices[f"{_PW}{kind}/{office}"] = person
    return offices


# ---------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------

BODIES = {
    "standing": "Public Bill Committee",
    "debate": "House of Commons",
    "westminhall": "Westminster Hall",
    "lords": "House of Lords",
    "wms": "Written Ministerial Statements",
}
#: File name prefixes, for documents with no usable ids.
FILE_BODIES = (
    ("standing", "Public Bill Committee"), ("debates", "House of Commons"), ("divisions", "House of Commons"),
    ("westminster", "Westminster Hall"), ("daylord", "House of Lords"), ("lordsdivisions", "House of Lords"),
    ("ministerial", "Written Ministerial Statements"),
)
VOTES = {"aye": "aye", "no": "no", "content": "aye", "not-content": "no", "notcontent": "no"}
HEADINGS = frozenset({"major-heading", "minor-heading", "oral-heading"})
IGNORED = frozenset({"gidredirect"})

_C1 = re.compile("[\x80-\x9f]")
_TIME = re.compile(r"0*(\d{1,2}):(\d\d)(?::\d\d(?:\.\d+)?)?")
_DATE = re.compile(r"(\d{4}-\d\d-\d\d)")
_TELLER = re.compile(r"\s*\[Tellers?\]\s*$", re.I)
_PARENS = re.compile(r"\(([^()]*)\)")
_SNIFF_PROLOG = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*(?:<!DOCTYPE\s+([^\s\[>]+))?", re.S)
_SNIFF_ROOT = re.compile(r"(?:\s*(?:\[.*?\]\s*)?>)?(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*<([^\s>/!?]+)", re.S)


def squash(text: str) -> str:
    """cp1252 C1 controls mapped, all whitespace runs (newlines and no-break spaces too) collapsed."""
    if _C1.search(text):
        text = fix_cp1252_controls(text)
    return " ".join(text.split())


def _text(el: etree._Element) -> str:
    return squash("".join(el.itertext()))


@lru_cache(maxsize=4096)
def normalise_time(raw: str) -> str | None:
    """'16:00', '14:30:00', '022:00:00', '9:00' → 'HH:MM'; None if not a time."""
    match = _TIME.fullmatch(raw.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour >= 24 and hour < 48:
        hour -= 24  # sittings past midnight are sometimes numbered on
    if hour >= 24 or minute >= 60:
        return None
    return f"{hour:02d}:{minute:02d}"


#: File-name prefixes of ParlParse's divisions-only extracts of a day's debates.
DIVISION_EXTRACTS = ("divisions", "lordsdivisions")


def debate_id(gid: str | None) -> str | None:
    """'uk.org.publicwhip/debate/2009-10-26b.125.5' → 'uk.org.publicwhip/debate/2009-10-26b'."""
    if not gid:
        return None
    slash = gid.rfind("/")
    parts = gid[slash + 1:].split(".")
    if slash < 0 or len(parts) != 3 or not parts[0]:
        return None
    return gid[: slash + 1] + parts[0]


def _iso_date(text: str) -> str | None:
    for found in reversed(_DATE.findall(text)):
        try:
            return date.fromisoformat(found).isoformat()
        except ValueError:
            continue
    return None


def parse_committee_member(mp: etree._Element) -> tuple[str | None, str | None, str | None]:
    """``Baron, Mr. John <span class="italic">(Billericay)</span> (Con)`` → (party, constituency, role)."""
    party = constituency = role = None
    rest = [mp.text or ""]
    for child in mp:
        if child.tag == "span":
            inner = _text(child).strip()
            if inner.startswith("(") and inner.endswith(")"):
                inner = inner[1:-1].strip()
            constituency = inner or constituency
        else:
            rest.append("".join(child.itertext()))
        rest.append(child.tail or "")
    for found in _PARENS.findall(squash("".join(rest))):
        found = found.strip()
        if re.sub(r"\s+", " ", found.lower()) in KNOWN_PARTIES:
            party = canonical_party(found)
        elif found:
            role = found
    return party, constituency, role


_MOVES = re.compile(r"\bI beg to move\b")
_CHAIR_CHANGE = re.compile(r"^\[.+ in the Chair\]$")
#: A listed amendment or clause (a chair's grouping continued), not speech.
_LISTED = re.compile(r"(?:Amendments?|New clause|New schedule|Clause|Schedule)\s+\d", re.I)
#: Hansard prints the business that follows a speech in italics at its end ("Amendment 37 withdrawn.",
#: "Amendment 38", "Moved by Baroness Butler-Sloss", "Clause, by leave, withdrawn."); ParlParse keeps
#: those lines inside that <speech>.
_PROCEDURAL_ITALIC = re.compile(r"^(?:Amendments?\s+\d+[A-Z]*\b.*|Moved by\s+\S.*|Clauses?\s+\d+.*\b(?:agreed|stand part)\b.*"
                                r"|(?:Amendment|Clause|Motion|New clause),? by leave,? withdrawn\.?)$")


def _is_statement(p: etree._Element) -> bool:
    """An explanatory statement: an indented paragraph that is all italic."""
    spans = [c for c in p if c.tag == "span" and "italic" in (c.get("class") or "")]
    outside = (p.text or "").strip() + "".join((c.tail or "").strip() for c in p)
    return bool(spans) and not outside and len(spans) == len(p)


class _Reading:
    """State while walking one document's top-level elements in order."""

    def __init__(self, reader: "ParlParseXmlReader", doc: SourceDocument, root: etree._Element):
        self.reader = reader
        self.doc = doc
        self.root = root
        self.seq = 0
        self.speeches: list[Speech] = []
        self.events: list[Event] = []
        self.divisions: list[Division] = []
        self.warnings: list[ReaderWarning] = []
        self.people = people_map()
        self.members: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.first_gid: str | None = None
        self.redirect_gid: str | None = None
        self.bill: str | None = None
        self.major: str | None = None
        self.minor: str | None = None
        self.bad_times: set[str] = set()
        if not self.people:
            self.warnings.append(ReaderWarning(message="member → person table not found; person ids left empty"))

    # -- helpers ------------------------------------------------------------------------------------
    def warn(self, message: str, el: etree._Element | None = None) -> None:
        element = None
        line = None
        if el is not None:
            gid = el.get("id")
            element = gid if gid else f"<{el.tag}>"
            line = el.sourceline
        self.warnings.append(ReaderWarning(message=message, line=line, element=element))

    def next_seq(self) -> int:
        seq = self.seq
        self.seq += 1
        return seq

    def person(self, ident: str | None) -> tuple[str | None, str | None]:
        if not ident:
            return None, None
        if ident.startswith(_PW + "person/"):
            return ident, None
        found = self.people.get(ident)
        return found if found else (None, None)

    def time(self, el: etree._Element) -> str | None:
        raw = el.get("time")
        if not raw or raw == "unknown":
            return None
        value = normalise_time(raw)
        if value is None and raw not in self.bad_times:
            self.bad_times.add(raw)
            self.warn(f"time {raw!r} not understood; left empty", el)
        return value

    def paragraphs(self, el: etree._Element) -> list[tuple[str, bool]]:
        """(text, is amendment text) for each paragraph of a speech: <p>, table rows, stray text."""
        out: list[tuple[str, bool]] = []
        if el.text and not el.text.isspace():
            out.append((squash(el.text), False))
        for child in el:
            tag = child.tag
            if tag == "p":
                text = squash("".join(child.itertext()))
                if text:
                    out.append((text, child.get("amendmenttext") == "true"))
            elif tag == "table":
                for row in child.iter("tr"):
                    cells = [_text(cell) for cell in row if cell.tag in ("td", "th")]
                    text = " | ".join(cell for cell in cells if cell)
                    if text:
                        out.append((text, False))
            elif isinstance(tag, str):
                text = _text(child)
                if text:
                    out.append((text, False))
            if child.tail and not child.tail.isspace():
                out.append((squash(child.tail), False))
        return out

    # -- elements -----------------------------------------------------------------------------------
    def run(self) -> None:
        handlers = {
            "speech": self.speech,
            "division": self.chamber_division,
            "divisioncount": self.standing_division,
            "bill": self.bill_element,
            "committee": self.committee,
        }
        for el in self.root.iterchildren(tag=etree.Element):
            tag = el.tag
            if self.first_gid is None and tag not in IGNORED:
                gid = el.get("id")
                if gid and debate_id(gid):
                    self.first_gid = gid
            handler = handlers.get(tag)
            if handler is not None:
                handler(el)
            elif tag in HEADINGS:
                self.heading(el)
            elif tag in IGNORED:
                if self.redirect_gid is None:
                    self.redirect_gid = el.get("oldgid")
            else:
                self.warn(f"unrecognised element <{tag}> skipped", el)

    def heading(self, el: etree._Element) -> None:
        text = _text(el)
        if not text:
            self.warn(f"empty <{el.tag}> skipped", el)
            return
        if el.tag == "major-heading":
            self.major = self.major or text
        else:
            self.minor = self.minor or text
        self.events.append(Event(seq=self.next_seq(), kind="heading", text=text, source_id=el.get("id")))

    def speech(self, el: etree._Element) -> None:
        gid = el.get("id")
        name = el.get("speakername")
        speaker_id = el.get("speakerid")
        paragraphs = self.paragraphs(el)
        if el.get("nospeaker") == "true" or not (name or (speaker_id and speaker_id != "unknown")):
            interrupted = self.interrupted_speaker()
            if interrupted is not None and paragraphs:
                self.add_speech(el, gid, interrupted.model_copy(), "\n\n".join(text for text, _ in paragraphs))
                return
            if el.get("nospeaker") != "true" and (name or speaker_id):
                self.warn("speech with an unknown speaker read as procedural text", el)
            continued = self.mover_continues(el)
            procedural = paragraphs[:len(paragraphs) - len(continued)]
            texts: list[str] = []
            for text, amendment in procedural:
                if amendment and texts:
                    texts[-1] += "\n\n" + text
                else:
                    texts.append(text)
            for text in texts:
                self.events.append(Event(seq=self.next_seq(), kind="procedural", text=text, source_id=gid))
            if continued:
                mover = self.speeches[-1].speaker
                self.add_speech(el, gid, mover.model_copy(), "\n\n".join(continued))
            return
        person_id, latest = self.person(el.get("person_id") or speaker_id)
        if not name:
            name = latest or speaker_id or "unknown"
        name = squash(name)
        party = constituency = role = None
        member = self.members.get(speaker_id or "")
        if member:
            party, constituency, role = member
        office = el.get("speakeroffice")
        if office:
            role = squash(office)
        tail = self.procedural_tail(el)
        spoken = paragraphs[:len(paragraphs) - len(tail)] if tail else paragraphs
        text = "\n\n".join(text for text, _ in spoken)
        if not text:
            self.warn("speech has no text", el)
        speaker = Speaker(name=name, person_id=person_id, party=party, constituency=constituency, role=role)
        self.add_speech(el, gid, speaker, text)
        for line in tail:
            self.events.append(Event(seq=self.next_seq(), kind="procedural", text=line, source_id=gid))

    def procedural_tail(self, el: etree._Element) -> list[str]:
        """The business printed in italics after a Lords speech, from its first italic procedural line
        to the end (the amendment then moved and its text), as separate lines; [] for other speeches.
        Everything before it stays the speech."""
        children = list(el)
        if any(not isinstance(c.tag, str) or c.tag != "p" or (c.tail or "").strip() for c in children) or (el.text or "").strip():
            return []
        for i, child in enumerate(children):
            text = squash("".join(child.itertext()))
            if i and "italic" in (child.get("class") or "") and _PROCEDURAL_ITALIC.match(text):
                return [line for line in (squash("".join(c.itertext())) for c in children[i:]) if line]
        return []

    def add_speech(self, el: etree._Element, gid: str | None, speaker: Speaker, text: str) -> None:
        seq = self.next_seq()
        if not gid:
            self.warn("speech without an id", el)
        self.speeches.append(Speech(
            id=gid or f"{self.doc.sha256[:16]}/speech-{seq}",
            seq=seq,
            speaker=speaker,
            time=self.time(el),
            text=text,
            source_id=gid,
        ))

    def interrupted_speaker(self) -> Speaker | None:
        """The Member whose speech a change of Chair interrupted: Hansard prints "[Mrs. Joan Humble in the
        Chair]" mid-speech and ParlParse files the rest of the speech with no speaker."""
        if not (self.events and self.speeches and self.events[-1].kind == "heading"
                and _CHAIR_CHANGE.match(self.events[-1].text) and self.speeches[-1].seq == self.events[-1].seq - 1):
            return None
        return self.speeches[-1].speaker

    def mover_continues(self, el: etree._Element) -> list[str]:
        """The mover's own words printed after their amendment's explanatory statement.

        Hansard prints "I beg to move amendment 61 …", the amendment, its explanatory statement in
        italics, then the rest of the mover's speech; ParlParse files everything after the amendment
        as a speech with no speaker. Returns the paragraphs after the italic statement when the
        element right before was a speech moving an amendment (else none: a chair's list of grouped
        amendments after a statement stays procedural).
        """
        if not self.speeches or self.speeches[-1].seq != self.seq - 1 or not _MOVES.search(self.speeches[-1].text):
            return []
        children = list(el)
        if any(c.tag != "p" or (c.tail or "").strip() for c in children) or (el.text or "").strip():
            return []  # tables or stray text: not the layout described above
        statement = 0
        while statement < len(children) and _is_statement(children[statement]):
            statement += 1
        rest = [squash("".join(c.itertext())) for c in children[statement:]]
        if not statement or not rest or not all(rest) or any(c.get("amendmenttext") for c in children[statement:]) \
                or any(_LISTED.match(text) for text in rest):
            return []
        return rest

    def bill_element(self, el: etree._Element) -> None:
        self.bill = squash(el.get("title") or "") or _text(el) or self.bill

    def committee(self, el: etree._Element) -> None:
        for mp in el.iter("mpname"):
            ident = mp.get("memberid") or mp.get("id")
            if not ident:
                self.warn("committee member without an id skipped", mp)
                continue
            party, constituency, role = parse_committee_member(mp)
            if mp.getparent().tag == "chairmen":
                role = "Chair"
            self.members[ident] = (party, constituency, role)

    def _int(self, value: str | None, what: str, el: etree._Element) -> int | None:
        if value is None:
            self.warn(f"division has no {what}", el)
            return None
        try:
            return int(value.strip())
        except ValueError:
            self.warn(f"division {what} {value!r} is not a number", el)
            return None

    def chamber_division(self, el: etree._Element) -> None:
        count = el.find("divisioncount")
        if count is None:
            self.warn("division without a <divisioncount>", el)
            count = el
        self.division(el, count, el.get("divnumber") or count.get("divnumber"))

    def standing_division(self, el: etree._Element) -> None:
        self.division(el, el, el.get("divnumber"))

    def division(self, el: etree._Element, count: etree._Element, divnumber: str | None) -> None:
        number = self._int(divnumber, "number", el)
        lords = (count.get("content") is not None or count.get("not-content") is not None
                 or any(child.tag == "lordlist" for child in el))
        yes_attr, no_attr = ("content", "not-content") if lords else ("ayes", "noes")
        ayes = self._int(count.get(yes_attr), f"{yes_attr} count", el)
        noes = self._int(count.get(no_attr), f"{no_attr} count", el)
        votes: list[Vote] = []
        listed = {"aye": 0, "no": 0}
        tellers = {"aye": 0, "no": 0}
        lists = [child for child in el if child.tag in ("mplist", "lordlist")]
        for members in lists:
            list_vote = members.get("vote")
            for mp in members.iterchildren(tag=etree.Element):
                raw = mp.get("vote") or list_vote
                vote = VOTES.get(raw or "")
                if vote is None:
                    self.warn(f"vote {raw!r} not understood; skipped", mp)
                    continue
                teller = mp.get("teller") == "yes"
                name = mp.get("membername")
                name = squash(name) if name else _TELLER.sub("", _text(mp))
                person_id, latest = self.person(mp.get("person_id") or mp.get("memberid") or mp.get("id"))
                if not name:
                    name = latest or "unknown"
                votes.append(Vote(name=name, person_id=person_id, vote=vote, teller=teller))
                if teller:
                    tellers[vote] += 1
                if lords or not teller:  # Commons counts exclude the tellers; Lords counts include them
                    listed[vote] += 1
        label = f"division {number}" if number is not None else "division"
        if lists:
            for vote, stated, word in (("aye", ayes, "Contents" if lords else "Ayes"),
                                       ("no", noes, "Not-Contents" if lords else "Noes")):
                if stated is not None and stated != listed[vote]:
                    self.warn(f"{label}: {word} {stated} in the count but {listed[vote]} names listed; "
                              "kept the count", el)
            for vote, attr in (("aye", "tellerayes"), ("no", "tellernoes")):
                stated_tellers = count.get(attr)
                if stated_tellers and stated_tellers.strip().isdigit() and int(stated_tellers) != tellers[vote]:
                    self.warn(f"{label}: {attr}={stated_tellers} but {tellers[vote]} tellers marked", el)
        else:
            self.warn(f"{label} has no named votes", el)
        seq = self.next_seq()
        gid = el.get("id")
        self.divisions.append(Division(number=number, ayes=ayes, noes=noes, seq=seq, source_id=gid, votes=votes))
        heading = f"Division {number}" if number is not None else "Division"
        shown_ayes = "?" if ayes is None else ayes
        shown_noes = "?" if noes is None else noes
        self.events.append(Event(seq=seq, kind="division", source_id=gid,
                                 text=f"{heading}: Ayes {shown_ayes}, Noes {shown_noes}"))

    # -- the record ---------------------------------------------------------------------------------
    def record(self) -> DebateRecord:
        doc = self.doc
        gid = self.first_gid or self.redirect_gid
        record_id = debate_id(gid) or text_record_id(self.reader.name, doc)
        if doc.path.name.lower().startswith(DIVISION_EXTRACTS):
            # ParlParse's divisions-only feed repeats the day's ids; keep records of both feeds distinct.
            record_id += "/divisions"
        body = None
        if gid and gid.startswith(_PW):
            body = BODIES.get(gid[len(_PW):].split("/", 1)[0])
        if body is None:
            stem = doc.path.name.lower()
            body = next((name for prefix, name in FILE_BODIES if stem.startswith(prefix)), None)
        sitting = _iso_date(debate_id(gid) or "") or _iso_date(doc.path.name)
        if body == "Public Bill Committee" and self.bill:
            title = self.bill
        else:
            title = self.major or self.bill or self.minor
        if title is None and body:
            title = f"{body}, {sitting}" if sitting else body
        carry_offices(self.speeches)
        return self.reader.new_record(
            doc, record_id, title=title, date=sitting, body=body,
            divisions=self.divisions, speeches=self.speeches, events=self.events, warnings=self.warnings,
        )


def carry_offices(speeches: list[Speech]) -> None:
    """Hansard prints a Member's office ("The Parliamentary Under-Secretary of State for …") on their first
    speech of a debate only; the office is held all day, so their other speeches get it too (the
    latest one printed before, else the first printed after)."""
    first: dict[str, str] = {}
    for speech in speeches:
        who = speech.speaker.person_id
        if who and speech.speaker.role and who not in first:
            first[who] = speech.speaker.role
    current: dict[str, str] = {}
    for speech in speeches:
        who = speech.speaker.person_id
        if not who:
            continue
        if speech.speaker.role:
            current[who] = speech.speaker.role
        elif who in current or who in first:
            speech.speaker.role = current.get(who, first.get(who))


@register
class ParlParseXmlReader(Reader):
    name = "parlparse-xml"
    priority = 10

    def sniff(self, doc: SourceDocument) -> bool:
        head = doc.head
        prolog = _SNIFF_PROLOG.match(head)
        if prolog.group(1):
            return prolog.group(1) == "publicwhip"
        root = _SNIFF_ROOT.match(head, prolog.end())
        return bool(root) and root.group(1) == "publicwhip"

    def read(self, doc: SourceDocument) -> DebateRecord:
        root = parse_xml(doc.data, doc.path)
        if root.tag != "publicwhip":
            raise InputError(doc.path, f"XML root is <{root.tag}>, not <publicwhip>: not ParlParse XML")
        reading = _Reading(self, doc, root)
        reading.run()
        return reading.record()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "build-people-map":
        print("usage: python -m parlmine.readers.parlparse_xml build-people-map PEOPLE_XML OUT_JSON_GZ",
              file=sys.stderr)
        return 2
    count = write_people_map(args[1], args[2])
    print(f"wrote {args[2]}: {count} people")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
