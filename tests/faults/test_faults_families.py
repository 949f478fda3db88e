"""Fast under failure, for every family: a hung, slow or rate-limiting first endpoint, a
refused connection, a name that does not resolve.

Each family's upstream is real and on loopback: an anvil node (EVM), and the recorded-API
servers of the suite (Esplora for Bitcoin, TronGrid, a Solana node; bodies recorded from
the real APIs, sources in tests/fixtures/*/README.md) served on 127.0.0.1 by
``support.loopback``. ``FaultProxy`` stands in front of them. Tests assert what a user sees
(verdict, which chains were checked, the reason) and which endpoint was asked how often;
the speed figures are in bench/ (``bench/faults.py``).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from support import scenarios as sc
from support.anvil import AnvilError, AnvilNode
from support.eos_node import EosNode
from support.eos_node import fixture as eos_fixture
from support.esplora import REPLACEMENT_BLOCK, REPLACEMENT_TXID, Esplora
from support.fault_proxy import Fault, FaultProxy
from support.loopback import Upstream, rpc_callback
from support.solana_mock import SolanaNode
from support.subscan import Subscan
from support.subscan import fixture as subscan_fixture
from support.trongrid import TronGrid
from txdoctor.commands.cli import app

pytestmark = [pytest.mark.faults]

UNRESOLVABLE = "http://nonexistent.invalid/"
HUNG = {"faults": [Fault.HANG], "hold": 8.0}
PROXY_FAULTS: dict[str, dict[str, Any]] = {
    "hanging endpoint": HUNG,
    "slow headers": {"faults": [Fault.SLOW_HEADERS], "hold": 8.0, "drip": 0.25},
    "slow body": {"faults": [Fault.SLOW_BODY], "hold": 8.0, "drip": 0.25},
    "429 with Retry-After": {"faults": [Fault.RATE_LIMITED], "retry_after": "2"},
}


def closed_port() -> str:
    """A loopback URL where nothing listens: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/"


@dataclass
class Family:
    """One family's loopback upstream, an input it knows and the verdict for it."""

    chain: str
    base: str  # the upstream's root URL, where fault proxies forward to
    value: str
    verdict: str
    entry: Callable[[list[str]], dict[str, Any]]
    suffix: str = ""  # the API's path under the endpoint's root (Esplora: api)
    upstream: Upstream | None = None

    def stop(self) -> None:
        if self.upstream is not None:
            self.upstream.stop()


def loopback(callback: Any) -> tuple[str, Upstream]:
    upstream = Upstream(callback).start()
    return upstream.url, upstream


def evm_family(node: AnvilNode, tx_hash: str) -> Family:
    def entry(urls: list[str]) -> dict[str, Any]:
        return {
            "family": "evm",
            "chain_id": node.chain_id,
            "rpc": urls,
            "confirmations": 5,
            "block_time": 12,
            "native": "ETH",
            "explorer": "https://etherscan.io/tx/{hash}",
        }

    return Family("ethereum", node.url, tx_hash, "CONFIRMED", entry)


def bitcoin_family() -> Family:
    esplora = Esplora()
    esplora.add_tx("tx_b6a53d8a_confirmed.json")
    esplora.tip = REPLACEMENT_BLOCK + 10

    def entry(urls: list[str]) -> dict[str, Any]:
        return {
            "display_name": "Bitcoin",
            "family": "bitcoin",
            "rpc": urls,
            "confirmations": 4,
            "block_time": 600,
            "native": "BTC",
            "native_decimals": 8,
            "explorer": "https://mempool.space/tx/{hash}",
        }

    base, upstream = loopback(esplora._get)
    return Family("bitcoin", base, REPLACEMENT_TXID, "CONFIRMED", entry, "api", upstream)


