"""`parlmine report`: one self-contained HTML page for a run (no scripts, no external resources).

Statistics and charts come from the DuckDB queries of `stats`; the page is a Jinja2 template with
autoescaping on, so transcript text can never become markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..output import atomic_path
from ..record import DebateRecord, Speech, Target
from ..stance.labels import speaker_info
from .charts import stance_chart_uri
from .highlight import highlight
from .records import expand_inputs, iter_records
from .stats import connect, stance_distribution, top_sources_by_party, vote_agreement
from .tables import load_tables, sittings

PROCEDURE_SHOWN = {"question_proposed", "question_put", "division", "agreed", "negatived", "withdrawn",
                   "not_moved", "stand_part", "amendment_made", "amendment_proposed", "heading", "narration"}


def target_label(target: Target | None, target_id: str) -> str:
    if target is None or not target.number:
        return target_id.replace("-", " ").replace("_", " ")
    return f"{target.kind.replace('_', ' ')} {target.number}"


@dataclass
class Badge:
    target: str
    target_label: str
    label: str
    scores: str


@dataclass
class Item:
    kind: str  # "speech" or an event kind
    seq: int
    html: Markup
    speech: Speech | None = None
    party: str | None = None
    badges: list[Badge] | None = None


@dataclass
class TargetRow:
    target: Target
    label: str
    division: str | None


@dataclass
class DebateView:
    record: DebateRecord
    anchor: str
    targets: list[TargetRow]
    items: list[Item]
    chart: str | None
    speeches: int


def _division_text(record: DebateRecord, target_id: str) -> str | None:
    found = [d for d in record.divisions if d.target == target_id]
    if not found:
        return None
    return "; ".join(
        f"{'Division ' + str(d.number) + ': ' if d.number else ''}Ayes {d.ayes}, Noes {d.noes}" + (f" ({d.result})" if d.result else "")
        for d in found)


def _badge_title(stance) -> str:
    """The badge's tooltip: the scores, then the sentence that shows the stance (its cue)."""
    scores = " · ".join(f"{k} {v:.2f}" for k, v in sorted(stance.scores.items(), key=lambda kv: -kv[1]))
    return f"{scores}\n“{stance.cue.text}”" if stance.cue else scores


def _debate_view(record: DebateRecord, n: int, chart_rows: list[tuple]) -> DebateView:
    labels = {t.id: target_label(t, t.id) for t in record.targets}
    items: list[Item] = []
    for item in record.items():
        if isinstance(item, Speech):
            badges = [Badge(st.target, labels.get(st.target, st.target), st.label, _badge_title(st)) for st in item.stances]
            items.append(Item("speech", item.seq, highlight(item.text, item.claims, item.evidence), speech=item,
                              party=speaker_info(item.speaker, record).party, badges=badges))
        elif item.kind in PROCEDURE_SHOWN:
            items.append(Item(item.kind, item.seq, highlight(item.text, item.claims, item.evidence)))
    chart = None
    if chart_rows:
        chart = stance_chart_uri([(labels.get(r[0], r[0]), *r[1:]) for r in chart_rows], "Stance by target")
    return DebateView(
        record=record, anchor=f"debate-{n}",
        targets=[TargetRow(t, labels[t.id], _division_text(record, t.id)) for t in record.targets],
        items=items, chart=chart, speeches=len(record.speeches),
    )


def _slug(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "unknown").lower()).strip("-") or "unknown"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("parlmine.analysis", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["zip"] = zip
    env.filters["slug"] = _slug
    env.filters["pct"] = lambda v: "–" if v is None else f"{v:.0%}"
    env.filters["num"] = lambda v: "–" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))
    return env


def render_report(inputs: Iterable[Path | str], output: Path | str, title: str | None = None) -> dict[str, int]:
    """Write the report atomically; returns counts (debates, speeches) for the caller's summary line."""
    paths = expand_inputs(inputs)
    light = sittings(paths)
    tables = load_tables(paths, ["stances", "evidence"], light)
    con = connect(tables)
    by_party = stance_distribution(con, "party")
    by_target = stance_distribution(con, "target")
    per_debate: dict[str, list[tuple]] = {}
    for debate_id, target, _n, support, oppose, neutral, *_ in by_target.rows:
        per_debate.setdefault(debate_id, []).append((target, support, oppose, neutral))
    counts = {"debates": 0, "speeches": 0}

    def debates() -> Iterator[DebateView]:
        for n, record in enumerate(iter_records(paths), 1):
            counts["debates"] += 1
            counts["speeches"] += len(record.speeches)
            yield _debate_view(record, n, per_debate.get(record.id, []))

    context = dict(
        title=title or "parlmine report: " + ", ".join(p.name for p in paths),
        inputs=[str(p) for p in paths], version=__version__,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        by_party=by_party, agreement=vote_agreement(con, None), agreement_by_party=vote_agreement(con, "party"),
        sources=top_sources_by_party(con, 5), stance_rows=tables["stances"].num_rows,
        party_chart=stance_chart_uri([r[:1] + r[2:5] for r in by_party.rows], "Stance by party") if by_party.rows else None,
        debates=debates(), index=[(f"debate-{i}", (r.title or r.id, r.date, r.body)) for i, r in enumerate(light, 1)],
    )
    template = _environment().get_template("report.html.j2")
    with atomic_path(output) as tmp:
        with tmp.open("w", encoding="utf-8") as fh:
            for chunk in template.generate(**context):
                fh.write(chunk)
    return counts

