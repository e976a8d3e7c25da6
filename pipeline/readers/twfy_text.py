"""TheyWorkForYou debate pages copied as plain text.

A page copied from theyworkforyou.com looks like::

    Clause 20 - Integrated care partnerships and strategies
    Health and Care Bill – in a Public Bill Committee at 3:45 pm on 16th September 2021.
    Alert me about debates like this
    Photo of James Davies James Davies Conservative, Vale of Clwyd 3:45 pm, 16th September 2021
    I beg to move amendment 55, in clause 20, page 29, line 7, at end insert—
    …
    Amendment, by leave, withdrawn.
    Photo of Alex Norris Alex Norris Shadow Minister (Health and Social Care) 4:00 pm, 16th September 2021
    …

Each non-blank line is one paragraph. A line is, in order of precedence: page chrome (dropped), the
"– in <body> at <time> on <date>." line (metadata), a "Photo of NAME NAME rest" speaker header, a
procedural line (``_PROCEDURAL``), a collective interjection ("Hon. Members: Hear, hear."), a bare
time stamp, or a paragraph of the open speech. Lines that belong to no speaker become events.

One pass over the lines, regexes compiled once: this reader does several hundred thousand words a
second on one core.
"""
from __future__ import annotations

import re
from datetime import date as _date

from ..errors import InputError
from ..record import DebateRecord, Division, Event, ReaderWarning, Speaker, Speech, Vote
from ..source import SourceDocument
from .base import Reader, register, clean_text, text_record_id

# --------------------------------------------------------------------------------------------------
# Vocabulary: every list the reader depends on lives here.
# --------------------------------------------------------------------------------------------------

#: Party labels TheyWorkForYou prints after a member's name ("Labour, Sunderland Central",
#: "Crossbench"). Anything after the name that is not "PARTY" or "PARTY, Constituency" is a role.
PARTIES: frozenset[str] = frozenset({
    "Conservative", "Labour", "Labour/Co-operative", "Lab/Co-op", "Co-operative",
    "Liberal Democrat", "Liberal Democrats", "Scottish National Party", "SNP",
    "Plaid Cymru", "DUP", "Democratic Unionist Party", "Green", "Green Party",
    "Independent", "Independent Conservative", "Independent Labour", "Independent Ulster Unionist",
    "Alliance", "Alliance Party", "SDLP", "Social Democratic and Labour Party",
    "Sinn Féin", "Sinn Fein", "UUP", "Ulster Unionist Party", "Crossbench", "Bishop", "Bishops",
    "Non-affiliated", "Reform UK", "Alba", "Alba Party", "UKIP", "Respect", "Change UK",
    "The Independent Group for Change", "Workers Party", "Traditional Unionist Voice",
    "Speaker", "Deputy Speaker", "Conservative Independent", "Labour Independent",
    "Liberal Democrat Independent",
})

#: Page furniture copied along with the debate (compared case-insensitively, whole line).
CHROME_LINES: frozenset[str] = frozenset(s.lower() for s in (
    "Alert me about debates like this", "Alert me about debates like this.",
    "Link to this speech", "In context", "Individually", "Share this speech", "Share", "Hide",
    "Facebook", "Twitter", "Email", "Copy link", "Link", "Report", "Watch this", "Show all speeches",
    "Hide full debate", "Show full debate", "Previous debate", "Next debate", "Back to top",
    "Contents", "Whole debate", "Annotate this speech", "Video", "Embed",
    "Maiden speech", "Get e-mail updates", "Sign up for email alerts",
))
_CHROME_RE = re.compile(
    r"(?:Hansard source\b|Share this (?:speech|debate)\b|Link to this (?:speech|debate)\b"
    r"|Alert me about\b|Email me (?:when|about)\b|Watch this (?:debate|speech)\b"
    r"|(?:Previous|Next) (?:debate|speech)\b|Copy (?:the )?link\b|Show\b.{0,40}\bspeeches\b$"
    r"|(?:Facebook|Twitter|Email|LinkedIn|WhatsApp)(?:\s*[|·•]\s*(?:Facebook|Twitter|Email|LinkedIn|WhatsApp|Link))+$)",
    re.I,
)

