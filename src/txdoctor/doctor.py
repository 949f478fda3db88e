"""The pipeline: classify → fetch every candidate chain at once → diagnose → advise."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from txdoctor.advise import advise
from txdoctor.config import ChainConfig, ChainsConfig
from txdoctor.diagnose import Finding, Verdict, diagnose_search, primary_lookup
from txdoctor.diagnose.address import answered, diagnose_address_search, primary_address
from txdoctor.diagnose.inputs import diagnose_input
from txdoctor.facts import ChainLookup, LookupStatus
from txdoctor.fetch import fetcher_for
from txdoctor.fetch.transport import Transport
from txdoctor.input import Classified, Family, InputKind, classify
from txdoctor.report import Report


class Doctor:
    """Diagnoses pasted inputs against the configured chains."""

    def __init__(self, config: ChainsConfig, transport: Transport, lang: str = "en") -> None:
        self.config = config
        self.transport = transport
        self.lang = lang
        self._titles = {c.name: c.title for c in config.chains}

    def diagnose(self, raw: str, expect_chain: str | None = None) -> Report:
        """The report for one pasted input. Never raises for bad input or network trouble."""
        classified = classify(raw)
        early = diagnose_input(classified)
        if early is not None:
            return self._report(classified, [early])
        chains = self._candidate_chains(classified)
        if not chains:
            families = ", ".join(f.value for f in classified.families)
            return self._report(classified, [Finding(Verdict.FAMILY_NOT_SUPPORTED,
                                                     {"families": families})])
        expect = expect_chain or self._hinted_chain(classified)
        lookups = self._lookup_all(chains, classified)
        if classified.kind is InputKind.ADDRESS:
            return self._address_report(classified, lookups, expect)
        return self._report(classified, diagnose_search(lookups, expect), lookups, expect)

    def _candidate_chains(self, classified: Classified) -> list[ChainConfig]:
        families = {f.value for f in classified.families}
        return [c for c in self.config.chains if c.family in families]

    def _hinted_chain(self, classified: Classified) -> str | None:
        hint = classified.chain_hint
        return hint if hint and self.config.get(hint) else None

    def _lookup_all(self, chains: Sequence[ChainConfig],
                    classified: Classified) -> list[ChainLookup]:
        def look(chain: ChainConfig) -> ChainLookup:
            fetcher = fetcher_for(chain, self.transport)
            if fetcher is None:
                return ChainLookup(chain.name, LookupStatus.SKIPPED,
                                   reason="family not supported yet")
            value = _value_for(classified, chain.family)
            if classified.kind is InputKind.ADDRESS:
                return fetcher.lookup_address(value)
            return fetcher.lookup_transaction(value)

        with ThreadPoolExecutor(max_workers=max(1, len(chains))) as pool:
            return list(pool.map(look, chains))

    def _address_report(self, classified: Classified, lookups: Sequence[ChainLookup],
                        expect: str | None) -> Report:
        if all(lk.status is LookupStatus.SKIPPED for lk in lookups):
            return self._report(classified, [Finding(Verdict.ADDRESS_NOT_SUPPORTED,
                                                     {"address": classified.value})])
        findings = diagnose_address_search(lookups, expect)
        main = primary_address(lookups, expect)
        chain = self.config.get(main.chain) if main else None
        return Report(
            input=classified.raw, kind=classified.kind.value, value=classified.value,
            findings=tuple(findings), lang=self.lang,
            advice=tuple(advise(f, self.lang, self._titles) for f in findings),
            chain=chain.name if chain else None, chain_title=chain.title if chain else None,
            checked={lk.chain: _activity(lk) for lk in lookups},
            addresses=tuple(answered(lookups)),
        )

    def _report(self, classified: Classified, findings: list[Finding],
                lookups: Sequence[ChainLookup] = (), expect: str | None = None) -> Report:
        primary = primary_lookup(lookups, expect)
        chain = self.config.get(primary.chain) if primary else None
        facts = primary.facts if primary else None
        return Report(
            input=classified.raw,
            kind=classified.kind.value,
            value=classified.value,
            findings=tuple(findings),
            advice=tuple(advise(f, self.lang, self._titles) for f in findings),
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


def _activity(lookup: ChainLookup) -> LookupStatus:
    """For an address, "found" means activity was found there."""
    if lookup.address is not None and not lookup.address.has_activity:
        return LookupStatus.NOT_FOUND
    return lookup.status
