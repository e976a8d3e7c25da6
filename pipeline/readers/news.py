"""News reports of a debate: reporter's prose with reported and quoted speech.

The reader segments a plain-text news report into paragraphs and sentences and attributes every
sentence that reports or quotes a person to that person. The unit of a ``Speech`` is a run of
consecutive sentences *within one paragraph* attributed to the same speaker (in practice: one
paragraph, since news copy gives each attribution its own paragraph). Everything else — the lede,
background, what organisations have said, the vote — is an ``Event(kind="narration")``; the
procedure stage turns narration into the motion/order and the division.

Segmentation
    Paragraphs are blocks separated by blank lines (or, if the text has no blank line, single lines).
    A paragraph whose first line is short and has no closing punctuation, at the very top of the text,
    is a headline (``Event(kind="heading")``) and becomes the title; otherwise the title is the lede
    (the first sentence). Sentences end at ``.``, ``!`` or ``?`` (plus closing quotes/brackets)
    followed by a space and a capital, digit or opening quote — never inside an open double quote,
    and never after an abbreviation (Mr, Ms, Dr, St, No. 10, single initials, e.g. …).

Attribution (quoted text is masked first, so words inside quotes never attribute)
    A sentence is attributed when a reporting verb (said, added, argued, told, warned, went on, …)
    has a person as its subject, found immediately before the verb (optionally with has/also/
    previously… in between), or after it for inverted order ("…,” said Mr Lamb."). A person is:

    * a full name, optionally preceded by a role and party: "Minister of state for care and support
      Norman Lamb said" (role "Minister of State for Care and Support"), "Labour MP for Leicester
      West Liz Kendall said" (party, constituency), "Health Secretary Jeremy Hunt said"; or with an
      appositive: "Jane Smith, the shadow health secretary, said". A bare name needs two to four
      capitalised words, none of them an organisation/place word ("Healthwatch England has warned"
      is narration) — a single word ("Labour accused …") is a party or body, never a speaker;
    * a peer: "Lord Smith of Finsbury", "Baroness Y" (the title is part of the name);
    * an honorific and surname: "Mr Lamb", "Ms Kendall", "Dr Wollaston", "Sir Edward" — resolved to
      the most recent speaker whose name contains that word (a speaker introduced later in the text
      is used if none earlier; otherwise a new speaker named as written). Mr/Mrs/Ms/Miss/Dr/
      Professor are dropped from full names; Sir/Dame and peerage titles are kept;
    * "he"/"she": the most recently attributed speaker whose gender does not contradict the
      pronoun (journalistic convention: a pronoun means the last person named). Gender comes from
      gendered titles anywhere in the text (Mr/Sir/Lord → male, Ms/Mrs/Miss/Dame/Baroness/Lady →
      female, matched on the surname), gendered role words (spokeswoman), the first he/she after the
      attribution in the speaker's introducing sentence ("Liz Kendall said she was concerned"), and
      is learned when a pronoun resolves to a speaker of unknown gender. A pronoun that fits no
      speaker is narration and a warning;
    * "the minister" / "the shadow secretary": the most recent speaker with that role word.

    A sentence with no attribution that opens with a quotation mark continues the speech of the
    item just before it (a quote paragraph following its speaker).

Record fields: ``title`` (headline or lede), ``date`` only when a full date is stated (the first
one), ``body`` "House of Commons"/"House of Lords" by which House's vocabulary (MPs, the Commons,
this House / peers, the Lords, noble Lord) dominates, else None.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import InputError
from ..record import DebateRecord, Event, ReaderWarning, Speaker, Speech
from ..source import SourceDocument
from .base import Reader, register, text_record_id

# ---------------------------------------------------------------------------------------------
# vocabulary

_UP = "A-ZÀ-ÖØ-Þ"
_TOK = rf"[{_UP}][\w’'\-]*"
_PEER_TITLES_M = {"Lord", "Viscount", "Earl", "Marquess", "Duke"}
_PEER_TITLES_F = {"Baroness", "Lady", "Viscountess", "Countess", "Duchess"}
_PEER = (
    rf"\b(?:{'|'.join(sorted(_PEER_TITLES_M | _PEER_TITLES_F))})\s+(?:{_TOK}\s+){{0,2}}?{_TOK}"
    rf"(?:\s+of\s+(?:the\s+)?{_TOK}(?:\s+{_TOK}){{0,2}})?"
)
_BISHOP = rf"\b(?:Arch)?[Bb]ishop\s+of\s+{_TOK}(?:\s+{_TOK})?"
_HON_TITLES = {"Mr": "m", "Mrs": "f", "Ms": "f", "Miss": "f", "Mx": None, "Dr": None, "Sir": "m",
               "Dame": "f", "Professor": None, "Prof": None}
_HON = rf"\b(?:{'|'.join(_HON_TITLES)})\.?\s+(?:{_TOK}\s+){{0,2}}{_TOK}"
_CAPRUN = rf"(?:{_TOK}\s+){{1,8}}{_TOK}"
_NAME_ANY = rf"(?:{_PEER}|{_BISHOP}|{_HON}|{_CAPRUN})"

_VERBS = (
    "said says say added adds argued argues told tells warned warns claimed claims insisted insists "
    "stated explained explains noted notes asked asks urged urges accused accuses replied replies "
    "responded responds countered counters suggested suggests stressed stresses emphasised emphasized "
    "admitted admits acknowledged conceded concedes maintained maintains contended continued declared "
    "announced described criticised criticized welcomed questioned challenged demanded promised "
    "pledged confirmed revealed"
).split()
_VERB_RE = re.compile(rf"\b(?:went on|goes on|pointed out|points out|called for|{'|'.join(_VERBS)})\b")
#: Verbs that also take their subject after them: "…,” said Mr Lamb."
_INVERTIBLE = {"said", "says", "added", "adds", "asked", "continued", "argued", "warned", "insisted",
               "explained", "replied", "went on"}
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|earlier|later|then|again|further|recently|repeatedly|"
    r"subsequently|separately|too|once|yesterday|today|tonight|last\s+night))+\s*$"
)
_PRONOUN_TAIL = re.compile(r"(?:^|[\s,;:(—–_-])([Hh]e|[Ss]he)\s*$")
_ROLE_REF_TAIL = re.compile(
    r"\b[Tt]he\s+(?P<shadow>shadow\s+)?(?:[a-z]+\s+){0,3}?"
    r"(?P<noun>minister|secretary|chancellor|spokesman|spokeswoman|spokesperson|peer|MP)\s*$"
)

_ROLE_WORDS = {"minister", "secretary", "chancellor", "leader", "speaker", "spokesman", "spokeswoman",
               "spokesperson", "whip", "chair", "chairman", "chairwoman", "attorney", "solicitor",
               "general", "shadow", "deputy", "undersecretary", "under-secretary", "president",
               "commissioner", "convener", "convenor", "advocate", "lord-lieutenant"}
_MEMBER_WORDS = {"mp", "mps", "peer", "backbencher", "backbench", "member", "frontbencher"}
_PARTIES = {
    "labour": "Labour", "conservative": "Conservative", "tory": "Conservative", "tories": "Conservative",
    "liberal democrat": "Liberal Democrat", "lib dem": "Liberal Democrat", "snp": "SNP",
    "scottish national party": "SNP", "plaid cymru": "Plaid Cymru", "plaid": "Plaid Cymru",
    "green": "Green", "dup": "DUP", "ukip": "UKIP", "sdlp": "SDLP", "alliance": "Alliance",
    "crossbench": "Crossbench", "crossbencher": "Crossbench", "independent": "Independent",
    "reform uk": "Reform UK",
}
_PARTY_RE = re.compile(
    r"^(?P<party>liberal democrat|lib dem|scottish national party|plaid cymru|reform uk|"
    r"labour|conservative|tory|snp|plaid|green|dup|ukip|sdlp|crossbencher|crossbench|independent)"
    r"(?:[’']s)?\b\s*", re.I,
)
#: Words that make a capitalised run an organisation or place, not a person.
_ORG_WORDS = {
    "england", "scotland", "wales", "ireland", "britain", "kingdom", "london", "europe", "european",
    "government", "parliament", "house", "commons", "lords", "council", "committee", "office",
    "department", "ministry", "association", "trust", "trusts", "union", "institute", "foundation",
    "group", "groups", "party", "society", "federation", "commission", "authority", "service",
    "services", "board", "agency", "fund", "bank", "network", "alliance", "college", "university",
    "club", "confederation", "forum", "street", "healthwatch", "nhs", "act", "bill", "order", "regulations",
    "court", "treasury", "coalition", "opposition", "executive", "assembly", "senedd", "times",
    "news", "post", "guardian", "telegraph", "bbc", "press", "centre", "center", "partnership",
    "partnerships", "care", "health", "labour", "conservatives", "conservative", "tories", "democrats",
    "cabinet", "company", "limited", "ltd", "plc", "inc", "charity", "campaign", "coalition",
}
_STOP_FIRST = {
    "the", "but", "and", "however", "meanwhile", "yesterday", "today", "also", "so", "then", "now",
    "while", "whilst", "in", "on", "at", "as", "when", "after", "before", "if", "this", "that",
    "these", "those", "it", "a", "an", "for", "with", "from", "to", "speaking", "opening", "closing",
    "responding", "replying", "earlier", "later", "former", "by", "of", "there", "here", "they", "we",
    "he", "she", "his", "her", "i", "mps", "peers", "ministers",
}
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_DAYS = {d.lower() for d in calendar.day_name}
_SMALL = {"of", "for", "and", "the", "in", "on", "to", "at", "with", "a", "an", "or", "by", "from"}

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "mx", "dr", "st", "rt", "hon", "prof", "rev", "revd", "lt", "col", "gen", "capt",
    "sgt", "cllr", "jr", "sr", "vs", "cf", "eg", "ie", "e.g", "i.e", "approx", "dept", "govt", "fig",
    "para", "paras", "sch", "cl", "art", "vol", "mt", "ft", "pp", "ch", "viz",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}

# Sniffing: the House's vocabulary, strong terms and terms common elsewhere.
_STRONG_RE = re.compile(
    r"\b(MPs?|peers?|ministers?|Commons|Lords|Parliament(?:ary)?|Westminster|Labour|Conservatives?|"
    r"Tor(?:y|ies)|Liberal Democrats?|Lib Dems?|SNP|shadow|Secretary of State|Hansard|backbench(?:er)?s?|"
    r"frontbench(?:er)?s?|Whitehall|Speaker)\b"
)
_WEAK_RE = re.compile(
    r"\b(motion|bill|order|debate[ds]?|vote[ds]?|votes|amendments?|second reading|third reading|"
    r"division|legislation|government|opposition|coalition|majority)\b", re.I,
)
_TAG_RE = re.compile(r"<[A-Za-z/!][^<>]{0,200}>")

_COMMONS_RE = re.compile(r"\bMPs?\b|\bCommons\b|\bMembers of Parliament\b|\bthis House\b|\bHouse of Commons\b")
_LORDS_RE = re.compile(r"\bpeers?\b|\bHouse of Lords\b|\bthe Lords\b|\bnoble (?:Lord|Baroness|Lady|friend)s?\b")

_DATE_RES = [
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>[A-Z][a-z]{2,8})\.?,?\s+(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<m>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<y>\d{4})-(?P<mm>\d{2})-(?P<d>\d{2})\b"),
]

# ---------------------------------------------------------------------------------------------
# segmentation


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blocks between blank lines, or lines if there are none."""
    if re.search(r"\n[ \t\u00a0]*\n", text):
        separators = re.finditer(r"\n(?:[ \t\u00a0]*\n)+", text)
    else:
        separators = re.finditer(r"\n+", text)
    spans, start = [], 0
    for sep in separators:
        spans.append((start, sep.start()))
        start = sep.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        stripped = chunk.strip()
        if stripped:
            s += len(chunk) - len(chunk.lstrip())
            out.append((s, s + len(stripped)))
    return out


