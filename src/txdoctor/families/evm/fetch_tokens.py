"""What a mined EVM transaction moved, and to whom: token transfers and the recipients' kind.

One extra JSON-RPC batch, after the receipt: ``decimals()``/``symbol()``/``name()`` of each
token contract not yet known (``eth_call``), and ``eth_getCode`` of each recipient, which
tells a plain account from a contract; only for a recipient that has code, a second batch
asks ``decimals()`` and ``symbol()``, which tell a token contract from another contract
(plain accounts, most recipients, cost one call instead of three). Token metadata is cached
for the run (``TokenCache``, one per ``Doctor``), so a batch of hashes of the same token asks
once. Anything this round
cannot learn stays unknown; it never makes the transaction's verdict fail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from txdoctor.config import ChainConfig, TokenConfig
from txdoctor.core.frozen import replaced
from txdoctor.facts import AccountKind, TokenInfo, TokenMeta, TokenTransfer, TxFacts
from txdoctor.families.evm import fetch_abi as evm_abi
from txdoctor.families.evm.fetch_abi import RawTransfer
from txdoctor.families.evm.fetch_steps import Steps, ask
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import AllEndpointsFailed, RpcError

MAX_TRANSFERS = 20  # transfers kept per transaction (a swap rarely has more)
MAX_TOKENS = 8  # token contracts whose metadata one batch asks for
MAX_RECIPIENTS = 8  # recipients whose code one batch asks for
CACHE_SIZE = 2048
PLAIN_TRANSFER_GAS = 21_000  # the intrinsic gas of a call with no data and no access list

Call = tuple[str, list[Any]]


def meta_calls(contract: str, with_name: bool = True) -> list[Call]:
    """The ``eth_call``s that read a token's decimals, symbol (and name)."""
    data = [evm_abi.DECIMALS_CALL, evm_abi.SYMBOL_CALL] + ([evm_abi.NAME_CALL] if with_name else [])
    return [("eth_call", [{"to": contract, "data": d}, "latest"]) for d in data]


def meta_from(results: Sequence[Any]) -> TokenMeta:
    """Metadata from the answers to ``meta_calls`` (errors and garbage become unknown)."""
    decimals = _ok(results[0])
    symbol = _ok(results[1])
    name = _ok(results[2]) if len(results) > 2 else None
    return TokenMeta(
        symbol=evm_abi.decode_text(symbol),
        name=evm_abi.decode_text(name),
        decimals=evm_abi.decode_uint(decimals, evm_abi.MAX_DECIMALS),
    )


def account_kind(code: Any, meta: TokenMeta) -> AccountKind | None:
    """What sits at an address, from its code and whether it answered like a token."""
    present = evm_abi.has_code(_ok(code))
    if present is None:
        return None
    if not present:
        return AccountKind.ACCOUNT
    return AccountKind.TOKEN_CONTRACT if meta.answered else AccountKind.CONTRACT


def ran_no_code(facts: TxFacts, tx: dict[str, Any], receipt: dict[str, Any]) -> bool:
    """Whether the recipient of this successful transaction had no code to run: it carried
    no data, logged nothing and used exactly the 21,000 gas of a plain transfer. Running
    code costs gas (only code that begins with STOP runs for free), and since EIP-3529 a
    refund is at most a fifth of the gas used, too little to undo the cheapest storage
    write that earns one. Most payments are such transfers to wallets: their recipient's
    kind is known without asking ``eth_getCode``, which saves a round trip per hash."""
    fees = facts.evm_fees
    return (
        facts.success is True
        and evm_abi.hex_body(tx.get("input")) == ""
        and fees is not None
        and fees.gas_used == PLAIN_TRANSFER_GAS
        and not receipt.get("logs")
    )


def _ok(result: Any) -> Any:
    return None if isinstance(result, RpcError) else result


