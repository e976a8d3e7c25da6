"""Which named sources a sentence cites, by attribution patterns.

A mention is not a citation: "we will be working with the National Children's Bureau" names a
source but attributes nothing to it. A source is cited when an attribution links it to content:

- subject of a reporting verb: "Barnardo's said", "Healthwatch England has previously warned",
  "Sir Robert Francis from Healthwatch said", "Edna Speed told the Committee";
- "according to S", "analysis by S", "recommendations of S", "we heard from S", "a report published by S",
  "a spokesman for S … said", "does he agree with S that …";
- S's content noun: "the IFS estimate", "Mike Brewer's answer", "a Barnardo's report … estimated";
- a report or statistics series the content is read from: "In 'Every Child Matters' … was listed";
- a description or pronoun for a source named just before: "the review concluded", "The chief
  executive referred to", "He told me", "It stated:".

Candidates come from the gazetteer (entity ruler), spaCy's NER (people and organisations), report
names ("the Leadsom review") and other countries' governments ("the Government of Sri Lanka").
Everything here is a pure function of the sentence (and, for descriptions and pronouns, of the
sources named before it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .gazetteer import LABELS, TITLES, source_key

REPORTING_VERBS = frozenset("""
said says say saying tell told tells stated states find found finds show showed shown shows showing
warn warned warns warning estimated reported suggest suggested suggests suggesting
conclude concluded concludes noted argue argued argues claimed commented
calculate calculated calculates predict predicted predicts projected highlight highlighted
highlights recommend recommended recommends reveal revealed reveals describe described describes
identified quote quoted wrote writes written observe observed observes acknowledge acknowledged
acknowledges confirm confirmed confirms indicate indicated indicates demonstrate demonstrated demonstrates
urge urged urges explained explains mentioned mentions replied replies answered asserted asserts
stressed stresses emphasised emphasises believes believed thinks thought listed lists
referred refers endorse endorses endorsed stating criticised criticises criticising expressed expresses
declared declares reiterated reiterates""".split())
#: Two-word cues whose first word alone would be too loose.
REPORTING_PHRASES = {("pointed", "out"), ("points", "out"), ("made", "the"), ("spoke", "about"), ("talked", "about"),
                     ("talks", "about"), ("called", "for"), ("calls", "for"), ("called", "on"), ("calls", "on"),
                     ("set", "out"), ("sets", "out"), ("made", "it"), ("makes", "it"), ("made", "clear"),
                     ("makes", "clear"), ("drawn", "attention"), ("drew", "attention"), ("draws", "attention"),
                     ("saw", "it"), ("sees", "it"), ("agreed", "that"), ("agrees", "that"), ("backed", "that"),
                     ("backs", "that"), ("supported", "that"), ("supports", "that"), ("announced", "that"),
                     ("announces", "that")}
#: Words that may stand between a source and its reporting verb without breaking the link.
_WEAK = frozenset("has have had is was were are also previously recently rightly clearly once again then now "
                  "itself himself herself themselves in its his her their evidence written oral to the committee "
                  "a an of from at for and , – — - ( ) who which".split())

#: Nouns that carry content: "the IFS estimate", "analysis by YoungMinds".
CONTENT_NOUNS = frozenset("""estimate estimates estimated figures figure statistics data findings finding evidence answer answers
analysis research calculations calculation projections projection conclusions conclusion recommendations recommendation
warning warnings view views comments remarks words survey surveys study studies modelling polling quote dictum""".split())
#: Nouns that are containers: they cite only when a reporting verb, a colon or a quotation follows.
CONTAINER_NOUNS = frozenset("""report reports paper papers document documents note notes brief briefing briefings
submission submissions review reviews letter letters publication publications response responses memorandum
code guide guidance appendix index audit strategy assessment speech statement announcement release releases
information consultation""".split())
_PREPOSITIONS = frozenset("by from of for".split())
_POSSESSIVE = ("'s", "’s", "'")
_BE = frozenset("is are was were be been being".split())
#: What a source can "make": "the point made by S".
_POINT_NOUNS = frozenset("point points case argument arguments comment comments observation remark claim".split())
#: Verbs that attribute content to a source after "from": "we heard from S", "a quote from S".
_FROM_VERBS = frozenset("heard hear received seen quote quoted quoting evidence".split())
#: Participles that attribute content to the agent of a following "by": "analysis published by S".
_PARTICIPLES = frozenset("""given heard raised expressed voiced found estimated reported shown highlighted identified
calculated submitted published conducted compiled told assured reassured advised informed warned welcomed""".split())
#: People who speak for a body: "a spokesman for the Department for Transport said" cites the body.
_AGENT_NOUNS = frozenset("""spokesman spokeswoman spokesperson representative representatives executive director chairman
chair head leader president general commissioner""".split())
_GENERIC_ORGS = re.compile(
    r"^(?:the\s+)?(?:house|committee|government|parliament|opposition|chamber|bill|minister|department|"
    r"state|secretary of state|treasury bench|labour|conservatives?|liberal democrats?|tory|tories|lords|commons|hansard|"
    r"order|act|regulations|schedule)$", re.I)

#: Words that make an NER "person" or "organisation" a Member, an office or the House itself.
_NOT_SOURCES = frozenset("""hon member members gentleman lady friend minister secretary chancellor exchequer financial
state house chamber committee chairman chair speaker bill clause amendment opposition government commission
assent reading""".split())

#: People in the debate who, met before the verb, are its subject instead: "…, the Minister said".
_OTHER_SUBJECTS = frozenset("minister ministers member members gentleman lady friend secretary chancellor house bill".split())
#: After a body's name, these start a clause with another subject ("… of LHA when he replies"); after a
#: person's name they usually refer back to the person ("Tony Blair's mind when he suggested").
_OTHER_CLAUSE = frozenset("i we you he she when whether if because while although unless".split())

#: Nouns after which a body's name is a modifier, not a source: "a Treasury Minister", "the shadow Treasury team".
_OFFICES = frozenset("minister ministers team secretary secretaries committee bench spokesman spokesperson official officials questions".split())

#: Report names: "the Leadsom review", "the 2004 households below average income review".
REPORT_NAME = re.compile(
    r"\bthe\s+(?P<words>(?:(?:\d{4}|[A-Z][\w’'-]*(?:-[A-Z][\w’'-]*)?)\s+){1,5})"
    r"(?P<noun>review|report|inquiry|commission report|(?i:white paper|green paper)|survey|audit|index)\b")
QUOTED_TITLE = re.compile(r"[“\"](?P<title>[A-Z][^”\"]{4,120}?)[,.]?[”\"]")
_TRAILING_TITLE = re.compile(r"\s*,?\s*" + QUOTED_TITLE.pattern)
_TITLE_BEFORE = re.compile(r"\b(?:report|document|paper|publication|white paper|green paper|guide|statistics|review|study)\s*,?\s*$", re.I)
#: The Government is cited through its publications only ("the Government's figures"), the Prime Minister as a person is.
_TITLE_AFTER = re.compile(
    r"\s*(?:[—–-]\s*)?(?:the\s+)?(?:\w+\s+){0,2}(?:report|document|paper|statistics|review|study|survey)\b"
    r"|\s*(?:says|said|states|stated|shows|showed|found|finds|notes|noted|concluded|concludes|estimates|recommends)\b", re.I)
GOVERNMENT = re.compile(r"\b[Tt]he (?:(?P<name>Government)(?:(?:’s|') (?:own )?(?=figures|estimates?|statistics|data|analysis|document|report|response|projections)|(?= (?:have |has )?(?:said|stated|estimated|published|told|set out|announced)\b))|(?P<pm>Prime Minister)\b)")
#: Another country's government: "the Government of Sri Lanka", "the Sudanese Government", "the US
#: Government". The UK's own and devolved governments are in the gazetteer; a party's or a Prime
#: Minister's government ("the Labour Government", "the Brown Government") is not another country's:
#: the adjective must look like a nationality.
OTHER_GOVERNMENT = re.compile(
    r"\b[Tt]he (?:Government of (?P<country>(?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r"|(?P<adjective>(?:[A-Z][a-z]+ )?[A-Z][a-z]*(?:an|ese|ish|i|ch|ic)|[A-Z]{2,3}) Government)\b")
#: The documents the Government publishes with a Bill: quoting them cites the Government ("the impact assessment,
#: paragraph 2.6 of which says:"); not when they are someone else's ("the Environment Agency's impact assessment",
#: "its impact assessment").
BILL_DOCUMENT = re.compile(r"\b(?:[Tt]he )?(?:(?:[Rr]egulatory|[Ff]inal) )?(?:[Ii]mpact assessments?|[Ee]xplanatory (?:notes?|memorandum))\b")
_SOMEONE_ELSES = frozenset(("its", "their", *_POSSESSIVE))
#: Countries by their adjectives, so that "the Sri Lankan Government" and "the Government of Sri Lanka" are one
#: source; an adjective not listed keeps its own form ("the Ruritanian Government").
COUNTRY_OF_ADJECTIVE = {
    "Afghan": "Afghanistan", "American": "the United States", "US": "the United States", "USA": "the United States",
    "Argentine": "Argentina", "Argentinian": "Argentina", "Australian": "Australia", "Bangladeshi": "Bangladesh",
    "Belarusian": "Belarus", "Belgian": "Belgium", "Brazilian": "Brazil", "Burmese": "Burma", "Canadian": "Canada",
    "Chinese": "China", "Colombian": "Colombia", "Congolese": "the Democratic Republic of the Congo",
    "Cypriot": "Cyprus", "Danish": "Denmark", "Dutch": "the Netherlands", "Egyptian": "Egypt", "Eritrean": "Eritrea",
    "Ethiopian": "Ethiopia", "Finnish": "Finland", "French": "France", "German": "Germany", "Greek": "Greece",
    "Indian": "India", "Indonesian": "Indonesia", "Iranian": "Iran", "Iraqi": "Iraq", "Israeli": "Israel",
    "Italian": "Italy", "Japanese": "Japan", "Kenyan": "Kenya", "Kuwaiti": "Kuwait", "Lebanese": "Lebanon",
    "Libyan": "Libya", "Malaysian": "Malaysia", "Mexican": "Mexico", "Moroccan": "Morocco", "Nepalese": "Nepal",
    "Nigerian": "Nigeria", "Norwegian": "Norway", "Pakistani": "Pakistan", "Pakistan": "Pakistan",
    "Palestinian": "Palestine", "Polish": "Poland", "Portuguese": "Portugal", "Russian": "Russia",
    "Rwandan": "Rwanda", "Saudi": "Saudi Arabia", "Somali": "Somalia", "Spanish": "Spain", "Sri Lankan": "Sri Lanka",
    "Sudanese": "Sudan", "Swedish": "Sweden", "Swiss": "Switzerland", "Syrian": "Syria", "Thai": "Thailand",
    "Turkish": "Turkey", "Ugandan": "Uganda", "Ukrainian": "Ukraine", "Venezuelan": "Venezuela",
    "Vietnamese": "Vietnam", "Yemeni": "Yemen", "Zimbabwean": "Zimbabwe",
}
_NOT_OTHER_GOVERNMENTS = frozenset("""British UK HM Scottish Welsh Irish Northern Republican Democratic Republic Coalition
Conservative Liberal Tory Labour""".split())


#: A sentence without one of these words (or a colon or quotation mark) cites nothing: NER is skipped.
CUE_WORDS = REPORTING_VERBS | CONTENT_NOUNS | CONTAINER_NOUNS | _PARTICIPLES | _FROM_VERBS | {w for w, _ in REPORTING_PHRASES} | {"according", "put", "puts"}

#: "Edna Speed told …": a capitalised two- or three-word name right before a reporting verb (NER misses some).
NAMED_SPEAKER = re.compile(
    r"(?<![\w’'])(?P<name>(?:(?:Sir|Dame|Professor|Dr|Lord|Lady|Baroness|Councillor)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][\w’'-]+){1,2})"
    r"(?=(?:\s*,[^,;:.]{1,100},)?\s+(?:has\s+|had\s+)?(?:told|said|says|argued|warned|wrote|explained|replied|answered|described|suggested|stated)\b)")
_ORGANISATION_WORDS = frozenset("""forum group trust foundation society council institute association commission committee
office board agency department centre network alliance campaign union federation partnership service services
fund charity college university school""".split())
_NOT_FIRST_NAMES = frozenset("The This That These Those Our Their His Her Its In On At As If When While Government Minister "
                             "Members Member Committee House Department Opposition Labour Conservative".split())


@dataclass(frozen=True)
class Candidate:
    start: int  # token indices into the doc
    end: int
    name: str
    kind: str
    origin: str  # gazetteer | ner | pattern


@dataclass(frozen=True)
class CitationMatch:
    candidate: Candidate
    cue: int  # token index of the attribution cue
    rule: str


def clean_name(text: str) -> str:
    """Display form of a name read from the text: straight apostrophes, no possessive, no leading "the", nothing
    from a bracket on (NER may run a name into the next words: "(Mr. Jenkin)—he told us")."""
    text = re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'").split(")")[0].split(" (")[0]).strip(" ,.;:")
    text = re.sub(r"'s$|'$", "", text)
    return re.sub(r"^the\s+", "", text, flags=re.I)


def candidates(sent: Span, ner_spans: list[tuple[int, int, str]] = ()) -> list[Candidate]:
    """Source candidates in a sentence: gazetteer entities, NER people/organisations, report names."""
    doc = sent.doc
    found: list[Candidate] = []
    taken: set[int] = set()

    def add(start: int, end: int, name: str, kind: str, origin: str) -> None:
        if start >= end or any(i in taken for i in range(start, end)):
            return
        taken.update(range(start, end))
        found.append(Candidate(start, end, name, kind, origin))

    for ent in doc.ents:
        # lower case is a common word ("mind", "crisis") unless it is a statistics series' long name
        # ("the figures for households below average income") or a longer name after "the" ("which the
        # national grid estimates"; not "we must save the children")
        if ent.start >= sent.start and ent.end <= sent.end and ent.label_ in LABELS \
                and (not ent.text.islower() or (ent.label_ == "STATISTICS" and len(ent) >= 3)
                     or (len(ent) >= 2 and ent.start > sent.start and doc[ent.start - 1].lower_ == "the")) \
                and not _member_context(doc, ent.start) and not (ent.end < len(doc) and doc[ent.end].lower_ in _OFFICES):
            add(ent.start, ent.end, ent.ent_id_ or clean_name(ent.text), LABELS[ent.label_], "gazetteer")
    for m in REPORT_NAME.finditer(sent.text):
        words, noun, end = m.group("words").strip(), m.group("noun").lower(), m.end()
        title = _TRAILING_TITLE.match(sent.text, end)
        if words.isdigit() and title:  # "the 2008 White Paper, “Governance of Britain”": the title names it
            words, end = title.group("title"), title.end()
        span = _char_span(sent, m.start(), end)
        if span is not None and not words.lower().startswith(("government", "select", "committee")):
            add(span.start, span.end, f"the {clean_name(words)} {noun}", "report", "pattern")
    for m in QUOTED_TITLE.finditer(sent.text):
        if _TITLE_BEFORE.search(sent.text[:m.start()]) or _TITLE_AFTER.match(sent.text[m.end():]):
            span = _char_span(sent, m.start(), m.end())
            if span is not None:
                add(span.start, span.end, clean_name(m.group("title")), "report", "pattern")
    for m in GOVERNMENT.finditer(sent.text):
        span = _char_span(sent, m.start(), m.end())
        if span is not None:
            # the Government's figures and a Prime Minister quoted are both HM Government (issue 15's adjudication)
            add(span.start, span.end, "HM Government", "government", "pattern")
    for m in OTHER_GOVERNMENT.finditer(sent.text):
        country, adjective = m.group("country"), m.group("adjective")
        if (country or adjective).split()[0] not in _NOT_OTHER_GOVERNMENTS and (span := _char_span(sent, m.start(), m.end())):
            country = country or COUNTRY_OF_ADJECTIVE.get(adjective)
            add(span.start, span.end, f"Government of {country}" if country else f"{adjective} Government", "government", "pattern")
    for m in BILL_DOCUMENT.finditer(sent.text):
        if (span := _char_span(sent, m.start(), m.end())) and not (span.start > sent.start
                                                                   and doc[span.start - 1].lower_ in _SOMEONE_ELSES):
            add(span.start, span.end, "HM Government", "government", "pattern")
    for m in NAMED_SPEAKER.finditer(sent.text):
        span = _char_span(sent, m.start("name"), m.end("name"))
        if span is not None and span[0].text not in _NOT_FIRST_NAMES and not _member_context(doc, span.start) \
                and not _office_words(span, "PERSON"):
            label = "ORG" if span[-1].lower_ in _ORGANISATION_WORDS else "PERSON"
            ner_spans = [*ner_spans, (span.start, span.end, label)]
    for start, end, label in ner_spans:
        if _member_context(doc, start) or _office_words(doc[start:end], label) \
                or (end < len(doc) and doc[end].lower_ in _OFFICES):
            continue
        if label == "PERSON":
            # back over titles, but not into a hyphenated office: "Under-Secretary-General Lynn Pascoe"
            while start > sent.start and doc[start - 1].lower_.rstrip(".") in TITLES \
                    and not (start - 2 >= sent.start and doc[start - 2].text in {"-", "–"} and not doc[start - 2].whitespace_):
                start -= 1
            name = clean_name(doc[start:end].text)
            if len(name.split()) >= 2:
                add(start, end, name, "person", "ner")
        elif label == "ORG":
            # NER often leaves a leading acronym out: "EDF Energy" tagged as "Energy"
            while start > sent.start and doc[start - 1].is_upper and len(doc[start - 1]) > 1 and doc[start - 1].is_alpha:
                start -= 1
            name = clean_name(doc[start:end].text)
            if not _GENERIC_ORGS.match(name) and len(name) > 2:
                add(start, end, name, "organisation", "ner")
    return sorted(found, key=lambda c: c.start)


def _office_words(span: Span, label: str) -> bool:
    """The name holds a word of the House's business ("the Child Poverty Bill", "the hon. Member"); a
    person's first name "Bill" ("Bill Richardson") is not one."""
    return any(t.lower_.rstrip(".") in _NOT_SOURCES and not (label == "PERSON" and t.i == span.start and t.text == "Bill"
                                                              and len(span) > 1) for t in span)


