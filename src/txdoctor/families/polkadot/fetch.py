"""Polkadot Asset Hub and the relay chain through the Subscan API (keyless, optional key).

Nodes cannot find an extrinsic by its hash, so an indexer is asked: ``POST
/api/scan/extrinsic`` with ``{"hash": …}`` or, for a Subscan index such as ``12345-2``,
``{"extrinsic_index": …}``. **Not found** means Subscan answered without the extrinsic
(``code`` 0 and no ``data``, or a "Record Not Found" refusal): each configured chain
(Asset Hub first, then the relay chain) is asked, and the verdict is NOT_FOUND only when
every chain that answered said so. An extrinsic Subscan lists as ``pending`` whose mortal
era has ended (its ``lifetime.death`` is below the best block of ``/api/scan/metadata``)
can never be included any more: that lookup is "not found, expired" (EXPIRED); one still
within its era carries the time its era ends (6-second blocks from the head), so the history
says EXPIRED when it is found nowhere after that.

Finality: Subscan says per extrinsic whether its block is ``finalized``; it does not give
the head in the same answer. A finalized extrinsic is reported as 1 of the chain's 1
required confirmations (its own block); a block not finalized yet leaves the head unknown
(``latest_block`` unset), which the rules read as CONFIRMING.

An address costs ``POST /api/v2/scan/search`` with ``{"key": <Polkadot form>}``: balance,
nonce, extrinsic count. An address pasted in another network's SS58 format (Kusama, the
generic 42) is the same account, asked in its Polkadot form; the facts keep what was pasted.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from txdoctor.config import ChainConfig
from txdoctor.core import ss58
from txdoctor.core.family import Family
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    Amount,
    ChainLookup,
    Failure,
    FailureKind,
    LookupStatus,
    TxFacts,
    TxState,
)
from txdoctor.families.polkadot import fetch_shapes as shapes
from txdoctor.families.polkadot.fetch_key import KEY_ENV
from txdoctor.fetch.base import FetcherBase, refusing, unreachable_reason
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import Attempt, Transport

FAMILY = Family.POLKADOT
EXTRINSIC_PATH = "/api/scan/extrinsic"
SEARCH_PATH = "/api/v2/scan/search"
METADATA_PATH = "/api/scan/metadata"
FINALIZED = 1  # confirmations of a finalized extrinsic: its own block


class PolkadotFetcher(FetcherBase):
    """Looks up extrinsics and accounts on one Subscan-indexed Polkadot chain."""

    def _transaction(self, tx_hash: str) -> ChainLookup:
        query = {"extrinsic_index": tx_hash} if "-" in tx_hash else {"hash": tx_hash.lower()}
        reply = self._transport.post_json(
            self.chain.rpc, EXTRINSIC_PATH, query, check=refusing(_extrinsic_or_none)
        )
        found = _extrinsic_or_none(reply.body)
        if found is None:
            return self._result(LookupStatus.NOT_FOUND, reason=f"unknown to {reply.endpoint}")
        expires_at = None
        if found.pending and found.death is not None:
            best = self._best_block()
            if best > found.death:
                return self._result(
                    LookupStatus.NOT_FOUND,
                    expired=True,
                    reason=f"pending, but its mortal era ended at block {found.death} "
                    f"(the chain is at {best})",
                )
            # Remembered in the history: found nowhere after that, it is EXPIRED.
            expires_at = time.time() + (found.death - best + 1) * self.chain.block_time
        return self._result(LookupStatus.FOUND, facts=self._facts(tx_hash, found, expires_at))

    def _best_block(self) -> int:
        reply = self._transport.post_json(
            self.chain.rpc, METADATA_PATH, {}, check=refusing(chain_head)
        )
        return chain_head(reply.body).best

    def _facts(self, asked: str, ext: shapes.Extrinsic, expires_at: float | None) -> TxFacts:
        symbol, decimals = self.chain.native, self.chain.native_decimals
        failure = None
        if ext.failure is not None:
            failure = Failure(
                FailureKind.FAULT,
                reason=ext.failure.doc,
                error_name=f"{ext.failure.module}.{ext.failure.name}",
            )
        value, recipient = _moved(ext, decimals)
        return TxFacts(
            chain=self.chain.name,
            family=FAMILY,
            hash=asked.lower(),
            state=TxState.PENDING if ext.pending else TxState.INCLUDED,
            sender=ext.sender,
            recipient=recipient,
            value=Amount(value or 0, decimals, symbol),
            success=None if ext.pending else ext.success,
            nonce=ext.nonce,
            block_number=None if ext.pending else ext.block_num,
            # Finality per extrinsic (see the module's docstring): its own block when final.
            latest_block=ext.block_num if ext.finalized and not ext.pending else None,
            # Finalized is final: the one "confirmation" there is, whatever a file sets.
            required_confirmations=FINALIZED,
            block_time=self.chain.block_time,
            fee_paid=None if ext.pending else Amount(ext.fee_planck, decimals, symbol),
            failure=failure,
            expires_at=expires_at,
        )

    def _address(self, address: str) -> ChainLookup:
        asked = ss58.polkadot_form(address) or address
        reply = self._transport.post_json(
            self.chain.rpc, SEARCH_PATH, {"key": asked}, check=refusing(_account_or_none)
        )
        account = _account_or_none(reply.body)
        decimals, symbol = self.chain.native_decimals, self.chain.native
        planck = (_planck(account.balance, decimals) or 0) if account else 0
        sent = account is not None and (account.nonce > 0 or account.extrinsics > 0)
        facts = AddressFacts(
            chain=self.chain.name,
            family=FAMILY,
            address=address,
            balance=Amount(planck, decimals, symbol),
            kind=AccountKind.ACCOUNT,
            has_activity=sent or planck > 0,
            # An account exists on chain while it holds at least the existential deposit;
            # one that has sent but holds nothing now was removed ("reaped").
            activated=planck > 0,
        )
        return self._result(LookupStatus.FOUND, address=facts)

    def failure_reason(self, attempts: Sequence[Attempt]) -> str:
        """Why Subscan did not answer; a refused key (401) names the setting that helps."""
        reason = unreachable_reason(attempts)
        if any((a.error or "").startswith("HTTP 401") for a in attempts):
            reason += f"; Subscan wants an API key: set {KEY_ENV}"
        return reason


def _moved(ext: shapes.Extrinsic, decimals: int) -> tuple[int | None, str | None]:
    """The DOT a transfer moved (Subscan's ``transfer``), or, without one (a failure, an
    older answer), what its call asked to send: planck and the recipient's Polkadot form."""
    moved = _planck(ext.amount, decimals) if ext.success and ext.recipient else None
    if moved:
        return moved, ext.recipient
    recipient = ss58.encode(ext.call_dest, ss58.POLKADOT) if ext.call_dest else None
    return ext.call_value, recipient


def _extrinsic_or_none(body: Any) -> shapes.Extrinsic | None:
    data = shapes.envelope(body)
    return None if data is None else shapes.parse_extrinsic(data)


def _account_or_none(body: Any) -> shapes.Account | None:
    data = shapes.envelope(body)
    return None if data is None else shapes.parse_account(data)


def chain_head(body: Any) -> shapes.ChainHead:
    """The head Subscan's metadata answer gives."""
    return shapes.parse_head(shapes.envelope(body))


def _planck(amount: Decimal | None, decimals: int) -> int | None:
    """Whole DOT (Subscan's decimal strings) in planck; None when not a whole number of them."""
    if amount is None:
        return None
    planck = amount.scaleb(decimals)
    return int(planck) if planck == planck.to_integral_value() else None


def make_fetcher(
    chain: ChainConfig, transport: Transport, tokens: TokenCache | None = None
) -> PolkadotFetcher:
    """This family's fetcher for ``chain`` (the registry's entry point)."""
    return PolkadotFetcher(chain, transport)