_OPENERS = "“‘\"'([«"


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    k = dot
    while k > start and dot - k < 24 and not text[k - 1].isspace():
        k -= 1
    word = text[k:dot].lstrip("“‘\"'([«")
    if not word:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return True  # e.g, U.K
    lower = word.lower()
    if lower in _ABBREVIATIONS:
        return True
    if lower in ("no", "nos") and re.match(r"\s*\d", text[dot + 1:dot + 4]):
        return True
    return False


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rule-based sentence split of ``text[start:end]``, respecting double quotes and abbreviations."""
    spans: list[tuple[int, int]] = []
    depth, straight = 0, False
    s = i = start
    while i < end:
        c = text[i]
        if c == "“" or c == "«":
            depth += 1
        elif c == "”" or c == "»":
            depth = max(0, depth - 1)
        elif c == '"':
            straight = not straight
        elif c in ".!?…":
            j = i + 1
            while j < end and text[j] in ".!?…":
                j += 1
            while j < end and text[j] in "”»\"’')]":
                if text[j] in "”»":
                    depth = max(0, depth - 1)
                elif text[j] == '"':
                    if not straight:
                        break  # an opening quote, not a closing one
                    straight = False
                j += 1
            if depth == 0 and not straight and _boundary(text, j, end) and not (
                c == "." and j == i + 1 and _is_abbreviation(text, s, i)
            ):
                spans.append((s, j))
                s = j
                while s < end and text[s].isspace():
                    s += 1
                i = s
                continue
            i = j
            continue
        i += 1
    if s < end and text[s:end].strip():
        spans.append((s, end))
    return spans


def _boundary(text: str, j: int, end: int) -> bool:
    if j >= end:
        return True
    if not text[j].isspace():
        return False
    k = j
    while k < end and text[k].isspace():
        k += 1
    if k >= end:
        return True
    nxt = text[k]
    return nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt in "—–-*•"


def mask_quotes(sentence: str) -> str:
    """The sentence with quoted text (“…”, "…", ‘…’) replaced by underscores, same length."""
    chars = list(sentence)
    depth, straight = 0, False
    for i, c in enumerate(sentence):
        if c in "“«":
            depth += 1
        elif c in "”»":
            depth = max(0, depth - 1)
        elif c == '"':
            straight = not straight
        elif (depth or straight) and not c.isspace():
            chars[i] = "_"
    masked = "".join(chars)
    return re.sub(r"(?<!\w)‘(?:[^‘’]|’(?=\w))*’(?!\w)", lambda m: "_" * len(m.group()), masked)


def normal_text(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# attribution


@dataclass
class Mention:
    """Who a sentence attributes to, before resolution against the speakers seen so far."""

    kind: str  # "name" (a full name or peer), "surname" (honorific + one word), "pronoun", "role"
    name: str = ""
    word: str = ""  # surname for kind "surname"; the role noun for kind "role"
    title: str | None = None  # honorific or peerage title
    gender: str | None = None
    role: str | None = None
    party: str | None = None
    constituency: str | None = None
    shadow: bool = False
    end: int = 0  # where the attribution ends in the sentence (for the he/she that follows)


def _has_lower(token: str) -> bool:
    return any(ch.islower() for ch in token)


def normal_role(words: list[str]) -> str:
    out = []
    for i, w in enumerate(words):
        if sum(ch.isupper() for ch in w) > 1 or (w[:1].isupper() and not _has_lower(w)):
            out.append(w)  # NHS, MoD
        elif i > 0 and w.lower() in _SMALL:
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:].lower())
    return " ".join(out)


def parse_prefix(prefix: str) -> tuple[str | None, str | None, str | None, str | None] | None:
    """Role, party, constituency and gender from the words before a name ("Labour MP for X",
    "Minister of state for care"). None when the words are not a role/party description."""
    words = prefix.strip(" ,;:—–-").split()
    while words and words[0].lower().strip(",") in _STOP_FIRST - {"former", "deputy"}:
        words = words[1:]
    if not words or len(words) > 14:
        return None
    text = " ".join(words)
    party = None
    m = _PARTY_RE.match(text)
    if m:
        party = _PARTIES[m.group("party").lower()]
        text = text[m.end():]
    constituency = None
    c = re.search(rf"\b(?:MP|member|Member)\s+for\s+((?:(?:{_TOK}|and|upon|on|under|the|in)(?:\s+|$))+)", text)
    if c:
        place = c.group(1).split()
        while place and place[-1] in ("and", "upon", "on", "under", "the", "in"):
            place.pop()
        constituency = " ".join(place) or None
        text = text[:c.start()] + "MP " + text[c.end():]
    rest = [w for w in text.split() if w.lower().strip(",") not in _MEMBER_WORDS]
    gender = None
    lowered = [w.lower() for w in rest]
    if any(w in ("spokeswoman", "chairwoman") for w in lowered):
        gender = "f"
    elif any(w in ("spokesman", "chairman") for w in lowered):
        gender = "m"
    role = None
    if rest and any(w.strip(",") in _ROLE_WORDS for w in lowered):
        if not all(w.isalpha() or w in ("-", "&") or re.fullmatch(r"[\w’'\-]+", w) for w in rest):
            return None
        role = normal_role(rest)
    elif rest:
        return (None, party, constituency, gender) if (party or constituency) and len(rest) <= 2 else None
    if not (role or party or constituency):
        return None
    return role, party, constituency, gender


def _name_from_run(run: str, prefix: str) -> Mention | None:
    """A person's name from a capitalised run (plus the words before it)."""
    tokens = run.split()
    # The name is the longest tail of name-like tokens.
    k = len(tokens)
    while k > 0:
        t = tokens[k - 1]
        low = t.lower()
        if (not _has_lower(t) or low in _ROLE_WORDS or low in _STOP_FIRST or low in _MEMBER_WORDS
                or re.search(r"[’']s$", t) or low in _PARTIES):
            break
        k -= 1
    name_tokens = tokens[k:]
    head = tokens[:k]
    if len(name_tokens) >= 3 and not head and re.search(r"\bfor\s*$", prefix):
        # "MP for Northtown Jamie Lee": the constituency runs into the name; keep two words as the name
        head, name_tokens = name_tokens[:-2], name_tokens[-2:]
    if not 2 <= len(name_tokens) <= 4:
        return None
    lowered = {t.lower().strip("’'") for t in name_tokens}
    if lowered & (_ORG_WORDS | _DAYS | set(_MONTHS)):
        return None
    mention = Mention(kind="name", name=" ".join(name_tokens))
    described = " ".join([prefix.strip(), *head]).strip()
    if described:
        parsed = parse_prefix(described)
        if parsed:
            mention.role, mention.party, mention.constituency, mention.gender = parsed
    return mention


