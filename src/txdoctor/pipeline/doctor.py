"""The pipeline: classify → fetch every candidate chain at once → diagnose → advise."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from txdoctor.advise.report import Report
from txdoctor.config import ChainConfig, ChainsConfig
from txdoctor.core import registry
from txdoctor.diagnose import Finding, Verdict, diagnose_search, primary_lookup
from txdoctor.diagnose.address import answered, diagnose_address_search, primary_address
from txdoctor.diagnose.inputs import diagnose_input, expired_when_sent, push_error_params
from txdoctor.diagnose.search import wrong_chain_findings
from txdoctor.diagnose.tokens import judge_lookup
from txdoctor.facts import AddressFacts, ChainLookup, LookupStatus
from txdoctor.families.evm.pipeline_steps import EvmSteps, ens_findings
from txdoctor.fetch import fetcher_for
from txdoctor.fetch.token_cache import TokenCache
from txdoctor.fetch.transport import Transport
from txdoctor.input import ALSO_ACCOUNT, Classified, Family, InputKind, classify
from txdoctor.input.eos_ids import without_candidate
from txdoctor.pipeline.history import History
from txdoctor.pipeline.tracking import Tracker

if TYPE_CHECKING:
    from txdoctor.advise.compose import Advice

ADVICE_REMEMBERED = 512
"""Distinct findings whose wording a doctor keeps (then it starts again)."""
DEADLINE_GRACE = 0.5
"""Seconds past an input's deadline that its chains get to report why they did not answer
(the transport stops them at the deadline) before the pipeline words it for them."""


@dataclass(frozen=True)
class Plan:
    """An input that needs the chains: what it is, where to look, which chain is expected."""

    classified: Classified
    chains: tuple[ChainConfig, ...]
    expect: str | None

    def value_for(self, family: str) -> str:
        """The hash or address as ``family``'s chains spell it."""
        return _value_for(self.classified, family)


