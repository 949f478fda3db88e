"""Prove each harness scenario is really the case it claims, using raw JSON-RPC only.

Anvil 1.7.1 answers an ``eth_call`` replay of the failed txs (``from``/``to``/``data``/
``value`` and ``gas`` = the tx's gas limit, at the parent block) like this; production code
parses these shapes, so the tests below pin them:

* Error(string)::

    {"code": 3, "message": "execution reverted: Insufficient balance for withdrawal",
     "data": "0x08c379a0<abi-encoded string>"}

* Panic(uint256)::

    {"code": 3, "message": "execution reverted: panic: arithmetic underflow or overflow (0x11)",
     "data": "0x4e487b71" + 32-byte code}
    (division by zero: "execution reverted: panic: division or modulo by zero (0x12)")

* custom error (message carries the raw arg bytes as text, NUL characters included)::

    {"code": 3, "message": "execution reverted: custom error 0xcf479181: \\x00...\\x07",
     "data": "0xcf479181<abi-encoded args>"}

* out of gas (no ``data`` key at all)::

    {"code": -32603, "message": "EVM error OutOfGas"}

The same shapes come back at the tx's own block, at ``latest`` and from ``eth_estimateGas``
(which, without a gas cap, SUCCEEDS for the out-of-gas call and returns ~22M gas).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from eth_abi.abi import decode
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from support import anvil as anvil_module
from support import scenarios as sc
from support.anvil import AnvilError, AnvilNode, RpcError, find_anvil
from support.scenarios import ChainEntry
from support.solidity import Artifact, calldata, compile_contracts

pytestmark = pytest.mark.anvil

TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()
CUSTOM_ERROR_SELECTOR = "0x" + keccak(text="InsufficientBalance(uint256,uint256)")[:4].hex()


# ----------------------------------------------------------------------------- raw helpers
def _tx(node: AnvilNode, tx_hash: str) -> dict[str, Any]:
    tx = node.rpc("eth_getTransactionByHash", tx_hash)
    assert tx is not None, f"node does not know {tx_hash}"
    return dict(tx)


def _receipt(node: AnvilNode, tx_hash: str) -> dict[str, Any]:
    receipt = node.rpc("eth_getTransactionReceipt", tx_hash)
    assert receipt is not None, f"no receipt for {tx_hash}"
    return dict(receipt)


def _int(value: str) -> int:
    return int(value, 16)


def _replay(node: AnvilNode, tx_hash: str) -> dict[str, Any]:
    """eth_call the mined tx on its parent block's state; return the raw response."""
    tx = _tx(node, tx_hash)
    call = {k: tx[k] for k in ("from", "to", "value", "gas")}
    call["data"] = tx["input"]
    return node.rpc_raw("eth_call", call, hex(_int(tx["blockNumber"]) - 1))


def _next_base_fee(node: AnvilNode) -> int:
    history = node.rpc("eth_feeHistory", "0x1", "latest", [])
    return _int(history["baseFeePerGas"][-1])


def _pool_entry(node: AnvilNode, section: str, sender: str, nonce: int) -> dict[str, Any] | None:
    content = node.rpc("txpool_content")[section]
    by_sender = {addr.lower(): txs for addr, txs in content.items()}
    entry = by_sender.get(sender.lower(), {}).get(str(nonce))
    return dict(entry) if entry else None


def _view(node: AnvilNode, to: str, abi: list[dict[str, Any]], fn: str, *args: Any) -> str:
    result: str = node.rpc("eth_call", {"to": to, "data": calldata(abi, fn, *args)}, "latest")
    return result


def _assert_pending(node: AnvilNode, tx_hash: str) -> dict[str, Any]:
    tx = _tx(node, tx_hash)
    assert tx["blockNumber"] is None
    assert tx["blockHash"] is None
    assert tx["transactionIndex"] is None
    assert node.rpc("eth_getTransactionReceipt", tx_hash) is None
    return tx


