"""Claims and evidence marked up in a speech's text, in the style of displaCy's span view.

Spans may nest or overlap (a citation inside a claim sentence), so the text is cut at every span
boundary and each piece is wrapped in the marks that cover it. Every piece of transcript text and
every attribute value goes through ``escape``; only the tags written here are markup.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..record import Claim, Evidence


def _evidence_title(e: Evidence) -> str:
    parts = [f"{e.source} ({e.source_kind})", e.evidence_type]
    if e.statistics:
        parts.append("figures: " + ", ".join(e.statistics))
    return " · ".join(parts)


def highlight(text: str, claims: list[Claim], evidence: list[Evidence]) -> Markup:
    spans = [(c.start, c.end, "claim", c) for c in claims] + [(e.start, e.end, "evidence", e) for e in evidence]
    spans = [(max(0, s), min(len(text), e), kind, item) for s, e, kind, item in spans if 0 <= s < e]
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    last_piece = {id(item): max(c for c in cuts if c < end) for _, end, _, item in spans}
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = str(escape(text[a:b]))
        # Claims outside, citations inside; longer spans outside shorter ones.
        covering = sorted((sp for sp in spans if sp[0] <= a and b <= sp[1]), key=lambda sp: (sp[2] != "claim", sp[0] - sp[1]))
        for start, end, kind, item in reversed(covering):
            label = ""
            if last_piece[id(item)] == a:  # the label closes the span, as displaCy's does
                label = f'<span class="label">{"CLAIM" if kind == "claim" else escape(item.evidence_type.upper())}</span>'
            if kind == "claim":
                piece = f'<mark class="claim" data-claim-id="{escape(item.id)}">{piece}{label}</mark>'
            else:
                piece = (f'<mark class="evidence kind-{escape(item.evidence_type)}" data-evidence-id="{escape(item.id)}"'
                         f' data-source="{escape(item.source)}" title="{escape(_evidence_title(item))}">{piece}{label}</mark>')
        out.append(piece)
    return Markup("".join(out))
