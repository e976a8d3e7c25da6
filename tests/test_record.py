"""The record: the shipped JSON Schema, validation of every output, stable ids, ordering invariants."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import PARLPARSE, ROOT, SAMPLES, SHARED, annotate
from parlmine.record import DebateRecord, json_schema
from parlmine.validation import SCHEMA_FILE, record_errors

ALL_INPUTS = sorted(PARLPARSE.rglob("*.xml")) + sorted((SHARED / "data" / "hansard-format-fixtures").rglob("*.xml")) + sorted(SAMPLES.glob("*.txt"))


def test_shipped_schema_is_generated_from_the_record_model():
    shipped = json.loads((ROOT / "pipeline" / "schema" / SCHEMA_FILE).read_text())
    assert shipped == json_schema(), "run `make schema` after changing pipeline/record.py"


@pytest.fixture(scope="module")
def records() -> list[DebateRecord]:
    return [annotate(path) for path in ALL_INPUTS]


def test_every_record_from_every_shared_input_validates_against_the_schema(records):
    assert len(records) == len(ALL_INPUTS) > 40
    for record in records:
        assert record_errors(json.loads(record.model_dump_json())) == [], record.source.path


def test_schema_rejects_what_it_should(records):
    record = json.loads(records[-1].model_dump_json())
    assert record_errors({**record, "speeches": [{**record["speeches"][0], "stances": [{"target": "x", "label": "maybe", "scores": {}}]}]})
    assert record_errors({**record, "unexpected": 1})
    assert record_errors({k: v for k, v in record.items() if k != "id"})


def test_invariants_on_every_record(records):
    for record in records:
        seqs = [item.seq for item in record.items()]
        assert len(seqs) == len(set(seqs)), record.source.path
        target_ids = {t.id for t in record.targets}
        assert len(target_ids) == len(record.targets), record.source.path
        for t in record.targets:
            assert t.id in t.group and set(t.group) <= target_ids, (record.source.path, t.id)
        for speech in record.speeches:
            assert set(speech.targets) <= target_ids and speech.stances == speech.claims == speech.evidence == []
        for event in record.events:
            assert set(event.targets) <= target_ids, (record.source.path, event.seq)
        for division in record.divisions:
            assert division.target is None or division.target in target_ids
        assert len({s.id for s in record.speeches}) == len(record.speeches)


def test_ids_are_stable_across_runs_and_paths(tmp_path):
    seed = SAMPLES / "twfy_pbc_health_and_care_bill_clause20_2021-09-16.txt"
    copy = tmp_path / "renamed.txt"
    shutil.copy(seed, copy)
    first, again, moved = annotate(seed), annotate(seed), annotate(copy)
    assert first.id == again.id == moved.id
    assert [s.id for s in first.speeches] == [s.id for s in moved.speeches]
    assert first.model_dump(exclude={"source"}) == moved.model_dump(exclude={"source"})
    xml = next(Path(PARLPARSE / "standing").glob("*_05-0_*.xml"))
    record = annotate(xml)
    assert record.id == "uk.org.publicwhip/standing/standing2009-10-20_CHILDPOV_05-0_2009-10-27a"
    assert all(s.id == s.source_id and s.id.startswith(record.id + ".") for s in record.speeches)
