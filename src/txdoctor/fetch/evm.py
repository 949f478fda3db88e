"""EVM chains over JSON-RPC: a transaction, its receipt, and the context its diagnosis needs.

One question costs at most three round trips, each one JSON-RPC batch:
1. chain id + transaction + receipt + latest block;
2a. pending: the sender's nonces and the fee market (``eth_feeHistory``), or
2b. failed: a replay of the call at the block before (``eth_call``) for the revert reason;
plus, for a hash nobody knows, the same question to a second endpoint.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    Amount,
    ChainLookup,
    EvmFees,
    Failure,
    FailureKind,
    FeeMarket,
    LookupStatus,
    SenderNonces,
    TxFacts,
    TxState,
)
from txdoctor.fetch.evm_revert import failure_from_revert_data, is_out_of_gas
from txdoctor.fetch.redact import redact_url
from txdoctor.fetch.transport import AllEndpointsFailed, Attempt, RpcError, RpcReply, Transport

FEE_HISTORY_BLOCKS = 10
TIP_PERCENTILES = [10, 50]


class MalformedAnswer(ValueError):
    """An endpoint's answer does not have the shape the protocol promises."""


def _int(value: Any, what: str) -> int:
    if not isinstance(value, str) or not value.startswith("0x"):
        raise MalformedAnswer(f"{what} is not a hex quantity")
    try:
        return int(value, 16)
    except ValueError as exc:
        raise MalformedAnswer(f"{what} is not a hex quantity") from exc


def _object(value: Any, what: str) -> dict[str, Any] | None:
    if value is not None and not isinstance(value, dict):
        raise MalformedAnswer(f"the {what} is not an object")
    return value


def _opt_int(obj: dict[str, Any], key: str) -> int | None:
    return _int(obj[key], key) if obj.get(key) is not None else None


