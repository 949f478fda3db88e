"""`txdoctor batch` end to end on real anvil nodes: rows, formats, resume, kills, throttling."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support import evm_cases as ec
from support import scenarios as sc
from support.anvil import AnvilNode
from support.proxy import RpcProxy
from support.scenarios import ChainEntry
from txdoctor.commands.cli import app
from txdoctor.config import parse_chains
from txdoctor.facts import AccountKind
from txdoctor.families.evm.fetch_batch import FamilySearch
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import Transport

pytestmark = pytest.mark.anvil

runner = CliRunner()
TXDOCTOR = str(Path(sys.executable).with_name("txdoctor"))
PHRASE = (
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
)
SECRET_WORD = "abandon"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app, list(args), input=stdin, env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"}
    )
    return result.exit_code, result.stdout, result.stderr


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def cases(anvil_a: AnvilNode, anvil_b: AnvilNode) -> dict[str, str]:
    """One real transaction of each kind (made once for the module)."""
    return {
        "confirmed": sc.confirmed_transfer(anvil_a, confirmations_after=6).hash,
        "reverted": sc.reverted_with_message(anvil_a).hash,
        "out_of_gas": sc.out_of_gas(anvil_a).hash,
        "elsewhere": sc.wrong_network(anvil_b, confirmations_after=6).hash,
        "unknown": sc.random_hash(),
    }


@pytest.fixture
def two_chains(anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Any) -> Path:
    return chains_file(
        {
            "ethereum": ChainEntry(anvil_a, confirmations=5),
            "bsc": ChainEntry(
                anvil_b, confirmations=5, native="BNB", explorer="https://bscscan.com/tx/{hash}"
            ),
        }
    )


def test_csv_with_good_bad_and_secret_rows_gives_one_record_per_row(
    cases: dict[str, str], two_chains: Path, tmp_path: Path
) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(
        "ticket,hash,expect_chain,agent\n"
        f"T-1,{cases['confirmed']},ethereum,ann\n"
        f"T-2,{cases['reverted']},,bob\n"
        f"T-3,{cases['elsewhere']},ethereum,ann\n"
        f"T-4,{cases['unknown']},,bob\n"
        "T-5,not-a-hash,,ann\n"
        "T-6,,,bob\n"
        f'T-7,"{PHRASE}",,ann\n'
        f"T-8,{cases['confirmed']},,bob\n"
        f"T-9,{cases['out_of_gas']},,ann\n",
        "utf-8",
    )
    out = tmp_path / "out.jsonl"
    code, stdout, stderr = run(
        "batch", str(source), "--out", str(out), "--chains-file", str(two_chains)
    )
    assert code == 1, stderr  # some rows need attention
    got = {r["columns"]["ticket"]: r for r in records(out)}
    assert len(records(out)) == 9 and set(got) == {f"T-{i}" for i in range(1, 10)}
    verdicts = {t: r["verdict"] for t, r in got.items()}
    assert verdicts == {
        "T-1": "CONFIRMED",
        "T-2": "FAILED_REVERTED",
        "T-3": "WRONG_NETWORK",
        "T-4": "NOT_FOUND",
        "T-5": "INVALID_INPUT",
        "T-6": "INVALID_INPUT",
        "T-7": "SECRET_REFUSED",
        "T-8": "CONFIRMED",
        "T-9": "FAILED_OUT_OF_GAS",
    }
    assert [got[f"T-{i}"]["row"] for i in range(1, 10)] == list(range(2, 11))
    assert got["T-3"]["chain"] == "bsc" and got["T-1"]["columns"]["agent"] == "ann"
    assert got["T-7"]["input"] == "[redacted]" and got["T-7"]["value"] is None
    assert SECRET_WORD not in out.read_text() + stdout + stderr
    assert "Batch summary" in stderr and "CONFIRMED" in stderr


def test_plain_text_from_stdin_to_csv_on_stdout(cases: dict[str, str], two_chains: Path) -> None:
    lines = [cases["confirmed"], "", cases["unknown"], "0x1234"]
    code, stdout, _ = run(
        "batch",
        "-",
        "--format",
        "csv",
        "--chains-file",
        str(two_chains),
        "--quiet",
        stdin="\n".join(lines) + "\n",
    )
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert sorted((int(r["row"]), r["verdict"]) for r in rows) == [
        (1, "CONFIRMED"),
        (2, "INVALID_INPUT"),
        (3, "NOT_FOUND"),
        (4, "INVALID_INPUT"),
    ]
    assert code == 1


@pytest.mark.parametrize(
    ("fmt", "mark"),
    [
        ("reply", "=== row 2 · CONFIRMED · ticket: T-1"),
        ("markdown", "<!-- txdoctor row 2 CONFIRMED -->"),
    ],
)
def test_ticket_replies_per_row(
    cases: dict[str, str], two_chains: Path, tmp_path: Path, fmt: str, mark: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f"ticket,hash\nT-1,{cases['confirmed']}\nT-2,nonsense\n")
    out = tmp_path / f"out.{fmt}"
    code, _, stderr = run(
        "batch",
        str(source),
        "--format",
        fmt,
        "--out",
        str(out),
        "--chains-file",
        str(two_chains),
        "--lang",
        "zh-CN",
    )
    text = out.read_text("utf-8")
    assert code == 1 and mark in text and "row 3 " in text, stderr
    assert "已确认" in text  # the reply is in the asked language


def test_a_queue_gets_one_reply_file_per_ticket_in_each_rows_language(
    cases: dict[str, str], two_chains: Path, tmp_path: Path
) -> None:
    source = tmp_path / "queue.csv"
    source.write_text(
        "ticket_id,hash,lang\n"
        f"T-1,{cases['confirmed']},zh-TW\n"
        f"../../evil,{cases['reverted']},en\n"
        "T-3,nonsense,\n"
        f"T-1,{cases['out_of_gas']},zh_CN\n",
        encoding="utf-8",
    )
    folder = tmp_path / "replies"
    code, _, stderr = run(
        "batch",
        str(source),
        "--out",
        str(tmp_path / "out.jsonl"),
        "--tickets",
        str(folder),
        "--chains-file",
        str(two_chains),
        "--lang",
        "zh-CN",
    )
    assert code == 1, stderr
    files = {p.name: p.read_text("utf-8") for p in folder.iterdir()}
    assert set(files) == {"T-1.txt", "evil.txt", "T-3.txt", "T-1-row-5.txt"}
    assert files["T-1.txt"].startswith("您好，\n\n結論：已確認\n")  # the row's own language
    assert files["evil.txt"].startswith("Hello,\n\nResult: Failed\n")  # stays in the folder
    assert files["T-3.txt"].startswith("您好，\n\n结论：")  # no lang: the batch's language
    assert "结论：交易失败（Gas 不足）" in files["T-1-row-5.txt"]
    assert not (tmp_path / "evil.txt").exists()
    langs = {r["row"]: r["lang"] for r in records(tmp_path / "out.jsonl")}
    assert langs == {2: "zh-TW", 3: "en", 4: "zh-CN", 5: "zh-CN"}
    assert "已确认" in stderr and "代码" in stderr  # the summary in the batch's language


def test_the_batch_agrees_with_diagnose_using_a_few_requests(
    anvil_a: AnvilNode, cases: dict[str, str], chains_file: Any, tmp_path: Path
) -> None:
    hashes = [sc.confirmed_transfer(anvil_a, confirmations_after=0).hash for _ in range(30)]
    hashes += [cases["reverted"], cases["out_of_gas"]] + [sc.random_hash() for _ in range(30)]
    anvil_a.mine(6)
    with RpcProxy(anvil_a.url) as proxy:
        chains = chains_file(
            {"ethereum": ChainEntry(anvil_a, confirmations=5, extra={"rpc": [proxy.url]})}
        )
        source = tmp_path / "hashes.txt"
        source.write_text("\n".join(hashes) + "\n")
        out = tmp_path / "out.jsonl"
        run("batch", str(source), "--out", str(out), "--chains-file", str(chains))
        batch_requests = proxy.requests
        proxy.reset()
        _, stdout, _ = run(
            "diagnose", "-", "--json", "--chains-file", str(chains), stdin="\n".join(hashes)
        )
        single_requests = proxy.requests
    single = {r["value"]: r for r in map(json.loads, stdout.splitlines())}
    for record in records(out):
        assert record.pop("row") == hashes.index(record["value"]) + 1
        assert record.pop("columns") == {}
        assert record == single[record["value"]]
    assert batch_requests <= 4  # 62 hashes: round 1, recipients' code, two replays
    assert single_requests >= len(hashes)  # one at a time: one request per hash at least


def slow_chain(anvil: AnvilNode, chains_file: Any, latency: float) -> tuple[RpcProxy, Path]:
    proxy = RpcProxy(anvil.url, latency=latency).start()
    chains = chains_file(
        {"ethereum": ChainEntry(anvil, confirmations=5, extra={"rpc": [proxy.url]})}
    )
    return proxy, chains


def big_input(cases: dict[str, str], path: Path, count: int) -> list[str]:
    """``count`` rows mixing real hashes (each twice), unknown ones and junk."""
    kinds = [cases["confirmed"], cases["reverted"], "junk", "", cases["confirmed"]]
    lines = [kinds[i % len(kinds)] if i % 3 else sc.random_hash() for i in range(count)]
    path.write_text("ticket,hash\n" + "".join(f"T-{i},{h}\n" for i, h in enumerate(lines)))
    return lines


def start_batch(source: Path, out: Path, chains: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            TXDOCTOR,
            "batch",
            str(source),
            "--out",
            str(out),
            "--chains-file",
            str(chains),
            "--batch-size",
            "4",
            "--in-flight",
            "2",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def line_count(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.fixture
def slow(anvil_a: AnvilNode, chains_file: Any) -> Iterator[tuple[RpcProxy, Path]]:
    proxy, chains = slow_chain(anvil_a, chains_file, latency=0.1)
    yield proxy, chains
    proxy.stop()


def test_killed_with_sigkill_and_resumed_gives_exactly_one_record_per_row(
    cases: dict[str, str], slow: tuple[RpcProxy, Path], tmp_path: Path
) -> None:
    _, chains = slow
    source, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    lines = big_input(cases, source, 180)
    child = start_batch(source, out, chains)
    wait_for(lambda: line_count(out) >= 1 or child.poll() is not None)
    assert child.poll() is None, "finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.communicate()
    done_before = line_count(out)
    assert 0 < done_before < len(lines)
    with out.open("ab") as torn:  # as if the kill had cut a record in half
        torn.write(b'{"row": 999, "input": "0x')
    resumed = start_batch(source, out, chains, "--resume")
    _, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 1, stderr
    got = records(out)
    assert sorted(r["row"] for r in got) == list(range(2, len(lines) + 2))
    by_row = {r["row"]: r for r in got}
    for number, line in enumerate(lines, start=2):
        assert by_row[number]["columns"]["ticket"] == f"T-{number - 2}"
        assert by_row[number]["input"] == line
    assert f"{done_before} were done before" in stderr


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(
    cases: dict[str, str], slow: tuple[RpcProxy, Path], tmp_path: Path
) -> None:
    _, chains = slow
    source, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    lines = big_input(cases, source, 180)
    child = start_batch(source, out, chains)
    wait_for(lambda: line_count(out) >= 1 or child.poll() is not None)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 130
    assert "--resume" in stderr and str(out) in stderr and "Traceback" not in stderr
    assert out.read_bytes().endswith(b"\n")
    assert all("verdict" in r for r in records(out))
    resumed = start_batch(source, out, chains, "--resume")
    resumed.communicate(timeout=120)
    assert sorted(r["row"] for r in records(out)) == list(range(2, len(lines) + 2))


def test_a_throttled_endpoint_is_waited_for_as_it_asks(
    anvil_a: AnvilNode, cases: dict[str, str], chains_file: Any, tmp_path: Path
) -> None:
    throttled_at: list[float] = []  # when the proxy answered "429, retry after 1 s"

    def throttle(number: int, body: Any) -> tuple[int, dict[str, str], bytes] | None:
        if number <= 2:
            throttled_at.append(time.monotonic())
            return 429, {"Retry-After": "1"}, b'{"error": "too many requests"}'
        return None

    with RpcProxy(anvil_a.url, throttle=throttle) as proxy:
        chains = chains_file(
            {"ethereum": ChainEntry(anvil_a, confirmations=5, extra={"rpc": [proxy.url]})}
        )
        source = tmp_path / "in.txt"
        source.write_text(f"{cases['confirmed']}\n{cases['unknown']}\n")
        code, stdout, stderr = run("batch", str(source), "--chains-file", str(chains))
        times = proxy.times
    verdicts = sorted(json.loads(line)["verdict"] for line in stdout.splitlines())
    assert code == 1 and verdicts == ["CONFIRMED", "NOT_FOUND"], stderr
    # After each 429 nothing new is sent for the second it asked for. A request already on
    # its way when the 429 was answered (batches run side by side) may arrive just after it.
    for answered in throttled_at:
        too_soon = [t - answered for t in times if answered + 0.05 < t < answered + 0.95]
        assert not too_soon, (throttled_at, times)
    assert times[-1] - throttled_at[-1] >= 0.95


def test_the_rate_limit_of_the_chains_file_spaces_the_requests(
    anvil_a: AnvilNode, chains_file: Any, tmp_path: Path
) -> None:
    with RpcProxy(anvil_a.url) as proxy:
        chains = chains_file(
            {"ethereum": ChainEntry(anvil_a, extra={"rpc": [proxy.url], "rate_limit": 10})}
        )
        source = tmp_path / "in.txt"
        source.write_text("".join(sc.random_hash() + "\n" for _ in range(6)))
        code, _, stderr = run(
            "batch",
            str(source),
            "--chains-file",
            str(chains),
            "--batch-size",
            "4",
            "--in-flight",
            "4",
        )
        times = sorted(proxy.times)
    assert code == 1 and len(times) >= 6, stderr
    # 10 per second, even with 4 requests in flight: the proxy sees them spread over at least
    # (n - 1) / 10 s (arrival times jitter on a loaded machine; no two come together).
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert times[-1] - times[0] >= 0.095 * (len(times) - 1) and min(gaps) >= 0.05, gaps


def test_an_existing_output_is_kept_unless_resumed(two_chains: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"row": 1, "verdict": "CONFIRMED"}\n')
    source = tmp_path / "in.txt"
    source.write_text("nonsense\n")
    code, _, stderr = run("batch", str(source), "--out", str(out), "--chains-file", str(two_chains))
    assert code == 2 and "--resume" in stderr
    assert out.read_text() == '{"row": 1, "verdict": "CONFIRMED"}\n'


def test_resuming_with_another_input_is_refused(
    cases: dict[str, str], two_chains: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(f"{cases['unknown']}\n")
    second.write_text(f"{cases['confirmed']}\n")
    run("batch", str(first), "--out", str(out), "--chains-file", str(two_chains))
    code, _, stderr = run(
        "batch", str(second), "--out", str(out), "--resume", "--chains-file", str(two_chains)
    )
    assert code == 2 and "holds the results of another input" in stderr
    assert len(records(out)) == 1


# -- streaming: each row written as soon as it is concluded; --order; resume summary ----

ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"  # anvil's first account
NO_CHAIN_VERDICTS = {"INVALID_INPUT", "SECRET_REFUSED"}


@pytest.fixture
def gated(anvil_a: AnvilNode, chains_file: Any) -> Iterator[tuple[threading.Event, Path]]:
    """A chain whose endpoint answers nothing until the gate opens (then as anvil does)."""
    gate = threading.Event()

    def hold(number: int, body: Any) -> None:
        gate.wait(timeout=120)  # bounded: the proxy thread never hangs for good

    with RpcProxy(anvil_a.url, throttle=hold) as proxy:
        chains = chains_file(
            {"ethereum": ChainEntry(anvil_a, confirmations=5, extra={"rpc": [proxy.url]})}
        )
        yield gate, chains
        gate.set()


def test_a_kill_mid_window_loses_only_the_rows_in_flight(
    anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path
) -> None:
    gate, chains = gated
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    lines = [confirmed if i % 2 else f"junk-{i}" for i in range(40)]  # one window of 40 rows
    source, out = tmp_path / "in.csv", tmp_path / "out.jsonl"
    source.write_text("ticket,hash\n" + "".join(f"T-{i},{h}\n" for i, h in enumerate(lines)))
    junk_rows = sum(1 for line in lines if line.startswith("junk"))
    child = start_batch(source, out, chains, "--timeout", "60", "--deadline", "60")
    # The endpoint answers nothing yet: the rows that need no chain are written all the same.
    wait_for(lambda: line_count(out) >= junk_rows or child.poll() is not None)
    assert child.poll() is None, "finished although its endpoint never answered"
    child.send_signal(signal.SIGKILL)
    child.communicate()
    before = out.read_bytes()
    saved = records(out)
    assert len(saved) == junk_rows
    assert {r["verdict"] for r in saved} <= NO_CHAIN_VERDICTS
    gate.set()
    resumed = start_batch(source, out, chains, "--resume")
    _, stderr = resumed.communicate(timeout=120)
    assert resumed.returncode == 1, stderr
    after = out.read_bytes()
    assert after.startswith(before)  # nothing written before the kill is redone
    got = records(out)
    assert sorted(r["row"] for r in got) == list(range(2, len(lines) + 2))  # none lost or twice
    redone = got[len(saved) :]
    assert {r["verdict"] for r in redone} == {"CONFIRMED"}  # only the rows in flight
    assert f"{junk_rows} were done before" in stderr


def test_reply_is_in_input_order_and_jsonl_in_completion_order(
    anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path
) -> None:
    gate, chains = gated
    gate.set()
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    lines = [confirmed, "junk", confirmed, "junk"]
    source = tmp_path / "in.txt"
    source.write_text("\n".join(lines) + "\n")
    _, replies, _ = run(
        "batch", str(source), "--format", "reply", "--chains-file", str(chains), "--quiet"
    )
    assert [int(n) for n in re.findall(r"^=== row (\d+)", replies, re.MULTILINE)] == [1, 2, 3, 4]
    _, jsonl, _ = run("batch", str(source), "--chains-file", str(chains), "--quiet")
    # The junk rows need no chain: concluded (and written) before the hashes.
    assert [json.loads(line)["row"] for line in jsonl.splitlines()] == [2, 4, 1, 3]
    _, ordered, _ = run(
        "batch", str(source), "--order", "input", "--chains-file", str(chains), "--quiet"
    )
    assert [json.loads(line)["row"] for line in ordered.splitlines()] == [1, 2, 3, 4]
    code, _, stderr = run("batch", str(source), "--order", "random", "--chains-file", str(chains))
    assert code == 2 and "--order" in stderr and "Traceback" not in stderr


def test_the_summary_after_resume_counts_every_row_of_the_file(
    anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path
) -> None:
    gate, chains = gated
    gate.set()
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    source, out = tmp_path / "in.txt", tmp_path / "out.jsonl"
    source.write_text(f"{confirmed}\njunk\n")
    run("batch", str(source), "--out", str(out), "--chains-file", str(chains))
    source.write_text(f"{confirmed}\njunk\n{confirmed}\n")  # the file grew
    code, _, stderr = run(
        "batch", str(source), "--out", str(out), "--resume", "--chains-file", str(chains)
    )
    assert code == 1, stderr
    assert re.search(r"CONFIRMED\s+2\b", stderr), stderr  # one from each run
    assert re.search(r"INVALID_INPUT\s+1\b", stderr), stderr
    assert "2 were done before" in stderr


def test_stdin_rows_are_answered_while_the_input_is_still_open(
    anvil_a: AnvilNode, gated: tuple[threading.Event, Path], tmp_path: Path
) -> None:
    gate, chains = gated
    gate.set()
    confirmed = sc.confirmed_transfer(anvil_a, confirmations_after=6).hash
    out = tmp_path / "out.jsonl"
    child = subprocess.Popen(
        [TXDOCTOR, "batch", "-", "--out", str(out), "--chains-file", str(chains)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "TXDOCTOR_LANG": "en"},
    )
    assert child.stdin is not None
    # A hash is held until the next row shows it is no key followed by its label (a secret
    # spread over lines): an address after it lets it go.
    child.stdin.write(f"junk\n{confirmed}\n{ADDRESS}\n")
    child.stdin.flush()
    wait_for(lambda: line_count(out) >= 3 or child.poll() is not None)
    assert child.poll() is None  # still reading its input
    verdicts = [r["verdict"] for r in records(out)]
    assert "CONFIRMED" in verdicts and "INVALID_INPUT" in verdicts and len(verdicts) == 3
    child.stdin.write("more junk\n")
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 1, stderr
    assert sorted(r["row"] for r in records(out)) == [1, 2, 3, 4]


def _look_up_in_windows(
    anvil: AnvilNode, hashes: list[str]
) -> tuple[list[AccountKind | None], list[str]]:
    """Each hash looked up in a window of its own, one cache for the run (as a batch does):
    the recipients' kinds found, and the addresses whose code was asked."""
    asked: list[str] = []

    def note(_number: int, body: Any) -> None:
        calls = body if isinstance(body, list) else [body]
        asked.extend(c["params"][0].lower() for c in calls if c.get("method") == "eth_getCode")

    with RpcProxy(anvil.url, throttle=note) as proxy:
        body = "".join(
            [
                "chains:\n  ethereum:\n    family: evm\n",
                f"    chain_id: {anvil.chain_id}\n    rpc: [{proxy.url}]\n",
                "    confirmations: 5\n    block_time: 12\n",
                "    explorer: https://etherscan.io/tx/{hash}\n    native: ETH\n",
            ]
        )
        chains = list(parse_chains(body, source="test").chains)
        transport, run_cache = Transport(), TokenCache()
        windows = [FamilySearch(chains, transport, tokens=run_cache).lookup([h]) for h in hashes]
    facts = [w["ethereum"][h].facts for w, h in zip(windows, hashes, strict=True)]
    return [f.recipient_kind if f else None for f in facts], asked


