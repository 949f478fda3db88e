"""Create each EVM transaction case for real on an anvil node.

Every function sends real transactions from anvil's unlocked dev accounts
(``eth_sendTransaction``) and returns a small frozen dataclass describing what it made.
Each scenario uses its own dev account (see ``Account``) so nonce tricks in one scenario never
disturb another on the same node; pass ``sender=`` to override.

Anvil behaviours these helpers rely on (anvil 1.7.1, checked by tests/integration):

* Pausing: ``evm_setAutomine false`` (or starting with ``--no-mining``) keeps new txs in the
  pool; ``eth_getTransactionByHash`` returns them with ``blockNumber``/``blockHash``/
  ``transactionIndex`` null and ``eth_getTransactionReceipt`` returns null.
* Low fee: anvil rejects a tx whose max fee is below the *next* base fee at submission
  (``-32003 "max fee per gas less than block base fee"``) and evicts such txs when it mines a
  block. What works: pause mining, ``anvil_setNextBlockBaseFeePerGas`` to a low value, send
  the tx, ``anvil_setNextBlockBaseFeePerGas`` to a high value, mine nothing afterwards.
  ``eth_feeHistory(1, latest)`` then reports the raised value as its last ``baseFeePerGas``
  entry, and ``eth_getBlockByNumber("pending")`` shows it as ``baseFeePerGas``. The helper
  also keeps the tx's max fee below the *latest* block's base fee, so whichever of the two a
  diagnoser looks at, the tx is underpriced.
* Nonce gap: a tx with nonce > pending count is accepted and parked in ``txpool_content``
  under ``queued`` (not ``pending``); it stays there across mined blocks, and
  ``eth_getTransactionCount(addr, "pending")`` does NOT count it (it equals "latest").
* Empty blocks lower the base fee (EIP-1559), so ``anvil_mine`` changes fee numbers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path
from typing import Any

import yaml
from eth_abi.abi import encode
from eth_utils.address import to_checksum_address

from support.anvil import AnvilNode
from support.solidity import artifact, calldata, deploy, error_data

DEFAULT_CONFIRMATIONS = 12
REVERT_GAS = 200_000
OUT_OF_GAS_LIMIT = 60_000
BURN_ROUNDS = 1_000  # ~22M gas needed; far above OUT_OF_GAS_LIMIT
TOKEN_SUPPLY_UNITS = 1_000_000_000  # whole tokens minted to the deployer
ERROR_STRING_SELECTOR = "0x08c379a0"  # Error(string)
PANIC_SELECTOR = "0x4e487b71"  # Panic(uint256)
PANIC_OVERFLOW = 0x11
PANIC_DIVISION_BY_ZERO = 0x12
REVERT_MESSAGE = "Insufficient balance for withdrawal"


class Account(IntEnum):
    """Which dev account (index into eth_accounts) each scenario sends from."""

    DEPLOYER = 0
    CONFIRMED = 1
    CONFIRMING = 2
    PENDING = 3
    LOW_FEE = 4
    NONCE_GAP = 5
    REVERT_MESSAGE = 6
    REVERT_PANIC = 7
    REVERT_CUSTOM = 8
    OUT_OF_GAS = 9
    WRONG_NETWORK = 10
    TOKEN_OFFICIAL = 11
    STUCK = 12
    VAULT = 13
    TOKEN_FAKE = 14
    RECIPIENT = 19


class SetupError(RuntimeError):
    """A scenario could not be created as claimed (the node behaved unexpectedly)."""


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, kw_only=True)
class TxCase:
    """One real transaction on a node."""

    kind: str
    hash: str
    sender: str
    nonce: int
    chain_id: int
    to: str | None
    value: int = 0
    gas: int | None = None
    block_number: int | None = None  # None while pending
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RevertCase(TxCase):
    """A mined, failed contract call (status 0)."""

    contract: str
    function: str
    revert_data: str  # what eth_call replay returns as error.data; "" for out-of-gas
    reason: str | None = None  # decoded message / error name, when there is one


@dataclass(frozen=True, kw_only=True)
class LowFeeCase(TxCase):
    """A pending EIP-1559 tx whose max fee is below the node's base fees."""

    max_fee: int
    tip: int
    next_base_fee: int
    latest_base_fee: int


