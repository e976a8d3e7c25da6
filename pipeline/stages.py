"""Pipeline stages, after spaCy's components: a declared name and outputs, a side-effect-free
``predict`` and a ``set_annotations`` that writes to the record."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Callable, ClassVar

from .record import DebateRecord

#: Reading and segmenting is done by the reader; it always runs and is named here for --stages.
SEGMENT = "segment"

_FACTORIES: dict[str, Callable[..., "Stage"]] = {}
_ORDER: list[str] = [SEGMENT]


class Stage(ABC):
    name: ClassVar[str]
    #: Record fields the stage writes (like spaCy's ``assigns``).
    assigns: ClassVar[tuple[str, ...]]

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
    _FACTORIES[cls.name] = cls
    if cls.name not in _ORDER:
        _ORDER.append(cls.name)
    return cls


def available_stages() -> list[str]:
    _load_builtin()
    return list(_ORDER)


def parse_stages(spec: str | None) -> list[str]:
    """Validate a --stages comma list; None means every stage. Returns names in run order."""
    names = available_stages()
    if spec is None or spec.strip() in ("", "all"):
        return names
    wanted = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in names]
    if unknown:
        raise ValueError(f"unknown stage {', '.join(map(repr, unknown))}; available: {', '.join(names)}")
    return [n for n in names if n in wanted or n == SEGMENT]


def build_stages(names: list[str]) -> list[Stage]:
    _load_builtin()
    return [_FACTORIES[n]() for n in names if n != SEGMENT]


def _load_builtin() -> None:
    # Importing registers the stages, in run order.
    from . import procedure  # noqa: F401
    from .stance import stage as stance_stage  # noqa: F401
    from .arguments import stage as arguments_stage  # noqa: F401