#: Procedural lines: they belong to no speaker and close any open speech. Group name = event kind
#: ("division" lines form a division block). Patterns are matched at the start of the line.
_PROCEDURAL_PATTERNS: tuple[tuple[str, str], ...] = (
    # Division blocks.
    ("division", r"Division (?:number|No\.?|Number)\s*\d+"),
    ("division", r"The (?:Committee|House|Lords|Grand Committee) divided\b"),
    ("division", r"(?:Ayes?|Noes|Nos?|Contents?|Not[- ]Contents?): \d[\d,]* (?:MPs?|Members?|Lords?|Peers?)\b"),
    ("division", r"(?:Ayes?|Noes|Nos?|Contents?|Not[- ]Contents?): A-Z by last name"),
    ("division", r"Contents,? \d[\d,]*[;,]? Not[- ]Contents,? \d"),
    ("division", r"Division on\b"),
    ("division", r"Tellers for the (?:Ayes|Noes)\b"),
    # Chair changes.
    ("chair", r"\[[^\]]{2,80}\bin the Chair\]?$"),
    # Questions and motions.
    ("procedural", r"(?:Main )?Question(?:,? as amended,?)? (?:put|proposed|agreed|negatived|accordingly|deferred|necessary|that)\b"),
    ("procedural", r"On Question\b"),
    ("procedural", r"Motion(?:,? by leave,?)? (?:made|agreed|proposed|withdrawn|lapsed|negatived|accordingly)\b"),
    ("procedural", r"Resolved[,.]"),
    ("procedural", r"Ordered[,.]"),
    ("procedural", r"Deferred Division\b"),
    # Amendments: "Amendment, by leave, withdrawn.", "Amendment 54 not moved.", "Amendments made: 34, …",
    # "Amendment proposed (this day): 1, in clause 8, …". Strict, so that speech paragraphs opening
    # "Amendment 47 focuses on …" are not taken for procedure.
    ("procedural", r"(?:Lords )?Amendments? (?:proposed|made|moved)(?: \([^)]{1,40}\))?\s*[:—–-]"),
    ("procedural",
     r"(?:Lords )?Amendments?(?:[\s,]+(?:\d+[A-Z]*|\([a-z0-9]+\)|and|to|in|of|the|Lords|amendments?|clauses?"
     r"|schedules?|No\.|by leave|page|line|\d+))*[\s,]+(?:withdrawn|agreed(?: to)?|not moved|made|negatived"
     r"|disagreed to|accordingly (?:negatived|agreed to|withdrawn))\.?$"),
    # Clauses and schedules.
    ("procedural",
     r"(?:New )?(?:[Cc]lauses?|[Ss]chedules?)\s+[\dA-Z]+[\w ,]{0,40}?(?:\s*[—–-]\s*\(.{1,200}?\)\s*[—–-]\s*,?)?\s*"
     r"(?:accordingly |,? ?as amended,? )*(?:ordered to stand part|agreed to|agreed\.|disagreed to"
     r"|read a (?:First|Second|Third) time|read the (?:First|Second|Third) time|brought up|added to the Bill"
     r"|not moved|withdrawn|negatived)"),
    ("procedural", r"Brought up,? and read the (?:First|Second) time"),
    ("procedural", r"(?:The )?Bill,?(?: as amended,?)? (?:to be reported|read a|accordingly|reported|passed)\b"),
    ("procedural", r"Read a (?:First|Second|Third) time\b"),
    # Sittings.
    ("procedural", r"Sitting suspended\b"),
    ("procedural", r"(?:The )?(?:Sitting|House|Committee|Grand Committee) (?:suspended|adjourned|resumed)\b"),
    ("procedural", r"Adjourned (?:till|until|at)\b"),
    ("procedural", r"On resuming\b"),
    ("procedural", r"(?:Several |Some |Two |Three )?(?:hon\.|noble|right hon\.) (?:Members|Lords|Baronesses) rose\b"),
    ("procedural", r"(?:Several |Some )?Members rose\b"),
)
_PROCEDURAL = re.compile("|".join(f"(?P<{kind}{i}>{pat})" for i, (kind, pat) in enumerate(_PROCEDURAL_PATTERNS)))
_KIND_OF_GROUP = {f"{kind}{i}": kind for i, (kind, _) in enumerate(_PROCEDURAL_PATTERNS)}

#: Speakers that are not a person: shown without a photo, as a header line or "Hon. Members: Hear, hear."
COLLECTIVE_SPEAKERS: tuple[str, ...] = (
    "Hon. Members", "Several hon. Members", "Some hon. Members", "An hon. Member", "Hon. Member",
    "Opposition Members", "Government Members", "Conservative Members", "Labour Members",
    "Noble Lords", "Several noble Lords", "A noble Lord", "Noble Baronesses", "Members",
)
#: Office holders TheyWorkForYou sometimes prints as a bare header, without photo or person.
BARE_SPEAKERS: tuple[str, ...] = (
    "The Chair", "Mr Speaker", "Madam Speaker", "Mr Deputy Speaker", "Madam Deputy Speaker",
    "The Deputy Speaker", "The Lord Speaker", "The Deputy Chairman", "The Chairman",
)