def _member_context(doc: Doc, start: int) -> bool:
    """A Member named in this House ("my hon. Friend Vicky Ford", "the Member for South-West Bedfordshire")
    or an office ("Secretary of State for …") is not an outside source."""
    j = start
    while j > max(0, start - 6) and (doc[j - 1].is_title or doc[j - 1].text in {"-", "–", ","}):
        j -= 1  # back over the rest of a constituency name
    before = " ".join(t.lower_ for t in doc[max(0, j - 4):j])
    # … or a peer's territorial title: "Lord Hunt of King's Heath"
    return bool(re.search(r"\b(?:friend|hon\.|gentleman|lady|noble|learned|minister|secretary|member for|members for|state for|"
                          r"secretary of|(?:lord|baroness|viscount|earl) [\w’'-]+ of)$", before))


def _char_span(sent: Span, start: int, end: int) -> Span | None:
    span = sent.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
    if span is None or span.start < sent.start or span.end > sent.end:
        return None
    # Leave out a leading "the": the entity is the name.
    if span[0].lower_ == "the" and len(span) > 1:
        span = span[1:]
    return span


def find_citations(sent: Span, found: list[Candidate]) -> list[CitationMatch]:
    doc = sent.doc
    starts = {c.start for c in found}
    out: list[CitationMatch] = []
    for i, cand in enumerate(found):
        rule, cue = _link(doc, sent, cand, starts)
        if rule is None:
            continue
        # "Mike Brewer of the IFS said": the affiliation is not cited on its own.
        if i > 0 and (found[i - 1].kind == "person" or found[i - 1].origin == "ner") and (_affiliation(doc, found[i - 1], cand)
                                                          or _after_appositive(doc, sent, found[i - 1].end) > cand.start):
            continue
        out.append(CitationMatch(cand, cue, rule))
    # "the JRF report, 'Monitoring poverty …'": the organisation is the source, not the title; and
    # "the CRC report, 'State of the Countryside 2008'" names one document twice: the first name stands.
    named = [m.candidate for m in out]
    return [m for m in out if not (m.candidate.origin == "pattern" and m.candidate.kind == "report"
                                   and any(b is not m.candidate and 0 <= m.candidate.start - b.end <= 4 for b in named))]


