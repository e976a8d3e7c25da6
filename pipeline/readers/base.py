"""The reader interface: every input format turns a SourceDocument into a segmented DebateRecord."""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import ClassVar

from ..record import DebateRecord, Source
from ..source import SourceDocument


class Reader(ABC):
    """Reads one format. Subclasses register themselves with ``@register``.

    A reader segments: it fills speeches (speaker, time, text), events (headings and procedural lines,
    kind ``heading``/``procedural``/``narration``/``chair``), divisions that are structural in the
    source, title, date, body and warnings. Targets and outcomes are the procedure stage's job.
    """

    name: ClassVar[str]
    #: Lower runs first in ``--format auto`` detection.
    priority: ClassVar[int] = 50

    @abstractmethod
    def sniff(self, doc: SourceDocument) -> bool:
        """True if this reader recognises the document (cheap: looks at ``doc.head``)."""

    @abstractmethod
    def read(self, doc: SourceDocument) -> DebateRecord:
        """Parse the document; raise InputError for input that is not this format."""

    def new_record(self, doc: SourceDocument, record_id: str, **fields) -> DebateRecord:
        record = DebateRecord(
            id=record_id,
            source=Source(path=str(doc.path), format=self.name, sha256=doc.sha256),
            **fields,
        )
        return record


#: Reader classes by name; a new format is one module whose class is decorated with @register.
READERS: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    READERS[cls.name] = cls
    return cls


def text_record_id(reader: str, doc: SourceDocument) -> str:
    """Stable id for formats without their own: the format and a content hash."""
    return f"{reader}/{doc.sha256[:16]}"


_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")


def clean_text(text: str) -> str:
    """Collapse runs of spaces (incl. no-break) and strip."""
    return _SPACES.sub(" ", text).strip()
