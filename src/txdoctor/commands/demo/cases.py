"""Make the classic cases for real on local anvil nodes, with unlocked dev accounts.

Anvil's dev accounts accept ``eth_sendTransaction`` unsigned, so no keys or signing library
are needed. The low-fee case pauses mining, so it is made last. Anvil behaviours relied on
are those recorded in tests/support/scenarios.py (anvil 1.7.1).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from txdoctor.advise.i18n import N_
from txdoctor.commands.demo.bytecode import GAS_BURNER, REVERT_REASON, REVERTER, deploy_code
from txdoctor.commands.demo.node import DemoError, LocalNode
from txdoctor.commands.demo.token import deploy_data, transfer_data
from txdoctor.diagnose.verdicts import Verdict

MAIN_CHAIN = "demo"
OTHER_CHAIN = "demo_other"
MAIN_CHAIN_ID = 31337
OTHER_CHAIN_ID = 31338
CONFIRMATIONS = 3
WEI = 10**18
GWEI = Decimal(10**9)
REVERT_GAS = 200_000
OUT_OF_GAS_LIMIT = 60_000
RECEIPT_TIMEOUT = 10.0
TOKEN_SYMBOL = "USDT"
TOKEN_NAME = "Tether USD"
TOKEN_DECIMALS = 6
TOKEN_SUPPLY = 10**9 * 10**TOKEN_DECIMALS


@dataclass(frozen=True)
class DemoCase:
    """One case made on a node: what was done, and the verdict txdoctor should give."""

    title: str  # N_() text
    story: str  # N_() text with {fields} from ``facts``
    expected: Verdict
    tx_hash: str
    expect_chain: str | None = None
    facts: Mapping[str, str | int | Decimal] = field(default_factory=dict)


class Nodes:
    """The two demo networks and their dev accounts."""

    def __init__(self, main: LocalNode, other: LocalNode) -> None:
        self.main = main
        self.other = other
        self.accounts: list[str] = main.call("eth_accounts")
        self.official_token: str | None = None  # listed as USDT in the demo chains file
        self.fake_token: str | None = None  # same name and symbol, another contract

    def send(self, node: LocalNode, tx: dict[str, Any]) -> str:
        """Send from an unlocked dev account; the hash."""
        tx_hash: str = node.call("eth_sendTransaction", tx)
        return tx_hash

    def mined(self, node: LocalNode, tx: dict[str, Any]) -> dict[str, Any]:
        """Send and wait (bounded) for the receipt; automining nodes mine at once."""
        tx_hash = self.send(node, tx)
        deadline = time.monotonic() + RECEIPT_TIMEOUT
        while (receipt := node.call("eth_getTransactionReceipt", tx_hash)) is None:
            if time.monotonic() > deadline:
                raise DemoError(N_("the local node did not mine {hash}"), hash=tx_hash)
            time.sleep(0.02)
        result: dict[str, Any] = receipt
        return result

    def deploy(self, runtime: bytes) -> str:
        """Deploy a hand-assembled contract on the main node; its address."""
        return self._create(self.accounts[0], deploy_code(runtime))

    def tokens(self) -> tuple[str, str]:
        """The official token (owned by account 0) and its look-alike (owned by account 7)."""
        if self.official_token is None or self.fake_token is None:
            args = (TOKEN_NAME, TOKEN_SYMBOL, TOKEN_DECIMALS, TOKEN_SUPPLY)
            self.official_token = self._create(self.accounts[0], deploy_data(*args))
            self.fake_token = self._create(self.accounts[7], deploy_data(*args))
        return self.official_token, self.fake_token

    def _create(self, sender: str, data: str) -> str:
        address: str = self.mined(self.main, {"from": sender, "data": data})["contractAddress"]
        return address


def confirmed(nodes: Nodes) -> DemoCase:
    """A plain transfer with enough blocks on top."""
    receipt = nodes.mined(
        nodes.main, {"from": nodes.accounts[1], "to": nodes.accounts[9], "value": hex(WEI)}
    )
    nodes.main.call("anvil_mine", hex(CONFIRMATIONS))
    return DemoCase(
        N_("A confirmed transfer"),
        N_(
            "We sent {amount} ETH from one account to another and let {blocks} more "
            "blocks be mined on top of it."
        ),
        Verdict.CONFIRMED,
        receipt["transactionHash"],
        facts={"amount": Decimal(1), "blocks": CONFIRMATIONS},
    )


def reverted(nodes: Nodes) -> DemoCase:
    """A call that the contract refuses with a reason."""
    contract = nodes.deploy(REVERTER)
    receipt = nodes.mined(
        nodes.main, {"from": nodes.accounts[2], "to": contract, "gas": hex(REVERT_GAS)}
    )
    return DemoCase(
        N_("A contract refused the transaction"),
        N_("We called a contract that refuses every call with the message “{reason}”."),
        Verdict.FAILED_REVERTED,
        receipt["transactionHash"],
        facts={"reason": REVERT_REASON},
    )


def out_of_gas(nodes: Nodes) -> DemoCase:
    """A call that needs more gas than its limit."""
    contract = nodes.deploy(GAS_BURNER)
    receipt = nodes.mined(
        nodes.main, {"from": nodes.accounts[3], "to": contract, "gas": hex(OUT_OF_GAS_LIMIT)}
    )
    return DemoCase(
        N_("Out of gas"),
        N_(
            "We called a contract that needs more gas than the limit of {gas} we "
            "gave the transaction."
        ),
        Verdict.FAILED_OUT_OF_GAS,
        receipt["transactionHash"],
        facts={"gas": OUT_OF_GAS_LIMIT},
    )


def wrong_network(nodes: Nodes) -> DemoCase:
    """A transfer on the second network, asked about as if it were on the main one."""
    receipt = nodes.mined(
        nodes.other, {"from": nodes.accounts[4], "to": nodes.accounts[9], "value": hex(WEI // 2)}
    )
    nodes.other.call("anvil_mine", hex(CONFIRMATIONS))
    return DemoCase(
        N_("Sent on the wrong network"),
        N_(
            "We sent {amount} ETH on a second network ({other}), then ask about it "
            "as if it had been sent on {main}, as a recipient would."
        ),
        Verdict.WRONG_NETWORK,
        receipt["transactionHash"],
        expect_chain=MAIN_CHAIN,
        facts={"amount": Decimal("0.5"), "other": OTHER_CHAIN, "main": MAIN_CHAIN},
    )


def fake_token(nodes: Nodes) -> DemoCase:
    """A transfer of a look-alike token that copies the official name and symbol."""
    _, fake = nodes.tokens()
    amount = 1000
    receipt = nodes.mined(
        nodes.main,
        {
            "from": nodes.accounts[7],
            "to": fake,
            "data": transfer_data(nodes.accounts[8], amount * 10**TOKEN_DECIMALS),
        },
    )
    return DemoCase(
        N_("A fake token"),
        N_(
            "We created a second token that copies the name and symbol of the "
            "official {symbol}, and sent {amount} of it to someone."
        ),
        Verdict.FAKE_TOKEN,
        receipt["transactionHash"],
        facts={"symbol": TOKEN_SYMBOL, "amount": amount},
    )


def sent_to_token_contract(nodes: Nodes) -> DemoCase:
    """Official tokens sent to the token's own contract address."""
    official, _ = nodes.tokens()
    amount = 250
    receipt = nodes.mined(
        nodes.main,
        {
            "from": nodes.accounts[0],
            "to": official,
            "data": transfer_data(official, amount * 10**TOKEN_DECIMALS),
        },
    )
    return DemoCase(
        N_("Sent to the token contract"),
        N_(
            "We sent {amount} {symbol} to the address of the {symbol} contract "
            "itself, instead of to a person's wallet."
        ),
        Verdict.SENT_TO_TOKEN_CONTRACT,
        receipt["transactionHash"],
        facts={"symbol": TOKEN_SYMBOL, "amount": amount},
    )


