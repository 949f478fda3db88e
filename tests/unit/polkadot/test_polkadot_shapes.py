"""Subscan's envelope and the recorded extrinsic, read into values (no network)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from support.subscan import fixture
from txdoctor.families.polkadot import fetch_shapes as shapes
from txdoctor.fetch.interface import MalformedAnswer


def test_the_recorded_transfer_reads_into_its_values() -> None:
    ext = shapes.parse_extrinsic(shapes.envelope(fixture("extrinsic_transfer_docs.json")))
    assert (ext.index, ext.block_num, ext.success, ext.finalized, ext.pending) == (
        "2028659-2",
        2028659,
        True,
        True,
        False,
    )
    assert (ext.fee_planck, ext.nonce, ext.death, ext.failure) == (156000000, 5786, 2029166, None)
    assert (ext.amount, ext.call_value) == (Decimal("256.109"), 2561090000000)
    assert ext.call == "balances.transfer"


def test_not_found_is_an_answer_without_data_or_a_record_not_found_refusal() -> None:
    assert shapes.envelope(fixture("not_found_assembled.json")) is None
    assert shapes.envelope({"code": 10004, "message": "Record Not Found"}) is None


@pytest.mark.parametrize(
    "body",
    [
        {"code": 400, "message": "Params Error"},  # a refusal: another endpoint may answer
        {"message": "API rate limit exceeded"},  # no envelope (the 429 body of the docs)
        ["not", "an", "object"],
    ],
)
def test_anything_else_is_malformed(body: object) -> None:
    with pytest.raises(MalformedAnswer):
        shapes.envelope(body)


def test_a_failure_carries_the_decoded_dispatch_error() -> None:
    ext = shapes.parse_extrinsic(shapes.envelope(fixture("extrinsic_failed_assembled.json")))
    assert ext.success is False and ext.failure == shapes.DispatchFailure(
        "Balances", "InsufficientBalance", "Balance too low to send value."
    )


def test_the_head_and_prefix_of_the_recorded_metadata() -> None:
    head = shapes.parse_head(shapes.envelope(fixture("metadata_docs.json")))
    assert (head.best, head.finalized, head.ss58_prefix) == (2028483, 2028480, 0)