def tron_family() -> Family:
    grid = TronGrid(head=86765990, solidified=86765971)
    txid = grid.add_tx(
        "gettransactionbyid_usdt_transfer_d94fad38.json",
        "gettransactioninfobyid_usdt_transfer_d94fad38.json",
    )

    def entry(urls: list[str]) -> dict[str, Any]:
        return {
            "display_name": "Tron",
            "family": "tron",
            "rpc": urls,
            "confirmations": 19,
            "block_time": 3,
            "native": "TRX",
            "native_decimals": 6,
            "explorer": "https://tronscan.org/#/transaction/{hash}",
            "tokens": {
                "USDT": {
                    "contract": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                    "decimals": 6,
                    "name": "Tether USD",
                }
            },
        }

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        return grid._post(request) if request.method == "POST" else grid._get(request)

    base, upstream = loopback(callback)
    return Family("tron", base, txid, "CONFIRMED", entry, "", upstream)


def solana_family() -> Family:
    node = SolanaNode()
    signature = node.add("getTransaction_usdt_transfer.json")

    def entry(urls: list[str]) -> dict[str, Any]:
        return {
            "display_name": "Solana",
            "family": "solana",
            "rpc": urls,
            "confirmations": 32,
            "block_time": 0.4,
            "native": "SOL",
            "native_decimals": 9,
            "explorer": "https://solscan.io/tx/{hash}",
            "tokens": {
                "USDT": {
                    "contract": "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
                    "decimals": 6,
                    "name": "Tether USD",
                }
            },
        }

    base, upstream = loopback(rpc_callback(node.answer))
    return Family("solana", base, signature, "CONFIRMED", entry, "", upstream)


def eos_family() -> Family:
    node = EosNode()
    transfer = eos_fixture("tx_transfer_jungle4.json")
    node.transactions[transfer["trx_id"]] = transfer

    def entry(urls: list[str]) -> dict[str, Any]:
        # No explorer_api: the endpoints serve the chain API and Hyperion both.
        return {"display_name": "EOS", "family": "eos", "rpc": urls}

    upstream = node.start().upstream
    return Family("eos", upstream.url, transfer["trx_id"], "CONFIRMED", entry, "", upstream)


def polkadot_family() -> Family:
    subscan = Subscan()
    transfer = subscan_fixture("extrinsic_transfer_docs.json")
    subscan.extrinsics[transfer["data"]["extrinsic_index"]] = transfer

    def entry(urls: list[str]) -> dict[str, Any]:
        return {
            "display_name": "Polkadot Asset Hub",
            "family": "polkadot",
            "rpc": urls,
            "confirmations": 1,
            "block_time": 6,
            "native": "DOT",
            "native_decimals": 10,
            "explorer": "https://assethub-polkadot.subscan.io/extrinsic/{hash}",
        }

    base, upstream = loopback(subscan.answer)
    # A Subscan index: asked of Polkadot alone (a 0x hash would be asked of EVM too).
    value = transfer["data"]["extrinsic_index"]
    return Family("polkadot_asset_hub", base, value, "CONFIRMED", entry, "", upstream)


@pytest.fixture(scope="module")
def anvil() -> Iterator[tuple[AnvilNode, list[str]]]:
    try:
        node = AnvilNode.start(31337)
    except AnvilError as exc:
        pytest.fail(f"cannot start anvil (setup bug, not a test failure): {exc}", pytrace=False)
    try:
        accounts = node.accounts()
        hashes = [
            sc.eth_transfer(node, sender=accounts[1 + i % 5], to=accounts[9], value=10**15 + i).hash
            for i in range(30)
        ]
        node.mine(10)
        yield node, hashes
    finally:
        node.stop()


@pytest.fixture(params=["evm", "bitcoin", "tron", "solana", "eos", "polkadot"])
def family(request: pytest.FixtureRequest, anvil: tuple[AnvilNode, list[str]]) -> Iterator[Family]:
    made = {
        "evm": lambda: evm_family(anvil[0], anvil[1][0]),
        "bitcoin": bitcoin_family,
        "tron": tron_family,
        "solana": solana_family,
        "eos": eos_family,
        "polkadot": polkadot_family,
    }[request.param]()
    yield made
    made.stop()


@pytest.fixture
def proxies() -> Iterator[Callable[..., FaultProxy]]:
    started: list[FaultProxy] = []

    def start(upstream: str, **kwargs: Any) -> FaultProxy:
        proxy = FaultProxy(upstream, **kwargs).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