def _name_mention(name: str, prefix: str = "") -> Mention | None:
    """Classify a matched name: peer, honorific (+ surname or full name) or bare capitalised run."""
    name = normal_text(name)
    first = name.split()[0]
    if first in _PEER_TITLES_M or first in _PEER_TITLES_F:
        gender = "m" if first in _PEER_TITLES_M else "f"
        m = Mention(kind="name", name=name, title=first, gender=gender, word=name.split()[1])
    elif re.match(r"(?:Arch)?[Bb]ishop\b", first):
        m = Mention(kind="name", name=name[0].upper() + name[1:], gender=None)
    elif first.rstrip(".") in _HON_TITLES:
        title = first.rstrip(".")
        rest = name.split()[1:]
        if any(t.lower() in _ORG_WORDS or not _has_lower(t) for t in rest):
            return None
        gender = _HON_TITLES[title]
        if len(rest) == 1:
            m = Mention(kind="surname", word=rest[0], title=title, gender=gender)
        else:
            full = " ".join(rest) if title not in ("Sir", "Dame") else name
            m = Mention(kind="name", name=full, title=title, gender=gender)
    else:
        return _name_from_run(name, prefix)
    if prefix.strip():
        parsed = parse_prefix(prefix)
        if parsed:
            role, party, constituency, gender = parsed
            m.role, m.party, m.constituency = role, party, constituency
            m.gender = m.gender or gender
    return m


