"""Rules across chains: where it was found, what could not be checked."""

from __future__ import annotations

from txdoctor.diagnose import Verdict, diagnose_search
from txdoctor.facts import Amount, ChainLookup, LookupStatus, TxFacts, TxState

FOUND_FACTS = TxFacts(
    chain="bsc",
    family="evm",
    hash="0x" + "ab" * 32,
    state=TxState.INCLUDED,
    sender=None,
    recipient=None,
    value=Amount(0, 18, "BNB"),
    success=True,
    block_number=1,
    latest_block=100,
    required_confirmations=15,
)


def lookup(chain: str, status: LookupStatus, **kw: object) -> ChainLookup:
    return ChainLookup(chain, status, **kw)  # type: ignore[arg-type]


def test_found_elsewhere_than_expected_is_wrong_network_first() -> None:
    findings = diagnose_search(
        [
            lookup("ethereum", LookupStatus.NOT_FOUND),
            lookup("bsc", LookupStatus.FOUND, facts=FOUND_FACTS),
        ],
        expect_chain="ethereum",
    )
    assert [f.code for f in findings] == [Verdict.WRONG_NETWORK, Verdict.CONFIRMED]
    assert findings[0].params == {"found_chain": "bsc", "expected_chain": "ethereum"}


def test_found_where_expected_is_just_the_status() -> None:
    findings = diagnose_search([lookup("bsc", LookupStatus.FOUND, facts=FOUND_FACTS)], "bsc")
    assert [f.code for f in findings] == [Verdict.CONFIRMED]


def test_nowhere_is_not_found_and_names_unchecked_chains() -> None:
    findings = diagnose_search(
        [
            lookup("ethereum", LookupStatus.NOT_FOUND),
            lookup("polygon", LookupStatus.UNREACHABLE, reason="timeout"),
        ],
        None,
    )
    assert [f.code for f in findings] == [Verdict.NOT_FOUND, Verdict.CHAINS_UNCHECKED]
    assert findings[1].params["chains"] == ("polygon",)


def test_every_chain_failing_is_unreachable_with_reasons() -> None:
    findings = diagnose_search(
        [
            lookup("ethereum", LookupStatus.UNREACHABLE, reason="HTTP 500"),
            lookup("bsc", LookupStatus.UNREACHABLE, reason="timeout"),
        ],
        None,
    )
    assert [f.code for f in findings] == [Verdict.UNREACHABLE]
    assert findings[0].params["reasons"] == "ethereum: HTTP 500; bsc: timeout"


def test_endpoint_for_another_chain_is_reported() -> None:
    findings = diagnose_search(
        [
            lookup(
                "ethereum",
                LookupStatus.UNREACHABLE,
                reason="x",
                notes=("(http://a) answers for chain id 56, not 1",),
            )
        ],
        None,
    )
    assert Verdict.ENDPOINT_WRONG_CHAIN in [f.code for f in findings]


def test_a_chain_that_knows_the_transaction_expired_makes_it_expired_not_missing() -> None:
    findings = diagnose_search(
        [
            lookup("ethereum", LookupStatus.NOT_FOUND, family="evm"),
            lookup("aptos", LookupStatus.NOT_FOUND, family="aptos", expired=True),
        ],
        expect_chain=None,
    )
    assert findings[0].code is Verdict.EXPIRED
    assert findings[0].params == {"chain": "aptos"}
    assert findings[0].family == "aptos"


def test_not_found_without_an_expiry_stays_not_found() -> None:
    findings = diagnose_search([lookup("aptos", LookupStatus.NOT_FOUND, family="aptos")], None)
    assert findings[0].code is Verdict.NOT_FOUND
