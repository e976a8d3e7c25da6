"""Which stages run, in what order, built once and run on a record: the layer above the stages.

`stages.py` holds the Stage base class and its registry; importing this module registers the built-in
stages (procedure, stance, arguments) in run order, so nothing below it needs to import them.
"""
from __future__ import annotations

from .provenance import provenance
from .record import DebateRecord
from .stages import REGISTERED, RUN_ORDER, SEGMENT, SEGMENT_ASSIGNS, Stage

# Importing registers each built-in stage; registration order is run order.
from . import procedure  # noqa: E402,F401
from .stance import stage as stance_stage  # noqa: E402,F401
from .arguments import stage as arguments_stage  # noqa: E402,F401


def available_stages() -> list[str]:
    return list(RUN_ORDER)


def parse_stages(spec: str | None) -> list[str]:
    """Validate a --stages comma list; None means every stage. Returns names in run order."""
    names = available_stages()
    if spec is None or spec.strip() in ("", "all"):
        return names
    wanted = [s.strip() for s in spec.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in names]
    if unknown:
        raise ValueError(f"unknown stage {', '.join(map(repr, unknown))}; available: {', '.join(names)}")
    ordered = [n for n in names if n in wanted or n == SEGMENT]
    check_requirements(ordered)
    return ordered


def check_requirements(names: list[str]) -> None:
    """Raise ValueError (one line) when a stage requires a field no earlier stage assigns: `--stages
    segment,stance` would otherwise give stances toward no targets, a silently empty result."""
    assigned = set(SEGMENT_ASSIGNS)
    for name in names:
        if name == SEGMENT:
            continue
        cls = REGISTERED[name]
        missing = [field for field in cls.requires if field not in assigned]
        if missing:
            providers = [n for n in RUN_ORDER if n != SEGMENT and set(missing) & set(REGISTERED[n].assigns)]
            raise ValueError(f"stage {name!r} requires {', '.join(missing)}, which "
                             f"{' or '.join(map(repr, providers)) or 'no stage'} assigns: add it "
                             f"(--stages {','.join(n for n in RUN_ORDER if n in names or n in providers)})")
        assigned.update(cls.assigns)


def build_stages(names: list[str], precision: str | None = None) -> list[Stage]:
    """The stages of ``names`` (in run order), each loading its models once. ``precision``: the stance
    model's (fp32, bf16, int8; None or "auto": bf16 where the CPU has it natively, else int8)."""
    check_requirements(names)
    options = {"stance": {"quantize": precision or "auto"}}
    return [REGISTERED[n](**options.get(n, {})) for n in names if n != SEGMENT]


def run_stages(record: DebateRecord, stages: list[Stage]) -> DebateRecord:
    """Run ``stages`` on a segmented record and write its provenance."""
    for step in stages:
        step(record)
    record.provenance = provenance(stages)
    return record