def _affiliation(doc: Doc, person: Candidate, cand: Candidate) -> bool:
    between = [t.lower_ for t in doc[person.end:cand.start]]
    return 0 < len(between) <= 3 and between[0] in {"of", "from", "at", ","} and between[-1] in {"of", "from", "at", "the", ","}


_COMMISSIONING = frozenset("got get asked ask commissioned commission".split())
_WORK_VERBS = frozenset("carry do produce undertake prepare conduct compile run".split())
_AGREE = frozenset("agree agrees agreed agreeing".split())
_AUXILIARIES = frozenset("has have had does do did is are was were will would can could should".split())


def _asked_about(doc: Doc, sent: Span, cand: Candidate) -> bool:
    """"Has Anglian Water estimated the cost …?": a question whether S said something attributes nothing."""
    first = next((t.i for t in sent if not (t.is_space or t.is_punct)), sent.start)
    return sent.text.rstrip().endswith("?") and doc[first].lower_ in _AUXILIARIES and cand.start - first <= 2


def _link(doc: Doc, sent: Span, cand: Candidate, starts: set[int]) -> tuple[str | None, int]:
    lower = [t.lower_ for t in doc]
    if _asked_about(doc, sent, cand):
        return None, -1
    # according to S / analysis by S / recommendations of S / heard from S
    before = [j for j in range(max(sent.start, cand.start - 6), cand.start)]
    for j in reversed(before):
        if lower[j] == "according" and j + 1 < cand.start and lower[j + 1] == "to":
            return "according-to", j
    # "Does he agree with Ofgem that …": S's view is cited
    if cand.start - 2 >= sent.start and lower[cand.start - 1] in ("with", "the") and any(
            lower[j] in _AGREE and lower[j + 1] == "with" for j in range(max(sent.start, cand.start - 3), cand.start - 1)) \
            and "that" in lower[cand.end:min(sent.end, cand.end + 3)]:
        return "agree-with", cand.start - 1
    prep = _preposition_before(doc, sent, cand, starts)
    # "the view of S's role" is not S's view; "the recommendations of the JCHR's report" are the JCHR's
    if prep is not None and not (lower[prep] == "of" and _possessive(doc, sent, cand)
                                 and _noun_after(doc, sent, cand) not in CONTAINER_NOUNS | CONTENT_NOUNS):
        # "analysis by S", "recommendations of S", "published by S", "we heard from S"
        verbs = _PARTICIPLES if lower[prep] == "by" else _FROM_VERBS if lower[prep] == "from" else frozenset()
        # "recommendations of S", but not "a report about the case of S": "of" binds to the noun just before it
        for j in range(prep - 1, max(sent.start, prep - (2 if lower[prep] in ("of", "for") else 5)) - 1, -1):
            # a container cites when content follows, or says whose it is: "My briefing on the subject is from S"
            if lower[j] in CONTENT_NOUNS or lower[j] in verbs or (lower[j] in CONTAINER_NOUNS and (_content_follows(
                    doc, sent, cand.end) or lower[prep] == "from" and lower[prep - 1] in _BE)) or (
                    lower[j] in _AGENT_NOUNS and _content_follows(doc, sent, cand.end)
                    # "as a spokesman for X, I say", "a letter to the chief executive of X"
                    and not {"as", "my", "our", "to"} & set(lower[max(sent.start, j - 3):j])):
                return "content-" + lower[prep], j
            if lower[j] in {"by", "from", "of", ";", ":"}:
                break
        if lower[prep] == "by":  # "concerns had been raised about the order by S"
            for j in range(prep - 1, max(sent.start, prep - 9) - 1, -1):
                if lower[j] in _PARTICIPLES and doc[j].text[:1].islower():
                    return "passive-by", j
                if lower[j].endswith(("ed", "en", "ght")) and doc[j].text[:1].islower():
                    break  # "highlighted by the judicial review brought by S": S brought the review
            # "that point was made by Kevan Collins", "the case made by Barnardo's"
            if prep - 1 >= sent.start and lower[prep - 1] == "made" and any(
                    lower[j] in _POINT_NOUNS for j in range(max(sent.start, prep - 5), prep - 1)):
                return "passive-by", prep - 1
    # S's content noun, or S + container noun followed by a reporting verb
    j = cand.end
    possessive = j < sent.end and lower[j] in _POSSESSIVE
    if possessive:
        j += 1
    for k in range(j, min(sent.end, j + 3)):
        if lower[k] in CONTENT_NOUNS:
            return "content-noun", k
        if lower[k] in CONTAINER_NOUNS and _content_follows(doc, sent, k + 1):
            return "container-noun", k
        # After a possessive any modifier may come first: "the Prime Minister's party conference speech".
        if not (possessive and doc[k].is_alpha or doc[k].is_title or doc[k].is_upper
                or lower[k] in {"own", "latest", "recent", "new", "campaign"}):
            break
    # "I got the House of Commons Library to carry out some analysis": work commissioned from S
    if set(lower[max(sent.start, cand.start - 3):cand.start]) & _COMMISSIONING and cand.end + 1 < sent.end \
            and lower[cand.end] == "to" and lower[cand.end + 1] in _WORK_VERBS:
        work = next((k for k in range(cand.end + 2, min(sent.end, cand.end + 6)) if lower[k] in CONTENT_NOUNS), None)
        if work is not None:
            return "commissioned", work
    # S … reporting verb, past an appositive: "Kevan Collins, the chief executive of Tower Hamlets council, said";
    # not when S is the object of a preposition ("services in Wirral found", "go to the Prime Minister, find …")
    # unless a relative clause makes it the subject ("I go back to Harriet Townsend, the barrister who said")
    first = _after_appositive(doc, sent, cand.end)
    relative = not _object_of_preposition(doc, sent, cand) or "which" in lower[cand.end:cand.end + 2]
    for k in range(first, min(sent.end, first + 12)):
        # "the impact assessment, paragraph 2.6 of which says:"
        relative = relative or lower[k] == "who" or (lower[k] == "which" and lower[k - 1] == "of")
        if _is_verb(doc, k, sent) and relative:
            # "The case of Timothy Evans was mentioned by my hon. Friend", "when the CFP is mentioned": S is
            # what was reported, not who
            if _passive(doc, sent, k) or _hypothetical(doc, sent, k):
                break
            return "reporting-verb", k
        if lower[k] in {";", ":", ".", "?", "that"} or lower[k] in _OTHER_SUBJECTS \
                or (cand.kind != "person" and lower[k] in _OTHER_CLAUSE) or (k in starts and k != cand.start and lower[k - 1] not in {"of", "from", "at", "and", "the"}):
            break
        if lower[k] not in _WEAK and not doc[k].is_title and not doc[k].is_upper and k - first > 3:
            break
    # "…,” said S
    if cand.start - 1 >= sent.start and _is_verb(doc, cand.start - 1, sent) and cand.start - 2 >= sent.start \
            and doc[cand.start - 2].text in {",", "”", "\"", "’"}:
        return "inverted", cand.start - 1
    # a report or statistics series the content is read from: "In 'Every Child Matters' … was listed",
    # "as stated in the 2008 White Paper", "I shall quote … from the Government document"; but not
    # "Everything we have said … will include contributions from the Department"
    prep = next((k for k in range(cand.start - 1, max(sent.start, cand.start - 5) - 1, -1) if lower[k] in {"in", "from"}), None)
    if cand.kind == "report" and prep is not None and lower[prep] == "in" and _opens_sentence(doc, sent, prep):
        return "read-from", prep  # "However, in the Corston report on women offenders, there are …"
    # a department "in" or "from" which is a place ("our colleagues in DCLG"); "the Government document" is read from
    if (cand.kind in ("report", "statistics") or cand.kind == "government" and cand.origin == "pattern") and prep is not None:
        for k in [*range(max(sent.start, prep - 6), prep), *range(cand.start, sent.end)]:
            if _is_verb(doc, k, sent) or lower[k] in {"listed", "figures", "figure"}:
                return "read-from", k
    return None, -1


