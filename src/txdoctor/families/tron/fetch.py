"""Tron over TronGrid's HTTP API: a transaction, its execution receipt, and how final it is.

A transaction costs at most these calls (``/wallet/…`` POSTs unless said otherwise):
1. ``gettransactionbyid``: the signed transaction (``{}`` when the chain does not have it);
2. ``gettransactioninfobyid``: its receipt (result code, energy, fee, event logs);
3. ``getblock`` (header only) on ``/wallet`` and ``/walletsolidity``: the latest and the
   latest irreversible ("solidified") block;
4. for a failure, ``getchainparameters`` (today's energy price), and for a token that is not
   in the chain's tokens table, ``triggerconstantcontract`` for its symbol, name, decimals.

Requests go out in hex address form (``visible`` unset), the form the documented examples
and the fixtures in tests/fixtures/tron use; addresses are turned into ``T…`` here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    Amount,
    ChainLookup,
    Failure,
    FailureKind,
    LookupStatus,
    RecentTransfer,
    TokenInfo,
    TokenTransfer,
    TxFacts,
    TxState,
)
from txdoctor.families.tron import fetch_decode as dec
from txdoctor.families.tron.facts import (
    TronAccountDetails,
    TronPrices,
    TronResources,
    TronTxDetails,
)
from txdoctor.families.tron.fetch_api import TronApi
from txdoctor.families.tron.fetch_key import api_key
from txdoctor.families.tron.fetch_tokens import balance_of, read_token
from txdoctor.fetch.base import FetcherBase
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.revert_data import ERROR_SELECTOR, failure_from_revert_data
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import AllEndpointsFailed, Attempt, Transport

FAMILY = Family.TRON
MAX_TOKENS_READ = 3  # distinct unknown token contracts read per transaction
RECENT_TRANSFERS = 5
SUCCESS_CODES = (None, "SUCCESS", "DEFAULT")
GENERIC_REVERT = "REVERT opcode executed"  # resMessage of every revert: not a reason


class TronFetcher(FetcherBase):
    """Looks up transactions and addresses on one Tron chain."""

    def __init__(
        self, chain: ChainConfig, transport: Transport, environ: Mapping[str, str] = os.environ
    ) -> None:
        super().__init__(chain, transport)
        self._api = TronApi(transport, chain.rpc, has_key=api_key(environ) is not None)

    def failure_reason(self, attempts: Sequence[Attempt]) -> str:
        """TronGrid's rate limit is named with its remedy."""
        return self._api.failure_reason(attempts)

    # -- transactions ----------------------------------------------------------------

    def _transaction(self, tx_hash: str) -> ChainLookup:
        """Find ``tx_hash`` (64 hex) on this chain."""
        return self._lookup(tx_hash.lower().removeprefix("0x"))

    def _lookup(self, txid: str) -> ChainLookup:
        tx = self._api.wallet("wallet/gettransactionbyid", {"value": txid})
        if not tx:
            return ChainLookup(
                self.chain.name,
                LookupStatus.NOT_FOUND,
                family=FAMILY,
                reason="unknown to the chain (a transaction not included "
                "before its expiration never will be)",
            )
        if tx.get("txID") != txid:
            raise MalformedAnswer("the transaction is for another hash")
        info = self._info(txid)
        facts = self._facts(txid, tx, info)
        return ChainLookup(self.chain.name, LookupStatus.FOUND, facts=facts, family=FAMILY)

    def _info(self, txid: str) -> dict[str, Any]:
        """The receipt; asked twice, as load-balanced nodes may trail each other by a block."""
        for _ in range(2):
            info = self._api.wallet("wallet/gettransactioninfobyid", {"value": txid})
            if info:
                if info.get("id") != txid:
                    raise MalformedAnswer("the receipt is for another hash")
                return info
        return {}

    def _facts(self, txid: str, tx: dict[str, Any], info: dict[str, Any]) -> TxFacts:
        raw = _object(tx.get("raw_data"), "raw_data")
        contracts = raw.get("contract")
        if not isinstance(contracts, list) or not contracts or not isinstance(contracts[0], dict):
            raise MalformedAnswer("no contract in the transaction")
        contract = contracts[0]
        parameter = _object(contract.get("parameter"), "contract parameter")
        value = _object(parameter.get("value"), "contract value")
        kind = str(contract.get("type") or "unknown")
        sender = dec.base58_address(value.get("owner_address"))
        recipient, amount = _recipient_and_amount(kind, value)
        result = _result_code(tx, info)
        success = result in SUCCESS_CODES and info.get("result") != "FAILED"
        block = dec.number(info, "blockNumber")
        details = TronTxDetails(
            contract_type=kind,
            result=result,
            message=dec.hex_text(info.get("resMessage")),
            resources=_resources(raw, info),
            expiration_ms=dec.number(raw, "expiration"),
            timestamp_ms=dec.number(raw, "timestamp"),
            block_timestamp_ms=dec.number(info, "blockTimeStamp"),
            solidified_block=self._block("walletsolidity/getblock") if block else None,
            selector=_selector(kind, value),
        )
        facts = TxFacts(
            chain=self.chain.name,
            family=FAMILY,
            hash=txid,
            state=TxState.INCLUDED,
            sender=sender,
            recipient=recipient,
            value=Amount(amount, self.chain.native_decimals, self.chain.native),
            success=success,
            block_number=block,
            latest_block=self._block("wallet/getblock") if block else None,
            required_confirmations=self.chain.confirmations,
            block_time=self.chain.block_time,
            fee_paid=Amount(
                dec.number(info, "fee") or 0, self.chain.native_decimals, self.chain.native
            ),
            tron=details,
        )
        if success:
            return replace(facts, transfers=self._transfers(dec.log_transfers(info.get("log"))))
        return self._failed(facts, kind, value, info)

    def _failed(
        self, facts: TxFacts, kind: str, value: dict[str, Any], info: dict[str, Any]
    ) -> TxFacts:
        details = facts.tron
        assert details is not None
        attempted = None
        if kind == "TriggerSmartContract" and facts.recipient and facts.sender:
            raw = dec.call_transfer(facts.recipient, facts.sender, value.get("data"))
            attempted = next(iter(self._transfers([raw] if raw else [])), None)
        details = replace(details, attempted=attempted, prices=self._prices())
        return replace(facts, failure=_failure(details.result, info), tron=details)

    def _transfers(self, raws: Iterable[dec.RawTransfer]) -> tuple[TokenTransfer, ...]:
        tokens: dict[str, TokenInfo] = {}
        transfers = []
        for raw in raws:
            if raw.contract not in tokens:
                if len(tokens) >= MAX_TOKENS_READ:
                    tokens[raw.contract] = TokenInfo(raw.contract, None, None, None)
                else:
                    tokens[raw.contract] = read_token(self._api, self.chain, raw.contract)
            transfers.append(
                TokenTransfer(tokens[raw.contract], raw.sender, raw.recipient, raw.amount)
            )
        return tuple(transfers)

    def _block(self, path: str) -> int | None:
        """The latest block number on ``/wallet`` or ``/walletsolidity``: the header only
        (``getblock``), or ``getnowblock`` from a node too old to have ``getblock``."""
        for name, body in (("getblock", {"detail": False}), ("getnowblock", {})):
            try:
                number = dec.block_number(self._api.wallet(path.replace("getblock", name), body))
            except AllEndpointsFailed:
                number = None
            if number is not None:
                return number
        return None

    def _prices(self) -> TronPrices | None:
        try:
            params = self._api.wallet("wallet/getchainparameters", {})
        except AllEndpointsFailed:
            return None
        return dec.prices(dec.chain_parameters(params))

    # -- addresses -------------------------------------------------------------------

    def _address(self, address: str) -> ChainLookup:
        """TRX and official-token balances, activation, resources and recent transfers."""
        account = self._api.wallet("wallet/getaccount", {"address": dec.hex_address(address)})
        activated = bool(account)
        tokens = self._token_balances(address)
        recent, history = self._recent(address)
        details = TronAccountDetails(prices=self._prices())
        if activated:
            details = self._resources(address, details)
        facts = AddressFacts(
            chain=self.chain.name,
            family=FAMILY,
            address=address,
            balance=Amount(
                dec.number(account, "balance") or 0, self.chain.native_decimals, self.chain.native
            ),
            token_balances=tokens,
            kind=AccountKind.CONTRACT if account.get("type") == "Contract" else AccountKind.ACCOUNT,
            has_activity=activated or any(raw > 0 for _, raw in tokens) or bool(recent),
            activated=activated,
            recent=recent,
            history_available=history,
            tron=details,
        )
        return ChainLookup(self.chain.name, LookupStatus.FOUND, address=facts, family=FAMILY)

    def _token_balances(self, address: str) -> tuple[tuple[TokenInfo, int], ...]:
        """Official tokens held: TronGrid's account view, else ``balanceOf`` on each."""
        held: dict[str, int] | None = None
        try:
            answer = self._api.v1(f"v1/accounts/{address}")
        except AllEndpointsFailed:
            answer = None
        if answer is not None and answer["data"] and isinstance(answer["data"][0], dict):
            held = _trc20_held(answer["data"][0].get("trc20"))
        balances = []
        for token in self.chain.tokens:
            raw = (
                held.get(token.contract, 0)
                if held is not None
                else balance_of(self._api, token.contract, address)
            )
            if raw is not None:
                balances.append((TokenInfo(token.contract, None, None, None), raw))
        return tuple(balances)

    def _recent(self, address: str) -> tuple[tuple[RecentTransfer, ...], bool]:
        try:
            answer = self._api.v1(
                f"v1/accounts/{address}/transactions/trc20", {"limit": str(RECENT_TRANSFERS)}
            )
        except AllEndpointsFailed:
            return (), False
        if answer is None:
            return (), False
        rows = (self._recent_row(row) for row in answer["data"] if isinstance(row, dict))
        return tuple(r for r in rows if r is not None), True

    def _recent_row(self, row: dict[str, Any]) -> RecentTransfer | None:
        token = row.get("token_info")
        contract = dec.base58_address(token.get("address")) if isinstance(token, dict) else None
        value = row.get("value")
        if (
            row.get("type") != "Transfer"
            or contract is None
            or not isinstance(value, str)
            or not value.isdigit()
            or not isinstance(token, dict)
        ):
            return None
        decimals = token.get("decimals")
        info = TokenInfo(
            contract,
            _text(token.get("symbol")),
            _text(token.get("name")),
            decimals if isinstance(decimals, int) else None,
        )
        timestamp = dec.number(row, "block_timestamp")
        return RecentTransfer(
            hash=str(row.get("transaction_id")),
            sender=dec.base58_address(row.get("from")),
            recipient=dec.base58_address(row.get("to")),
            amount=Amount(int(value), info.decimals or 0, info.symbol or "?"),
            token=info,
            timestamp=timestamp // 1000 if timestamp else None,
            success=True,
        )

    def _resources(self, address: str, details: TronAccountDetails) -> TronAccountDetails:
        try:
            res = self._api.wallet(
                "wallet/getaccountresource", {"address": dec.hex_address(address)}
            )
        except AllEndpointsFailed:
            return details

        def left(limit: str, used: str) -> int:
            return max(0, (dec.number(res, limit) or 0) - (dec.number(res, used) or 0))

        return replace(
            details,
            energy_left=left("EnergyLimit", "EnergyUsed"),
            bandwidth_left=left("freeNetLimit", "freeNetUsed") + left("NetLimit", "NetUsed"),
        )


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedAnswer(f"the {what} is not an object")
    return value