_NAME_TAIL = [re.compile(rf"(?:{pat})\s*$") for pat in (_PEER, _BISHOP, _HON, _CAPRUN)]
_APPOSITIVE_TAIL = re.compile(rf"({_NAME_ANY}),\s+(?:the\s+|a\s+)?([^,;:_“”\"]{{2,120}}),\s*$")
_NAME_HEAD = re.compile(rf"^\s+({_PEER}|{_BISHOP}|{_HON}|{_CAPRUN})(?=\s*(?:[,.;:!?]|$))")


def _clause_prefix(pre: str) -> str:
    """The words of ``pre`` since the last clause break (comma, colon, quote …)."""
    cut = max(pre.rfind(ch) for ch in ",;:(“”\"—–_")
    return pre[cut + 1:] if cut >= 0 else pre


def _subject_before(pre: str) -> Mention | None:
    pre = _AUX_TAIL.sub("", pre)
    m = _PRONOUN_TAIL.search(pre)
    if m:
        word = m.group(1).lower()
        return Mention(kind="pronoun", word=word, gender="m" if word == "he" else "f")
    m = _ROLE_REF_TAIL.search(pre)
    if m:
        return Mention(kind="role", word=m.group("noun").lower(), shadow=bool(m.group("shadow")))
    if pre.rstrip().endswith(","):
        m = _APPOSITIVE_TAIL.search(pre)
        if m:
            parsed = parse_prefix(m.group(2))
            if parsed:
                mention = _name_mention(m.group(1))
                if mention is not None:
                    role, party, constituency, gender = parsed
                    mention.role = mention.role or role
                    mention.party = mention.party or party
                    mention.constituency = mention.constituency or constituency
                    mention.gender = mention.gender or gender
                    return mention
        return None
    stripped = pre.rstrip()
    for pattern in _NAME_TAIL:
        m = pattern.search(stripped)
        if m:
            mention = _name_mention(m.group(), _clause_prefix(stripped[:m.start()]))
            if mention is not None:
                return mention
    return None


