"""The gazetteer of sources MPs cite (charities, think tanks, public bodies, statistics, reports) and
the one normalisation every comparison of source names uses.

Entries are JSON lines ``{"name", "kind", "aliases", "former_names", "cited_as"}`` (``pipeline/data/sources.jsonl``, installed as ``parlmine/data/sources.jsonl``;
users add their own file). ``former_names`` (optional) lists a renamed body's earlier names, each
``{"name", "until"}`` with the ISO date the next name took effect, so that a 2009 debate's "Foreign
Office" is written as the Foreign and Commonwealth Office and a 2021 one's as the FCDO. They become
patterns of spaCy's `entity_ruler`, matched on ``NORM`` so that case and
curly or straight apostrophes do not matter; the entity label is the source kind in capitals and
the entity id the normalised name.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

KINDS = ("organisation", "report", "person", "government", "statistics")
#: Entity labels the gazetteer writes: the kind in capitals.
LABELS = {kind.upper(): kind for kind in KINDS}

TITLES = ("sir", "dame", "lord", "lady", "baroness", "baron", "professor", "prof", "dr", "rev", "reverend",
          "councillor", "cllr", "mr", "mrs", "ms", "miss", "mx",
          # ranks: "General Sir David Richards", then "as General Richards said"
          "general", "major", "colonel", "brigadier", "captain", "admiral", "commodore", "commander", "lieutenant",
          "marshal", "sergeant", "corporal")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    #: earlier names, matched like aliases and written for debates before ``until``
    former_names: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (name, until ISO date), oldest first
    #: the source a citation of this body names instead: a UK department quoted is "HM Government"
    #: (tests/fixtures/CITATIONS.md, issue 15's adjudicated cases)
    cited_as: str | None = None

    @property
    def cited_name(self) -> str:
        return self.cited_as or self.name

    @property
    def names(self) -> tuple[str, ...]:
        """Every text that names the body: its name, aliases and former names."""
        return (self.name, *self.aliases, *(name for name, _ in self.former_names))

    def name_on(self, date: str | None) -> str:
        """The name the body had on ``date`` (an ISO date; None or unknown: today's name)."""
        for name, until in self.former_names:
            if date and date[:10] < until:
                return name
        return self.name


def source_key(name: str) -> str:
    """A comparison key: case, apostrophes, a leading "the", titles of people and punctuation ignored.

    "Barnardo’s", "Barnardos" and "barnardo's" share a key; so do "Sir Robert Francis" and "Robert Francis",
    and "General Sir David Richards" and "Sir David Richards".
    """
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).lower()
    text = re.sub(r"'s\b", "s", text).replace("'", "")
    words = re.sub(r"[^\w\s&-]", " ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def load_sources(paths: Iterable[str | Path]) -> list[Source]:
    """Read gazetteer files; later files add to (and may re-kind) earlier entries."""
    by_key: dict[str, Source] = {}
    for path in paths:
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(path, f"cannot read gazetteer ({exc.strerror or exc})") from None
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                row = json.loads(line)
                former = sorted(((str(f["name"]), _iso_date(f["until"])) for f in row.get("former_names", [])),
                                key=lambda f: f[1])
                source = Source(str(row["name"]), str(row["kind"]), tuple(str(a) for a in row.get("aliases", [])),
                                tuple(former), row.get("cited_as"))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(path, f"line {n} is not a gazetteer entry ({exc})") from None
            if source.kind not in KINDS:
                raise InputError(path, f"line {n}: kind {source.kind!r} is not one of {', '.join(KINDS)}")
            by_key[source_key(source.name)] = source
    return list(by_key.values())


def _iso_date(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text)):
        raise ValueError(f"former name date {text!r} is not YYYY-MM-DD")
    return str(text)


def period_names(sources: Sequence[Source]) -> Callable[[str, str | None], str]:
    """(a source name parlmine wrote, the debate's date) → the name the body had that day."""
    by_name = {s.name: s for s in sources if s.former_names and not s.cited_as}
    return lambda name, date: by_name[name].name_on(date) if name in by_name else name


def ruler_patterns(sources: Sequence[Source]) -> list[dict]:
    """`entity_ruler` phrase patterns: every name, alias and former name, without a leading "the"."""
    patterns = []
    for source in sources:
        for text in source.names:
            text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
            if text:
                patterns.append({"label": source.kind.upper(), "pattern": text, "id": source.cited_name})
    return patterns
