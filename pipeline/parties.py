"""Party names and who was in government: shared by the readers and the stance features."""
from __future__ import annotations

import re
from datetime import date

#: Abbreviations and variants as printed by ParlParse, TheyWorkForYou and HanDeSeT → one name per party.
_CANONICAL = {
    "con": "Conservative", "conservative": "Conservative", "conservatives": "Conservative",
    "lab": "Labour", "labour": "Labour", "lab/co-op": "Labour", "lab co-op": "Labour",
    "labour/co-operative": "Labour", "labour co-operative": "Labour", "co-operative": "Labour",
    "ld": "Liberal Democrat", "lib dem": "Liberal Democrat", "libdem": "Liberal Democrat",
    "liberal democrat": "Liberal Democrat", "liberal democrats": "Liberal Democrat",
    "snp": "Scottish National Party", "scottish national party": "Scottish National Party",
    "pc": "Plaid Cymru", "plaid cymru": "Plaid Cymru",
    "dup": "Democratic Unionist Party", "democratic unionist party": "Democratic Unionist Party",
    "sdlp": "Social Democratic and Labour Party", "social democratic and labour party": "Social Democratic and Labour Party",
    "sf": "Sinn Féin", "sinn féin": "Sinn Féin", "sinn fein": "Sinn Féin",
    "uup": "Ulster Unionist Party", "ulster unionist party": "Ulster Unionist Party",
    "induu": "Independent Ulster Unionist", "ind uu": "Independent Ulster Unionist",
    "independent ulster unionist": "Independent Ulster Unionist",
    "ind": "Independent", "independent": "Independent",
    "ind con": "Independent Conservative", "independent conservative": "Independent Conservative",
    "ind lab": "Independent Labour", "independent labour": "Independent Labour",
    "green": "Green", "grn": "Green", "green party": "Green",
    "respect": "Respect", "ukip": "UK Independence Party", "uk independence party": "UK Independence Party",
    "alliance": "Alliance", "alliance party": "Alliance", "apni": "Alliance",
    "speaker": "Speaker", "deputy speaker": "Speaker",
    "cb": "Crossbench", "xb": "Crossbench", "crossbench": "Crossbench",
    "bp": "Bishops", "bishop": "Bishops", "bishops": "Bishops", "non-affiliated": "Non-affiliated",
    "reform uk": "Reform UK", "alba": "Alba", "alba party": "Alba", "change uk": "Change UK",
}

KNOWN_PARTIES = frozenset(_CANONICAL)

#: (from, until, parties in government) for the UK since 1979.
GOVERNMENTS: tuple[tuple[date, date, frozenset[str]], ...] = (
    (date(1979, 5, 4), date(1997, 5, 2), frozenset({"Conservative"})),
    (date(1997, 5, 2), date(2010, 5, 11), frozenset({"Labour"})),
    (date(2010, 5, 11), date(2015, 5, 8), frozenset({"Conservative", "Liberal Democrat"})),
    (date(2015, 5, 8), date(2024, 7, 5), frozenset({"Conservative"})),
    (date(2024, 7, 5), date(9999, 12, 31), frozenset({"Labour"})),
)

#: (from, until, the Official Opposition) for the UK since 1979: whose front bench "Shadow" roles are.
OPPOSITIONS: tuple[tuple[date, date, str], ...] = (
    (date(1979, 5, 4), date(1997, 5, 2), "Labour"),
    (date(1997, 5, 2), date(2010, 5, 11), "Conservative"),
    (date(2010, 5, 11), date(2024, 7, 5), "Labour"),
    (date(2024, 7, 5), date(9999, 12, 31), "Conservative"),
)

_GOVERNMENT_ROLE = re.compile(
    r"\b(?:Prime Minister|Minister|Secretary of State|Under-Secretary|Parliamentary Secretary|Solicitor General"
    r"|Attorney General|Chancellor of the Exchequer|Chief Secretary|Financial Secretary|Economic Secretary"
    r"|Exchequer Secretary|Paymaster General|Leader of the House|Lord Commissioner|Government Whip"
    r"|Treasurer of Her Majesty|Comptroller of Her Majesty|Vice-Chamberlain)\b",
    re.I,
)
_CHAIR_ROLE = re.compile(r"\b(?:Chair|Chairman|Speaker|Deputy Speaker|Chairman of Ways and Means|Lord Speaker)\b", re.I)


def canonical_party(name: str | None) -> str | None:
    if not name:
        return None
    key = re.sub(r"\s+", " ", name.strip().lower())
    return _CANONICAL.get(key, name.strip())


def governing_parties(on: date | str | None) -> frozenset[str]:
    if on is None:
        return frozenset()
    day = date.fromisoformat(on) if isinstance(on, str) else on
    return next((parties for start, end, parties in GOVERNMENTS if start <= day < end), frozenset())


def official_opposition(on: date | str | None) -> str | None:
    if on is None:
        return None
    day = date.fromisoformat(on) if isinstance(on, str) else on
    return next((party for start, end, party in OPPOSITIONS if start <= day < end), None)


def governing_when_opposing(party: str | None) -> frozenset[str]:
    """The parties in government whenever ``party`` was the Official Opposition: what an undated
    Opposition motion tells of who governs (HanDeSeT gives no dates). Labour: the Conservatives;
    the Conservatives: Labour; a party that never was the Official Opposition: nothing."""
    periods = [(start, end) for start, end, opposition in OPPOSITIONS if opposition == party]
    governments = [parties for start, end in periods for g_start, g_end, parties in GOVERNMENTS if g_start < end and start < g_end]
    return frozenset.intersection(*governments) if governments else frozenset()


def is_shadow_role(role: str | None) -> bool:
    return bool(role) and role.lower().lstrip().startswith(("shadow", "the shadow"))


def is_government_role(role: str | None) -> bool:
    """A Minister or other Government office holder (not a Shadow one)."""
    return bool(role) and "shadow" not in role.lower() and bool(_GOVERNMENT_ROLE.search(role))


def is_chair_role(role: str | None) -> bool:
    return bool(role) and "shadow" not in role.lower() and bool(_CHAIR_ROLE.search(role)) and not is_government_role(role)