# --------------------------------------------------------------------------------------------------

_DASHES = "\u2013\u2014\u2012\u2015\ufffd-"
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_TIME = r"(?P<h>\d{1,2})[:.](?P<m>\d{2})\s*(?P<ap>[ap])\.?m\.?"
_DATE = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]+)\s+(?P<y>\d{4})"

#: "Health and Care Bill – in a Public Bill Committee at 3:45 pm on 16th September 2021."
_META = re.compile(
    rf"^(?P<debate>.*?)\s*[{_DASHES}]\s*in (?:an? |the )?(?P<body>[A-Z][^\n]{{1,80}}?)"
    rf"(?: at {_TIME})? on (?:[A-Z][a-z]+day,? )?{_DATE}\.?\s*$"
)
#: Sniffing: the same line anywhere near the top of ``doc.head`` (tolerates U+FFFD for a cp1252 dash).
_META_SNIFF = re.compile(
    rf"^[^\n]{{0,300}}?[{_DASHES}]\s*in (?:an? |the )?[A-Z][^\n]{{1,80}}? (?:at \d{{1,2}}[:.]\d{{2}}\s*[ap]\.?m\.? )?"
    rf"on (?:[A-Z][a-z]+day,? )?\d{{1,2}}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{{4}}",
    re.M,
)
_HEADER_SNIFF = re.compile(r"^Photo of (\S.{0,80}?) \1(?=\s|$)", re.M)
#: Longest NAME such that the line reads "Photo of NAME NAME[ rest]".
_HEADER = re.compile(r"Photo of (?P<name>\S.*) (?P=name)(?: (?P<rest>.*))?$")
_HEADER_TIME = re.compile(rf"(?:^|\s){_TIME}(?:,?\s*{_DATE})?\s*$")
_TIME_LINE = re.compile(rf"{_TIME}(?:,?\s*{_DATE})?$")
_COLLECTIVE = re.compile(
    r"(?P<who>" + "|".join(re.escape(s) for s in sorted(COLLECTIVE_SPEAKERS, key=len, reverse=True)) + r")"
    r"\s*(?::\s*(?P<text>\S.*))?$"
)
_BARE = frozenset(BARE_SPEAKERS)
_PARTY_TAIL = re.compile(
    r"^(?P<name>.+) (?:" + "|".join(re.escape(p) for p in sorted(PARTIES, key=len, reverse=True)) + r")(?:, .+)?$"
)
_COUNT_MPS = re.compile(r"(?P<side>Ayes?|Noes|Nos?|Contents?|Not[- ]Contents?): (?P<n>\d[\d,]*) ")
_COUNT_DIVIDED = re.compile(
    r"(?:Ayes,? (?P<a>\d[\d,]*)[;,]? Noes,? (?P<n>\d[\d,]*))|(?:Contents,? (?P<c>\d[\d,]*)[;,]? Not[- ]Contents,? (?P<nc>\d[\d,]*))"
)
_DIVISION_NO = re.compile(r"Division (?:number|Number|No\.?)\s*(?P<n>\d+)")
_AZ_LIST = re.compile(r"(?P<side>Ayes?|Noes|Nos?|Contents?|Not[- ]Contents?): A-Z by last name")


def _hhmm(m: re.Match) -> str | None:
    h, mins = int(m.group("h")), int(m.group("m"))
    if not (1 <= h <= 12 and mins < 60):
        return None
    h = h % 12 + (12 if m.group("ap").lower() == "p" else 0)
    return f"{h:02d}:{mins:02d}"


def _iso_date(m: re.Match) -> str | None:
    month = _MONTHS.get(m.group("mon").lower())
    if month is None:
        return None
    try:
        return _date(int(m.group("y")), month, int(m.group("d"))).isoformat()
    except ValueError:
        return None


def _speaker(name: str, rest: str) -> Speaker:
    rest = rest.strip().rstrip(",").strip()
    if not rest:
        return Speaker(name=name)
    if rest in PARTIES:
        return Speaker(name=name, party=rest)
    head, sep, tail = rest.partition(", ")
    if sep and head in PARTIES and tail:
        return Speaker(name=name, party=head, constituency=tail)
    return Speaker(name=name, role=rest)


def _side(label: str) -> str:
    label = label.lower()
    return "no" if label.startswith(("no", "not")) else "aye"


def _int(s: str) -> int:
    return int(s.replace(",", ""))