def attribution(masked: str) -> Mention | None:
    """The person the (quote-masked) sentence attributes its content to, if any."""
    for n, verb in enumerate(_VERB_RE.finditer(masked)):
        if n >= 40:  # a "sentence" of that many reporting verbs is not prose; stay linear
            break
        pre = masked[max(0, verb.start() - 240):verb.start()]
        mention = _subject_before(pre)
        if mention is None and verb.group() in _INVERTIBLE:
            post = _NAME_HEAD.match(masked, verb.end(), min(len(masked), verb.end() + 160))
            if post:
                mention = _name_mention(post.group(1))
        if mention is not None:
            mention.end = verb.end()
            return mention
    return None


# ---------------------------------------------------------------------------------------------
# resolution


@dataclass
class Person:
    name: str
    title: str | None = None
    gender: str | None = None
    role: str | None = None
    party: str | None = None
    constituency: str | None = None
    key_words: list[str] = field(default_factory=list)

    def speaker(self) -> Speaker:
        return Speaker(name=self.name, role=self.role, party=self.party, constituency=self.constituency)

    def is_peer(self) -> bool:
        return self.title in _PEER_TITLES_M or self.title in _PEER_TITLES_F


def _key_words(name: str) -> list[str]:
    """Words an honorific can refer to the person by, best first: surname, then the others."""
    words = name.split()
    if words and (words[0] in _PEER_TITLES_M or words[0] in _PEER_TITLES_F):
        words = words[1:]
        if "of" in words:
            words = words[:words.index("of")]
        return words[:1] + words[1:]
    if words and words[0] in ("Sir", "Dame"):
        words = words[1:]
    return words[-1:] + words[:-1]


