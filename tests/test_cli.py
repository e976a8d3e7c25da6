"""The `parlmine` command line end to end: real inputs, bad inputs, atomic output, validation."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NEWS, ROOT, SEED, STANDING
from conftest import parlmine_cli as run

SECRET = "TOP-SECRET-7f3a9c"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    files = {
        "empty": "",
        "binary": bytes(range(256)) * 40,
        "truncated": STANDING.joinpath("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml").read_bytes()[:30000],
        "external_entity": (
            f'<?xml version="1.0"?>\n<!DOCTYPE publicwhip [<!ENTITY s SYSTEM "file://{secret}">]>\n'
            '<publicwhip><speech id="x.1" speakername="A B"><p>&s;</p></speech></publicwhip>'
        ),
        "billion_laughs": (
            '<?xml version="1.0"?>\n<!DOCTYPE publicwhip [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
            '<publicwhip><speech id="x.1" speakername="A B"><p>&d;</p></speech></publicwhip>'
        ),
        "html_page": "<!DOCTYPE html><html><head><title>Cheap flights to Malaga</title></head><body><p>Book now and save.</p></body></html>",
    }
    paths = {}
    for name, content in files.items():
        path = tmp_path / f"{name}.{'xml' if name in ('truncated', 'external_entity', 'billion_laughs') else 'txt'}"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        paths[name] = path
    paths["missing"] = tmp_path / "does-not-exist.txt"
    return paths


def test_annotate_samples_writes_valid_records(tmp_path):
    out = tmp_path / "samples.jsonl"
    result = run("annotate", SEED, NEWS, "-o", out)
    assert result.returncode == 0, result.stderr
    records = read_jsonl(out)
    assert [r["source"]["format"] for r in records] == ["news", "twfy-text"]  # sorted by path
    assert "wrote 2 records" in result.stderr
    checked = run("validate", out)
    assert checked.returncode == 0 and "2 records, 0 invalid" in checked.stdout


def test_every_bad_input_gets_one_line_error_and_good_inputs_are_still_written(tmp_path, bad_inputs):
    out = tmp_path / "out" / "run.jsonl"
    result = run("annotate", SEED, *bad_inputs.values(), "-o", out)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad_inputs)
    expected_problem = {
        "empty": "empty", "binary": "binary", "truncated": "malformed XML", "external_entity": "external entity",
        "billion_laughs": "entit", "html_page": "HTML page", "missing": "no such file",
    }
    for name, path in bad_inputs.items():
        [line] = [e for e in errors if str(path) in e]
        assert expected_problem[name] in line, line
    assert SECRET not in result.stderr + result.stdout + out.read_text()
    assert [r["source"]["format"] for r in read_jsonl(out)] == ["twfy-text"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["run.jsonl"]  # no temporary file left


def test_failed_run_leaves_existing_output_untouched(tmp_path, bad_inputs):
    out = tmp_path / "previous.jsonl"
    out.write_text('{"old": true}\n')
    result = run("annotate", bad_inputs["empty"], bad_inputs["binary"], "-o", out)
    assert result.returncode == 1
    assert out.read_text() == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_cp1252_encoded_transcript_reads_like_utf8(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    legacy = tmp_path / "seed-cp1252.txt"
    legacy.write_bytes(text.encode("cp1252", errors="replace"))
    out_utf8, out_cp = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("annotate", SEED, "-o", out_utf8).returncode == 0
    assert run("annotate", legacy, "-o", out_cp).returncode == 0
    [a], [b] = read_jsonl(out_utf8), read_jsonl(out_cp)
    assert [s["text"] for s in a["speeches"]] == [s["text"] for s in b["speeches"]]
    assert any("Barnardo’s" in s["text"] for s in b["speeches"])
    assert any("cp1252" in w["message"] for w in b["warnings"])


def test_max_bytes_refuses_large_input_with_clear_error(tmp_path):
    result = run("annotate", SEED, "--max-bytes", "1000", "-o", tmp_path / "x.jsonl")
    assert result.returncode == 1
    assert f"{SEED}: file is" in result.stderr and "--max-bytes" in result.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_directory_and_glob_inputs_are_expanded_in_sorted_order(tmp_path):
    out = tmp_path / "standing.jsonl"
    result = run("annotate", STANDING, "-o", out)  # changedates.txt is not a transcript: skipped, not an error
    assert result.returncode == 0, result.stderr
    paths = [r["source"]["path"] for r in read_jsonl(out)]
    assert paths == sorted(str(p) for p in STANDING.glob("*.xml"))
    globbed = run("annotate", str(STANDING / "*_0[56]-0_*.xml"), "-o", tmp_path / "g.jsonl")
    assert globbed.returncode == 0 and len(read_jsonl(tmp_path / "g.jsonl")) == 2


def test_stages_option(tmp_path):
    out = tmp_path / "seg.jsonl"
    assert run("annotate", SEED, "--stages", "segment", "-o", out).returncode == 0
    [record] = read_jsonl(out)
    assert record["speeches"] and record["targets"] == [] and all(s["targets"] == [] for s in record["speeches"])
    bad = run("annotate", SEED, "--stages", "segment,nonsense")
    assert bad.returncode == 2 and "nonsense" in bad.stderr


def test_forced_format_mismatch_is_an_error(tmp_path):
    result = run("annotate", SEED, "--format", "parlparse-xml", "-o", tmp_path / "x.jsonl")
    assert result.returncode == 1 and str(SEED) in result.stderr


def test_validate_reports_invalid_lines(tmp_path):
    good = tmp_path / "good.jsonl"
    assert run("annotate", SEED, "-o", good).returncode == 0
    record = read_jsonl(good)[0]
    broken = dict(record, speeches=[dict(record["speeches"][0], seq="first")])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record) + "\n" + json.dumps(broken) + "\nnot json\n")
    result = run("validate", bad)
    assert result.returncode == 1
    assert f"{bad}:2: speeches/0/seq" in result.stderr and f"{bad}:3: not JSON" in result.stderr


def test_help_on_every_command():
    for command in ([], ["annotate"], ["validate"], ["schema"]):
        result = run(*command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout


def test_50_mb_transcript_is_processed_in_bounded_memory(tmp_path):
    """A 50 MB TheyWorkForYou page (the seed's speeches repeated) is annotated whole, with peak RSS
    under 1.5 GB (measured ≈0.6 GB: the document, its record and the JSON line)."""
    text = SEED.read_text(encoding="utf-8")
    head, marker, body = text.partition("Alert me about debates like this")
    repeats = 50_000_000 // len(body.encode("utf-8")) + 1
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(head + marker)
        for _ in range(repeats):
            fh.write(body)
    assert big.stat().st_size > 50_000_000
    code = (
        "import resource, sys\nfrom parlmine.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, code)"
    )
    out = tmp_path / "big.jsonl"
    done = subprocess.run([sys.executable, "-c", code, "annotate", str(big), "-o", str(out), "-q", "--stages", "segment,procedure"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    rss_mb, exit_code = map(int, done.stdout.split()[-2:])
    assert exit_code == 0, done.stderr
    assert rss_mb < 1500
    [record] = read_jsonl(out)
    assert len(record["speeches"]) == 16 * repeats