def test_a_recipients_code_is_asked_once_for_the_whole_run(anvil_a: AnvilNode) -> None:
    """The batch looks windows up one after another with one cache for the run: a recipient
    seen in an earlier window is known to be a plain account without asking its code again.
    (Payments carrying a note in their data: a bare transfer's recipient is not asked at all.)"""
    sender = sc.dev_account(anvil_a, sc.Account.CONFIRMED)
    recipient = sc.dev_account(anvil_a, sc.Account.RECIPIENT).lower()
    payment = {"from": sender, "to": recipient, "value": hex(10**16), "data": "0x6e6f7465"}
    hashes = [ec.send(anvil_a, payment), ec.send(anvil_a, payment)]
    anvil_a.mine(6)
    kinds, asked = _look_up_in_windows(anvil_a, hashes)
    assert kinds == [AccountKind.ACCOUNT] * 2
    assert asked.count(recipient) == 1


def test_a_plain_transfers_recipient_is_known_without_asking_its_code(
    anvil_a: AnvilNode,
) -> None:
    """A plain transfer that used exactly 21,000 gas ran no code: its recipient is an account
    without an eth_getCode. Coins sent to a contract that takes them (its code ran, so more
    gas) are still asked about and found to be a contract."""
    sender = sc.dev_account(anvil_a, sc.Account.CONFIRMED)
    wallet = ec.fresh_address()
    vault = sc.deploy(anvil_a, "Vault", sender=sc.dev_account(anvil_a, sc.Account.DEPLOYER))
    hashes = [ec.pay(anvil_a, sender=sender, to=wallet), ec.pay(anvil_a, sender=sender, to=vault)]
    anvil_a.mine(6)
    kinds, asked = _look_up_in_windows(anvil_a, hashes)
    assert kinds == [AccountKind.ACCOUNT, AccountKind.CONTRACT]
    assert asked == [vault.lower()]


