"""Property tests: no reader crashes on arbitrary text or mangled XML; it returns a valid record or
raises InputError (a one-line, user-facing error)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, STANDING
from parlmine.annotation import annotate_file
from parlmine.errors import InputError
from parlmine.readers import get_reader, reader_names
from parlmine.record import DebateRecord
from parlmine.source import SourceDocument
from parlmine.stage_plan import build_stages, parse_stages

STAGES = build_stages(parse_stages("segment,procedure"))
XML = STANDING.joinpath("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml").read_bytes()[:60000]
SEED = SAMPLES.joinpath("twfy_pbc_health_and_care_bill_clause20_2021-09-16.txt").read_bytes()[:20000]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def survives(data: bytes, fmt: str = "auto") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.txt"
        path.write_bytes(data)
        try:
            record = annotate_file(path, STAGES, fmt=fmt)
        except InputError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
            return
        DebateRecord.model_validate_json(record.model_dump_json())


@FUZZ
@given(st.text(max_size=3000), st.sampled_from(["auto", *reader_names()]))
def test_arbitrary_text(text, fmt):
    survives(text.encode("utf-8"), fmt)


@FUZZ
@given(st.data())
def test_mangled_parlparse_xml(data):
    blob = bytearray(XML)
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["cut", "delete", "insert", "truncate"]))
        at = data.draw(st.integers(0, len(blob) - 1))
        if op == "truncate":
            del blob[at:]
        elif op == "delete":
            del blob[at:at + data.draw(st.integers(1, 200))]
        elif op == "insert":
            blob[at:at] = data.draw(st.sampled_from([b"<", b"&", b"&#151;", b"</speech>", b"<p>", b'"', b"\x00", b"<!ENTITY x 'y'>"]))
        else:
            blob[at:at + 1] = b""
        if not blob:
            break
    survives(bytes(blob), "auto")


@FUZZ
@given(st.data())
def test_mangled_twfy_text(data):
    lines = SEED.decode("utf-8").splitlines()
    picked = data.draw(st.lists(st.sampled_from(lines), min_size=1, max_size=60))
    survives("\n".join(picked).encode("utf-8"), "auto")
    survives("\n".join(picked).encode("utf-8"), "twfy-text")


def test_readers_refuse_each_others_formats():
    """Forcing the wrong reader gives an InputError, not a crash or an empty record."""
    docs = {"parlparse-xml": XML, "twfy-text": SEED}
    for name in reader_names():
        for fmt, data in docs.items():
            if fmt == name:
                continue
            try:
                record = get_reader(name).read(SourceDocument(path=Path(f"x.{fmt}"), data=data))
            except InputError:
                continue
            assert record.speeches, (name, fmt)
