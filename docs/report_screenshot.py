"""Screenshot of one speech in a `parlmine report` page, for the README (`make figures`).

Usage: python docs/report_screenshot.py REPORT.html SPEECH_ID OUT.png
Needs a chromium (Debian's `chromium`, or PARLMINE_CHROMIUM) and the dev extra's playwright.
"""
import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

report, speech_id, out = Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3]
chromium = os.environ.get("PARLMINE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if chromium is None:
    sys.exit("error: chromium not found (apt-get install chromium, or set PARLMINE_CHROMIUM)")
with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1000, "height": 1200}, device_scale_factor=1)
    page.goto(report.as_uri())
    speech = page.locator(f"[data-speech-id='{speech_id}']")
    speech.locator("mark.evidence").first.hover()  # show one source tooltip
    speech.screenshot(path=out)
    browser.close()
