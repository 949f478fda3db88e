"""More real EVM cases on anvil, for tokens, addresses and ENS (see ``scenarios`` for the
core ones). Every helper sends real transactions from anvil's unlocked dev accounts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from support.anvil import AnvilNode
from support.scenarios import Account, SetupError, dev_account
from support.solidity import artifact, calldata, deploy

ENS_REGISTRY = "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e"
CALL_GAS = 200_000


def namehash(name: str) -> bytes:
    """EIP-137 namehash, written here independently of txdoctor's."""
    node = b"\0" * 32
    for label in reversed(name.split(".")) if name else []:
        node = keccak(node + keccak(text=label))
    return node


def send(node: AnvilNode, tx: Mapping[str, Any], *, expect_status: int | None = 1) -> str:
    """Send ``tx`` and wait for its receipt (mining a block if paused); check its status."""
    tx_hash: str = node.rpc("eth_sendTransaction", dict(tx))
    receipt = node.wait_for_receipt(tx_hash)
    if expect_status is not None and int(receipt["status"], 16) != expect_status:
        raise SetupError(f"{tx!r} ended with status {receipt['status']}, wanted {expect_status}")
    return tx_hash


def deploy_ens(node: AnvilNode, names: Mapping[str, str]) -> str:
    """The test registry's code at the real ENS registry address, one resolver, and
    ``names`` (name -> address) registered; returns the resolver's address."""
    deployer = dev_account(node, Account.DEPLOYER)
    template = deploy(node, "TestENSRegistry", sender=deployer)
    node.rpc("anvil_setCode", ENS_REGISTRY, node.rpc("eth_getCode", template, "latest"))
    resolver = deploy(node, "TestENSResolver", sender=deployer)
    registry_abi = artifact("TestENSRegistry").abi
    resolver_abi = artifact("TestENSResolver").abi
    for name, address in names.items():
        node_hash = namehash(name)
        send(
            node,
            {
                "from": deployer,
                "to": ENS_REGISTRY,
                "gas": hex(CALL_GAS),
                "data": calldata(registry_abi, "setResolver", node_hash, resolver),
            },
        )
        send(
            node,
            {
                "from": deployer,
                "to": resolver,
                "gas": hex(CALL_GAS),
                "data": calldata(resolver_abi, "setAddr", node_hash, address),
            },
        )
    return resolver


def failing_token_transfer(
    node: AnvilNode, token: str, amount: int, *, sender: str, to: str
) -> str:
    """A ``transfer`` of more tokens than ``sender`` holds, mined with status 0."""
    data = calldata(artifact("TestToken").abi, "transfer", to_checksum_address(to), amount)
    return send(
        node, {"from": sender, "to": token, "data": data, "gas": hex(CALL_GAS)}, expect_status=0
    )


def zero_transfer_from(node: AnvilNode, token: str, *, victim: str, to: str, caller: str) -> str:
    """``transferFrom(victim, to, 0)`` sent by a stranger: what address poisoners do."""
    data = calldata(
        artifact("TestToken").abi,
        "transferFrom",
        to_checksum_address(victim),
        to_checksum_address(to),
        0,
    )
    return send(node, {"from": caller, "to": token, "data": data, "gas": hex(CALL_GAS)})


def token_call(node: AnvilNode, token: str, amount: int, *, sender: str, to: str) -> str:
    """A successful ERC-20 ``transfer`` to any address (a contract too)."""
    data = calldata(artifact("TestToken").abi, "transfer", to_checksum_address(to), amount)
    return send(node, {"from": sender, "to": token, "data": data, "gas": hex(CALL_GAS)})


def fresh_address() -> str:
    """A random address no node knows."""
    return to_checksum_address("0x" + os.urandom(20).hex())


def lookalike_of(address: str) -> str:
    """Another address with the same first 4 and last 4 hex digits (no key needed to pay it)."""
    middle = os.urandom(16).hex()
    while middle == address.lower()[6:-4]:
        middle = os.urandom(16).hex()
    return to_checksum_address(address[:6] + middle + address[-4:])


def pay(node: AnvilNode, *, sender: str, to: str, value: int = 10**16) -> str:
    """A plain native transfer, mined."""
    return send(node, {"from": sender, "to": to, "value": hex(value)})


def resend_nonce(
    node: AnvilNode, *, sender: str, nonce: int, max_fee: int, tip: int, to: str | None = None
) -> str:
    """A 0-value transaction with an explicit nonce and fees (a cancel, or a missing nonce);
    not waited for: mining may be paused."""
    tx_hash: str = node.rpc(
        "eth_sendTransaction",
        {
            "from": sender,
            "to": to or sender,
            "value": "0x0",
            "nonce": hex(nonce),
            "gas": hex(21_000),
            "maxFeePerGas": hex(max_fee),
            "maxPriorityFeePerGas": hex(tip),
        },
    )
    return tx_hash