@dataclass(frozen=True, kw_only=True)
class TokenCase(TxCase):
    """A mined ERC-20 ``transfer`` call."""

    token: str
    recipient: str
    amount: int  # in base units


@dataclass(frozen=True)
class Tokens:
    """An "official" token and a look-alike with the same name and symbol."""

    official: str
    fake: str
    owner: str  # holds the official supply
    fake_owner: str  # holds the fake supply
    symbol: str
    name: str
    decimals: int


@dataclass(frozen=True)
class AddressCase:
    """An address plus its nonces as the node reports them."""

    address: str
    latest_nonce: int
    pending_nonce: int
    hashes: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- plumbing
def dev_account(node: AnvilNode, index: int) -> str:
    accounts = node.accounts()
    if index >= len(accounts):
        raise SetupError(f"node has {len(accounts)} dev accounts, scenario needs #{index}")
    return to_checksum_address(accounts[index])


def random_hash() -> str:
    """32 random bytes as 0x-hex: a transaction hash no node knows."""
    return "0x" + os.urandom(32).hex()


def unused_address() -> str:
    """A fresh random address: no nonce, no balance, no code on any node."""
    return to_checksum_address("0x" + os.urandom(20).hex())


def _send(node: AnvilNode, tx: dict[str, Any]) -> str:
    tx_hash: str = node.rpc("eth_sendTransaction", tx)
    return tx_hash


def _wait_mined(node: AnvilNode, tx_hash: str) -> dict[str, Any]:
    """Receipt of ``tx_hash``; mines one block first if the node is not automining."""
    return node.wait_for_receipt(tx_hash)


def _case_fields(node: AnvilNode, tx_hash: str) -> dict[str, Any]:
    """The TxCase fields as the node reports them for ``tx_hash``."""
    tx = node.transaction(tx_hash)
    if tx is None:
        raise SetupError(f"node does not know the tx it just accepted: {tx_hash}")
    block = tx.get("blockNumber")
    return {
        "hash": tx_hash,
        "sender": to_checksum_address(tx["from"]),
        "nonce": int(tx["nonce"], 16),
        "chain_id": node.chain_id,
        "to": to_checksum_address(tx["to"]) if tx.get("to") else None,
        "value": int(tx["value"], 16),
        "gas": int(tx["gas"], 16),
        "block_number": int(block, 16) if block else None,
    }


def _sender(node: AnvilNode, sender: str | None, default: Account) -> str:
    return sender or dev_account(node, default)


def _pause_mining(node: AnvilNode) -> None:
    node.set_automine(False)


def _base_fee(block: Mapping[str, Any]) -> int:
    return int(block["baseFeePerGas"], 16)


# ----------------------------------------------------------------------------- transfers
def eth_transfer(
    node: AnvilNode,
    *,
    sender: str,
    to: str,
    value: int,
    kind: str = "transfer",
    extra: Mapping[str, Any] | None = None,
) -> TxCase:
    """Send ETH and wait until it is mined (mining a block if automine is off)."""
    tx: dict[str, Any] = {"from": sender, "to": to, "value": hex(value)}
    if extra:
        tx.update(extra)
    tx_hash = _send(node, tx)
    _wait_mined(node, tx_hash)
    return TxCase(kind=kind, **_case_fields(node, tx_hash))