def _text(value: Any) -> str | None:
    return value[: dec.MAX_TOKEN_TEXT] if isinstance(value, str) and value else None


def _recipient_and_amount(kind: str, value: dict[str, Any]) -> tuple[str | None, int]:
    if kind == "TriggerSmartContract":
        return dec.base58_address(value.get("contract_address")), dec.number(
            value, "call_value"
        ) or 0
    recipient = value.get("to_address") or value.get("receiver_address")
    amount = dec.number(value, "amount") if kind == "TransferContract" else None
    return dec.base58_address(recipient), amount or 0


def _selector(kind: str, value: dict[str, Any]) -> str | None:
    data = value.get("data")
    if (
        kind != "TriggerSmartContract"
        or not isinstance(data, str)
        or not dec.is_hex(data)
        or len(data) < 8
    ):
        return None
    return data[:8].lower()


def _result_code(tx: dict[str, Any], info: dict[str, Any]) -> str | None:
    receipt = info.get("receipt")
    code = receipt.get("result") if isinstance(receipt, dict) else None
    if code is None:
        ret = tx.get("ret")
        first = ret[0] if isinstance(ret, list) and ret and isinstance(ret[0], dict) else {}
        code = first.get("contractRet")
    return code if isinstance(code, str) and code.isidentifier() else None