def test_a_hash_found_on_an_evm_chain_is_not_asked_of_polkadot(
    anvil_a: AnvilNode, cases: dict[str, str], tmp_path: Path
) -> None:
    """A 0x hash is also a Polkadot extrinsic hash. In a batch, the Polkadot chain (a recorded
    Subscan on loopback) is asked only for the rows no EVM chain found: its keyless API would
    otherwise get a request for every row of an EVM batch."""
    from support.subscan import Subscan, fixture

    transfer = fixture("extrinsic_transfer_docs.json")
    polkadot_hash = transfer["data"]["extrinsic_hash"]
    hub = Subscan().start()
    hub.extrinsics[polkadot_hash] = transfer
    try:
        chains = tmp_path / "chains.yaml"
        chains.write_text(
            "chains:\n"
            f"  ethereum:\n    family: evm\n    chain_id: {anvil_a.chain_id}\n"
            f"    rpc: [{anvil_a.url}]\n    confirmations: 5\n"
            f"  polkadot_asset_hub:\n    family: polkadot\n    rpc: [{hub.url}]\n"
        )
        source = tmp_path / "rows.txt"
        rows = [cases["confirmed"], cases["reverted"], cases["unknown"], polkadot_hash]
        source.write_text("\n".join(rows) + "\n")
        out = tmp_path / "out.jsonl"
        code, _, err = run(
            "batch", str(source), "--out", str(out), "-q", "--chains-file", str(chains)
        )
        assert code in (0, 1), err
        asked = {body.get("hash") for body in hub.bodies("/api/scan/extrinsic")}
        # A row that names the Polkadot chain as expected gets its answer, found or not.
        named = tmp_path / "named.csv"
        named.write_text(f"hash,expect_chain\n{cases['confirmed']},polkadot_asset_hub\n")
        named_out = tmp_path / "named.jsonl"
        code, _, err = run(
            "batch", str(named), "--out", str(named_out), "-q", "--chains-file", str(chains)
        )
        asked_named = [body.get("hash") for body in hub.bodies("/api/scan/extrinsic")]
    finally:
        hub.stop()
    assert cases["confirmed"] in asked_named, err
    (expected_row,) = records(named_out)
    assert expected_row["verdict"] == "WRONG_NETWORK"
    assert expected_row["checked"]["polkadot_asset_hub"] == "not_found"
    by_input = {r["input"]: r for r in records(out)}
    assert by_input[cases["confirmed"]]["verdict"] == "CONFIRMED"
    assert by_input[cases["reverted"]]["verdict"] == "FAILED_REVERTED"
    assert by_input[cases["unknown"]]["verdict"] == "NOT_FOUND"
    assert (by_input[polkadot_hash]["verdict"], by_input[polkadot_hash]["chain"]) == (
        "CONFIRMED",
        "polkadot_asset_hub",
    )
    assert asked == {cases["unknown"], polkadot_hash}  # never the two found on ethereum
    assert by_input[cases["unknown"]]["checked"] == {
        "ethereum": "not_found",
        "polkadot_asset_hub": "not_found",
    }