_OBJECT_PREPOSITIONS = frozenset("in at on to into with about against from".split())


def _possessive(doc: Doc, sent: Span, cand: Candidate) -> bool:
    """S ends in, or is followed by, a possessive "'s" (NER spans sometimes include it)."""
    return any(k < sent.end and doc[k].lower_ in _POSSESSIVE for k in (cand.end - 1, cand.end))


def _noun_after(doc: Doc, sent: Span, cand: Candidate) -> str | None:
    """The word after S and its possessive: "report" in "the JCHR's report"."""
    k = cand.end + (cand.end < sent.end and doc[cand.end].lower_ in _POSSESSIVE)
    return doc[k].lower_ if k < sent.end else None


def _object_of_preposition(doc: Doc, sent: Span, cand: Candidate) -> bool:
    """S follows "in", "to", "with" …, or "of" after a noun that does not speak for it ("the row over the
    appointment of the Children's Commissioner highlighted"); "in Tony Blair's mind" governs the mind, not S."""
    if _possessive(doc, sent, cand):
        return False
    j = cand.start - 1
    if j >= sent.start and doc[j].lower_ == "the":
        j -= 1
    if j >= sent.start and doc[j].lower_ == "of":
        if not (j > sent.start and doc[j - 1].is_alpha):
            return False
        if doc[j - 1].lower_ not in _AGENT_NOUNS:
            return doc[j - 1].lower_ not in CONTENT_NOUNS | CONTAINER_NOUNS
        # the officer speaks for S unless the officer is an object too: "a letter to the chief executive of S"
        j -= 1
        while j > sent.start and doc[j - 1].is_lower and doc[j - 1].lower_ not in _OBJECT_PREPOSITIONS and cand.start - j < 6:
            j -= 1
        j -= 1
    return j >= sent.start and doc[j].lower_ in _OBJECT_PREPOSITIONS


