"""The EVM steps of the pipeline around the chain lookups (I/O in ``fetch``, rules in
``diagnose``):

- before: an ENS name (``vitalik.eth``) becomes the address it points to, read on the chain
  named ``ethereum``;
- after: a mined payment's second look, both asked at once: the sender's recent history from
  an explorer API (address poisoning) and, when it was expected on another chain, the same
  recipient address on that chain (wrong network, both directions).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from txdoctor.config import ChainsConfig
from txdoctor.diagnose import Finding, Verdict, primary_lookup
from txdoctor.diagnose.tokens import judge_lookup
from txdoctor.facts import AddressFacts, ChainLookup, LookupStatus, TxFacts
from txdoctor.families.evm.facts_context import TransferContext
from txdoctor.families.evm.rules_transfers import FAMILY, arrange, payment, transfer_findings
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import Transport
from txdoctor.input import Classified, Family, InputKind
from txdoctor.input.ens import ENS_DETAIL
from txdoctor.input.model import freeze

ENS_CHAIN = "ethereum"


class EvmSteps:
    """ENS resolution before the lookups, transfer follow-ups after them."""

    def __init__(self, config: ChainsConfig, transport: Transport, tokens: TokenCache) -> None:
        self.config = config
        self.transport = transport
        self.tokens = tokens

    # -- before ------------------------------------------------------------------------
    def resolve_name(self, classified: Classified) -> Classified | Finding:
        """``classified`` with an ENS name replaced by its address, or why it cannot be."""
        if classified.detail.get("name_service") != ENS_DETAIL or classified.value is None:
            return classified
        from txdoctor.families.evm.fetch_ens import checksum_address, resolve

        name = classified.value
        chain = self.config.get(ENS_CHAIN)
        if chain is None or chain.family != Family.EVM.value:
            return Finding(
                Verdict.ENS_NOT_RESOLVED, {"ens_name": name, "ens_problem": "no_ethereum"}
            )
        answer = resolve(chain, self.transport, name)
        if answer.problem == "unreachable":
            return Finding(
                Verdict.UNREACHABLE,
                {"chains": chain.name, "reasons": f"{chain.name}: {answer.reason}"},
            )
        if answer.address is None:
            return Finding(
                Verdict.ENS_NOT_RESOLVED,
                {"ens_name": name, "chain": chain.name, "ens_problem": answer.problem},
            )
        return Classified(
            classified.raw,
            InputKind.ADDRESS,
            checksum_address(answer.address),
            (Family.EVM,),
            None,
            None,
            freeze(classified.detail, ens_name=name, ens_chain=chain.name),
        )

    # -- after -------------------------------------------------------------------------
    def after_transaction(
        self, findings: Sequence[Finding], lookups: Sequence[ChainLookup], expect: str | None
    ) -> list[Finding]:
        """The search's findings with what the transaction moved, in precedence order."""
        primary = primary_lookup(lookups, expect)
        facts = primary.facts if primary is not None else None
        if facts is None or facts.family != FAMILY:
            return list(findings)
        context = self.context(facts, expect)
        return arrange(findings, transfer_findings(facts, context), facts, context)

    def context(self, facts: TxFacts, expect: str | None) -> TransferContext:
        """The sender's history and the recipient on the expected chain, asked at once."""
        pay = payment(facts) if facts.success and facts.block_number is not None else None
        if pay is None or facts.sender is None:
            return TransferContext()
        sender = facts.sender
        other = self.config.get(expect) if expect and expect != facts.chain else None
        # The probe (when there is one) runs on a shared pool while this thread asks for the
        # history: no thread is started per payment (a batch concludes thousands).
        there = (
            _probes().submit(self._probe, other.name, pay.recipient)
            if other is not None and other.family == FAMILY
            else None
        )
        history = self._history(facts.chain, sender)
        return TransferContext(
            sender_history=history, recipient_on_expected=there.result() if there else None
        )

    def _history(self, chain_name: str, address: str) -> AddressFacts | None:
        from txdoctor.families.evm.fetch_address import history_facts

        chain = self.config.get(chain_name)
        return history_facts(chain, self.transport, address) if chain is not None else None

    def _probe(self, chain_name: str, address: str) -> AddressFacts | None:
        from txdoctor.families.evm.fetch import EvmFetcher

        chain = self.config.get(chain_name)
        if chain is None:
            return None
        lookup = EvmFetcher(chain, self.transport, self.tokens).probe_address(address)
        lookup = judge_lookup(lookup, chain)
        return lookup.address if lookup.status is LookupStatus.FOUND else None


PROBE_THREADS = 8


@functools.cache
def _probes() -> ThreadPoolExecutor:
    """Threads for the recipient probes on the expected chain, shared by every lookup (each
    probe is bounded by the transport's timeouts, so the queue always drains)."""
    return ThreadPoolExecutor(max_workers=PROBE_THREADS, thread_name_prefix="txdoctor-probe")


def ens_findings(classified: Classified) -> list[Finding]:
    """ENS_RESOLVED for an address that was given as an ENS name."""
    name = classified.detail.get("ens_name")
    if not isinstance(name, str):
        return []
    return [
        Finding(
            Verdict.ENS_RESOLVED,
            {
                "ens_name": name,
                "address": classified.value,
                "chain": classified.detail.get("ens_chain"),
            },
        )
    ]
