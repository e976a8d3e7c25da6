"""`parlmine export` and `parlmine stats` on a real annotated run (both samples, Child Poverty Bill
sittings 05 and 06 with their named division votes). Expected values are recomputed here from the
JSONL records or with pandas/scikit-learn, never copied from the tool's output."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sklearn.metrics import cohen_kappa_score

from conftest import SEED, parlmine_cli
from parlmine.analysis.tables import TABLES


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def parquet_files(annotated_run, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("tables")
    paths = {}
    for name in TABLES:
        paths[name] = out / f"{name}.parquet"
        result = parlmine_cli("export", annotated_run, "--table", name, "-o", paths[name])
        assert result.returncode == 0, result.stderr
    return paths


@pytest.fixture(scope="module")
def exported(parquet_files) -> dict[str, pd.DataFrame]:
    return {name: pq.read_table(path).to_pandas() for name, path in parquet_files.items()}


def test_every_table_has_one_row_per_item(annotated_run, exported):
    recs = records(annotated_run)
    speeches = [s for r in recs for s in r["speeches"]]
    narration = [e for r in recs for e in r["events"]]
    expected = {
        "speeches": len(speeches),
        "stances": sum(len(s["stances"]) for s in speeches),
        "claims": sum(len(x["claims"]) for x in speeches + narration),
        "evidence": sum(len(x["evidence"]) for x in speeches + narration),
        "divisions": sum(len(r["divisions"]) for r in recs),
        "votes": sum(len(d["votes"]) for r in recs for d in r["divisions"]),
        "targets": sum(len(r["targets"]) for r in recs),
    }
    assert {name: len(frame) for name, frame in exported.items()} == expected
    assert expected["votes"] > 0 and expected["evidence"] > 0  # the run exercises every table


def test_tables_are_typed_and_join_on_their_keys(parquet_files, exported):
    evidence = pq.read_schema(parquet_files["evidence"])
    assert evidence.field("statistics").type == pa.list_(pa.string())
    assert evidence.field("start").type == pa.int64()
    speeches, stances, claims, ev = exported["speeches"], exported["stances"], exported["claims"], exported["evidence"]
    assert speeches["speech_id"].is_unique
    assert set(stances["speech_id"]) <= set(speeches["speech_id"])
    assert set(ev["speech_id"].dropna()) <= set(speeches["speech_id"])
    # Evidence names the claim it backs by id, and that claim is in the claims table with the same text.
    backed = ev.dropna(subset=["claim_id"]).merge(claims, on="claim_id", suffixes=("", "_claim"))
    assert len(backed) == ev["claim_id"].notna().sum() > 0
    assert (backed["claim_text"] == backed["text_claim"]).all()
    # Stance scores are probabilities; confidence is the winning one.
    scores = stances[["support", "oppose", "neutral"]]
    assert ((scores.sum(axis=1) - 1).abs() < 0.01).all()
    assert (stances["confidence"] == scores.max(axis=1)).all()


def test_targets_carry_outcome_and_division_counts(exported):
    targets = exported["targets"]
    seed = targets[targets["debate_id"].str.startswith("twfy-text/")].set_index("target_id")
    # The seed page (read by hand): amendment 47 was divided on, 4-7, negatived; 55 was withdrawn.
    assert (seed.loc["amendment-47", "ayes"], seed.loc["amendment-47", "noes"]) == (4, 7)
    assert seed.loc["amendment-47", "division_result"] == "negatived"
    assert seed.loc["amendment-55", "outcome"] == "withdrawn"


def test_vote_labels_follow_the_speakers_own_named_votes(exported):
    stances, votes, divisions = exported["stances"], exported["votes"], exported["divisions"]
    voted = stances.dropna(subset=["vote_label"])
    assert len(voted) >= 30
    # Re-derive each label from the votes table: an aye on "That the amendment be made" / "That the
    # clause stand part" / "That the clause be read a Second time" supports the target.
    merged = voted.merge(divisions, left_on=["debate_id", "division", "target"], right_on=["debate_id", "number", "target"],
                         how="left", suffixes=("", "_div"))
    rederived = 0
    for row in merged.itertuples():
        if pd.isna(row.question):
            continue  # divided on in a later sitting (an adjourned debate): checked below by person
        ballot = votes[(votes.debate_id == row.debate_id) & (votes.division == row.division) & (votes.person_id == row.person_id)]
        assert len(ballot) == 1, row
        assert re.match(r"That the (amendment be made|clause stand part|clause be read a Second time)", row.question), row.question
        assert row.vote_label == ("support" if ballot.iloc[0].vote == "aye" else "oppose")
        rederived += 1
    assert rederived >= 20
    # Labels taken from a later sitting's division: the speaker voted in it.
    later = merged[merged["question"].isna()]
    for row in later.itertuples():
        assert ((votes.division == row.division) & (votes.person_id == row.person_id) & (votes.target == row.target)).any()


def test_csv_export_flattens_lists_and_keeps_rows(tmp_path, annotated_run, exported):
    path = tmp_path / "speeches.csv"
    result = parlmine_cli("export", annotated_run, "--table", "speeches", "-o", path)
    assert result.returncode == 0, result.stderr
    csv = pd.read_csv(path, keep_default_na=False)
    parquet = exported["speeches"]
    assert list(csv.columns) == list(parquet.columns) and len(csv) == len(parquet)
    assert list(csv["targets"]) == ["; ".join(t) for t in parquet["targets"]]
    assert list(csv["words"]) == list(parquet["words"])


def test_stats_json_is_the_same_aggregation_as_pandas(annotated_run, exported):
    result = parlmine_cli("stats", annotated_run, "--by", "party", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    stances = exported["stances"].assign(party=lambda f: f["party"].fillna("(unknown)"))
    expected = stances.groupby("party")["label"].value_counts().unstack(fill_value=0)
    got = {row["party"]: row for row in out["distribution"]["rows"]}
    assert set(got) == set(expected.index)
    for party, row in got.items():
        for label in ("support", "oppose", "neutral"):
            assert row[label] == expected.loc[party].get(label, 0)
        assert row["n"] == expected.loc[party].sum()
        assert row["support_share"] == pytest.approx(row["support"] / row["n"])
        assert row["mean_confidence"] == pytest.approx(stances[stances.party == party]["confidence"].mean())
    # Agreement with votes: accuracy and Cohen's kappa as scikit-learn computes them.
    voted = exported["stances"].dropna(subset=["vote_label"])
    [overall] = out["vote_agreement"]["rows"]
    assert overall["n"] == len(voted)
    assert overall["accuracy"] == pytest.approx((voted.label == voted.vote_label).mean())
    assert overall["kappa"] == pytest.approx(cohen_kappa_score(voted.vote_label, voted.label))
    by_party = {row["party"]: row for row in out["vote_agreement_by_party"]["rows"]}
    for party, group in voted.assign(party=voted.party.fillna("(unknown)")).groupby("party"):
        assert by_party[party]["n"] == len(group)
        if group.label.nunique() > 1 or group.vote_label.nunique() > 1:
            assert by_party[party]["kappa"] == pytest.approx(cohen_kappa_score(group.vote_label, group.label))


def test_stats_top_sources_by_party(annotated_run, exported):
    result = parlmine_cli("stats", annotated_run, "--json", "--top", "3")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["top_sources"]["rows"]
    ev = exported["evidence"]
    ev = ev.assign(party=ev.party.where(ev.party.notna(), ev.speech_id.map(lambda s: "(unknown)" if pd.notna(s) else "(narration)")))
    counts = ev.groupby(["party", "source"]).size()
    for party, group in ev.groupby("party"):
        listed = [r for r in rows if r["party"] == party]
        assert [r["rank"] for r in listed] == list(range(1, min(3, group.source.nunique()) + 1))
        assert [r["citations"] for r in listed] == sorted(counts[party].values, reverse=True)[:3]
        for r in listed:
            assert r["citations"] == counts[(party, r["source"])]


def test_stats_prints_aligned_tables(annotated_run):
    result = parlmine_cli("stats", annotated_run, "--by", "target")
    assert result.returncode == 0, result.stderr
    block = result.stdout.split("\n\n")[0].splitlines()
    assert block[0] == "Stance by target"
    header, rule, rows = block[1], block[2], block[3:]
    assert len(rows) > 10
    # Each column's cells end where its header ends (numbers right-aligned under their names).
    n_end = header.index(" n ") + 2
    assert all(row[n_end - 1].isdigit() and not row[n_end].strip() for row in rows)
    assert all(re.search(r"\d+\.\d%", row) for row in rows)
    assert set(rule) <= {"-", " "}


def test_stats_plot_writes_a_chart(tmp_path, annotated_run):
    plot = tmp_path / "by-party.png"
    result = parlmine_cli("stats", annotated_run, "--by", "party", "--plot", plot)
    assert result.returncode == 0, result.stderr
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob(".*tmp"))


def test_directory_of_shards_reads_like_one_file(tmp_path, annotated_run):
    lines = annotated_run.read_text(encoding="utf-8").splitlines(keepends=True)
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "part-00000.jsonl").write_text("".join(lines[:2]), encoding="utf-8")
    (shards / "part-00001.jsonl").write_text("".join(lines[2:]), encoding="utf-8")
    whole = parlmine_cli("stats", annotated_run, "--json")
    split = parlmine_cli("stats", shards, "--json")
    assert whole.returncode == split.returncode == 0
    assert json.loads(whole.stdout) == json.loads(split.stdout)


def test_bad_input_names_the_file_and_line_and_writes_nothing(tmp_path, annotated_run):
    out = tmp_path / "speeches.parquet"
    # A transcript instead of annotated JSONL.
    result = parlmine_cli("export", SEED, "--table", "speeches", "-o", out)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {SEED}:1: not a JSON line (is it an annotated JSONL file from `parlmine annotate`?)"
    assert not out.exists() and not list(tmp_path.glob(".*"))
    # A record broken on line 3 of a good file; an existing output is left as it was.
    out.write_bytes(b"previous")
    lines = annotated_run.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[2])
    del broken["speeches"][0]["seq"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], lines[1], json.dumps(broken)]) + "\n", encoding="utf-8")
    for command in (["export", bad, "--table", "stances", "-o", out], ["stats", bad], ["report", bad, "-o", out]):
        result = parlmine_cli(*command)
        assert result.returncode == 1, command
        assert result.stderr.startswith(f"error: {bad}:3: not a parlmine record: speeches/0/seq: Field required"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert out.read_bytes() == b"previous"
    missing = parlmine_cli("stats", tmp_path / "nope.jsonl")
    assert missing.returncode == 1 and missing.stderr.strip() == f"error: {tmp_path / 'nope.jsonl'}: no such file"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    result = parlmine_cli("report", annotated_run, empty, "-o", out)
    assert result.returncode == 1 and result.stderr.strip() == f"error: {empty}: no records (an empty file)"
    assert out.read_bytes() == b"previous"


def test_unknown_table_format_or_grouping_is_a_usage_error(tmp_path, annotated_run):
    for args in (["export", annotated_run, "--table", "people", "-o", tmp_path / "x.parquet"],
                 ["export", annotated_run, "--table", "stances", "-o", tmp_path / "x.xlsx"],
                 ["stats", annotated_run, "--by", "colour"],
                 ["stats", annotated_run, "--plot", tmp_path / "chart.bogus"]):
        result = parlmine_cli(*args)
        assert result.returncode == 2
        assert any(word in result.stderr for word in ("people", "xlsx", "colour", "chart.bogus"))
    assert not list(tmp_path.iterdir())


def test_party_stance_counts_match_the_records(annotated_run):
    """The stances table's party column: recorded party, or the office's (Shadow → Official
    Opposition) — here the seed page's Shadow Minister is counted with Labour."""
    result = parlmine_cli("stats", annotated_run, "--by", "speaker", "--json")
    rows = {(r["speaker"], r["party"]): r for r in json.loads(result.stdout)["distribution"]["rows"]}
    recs = records(annotated_run)
    seed = next(r for r in recs if r["id"].startswith("twfy-text/"))
    norris = Counter(st["label"] for s in seed["speeches"] if s["speaker"]["name"] == "Alex Norris" for st in s["stances"])
    assert norris and rows[("Alex Norris", "Labour")]["n"] == sum(norris.values())
