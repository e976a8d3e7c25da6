"""parlmine as a library (issue 16): the import name, the Python API, the spaCy entry points, provenance,
stage contracts, layering, and a wheel installed into a fresh virtualenv outside the checkout."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NEWS, SEED, STANDING

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_nothing_imports_the_folder_name():
    """The package folder is pipeline/ but its import name is parlmine: no file imports `pipeline`."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    pattern = re.compile(r"^\s*(?:import|from)\s+pipeline\b", re.M)
    offenders = [p for p in tracked if p.endswith((".py", ".ipynb", ".md", ".toml", ".cfg"))
                 and (ROOT / p).is_file() and pattern.search((ROOT / p).read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []


def test_no_import_cycles_and_the_layering_contracts_hold():
    import grimp

    graph = grimp.build_graph("parlmine")
    # Tarjan's strongly connected components over the module graph: any component of two or more is a cycle
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = set()
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.add(other)
                if other == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert cycles == []
    linted = subprocess.run([str(BIN / "lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert linted.returncode == 0 and "0 broken" in linted.stdout, linted.stdout[-2000:]


def test_annotate_a_path_or_its_text_with_chosen_stages():
    import parlmine

    from_path = parlmine.annotate(SEED, stages=["segment", "procedure"])
    from_text = parlmine.annotate(SEED.read_text(encoding="utf-8"), stages="segment,procedure")
    assert from_text.source.path == "<string>" and from_path.source.path == str(SEED)
    assert [s.model_dump() for s in from_text.speeches] == [s.model_dump() for s in from_path.speeches]
    assert [t.id for t in from_text.targets] == [t.id for t in from_path.targets] and from_path.targets
    assert from_path.provenance.stages == ["segment", "procedure"] and from_path.provenance.models == []
    assert json.loads(from_path.to_json())["speeches"][0]["speaker"]["name"] == from_path.speeches[0].speaker.name


def test_a_stage_without_its_requirements_is_an_error_not_an_empty_result():
    import parlmine
    from parlmine.stage_plan import parse_stages

    with pytest.raises(ValueError, match=r"stage 'stance' requires speeches.targets.*'procedure' assigns.*segment,procedure,stance"):
        parlmine.annotate(SEED, stages=["segment", "stance"])
    assert parse_stages("segment,procedure,stance") == ["segment", "procedure", "stance"]
    assert parse_stages("arguments") == ["segment", "arguments"]  # needs only the speeches


def test_the_cli_refuses_stance_without_procedure(tmp_path):
    from conftest import parlmine_cli

    result = parlmine_cli("annotate", SEED, "--stages", "segment,stance", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0, result.stderr
    assert result.stderr.startswith("error: --stages segment,stance: stage 'stance' requires speeches.targets")
    unknown = parlmine_cli("annotate", SEED, "--stages", "segment,sentiment", "-o", tmp_path / "out.jsonl")
    assert unknown.returncode == 2 and unknown.stderr.strip() == (
        "error: --stages segment,sentiment: unknown stage 'sentiment'; available: segment, procedure, stance, arguments")
    assert not (tmp_path / "out.jsonl").exists()


def test_bad_sources_name_the_problem(tmp_path):
    import parlmine
    from parlmine.errors import InputError

    with pytest.raises(InputError, match=r"no-such-sitting\.xml: no such file"):
        parlmine.annotate("no-such-sitting.xml")
    with pytest.raises(InputError, match="text is empty"):
        parlmine.annotate("   ")
    with pytest.raises(InputError, match=r"line 2: not a parlmine record"):
        bad = tmp_path / "bad.jsonl"
        bad.write_text(parlmine.annotate(SEED, stages="segment").to_json() + "\n{\"id\": 3}\n")
        list(parlmine.read_jsonl(bad))


def test_annotate_many_streams_records_in_input_order_and_reads_back(tmp_path):
    import parlmine

    paths = [SEED, NEWS, sorted(STANDING.glob("*CHILDPOV_05*.xml"))[0]]
    records = list(parlmine.annotate_many(paths, workers=2, stages="segment,procedure"))
    assert [r.source.path for r in records] == [str(p) for p in paths]
    out = tmp_path / "out.jsonl"
    out.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    assert [r.model_dump() for r in parlmine.read_jsonl(out)] == [r.model_dump() for r in records]
    missing = tmp_path / "missing.txt"
    assert len(list(parlmine.annotate_many([missing, SEED], stages="segment", errors="skip"))) == 1
    with pytest.raises(Exception, match="missing.txt: no such file"):
        list(parlmine.annotate_many([missing], stages="segment"))


def test_validate_accepts_the_previous_schema_version(tmp_path):
    from parlmine.validation import record_errors
    import parlmine

    record = json.loads(parlmine.annotate(SEED, stages="segment").to_json())
    assert record["schema_version"] == "1.3" and record_errors(record) == []
    previous = {k: v for k, v in record.items() if k != "provenance"} | {"schema_version": "1.2"}
    assert record_errors(previous) == []
    assert any("schema_version" in e for e in record_errors(record | {"schema_version": "9.0"}))


def test_spacy_finds_the_components_through_entry_points_and_they_save_and_load(tmp_path):
    """Run in a fresh interpreter: parlmine is not imported before spaCy looks the factories up."""
    script = f"""
import sys, spacy
assert "parlmine" not in sys.modules  # only spaCy's entry points bring it in
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
for name in ("parlmine_sentences", "parlmine_claims", "parlmine_evidence"):
    nlp.add_pipe(name)
text = "Barnardo's has said that 4 million children live in poverty. That is a disgrace and we must act."
before = nlp(text)
nlp.to_disk({str(tmp_path / 'nlp')!r})
loaded = spacy.load({str(tmp_path / 'nlp')!r})
after = loaded(text)
print([(e._.source, e._.evidence_type) for e in before._.evidence] == [(e._.source, e._.evidence_type) for e in after._.evidence],
      [e._.source for e in after._.evidence], loaded.pipe_names)
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("True ['Barnardo") and "parlmine_evidence" in result.stdout
    assert (tmp_path / "nlp" / "parlmine_evidence" / "textcat").is_dir()  # the type classifier travels with it


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory):
    """The wheel built from this checkout, installed (without dependencies) into a fresh virtualenv in a
    temporary folder. Its dependencies come from the test's own environment through a .pth line, so that
    the test checks what the wheel carries (package, models, gazetteer, entry points), not PyPI."""
    import site
    import sysconfig

    tmp = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([str(BIN / "pip"), "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp / "dist"), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp / "dist").glob("parlmine-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", "--no-index", str(wheel)],
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr[-2000:]
    purelib = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()] or [sysconfig.get_paths()["purelib"]]
    (Path(purelib) / "parlmine-test-deps.pth").write_text("\n".join(ours) + "\n")
    work = tmp / "elsewhere"
    work.mkdir()
    return venv, work, wheel


def test_the_wheel_annotates_both_samples_outside_the_checkout_reproducibly(wheel_venv):
    venv, work, wheel = wheel_venv
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARLMINE_", "PYTHONPATH"))} | {"HF_HUB_OFFLINE": "1"}
    outputs = []
    for run in (1, 2):
        out = work / f"run{run}.jsonl"
        result = subprocess.run([str(venv / "bin" / "parlmine"), "annotate", str(SEED), str(NEWS), "--precision", "fp32", "-q",
                                 "--workers", "1", "-o", str(out)], cwd=work, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]  # same input, models and fp32: byte-identical
    records = [json.loads(line) for line in outputs[0].decode().splitlines()]
    for record in records:
        prov = record["provenance"]
        assert prov["stages"] == ["segment", "procedure", "stance", "arguments"] and prov["stance_precision"] == "fp32"
        names = {m["name"] for m in prov["models"]}
        assert {"stance", "claims", "evidence", "en_core_web_sm", "gazetteer"} <= names
        assert all(re.fullmatch(r"[0-9a-f]{64}", m["sha256"]) for m in prov["models"])
    seed = next(r for r in records if r["source"]["format"] == "twfy-text")
    assert any(s["stances"] for s in seed["speeches"]) and any(s["evidence"] for s in seed["speeches"])
    validated = subprocess.run([str(venv / "bin" / "parlmine"), "validate", str(work / "run1.jsonl")], cwd=work, env=env,
                               capture_output=True, text=True, timeout=300)
    assert validated.returncode == 0 and "2 records, 0 invalid" in validated.stdout
    one_liner = (f"import parlmine; print(parlmine.__file__); "
                 f"print(parlmine.annotate(open({str(SEED)!r}).read()).speeches[0].speaker.name)")
    result = subprocess.run([str(venv / "bin" / "python"), "-c", one_liner], cwd=work, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    where, name = result.stdout.splitlines()[-2:]
    assert where.startswith(str(venv)) and not where.startswith(str(ROOT))  # the installed package, not the checkout
    assert name == seed["speeches"][0]["speaker"]["name"]
