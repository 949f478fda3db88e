"""A refused secret is written nowhere: not to `batch` output files (any format), not to
the local history, not to any request.

The endpoint is a real loopback JSON-RPC server that knows one pending transaction (so the
run really writes history) and nothing else. ``TXDOCTOR_DATA_DIR`` points into the test's
temporary folder, and every byte txdoctor leaves there is searched for the secret.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_support import LoopbackRpc, Run, assert_clean_exit, chain_entry, run_cli
from mnemonic import Mnemonic

from txdoctor.input import REDACTED

PENDING = "0x" + "5e" * 32
OTHER = "0x" + "0a" * 32
SENDER = "0x" + "ab" * 20
KEY_HEX = "0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d"
WIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
WORDS = Mnemonic("english").to_mnemonic(random.Random(1).randbytes(16)).split()
CHINESE = "".join(
    Mnemonic("chinese_simplified").to_mnemonic(random.Random(2).randbytes(16)).split(" ")
)
PIECES = [
    KEY_HEX,
    KEY_HEX[8:24],
    WIF,
    WIF[6:22],
    " ".join(WORDS[:2]),
    "\n".join(WORDS[:2]),
    CHINESE,
    CHINESE[:4],
]


def chain(method: str, params: list[Any]) -> Any:
    pending_tx = {
        "hash": PENDING,
        "from": SENDER,
        "to": "0x" + "cd" * 20,
        "nonce": "0x3",
        "gas": "0x5208",
        "value": "0x1",
        "maxFeePerGas": "0x3b9aca00",
        "maxPriorityFeePerGas": "0x1",
        "blockNumber": None,
        "input": "0x",
    }
    if method == "eth_getTransactionByHash":
        return pending_tx if params[0] == PENDING else None
    return {
        "eth_chainId": "0x1",
        "eth_blockNumber": "0x100",
        "eth_getTransactionCount": "0x3",
        "eth_feeHistory": {
            "baseFeePerGas": ["0x1"],
            "gasUsedRatio": [0.5],
            "reward": [["0x1", "0x1"]],
        },
    }.get(method)


@pytest.fixture
def endpoint(loopback: Callable[..., LoopbackRpc]) -> LoopbackRpc:
    return loopback(handler=chain)


@pytest.fixture
def chains(endpoint: LoopbackRpc, chains_yaml: Callable[..., Path]) -> Path:
    return chains_yaml({"ethereum": chain_entry([endpoint.url])})


def everything_under(folder: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def assert_nowhere(data: bytes, endpoint: LoopbackRpc) -> None:
    sent = endpoint.bodies().encode()
    for piece in PIECES:
        encoded = piece.encode()
        assert encoded not in data, f"{piece[:12]}… written"
        assert encoded not in sent, f"{piece[:12]}… sent"


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> Run:
    result = run_cli(*args, stdin=stdin, env={"TXDOCTOR_DATA_DIR": str(tmp_path / "data")})
    assert_clean_exit(result)
    return result


SECRET_LINES = [PENDING, *WORDS, OTHER, "private key:", KEY_HEX, WIF, CHINESE, "thanks"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "reply", "markdown"])
def test_batch_output_files_and_history_hold_no_secret(
    tmp_path: Path, chains: Path, endpoint: LoopbackRpc, fmt: str
) -> None:
    source = tmp_path / "inputs.txt"
    source.write_text("\n".join(SECRET_LINES) + "\n")
    out = tmp_path / f"out.{fmt}"
    result = run(
        tmp_path,
        "batch",
        str(source),
        "--out",
        str(out),
        "--format",
        fmt,
        "--quiet",
        "--chains-file",
        str(chains),
        "--timeout",
        "2",
    )
    assert result.code in (1, 2)  # problems found (batch exit statuses are its own)
    written = out.read_bytes()
    assert PENDING.encode() in written and written.count(b"SECRET_REFUSED") >= 4
    if fmt in ("jsonl", "csv"):  # the formats that carry the input say it was redacted
        assert REDACTED.encode() in written
    assert_nowhere(written + result.both.encode() + everything_under(tmp_path / "data"), endpoint)
    assert PENDING in endpoint.bodies()  # the real input was looked up


def test_batch_csv_carried_columns_with_secrets_are_redacted(
    tmp_path: Path, chains: Path, endpoint: LoopbackRpc
) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(
        "ticket,hash,note\n"
        f'T1,{PENDING},"customer wrote: {" ".join(WORDS)}"\n'
        f"T2,{OTHER},private key: {KEY_HEX}\n"
        f"T3,{WIF},ok\n"
    )
    out = tmp_path / "out.csv"
    result = run(
        tmp_path,
        "batch",
        str(source),
        "--out",
        str(out),
        "--format",
        "csv",
        "--quiet",
        "--chains-file",
        str(chains),
        "--timeout",
        "2",
    )
    written = out.read_text()
    assert written.count(REDACTED) >= 3 and "T1" in written and "T2" in written
    assert_nowhere(written.encode() + result.both.encode(), endpoint)


def test_diagnose_writes_history_but_never_a_secret(
    tmp_path: Path, chains: Path, endpoint: LoopbackRpc
) -> None:
    result = run(
        tmp_path,
        "diagnose",
        "-",
        "--json",
        "--chains-file",
        str(chains),
        stdin="\n".join(SECRET_LINES),
    )
    verdicts = [line["verdict"] for line in result.json_lines()]
    assert verdicts.count("SECRET_REFUSED") == 4 and verdicts[0].startswith("PENDING")
    history = everything_under(tmp_path / "data")
    assert PENDING[2:].encode() in history.lower()  # the pending transaction was remembered
    assert_nowhere(history + result.both.encode(), endpoint)
