"""The Bitcoin fetcher against mocked mempool.space and blockstream.info (`http_mock`,
bodies from tests/fixtures/bitcoin): failover, "not found" confirmed on a second endpoint,
replacements seen through spent inputs or the RBF record, the fee market, addresses."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from support import http_mock
from support.esplora import (
    BLOCKSTREAM,
    MEMPOOL,
    REPLACED_TXID,
    REPLACEMENT_BLOCK,
    REPLACEMENT_TXID,
    SPENT_OUTPOINT,
    Esplora,
    fixture,
)
from txdoctor.config import ChainConfig
from txdoctor.facts import LookupStatus, TxState
from txdoctor.families.bitcoin.fetch import BitcoinFetcher
from txdoctor.fetch import fetcher_for
from txdoctor.fetch.transport import Transport

CHAIN = ChainConfig(
    name="bitcoin",
    family="bitcoin",
    rpc=(MEMPOOL, BLOCKSTREAM),
    confirmations=4,
    block_time=600,
    native="BTC",
    explorer="https://mempool.space/tx/{hash}",
    native_decimals=8,
)
Explorers = tuple[Esplora, Esplora, http_mock.HttpMock]
PENDING_ADDRESS = "bc1p5t79edz9w4fcnmkjjk4e6k2tp7kd8cqggz37gal60sp9gyk9x72sk4mk0f"


@pytest.fixture
def explorers() -> Iterator[Explorers]:
    with http_mock.HttpMock(assert_all_requests_are_fired=False) as rsps:
        mempool, blockstream = Esplora(MEMPOOL, rbf={}), Esplora(BLOCKSTREAM)
        yield mempool, blockstream, rsps


def fetch(rsps: http_mock.HttpMock, *served: Esplora) -> BitcoinFetcher:
    for explorer in served:
        explorer.serve(rsps)
    return BitcoinFetcher(CHAIN, Transport(retries=0, sleep=lambda _: None))


def test_the_registry_gives_bitcoin_its_fetcher() -> None:
    assert isinstance(fetcher_for(CHAIN, Transport()), BitcoinFetcher)


def test_a_confirmed_transaction_with_the_tip(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.add_tx("tx_b6a53d8a_confirmed.json")
    mempool.tip = REPLACEMENT_BLOCK + 5
    lookup = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACEMENT_TXID)
    assert lookup.status is LookupStatus.FOUND and lookup.family == "bitcoin"
    facts = lookup.facts
    assert facts is not None
    assert facts.state is TxState.INCLUDED and facts.confirmations == 6
    assert facts.fee_paid is not None and facts.fee_paid.raw == 960
    assert facts.sender == facts.recipient == "1stAprEZapjCYGUACUcXohQqSHF9MU5Kj"
    assert facts.value.raw == 49040
    assert blockstream.calls == []  # one endpoint answered everything


def test_a_tip_behind_the_block_counts_one_confirmation(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.add_tx("tx_b6a53d8a_confirmed.json")
    mempool.tip = REPLACEMENT_BLOCK - 3  # a lagging index
    facts = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACEMENT_TXID).facts
    assert facts is not None and facts.confirmations == 1


def test_failover_to_blockstream_when_mempool_space_fails(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.failing = {r"/.*": 502}
    blockstream.add_tx("tx_b6a53d8a_confirmed.json")
    blockstream.tip = REPLACEMENT_BLOCK
    lookup = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACEMENT_TXID)
    assert lookup.status is LookupStatus.FOUND
    assert lookup.facts is not None and lookup.facts.confirmations == 1


def test_a_malformed_answer_moves_on_to_the_next_endpoint(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    broken = fixture("tx_b6a53d8a_confirmed.json")
    broken["fee"] = "lots"
    mempool.txs[REPLACEMENT_TXID] = broken
    blockstream.add_tx("tx_b6a53d8a_confirmed.json")
    blockstream.tip = REPLACEMENT_BLOCK
    lookup = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACEMENT_TXID)
    assert lookup.status is LookupStatus.FOUND
    assert lookup.facts is not None and lookup.facts.fee_paid is not None
    assert lookup.facts.fee_paid.raw == 960


def test_every_endpoint_down_is_unreachable_with_reasons(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.failing = blockstream.failing = {r"/.*": 503}
    lookup = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACEMENT_TXID)
    assert lookup.status is LookupStatus.UNREACHABLE
    assert lookup.reason == "HTTP 503: Internal Server Error" and lookup.family == "bitcoin"


def test_not_found_is_confirmed_by_the_second_endpoint(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    lookup = fetch(rsps, mempool, blockstream).lookup_transaction("ab" * 32)
    assert lookup.status is LookupStatus.NOT_FOUND and lookup.family == "bitcoin"
    assert lookup.reason == "unknown to 2 endpoint(s)"
    assert blockstream.calls == ["/tx/" + "ab" * 32]
    assert f"/v1/tx/{'ab' * 32}/rbf" in mempool.calls


def test_not_found_on_one_endpoint_while_the_other_is_down(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    blockstream.failing = {r"/.*": 500}
    lookup = fetch(rsps, mempool, blockstream).lookup_transaction("ab" * 32)
    assert lookup.status is LookupStatus.NOT_FOUND
    assert lookup.reason == "unknown to 1 endpoint(s); 1 did not answer"


def test_a_pending_transaction_gets_the_market_and_its_package(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.add_tx("tx_242f3fff_unconfirmed.json")
    mempool.recommended = fixture("fees_recommended_docs.json")
    mempool.cpfp[REPLACED_TXID] = fixture("cpfp_242f3fff.json")
    facts = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACED_TXID).facts
    assert facts is not None and facts.bitcoin is not None
    assert facts.state is TxState.PENDING
    assert facts.bitcoin.market is not None and facts.bitcoin.market.hour == 5
    assert facts.bitcoin.package is not None
    assert facts.bitcoin.mined_rate == Decimal("2.6008583690987126")
    # Its input's spender is asked of the other endpoint only (which knows nothing here).
    assert blockstream.calls == [f"/tx/{SPENT_OUTPOINT[0]}/outspend/0"]


def test_fee_estimates_when_no_endpoint_has_the_recommendation(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    blockstream.add_tx("tx_242f3fff_unconfirmed.json")
    blockstream.estimates = fixture("fee_estimates_api_md.json")
    mempool.failing = {r"/tx/.*": 500, r"/v1/.*": 500, r"/fee-estimates": 500}
    facts = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACED_TXID).facts
    assert facts is not None and facts.bitcoin is not None
    assert facts.bitcoin.market is not None and facts.bitcoin.market.source == "estimates"
    assert facts.bitcoin.market.hour == Decimal("68.285")
    assert facts.bitcoin.package is None  # /v1/cpfp exists nowhere here: left out


def test_no_market_at_all_leaves_it_out(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.add_tx("tx_242f3fff_unconfirmed.json")
    facts = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACED_TXID).facts
    assert facts is not None and facts.bitcoin is not None and facts.bitcoin.market is None


def test_replaced_seen_by_the_other_endpoint_confirmed(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    blockstream.add_tx("tx_242f3fff_unconfirmed.json")  # still in its (stale) mempool
    mempool.outspends[SPENT_OUTPOINT] = fixture("outspend_fb16c141_0_b6a53d8a_confirmed.json")
    facts = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACED_TXID).facts
    assert facts is not None and facts.bitcoin is not None
    replacement = facts.bitcoin.replaced_by
    assert replacement is not None
    assert (replacement.txid, replacement.confirmed, replacement.source) == (
        REPLACEMENT_TXID,
        True,
        "outspend",
    )
    assert "/v1/fees/recommended" not in mempool.calls + blockstream.calls


def test_an_unconfirmed_spender_paying_more_replaced_it(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    blockstream.add_tx("tx_242f3fff_unconfirmed.json")
    mempool.outspends[SPENT_OUTPOINT] = fixture("outspend_fb16c141_0_b6a53d8a_unconfirmed.json")
    mempool.add_tx("tx_b6a53d8a_unconfirmed.json")  # 960 sat against 606
    facts = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACED_TXID).facts
    assert facts is not None and facts.bitcoin is not None
    replacement = facts.bitcoin.replaced_by
    assert replacement is not None and replacement.txid == REPLACEMENT_TXID
    assert replacement.confirmed is False


def test_a_stale_endpoint_holding_the_old_version_does_not_fool_it(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.add_tx("tx_b6a53d8a_unconfirmed.json")  # the replacement, current
    blockstream.outspends[SPENT_OUTPOINT] = fixture("outspend_fb16c141_0_242f3fff_unconfirmed.json")
    blockstream.add_tx("tx_242f3fff_unconfirmed.json")  # the old one pays less
    mempool.recommended = fixture("fees_recommended_quiet_docs.json")
    facts = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACEMENT_TXID).facts
    assert facts is not None and facts.bitcoin is not None
    assert facts.bitcoin.replaced_by is None
    assert facts.bitcoin.market is not None


def test_known_to_no_endpoint_but_in_the_rbf_record(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.rbf = {REPLACED_TXID: fixture("rbf_242f3fff.json")}
    lookup = fetch(rsps, mempool, blockstream).lookup_transaction(REPLACED_TXID)
    assert lookup.status is LookupStatus.FOUND
    facts = lookup.facts
    assert facts is not None and facts.bitcoin is not None
    assert facts.bitcoin.in_mempool is False
    assert facts.bitcoin.replaced_by is not None
    assert facts.bitcoin.replaced_by.txid == REPLACEMENT_TXID
    assert facts.value.raw == 49394 and facts.bitcoin.fee_sat == 606


def test_an_address_with_money_on_the_way(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.addresses[PENDING_ADDRESS] = fixture("address_bc1p5t79_pending.json")
    mempool.address_txs[PENDING_ADDRESS] = fixture("address_txs_bc1p5t79_pending.json")
    lookup = fetch(rsps, mempool, blockstream).lookup_address(PENDING_ADDRESS)
    address = lookup.address
    assert lookup.status is LookupStatus.FOUND and address is not None
    assert address.balance is not None and address.balance.raw == 0
    assert address.has_activity is True and address.history_available is True
    assert address.bitcoin is not None
    assert address.bitcoin.unconfirmed_in_sat == 49394
    assert address.bitcoin.pending_txids == (REPLACED_TXID,)
    (recent,) = address.recent
    assert recent.hash == REPLACED_TXID and recent.recipient == PENDING_ADDRESS
    assert recent.sender == "1stAprEZapjCYGUACUcXohQqSHF9MU5Kj"
    assert recent.amount is not None and recent.amount.raw == 49394
    assert recent.success is None  # not confirmed yet


def test_an_address_whose_history_fails_still_answers(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.addresses["1wiz18xYmhRX6xStj2b9t1rwWX4GKUgpv"] = fixture("address_1wiz18_docs.json")
    mempool.failing = {r"/address/.*/txs": 500}
    blockstream.failing = {r"/.*": 500}
    lookup = fetch(rsps, mempool, blockstream).lookup_address("1wiz18xYmhRX6xStj2b9t1rwWX4GKUgpv")
    assert lookup.status is LookupStatus.FOUND and lookup.address is not None
    assert lookup.address.history_available is False
    assert lookup.address.has_activity is True  # 7 confirmed transactions


def test_an_address_nobody_can_answer_is_unreachable(explorers: Explorers) -> None:
    mempool, blockstream, rsps = explorers
    mempool.failing = blockstream.failing = {r"/.*": 500}
    lookup = fetch(rsps, mempool, blockstream).lookup_address(PENDING_ADDRESS)
    assert lookup.status is LookupStatus.UNREACHABLE