def nonce_gap(nodes: Nodes) -> DemoCase:
    """A transaction waiting for a nonce that was never sent."""
    sender = nodes.accounts[5]
    missing = int(nodes.main.call("eth_getTransactionCount", sender, "pending"), 16)
    tx_hash = nodes.send(
        nodes.main,
        {
            "from": sender,
            "to": nodes.accounts[9],
            "value": hex(WEI // 10),
            "nonce": hex(missing + 1),
        },
    )
    return DemoCase(
        N_("Waiting for an earlier transaction"),
        N_(
            "We sent a transaction with nonce {nonce}, but the same account never "
            "sent its transaction with nonce {missing}."
        ),
        Verdict.PENDING_NONCE_GAP,
        tx_hash,
        facts={"nonce": missing + 1, "missing": missing},
    )


def low_fee(nodes: Nodes) -> DemoCase:
    """A transfer whose max fee ends up below the network's base fee. Pauses mining."""
    node = nodes.main
    node.call("evm_setAutomine", False)
    latest = int(node.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
    max_fee = max(latest // 2, 2)
    # anvil refuses a max fee below the next base fee at submission: lower it for the send
    node.call("anvil_setNextBlockBaseFeePerGas", hex(max(max_fee // 2, 1)))
    tx_hash = nodes.send(
        node,
        {
            "from": nodes.accounts[6],
            "to": nodes.accounts[9],
            "value": hex(WEI // 10),
            "gas": hex(21_000),
            "maxFeePerGas": hex(max_fee),
            "maxPriorityFeePerGas": hex(max_fee // 2),
        },
    )
    node.call("anvil_setNextBlockBaseFeePerGas", hex(latest * 2))
    return DemoCase(
        N_("Stuck: the fee is too low"),
        N_(
            "We paused mining, sent a transfer offering at most {max_fee} gwei per "
            "gas, then raised the network's base fee to {base_fee} gwei."
        ),
        Verdict.PENDING_LOW_FEE,
        tx_hash,
        facts={"max_fee": Decimal(max_fee) / GWEI, "base_fee": Decimal(latest * 2) / GWEI},
    )


CASES: tuple[Callable[[Nodes], DemoCase], ...] = (
    confirmed,
    reverted,
    out_of_gas,
    wrong_network,
    fake_token,
    sent_to_token_contract,
    nonce_gap,
    low_fee,
)
"""Every case, in the order they must be made (low_fee last: it stops mining)."""
