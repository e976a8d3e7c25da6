"""The analysis notebook runs top to bottom on a real run (so it never goes stale), and what it
reports agrees with `parlmine stats`."""
from __future__ import annotations

import json

import nbformat
from nbclient import NotebookClient

from conftest import ROOT, parlmine_cli

NOTEBOOK = ROOT / "notebooks" / "stance_distributions.ipynb"


def execute(path, run, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("PARLMINE_RUN", str(run))  # the kernel inherits the environment
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def outputs(nb):
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]


def test_stance_distributions_notebook(annotated_run, monkeypatch):
    nb = execute(NOTEBOOK, annotated_run, monkeypatch)
    assert not [o for o in outputs(nb) if o.output_type == "error"]
    figures = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    assert len(figures) == 4  # stance by party, by target, vote confusion matrix, confidence
    printed = "".join(o.get("text", "") for o in outputs(nb) if o.output_type == "stream")
    stats = json.loads(parlmine_cli("stats", annotated_run, "--json").stdout)
    [agreement] = stats["vote_agreement"]["rows"]
    assert (f"pairs with a vote: {agreement['n']}  accuracy: {agreement['accuracy']:.3f}  "
            f"Cohen's kappa: {agreement['kappa']:.3f}") in printed


def test_notebook_without_votes(tmp_path, annotated_run, monkeypatch):
    """A run over page text and news reports (no named votes) still runs, and says so."""
    samples = [line for line in annotated_run.read_text(encoding="utf-8").splitlines()
               if json.loads(line)["source"]["format"] in ("twfy-text", "news")]
    assert len(samples) == 2 and all(not d["votes"] for line in samples for d in json.loads(line)["divisions"])
    run = tmp_path / "samples.jsonl"
    run.write_text("\n".join(samples) + "\n", encoding="utf-8")
    nb = execute(NOTEBOOK, run, monkeypatch)
    printed = "".join(o.get("text", "") for o in outputs(nb) if o.output_type == "stream")
    assert "No speech in this run has a division vote on its target." in printed
    assert len([o for o in outputs(nb) if "image/png" in o.get("data", {})]) == 3


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