def write_chains(path: Path, family: Family, urls: list[str]) -> Path:
    path.write_text(
        yaml.safe_dump(
            {"chains": {family.chain: family.entry([u + family.suffix for u in urls])}},
            sort_keys=False,
        )
    )
    return path


def run(*args: str) -> tuple[int, list[dict[str, Any]], str]:
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "TXDOCTOR_LANG": "en"})
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def diagnose(chains: Path, value: str, *extra: str) -> tuple[int, dict[str, Any]]:
    code, lines, _ = run("diagnose", value, "--json", "--chains-file", str(chains), *extra)
    assert len(lines) == 1
    return code, lines[0]


@pytest.mark.parametrize("fault", list(PROXY_FAULTS))
def test_a_misbehaving_first_endpoint_is_hedged_and_remembered(
    family: Family, proxies: Callable[..., FaultProxy], tmp_path: Path, fault: str
) -> None:
    bad = proxies(family.base, rate=1.0, **PROXY_FAULTS[fault])
    good = proxies(family.base)
    chains = write_chains(tmp_path / "chains.yaml", family, [bad.url, good.url])
    code, out = diagnose(chains, family.value)
    assert (code, out["verdict"], out["checked"]) == (0, family.verdict, {family.chain: "found"})
    assert good.requests >= 1
    # The second endpoint was started beside the first, not after the first gave up:
    # the misbehaving one was asked at most once per question and once more at most.
    first_run = bad.requests
    assert 1 <= first_run <= 4, bad.stats
    # The next command remembers it (the state file in TXDOCTOR_DATA_DIR): not asked first.
    _code, again = diagnose(chains, family.value)
    assert again["verdict"] == family.verdict and bad.requests == first_run


@pytest.mark.parametrize("broken", ["refused", "unresolvable"])
def test_a_refused_or_unresolvable_first_endpoint_moves_on_at_once(
    family: Family, proxies: Callable[..., FaultProxy], tmp_path: Path, broken: str
) -> None:
    good = proxies(family.base)
    dead = closed_port() if broken == "refused" else UNRESOLVABLE
    chains = write_chains(tmp_path / "chains.yaml", family, [dead, good.url])
    code, lines, log = run(
        "--verbose", "diagnose", family.value, "--json", "--chains-file", str(chains)
    )
    assert code == 0 and len(lines) == 1, (code, log[-2000:])
    assert (lines[0]["verdict"], lines[0]["checked"]) == (family.verdict, {family.chain: "found"})
    reason = "connection refused" if broken == "refused" else "DNS lookup failed"
    # Asked once in the whole run: never retried on the same endpoint.
    assert log.count(reason) == 1, log


def test_a_slow_header_endpoint_alone_ends_by_the_deadline_with_its_reason(
    family: Family, proxies: Callable[..., FaultProxy], tmp_path: Path
) -> None:
    slow = proxies(family.base, rate=1.0, **PROXY_FAULTS["slow headers"])
    chains = write_chains(tmp_path / "chains.yaml", family, [slow.url])
    started = time.monotonic()
    code, out = diagnose(chains, family.value, "--deadline", "1.5")
    elapsed = time.monotonic() - started
    assert (code, out["verdict"], out["checked"]) == (
        3,
        "UNREACHABLE",
        {family.chain: "unreachable"},
    )
    reasons = out["findings"][0]["params"]["reasons"]
    assert reasons.startswith(f"{family.chain}: ") and (
        "timeout" in reasons or "deadline" in reasons
    ), reasons
    assert elapsed < 1.5 + 6, elapsed  # bounded (never the proxy's 8 s of dribble)


