"""Batch output: one record per row, appended; resume drops a torn tail and skips done rows."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from txdoctor.advise.report import SCHEMA_VERSION, Report
from txdoctor.commands.batch.output import Output, OutputError
from txdoctor.commands.batch.rows import Layout, Row, detect_layout
from txdoctor.config import parse_chains
from txdoctor.facts import ChainLookup, LookupStatus
from txdoctor.fetch.transport import Transport
from txdoctor.pipeline.doctor import Doctor, Plan

CHAINS = """chains:
  ethereum:
    family: evm
    chain_id: 1
    rpc: [http://127.0.0.1:9]
    confirmations: 12
    block_time: 12
    explorer: https://etherscan.io/tx/{hash}
    native: ETH
"""
HASH = "0x" + "c3" * 32
CSV_LAYOUT = detect_layout("ticket,hash,note")


@pytest.fixture(scope="module")
def doctor() -> Doctor:
    return Doctor(parse_chains(CHAINS, source="test"), Transport())


def report(doctor: Doctor, raw: str) -> Report:
    step = doctor.plan(raw)
    if isinstance(step, Report):
        return step
    assert isinstance(step, Plan)
    return doctor.conclude(step, [ChainLookup("ethereum", LookupStatus.NOT_FOUND)])


def output(
    path: Path | None,
    fmt: str = "jsonl",
    layout: Layout = CSV_LAYOUT,
    resume: bool = False,
    stdout: io.StringIO | None = None,
) -> Output:
    return Output(fmt, layout, path, resume=resume, stdout=stdout or io.StringIO())


def test_jsonl_records_are_the_diagnose_object_plus_row_and_columns(
    tmp_path: Path, doctor: Doctor
) -> None:
    out = output(tmp_path / "out.jsonl")
    out.write(Row(2, HASH, None, {"ticket": "T-1", "note": "=1+1"}), report(doctor, HASH))
    out.close()
    (record,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert record["row"] == 2 and record["verdict"] == "NOT_FOUND" and record["input"] == HASH
    assert record["columns"] == {"ticket": "T-1", "note": "=1+1"}
    assert record["schema"] == SCHEMA_VERSION and "findings" in record and "summary" in record


def test_csv_has_a_header_one_line_per_row_and_no_formula_from_a_stranger(
    tmp_path: Path, doctor: Doctor
) -> None:
    out = output(tmp_path / "out.csv", "csv")
    out.write(
        Row(2, HASH, None, {"ticket": "T-1", "note": '=HYPERLINK("x")\nmore'}), report(doctor, HASH)
    )
    out.write(Row(3, "nonsense", None, {"ticket": "T-2", "note": ""}), report(doctor, "nonsense"))
    out.close()
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert len(lines) == 3
    records = list(csv.DictReader(lines))
    assert [r["row"] for r in records] == ["2", "3"]
    assert records[0]["note"] == '\'=HYPERLINK("x") more'
    assert records[0]["verdict"] == "NOT_FOUND" and records[1]["verdict"] == "INVALID_INPUT"
    assert records[0]["ticket"] == "T-1" and records[0]["checked"] == "ethereum:not_found"


def test_resume_drops_a_torn_last_record_and_knows_the_done_rows(
    tmp_path: Path, doctor: Doctor
) -> None:
    path = tmp_path / "out.jsonl"
    out = output(path)
    out.write(Row(2, HASH, None, {}), report(doctor, HASH))
    out.write(Row(3, "nonsense", None, {}), report(doctor, "nonsense"))
    out.close()
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"row": 4, "verdict": "CONF')  # killed mid-write
    again = output(path, resume=True)
    assert sorted(again.done) == [2, 3]
    assert again.done[2].input == HASH and again.done[3].verdict is not None
    again.write(Row(4, HASH, None, {}), report(doctor, HASH))
    again.close()
    rows = [json.loads(line)["row"] for line in path.read_text().splitlines()]
    assert rows == [2, 3, 4]


def test_csv_resume_checks_the_header(tmp_path: Path, doctor: Doctor) -> None:
    path = tmp_path / "out.csv"
    out = output(path, "csv")
    out.write(Row(2, HASH, None, {"ticket": "T-1", "note": ""}), report(doctor, HASH))
    out.close()
    path.write_bytes(path.read_bytes() + b"3,T-2,,nonsen")
    again = output(path, "csv", resume=True)
    assert list(again.done) == [2]
    again.close()
    assert path.read_text().count("\n") == 2  # header and row 2; the torn line is gone
    with pytest.raises(OutputError, match="not a txdoctor csv result"):
        output(path, "csv", layout=detect_layout("hash,other"), resume=True)


@pytest.mark.parametrize("fmt", ["reply", "markdown"])
def test_text_formats_mark_each_row_and_resume_from_the_marks(
    tmp_path: Path, doctor: Doctor, fmt: str
) -> None:
    path = tmp_path / f"out.{fmt}"
    out = output(path, fmt)
    out.write(Row(2, HASH, None, {"ticket": "T-1", "note": ""}), report(doctor, HASH))
    out.write(Row(5, "nonsense", None, {"ticket": "T-2", "note": ""}), report(doctor, "nonsense"))
    out.close()
    text = path.read_text()
    assert "row 2" in text and "row 5" in text and "T-1" in text
    path.write_text(
        text
        + (
            "=== row 6 · CONFIRMED ===\nhalf"
            if fmt == "reply"
            else "<!-- txdoctor row 6 CONFIRMED -->\nhalf"
        )
    )
    again = output(path, fmt, resume=True)
    assert sorted(again.done) == [2, 5]
    again.close()
    assert path.read_text() == text


def test_an_existing_file_is_never_overwritten_without_resume(
    tmp_path: Path, doctor: Doctor
) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"row": 1}\n')
    with pytest.raises(OutputError, match="--resume"):
        output(path)
    assert path.read_text() == '{"row": 1}\n'


def test_resume_refuses_a_file_that_is_not_batch_output(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text("my notes\n")
    with pytest.raises(OutputError, match="line 1 is not a txdoctor jsonl result"):
        output(path, resume=True)


def test_stdout_cannot_be_resumed_and_gets_the_csv_header_first(doctor: Doctor) -> None:
    with pytest.raises(OutputError, match="--out"):
        output(None, resume=True)
    stream = io.StringIO()
    out = output(None, "csv", stdout=stream)
    out.write(Row(2, HASH, None, {"ticket": "T", "note": ""}), report(doctor, HASH))
    assert stream.getvalue().splitlines()[0].startswith("row,ticket,note,input,")
    assert len(stream.getvalue().splitlines()) == 2


def test_a_carried_column_named_like_an_output_column_is_refused_for_csv() -> None:
    with pytest.raises(OutputError, match="'verdict'"):
        output(None, "csv", layout=detect_layout("hash,verdict"))
    output(None, "jsonl", layout=detect_layout("hash,verdict"))  # nested: no clash


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("T-1001", "T-1001"),
        ("../../etc/passwd", "etc_passwd"),
        ("工单 #42", "工单_42"),
        ("con", "_con"),
        ("NUL.txt", "_NUL.txt"),
        (".hidden", "hidden"),
        ("a/b\\c", "a_b_c"),
        ("\x1b[31mX", "31mX"),
        ("   ", ""),
        ("x" * 300, "x" * 80),
    ],
)
def test_a_ticket_file_name_stays_inside_its_folder(given: str, name: str) -> None:
    from txdoctor.commands.batch.tickets import safe_name

    assert safe_name(given) == name
