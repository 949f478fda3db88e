"""Solana over JSON-RPC: a signature's status and transaction, an address's holdings.

A transaction costs one batch (status, transaction, block height, slot), plus, only when
needed, a second one: what stranger mints call themselves (to tell a fake USDT from an
unlisted token) and the rent-exempt minimum (for a rent failure); and for a signature
nobody knows, the same first question to a second endpoint.

``getTransaction`` always sends ``maxSupportedTransactionVersion: 1``: mainnet has carried
v1 transactions since September 2026, and a node refuses (-32015) to return a transaction
newer than the version the client says it understands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.core.redact import redact_url
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    Amount,
    ChainLookup,
    Commitment,
    Failure,
    FailureKind,
    LookupStatus,
    RecentTransfer,
    SolanaAddressFacts,
    SolanaError,
    SolanaTxFacts,
    TokenTransfer,
    TxFacts,
    TxState,
)
from txdoctor.families.solana.fetch_parse import (
    COMPUTE_BUDGET_PROGRAM,
    TOKEN_2022_PROGRAM,
    TOKEN_PROGRAM,
    TOKEN_PROGRAMS,
    SignatureStatus,
    TokenMove,
    account_keys,
    all_instructions,
    as_int,
    decode_error,
    opt_int,
    signature_status,
    sol_moves,
    token_moves,
    top_level_instructions,
    top_level_programs,
)
from txdoctor.families.solana.fetch_tokens import MAX_LABELS, label_calls, labels_from, mint_info
from txdoctor.fetch.base import SECOND_OPINION_WITHIN, FetcherBase, unconfirmed
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import AllEndpointsFailed, RpcError, Transport

TRANSACTION_VERSION = 1  # the newest transaction version txdoctor reads (v1, SIMD-0385)
TX_OPTIONS = {
    "encoding": "jsonParsed",
    "maxSupportedTransactionVersion": TRANSACTION_VERSION,
    "commitment": "confirmed",
}
CONFIRMED = {"commitment": "confirmed"}
RECENT_SIGNATURES = 10
# Without a status, a transaction this many slots behind the tip is taken as finalized
# (finalized trails the tip by about 32 slots).
ASSUME_FINALIZED_AFTER = 64
_TX_METHODS = ("getSignatureStatuses", "getTransaction", "getBlockHeight", "getSlot")
_ADDRESS_METHODS = (
    "getBalance",
    "getAccountInfo",
    "getTokenAccountsByOwner",
    "getTokenAccountsByOwner",
    "getSignaturesForAddress",
    "getMinimumBalanceForRentExemption",
)


def transaction_calls(signature: str) -> list[tuple[str, list[Any]]]:
    """The first batch of a transaction lookup."""
    return [
        ("getSignatureStatuses", [[signature], {"searchTransactionHistory": True}]),
        ("getTransaction", [signature, dict(TX_OPTIONS)]),
        ("getBlockHeight", [dict(CONFIRMED)]),
        ("getSlot", [dict(CONFIRMED)]),
    ]


class SolanaFetcher(FetcherBase):
    """Looks up signatures and addresses on one Solana cluster."""

    def __init__(self, chain: ChainConfig, transport: Transport) -> None:
        super().__init__(chain, transport)

    def _transaction(self, tx_hash: str) -> ChainLookup:
        """Find the transaction with signature ``tx_hash``."""
        return self._lookup(tx_hash)

    def _address(self, address: str) -> ChainLookup:
        """SOL balance, token accounts, recent signatures and what the account is."""
        calls: list[tuple[str, list[Any]]] = [
            ("getBalance", [address, dict(CONFIRMED)]),
            ("getAccountInfo", [address, {"encoding": "jsonParsed", **CONFIRMED}]),
            (
                "getTokenAccountsByOwner",
                [address, {"programId": TOKEN_PROGRAM}, {"encoding": "jsonParsed", **CONFIRMED}],
            ),
            (
                "getTokenAccountsByOwner",
                [
                    address,
                    {"programId": TOKEN_2022_PROGRAM},
                    {"encoding": "jsonParsed", **CONFIRMED},
                ],
            ),
            ("getSignaturesForAddress", [address, {"limit": RECENT_SIGNATURES, **CONFIRMED}]),
            ("getMinimumBalanceForRentExemption", [0]),
        ]
        reply = self._transport.rpc(self.chain.rpc, calls, check=_check_address)
        facts = self._address_facts(address, reply.results, reply.endpoint)
        return ChainLookup(self.chain.name, LookupStatus.FOUND, address=facts)

    # -- transaction -----------------------------------------------------------------

    def _lookup(self, signature: str) -> ChainLookup:
        reply = self._transport.rpc(
            self.chain.rpc, transaction_calls(signature), check=_check_transaction(signature)
        )
        status = signature_status(reply.results[0])
        tx = reply.results[1]
        if status is None and tx is None:
            return self._confirm_not_found(signature, reply.endpoint)
        facts = self._facts(
            signature,
            status,
            tx,
            reply.results[2],
            reply.results[3],
            self._answering_first(reply.endpoint),
        )
        return ChainLookup(self.chain.name, LookupStatus.FOUND, facts=facts)

    def _confirm_not_found(self, signature: str, answered: str) -> ChainLookup:
        """A signature unknown to one node is asked of another, where the chain has one."""
        others = [e for e in self.chain.rpc if redact_url(e) != answered]
        if not others:
            return self._not_found("one endpoint checked")
        others = self._transport.worth_asking(others)
        if not others:
            return self._not_found("one endpoint checked (the others failed lately)")
        try:  # every other endpoint at once: the first good answer settles it
            second = self._transport.rpc(
                others,
                transaction_calls(signature),
                check=_check_transaction(signature),
                at_once=True,
                within=SECOND_OPINION_WITHIN,
            )
        except AllEndpointsFailed as failed:
            return self._not_found(unconfirmed(failed))
        status, tx = signature_status(second.results[0]), second.results[1]
        if status is None and tx is None:
            return self._not_found("two endpoints checked")
        facts = self._facts(
            signature,
            status,
            tx,
            second.results[2],
            second.results[3],
            self._answering_first(second.endpoint),
        )
        return ChainLookup(self.chain.name, LookupStatus.FOUND, facts=facts)

    def _facts(
        self,
        signature: str,
        status: SignatureStatus | None,
        found: Any,
        height: Any,
        current_slot: Any,
        endpoints: Sequence[str],
    ) -> TxFacts:
        tx: dict[str, Any] = found if isinstance(found, dict) else {}
        meta: dict[str, Any] = tx["meta"] if isinstance(tx.get("meta"), dict) else {}
        keys = account_keys(tx)
        slot = opt_int(tx.get("slot")) or (status.slot if status else None)
        tip = as_int(current_slot, "slot")
        err = meta.get("err") if tx else (status.err if status else None)
        instructions = list(all_instructions(tx, meta)) if tx else []
        sender = keys[0] if keys else None
        # The sender's own (top-level) transfers say whom it pays, even when it failed;
        # transfers inside a program (a swap's pool legs) are only listed when they happened.
        outer = top_level_instructions(tx)
        sols = sol_moves(outer)
        direct = token_moves(outer, keys, meta)
        moved = token_moves(instructions, keys, meta) if err is None else []
        error = (
            None
            if err is None
            else decode_error(
                err,
                [m for m in meta.get("logMessages") or [] if isinstance(m, str)],
                keys,
                top_level_programs(tx),
            )
        )
        labels, rent = self._extras(moved, error, endpoints)
        recipient = (
            next((m.destination for m in sols), None)
            or next((m.recipient for m in direct), None)
            or (error.top_program if error else None)
            or _first_program(tx)
        )
        fee = opt_int(meta.get("fee"))
        native = (self.chain.native_decimals, self.chain.native)
        return TxFacts(
            chain=self.chain.name,
            family=Family.SOLANA,
            hash=signature,
            state=TxState.INCLUDED,
            sender=sender,
            recipient=recipient,
            success=err is None,
            value=Amount(sum(m.lamports for m in sols if m.source == sender), *native),
            block_number=slot,
            latest_block=tip,
            required_confirmations=self.chain.confirmations,
            block_time=self.chain.block_time,
            fee_paid=None if fee is None else Amount(fee, *native),
            failure=_failure(error),
            transfers=tuple(self._transfers(moved, labels)),
            solana=SolanaTxFacts(
                commitment=_commitment(status, slot, tip),
                slot=slot,
                confirmations=status.confirmations if status else None,
                version=None if tx.get("version") is None else str(tx["version"]),
                compute_units=opt_int(meta.get("computeUnitsConsumed")),
                error=error,
                block_height=as_int(height, "block height"),
                rent_exempt_minimum=rent,
            ),
        )

    def _extras(
        self, tokens: Sequence[TokenMove], error: SolanaError | None, endpoints: Sequence[str]
    ) -> tuple[dict[str, Any], int | None]:
        """Best effort: what stranger mints call themselves; the rent minimum for rent
        failures. A failure here costs detail, never the verdict."""
        mints = sorted(
            {m.mint for m in tokens if m.mint and self.chain.listed_token(m.mint) is None}
        )[:MAX_LABELS]
        wants_rent = error is not None and error.kind == "InsufficientFundsForRent"
        calls = label_calls(mints) if mints else []
        if wants_rent:
            calls.append(("getMinimumBalanceForRentExemption", [0]))
        if not calls:
            return {}, None
        try:
            results = self._transport.rpc(endpoints, calls).results
        except AllEndpointsFailed:
            return {}, None
        labels = dict(labels_from(results[:2], mints)) if mints else {}
        return labels, opt_int(results[-1]) if wants_rent else None

    def _transfers(
        self, tokens: Sequence[TokenMove], labels: dict[str, Any]
    ) -> list[TokenTransfer]:
        out = []
        for move in tokens:
            if move.mint is None:
                continue
            label, decimals = labels.get(move.mint, (None, None))
            info = mint_info(
                move.mint, label, move.decimals if move.decimals is not None else decimals
            )
            out.append(TokenTransfer(info, move.sender, move.recipient, move.raw_amount))
        return out

    # -- address ---------------------------------------------------------------------

    def _address_facts(self, address: str, results: list[Any], endpoint: str) -> AddressFacts:
        balance, account, classic, extended, signatures, rent = results
        lamports = as_int(_value(balance), "balance")
        holdings = _token_accounts(_value(classic)) + _token_accounts(_value(extended))
        strangers = sorted(
            {mint for mint, raw, _ in holdings if raw > 0 and self.chain.listed_token(mint) is None}
        )[:MAX_LABELS]
        labels = self._labels(strangers, self._answering_first(endpoint))
        totals: dict[str, tuple[int, int | None]] = {}
        for mint, raw, decimals in holdings:
            total, _ = totals.get(mint, (0, decimals))
            totals[mint] = (total + raw, decimals)
        token_balances = tuple(
            (mint_info(mint, labels.get(mint, (None, None))[0], decimals), raw)
            for mint, (raw, decimals) in totals.items()
            if raw > 0
        )
        recent = (
            tuple(_recent(s) for s in signatures if isinstance(s, dict))
            if isinstance(signatures, list)
            else ()
        )
        kind, solana = _account_kind(_value(account))
        return AddressFacts(
            chain=self.chain.name,
            family=Family.SOLANA,
            address=address,
            balance=Amount(lamports, self.chain.native_decimals, self.chain.native),
            token_balances=token_balances,
            kind=kind,
            has_activity=bool(recent) or lamports > 0 or bool(holdings),
            recent=recent,
            history_available=True,
            solana=SolanaAddressFacts(
                rent_exempt_minimum=opt_int(rent),
                owner_program=solana.owner_program,
                token_account_owner=solana.token_account_owner,
                token_account_mint=solana.token_account_mint,
                token_accounts=len(holdings),
                signatures=len(recent),
            ),
        )

    def _labels(self, mints: Sequence[str], endpoints: Sequence[str]) -> dict[str, Any]:
        if not mints:
            return {}
        try:
            return dict(
                labels_from(self._transport.rpc(endpoints, label_calls(mints)).results, mints)
            )
        except AllEndpointsFailed:
            return {}

    # -- helpers ---------------------------------------------------------------------

    def _answering_first(self, answered: str) -> list[str]:
        first = [e for e in self.chain.rpc if redact_url(e) == answered]
        return first + [e for e in self.chain.rpc if e not in first]

    def _not_found(self, reason: str) -> ChainLookup:
        return ChainLookup(
            self.chain.name, LookupStatus.NOT_FOUND, reason=reason, family=Family.SOLANA
        )


def _check_transaction(signature: str) -> Any:
    def check(results: list[Any]) -> str | None:
        for method, result in zip(_TX_METHODS, results, strict=True):
            if isinstance(result, RpcError):
                return f"refused {method}: {result.message}"[:300]
        try:
            signature_status(results[0])
            as_int(results[2], "block height")
            as_int(results[3], "slot")
        except MalformedAnswer as exc:
            return f"malformed answer: {exc}"
        tx = results[1]
        if tx is None:
            return None
        if not isinstance(tx, dict):
            return "malformed answer: the transaction is not an object"
        transaction = tx.get("transaction")
        signatures = transaction.get("signatures") if isinstance(transaction, dict) else None
        if not isinstance(signatures, list) or not signatures or signatures[0] != signature:
            return "malformed answer: the transaction is for another signature"
        return None

    return check


def _check_address(results: list[Any]) -> str | None:
    for method, result in zip(_ADDRESS_METHODS, results, strict=True):
        if isinstance(result, RpcError):
            return f"refused {method}: {result.message}"[:300]
    try:
        as_int(_value(results[0]), "balance")
    except MalformedAnswer as exc:
        return f"malformed answer: {exc}"
    if not all(isinstance(_value(r), list) for r in results[2:4]):
        return "malformed answer: token accounts are not a list"
    if not isinstance(results[4], list):
        return "malformed answer: signatures are not a list"
    return None


def _value(result: Any) -> Any:
    """The ``value`` of an ``RpcResponse`` (``{context, value}``)."""
    if not isinstance(result, dict) or "value" not in result:
        raise MalformedAnswer("an answer has no value")
    return result["value"]


def _commitment(status: SignatureStatus | None, slot: int | None, tip: int) -> Commitment | None:
    if status is not None and status.commitment is not None:
        return status.commitment
    if slot is None:
        return None
    return Commitment.FINALIZED if tip - slot > ASSUME_FINALIZED_AFTER else Commitment.CONFIRMED


def _failure(error: SolanaError | None) -> Failure | None:
    if error is None:
        return None
    return Failure(
        FailureKind.REVERTED,
        reason=error.log_message,
        error_name=error.instruction_error or error.kind,
    )


def _first_program(tx: dict[str, Any]) -> str | None:
    return next((p for p in top_level_programs(tx) if p and p != COMPUTE_BUDGET_PROGRAM), None)


def _token_accounts(value: Any) -> list[tuple[str, int, int | None]]:
    """(mint, raw amount, decimals) of each parsed token account."""
    out = []
    for entry in value if isinstance(value, list) else []:
        info = _parsed_info(entry.get("account") if isinstance(entry, dict) else None)
        if info is None or not isinstance(info.get("mint"), str):
            continue
        amount = info.get("tokenAmount")
        if not isinstance(amount, dict):
            continue
        out.append(
            (
                info["mint"],
                as_int(amount.get("amount"), "token amount"),
                opt_int(amount.get("decimals")),
            )
        )
    return out


def _parsed_info(account: Any) -> dict[str, Any] | None:
    data = account.get("data") if isinstance(account, dict) else None
    parsed = data.get("parsed") if isinstance(data, dict) else None
    info = parsed.get("info") if isinstance(parsed, dict) else None
    return info if isinstance(info, dict) else None


def _account_kind(account: Any) -> tuple[AccountKind | None, SolanaAddressFacts]:
    """What sits at the address: a wallet, a program, a mint, or a token account."""
    if not isinstance(account, dict):
        return None, SolanaAddressFacts()
    owner = account.get("owner") if isinstance(account.get("owner"), str) else None
    facts = SolanaAddressFacts(owner_program=owner)
    if account.get("executable") is True:
        return AccountKind.CONTRACT, facts
    data = account.get("data")
    parsed = data.get("parsed") if isinstance(data, dict) else None
    info = _parsed_info(account)
    if owner in TOKEN_PROGRAMS and isinstance(parsed, dict) and info is not None:
        if parsed.get("type") == "mint":
            return AccountKind.TOKEN_CONTRACT, facts
        if parsed.get("type") == "account":
            return AccountKind.ACCOUNT, SolanaAddressFacts(
                owner_program=owner,
                token_account_owner=_str(info.get("owner")),
                token_account_mint=_str(info.get("mint")),
            )
    return AccountKind.ACCOUNT, facts


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _recent(entry: dict[str, Any]) -> RecentTransfer:
    return RecentTransfer(
        hash=str(entry.get("signature", "")),
        sender=None,
        recipient=None,
        timestamp=opt_int(entry.get("blockTime")),
        success=entry.get("err") is None,
    )


__all__ = ["TRANSACTION_VERSION", "SolanaFetcher", "transaction_calls"]


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> SolanaFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return SolanaFetcher(chain, transport)
