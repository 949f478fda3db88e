"""Reading Hyperion's and the chain API's answers (tests/fixtures/eos: recorded bodies)."""

from __future__ import annotations

import pytest

from support.eos_node import fixture
from txdoctor.families.eos import fetch_shapes as shapes
from txdoctor.fetch.interface import MalformedAnswer


def test_a_recorded_transfer_gives_block_lib_parties_quantity_and_memo() -> None:
    tx = shapes.parse_history_tx(fixture("tx_transfer_jungle4.json"))
    assert (tx.executed, tx.block_num, tx.lib) == (True, 209370387, 209672969)
    assert (tx.contract, tx.action, tx.sender, tx.recipient) == (
        "eosio.token",
        "transfer",
        "crosschaino2",
        "crosschaino3",
    )
    assert tx.quantity == shapes.Quantity(100, 4, "EOS", "0.0100 EOS")
    assert tx.memo == "" and tx.actions == 1


def test_not_executed_is_not_found() -> None:
    tx = shapes.parse_history_tx(fixture("tx_not_found_assembled.json"))
    assert tx.executed is False and tx.block_num is None


@pytest.mark.parametrize("body", [{}, {"executed": "yes"}, {"executed": True, "actions": [1]}, []])
def test_a_body_of_another_shape_is_malformed(body: object) -> None:
    with pytest.raises(MalformedAnswer):
        shapes.parse_history_tx(body)


def test_the_chain_info_and_an_account() -> None:
    info = shapes.parse_info(fixture("info_mainnet.json"))
    assert (info.head_block, info.lib) == (399277762, 399277760)
    account = shapes.account_or_missing(fixture("account_cordialsysaa.json"))
    assert account is not None and account.balance == shapes.parse_quantity("62.2841 EOS")
    assert (account.ram_quota, account.ram_usage, account.cpu_available) == (5675, 4675, 34449)


def test_the_nodes_unknown_account_error_is_an_answer_and_other_errors_are_not() -> None:
    assert shapes.account_or_missing(fixture("account_unknown_leap.json")) is None
    with pytest.raises(MalformedAnswer):
        shapes.account_or_missing({"code": 500, "error": {"name": "exception"}})


@pytest.mark.parametrize(
    ("text", "raw", "decimals", "symbol"),
    [("1.0000 EOS", 10000, 4, "EOS"), ("5 A", 5, 0, "A"), ("0.00000001 BTC", 1, 8, "BTC")],
)
def test_quantities(text: str, raw: int, decimals: int, symbol: str) -> None:
    q = shapes.parse_quantity(text)
    assert q is not None and (q.raw, q.decimals, q.symbol) == (raw, decimals, symbol)


@pytest.mark.parametrize("text", ["1.0 eos", "EOS 1.0", "1,0 EOS", 10000, None, "1.0000  EOS"])
def test_not_quantities(text: object) -> None:
    assert shapes.parse_quantity(text) is None