def confirmed_transfer(
    node: AnvilNode,
    confirmations_after: int = DEFAULT_CONFIRMATIONS,
    *,
    sender: str | None = None,
    value: int = 10**18,
) -> TxCase:
    """A mined ETH transfer followed by ``confirmations_after`` more blocks.

    Afterwards ``latest - block_number == confirmations_after`` (so counting the inclusion
    block, the tx has ``confirmations_after + 1`` confirmations).
    """
    case = eth_transfer(
        node,
        sender=_sender(node, sender, Account.CONFIRMED),
        to=dev_account(node, Account.RECIPIENT),
        value=value,
        kind="confirmed_transfer",
    )
    if confirmations_after:
        node.mine(confirmations_after)
    return case


def confirming_transfer(
    node: AnvilNode, blocks_after: int = 1, *, sender: str | None = None, value: int = 10**18
) -> TxCase:
    """A mined ETH transfer with only ``blocks_after`` (default 1) blocks on top."""
    if blocks_after > 2:
        raise ValueError("a 'confirming' transfer has at most 2 blocks on top")
    case = eth_transfer(
        node,
        sender=_sender(node, sender, Account.CONFIRMING),
        to=dev_account(node, Account.RECIPIENT),
        value=value,
        kind="confirming_transfer",
    )
    if blocks_after:
        node.mine(blocks_after)
    return case


def wrong_network(node_b: AnvilNode, confirmations_after: int = 2) -> TxCase:
    """A confirmed transfer on ``node_b``: ask about it on another chain to get 'not found'."""
    case = confirmed_transfer(
        node_b, confirmations_after, sender=dev_account(node_b, Account.WRONG_NETWORK)
    )
    return replace(case, kind="wrong_network")


# ----------------------------------------------------------------------------- pending
def replayed_transfer(node: AnvilNode, replica: AnvilNode, value: int = 10**18) -> TxCase:
    """One signed ETH transfer broadcast on ``node`` and on ``replica``: two chains with the
    same chain id (a fork that kept it), so the same bytes are valid, and mined, on both."""
    if node.chain_id != replica.chain_id:
        raise SetupError("a transaction replays only on a chain with the same chain id")
    sender = dev_account(node, Account.CONFIRMED)
    raw = node.rpc(
        "eth_signTransaction",
        {
            "from": sender,
            "to": dev_account(node, Account.RECIPIENT),
            "value": hex(value),
            "nonce": hex(node.nonce(sender)),
            "gas": hex(21_000),
            "maxFeePerGas": hex(10 * 10**9),
            "maxPriorityFeePerGas": hex(10**9),
            "chainId": hex(node.chain_id),
        },
    )
    tx_hash: str = node.rpc("eth_sendRawTransaction", raw)
    if replica.rpc("eth_sendRawTransaction", raw) != tx_hash:
        raise SetupError("the replica gave the same signed transaction another hash")
    _wait_mined(node, tx_hash)
    _wait_mined(replica, tx_hash)
    return TxCase(kind="replayed_transfer", **_case_fields(node, tx_hash))


def pending_transfer(node: AnvilNode, *, sender: str | None = None, value: int = 10**18) -> TxCase:
    """Pause mining and leave a normally priced ETH transfer in the pool.

    LEAVES MINING PAUSED: use a node dedicated to the test.
    """
    _pause_mining(node)
    tx_hash = _send(
        node,
        {
            "from": _sender(node, sender, Account.PENDING),
            "to": dev_account(node, Account.RECIPIENT),
            "value": hex(value),
        },
    )
    return TxCase(kind="pending_transfer", **_case_fields(node, tx_hash))