# ----------------------------------------------------------------------------- nodes
def test_nodes_have_distinct_chain_ids(anvil_a: AnvilNode, anvil_b: AnvilNode) -> None:
    assert _int(anvil_a.rpc("eth_chainId")) == 31337
    assert _int(anvil_b.rpc("eth_chainId")) == 31338
    assert anvil_a.url != anvil_b.url
    assert anvil_a.url.startswith("http://127.0.0.1:")


def test_rpc_raises_with_message_and_rpc_raw_returns_error(anvil_a: AnvilNode) -> None:
    with pytest.raises(RpcError, match="invalid string length") as info:
        anvil_a.rpc("eth_getTransactionByHash", "0x1234")
    assert info.value.code == -32602
    raw = anvil_a.rpc_raw("eth_getTransactionByHash", "0x1234")
    assert raw["error"] == {"code": -32602, "message": "invalid string length"}


def _live_group_members(pgid: int) -> list[int]:
    """PIDs in process group ``pgid`` that are not zombies (Linux /proc)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


@pytest.mark.parametrize("use_wrapper", [False, True], ids=["native", "npm-wrapper"])
def test_stop_leaves_no_process_behind(monkeypatch: pytest.MonkeyPatch, use_wrapper: bool) -> None:
    if use_wrapper:
        monkeypatch.setattr(anvil_module, "native_binary", lambda path: path)
    node = AnvilNode.start(4242)
    pgid = node.process.pid
    assert _live_group_members(pgid)
    node.stop()
    assert not node.running
    # SIGKILL is delivered asynchronously: give the kernel a bounded moment to reap.
    deadline = time.monotonic() + 5
    while _live_group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _live_group_members(pgid) == []
    node.stop()  # idempotent


def test_context_manager_stops_node() -> None:
    with AnvilNode.start(4343) as node:
        assert node.block_number() == 0
    assert not node.running


def test_bad_anvil_env_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TXDOCTOR_ANVIL", "/nonexistent/anvil")
    with pytest.raises(AnvilError, match="TXDOCTOR_ANVIL"):
        find_anvil()


def test_contracts_compile_once(contracts: dict[str, Artifact]) -> None:
    assert {"Reverter", "TestToken", "Vault"} <= set(contracts)
    assert compile_contracts() is contracts
    assert all(a.bytecode.startswith("0x60") for a in contracts.values())


# ----------------------------------------------------------------------------- mined transfers
def test_confirmed_transfer(anvil_a: AnvilNode) -> None:
    case = sc.confirmed_transfer(anvil_a, confirmations_after=12)
    receipt = _receipt(anvil_a, case.hash)
    assert _int(receipt["status"]) == 1
    assert _int(receipt["blockNumber"]) == case.block_number
    assert _int(anvil_a.rpc("eth_blockNumber")) - _int(receipt["blockNumber"]) == 12
    assert _tx(anvil_a, case.hash)["nonce"] == hex(case.nonce)


def test_confirming_transfer(anvil_a: AnvilNode) -> None:
    case = sc.confirming_transfer(anvil_a)
    receipt = _receipt(anvil_a, case.hash)
    assert _int(receipt["status"]) == 1
    assert _int(anvil_a.rpc("eth_blockNumber")) - _int(receipt["blockNumber"]) == 1


def test_wrong_network_tx_only_exists_on_node_b(anvil_a: AnvilNode, anvil_b: AnvilNode) -> None:
    case = sc.wrong_network(anvil_b)
    assert case.chain_id == 31338
    assert _int(_receipt(anvil_b, case.hash)["status"]) == 1
    assert anvil_a.rpc("eth_getTransactionByHash", case.hash) is None
    assert anvil_a.rpc("eth_getTransactionReceipt", case.hash) is None


def test_random_hash_is_unknown(anvil_a: AnvilNode) -> None:
    tx_hash = sc.random_hash()
    assert len(tx_hash) == 66
    assert anvil_a.rpc("eth_getTransactionByHash", tx_hash) is None
    assert anvil_a.rpc("eth_getTransactionReceipt", tx_hash) is None


# ----------------------------------------------------------------------------- pending
def test_pending_transfer(anvil_pending: AnvilNode) -> None:
    case = sc.pending_transfer(anvil_pending)
    tx = _assert_pending(anvil_pending, case.hash)
    assert anvil_pending.rpc("anvil_getAutomine") is False
    assert _int(tx["maxFeePerGas"]) >= _next_base_fee(anvil_pending)  # normally priced
    assert anvil_pending.nonce(case.sender, "pending") == anvil_pending.nonce(case.sender) + 1
    assert _pool_entry(anvil_pending, "pending", case.sender, case.nonce) is not None


def test_pending_low_fee(anvil_pending: AnvilNode) -> None:
    case = sc.pending_low_fee(anvil_pending)
    tx = _assert_pending(anvil_pending, case.hash)
    next_base = _next_base_fee(anvil_pending)
    latest_base = _int(anvil_pending.rpc("eth_getBlockByNumber", "latest", False)["baseFeePerGas"])
    pending_block = anvil_pending.rpc("eth_getBlockByNumber", "pending", False)
    assert tx["type"] == "0x2"
    assert _int(tx["maxFeePerGas"]) == case.max_fee
    assert _int(tx["maxFeePerGas"]) < next_base == case.next_base_fee
    assert _int(tx["maxFeePerGas"]) < latest_base
    assert _int(pending_block["baseFeePerGas"]) == next_base
    assert _pool_entry(anvil_pending, "pending", case.sender, case.nonce) is not None


def test_low_fee_tx_is_rejected_or_evicted_as_documented(anvil_pending: AnvilNode) -> None:
    case = sc.pending_low_fee(anvil_pending)
    too_low = {"from": case.sender, "to": case.to, "value": "0x1",
               "maxFeePerGas": hex(case.max_fee), "maxPriorityFeePerGas": "0x1"}  # fmt: skip
    error = anvil_pending.rpc_raw("eth_sendTransaction", too_low)["error"]
    assert error == {"code": -32003, "message": "max fee per gas less than block base fee"}
    anvil_pending.mine(1)
    assert anvil_pending.rpc("eth_getTransactionByHash", case.hash) is None


def test_pending_nonce_gap(anvil_pending: AnvilNode) -> None:
    case = sc.pending_nonce_gap(anvil_pending, gap=2)
    _assert_pending(anvil_pending, case.hash)
    latest = anvil_pending.nonce(case.sender, "latest")
    assert case.nonce == latest + 2
    assert anvil_pending.nonce(case.sender, "pending") == latest  # queued txs are not counted
    assert _pool_entry(anvil_pending, "queued", case.sender, case.nonce) is not None
    assert _pool_entry(anvil_pending, "pending", case.sender, case.nonce) is None
    assert case.details["missing_nonces"] == [latest, latest + 1]
    anvil_pending.mine(3)  # automine is on here: the gap tx stays queued across blocks
    _assert_pending(anvil_pending, case.hash)


def test_stuck_address(anvil_pending: AnvilNode) -> None:
    case = sc.stuck_address(anvil_pending, count=2)
    latest = _int(anvil_pending.rpc("eth_getTransactionCount", case.address, "latest"))
    pending = _int(anvil_pending.rpc("eth_getTransactionCount", case.address, "pending"))
    assert (latest, pending) == (case.latest_nonce, case.pending_nonce) == (0, 2)
    for tx_hash in case.hashes:
        _assert_pending(anvil_pending, tx_hash)


def test_replace_pending(anvil_pending: AnvilNode) -> None:
    case = sc.pending_transfer(anvil_pending)
    old = _tx(anvil_pending, case.hash)
    new = sc.replace_pending(
        anvil_pending,
        case,
        max_fee=_int(old["maxFeePerGas"]) * 2,
        tip=_int(old["maxPriorityFeePerGas"]) * 2,
    )
    assert new.hash != case.hash
    assert new.nonce == case.nonce
    assert anvil_pending.rpc("eth_getTransactionByHash", case.hash) is None
    assert (
        _int(_assert_pending(anvil_pending, new.hash)["maxFeePerGas"])
        == _int(old["maxFeePerGas"]) * 2
    )


def test_drop(anvil_pending: AnvilNode) -> None:
    case = sc.pending_transfer(anvil_pending)
    assert sc.drop(anvil_pending, case.hash) is True
    assert anvil_pending.rpc("eth_getTransactionByHash", case.hash) is None
    assert anvil_pending.rpc("txpool_status") == {"pending": "0x0", "queued": "0x0"}
    assert sc.drop(anvil_pending, case.hash) is False


# ----------------------------------------------------------------------------- reverts
@pytest.fixture(scope="module")
def reverter(anvil_a: AnvilNode) -> str:
    return sc.deploy_reverter(anvil_a)


REVERTS: list[tuple[Callable[..., sc.RevertCase], str, str]] = [
    (sc.reverted_with_message, sc.ERROR_STRING_SELECTOR,
     "execution reverted: Insufficient balance for withdrawal"),
    (sc.reverted_with_panic, sc.PANIC_SELECTOR,
     "execution reverted: panic: arithmetic underflow or overflow (0x11)"),
    (sc.reverted_with_custom_error, CUSTOM_ERROR_SELECTOR,
     "execution reverted: custom error 0xcf479181: "),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "selector", "message"), REVERTS, ids=lambda v: getattr(v, "__name__", "")
)
def test_reverted(
    anvil_a: AnvilNode,
    reverter: str,
    make: Callable[..., sc.RevertCase],
    selector: str,
    message: str,
) -> None:
    case = make(anvil_a, contract=reverter)
    receipt = _receipt(anvil_a, case.hash)
    assert _int(receipt["status"]) == 0
    assert _int(receipt["gasUsed"]) < _int(_tx(anvil_a, case.hash)["gas"]) == case.gas
    error = _replay(anvil_a, case.hash)["error"]
    assert error["code"] == 3
    assert error["message"].startswith(message)
    assert error["data"].startswith(selector)
    assert error["data"] == case.revert_data


def test_revert_message_decodes(anvil_a: AnvilNode, reverter: str) -> None:
    case = sc.reverted_with_message(anvil_a, contract=reverter)
    data = bytes.fromhex(_replay(anvil_a, case.hash)["error"]["data"][10:])
    assert decode(["string"], data) == ("Insufficient balance for withdrawal",)


def test_panic_division_by_zero(anvil_a: AnvilNode, reverter: str) -> None:
    case = sc.reverted_with_panic(anvil_a, sc.PANIC_DIVISION_BY_ZERO, contract=reverter)
    error = _replay(anvil_a, case.hash)["error"]
    assert error["message"] == "execution reverted: panic: division or modulo by zero (0x12)"
    assert error["data"] == sc.PANIC_SELECTOR + f"{0x12:064x}"


def test_custom_error_args_decode(anvil_a: AnvilNode, reverter: str) -> None:
    case = sc.reverted_with_custom_error(anvil_a, required=7, contract=reverter)
    data = bytes.fromhex(_replay(anvil_a, case.hash)["error"]["data"][10:])
    assert decode(["uint256", "uint256"], data) == (0, 7)


def test_out_of_gas(anvil_a: AnvilNode, reverter: str) -> None:
    case = sc.out_of_gas(anvil_a, contract=reverter)
    receipt = _receipt(anvil_a, case.hash)
    assert _int(receipt["status"]) == 0
    assert _int(receipt["gasUsed"]) == _int(_tx(anvil_a, case.hash)["gas"]) == case.gas
    assert _replay(anvil_a, case.hash)["error"] == {
        "code": -32603,
        "message": "EVM error OutOfGas",
    }


# ----------------------------------------------------------------------------- tokens
@pytest.fixture(scope="module")
def tokens(anvil_a: AnvilNode) -> sc.Tokens:
    return sc.deploy_tokens(anvil_a)


def test_official_and_fake_tokens_look_alike(
    anvil_a: AnvilNode, tokens: sc.Tokens, contracts: dict[str, Artifact]
) -> None:
    abi = contracts["TestToken"].abi
    assert tokens.official != tokens.fake
    for token in (tokens.official, tokens.fake):
        assert anvil_a.rpc("eth_getCode", token, "latest") not in ("0x", "0x0")
        symbol = decode(["string"], bytes.fromhex(_view(anvil_a, token, abi, "symbol")[2:]))
        decimals = _int(_view(anvil_a, token, abi, "decimals"))
        assert (symbol[0], decimals) == ("USDT", 6)


def _transfer_logs(receipt: dict[str, Any], token: str) -> list[dict[str, Any]]:
    return [
        log
        for log in receipt["logs"]
        if log["address"].lower() == token.lower() and log["topics"][0] == TRANSFER_TOPIC
    ]


def test_token_transfer(
    anvil_a: AnvilNode, tokens: sc.Tokens, contracts: dict[str, Artifact]
) -> None:
    case = sc.token_transfer(anvil_a, tokens.official, 25 * 10**6, sender=tokens.owner)
    receipt = _receipt(anvil_a, case.hash)
    [log] = _transfer_logs(receipt, tokens.official)
    assert to_checksum_address("0x" + log["topics"][1][-40:]) == tokens.owner
    assert to_checksum_address("0x" + log["topics"][2][-40:]) == case.recipient
    assert _int(log["data"]) == 25 * 10**6
    assert case.to == tokens.official  # the tx goes to the token; the recipient is in the data
    recipient_balance = _view(
        anvil_a, tokens.official, contracts["TestToken"].abi, "balanceOf", case.recipient
    )
    assert _int(recipient_balance) >= 25 * 10**6


def test_tokens_sent_to_token_contract(
    anvil_a: AnvilNode, tokens: sc.Tokens, contracts: dict[str, Artifact]
) -> None:
    case = sc.tokens_to_token_contract(anvil_a, tokens, 5 * 10**6)
    [log] = _transfer_logs(_receipt(anvil_a, case.hash), tokens.official)
    assert to_checksum_address("0x" + log["topics"][2][-40:]) == tokens.official
    assert case.recipient == case.to == tokens.official
    abi = contracts["TestToken"].abi
    assert _int(_view(anvil_a, tokens.official, abi, "balanceOf", tokens.official)) == 5 * 10**6


def test_eth_to_vault(anvil_a: AnvilNode, contracts: dict[str, Artifact]) -> None:
    case = sc.eth_to_vault(anvil_a, 3 * 10**18)
    assert case.to is not None
    assert _int(_receipt(anvil_a, case.hash)["status"]) == 1
    assert anvil_a.rpc("eth_getCode", case.to, "latest") not in ("0x", "0x0")
    assert _int(anvil_a.rpc("eth_getBalance", case.to, "latest")) == 3 * 10**18
    call = {"to": case.to, "data": calldata(contracts["TestToken"].abi, "symbol")}
    assert "error" in anvil_a.rpc_raw("eth_call", call, "latest")  # not a token


def test_unused_address(anvil_a: AnvilNode) -> None:
    address = sc.unused_address()
    assert anvil_a.rpc("eth_getTransactionCount", address, "pending") == "0x0"
    assert anvil_a.rpc("eth_getBalance", address, "latest") == "0x0"
    assert anvil_a.rpc("eth_getCode", address, "latest") == "0x"


# ----------------------------------------------------------------------------- chains file
def test_chains_file(
    anvil_a: AnvilNode, anvil_b: AnvilNode, chains_file: Callable[..., Any]
) -> None:
    path = chains_file({"ethereum": anvil_a, "bsc": ChainEntry(anvil_b, native="BNB")})
    loaded = yaml.safe_load(path.read_text())
    assert loaded["chains"]["ethereum"] == {
        "family": "evm",
        "chain_id": 31337,
        "rpc": [anvil_a.url],
        "confirmations": 12,
        "block_time": 12,
        "explorer": "https://etherscan.io/tx/{hash}",
        "native": "ETH",
    }
    assert loaded["chains"]["bsc"]["chain_id"] == 31338
    assert loaded["chains"]["bsc"]["native"] == "BNB"
