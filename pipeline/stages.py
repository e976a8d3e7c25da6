"""Pipeline stages, after spaCy's components: a declared name, what each `requires` and `assigns`,
a side-effect-free ``predict`` and a ``set_annotations`` that writes to the record."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Callable, ClassVar

from .record import DebateRecord, ModelInfo

#: Reading and segmenting is done by the reader; it always runs and is named here for --stages.
SEGMENT = "segment"
#: What the reader (the `segment` stage) writes.
SEGMENT_ASSIGNS = ("speeches", "events", "title", "date", "body")

REGISTERED: dict[str, Callable[..., "Stage"]] = {}
RUN_ORDER: list[str] = [SEGMENT]


class Stage(ABC):
    name: ClassVar[str]
    #: Record fields the stage writes (like spaCy's ``assigns``).
    assigns: ClassVar[tuple[str, ...]]
    #: Record fields an earlier stage must have written (like spaCy's ``requires``).
    requires: ClassVar[tuple[str, ...]] = ("speeches",)
    #: Numeric precision of the stage's model, where it has a choice (the stance transformer).
    precision: str | None = None

    def models(self) -> list[ModelInfo]:
        """The models the stage loaded, with their SHA-256 (for each record's provenance)."""
        return []

    @abstractmethod
    def predict(self, record: DebateRecord) -> Any:
        """Compute annotations for the record without changing it."""

    @abstractmethod
    def set_annotations(self, record: DebateRecord, annotations: Any) -> None:
        """Write the annotations from ``predict`` into the record."""

    def __call__(self, record: DebateRecord) -> DebateRecord:
        self.set_annotations(record, self.predict(record))
        return record


def stage(cls: type[Stage]) -> type[Stage]:
    """Register a stage class under its ``name``; registration order is run order."""
    REGISTERED[cls.name] = cls
    if cls.name not in RUN_ORDER:
        RUN_ORDER.append(cls.name)
    return cls