class Doctor:
    """Diagnoses pasted inputs against the configured chains."""

    def __init__(
        self,
        config: ChainsConfig,
        transport: Transport,
        lang: str = "en",
        history: History | None = None,
    ) -> None:
        self.config = config
        self.transport = transport
        self.lang = lang
        self._titles = {c.name: c.title for c in config.chains}
        self._tracker = Tracker(config, transport, history)
        self._tokens = TokenCache()  # token metadata, read once per run
        self._evm = EvmSteps(config, transport, self._tokens)
        self._advised: dict[tuple[object, ...], Advice] = {}

    def in_language(self, report: Report, lang: str) -> Report:
        """``report`` explained in ``lang`` instead (a batch row may ask for its own)."""
        if lang == report.lang:
            return report
        from txdoctor.advise.compose import advise

        return replace(
            report, lang=lang, advice=tuple(advise(f, lang, self._titles) for f in report.findings)
        )

    def prepare(self, raw: str) -> None:
        """Load what concluding on ``raw`` takes (the catalogs, the rules of the families
        whose chains it asks): for a caller with nothing to do while the network answers.
        Concluding loads them anyway."""
        from txdoctor.advise import compose  # noqa: F401

        for family in dict.fromkeys(c.family for c in self._candidate_chains(classify(raw))):
            registry.preload(family, "rules")

    def diagnose(self, raw: str, expect_chain: str | None = None) -> Report:
        """The report for one pasted input. Never raises for bad input or network trouble.

        Everything it asks the chains ends by the transport's deadline (``--deadline``):
        chains still open then are reported unreachable, the verdict made from the others.
        """
        with self.transport.deadline_scope():
            plan = self.plan(raw, expect_chain)
            if isinstance(plan, Report):
                return plan
            return self.conclude(plan, self.lookup(plan))

    def plan(self, raw: str, expect_chain: str | None = None) -> Plan | Report:
        """Where to look for ``raw``; the report at once when no chain needs asking."""
        classified = classify(raw)
        early = diagnose_input(classified)
        if early is not None:
            return self._report(classified, [early])
        named = self._evm.resolve_name(classified)  # an ENS name: its address, or why not
        if isinstance(named, Finding):
            return self._report(classified, [named])
        classified = named
        chains = self._candidate_chains(classified)
        unrecognized = without_candidate(classified)
        if not chains and unrecognized is not classified:
            # A bare word was only a possible EOS account: with no EOS chain to ask, it is
            # the unrecognised text it would otherwise be, not "EOS is not supported".
            refused = diagnose_input(unrecognized)
            assert refused is not None  # invalid input always has its finding
            return self._report(unrecognized, [refused])
        if not chains and expired_when_sent(classified):
            # No EOS chain to look the id up on: the pasted error alone says it expired.
            alone = replace(classified, kind=InputKind.PUSH_ERROR)
            said = diagnose_input(alone)
            assert said is not None  # a push error always has its finding
            return self._report(alone, [said])
        if not chains:
            families = tuple(f.value for f in classified.families)
            return self._report(
                classified, [Finding(Verdict.FAMILY_NOT_SUPPORTED, {"families": families})]
            )
        return Plan(classified, tuple(chains), expect_chain or self._hinted_chain(classified))

    def lookup(self, plan: Plan, chains: Sequence[ChainConfig] | None = None) -> list[ChainLookup]:
        """Ask ``chains`` (default: every chain of the plan) at once, one fetcher each,
        within the input's deadline."""
        with self.transport.deadline_scope() as until:
            return self._lookup_all(
                plan.chains if chains is None else chains, plan.classified, until
            )

    def conclude(self, plan: Plan, lookups: Sequence[ChainLookup]) -> Report:
        """The report from every candidate chain's answer, in the plan's chain order."""
        lookups = [self._judged(lk) for lk in lookups]
        if plan.classified.kind is InputKind.ADDRESS:
            return self._address_report(plan.classified, lookups, plan.expect)
        account = self._account_instead(plan, lookups)
        if account is not None:
            return account
        lookups = self._tracker.note(lookups)
        if expired_when_sent(plan.classified):
            # The node's error said it expired: found nowhere, it never can be now.
            lookups = [
                replace(lk, expired=True) if lk.status is LookupStatus.NOT_FOUND else lk
                for lk in lookups
            ]
        spellings = (plan.value_for(lk.family or Family.EVM.value) for lk in lookups)
        vanished = self._tracker.vanished(spellings, lookups)
        if vanished is not None:
            findings = [vanished.finding, *wrong_chain_findings(lookups)]
            return self._report(
                plan.classified, findings, lookups, plan.expect, chain_name=vanished.seen.chain
            )
        findings = self._evm.after_transaction(
            diagnose_search(lookups, plan.expect), lookups, plan.expect
        )
        return self._report(
            plan.classified, _with_push_error(findings, plan.classified), lookups, plan.expect
        )

    def _advice(self, finding: Finding) -> Advice:
        """``advise`` in the doctor's language, each distinct finding worded once: in a
        batch many repeat row after row (no history configured, a hash not found). The key
        holds each value's repr, since True and 1, or Decimal("1.0") and Decimal("1"),
        are equal but read differently."""
        params = tuple((name, repr(value)) for name, value in finding.params.items())
        key = (finding.code, finding.family, params)
        advice = self._advised.get(key)
        if advice is None:
            # Imported here: the catalogs load while the network answers, not before asking.
            from txdoctor.advise.compose import advise

            advice = advise(finding, self.lang, self._titles)
            if len(self._advised) >= ADVICE_REMEMBERED:
                self._advised.clear()
            self._advised[key] = advice
        return advice

    def _judged(self, lookup: ChainLookup) -> ChainLookup:
        """The answer with its tokens judged against its chain's tokens table."""
        chain = self.config.get(lookup.chain)
        return judge_lookup(lookup, chain) if chain is not None else lookup

    def _candidate_chains(self, classified: Classified) -> list[ChainConfig]:
        families = {f.value for f in classified.families}
        return [c for c in self.config.chains if c.family in families]

    def _hinted_chain(self, classified: Classified) -> str | None:
        hint = classified.chain_hint
        return hint if hint and self.config.get(hint) else None

    def _lookup_all(
        self, chains: Sequence[ChainConfig], classified: Classified, until: float
    ) -> list[ChainLookup]:
        """Every chain's answer; a fetcher bug is raised (an internal error), never worded
        as an unreachable chain. Once one chain has found the transaction, the others stop
        asking a second endpoint whether a hash their first did not know is really unknown
        (their second opinion can no longer change the verdict)."""
        found = threading.Event()

        def look(chain: ChainConfig, as_address: bool) -> ChainLookup:
            fetcher = fetcher_for(chain, self.transport, tokens=self._tokens)
            if fetcher is None:
                return ChainLookup(
                    chain.name,
                    LookupStatus.SKIPPED,
                    reason="family not supported yet",
                    family=chain.family,
                )
            value = _value_for(classified, chain.family)
            with self.transport.deadline_scope(until, settled=found):
                if as_address:
                    return fetcher.lookup_address(value)
                lookup = fetcher.lookup_transaction(value)
            if lookup.status is LookupStatus.FOUND:
                found.set()
            return lookup

        # A text that is also an account there (Aptos 0x + 64 hex) is asked as both at once.
        accounts_too = _also_accounts(classified)
        jobs = [(chain, classified.kind is InputKind.ADDRESS) for chain in chains]
        jobs += [(chain, True) for chain in chains if chain.family in accounts_too]
        pool = ThreadPoolExecutor(max_workers=max(1, len(jobs)))
        try:
            futures = [pool.submit(look, chain, as_address) for chain, as_address in jobs]
            wait(futures, timeout=max(0.0, until - time.monotonic()) + DEADLINE_GRACE)
            answers = [
                future.result() if future.done() else _late(chain, self.transport.deadline)
                for (chain, _), future in zip(jobs, futures, strict=True)
            ]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        accounts = {lk.chain: lk.address for lk in answers[len(chains) :] if lk.address}
        return [_with_account(lk, accounts.get(lk.chain)) for lk in answers[: len(chains)]]

    def _account_instead(self, plan: Plan, lookups: Sequence[ChainLookup]) -> Report | None:
        """The address report of a text asked as both that no chain knows as a transaction
        but that names an account that exists; None otherwise (the transaction report)."""
        if any(lk.status is LookupStatus.FOUND for lk in lookups):
            return None
        accounts = [
            replace(lk, status=LookupStatus.FOUND, facts=None, reason=None)
            for lk in lookups
            if lk.address is not None and lk.address.activated
        ]
        if not accounts:
            return None
        families = tuple(dict.fromkeys(Family(lk.address.family) for lk in accounts if lk.address))
        as_address = replace(plan.classified, kind=InputKind.ADDRESS, families=families)
        return self._address_report(as_address, accounts, plan.expect)

    def _address_report(
        self, classified: Classified, lookups: Sequence[ChainLookup], expect: str | None
    ) -> Report:
        if all(lk.status is LookupStatus.SKIPPED for lk in lookups):
            return self._report(
                classified, [Finding(Verdict.ADDRESS_NOT_SUPPORTED, {"address": classified.value})]
            )
        findings = diagnose_address_search(lookups, expect) + ens_findings(classified)
        main = primary_address(lookups, expect)
        chain = self.config.get(main.chain) if main else None
        return Report(
            input=classified.raw,
            kind=classified.kind.value,
            value=classified.value,
            findings=tuple(findings),
            lang=self.lang,
            advice=tuple(self._advice(f) for f in findings),
            chain=chain.name if chain else None,
            chain_title=chain.title if chain else None,
            checked={lk.chain: _activity(lk) for lk in lookups},
            addresses=tuple(answered(lookups)),
        )

    def _report(
        self,
        classified: Classified,
        findings: list[Finding],
        lookups: Sequence[ChainLookup] = (),
        expect: str | None = None,
        chain_name: str | None = None,
    ) -> Report:
        primary = primary_lookup(lookups, expect)
        name = primary.chain if primary else chain_name
        chain = self.config.get(name) if name else None
        facts = primary.facts if primary else None
        return Report(
            input=classified.raw,
            kind=classified.kind.value,
            value=classified.value,
            findings=tuple(findings),
            advice=tuple(self._advice(f) for f in findings),
            lang=self.lang,
            chain=chain.name if chain else None,
            chain_title=chain.title if chain else None,
            checked={lk.chain: lk.status for lk in lookups} if lookups else None,
            facts=facts,
            explorer_url=chain.explorer_url(facts.hash) if chain and facts else None,
        )


