"""`parlmine annotate` as a batch job: input lists, shards, workers, Ray, resume after kill -9,
recorded failures, progress. Real transcripts throughout; the fast stages keep it quick."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NEWS, PARLPARSE, ROOT, SEED, STANDING, parlmine_cli

FAST = ("--stages", "segment,procedure,arguments")


def parlmine(*args, **options) -> subprocess.CompletedProcess:
    """`parlmine annotate ARGS…`"""
    return parlmine_cli("annotate", *args, **options)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The samples and the four committee sittings, one process, one output file."""
    out = tmp_path_factory.mktemp("ref") / "all.jsonl"
    done = parlmine(SEED, NEWS, STANDING, *FAST, "--workers", "1", "-o", out)
    assert done.returncode == 0, done.stderr
    assert len(lines(out)) == 6
    return out


def test_workers_give_the_same_records_in_the_same_order(tmp_path, reference):
    out = tmp_path / "two.jsonl"
    done = parlmine(SEED, NEWS, STANDING, *FAST, "--workers", "2", "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == reference.read_bytes()
    paths = [json.loads(line)["source"]["path"] for line in lines(out)]
    assert paths == sorted(paths)


def test_from_list_file_and_stdin(tmp_path, reference):
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# nightly\n{SEED}\n\n{NEWS}\n{STANDING}\n")
    out = tmp_path / "listed.jsonl"
    assert parlmine("--from-list", listing, *FAST, "-o", out).returncode == 0
    assert out.read_bytes() == reference.read_bytes()
    piped = tmp_path / "piped.jsonl"
    assert parlmine(SEED, "--from-list", "-", *FAST, "-o", piped, stdin=f"{NEWS}\n{STANDING}\n").returncode == 0
    assert piped.read_bytes() == reference.read_bytes()


def test_shards_hold_the_records_in_order(tmp_path, reference):
    shards = tmp_path / "shards"
    done = parlmine(SEED, NEWS, STANDING, *FAST, "--out-dir", shards, "--shard-size", "4")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in shards.iterdir()) == ["part-00000.jsonl", "part-00001.jsonl"]
    assert [len(lines(p)) for p in sorted(shards.iterdir())] == [4, 2]
    assert "".join(p.read_text() for p in sorted(shards.iterdir())) == reference.read_text()
    again = parlmine(SEED, *FAST, "--out-dir", shards)
    assert again.returncode == 2 and "already holds shards" in again.stderr


def test_ray_engine_gives_the_local_engines_records(tmp_path, reference):
    out = tmp_path / "ray.jsonl"
    done = parlmine(SEED, NEWS, STANDING, *FAST, "--engine", "ray", "--workers", "2", "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == reference.read_bytes()


def test_resume_after_kill_minus_nine_gives_exactly_the_clean_run(tmp_path):
    inputs = sorted(p for folder in ("standing", "westminhall", "wms", "debates") for p in (PARLPARSE / folder).glob("*.xml"))
    listing = tmp_path / "inputs.txt"
    listing.write_text("".join(f"{p}\n" for p in inputs))
    clean, killed = tmp_path / "clean.jsonl", tmp_path / "killed.jsonl"
    assert parlmine("--from-list", listing, *FAST, "--workers", "1", "-o", clean, "-q").returncode == 0
    partial = tmp_path / ".killed.jsonl.partial"
    proc = subprocess.Popen([sys.executable, "-m", "parlmine.cli", "annotate", "--from-list", str(listing), *FAST,
                             "--workers", "1", "-o", str(killed), "-q"], cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    deadline = time.time() + 300
    while time.time() < deadline and not (partial.exists() and len(partial.read_bytes().splitlines()) >= 3):
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not killed.exists() and partial.exists()
    written = len(partial.read_bytes().splitlines())
    assert 3 <= written < len(lines(clean))
    with partial.open("a") as fh:
        fh.write('{"schema_version": "1", "id": "torn wri')  # a line cut off mid-write
    resumed = parlmine("--from-list", listing, *FAST, "--workers", "1", "-o", killed, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "already written, resumed" in resumed.stderr
    assert killed.read_bytes() == clean.read_bytes()
    assert not partial.exists()


def test_failures_are_recorded_and_the_run_goes_on(tmp_path):
    empty, binary = tmp_path / "a-empty.txt", tmp_path / "b-binary.txt"
    empty.write_text("")
    binary.write_bytes(bytes(range(256)) * 40)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = parlmine(empty, SEED, binary, NEWS, *FAST, "-o", out, "--errors", errors)
    assert done.returncode == 1
    assert len(lines(out)) == 2
    recorded = [json.loads(line) for line in lines(errors)]
    assert [(e["path"], e["stage"], e["error"]) for e in recorded] == [
        (str(empty), "segment", "InputError"), (str(binary), "segment", "InputError")]
    assert "empty" in recorded[0]["message"] and "binary" in recorded[1]["message"]
    assert "2 failed" in done.stderr and f"failures listed in {errors}" in done.stderr
    # --fail-fast: stop at the first failure (inputs run in path order); what came before it is kept.
    (tmp_path / "c-seed.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "d-binary.txt").write_bytes(binary.read_bytes())
    (tmp_path / "e-news.txt").write_bytes(NEWS.read_bytes())
    first = parlmine(tmp_path / "c-seed.txt", tmp_path / "d-binary.txt", tmp_path / "e-news.txt", *FAST, "-o", tmp_path / "ff.jsonl",
                     "--fail-fast", "--workers", "1")
    assert first.returncode == 1 and "--fail-fast" in first.stderr
    assert [json.loads(line)["source"]["path"] for line in lines(tmp_path / "ff.jsonl")] == [str(tmp_path / "c-seed.txt")]


def test_progress_lines_when_not_a_terminal_and_quiet(tmp_path):
    done = parlmine(SEED, NEWS, *FAST, "-o", tmp_path / "p.jsonl", "--log-every", "0", "--workers", "1")
    progress = [line for line in done.stderr.splitlines() if line.startswith("progress: ")]
    assert progress[-1].startswith("progress: 2/2 inputs") and "words/s" in progress[-1] and "0 errors" in progress[-1]
    quiet = parlmine(SEED, NEWS, *FAST, "-o", tmp_path / "q.jsonl", "--log-every", "0", "-q")
    assert quiet.returncode == 0 and quiet.stderr.strip() == ""


def test_a_missing_model_stops_the_run_with_one_error(tmp_path):
    done = parlmine(SEED, NEWS, "-o", tmp_path / "x.jsonl", "--workers", "2", env={"PARLMINE_STANCE_MODEL": str(tmp_path / "none")})
    assert done.returncode == 2
    assert [line for line in done.stderr.splitlines() if line.startswith("error:")] == [
        line for line in done.stderr.splitlines() if "stance model not found" in line]
    assert list(tmp_path.iterdir()) == []  # no output, no partial file left behind


def test_progress_bar_on_a_terminal_shows_inputs_speeches_rate_and_errors():
    import io

    from parlmine.batch.progress import Progress

    stream = io.StringIO()
    progress = Progress(total=3, stream=stream, bar=True)
    progress.update(speeches=110, words=25_000)
    progress.update(error=True)
    progress.close()
    shown = stream.getvalue()
    assert "2/3" in shown and "110 speeches" in shown and "words/s" in shown and "1 errors" in shown