class _Parser:
    """State for one pass over a page."""

    def __init__(self, doc: SourceDocument, record_id: str):
        self.doc = doc
        self.record_id = record_id
        self.seq = 0
        self.speeches: list[Speech] = []
        self.events: list[Event] = []
        self.divisions: list[Division] = []
        self.warnings: list[ReaderWarning] = []
        self.headings: list[str] = []
        self.meta: re.Match | None = None
        self.time: str | None = None
        self.date: str | None = None
        # Open speech: speaker, time, paragraphs, 1-based header line.
        self.speaker: Speaker | None = None
        self.speech_time: str | None = None
        self.paras: list[str] = []
        self.speech_line = 0
        self.collective = False
        self.last_named: Speaker | None = None  # resumed after a one-line collective interjection
        # Open division block.
        self.division: Division | None = None
        self.vote_side: str | None = None

    # ---- items ------------------------------------------------------------------------------------
    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def event(self, kind: str, text: str, line: int) -> Event:
        ev = Event(seq=self._next_seq(), kind=kind, text=text, line=line)
        self.events.append(ev)
        return ev

    def open_speech(self, speaker: Speaker, time: str | None, line: int, collective: bool = False) -> None:
        self.close_speech()
        self.close_division()
        self.speaker, self.speech_time, self.paras, self.speech_line = speaker, time, [], line
        self.collective = collective
        if not collective:
            self.last_named = speaker

    def close_speech(self) -> None:
        if self.speaker is None:
            return
        if self.paras:
            n = len(self.speeches) + 1
            self.speeches.append(Speech(
                id=f"{self.record_id}/speech-{n}", seq=self._next_seq(), speaker=self.speaker,
                time=self.speech_time, text="\n\n".join(self.paras),
            ))
        else:
            self.warnings.append(ReaderWarning(
                message=f"speaker header for {self.speaker.name} has no text; dropped", line=self.speech_line))
        self.speaker = None
        self.paras = []
        self.collective = False

    def close_division(self) -> None:
        self.division = None
        self.vote_side = None

    # ---- lines --------------------------------------------------------------------------------------
    def header(self, line: str, lineno: int) -> None:
        m = _HEADER.match(line)
        if m:
            name, rest = m.group("name"), m.group("rest") or ""
        else:
            name, rest = line[len("Photo of "):], ""
        time = None
        tm = _HEADER_TIME.search(rest if m else name)
        if tm:
            time = _hhmm(tm)
            if m:
                rest = rest[:tm.start()]
            else:
                name = name[:tm.start()]
            if self.date is None and tm.group("d"):
                self.date = _iso_date(tm)
        if not m:
            name = name.strip()
            pm = _PARTY_TAIL.match(name)
            speaker = _speaker(pm.group("name"), name[len(pm.group("name")):]) if pm else Speaker(name=name)
            self.warnings.append(ReaderWarning(
                message=f"speaker header without a repeated name: {line[:80]!r}", line=lineno))
        else:
            speaker = _speaker(name, rest)
        if time:
            self.time = time
        self.open_speech(speaker, time or self.time, lineno)

    def division_line(self, line: str, lineno: int) -> None:
        self.close_speech()
        ev = self.event("division", line, lineno)
        number = _DIVISION_NO.match(line)
        prev = self.divisions[-1] if self.divisions else None
        if number and self.division is None and prev is not None and prev.number is None and len(self.events) > 1 \
                and self.events[-2].kind == "division" and self.events[-2].seq == ev.seq - 1:
            # Hansard order: "The Committee divided: …" just before "Division No. 9": one division.
            prev.number = int(number.group("n"))
            self.division = prev
        elif number or self.division is None:
            # "Division number 9 …" (or the first division line seen) opens a block.
            self.close_division()
            self.division = Division(seq=ev.seq, number=int(number.group("n")) if number else None)
            self.divisions.append(self.division)
        div = self.division
        if (m := _COUNT_MPS.match(line)):
            self._set_count(div, _side(m.group("side")), _int(m.group("n")), lineno, official=False)
        elif (m := _AZ_LIST.match(line)):
            self.vote_side = _side(m.group("side"))
        elif "divided" in line or line.startswith("Contents"):
            if (m := _COUNT_DIVIDED.search(line)):
                ayes, noes = (m.group("a"), m.group("n")) if m.group("a") else (m.group("c"), m.group("nc"))
                self._set_count(div, "aye", _int(ayes), lineno, official=True)
                self._set_count(div, "no", _int(noes), lineno, official=True)
            # The "divided" line closes the block.
            self.close_division()

    def _set_count(self, div: Division, side: str, n: int, lineno: int, official: bool) -> None:
        field = "ayes" if side == "aye" else "noes"
        old = getattr(div, field)
        if old is not None and old != n:
            self.warnings.append(ReaderWarning(
                message=f"division {div.number or '?'}: {field} given as {old} and {n}", line=lineno))
            if not official:
                return
        setattr(div, field, n)

    def vote_line(self, line: str) -> bool:
        """A member's name under "Ayes: A-Z by last name"; False if the line is not one."""
        if len(line) > 100 or line.endswith((".", ":", "?", "!")) or not line[:1].isupper():
            return False
        pm = _PARTY_TAIL.match(line)
        name = pm.group("name") if pm else line
        self.division.votes.append(Vote(name=name, vote=self.vote_side))
        return True

    def paragraph(self, line: str, lineno: int) -> None:
        if self.collective and self.speaker is not None and self.paras and self.last_named is not None:
            # The interrupted member carries on after "Hon. Members: Hear, hear."
            self.open_speech(self.last_named, self.time, lineno)
        if self.speaker is not None:
            self.paras.append(line)
        elif self.meta is None and not self.speeches:
            self.headings.append(line)
            self.event("heading", line, lineno)
        else:
            self.event("procedural", line, lineno)

    def run(self, lines: list[str]) -> None:
        procedural_match = _PROCEDURAL.match
        chrome = CHROME_LINES
        chrome_match = _CHROME_RE.match
        for lineno, raw in enumerate(lines, start=1):
            line = clean_text(raw)
            if not line:
                continue
            if line.lower() in chrome or (len(line) < 120 and chrome_match(line)):
                continue
            first = line[0]
            if first == "P" and line.startswith("Photo of "):
                self.header(line, lineno)
                continue
            if self.meta is None and not self.speeches and self.speaker is None:
                m = _META.match(line)
                if m:
                    self.meta = m
                    if m.group("h"):
                        self.time = _hhmm(m)
                    self.date = _iso_date(m)
                    continue
            pm = procedural_match(line)
            if pm:
                kind = _KIND_OF_GROUP[pm.lastgroup]
                if kind == "division":
                    self.division_line(line, lineno)
                else:
                    self.close_speech()
                    self.close_division()
                    self.event(kind, line, lineno)
                continue
            if self.division is not None:
                if self.vote_side is not None and self.vote_line(line):
                    continue
                self.close_division()
            if line in _BARE:
                self.open_speech(Speaker(name=line), self.time, lineno)
                continue
            if first in "AHSONGCLM" and (cm := _COLLECTIVE.match(line)):
                self.open_speech(Speaker(name=cm.group("who")), self.time, lineno, collective=True)
                if cm.group("text"):
                    self.paras.append(cm.group("text"))
                continue
            if first.isdigit() and (tm := _TIME_LINE.match(line)):
                t = _hhmm(tm)
                if t:
                    self.time = t
                    if self.speaker is not None and not self.paras:
                        self.speech_time = t
                    continue
            self.paragraph(line, lineno)
        self.close_speech()