def _word_before(doc: Doc, sent: Span, k: int, skipping: frozenset[str]) -> str | None:
    """The first word before k that is not in ``skipping`` (adverbs, negation), within the sentence."""
    j = k - 1
    while j >= sent.start and doc[j].lower_ in skipping:
        j -= 1
    return doc[j].lower_ if j >= sent.start else None


def _passive(doc: Doc, sent: Span, k: int) -> bool:
    """The reporting verb at k is a passive participle: "is mentioned", "are not written off", "was told"."""
    return not doc[k].lower_.endswith("ing") and _word_before(doc, sent, k, _BEFORE_PARTICIPLE) in _BE


_MODALS = frozenset("could would might may should must can cannot".split())
_BEFORE_PARTICIPLE = frozenset("not also often rarely never now then being".split())
_BEFORE_MODAL_VERB = frozenset("not never also ever even surely perhaps have be".split())


def _hypothetical(doc: Doc, sent: Span, k: int) -> bool:
    """A modal before the verb reports nothing said: "No one, including the Sri Lankan Government, could suggest …"."""
    return _word_before(doc, sent, k, _BEFORE_MODAL_VERB) in _MODALS


def _opens_sentence(doc: Doc, sent: Span, k: int) -> bool:
    """Token k starts the sentence, after at most a connective and punctuation ("However, in …")."""
    words = [t for t in doc[sent.start:k] if not (t.is_punct or t.is_space)]
    return len(words) <= 1 and all(t.lower_ in {"however", "indeed", "also", "and", "but", "moreover"} for t in words)