def test_every_family_unresolvable_is_unreachable_because_the_network_looks_down(
    tmp_path: Path, anvil: tuple[AnvilNode, list[str]]
) -> None:
    made = [
        evm_family(*[anvil[0], anvil[1][0]]),
        bitcoin_family(),
        tron_family(),
        solana_family(),
        polkadot_family(),
    ]
    body = {
        "chains": {
            f.chain: f.entry([UNRESOLVABLE, "http://also.nonexistent.invalid/"]) for f in made
        }
    }
    chains = tmp_path / "chains.yaml"
    chains.write_text(yaml.safe_dump(body, sort_keys=False))
    for f in made:
        f.stop()
    # Inputs that between them need every family: a 0x hash (EVM and Polkadot), the same
    # hash bare (Bitcoin and Tron ids have that shape), a Solana signature and a Subscan index.
    code, lines, _ = run(
        "diagnose",
        anvil[1][0],
        anvil[1][0][2:],
        made[3].value,
        made[4].value,
        "--json",
        "--chains-file",
        str(chains),
    )
    assert code == 3 and len(lines) == 4
    assert {c for line in lines for c in line["checked"]} == {f.chain for f in made}
    for line in lines:
        assert line["verdict"] == "UNREACHABLE"
        assert set(line["checked"].values()) == {"unreachable"}
        finding = line["findings"][0]
        assert finding["params"]["unreachable_cause"] == "network_down", finding["params"]
        assert "network looks down" in finding["params"]["reasons"]
        assert any("the network looks down" in note for note in line["notes"])  # the agent's


def test_a_batch_with_a_hung_first_endpoint_gets_every_verdict_and_remembers_it(
    anvil: tuple[AnvilNode, list[str]], proxies: Callable[..., FaultProxy], tmp_path: Path
) -> None:
    node, hashes = anvil
    hung = proxies(node.url, rate=1.0, **HUNG)
    good = proxies(node.url)
    family = evm_family(node, hashes[0])
    chains = write_chains(tmp_path / "chains.yaml", family, [hung.url, good.url])
    source = tmp_path / "hashes.txt"
    source.write_text("\n".join(hashes) + "\n")

    def batch(out: Path) -> list[dict[str, Any]]:
        code, _, _ = run(
            "batch", str(source), "--out", str(out), "--quiet", "--chains-file", str(chains)
        )
        assert code == 0
        return [json.loads(line) for line in out.read_text().splitlines()]

    rows = batch(tmp_path / "first.jsonl")
    assert sorted(r["row"] for r in rows) == list(range(1, 31))
    assert {r["verdict"] for r in rows} == {"CONFIRMED"}
    first = hung.requests
    assert 1 <= first <= 3, hung.stats  # found out once, then asked last
    # chains --check shows what the next command will do: the hung endpoint is asked last.
    _, health, _ = run(
        "chains", "--check", "--json", "--chains-file", str(chains), "--timeout", "1"
    )
    by_url = {h["endpoint"]: h for h in health}
    assert by_url[hung.url]["tried_last"] is True and by_url[good.url]["tried_last"] is False
    assert by_url[hung.url]["recent_error"]
    asked_by_check = hung.requests
    rows = batch(tmp_path / "second.jsonl")
    assert {r["verdict"] for r in rows} == {"CONFIRMED"}
    assert hung.requests == asked_by_check  # the next batch did not ask it at all


def test_the_state_file_is_private_and_no_log_or_file_holds_a_key(
    anvil: tuple[AnvilNode, list[str]], proxies: Callable[..., FaultProxy], tmp_path: Path
) -> None:
    import os

    node, hashes = anvil
    keyed = proxies(node.url).url + "?apikey=S3cr3tK3y0123"
    chains = write_chains(
        tmp_path / "chains.yaml", evm_family(node, hashes[0]), [UNRESOLVABLE, keyed]
    )
    code, lines, log = run(
        "--verbose", "diagnose", hashes[0], "--json", "--chains-file", str(chains)
    )
    assert code == 0 and lines[0]["verdict"] == "CONFIRMED"
    # The request log names every request, never the key.
    # Endpoints are shown without path or query (issue 12), so no piece of a key can show.
    assert "127.0.0.1" in log and "/…" in log and "DNS lookup failed" in log
    assert "S3cr3tK3y0123" not in log and "apikey" not in log
    data = Path(os.environ["TXDOCTOR_DATA_DIR"])
    state = data / "endpoint-health.json"
    assert state.stat().st_mode & 0o777 == 0o600 and data.stat().st_mode & 0o777 == 0o700
    text = state.read_text()
    assert "S3cr3tK3y0123" not in text and "127.0.0.1" not in text and "invalid" not in text
    assert "DNS lookup failed" in text