class EvmFetcher:
    """Looks up transactions on one EVM chain."""

    def __init__(self, chain: ChainConfig, transport: Transport) -> None:
        self.chain = chain
        self._transport = transport

    def lookup_transaction(self, tx_hash: str) -> ChainLookup:
        """Find ``tx_hash`` (0x + 64 hex) on this chain; never raises for network trouble."""
        try:
            return self._lookup(tx_hash.lower())
        except AllEndpointsFailed as exc:
            return self._unreachable(exc.attempts)
        except MalformedAnswer as exc:
            return ChainLookup(self.chain.name, LookupStatus.UNREACHABLE,
                               reason=f"malformed answer: {exc}")

    def lookup_address(self, address: str) -> ChainLookup:
        """Balance, transaction counts and code of ``address``, in one batch."""
        calls = [("eth_chainId", []), ("eth_getBalance", [address, "latest"]),
                 ("eth_getTransactionCount", [address, "latest"]),
                 ("eth_getTransactionCount", [address, "pending"]),
                 ("eth_getCode", [address, "latest"])]
        try:
            reply = self._transport.rpc(self.chain.rpc, calls, check=self._check_address)
            return ChainLookup(self.chain.name, LookupStatus.FOUND,
                               address=self._address_facts(address, reply.results),
                               notes=_wrong_chain_notes(reply.attempts))
        except AllEndpointsFailed as exc:
            return self._unreachable(exc.attempts)
        except MalformedAnswer as exc:
            return ChainLookup(self.chain.name, LookupStatus.UNREACHABLE,
                               reason=f"malformed answer: {exc}")

    def _check_address(self, results: list[Any]) -> str | None:
        if any(isinstance(r, RpcError) for r in results):
            return "refused an address query"
        try:
            chain_id = _int(results[0], "chain id")
        except MalformedAnswer as exc:
            return f"malformed answer: {exc}"
        if chain_id != self.chain.chain_id:
            return f"answers for chain id {chain_id}, not {self.chain.chain_id}"
        return None

    def _address_facts(self, address: str, results: list[Any]) -> AddressFacts:
        _, balance, latest, pending, code = results
        nonces = SenderNonces(_int(latest, "nonce"), _int(pending, "nonce"))
        wei = _int(balance, "balance")
        is_contract = isinstance(code, str) and code not in ("0x", "0x0", "")
        return AddressFacts(
            chain=self.chain.name, family="evm", address=address,
            balance=Amount(wei, self.chain.native_decimals, self.chain.native),
            kind=AccountKind.CONTRACT if is_contract else AccountKind.ACCOUNT,
            has_activity=nonces.pending > 0 or wei > 0 or is_contract, nonces=nonces,
        )

    # -- round 1 ---------------------------------------------------------------------

    def _lookup(self, tx_hash: str) -> ChainLookup:
        calls = [("eth_chainId", []), ("eth_getTransactionByHash", [tx_hash]),
                 ("eth_getTransactionReceipt", [tx_hash]), ("eth_blockNumber", [])]
        reply = self._transport.rpc(self.chain.rpc, calls, check=self._check_first(tx_hash))
        notes = _wrong_chain_notes(reply.attempts)
        _, tx, receipt, latest = reply.results
        if tx is None and receipt is None:
            return self._confirm_not_found(tx_hash, reply, notes)
        endpoints = self._answering_first(reply.endpoint)
        facts = self._facts(tx_hash, _object(tx, "transaction"), _object(receipt, "receipt"),
                            _int(latest, "block number"), endpoints)
        return ChainLookup(self.chain.name, LookupStatus.FOUND, facts=facts, notes=notes)

    def _check_first(self, tx_hash: str) -> Any:
        expected = self.chain.chain_id

        def check(results: list[Any]) -> str | None:
            if any(isinstance(r, RpcError) for r in (results[0], results[3])):
                return "refused eth_chainId/eth_blockNumber"
            try:
                chain_id = _int(results[0], "chain id")
                _int(results[3], "block number")
            except MalformedAnswer as exc:
                return f"malformed answer: {exc}"
            if chain_id != expected:
                return f"answers for chain id {chain_id}, not {expected}"
            for name, obj in (("transaction", results[1]), ("receipt", results[2])):
                if isinstance(obj, RpcError):
                    return f"refused the {name} lookup: {obj.message}"
                if obj is not None and not isinstance(obj, dict):
                    return f"malformed answer: the {name} is not an object"
                if obj is not None and str(obj.get("hash", obj.get("transactionHash"))).lower() \
                        != tx_hash:
                    return f"malformed answer: the {name} is for another hash"
            return None

        return check

    def _confirm_not_found(self, tx_hash: str, reply: RpcReply,
                           notes: tuple[str, ...]) -> ChainLookup:
        """A hash unknown to one node is asked of a second, where the chain has one."""
        others = [e for e in self.chain.rpc if redact_url(e) != reply.endpoint]
        if not others:
            return ChainLookup(self.chain.name, LookupStatus.NOT_FOUND,
                               reason="one endpoint checked", notes=notes)
        try:
            second = self._transport.rpc(others, [
                ("eth_chainId", []), ("eth_getTransactionByHash", [tx_hash]),
                ("eth_getTransactionReceipt", [tx_hash]), ("eth_blockNumber", [])],
                check=self._check_first(tx_hash))
        except AllEndpointsFailed:
            return ChainLookup(self.chain.name, LookupStatus.NOT_FOUND,
                               reason="one endpoint checked (the others failed)", notes=notes)
        notes += _wrong_chain_notes(second.attempts)
        _, tx, receipt, latest = second.results
        if tx is None and receipt is None:
            return ChainLookup(self.chain.name, LookupStatus.NOT_FOUND,
                               reason="two endpoints checked", notes=notes)
        facts = self._facts(tx_hash, _object(tx, "transaction"), _object(receipt, "receipt"),
                            _int(latest, "block number"), self._answering_first(second.endpoint))
        return ChainLookup(self.chain.name, LookupStatus.FOUND, facts=facts, notes=notes)

    # -- facts -----------------------------------------------------------------------

    def _facts(self, tx_hash: str, tx: dict[str, Any] | None, receipt: dict[str, Any] | None,
               latest: int, endpoints: Sequence[str]) -> TxFacts:
        if tx is None:
            raise MalformedAnswer("a receipt without its transaction")
        fees = _fees(tx, receipt)
        base = TxFacts(
            chain=self.chain.name, family="evm", hash=tx_hash,
            state=TxState.INCLUDED if tx.get("blockNumber") or receipt else TxState.PENDING,
            sender=tx.get("from"), recipient=tx.get("to"),
            value=Amount(_int(tx.get("value", "0x0"), "value"), self.chain.native_decimals,
                         self.chain.native),
            nonce=_int(tx.get("nonce"), "nonce"), latest_block=latest,
            required_confirmations=self.chain.confirmations, block_time=self.chain.block_time,
            evm_fees=fees, creates_contract=tx.get("to") is None,
        )
        if receipt is None and tx.get("blockNumber"):
            receipt = self._late_receipt(tx_hash, endpoints)
        if receipt is None:
            return self._pending(base, endpoints)
        return self._included(base, tx, receipt, endpoints)

    def _late_receipt(self, tx_hash: str, endpoints: Sequence[str]) -> dict[str, Any] | None:
        """Nodes may index a receipt a moment after the block: ask once more."""
        try:
            reply = self._transport.rpc(endpoints, [("eth_getTransactionReceipt", [tx_hash])])
        except AllEndpointsFailed:
            return None
        (receipt,) = reply.results
        return receipt if isinstance(receipt, dict) else None

    def _pending(self, base: TxFacts, endpoints: Sequence[str]) -> TxFacts:
        try:
            reply = self._transport.rpc(endpoints, [
                ("eth_getTransactionCount", [base.sender, "latest"]),
                ("eth_getTransactionCount", [base.sender, "pending"]),
                ("eth_feeHistory", [hex(FEE_HISTORY_BLOCKS), "latest", TIP_PERCENTILES]),
            ])
        except AllEndpointsFailed:  # the verdict can still say "pending", with less detail
            return base
        latest, pending, history = reply.results
        nonces = None
        if not isinstance(latest, RpcError) and not isinstance(pending, RpcError):
            nonces = SenderNonces(_int(latest, "nonce"), _int(pending, "nonce"))
        market = None if isinstance(history, RpcError) else _market(history)
        return replace(base, nonces=nonces, market=market)

    def _included(self, base: TxFacts, tx: dict[str, Any], receipt: dict[str, Any],
                  endpoints: Sequence[str]) -> TxFacts:
        block = _int(receipt.get("blockNumber"), "block number")
        status = _opt_int(receipt, "status")
        fees = base.evm_fees
        assert fees is not None
        fee = (fees.gas_used or 0) * (fees.effective_gas_price or fees.fee_cap)
        fee += _opt_int(receipt, "l1Fee") or 0  # OP-stack chains charge the L1 data fee apart
        facts = replace(base, state=TxState.INCLUDED, block_number=block,
                        success=None if status is None else status == 1,
                        fee_paid=Amount(fee, self.chain.native_decimals, self.chain.native))
        if status == 0:
            facts = replace(facts, failure=self._failure(tx, fees, block, endpoints))
        return facts

    def _failure(self, tx: dict[str, Any], fees: EvmFees, block: int,
                 endpoints: Sequence[str]) -> Failure:
        """Replay the call on the state before its block to learn why it failed."""
        used_all = fees.gas_used is not None and fees.gas_used >= fees.gas_limit
        call = {"from": tx.get("from"), "to": tx.get("to"), "data": tx.get("input", "0x"),
                "value": tx.get("value", "0x0"), "gas": tx.get("gas")}
        try:
            reply = self._transport.rpc(endpoints, [("eth_call", [call, hex(max(block - 1, 0))])])
        except AllEndpointsFailed:
            kind = FailureKind.OUT_OF_GAS if used_all else FailureKind.REVERTED
            return Failure(kind)
        (result,) = reply.results
        if not isinstance(result, RpcError):  # the replay succeeded: the state has moved on
            kind = FailureKind.OUT_OF_GAS if used_all else FailureKind.REVERTED
            return Failure(kind)
        if is_out_of_gas(result.message) or (used_all and not _has_revert_data(result)):
            return Failure(FailureKind.OUT_OF_GAS, reason=None, replayed=True)
        return failure_from_revert_data(_revert_data(result), result.message)

    # -- helpers ---------------------------------------------------------------------

    def _answering_first(self, answered: str) -> list[str]:
        """This chain's endpoints with the one that answered first (its pool saw the tx)."""
        first = [e for e in self.chain.rpc if redact_url(e) == answered]
        return first + [e for e in self.chain.rpc if e not in first]

    def _unreachable(self, attempts: Sequence[Attempt]) -> ChainLookup:
        reasons = sorted({a.error or "failed" for a in attempts})
        notes = _wrong_chain_notes(attempts)
        return ChainLookup(self.chain.name, LookupStatus.UNREACHABLE,
                           reason=", ".join(reasons)[:300], notes=notes)