def _after_appositive(doc: Doc, sent: Span, end: int) -> int:
    """The token after ", …," following a name (up to 15 tokens), else ``end``. A participle clause may
    run straight into the verb: "Richard Kemp, speaking on behalf of Liverpool on 20 October said"."""
    if end < sent.end and doc[end].text == ")":  # "the hon. Member for Wallasey (Angela Eagle), then a Minister, said"
        end += 1
    if end < sent.end and doc[end].text in {"—", "–"}:  # "The Renewable Energy Association—the industry body—agreed"
        closing = next((k for k in range(end + 1, min(sent.end, end + 16)) if doc[k].text == doc[end].text), None)
        if closing is not None:
            return closing + 1
    if end < sent.end and doc[end].text == ",":
        participle = end + 1 < sent.end and doc[end + 1].lower_ in _APPOSITIVE_PARTICIPLES
        for k in range(end + 1, min(sent.end, end + 16)):
            if doc[k].text == ",":
                return k + 1
            if participle and _is_verb(doc, k, sent):
                return k
            # "Charles Clover, who has already been mentioned, wrote": a passive in the relative clause is not its verb
            if doc[k].text in {";", ":", "."} or (_is_verb(doc, k, sent) and not _passive(doc, sent, k)):
                break
    return end


_APPOSITIVE_PARTICIPLES = frozenset("speaking writing giving responding replying commenting answering".split())


#: "The review concluded …", "That code states …", "Page 12 of the document says:": a definite description
#: of a document as the subject.
ANAPHOR = re.compile(
    r"^\W*(?:(?:Page|Paragraph|Chapter|Section|Annex|Table)\s+[\w.()]+\s+of\s+(?:the|that|this|its|their)"
    r"|The|That|This|Its|Their|These|Those)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?P<noun>review|report|code|note|analysis|document|paper|survey|study|briefing|brief|"
    r"letter|response|consultation|assessment|guidance|publication|"
    r"(?P<role>chief executive|director|spokesman|spokeswoman|spokesperson|president))\b[^.;:]{0,60}?\b"
    r"(?P<verb>says|said|states|stated|shows|showed|show|found|finds|recognised|recognises|concluded|concludes|notes|noted|"
    r"suggests|suggested|estimates|estimated|recommends|recommended|indicate|indicates|argues|argued|talks about|revealed|reveals|"
    r"referred|warned|told)\b")
