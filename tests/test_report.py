"""`parlmine report` rendered in a real browser (Debian's chromium, driven headless by Playwright):
the DOM is read through the browser, not by matching strings in the file."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import NEWS, SEED, parlmine_cli

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    configured = os.environ.get("PARLMINE_CHROMIUM")
    if configured:
        return configured
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        message = "chromium not found: install Debian's chromium (apt-get install chromium) or set PARLMINE_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(message + " — .ci/run installs it, so CI must not skip the browser tests")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # --no-sandbox: CI runs as root in a container, where chromium's sandbox cannot start.
        launched = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def seed_record(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "seed.jsonl"
    result = parlmine_cli("annotate", SEED, NEWS, "-q", "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def open_report(browser, jsonl: Path, html: Path, errors: list[str] | None = None):
    result = parlmine_cli("report", jsonl, "-o", html)
    assert result.returncode == 0, result.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    if errors is not None:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(html.as_uri())
    return page


def test_seed_report_in_the_browser(browser, seed_record, tmp_path):
    records = [json.loads(line) for line in seed_record.read_text(encoding="utf-8").splitlines()]
    errors: list[str] = []
    page = open_report(browser, seed_record, tmp_path / "report.html", errors)

    # Speeches: every one, in order, under its id.
    speech_ids = page.eval_on_selector_all("[data-speech-id]", "els => els.map(e => e.dataset.speechId)")
    assert speech_ids == [s["id"] for r in records for s in sorted(r["speeches"], key=lambda s: s["seq"])]

    # Stance badges: one per (speech, target), with the record's label.
    badges = page.eval_on_selector_all(
        "[data-speech-id]",
        "els => els.map(e => [...e.querySelectorAll('.badge[data-target]')].map(b => [b.dataset.target, b.dataset.label]))")
    expected = [[[st["target"], st["label"]] for st in s["stances"]]
                for r in records for s in sorted(r["speeches"], key=lambda s: s["seq"])]
    assert badges == expected and sum(map(len, badges)) > 20

    # Highlights: each citation's marks, read back as text, are exactly its span of the speech.
    marked = page.evaluate("""() => {
        const out = {};
        for (const m of document.querySelectorAll('mark.evidence[data-evidence-id]')) {
            const copy = m.cloneNode(true);
            copy.querySelectorAll('.label').forEach(l => l.remove());
            const id = m.dataset.evidenceId;
            out[id] = out[id] || {text: '', title: m.title, source: m.dataset.source};
            out[id].text += copy.textContent;
        }
        return out;
    }""")
    cited = {e["id"]: e for r in records for item in r["speeches"] + r["events"] for e in item["evidence"]}
    assert set(marked) == set(cited)
    for eid, e in cited.items():
        assert marked[eid]["text"] == e["text"]
        assert marked[eid]["source"] == e["source"] and e["source"] in marked[eid]["title"]
    claims = page.eval_on_selector_all("mark.claim[data-claim-id]", "els => new Set(els.map(e => e.dataset.claimId)).size")
    assert claims == sum(len(item["claims"]) for r in records for item in r["speeches"] + r["events"])

    # The seed page's must-shows, as the browser displays them.
    barnardos = page.locator("mark.evidence[data-source=\"Barnardo's\"]").first
    assert "testimony" in barnardos.get_attribute("title")
    barnardos.hover()  # the source appears on hover (a CSS tooltip from data-source)
    tooltip = page.evaluate("() => getComputedStyle(document.querySelector('mark.evidence[data-source=\"Barnardo\\'s\"]:hover'), '::after').content")
    assert "Barnardo" in tooltip
    row = page.locator("table.targets tr[data-target-id='amendment-47']")
    assert "Ayes 4, Noes 7" in row.locator("td.division").inner_text()
    assert page.locator("table.targets tr[data-target-id='amendment-55'] td.outcome").inner_text() == "withdrawn"

    # Charts are embedded images the browser could decode; no script, no external request.
    sizes = page.eval_on_selector_all("img.chart", "els => els.map(i => [i.complete, i.naturalWidth])")
    assert len(sizes) >= 3 and all(done and width > 100 for done, width in sizes)
    assert page.evaluate("() => document.scripts.length") == 0
    assert errors == []

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    from PIL import Image

    with Image.open(shot) as image:
        assert image.width == 1280 and image.height > 3000  # the whole page: two debates, 30 speeches
        low, high = image.convert("L").getextrema()
        assert high - low > 100  # not a blank page
    page.close()


PAYLOADS = {
    "script": "<script>window.__pwned = 'script'</script>",
    "img": '<img src=x onerror="window.__pwned = \'img\'">',
    "attr": '" onmouseover="window.__pwned = \'attr\'" x="',
    "svg": "<svg onload=\"window.__pwned='svg'\"></svg>",
}


def test_transcript_text_cannot_become_markup(browser, seed_record, tmp_path):
    """Payloads in every field the report prints: speech text (inside and outside highlighted
    spans), speaker, party, role, target text, evidence source, debate title."""
    record = next(r for r in map(json.loads, seed_record.read_text(encoding="utf-8").splitlines())
                  if r["source"]["format"] == "twfy-text")
    payload = " ".join(PAYLOADS.values())
    speech = next(s for s in record["speeches"] if s["evidence"])
    speech["text"] = payload + " " + speech["text"] + " " + payload
    shift = len(payload) + 1
    for item in speech["claims"] + speech["evidence"]:
        item["start"] += shift
        item["end"] += shift
    speech["evidence"][0]["start"] = 0  # a highlight that starts inside the payload
    speech["evidence"][0]["source"] = PAYLOADS["attr"]
    speech["speaker"].update(name=PAYLOADS["script"], party=PAYLOADS["img"], role=PAYLOADS["svg"])
    record["targets"][0]["text"] = PAYLOADS["img"]
    record["title"] = PAYLOADS["script"]
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")

    errors: list[str] = []
    page = open_report(browser, hostile, tmp_path / "hostile.html", errors)
    page.locator(f"[data-speech-id='{speech['id']}'] mark.evidence").first.hover()
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => document.scripts.length") == 0
    assert page.evaluate("() => document.querySelectorAll('[onerror], [onload], [onmouseover], img:not(.chart), svg').length") == 0
    # The payloads are shown as text, where they were.
    shown = page.locator(f"[data-speech-id='{speech['id']}']")
    assert shown.locator(".speaker").inner_text() == PAYLOADS["script"]
    assert shown.locator(".party").inner_text() == PAYLOADS["img"]
    assert shown.locator(".text").inner_text().startswith(PAYLOADS["script"])
    assert page.locator("h2").nth(1).inner_text() == PAYLOADS["script"]
    assert shown.locator("mark.evidence").first.get_attribute("data-source") == PAYLOADS["attr"]
    assert errors == []
    page.close()