_GENDERED_TITLE = re.compile(
    rf"\b(Mr|Mrs|Ms|Miss|Sir|Dame|{'|'.join(sorted(_PEER_TITLES_M | _PEER_TITLES_F))})\.?\s+"
    rf"(?:{_TOK}\s+){{0,2}}?({_TOK})\b"
)


def title_genders(text: str) -> dict[str, str]:
    """Surname → gender from every gendered title in the text ("Ms Kendall" → f)."""
    seen: dict[str, set[str]] = {}
    for m in _GENDERED_TITLE.finditer(text):
        title = m.group(1)
        gender = _HON_TITLES.get(title) or ("m" if title in _PEER_TITLES_M else "f")
        seen.setdefault(m.group(2), set()).add(gender)
    return {word: genders.pop() for word, genders in seen.items() if len(genders) == 1}


class Resolver:
    def __init__(self, genders: dict[str, str], introductions: list[Mention]):
        self.genders = genders
        self.introductions = introductions  # every full-name mention in the text, in order
        self.people: dict[str, Person] = {}
        self.recent: list[Person] = []  # most recent first

    def touch(self, person: Person) -> Person:
        if person in self.recent:
            self.recent.remove(person)
        self.recent.insert(0, person)
        return person

    def person(self, mention: Mention) -> Person:
        person = self.people.get(mention.name)
        if person is None:
            person = self.people[mention.name] = Person(name=mention.name, title=mention.title,
                                                         key_words=_key_words(mention.name))
        for attr in ("role", "party", "constituency"):
            if getattr(mention, attr) and not getattr(person, attr):
                setattr(person, attr, getattr(mention, attr))
        if person.gender is None:
            person.gender = mention.gender or (self.genders.get(person.key_words[0]) if person.key_words else None)
        return person

    def by_word(self, mention: Mention) -> Person | None:
        def fits(p: Person) -> bool:
            if mention.gender and p.gender and mention.gender != p.gender:
                return False
            if mention.title in ("Sir", "Dame") or mention.title in _PEER_TITLES_M | _PEER_TITLES_F:
                return mention.word in p.key_words
            return bool(p.key_words) and mention.word == p.key_words[0]

        for p in self.recent:
            if fits(p):
                return p
        for p in self.people.values():
            if fits(p):
                return p
        for intro in self.introductions:  # introduced later in the text
            p = Person(name=intro.name, title=intro.title, gender=intro.gender, key_words=_key_words(intro.name))
            if fits(p):
                return self.person(intro)
        return None

    def resolve(self, mention: Mention) -> tuple[Person | None, str | None]:
        """The speaker a mention refers to, and a warning when it cannot be resolved."""
        if mention.kind == "name":
            if mention.title in _PEER_TITLES_M | _PEER_TITLES_F and mention.name not in self.people:
                # "Lord Smith" after "Lord Smith of Finsbury"
                existing = next((p for p in self.recent if p.is_peer() and p.title == mention.title
                                 and p.key_words[:1] == [mention.word]), None)
                if existing is not None and " of " not in mention.name:
                    return self.touch(existing), None
            person = self.person(mention)
            return self.touch(person), None
        if mention.kind == "surname":
            person = self.by_word(mention)
            if person is None:
                full = f"{mention.title} {mention.word}"
                person = self.person(Mention(kind="name", name=full, title=mention.title, gender=mention.gender))
            if person.gender is None:
                person.gender = mention.gender
            return self.touch(person), None
        if mention.kind == "pronoun":
            for p in self.recent:
                if p.gender in (None, mention.gender):
                    if p.gender is None:
                        p.gender = mention.gender
                    return self.touch(p), None
            sex = "male" if mention.gender == "m" else "female"
            what = f"no earlier {sex} speaker" if self.recent else "no earlier named speaker"
            return None, f"‘{mention.word}’ has {what} to refer to; kept as narration"
        if mention.kind == "role":
            for p in self.recent:
                if mention.word == "peer" and p.is_peer():
                    return self.touch(p), None
                if mention.word == "mp" and not p.is_peer():
                    return self.touch(p), None
                role = (p.role or "").lower()
                if mention.word in role.split() and ("shadow" in role.split()) == mention.shadow:
                    return self.touch(p), None
        return None, None