_ANTECEDENT_KINDS = {"report", "statistics", "government", "organisation"}


def anaphoric_citation(sent: Span, antecedents: list[Candidate]) -> CitationMatch | None:
    """A document named earlier in the speech, cited again as "the review", "that code" …"""
    m = ANAPHOR.match(sent.text)
    if m is None:
        return None
    # "The chief executive referred to …": an officer of the organisation named last.
    kinds = {"organisation"} if m.group("role") else _ANTECEDENT_KINDS
    earlier = [c for c in antecedents if c.end <= sent.start and c.kind in kinds]
    if not earlier:
        return None
    cue = sent.doc.char_span(sent.start_char + m.start("verb"), sent.start_char + m.end("verb"), alignment_mode="expand")
    return CitationMatch(earlier[-1], cue.start if cue is not None else sent.start, "anaphor")


#: "He told me …", "She said:", "It stated:": a person (or, for "it", a body or report) named just before.
PRONOUN_REPORT = re.compile(
    r"^\W*(?P<pronoun>He|She|It)\s+(?:has\s+|had\s+|also\s+|then\s+|once\s+)?"
    r"(?P<verb>said|says|told|tells|wrote|writes|argued|argues|warned|warns|explained|replied|answered|stated|states|"
    r"estimates|estimated|found|finds|concluded|concludes|recommended|recommends)\b")
#: Words naming someone in the debate: after them, "he" may be that Member or Minister.
_DEBATE_PEOPLE = re.compile(r"\b(?:Minister|Member|Friend|Gentleman|Lady|Chairman|Speaker)\b")
#: The House's own business: after it, "it" may be the Bill or the amendment.
_DEBATE_THINGS = re.compile(r"\b(?:Bill|[Cc]lause|[Aa]mendment|[Ss]ubsection|[Ss]chedule|Act|[Mm]otion|Government)\b")
_PRONOUN_KINDS = {"He": {"person"}, "She": {"person"}, "It": {"organisation", "report"}}


def pronoun_citation(sent: Span, named: list[Candidate]) -> CitationMatch | None:
    """"He said …" citing the one outside person named in the two sentences before (``named``: the
    candidates of those sentences), "It stated …" the one body or report; unless the debate's own
    people (for "he") or business (for "it") are named after them."""
    m = PRONOUN_REPORT.match(sent.text)
    if m is None:
        return None
    # what NER alone calls an organisation may be a benefit ("a HB/CTB award") or a place ("at the Bar")
    named = [c for c in named if c.kind in _PRONOUN_KINDS[m.group("pronoun")]
             and not (c.origin == "ner" and c.kind == "organisation" and (c.name.upper() == c.name or " " not in c.name))]
    if len({c.name for c in named}) != 1:
        return None
    source = named[-1]
    doc = sent.doc
    if (_DEBATE_THINGS if m.group("pronoun") == "It" else _DEBATE_PEOPLE).search(doc[source.end:sent.start].text):
        return None
    cue = doc.char_span(sent.start_char + m.start("verb"), sent.start_char + m.end("verb"), alignment_mode="expand")
    return CitationMatch(source, cue.start if cue is not None else sent.start, "pronoun")


def _is_verb(doc: Doc, k: int, sent: Span) -> bool:
    """A reporting verb at k, written in lower case ("the Secretary of State" is not "state")."""
    token = doc[k]
    if not token.text[:1].islower() or (k > sent.start and doc[k - 1].lower_ == "to"
                                         and not (k - 2 >= sent.start and doc[k - 2].lower_ == "on")):
        return False  # "the Secretary of State"; "trying to identify"; but "goes on to say"
    if token.lower_ in ("put", "puts"):  # "as Barnardo's put it", "put a figure of 200,000 on it"; not "put it to him"
        following = [t.lower_ for t in doc[k + 1:min(sent.end, k + 4)]]
        return (following[:1] == ["it"] and following[1:2] != ["to"]) or bool(_PUT_OBJECTS & set(following))
    if token.lower_ in _SHOW_VERBS:  # "Ofgem's figures show that …", not "the Order have shown real leadership"
        following = [t.lower_ for t in doc[k + 1:min(sent.end, k + 3)]]  # nor "the GLA has shown that it can"
        return bool(following) and (following[0] in {":", "how", "what", "why"} or (
            following[0] == "that" and following[1:2] not in (["it"], ["they"])))
    return token.lower_ in REPORTING_VERBS or (k + 1 < sent.end and (token.lower_, doc[k + 1].lower_) in REPORTING_PHRASES)


_PUT_OBJECTS = frozenset("figure figures estimate number cost costs".split())
_SHOW_VERBS = frozenset("show shows showed shown showing demonstrate demonstrates demonstrated".split())


def _preposition_before(doc: Doc, sent: Span, cand: Candidate, starts: set[int]) -> int | None:
    """The "by"/"from"/"of"/"for" governing S, skipping "the", a coordinated source ("by X and S") and titles."""
    j = cand.start - 1
    while j >= max(sent.start, cand.start - 8):
        word = doc[j].lower_
        if word in _PREPOSITIONS:
            return j
        if not (word in {"the", "a", "and", ",", "local"} or doc[j].is_title or doc[j].is_upper):
            return None
        j -= 1
    return None


def _content_follows(doc: Doc, sent: Span, start: int) -> bool:
    """A reporting verb, a colon or a quotation later in the sentence."""
    for k in range(start, sent.end):
        t = doc[k]
        if t.lower_ in REPORTING_VERBS or t.text in {":", "“", "\""} or _is_verb(doc, k, sent):
            return True
    return sent.end < len(doc) and sent.end > 0 and doc[sent.end - 1].text == ":"