def _fees(tx: dict[str, Any], receipt: dict[str, Any] | None) -> EvmFees:
    receipt = receipt or {}
    return EvmFees(
        gas_limit=_int(tx.get("gas"), "gas"),
        gas_used=_opt_int(receipt, "gasUsed"),
        gas_price=None if tx.get("maxFeePerGas") else _opt_int(tx, "gasPrice"),
        max_fee=_opt_int(tx, "maxFeePerGas"),
        max_priority_fee=_opt_int(tx, "maxPriorityFeePerGas"),
        effective_gas_price=_opt_int(receipt, "effectiveGasPrice"),
    )


def _market(history: Any) -> FeeMarket | None:
    if not isinstance(history, dict) or not history.get("baseFeePerGas"):
        return None
    base_fees = tuple(_int(b, "base fee") for b in history["baseFeePerGas"])
    rewards = history.get("reward") or []
    ratios = history.get("gasUsedRatio") or [1.0] * len(rewards)
    busy = [r for r, ratio in zip(rewards, ratios, strict=False) if ratio and len(r) >= 2]
    low = [_int(r[0], "reward") for r in busy]
    mid = [_int(r[1], "reward") for r in busy]
    return FeeMarket(
        next_base_fee=base_fees[-1],
        tip_low=int(statistics.median(low)) if low else 0,
        tip_median=int(statistics.median(mid)) if mid else 0,
        base_fee_history=base_fees,
    )


def _revert_data(error: RpcError) -> str | None:
    data = error.data
    if isinstance(data, dict):  # some nodes nest it: {"data": {"data": "0x…"}}
        data = data.get("data")
    return data if isinstance(data, str) else None


def _has_revert_data(error: RpcError) -> bool:
    data = _revert_data(error)
    return bool(data) and len(data or "") >= 10


def _wrong_chain_notes(attempts: Sequence[Attempt]) -> tuple[str, ...]:
    return tuple(f"({a.endpoint}) {a.error.removeprefix('rejected: ')}" for a in attempts
                 if a.error and "answers for chain id" in a.error)