_PRONOUN_AFTER = re.compile(rf"\b(he|she|his|her|him|himself|herself)\b|(?:{_HON}|{_PEER})")


def _gender_after(masked: str, start: int) -> str | None:
    """The first he/she in the rest of the introducing sentence, unless another person comes first."""
    m = _PRONOUN_AFTER.search(masked, start)
    if m is None or m.group(1) is None:
        return None
    return "m" if m.group(1) in ("he", "his", "him", "himself") else "f"


# ---------------------------------------------------------------------------------------------
# the reader


@dataclass
class _Sentence:
    start: int
    end: int
    para: int
    person: Person | None = None


def _full_date(text: str) -> str | None:
    found: list[tuple[int, str]] = []
    for pattern in _DATE_RES:
        for m in pattern.finditer(text):
            try:
                month = int(m.group("mm")) if "mm" in m.groupdict() else _MONTHS.get(m.group("m").lower().rstrip("."))
                if not month:
                    continue
                found.append((m.start(), dt.date(int(m.group("y")), month, int(m.group("d"))).isoformat()))
                break
            except (ValueError, OverflowError):
                continue
    return min(found)[1] if found else None


def _body(text: str) -> str | None:
    commons = list(_COMMONS_RE.finditer(text))
    lords = list(_LORDS_RE.finditer(text))
    if not commons and not lords:
        return None
    if len(commons) != len(lords):
        return "House of Commons" if len(commons) > len(lords) else "House of Lords"
    return "House of Commons" if commons[0].start() < lords[0].start() else "House of Lords"


def _is_headline(text: str, span: tuple[int, int], n_paragraphs: int) -> bool:
    chunk = text[span[0]:span[1]]
    return (n_paragraphs > 1 and "\n" not in chunk and len(chunk.split()) <= 25
            and not chunk.rstrip().endswith((".", "!", "?", "”", "\"", "’", ")", ":", ";", ",")))


def _looks_like_markup(text: str) -> bool:
    return text.lstrip().startswith("<") or len(_TAG_RE.findall(text[:8192])) > 3