def pending_low_fee(
    node: AnvilNode, *, sender: str | None = None, raised_base_fee: int | None = None
) -> LowFeeCase:
    """A pending 1559 transfer whose maxFeePerGas is below the next (and latest) base fee.

    LEAVES MINING PAUSED and the next base fee raised; mining a block would evict the tx
    (anvil drops txs whose max fee is below the block's base fee).
    """
    _pause_mining(node)
    latest_base = _base_fee(node.rpc("eth_getBlockByNumber", "latest", False))
    max_fee = max(latest_base // 2, 2)
    tip = max_fee // 2
    # Anvil refuses max fee < next base fee at submission: lower it just for the send.
    node.rpc("anvil_setNextBlockBaseFeePerGas", hex(max(max_fee // 2, 1)))
    tx_hash = _send(
        node,
        {
            "from": _sender(node, sender, Account.LOW_FEE),
            "to": dev_account(node, Account.RECIPIENT),
            "value": hex(10**17),
            "gas": hex(21_000),
            "maxFeePerGas": hex(max_fee),
            "maxPriorityFeePerGas": hex(tip),
        },
    )
    raised = raised_base_fee if raised_base_fee is not None else latest_base * 2
    node.rpc("anvil_setNextBlockBaseFeePerGas", hex(raised))
    next_base = node.next_base_fee()
    if next_base != raised or next_base <= max_fee:
        raise SetupError(f"eth_feeHistory reports next base fee {next_base}, wanted {raised}")
    return LowFeeCase(
        kind="pending_low_fee",
        max_fee=max_fee,
        tip=tip,
        next_base_fee=next_base,
        latest_base_fee=latest_base,
        **_case_fields(node, tx_hash),
    )


def pending_nonce_gap(node: AnvilNode, gap: int = 1, *, sender: str | None = None) -> TxCase:
    """A tx with nonce = pending count + ``gap`` (``gap`` >= 1 nonces are missing before it).

    Works with automine on or off: anvil parks it under txpool_content "queued" forever.
    ``details["missing_nonces"]`` lists the nonces that would unblock it.
    """
    if gap < 1:
        raise ValueError("gap must be >= 1")
    from_ = _sender(node, sender, Account.NONCE_GAP)
    expected = node.nonce(from_, "pending")
    tx_hash = _send(
        node,
        {
            "from": from_,
            "to": dev_account(node, Account.RECIPIENT),
            "value": hex(10**17),
            "nonce": hex(expected + gap),
        },
    )
    missing = list(range(expected, expected + gap))
    return TxCase(
        kind="pending_nonce_gap",
        details={"missing_nonces": missing, "expected_nonce": expected},
        **_case_fields(node, tx_hash),
    )


def stuck_address(node: AnvilNode, count: int = 2, *, sender: str | None = None) -> AddressCase:
    """An address whose pending nonce is ahead of its latest nonce (``count`` txs waiting).

    LEAVES MINING PAUSED.
    """
    _pause_mining(node)
    from_ = _sender(node, sender, Account.STUCK)
    to = dev_account(node, Account.RECIPIENT)
    hashes = tuple(_send(node, {"from": from_, "to": to, "value": hex(1)}) for _ in range(count))
    return AddressCase(
        address=from_,
        latest_nonce=node.nonce(from_, "latest"),
        pending_nonce=node.nonce(from_, "pending"),
        hashes=hashes,
    )


def replace_pending(node: AnvilNode, case: TxCase, max_fee: int, tip: int) -> TxCase:
    """Re-send ``case``'s tx (same sender, nonce, to, value, input) with new 1559 fees.

    Anvil 1.7.1 accepted a +5% bump (no geth-style 10% rule); identical fees give -32003
    "transaction already imported". The old hash is gone from the node afterwards.
    """
    old = node.transaction(case.hash)
    if old is None:
        raise SetupError(f"cannot replace {case.hash}: node does not know it")
    tx_hash = _send(
        node,
        {
            "from": case.sender,
            "to": old["to"],
            "value": old["value"],
            "data": old["input"],
            "gas": old["gas"],
            "nonce": hex(case.nonce),
            "maxFeePerGas": hex(max_fee),
            "maxPriorityFeePerGas": hex(tip),
        },
    )
    return TxCase(
        kind="replacement", details={"replaces": case.hash}, **_case_fields(node, tx_hash)
    )


def drop(node: AnvilNode, tx_hash: str) -> bool:
    """Remove a pool tx with anvil_dropTransaction; True if the node had it."""
    return node.rpc("anvil_dropTransaction", tx_hash) is not None


# ----------------------------------------------------------------------------- reverts
def deploy_reverter(node: AnvilNode) -> str:
    return deploy(node, "Reverter", sender=dev_account(node, Account.DEPLOYER))


def _failing_call(
    node: AnvilNode,
    *,
    kind: str,
    sender: str,
    function: str,
    args: tuple[Any, ...],
    gas: int,
    revert_data: str,
    reason: str | None,
    contract: str | None,
) -> RevertCase:
    """Call Reverter.``function`` with an explicit gas limit (so no estimate refuses it)."""
    address = contract or deploy_reverter(node)
    data = calldata(artifact("Reverter").abi, function, *args)
    tx_hash = _send(node, {"from": sender, "to": address, "data": data, "gas": hex(gas)})
    receipt = _wait_mined(node, tx_hash)
    if int(receipt["status"], 16) != 0:
        raise SetupError(f"{kind}: Reverter.{function} did not fail: {receipt!r}")
    return RevertCase(
        kind=kind,
        contract=address,
        function=function,
        revert_data=revert_data,
        reason=reason,
        details={"gas_used": int(receipt["gasUsed"], 16)},
        **_case_fields(node, tx_hash),
    )


def _panic_data(code: int) -> str:
    return PANIC_SELECTOR + code.to_bytes(32, "big").hex()


def _error_string_data(message: str) -> str:
    return ERROR_STRING_SELECTOR + encode(["string"], [message]).hex()


def reverted_with_message(
    node: AnvilNode, *, contract: str | None = None, sender: str | None = None
) -> RevertCase:
    """``require(false, "Insufficient balance for withdrawal")`` -> Error(string)."""
    return _failing_call(
        node,
        kind="reverted_with_message",
        sender=_sender(node, sender, Account.REVERT_MESSAGE),
        function="withdraw",
        args=(5,),
        gas=REVERT_GAS,
        revert_data=_error_string_data(REVERT_MESSAGE),
        reason=REVERT_MESSAGE,
        contract=contract,
    )


def reverted_with_panic(
    node: AnvilNode,
    code: int = PANIC_OVERFLOW,
    *,
    contract: str | None = None,
    sender: str | None = None,
) -> RevertCase:
    """Panic(0x11) arithmetic overflow (default) or Panic(0x12) division by zero."""
    calls = {PANIC_OVERFLOW: ("overflow", ()), PANIC_DIVISION_BY_ZERO: ("divide", (0,))}
    if code not in calls:
        raise ValueError(f"panic code must be one of {sorted(calls)}")
    function, args = calls[code]
    return _failing_call(
        node,
        kind="reverted_with_panic",
        sender=_sender(node, sender, Account.REVERT_PANIC),
        function=function,
        args=args,
        gas=REVERT_GAS,
        revert_data=_panic_data(code),
        reason=f"Panic(0x{code:02x})",
        contract=contract,
    )


def reverted_with_custom_error(
    node: AnvilNode, required: int = 7, *, contract: str | None = None, sender: str | None = None
) -> RevertCase:
    """``revert InsufficientBalance(0, required)`` (a custom error, selector 0xcf479181)."""
    return _failing_call(
        node,
        kind="reverted_with_custom_error",
        sender=_sender(node, sender, Account.REVERT_CUSTOM),
        function="withdrawCustom",
        args=(required,),
        gas=REVERT_GAS,
        revert_data=error_data(artifact("Reverter").abi, "InsufficientBalance", 0, required),
        reason="InsufficientBalance",
        contract=contract,
    )


def out_of_gas(
    node: AnvilNode,
    gas: int = OUT_OF_GAS_LIMIT,
    *,
    contract: str | None = None,
    sender: str | None = None,
    rounds: int = BURN_ROUNDS,
) -> RevertCase:
    """Reverter.burn with a gas limit above intrinsic but far too small: gasUsed == gas."""
    return _failing_call(
        node,
        kind="out_of_gas",
        sender=_sender(node, sender, Account.OUT_OF_GAS),
        function="burn",
        args=(rounds,),
        gas=gas,
        revert_data="",
        reason=None,
        contract=contract,
    )


# ----------------------------------------------------------------------------- tokens
def deploy_tokens(
    node: AnvilNode,
    *,
    symbol: str = "USDT",
    name: str = "Tether USD",
    decimals: int = 6,
    fake_decimals: int | None = None,
) -> Tokens:
    """Deploy an "official" token and a fake with the same name and symbol (other deployer)."""
    owner = dev_account(node, Account.TOKEN_OFFICIAL)
    fake_owner = dev_account(node, Account.TOKEN_FAKE)
    fake_dec = decimals if fake_decimals is None else fake_decimals
    official = deploy(
        node, "TestToken", name, symbol, decimals, TOKEN_SUPPLY_UNITS * 10**decimals, sender=owner
    )
    fake = deploy(
        node,
        "TestToken",
        name,
        symbol,
        fake_dec,
        TOKEN_SUPPLY_UNITS * 10**fake_dec,
        sender=fake_owner,
    )
    return Tokens(official, fake, owner, fake_owner, symbol, name, decimals)


def token_transfer(
    node: AnvilNode, token: str, amount: int, *, sender: str, to: str | None = None
) -> TokenCase:
    """ERC-20 ``transfer(to, amount)`` from ``sender`` (amount in base units), mined."""
    recipient = to_checksum_address(to or dev_account(node, Account.RECIPIENT))
    data = calldata(artifact("TestToken").abi, "transfer", recipient, amount)
    tx_hash = _send(node, {"from": sender, "to": token, "data": data, "gas": hex(100_000)})
    receipt = _wait_mined(node, tx_hash)
    if int(receipt["status"], 16) != 1:
        raise SetupError(f"token transfer failed: {receipt!r}")
    return TokenCase(
        kind="token_transfer",
        token=to_checksum_address(token),
        recipient=recipient,
        amount=amount,
        **_case_fields(node, tx_hash),
    )


def tokens_to_token_contract(node: AnvilNode, tokens: Tokens, amount: int) -> TokenCase:
    """Official tokens sent to the token contract's own address (a classic loss)."""
    case = token_transfer(node, tokens.official, amount, sender=tokens.owner, to=tokens.official)
    return replace(case, kind="tokens_to_token_contract")


def eth_to_vault(node: AnvilNode, value: int = 10**18, *, vault: str | None = None) -> TxCase:
    """ETH sent to a plain (non-token) contract with a payable receive()."""
    target = vault or deploy(node, "Vault", sender=dev_account(node, Account.DEPLOYER))
    return eth_transfer(
        node,
        sender=dev_account(node, Account.VAULT),
        to=target,
        value=value,
        kind="eth_to_vault",
        extra={"gas": hex(100_000)},
    )


# ----------------------------------------------------------------------------- chains file
@dataclass(frozen=True)
class ChainEntry:
    """How one chain name maps onto a node in a txdoctor chains file."""

    node: AnvilNode
    confirmations: int = 12
    block_time: int = 12
    explorer: str = "https://etherscan.io/tx/{hash}"
    native: str = "ETH"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def as_yaml(self) -> dict[str, Any]:
        return {
            "family": "evm",
            "chain_id": self.node.chain_id,
            "rpc": [self.node.url],
            "confirmations": self.confirmations,
            "block_time": self.block_time,
            "explorer": self.explorer,
            "native": self.native,
            **self.extra,
        }


def write_chains_file(path: Path, chains: Mapping[str, AnvilNode | ChainEntry]) -> Path:
    """Write a txdoctor chains YAML (``chains: {name: {...}}``) pointing names at nodes."""
    body = {
        name: (spec if isinstance(spec, ChainEntry) else ChainEntry(spec)).as_yaml()
        for name, spec in chains.items()
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"chains": body}, sort_keys=False))
    return path
