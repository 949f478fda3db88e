"""Which endpoint of a chain is up to date, judged from the latest block each one reports.

Two endpoints of one chain can disagree: one has the receipt, the other does not know the
hash, or says "pending" because it has not seen the block yet. The answer must come from
the one that is up to date, and the one far behind must be reported. This costs no extra
round trip: the block number travels in the same JSON-RPC batch as the lookup, and a second
endpoint is only asked when the answer already needs a second round (a hash the first
endpoint does not know, or a transaction it calls pending).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from txdoctor.core.lazy_pattern import LazyPattern
from txdoctor.facts import EndpointLag

LAG_SECONDS = 60.0
"""Behind by a minute of blocks or more: more than load-balanced nodes normally drift."""
MIN_LAG_BLOCKS = 3
_LAGGING = LazyPattern(r"lagging: latest block (\d+), (\d+) blocks behind")


def lag_threshold(block_time: float) -> int:
    """Blocks behind that make an endpoint "lagging" on a chain with this block time."""
    return max(MIN_LAG_BLOCKS, math.ceil(LAG_SECONDS / max(block_time, 0.01)))


def compare_tips(
    first: tuple[str, int], second: tuple[str, int], block_time: float
) -> tuple[EndpointLag, ...]:
    """The lag of whichever of two ``(endpoint, latest block)`` pairs is far behind, if any."""
    (first_url, first_tip), (second_url, second_tip) = first, second
    threshold = lag_threshold(block_time)
    if second_tip - first_tip >= threshold:
        return (EndpointLag(first_url, first_tip, second_tip),)
    if first_tip - second_tip >= threshold:
        return (EndpointLag(second_url, second_tip, first_tip),)
    return ()


def lagging_reason(tip: int, reference_tip: int, block_time: float) -> str | None:
    """Why an answer at ``tip`` must not be preferred over one at ``reference_tip``."""
    behind = reference_tip - tip
    if behind >= lag_threshold(block_time):
        return f"lagging: latest block {tip}, {behind} blocks behind {reference_tip}"
    return None


def lags_from_rejections(errors: Sequence[tuple[str, str | None]]) -> tuple[EndpointLag, ...]:
    """Lags recorded by ``lagging_reason`` in the ``(endpoint, error)`` pairs of attempts."""
    lags = []
    for endpoint, error in errors:
        match = _LAGGING.search(error or "")
        if match:
            tip, behind = int(match.group(1)), int(match.group(2))
            lags.append(EndpointLag(endpoint, tip, tip + behind))
    return tuple(lags)