def _value_for(classified: Classified, family: str) -> str:
    value = classified.value or ""
    if family == Family.EVM.value and not value.startswith("0x"):
        return "0x" + value
    return value


def _with_push_error(findings: list[Finding], classified: Classified) -> list[Finding]:
    """An EXPIRED verdict drawn from a pasted push error, with what the error said (its
    expiration time, the node's error name for the agent)."""
    if not findings or findings[0].code is not Verdict.EXPIRED:
        return findings
    said = push_error_params(classified)
    if not said:
        return findings
    first = replace(findings[0], params={**said, **findings[0].params})
    return [first, *findings[1:]]


def _also_accounts(classified: Classified) -> set[str]:
    """The families where a transaction's text also names an account (input ALSO_ACCOUNT)."""
    if classified.kind is not InputKind.TRANSACTION:
        return set()
    return set(str(classified.detail.get(ALSO_ACCOUNT, "")).split(",")) - {""}


def _with_account(lookup: ChainLookup, account: AddressFacts | None) -> ChainLookup:
    """A transaction lookup that found nothing, with what the chain knows of the account."""
    if account is None or lookup.status is LookupStatus.FOUND:
        return lookup
    return replace(lookup, address=account)


def _late(chain: ChainConfig, deadline: float) -> ChainLookup:
    """A chain that had not answered by the input's deadline."""
    return ChainLookup(
        chain.name,
        LookupStatus.UNREACHABLE,
        family=chain.family,
        reason=f"no answer within the {deadline:g} s deadline",
    )


def _activity(lookup: ChainLookup) -> LookupStatus:
    """For an address, "found" means activity was found there."""
    if lookup.address is not None and lookup.address.has_activity is False:
        return LookupStatus.NOT_FOUND
    return lookup.status
