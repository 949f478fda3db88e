"""A Solana JSON-RPC node inside ``http_mock``, answering from the recorded bodies in
tests/fixtures/solana the way an agave node does (see that folder's README).

It behaves like a real node where txdoctor depends on it: ``getTransaction`` refuses
(-32015, agave's message) to return a transaction newer than the request's
``maxSupportedTransactionVersion``, and answers ``null`` for a signature it does not know.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support import http_mock
from support.rpc_mock import RpcFailure, serve_rpc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "solana"
URL_A = "https://sol-a.test/"
URL_B = "https://sol-b.test/"


def body(name: str) -> Any:
    """A whole recorded JSON-RPC response."""
    return json.loads((FIXTURES / name).read_text("utf-8"))


def result(name: str) -> Any:
    """The ``result`` of a recorded JSON-RPC response (a fresh copy)."""
    return copy.deepcopy(body(name)["result"])


def status(
    commitment: str | None, slot: int, err: Any = None, confirmations: int | None = None
) -> dict[str, Any]:
    """A ``getSignatureStatuses`` entry: the recorded mainnet one with these values."""
    entry: dict[str, Any] = result("getSignatureStatuses_finalized_custom_error.json")["value"][0]
    entry |= {
        "confirmationStatus": commitment,
        "slot": slot,
        "err": err,
        "confirmations": confirmations,
        "status": {"Ok": None} if err is None else {"Err": err},
    }
    return entry


def transaction(name: str) -> tuple[str, dict[str, Any]]:
    """(signature, getTransaction result) of a recorded transaction."""
    tx = result(name)
    return tx["transaction"]["signatures"][0], tx


@dataclass
class SolanaNode:
    """What one node knows. Fill the maps, then ``serve`` it."""

    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    # method -> address -> result; getTokenAccountsByOwner: (address, token program) -> result
    accounts: dict[str, dict[Any, Any]] = field(default_factory=dict)
    multiple: dict[tuple[str, str], Any] = field(default_factory=dict)  # (encoding, addr) -> acct
    slot: int = field(default_factory=lambda: result("getSlot.json"))
    block_height: int = field(default_factory=lambda: result("getBlockHeight.json"))
    genesis: str = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d"  # mainnet-beta's
    requests: list[tuple[str, list[Any]]] = field(default_factory=list)

    def add(
        self, name: str, commitment: str | None = "finalized", confirmations: int | None = None
    ) -> str:
        """Know a recorded transaction, with a status of ``commitment``; its signature."""
        signature, tx = transaction(name)
        self.transactions[signature] = tx
        if commitment is not None:
            self.statuses[signature] = status(
                commitment, tx["slot"], tx["meta"]["err"], confirmations
            )
        return signature

    def serve(self, rsps: http_mock.HttpMock, url: str = URL_A) -> list[str]:
        """Route ``url`` to this node; returns the methods called, in order."""
        return serve_rpc(rsps, url, self.answer)

    def answer(self, method: str, params: list[Any]) -> Any:
        """The node's answer to one call."""
        self.requests.append((method, params))
        context = {"apiVersion": "3.1.4", "slot": self.slot}
        if method == "getSignatureStatuses":
            return {"context": context, "value": [self.statuses.get(s) for s in params[0]]}
        if method == "getTransaction":
            return self._transaction(params[0], params[1] if len(params) > 1 else {})
        if method == "getBlockHeight":
            return self.block_height
        if method == "getSlot":
            return self.slot
        if method == "getGenesisHash":
            return self.genesis
        if method == "getMultipleAccounts":
            encoding = params[1].get("encoding", "base64")
            return {
                "context": context,
                "value": [self.multiple.get((encoding, a)) for a in params[0]],
            }
        if method == "getMinimumBalanceForRentExemption":
            return result("getMinimumBalanceForRentExemption.json")
        if method == "getTokenAccountsByOwner":  # answered per token program
            key: Any = (params[0], params[1]["programId"])
            empty = result("getTokenAccountsByOwner_empty.json")
            return copy.deepcopy(self.accounts.get(method, {}).get(key, empty))
        if method in self.accounts and params[0] in self.accounts[method]:
            return copy.deepcopy(self.accounts[method][params[0]])
        raise RpcFailure(-32601, "Method not found")

    def _transaction(self, signature: str, config: dict[str, Any]) -> Any:
        tx = self.transactions.get(signature)
        if tx is None:
            return None
        version = tx.get("version")
        supported = config.get("maxSupportedTransactionVersion")
        if isinstance(version, int) and (supported is None or supported < version):
            error = body("error_unsupported_transaction_version.json")["error"]
            raise RpcFailure(
                error["code"],
                error["message"].replace("(1)", f"({version})").replace(": 1", f": {version}"),
            )
        return copy.deepcopy(tx)


def chains_yaml(*urls: str, confirmations: int = 32) -> str:
    """A chains file with one Solana chain at ``urls`` and its official mints."""
    rpc = "\n".join(f"      - {u}" for u in urls)
    return f"""chains:
  solana:
    display_name: Solana
    family: solana
    rpc:
{rpc}
    confirmations: {confirmations}
    block_time: 0.4
    explorer: https://solscan.io/tx/{{hash}}
    native: SOL
    native_decimals: 9
    tokens:
      USDT:
        {{contract: Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB, decimals: 6, name: Tether USD}}
      USDC:
        {{contract: EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v, decimals: 6, name: USD Coin}}
"""