def _resources(raw: dict[str, Any], info: dict[str, Any]) -> TronResources:
    receipt = info.get("receipt") if isinstance(info.get("receipt"), dict) else {}
    return TronResources(
        fee_limit=dec.number(raw, "fee_limit"),
        energy_total=dec.number(receipt, "energy_usage_total") or 0,
        energy_from_stake=dec.number(receipt, "energy_usage") or 0,
        energy_from_owner=dec.number(receipt, "origin_energy_usage") or 0,
        energy_fee=dec.number(receipt, "energy_fee") or 0,
        bandwidth=dec.number(receipt, "net_usage") or 0,
        bandwidth_fee=dec.number(receipt, "net_fee") or 0,
    )


def _failure(code: str | None, info: dict[str, Any]) -> Failure:
    if code == "OUT_OF_ENERGY":  # the node's message says which operation ran out
        return Failure(FailureKind.OUT_OF_ENERGY, reason=dec.hex_text(info.get("resMessage")))
    if code == "REVERT":
        results = info.get("contractResult")
        data = results[0] if isinstance(results, list) and results else None
        if dec.is_hex(data) and str(data).lower().startswith(ERROR_SELECTOR[2:]):
            return replace(failure_from_revert_data("0x" + str(data)), replayed=False)
        message = dec.hex_text(info.get("resMessage"))  # the node's text, when it says more
        return Failure(FailureKind.REVERTED, reason=None if message == GENERIC_REVERT else message)
    return Failure(FailureKind.FAULT, reason=code)


def _trc20_held(entries: Any) -> dict[str, int]:
    """``trc20`` of TronGrid's account view: a list of one-entry ``{contract: "amount"}``."""
    held: dict[str, int] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            for contract, amount in entry.items():
                if isinstance(amount, str) and amount.isdigit():
                    held[str(contract)] = int(amount)
    return held


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> TronFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return TronFetcher(chain, transport)