class TransferReader:
    """Adds token transfers and recipient kinds to the facts of a mined transaction."""

    def __init__(self, chain: ChainConfig, cache: TokenCache) -> None:
        self.chain = chain
        self.cache = cache

    def enrich(
        self,
        facts: TxFacts,
        tx: dict[str, Any],
        receipt: dict[str, Any],
        endpoints: Sequence[str],
    ) -> Steps[TxFacts]:
        """``facts`` with ``transfers`` and ``recipient_kind`` filled where they can be."""
        raw = self._raw_transfers(facts, tx, receipt)
        recipient = facts.recipient.lower() if facts.recipient else None
        known = self._known_tokens(raw)
        wanted = [a for a in _recipients(recipient, raw) if a not in known or a == recipient]
        if recipient and ran_no_code(facts, tx, receipt):
            known[recipient] = AccountKind.ACCOUNT
            wanted.remove(recipient)
        remembered = self._remembered_kinds(wanted)
        known = remembered | known
        wanted = [a for a in wanted if a not in remembered]
        tokens = [
            c
            for c in dict.fromkeys(t.contract for t in raw)
            if _needs_metadata(self.chain.listed_token(c))
            and self.cache.get(self.chain.chain_id, c) is None
        ][:MAX_TOKENS]
        kinds, learnt = yield from self._ask(tokens, wanted[:MAX_RECIPIENTS], endpoints)
        for contract, meta in learnt.items():
            self.cache.put(self.chain.chain_id, contract, meta)
        for address, kind in kinds.items():
            self.cache.put_kind(self.chain.chain_id, address, kind)
        kinds = known | kinds
        transfers = tuple(self._transfer(t, kinds) for t in raw)
        return replaced(
            facts,
            transfers=transfers,
            recipient_kind=kinds.get(recipient) if recipient else None,
            has_call_data=bool(evm_abi.hex_body(tx.get("input"))),
        )

    def _remembered_kinds(self, addresses: Sequence[str]) -> dict[str, AccountKind]:
        """What sits at these addresses, where this run already learnt it."""
        kinds = {a: self.cache.kind(self.chain.chain_id, a) for a in addresses}
        return {a: k for a, k in kinds.items() if k is not None}

    def _known_tokens(self, raw: Sequence[RawTransfer]) -> dict[str, AccountKind]:
        """Addresses known to be token contracts without asking: listed, or emitting."""
        emitting = {t.contract for t in raw if not t.attempted}
        listed = {t.contract.lower() for t in self.chain.tokens}
        return dict.fromkeys(emitting | listed, AccountKind.TOKEN_CONTRACT)

    def _raw_transfers(
        self, facts: TxFacts, tx: dict[str, Any], receipt: dict[str, Any]
    ) -> list[RawTransfer]:
        call = evm_abi.transfer_call(tx.get("input"), facts.sender or "", facts.recipient)
        if facts.success is False:  # nothing moved; the call says what was meant to
            return [replace(call, attempted=True)] if call is not None else []
        logs = evm_abi.transfers_in_logs(receipt.get("logs"), MAX_TRANSFERS)
        if call is None:
            return logs
        return [replace(t, direct=True) if _same(t, call) else t for t in logs]

    def _ask(
        self, tokens: Sequence[str], recipients: Sequence[str], endpoints: Sequence[str]
    ) -> Steps[tuple[dict[str, AccountKind], dict[str, TokenMeta]]]:
        """Metadata of unknown tokens and the code of the recipients in one batch; then,
        only for recipients that have code, whether they answer like a token (a second
        batch): most recipients are plain accounts, asked one call instead of three."""
        calls: list[Call] = []
        for contract in tokens:
            calls += meta_calls(contract)
        calls += [("eth_getCode", [who, "latest"]) for who in recipients]
        if not calls:
            return {}, {}
        try:
            results = (yield ask(endpoints, calls)).results
        except AllEndpointsFailed:
            return {}, {}
        learnt = {c: meta_from(results[3 * i : 3 * i + 3]) for i, c in enumerate(tokens)}
        codes = dict(zip(recipients, results[3 * len(tokens) :], strict=True))
        kinds = {
            who: AccountKind.ACCOUNT
            for who, code in codes.items()
            if evm_abi.has_code(_ok(code)) is False
        }
        contracts = [who for who, code in codes.items() if evm_abi.has_code(_ok(code))]
        if contracts:
            kinds |= yield from self._contract_kinds(contracts, codes, endpoints)
        return kinds, learnt

    def _contract_kinds(
        self, contracts: Sequence[str], codes: dict[str, Any], endpoints: Sequence[str]
    ) -> Steps[dict[str, AccountKind]]:
        """Token contract or other contract, for addresses that have code."""
        calls = [c for who in contracts for c in meta_calls(who, with_name=False)]
        try:
            results = (yield ask(endpoints, calls)).results
        except AllEndpointsFailed:  # has code, but what kind is not known
            return {}
        kinds = {}
        for i, who in enumerate(contracts):
            kind = account_kind(codes[who], meta_from(results[2 * i : 2 * i + 2]))
            if kind is not None:
                kinds[who] = kind
        return kinds

    def _transfer(self, raw: RawTransfer, kinds: dict[str, AccountKind]) -> TokenTransfer:
        meta = self.cache.get(self.chain.chain_id, raw.contract) or TokenMeta()
        token = TokenInfo(raw.contract.lower(), meta.symbol, meta.name, meta.decimals)
        kind = kinds.get(raw.recipient)
        if raw.recipient == raw.contract:  # the token's own contract is a token contract
            kind = AccountKind.TOKEN_CONTRACT
        return TokenTransfer(
            token,
            raw.sender,
            raw.recipient,
            raw.raw_amount,
            recipient_kind=kind,
            direct=raw.direct,
            attempted=raw.attempted,
        )


def _needs_metadata(listed: TokenConfig | None) -> bool:
    """Unlisted tokens, and listed ones given as just their contract, are asked about."""
    return listed is None or listed.decimals is None or listed.name is None


def _same(log: RawTransfer, call: RawTransfer) -> bool:
    return (log.contract, log.sender, log.recipient, log.raw_amount) == (
        call.contract,
        call.sender,
        call.recipient,
        call.raw_amount,
    )


def _recipients(tx_to: str | None, raw: Sequence[RawTransfer]) -> list[str]:
    """Addresses whose code matters: the transaction's recipient, then direct transfers'
    recipients, then the other transfers' recipients."""
    ordered = [tx_to] if tx_to else []
    ordered += [t.recipient for t in raw if t.direct] + [t.recipient for t in raw]
    return list(dict.fromkeys(ordered))
