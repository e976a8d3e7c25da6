"""The gazetteer of sources MPs cite (charities, think tanks, public bodies, statistics, reports) and
the one normalisation every comparison of source names uses.

Entries are JSON lines ``{"name", "kind", "aliases"}`` (``configs/sources.jsonl``; users add their
own file). They become patterns of spaCy's `entity_ruler`, matched on ``NORM`` so that case and
curly or straight apostrophes do not matter; the entity label is the source kind in capitals and
the entity id the normalised name.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

KINDS = ("organisation", "report", "person", "government", "statistics")
#: Entity labels the gazetteer writes: the kind in capitals.
LABELS = {kind.upper(): kind for kind in KINDS}

TITLES = ("sir", "dame", "lord", "lady", "baroness", "baron", "professor", "prof", "dr", "rev", "reverend",
          "councillor", "cllr", "mr", "mrs", "ms", "miss", "mx")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


def source_key(name: str) -> str:
    """A comparison key: case, apostrophes, a leading "the", titles of people and punctuation ignored.

    "Barnardo’s", "Barnardos" and "barnardo's" share a key; so do "Sir Robert Francis" and "Robert Francis".
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
                source = Source(str(row["name"]), str(row["kind"]), tuple(str(a) for a in row.get("aliases", [])))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(path, f"line {n} is not a gazetteer entry ({exc})") from None
            if source.kind not in KINDS:
                raise InputError(path, f"line {n}: kind {source.kind!r} is not one of {', '.join(KINDS)}")
            by_key[source_key(source.name)] = source
    return list(by_key.values())


def ruler_patterns(sources: Sequence[Source]) -> list[dict]:
    """`entity_ruler` phrase patterns: every name and alias, without a leading "the"."""
    patterns = []
    for source in sources:
        for text in (source.name, *source.aliases):
            text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
            if text:
                patterns.append({"label": source.kind.upper(), "pattern": text, "id": source.name})
    return patterns