#: Descriptions of a source named earlier in the speech: "the committee pointed out", "its report", "the review".
DESCRIPTION = re.compile(
    r"\b(?P<det>[Tt]he|[Ii]ts|[Tt]heir|[Tt]hat|[Tt]his)\s+(?P<head>committee|commission|review|report|council|board|campaign|"
    r"network|trust|foundation|society|institute|survey|study|authority|agency|inquiry|organisation|charity|union|"
    r"group|paper|association|briefing|research)\b")
_DOCUMENT_HEADS = frozenset("review report survey study paper inquiry briefing research".split())
#: The Government quoted from outside the debate (issue 15): every "the Government", "the Prime Minister",
#: "the Department" is a candidate; the detector decides which are cited.
GOVERNMENT_MENTION = re.compile(r"\b[Tt]he (?:Government(?!\s+of\b)|Prime Minister|Department(?!\s+(?:for|of)\b))")
#: The Committee's own evidence, where no witness is named (a Public Bill Committee's debates only).
COMMITTEE_EVIDENCE = {
    "Oral": re.compile(r"\b(?:evidence sessions?|witness sessions?|oral evidence|the witnesses|witnesses|evidence sittings?|"
                       r"(?:heard|received|took|taken|given|gave) (?:in )?evidence)\b", re.I),
    "Written": re.compile(r"\b(?:written evidence|memorand(?:um|a|ums)|witness statements|submissions? to the Committee)\b", re.I),
}


#: Bodies written in lower case, which neither the gazetteer nor NER names: "the Northern Ireland tourist
#: board", "the coastal access forum", "the council of the Isles of Scilly". One modifier at least (a bare
#: "the council" is a DESCRIPTION); the name is title-cased, so that it compares with the annotations'.
LOWERCASE_BODY = re.compile(
    r"\b[Tt]he\s+(?P<name>(?P<modifiers>(?:[A-Z][\w’'-]*\s+){0,3}(?:[a-z]+\s+(?:and\s+)?){0,3})"
    r"(?P<head>forum|commission|council|bureau|board|agency|authority|network|association|trust|society|institute|"
    r"centre|foundation|alliance|federation|partnership|management|high commission)"
    r"(?P<of>\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*){0,3})?)\b")
#: Modifiers that make no name of a head: "the local council", "the same authority".
_GENERIC_MODIFIERS = frozenset("""local national same other new whole previous former current relevant appropriate
regional county district city town parish health police their its our this that each every any
own first second main statutory independent""".split())
#: A report or inquiry known by a person's name: "the Patten report", "Bernard Gray's report", "the Ashdown
#: review", "the Patten recommendations"; all are "<Name> report" but a review, inquiry or commission.
NAMED_REPORT = re.compile(
    r"\b(?:[Tt]he\s+)?(?P<person>(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:['’]s)?\s+"
    r"(?P<head>report|review|inquiry|commission|proposals|recommendations)\b")
_NOT_PEOPLE = frozenset("""The This That These Those Its Their Our His Her Government Committee Select Commission
House Department Ministry Minister Bill Act Budget Treasury Home Foreign Office Audit Commons Lords Parliament
National Royal Annual Independent Strategic Interim Final First Second Latest Recent Local Public Joint Green White
European Law""".split())


def described_sources(sent: Span, earlier: list[Candidate], committee: str | None = None) -> list[Candidate]:
    """Candidates the rules do not name: descriptions resolved to a source named earlier in the speech
    ("its report" → the organisation named last; "the committee" → the last committee), the Government
    (every "the Government", "the Prime Minister", "the Department"), and a committee's own oral or
    written evidence. Origin "description"."""
    out: list[Candidate] = []
    for m in DESCRIPTION.finditer(sent.text):
        head, det = m.group("head"), m.group("det").lower()
        if head in _DOCUMENT_HEADS:
            kinds = {"organisation", "government"} if det in ("its", "their") else {"report", "statistics"}
            antecedent = next((c for c in reversed(earlier) if c.kind in kinds), None)
        else:
            antecedent = next((c for c in reversed(earlier) if source_key(c.name).split()[-1:] == [head]), None)
        if antecedent is not None and (span := _char_span(sent, m.start(), m.end())) is not None:
            out.append(Candidate(span.start, span.end, antecedent.name, antecedent.kind, "description"))
    for m in GOVERNMENT_MENTION.finditer(sent.text):
        if (span := _char_span(sent, m.start(), m.end())) is not None:
            out.append(Candidate(span.start, span.end, "HM Government", "government", "description"))
    for m in LOWERCASE_BODY.finditer(sent.text):
        modifiers = m.group("modifiers").split()
        if (modifiers or m.group("of")) and not _GENERIC_MODIFIERS & {w.lower() for w in modifiers} and not m.group("name").istitle() \
                and (span := _char_span(sent, m.start("name"), m.end("name"))) is not None:
            name = " ".join(w if w in ("of", "the", "and") else w[:1].upper() + w[1:] for w in m.group("name").split())
            out.append(Candidate(span.start, span.end, name, "organisation", "description"))
    for m in NAMED_REPORT.finditer(sent.text):
        person, head = m.group("person"), m.group("head")
        if person.split()[0] not in _NOT_PEOPLE and person.split()[-1] not in _NOT_PEOPLE \
                and (span := _char_span(sent, m.start("person"), m.end())) is not None:
            noun = "report" if head in ("proposals", "recommendations") else head
            out.append(Candidate(span.start, span.end, f"{person} {noun}", "report", "description"))
    if committee:
        for form, pattern in COMMITTEE_EVIDENCE.items():
            for m in pattern.finditer(sent.text):
                if (span := _char_span(sent, m.start(), m.end())) is not None:
                    out.append(Candidate(span.start, span.end, f"{form} evidence to the {committee}", "organisation", "description"))
    return out
