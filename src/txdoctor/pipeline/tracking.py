"""What the local history adds to a transaction lookup (part of the pipeline, does I/O).

- A pending transaction found on a chain is remembered: chain, sender, nonce, fees, and its
  expiry time where the chain states one (Aptos).
- A pending EVM one whose nonce is already used (REPLACED) gets the replacing transaction traced.
- A hash no chain knows any more, but the history does, is EXPIRED once its expiry time has
  passed; an EVM one is judged by its sender's nonce: REPLACED or DROPPED
  (``diagnose/vanished.py``, pure) instead of NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from txdoctor.config import ChainsConfig
from txdoctor.core.family import Family
from txdoctor.diagnose.vanished import diagnose_vanished
from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import ChainLookup, LookupStatus, TxFacts, TxState
from txdoctor.facts.tracking import SeenTx
from txdoctor.families.evm.fetch_nonce import nonce_use
from txdoctor.fetch.transport import Transport
from txdoctor.pipeline.history import History


@dataclass(frozen=True)
class Vanished:
    """A hash gone from its chain, and what became of its nonce."""

    seen: SeenTx
    finding: Finding


class Tracker:
    """Reads and writes the history around one transaction's lookups."""

    def __init__(self, config: ChainsConfig, transport: Transport, history: History | None) -> None:
        self._config = config
        self._transport = transport
        self._history = history

    def note(self, lookups: Sequence[ChainLookup]) -> list[ChainLookup]:
        """Remember pending transactions; trace the replacement of those already replaced."""
        return [self._note_one(lk) for lk in lookups]

    def vanished(self, tx_hashes: Iterable[str], lookups: Sequence[ChainLookup]) -> Vanished | None:
        """EXPIRED, REPLACED or DROPPED for a hash (as each family spells it) seen pending
        before and found nowhere now."""
        if self._history is None or any(lk.status is LookupStatus.FOUND for lk in lookups):
            return None
        gone = {lk.chain for lk in lookups if lk.status is LookupStatus.NOT_FOUND}
        now = self._history.now()
        for seen in (s for h in dict.fromkeys(tx_hashes) for s in self._history.recall(h)):
            chain = self._config.get(seen.chain)
            if chain is None or seen.chain not in gone:
                continue
            if seen.expires_at is not None and now > seen.expires_at:
                expired = Finding(Verdict.EXPIRED, {"chain": seen.chain}, family=chain.family)
                return Vanished(seen, expired)
            if chain.family != Family.EVM:
                continue
            use = nonce_use(chain, self._transport, seen.sender, seen.nonce, seen.block)
            if use is not None:
                return Vanished(seen, diagnose_vanished(seen, use, seen.recipient, seen.value))
        return None

    def _note_one(self, lookup: ChainLookup) -> ChainLookup:
        facts = lookup.facts
        if (
            lookup.status is not LookupStatus.FOUND
            or facts is None
            or (facts.family != Family.EVM and facts.expires_at is None)
            or facts.state is not TxState.PENDING
            or facts.sender is None
            or facts.nonce is None
        ):
            return lookup
        seen = self._remember(facts)
        if facts.family != Family.EVM or facts.nonces is None or facts.nonces.latest <= facts.nonce:
            return lookup
        chain = self._config.get(facts.chain)
        if chain is None:
            return lookup
        use = nonce_use(
            chain, self._transport, facts.sender, facts.nonce, seen.block if seen else None
        )
        if use is None or use.replacement is None:
            return lookup
        return replace(lookup, facts=replace(facts, replacement=use.replacement))

    def _remember(self, facts: TxFacts) -> SeenTx | None:
        if self._history is None or facts.sender is None or facts.nonce is None:
            return None
        now = self._history.now()
        earlier = [s for s in self._history.recall(facts.hash) if s.chain == facts.chain]
        fees = facts.evm_fees
        seen = SeenTx(
            chain=facts.chain,
            hash=facts.hash,
            sender=facts.sender,
            nonce=facts.nonce,
            first_seen=earlier[0].first_seen if earlier else now,
            last_seen=now,
            block=earlier[0].block if earlier else facts.latest_block,
            max_fee=fees.fee_cap if fees else None,
            tip=fees.tip_cap if fees else None,
            recipient=facts.recipient,
            value=facts.value.raw,
            expires_at=facts.expires_at,
        )
        self._history.remember(seen)
        return seen
