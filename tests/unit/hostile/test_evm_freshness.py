"""``fetch/evm_freshness``: which endpoint is behind, and by how much it must be."""

from __future__ import annotations

import pytest

from txdoctor.facts import EndpointLag
from txdoctor.families.evm.fetch_freshness import (
    compare_tips,
    lag_threshold,
    lagging_reason,
    lags_from_rejections,
)


@pytest.mark.parametrize(
    ("block_time", "threshold"),
    [
        (12, 5),  # Ethereum: a minute is five blocks
        (2, 30),  # Polygon, Base, OP Mainnet
        (0.25, 240),  # Arbitrum
        (600, 3),  # Bitcoin-like: never fewer than three blocks
    ],
)
def test_lagging_means_a_minute_of_blocks_behind(block_time: float, threshold: int) -> None:
    assert lag_threshold(block_time) == threshold


def test_the_endpoint_far_behind_is_named_whichever_side_it_is() -> None:
    assert compare_tips(("a", 100), ("b", 400), 12) == (EndpointLag("a", 100, 400),)
    assert compare_tips(("a", 400), ("b", 100), 12) == (EndpointLag("b", 100, 400),)
    assert compare_tips(("a", 400), ("b", 396), 12) == ()
    assert EndpointLag("a", 100, 400).behind == 300


def test_a_rejection_for_lagging_is_read_back_from_the_attempt() -> None:
    reason = lagging_reason(100, 400, 12)
    assert reason is not None and lagging_reason(398, 400, 12) is None
    errors = [
        ("https://a/***", f"rejected: {reason}"),
        ("https://b/", "timeout"),
        ("https://c/", None),
    ]
    assert lags_from_rejections(errors) == (EndpointLag("https://a/***", 100, 400),)
