"""Esplora / mempool.space answers read into facts, on the recorded bodies of
tests/fixtures/bitcoin; anything of another shape is refused, never half-read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from support.esplora import REPLACED_TXID, REPLACEMENT_TXID, fixture
from txdoctor.families.bitcoin import fetch_shapes as shapes
from txdoctor.fetch.interface import MalformedAnswer


def test_an_unconfirmed_transaction_is_read_whole() -> None:
    tx = shapes.parse_tx(fixture("tx_242f3fff_unconfirmed.json"), REPLACED_TXID)
    assert (tx.weight, tx.fee_sat, tx.version) == (932, 606, 2)
    assert tx.status.confirmed is False
    assert tx.signals_rbf  # nSequence 0xfffffffd
    assert tx.inputs[0].address == "1stAprEZapjCYGUACUcXohQqSHF9MU5Kj"
    assert tx.inputs[0].value_sat == 50000
    assert tx.outputs[0].script_type == "v1_p2tr"
    assert tx.outputs[0].value_sat == 49394


def test_a_confirmed_transaction_has_its_block() -> None:
    tx = shapes.parse_tx(fixture("tx_b6a53d8a_confirmed.json"), REPLACEMENT_TXID)
    assert tx.status == shapes.Status(True, 890448, 1743541850)


def test_final_sequences_do_not_signal_rbf() -> None:
    body = fixture("tx_242f3fff_unconfirmed.json")
    body["vin"][0]["sequence"] = 0xFFFFFFFE
    assert not shapes.parse_tx(body, REPLACED_TXID).signals_rbf
    body["version"] = 3  # TRUC transactions are always replaceable
    assert shapes.parse_tx(body, REPLACED_TXID).signals_rbf


def _broken(change: str) -> Any:
    body = fixture("tx_242f3fff_unconfirmed.json")
    if change == "other txid":
        body["txid"] = REPLACEMENT_TXID
    elif change == "negative fee":
        body["fee"] = -1
    elif change == "fee as text":
        body["fee"] = "606"
    elif change == "boolean weight":
        body["weight"] = True
    elif change == "huge output":
        body["vout"][0]["value"] = 21_000_001 * 10**8
    elif change == "vin not a list":
        body["vin"] = {}
    elif change == "status missing":
        del body["status"]
    return body


@pytest.mark.parametrize(
    "change",
    [
        "other txid",
        "negative fee",
        "fee as text",
        "boolean weight",
        "huge output",
        "vin not a list",
        "status missing",
    ],
)
def test_a_transaction_of_another_shape_is_refused(change: str) -> None:
    with pytest.raises(MalformedAnswer):
        shapes.parse_tx(_broken(change), REPLACED_TXID)


def test_an_address_field_with_markup_is_dropped_not_shown() -> None:
    body = fixture("tx_242f3fff_unconfirmed.json")
    body["vout"][0]["scriptpubkey_address"] = "[link=https://evil]bc1p[/link]"
    assert shapes.parse_tx(body, REPLACED_TXID).outputs[0].address is None


def test_outspends() -> None:
    spender, status = shapes.parse_outspend(
        fixture("outspend_fb16c141_0_b6a53d8a_confirmed.json")
    ) or ("", None)
    assert spender == REPLACEMENT_TXID
    assert status is not None and status.confirmed and status.block_height == 890448
    assert shapes.parse_outspend({"spent": False}) is None


def test_recommended_fees() -> None:
    market = shapes.parse_recommended(fixture("fees_recommended_docs.json"))
    tiers = (market.fastest, market.half_hour, market.hour, market.economy, market.minimum)
    assert tiers == tuple(Decimal(n) for n in (7, 6, 5, 4, 2))
    assert market.source == "recommended"


def test_recommended_fees_of_a_server_without_economy_fee() -> None:
    market = shapes.parse_recommended(fixture("fees_recommended_quiet_docs.json"))
    assert market.economy == market.hour == 1


def test_esplora_estimates_map_to_the_same_tiers() -> None:
    market = shapes.parse_estimates(fixture("fee_estimates_api_md.json"))
    # No 1-block target in this answer: the 2-block one stands for the next block.
    assert market.fastest == Decimal("87.882")
    assert market.half_hour == Decimal("87.882")  # 3 blocks
    assert market.hour == Decimal("68.285")  # 6 blocks
    assert market.economy == Decimal("1.027")  # 144 blocks
    assert market.minimum == Decimal("1.027")  # 1008 blocks
    assert market.source == "estimates"


def test_estimates_out_of_order_are_flattened() -> None:
    market = shapes.parse_estimates({"1": 5, "3": 9, "6": 2, "144": 3, "1008": 1})
    assert market.half_hour == 5 and market.economy == 2


@pytest.mark.parametrize(
    "body",
    [
        {"fastestFee": "7", "halfHourFee": 6, "hourFee": 5, "minimumFee": 1},
        {"fastestFee": float("nan"), "halfHourFee": 6, "hourFee": 5, "minimumFee": 1},
        {"fastestFee": -1, "halfHourFee": 6, "hourFee": 5, "minimumFee": 1},
        [1, 2, 3],
    ],
)
def test_fee_answers_of_another_shape_are_refused(body: Any) -> None:
    with pytest.raises(MalformedAnswer):
        shapes.parse_recommended(body)


def test_cpfp_package() -> None:
    package = shapes.parse_package(fixture("cpfp_b6a53d8a.json"))
    assert package.effective_rate == Decimal("4.285714285714286")
    assert (package.ancestor_fee_sat, package.descendant_fee_sat) == (0, 0)
    relatives = shapes.parse_package(
        {
            "ancestors": [{"txid": "aa" * 32, "fee": 100, "weight": 561}],
            "descendants": None,
            "effectiveFeePerVsize": 3,
        }
    )
    assert (relatives.ancestor_fee_sat, relatives.ancestor_vsize) == (100, 141)


def test_the_rbf_record_names_the_latest_replacement() -> None:
    replaced = shapes.parse_rbf(fixture("rbf_242f3fff.json"), REPLACED_TXID)
    assert replaced is not None
    assert replaced.replacement.txid == REPLACEMENT_TXID
    assert replaced.replacement.source == "rbf_history"
    assert replaced.replacement.confirmed is None  # the record does not say "mined"
    assert replaced.replacement.full_rbf is False
    assert (replaced.fee_sat, replaced.vsize, replaced.value_sat) == (606, 233, 49394)


def test_the_current_version_is_not_replaced() -> None:
    assert shapes.parse_rbf(fixture("rbf_b6a53d8a.json"), REPLACEMENT_TXID) is None
    assert shapes.parse_rbf(fixture("rbf_unknown.json"), REPLACED_TXID) is None


def test_a_mined_replacement_is_confirmed() -> None:
    body = fixture("rbf_242f3fff.json")
    body["replacements"]["mined"] = True
    replaced = shapes.parse_rbf(body, REPLACED_TXID)
    assert replaced is not None and replaced.replacement.confirmed is True


def test_a_replacement_tree_too_deep_is_refused() -> None:
    tree: dict[str, Any] = {"tx": {"txid": "00" * 32}, "replaces": []}
    for _ in range(60):
        tree = {"tx": {"txid": "11" * 32}, "replaces": [tree]}
    with pytest.raises(MalformedAnswer):
        shapes.parse_rbf({"replacements": tree}, "ff" * 32)


def test_address_sums() -> None:
    details = shapes.parse_address(
        fixture("address_bc1p5t79_pending.json"),
        "bc1p5t79edz9w4fcnmkjjk4e6k2tp7kd8cqggz37gal60sp9gyk9x72sk4mk0f",
    )
    assert (details.confirmed_sat, details.unconfirmed_in_sat, details.unconfirmed_tx_count) == (
        0,
        49394,
        1,
    )
    docs = shapes.parse_address(
        fixture("address_1wiz18_docs.json"), "1wiz18xYmhRX6xStj2b9t1rwWX4GKUgpv"
    )
    assert (docs.confirmed_sat, docs.tx_count) == (0, 7)


def test_an_answer_about_another_address_is_refused() -> None:
    with pytest.raises(MalformedAnswer):
        shapes.parse_address(
            fixture("address_1wiz18_docs.json"), "1stAprEZapjCYGUACUcXohQqSHF9MU5Kj"
        )


def test_the_tip_is_a_bare_number() -> None:
    assert shapes.parse_tip(890449) == 890449
    with pytest.raises(MalformedAnswer):
        shapes.parse_tip("890449")