@register
class TwfyTextReader(Reader):
    """TheyWorkForYou debate page text ("Photo of NAME NAME …" speaker headers)."""

    name = "twfy-text"
    priority = 20

    def sniff(self, doc: SourceDocument) -> bool:
        head = doc.head
        if _META_SNIFF.search(head, 0, 4000):
            return True
        count = 0
        for _ in _HEADER_SNIFF.finditer(head):
            count += 1
            if count >= 2:
                return True
        return False

    def read(self, doc: SourceDocument) -> DebateRecord:
        text = doc.text
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        record_id = text_record_id(self.name, doc)
        parser = _Parser(doc, record_id)
        parser.run(lines)
        if not parser.speeches:
            if parser.meta is None and "Photo of " not in text:
                raise InputError(doc.path, "not a TheyWorkForYou debate page (no '– in … on <date>' line "
                                           "and no 'Photo of …' speaker headers)")
            raise InputError(doc.path, "no speeches found (no 'Photo of NAME NAME' speaker headers followed by text)")

        debate = body = None
        if parser.meta is not None:
            debate = clean_text(parser.meta.group("debate")) or None
            body = clean_text(parser.meta.group("body"))
        heading = parser.headings[-1] if parser.headings else None
        if debate and heading and heading != debate and not heading.startswith(debate):
            title = f"{debate}: {heading}"
        else:
            title = heading or debate
        return self.new_record(
            doc, record_id, title=title, date=parser.date, body=body,
            divisions=parser.divisions, speeches=parser.speeches, events=parser.events,
            warnings=parser.warnings,
        )
