"""Training, evaluating and predicting stance end to end with a tiny config (a few dozen examples,
one epoch): the commands users run on their own labels, on real data."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

TINY = ROOT / "configs" / "stance-tiny.yaml"
SYSTEMS = {"structure rules", "metadata baseline", "structure model", "transformer alone", "shipped model"}


def parlmine(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "parlmine.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=900, env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})})


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stance") / "model"
    done = parlmine("train", "stance", "--config", TINY, "--output", out)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_training_writes_a_loadable_model_and_leave_one_file_out_metrics(tiny_model):
    metrics = json.loads((tiny_model / "metrics.json").read_text())
    lofo = metrics["leave_one_file_out"]
    assert set(lofo) == SYSTEMS
    files = set(metrics["data"]["files"])
    assert len(files) == 3  # two corpus files and a project file (structure model only, final transformer)
    for m in lofo.values():
        assert set(m["files"]) == files  # each file scored by models fitted on the other only
        pooled = m["pooled"]
        assert 0 <= pooled["macro_f1_ci_debates"][0] <= pooled["macro_f1"] <= pooled["macro_f1_ci_debates"][1] <= 1
        assert len(pooled["confusion_matrix"]) == 3 and sum(map(sum, pooled["confusion_matrix"])) == pooled["n"] == 72
    assert set(metrics["secondary"]["vote_agreement"]) <= files
    scores = {float(w): v for w, v in metrics["mix_weight_scores"].items()}
    assert set(scores) == {0.0, 0.5} and scores[metrics["mix_weight"]] == max(scores.values())
    assert round(scores[metrics["mix_weight"]], 4) == round(lofo["shipped model"]["pooled"]["macro_f1"], 4)
    assert {"shipped model", "metadata baseline"} == set(metrics["secondary"]["handeset_test"])
    config = json.loads((tiny_model / "config.json").read_text())
    assert config["id2label"] == {"0": "support", "1": "oppose", "2": "neutral"}
    assert config["label2id"] == {"support": 0, "oppose": 1, "neutral": 2}
    assert (tiny_model / "structure_head.json").exists() and "Leave one file out" in (tiny_model / "README.md").read_text().replace("leave one file out", "Leave one file out")


def test_transformers_pipeline_loads_the_saved_model(tiny_model):
    import transformers

    classify = transformers.pipeline("text-classification", model=str(tiny_model), device="cpu")
    result = classify({"text": "target: the amendment", "text_pair": "I support the amendment."})
    assert result["label"] in {"support", "oppose", "neutral"} and 0 < result["score"] <= 1


def test_same_config_and_seed_give_the_same_metrics(tiny_model, tmp_path):
    again = tmp_path / "again"
    assert parlmine("train", "stance", "--config", TINY, "--output", again).returncode == 0
    first, second = (json.loads((d / "metrics.json").read_text()) for d in (tiny_model, again))
    assert first["leave_one_file_out"] == second["leave_one_file_out"] and first["mix_weight"] == second["mix_weight"]


def test_predict_cli_on_real_pairs(tiny_model, tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"target": "That the draft Legislative Reform (Clinical Commissioning Groups) Order 2014 be approved.",
         "text": "The proposed amendments build on existing powers by giving CCGs greater flexibility.",
         "speaker": {"party": "Liberal Democrat", "role": "Minister of State for Care and Support"},
         "sponsor": {"party": "Conservative", "government": True}},
        {"target": "Amendment 47 to clause 20", "text": "We will press amendment 47 to a vote.", "id": "keep-me"},
    ]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "labelled.jsonl"
    done = parlmine("stance", "predict", pairs, "-o", out, "--model", tiny_model)
    assert done.returncode == 0, done.stderr
    labelled = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["target"] for r in labelled] == [r["target"] for r in rows] and labelled[1]["id"] == "keep-me"
    for r in labelled:
        assert r["label"] in r["scores"] and abs(sum(r["scores"].values()) - 1) < 1e-3
        assert r["scores"][r["label"]] == max(r["scores"].values())
    again = tmp_path / "again.jsonl"
    parlmine("stance", "predict", pairs, "-o", again, "--model", tiny_model)
    assert again.read_text() == out.read_text()  # deterministic for a fixed model


def test_predict_cli_names_the_bad_line(tiny_model, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"target": "x", "text": "y"}\n{"text": "no target"}\n')
    done = parlmine("stance", "predict", bad, "--model", tiny_model)
    assert done.returncode != 0 and f"{bad}:2" in done.stderr and "target" in done.stderr


def test_evaluate_cli_scores_a_speech_label_file(tiny_model):
    """Users score their own hand labels in the speech-label format, read with the transcript."""
    labels = ROOT.parent / "shared" / "data" / "stance-speech-labels" / "standing2009-10-20_CHILDPOV_06-0_2009-10-27a.stance.jsonl"
    done = parlmine("evaluate", "stance", "--model", tiny_model, "--speech-labels", labels,
                    "--transcripts", ROOT.parent / "shared" / "data" / "twfy-parlparse-xml-2009" / "scrapedxml")
    assert done.returncode == 0, done.stderr
    assert "133 pairs" in done.stdout.splitlines()[0]
    names = [line.split()[0] for line in done.stdout.splitlines()[2:4]]
    assert names == ["model", "structure"]
    assert "confusion matrix" in done.stdout


def test_evaluate_cli_names_a_bad_label_line(tiny_model, tmp_path):
    bad = tmp_path / "bad.stance.jsonl"
    bad.write_text('{"file": "x.xml", "speech_id": "a", "target": {"kind": "amendment", "number": "1"}, "label": "support"}\n'
                   '{"file": "x.xml", "speech_id": "b", "target": {"kind": "amendment", "number": "1"}, "label": "maybe"}\n')
    done = parlmine("evaluate", "stance", "--model", tiny_model, "--speech-labels", bad)
    assert done.returncode != 0 and f"{bad}:2" in done.stderr and "label" in done.stderr


def test_annotate_runs_the_stance_stage(tiny_model, tmp_path):
    out = tmp_path / "seed.jsonl"
    seed = SAMPLES / "twfy_pbc_health_and_care_bill_clause20_2021-09-16.txt"
    done = parlmine("annotate", seed, "-o", out, "--stages", "segment,procedure,stance",
                    env={"PARLMINE_STANCE_MODEL": str(tiny_model)})
    assert done.returncode == 0, done.stderr
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    for speech in record["speeches"]:
        assert [s["target"] for s in speech["stances"]] == speech["targets"]
        for s in speech["stances"]:
            assert s["label"] in ("support", "oppose", "neutral") and s["scores"][s["label"]] == max(s["scores"].values())
            if s["cue"]:  # the sentence that shows the stance, by offsets into the speech
                assert speech["text"][s["cue"]["start"]:s["cue"]["end"]] == s["cue"]["text"]
    assert sum(len(s["stances"]) for s in record["speeches"]) >= 16


def test_compare_with_reads_a_previous_model_from_git_history():
    """`compare_with: git:<commit>` (configs/stance.yaml) scores the model committed there beside the new one,
    so `make model` in a fresh clone reproduces the 'previous model' row; an unknown commit is left out."""
    from parlmine.stance.train import StanceTrainConfig, previous_model

    if subprocess.run(["git", "cat-file", "-e", "662fdc2^{commit}"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("this clone has no history back to 662fdc2")
    logged = []
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        old = previous_model(StanceTrainConfig(compare_with="git:662fdc2"), logged.append)
        missing = previous_model(StanceTrainConfig(compare_with="git:0000000"), logged.append)
    finally:
        os.chdir(cwd)
    from parlmine.stance.pairs import StancePair

    [(label, scores)] = old.predict([StancePair(target="Amendment 47", text="I beg to move amendment 47.")])
    assert label in scores and abs(sum(scores.values()) - 1) < 0.01
    assert missing is None and "cannot be read from git" in logged[-1]