@register
class NewsReportReader(Reader):
    """A news report of a debate (the fallback format): narration plus reported and quoted speech."""

    name = "news"
    priority = 90

    def sniff(self, doc: SourceDocument) -> bool:
        head = doc.head
        if not head.strip() or _looks_like_markup(head):
            return False
        strong = {m.lower() for m in _STRONG_RE.findall(head)}
        weak = {m.lower() for m in _WEAK_RE.findall(head)}
        if not strong or len(strong | weak) < 2:
            return False
        for p_start, p_end in paragraph_spans(head)[:60]:
            for s, e in sentence_spans(head, p_start, p_end):
                mention = attribution(mask_quotes(head[s:e]))
                if mention is not None and mention.kind in ("name", "surname"):
                    return True
        return False

    def read(self, doc: SourceDocument) -> DebateRecord:
        text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise InputError(doc.path, "no text to read as a news report")
        if _looks_like_markup(text):
            raise InputError(doc.path, "HTML/XML markup, not a plain-text news report (save the article as text)")
        record_id = text_record_id(self.name, doc)
        newlines = [i for i, ch in enumerate(text) if ch == "\n"]

        def line_of(offset: int) -> int:
            return bisect.bisect_left(newlines, offset) + 1

        paragraphs = paragraph_spans(text)
        headline = paragraphs[0] if paragraphs and _is_headline(text, paragraphs[0], len(paragraphs)) else None

        # Pass 1: sentences and their attributions (unresolved).
        sentences: list[_Sentence] = []
        mentions: list[tuple[Mention | None, str]] = []
        for p, (p_start, p_end) in enumerate(paragraphs):
            if headline is not None and p == 0:
                continue
            for s, e in sentence_spans(text, p_start, p_end):
                masked = mask_quotes(text[s:e])
                sentences.append(_Sentence(s, e, p))
                mentions.append((attribution(masked), masked))
        if not sentences:
            raise InputError(doc.path, "no sentences to read as a news report")

        introductions = [m for m, _ in mentions if m is not None and m.kind == "name"]
        resolver = Resolver(title_genders(text), introductions)
        warnings: list[ReaderWarning] = []
        previous_person: Person | None = None
        for sentence, (mention, masked) in zip(sentences, mentions):
            person = None
            if mention is not None:
                person, warning = resolver.resolve(mention)
                if warning:
                    warnings.append(ReaderWarning(message=warning, line=line_of(sentence.start)))
                if person is not None and person.gender is None and mention.kind in ("name", "surname"):
                    person.gender = _gender_after(masked, mention.end)
            elif previous_person is not None and text[sentence.start] in "“\"«":
                person = previous_person  # a bare quote continues the speech before it
            sentence.person = person
            previous_person = person

        # Pass 2: items — runs of sentences in one paragraph with the same speaker (or none).
        record = self.new_record(doc, record_id)
        seq = 0
        if headline is not None:
            seq += 1
            title = normal_text(text[headline[0]:headline[1]])
            record.events.append(Event(seq=seq, kind="heading", text=title, line=line_of(headline[0])))
        else:
            title = normal_text(text[sentences[0].start:sentences[0].end])
        runs: list[list[_Sentence]] = []
        for sentence in sentences:
            if runs and runs[-1][-1].para == sentence.para and runs[-1][-1].person is sentence.person:
                runs[-1].append(sentence)
            else:
                runs.append([sentence])
        for run in runs:
            seq += 1
            run_text = normal_text(text[run[0].start:run[-1].end])
            line = line_of(run[0].start)
            person = run[0].person
            if person is None:
                record.events.append(Event(seq=seq, kind="narration", text=run_text, line=line))
            else:
                n = len(record.speeches) + 1
                record.speeches.append(Speech(id=f"{record_id}/speech-{n}", seq=seq, speaker=person.speaker(),
                                              text=run_text))
        if not record.speeches:
            raise InputError(
                doc.path,
                "no reported or quoted speech attributed to a named person "
                "(e.g. 'Jane Smith said …', 'Mr Smith added: “…”'); not a news report of a debate",
            )
        # Speakers' roles/party may be learned after their first speech: refresh them.
        by_name = {p.name: p for p in resolver.people.values()}
        for speech in record.speeches:
            person = by_name.get(speech.speaker.name)
            if person is not None:
                speech.speaker = person.speaker()
        if not _STRONG_RE.search(text):
            warnings.append(ReaderWarning(
                message="no parliamentary vocabulary (MPs, peers, minister, Commons, Lords …); is this a report of a debate?"))
        record.title = title[:500]
        record.date = _full_date(text)
        record.body = _body(text)
        record.warnings = warnings
        return record
