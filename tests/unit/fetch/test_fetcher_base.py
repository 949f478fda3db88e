"""``fetch/base.py``: one wording of UNREACHABLE for every family, the family stamp on every
lookup, and fetcher bugs left to surface as internal errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from txdoctor.config import ChainConfig
from txdoctor.core.family import Family
from txdoctor.facts import ChainLookup, LookupStatus
from txdoctor.fetch.base import FetcherBase, network_down, unreachable_reason
from txdoctor.fetch.interface import MalformedAnswer
from txdoctor.fetch.transport import AllEndpointsFailed, Attempt, Transport


def attempt(error: str | None, endpoint: str = "https://a.test/") -> Attempt:
    return Attempt(endpoint=endpoint, ok=error is None, error=error, elapsed_ms=1.0)


class Toy(FetcherBase):
    """A fetcher of one test (on a chain of the Solana family), answering with whatever
    ``behaviour`` does."""

    def __init__(self, behaviour: Callable[[], ChainLookup]) -> None:
        chain = ChainConfig(
            name="toychain",
            family=Family.SOLANA,
            chain_id=None,
            rpc=("https://a.test/",),
            confirmations=1,
            block_time=1,
            explorer="https://e.test/{hash}",
            native="TOY",
        )
        super().__init__(chain, Transport())
        self._behaviour = behaviour

    def _transaction(self, tx_hash: str) -> ChainLookup:
        return self._behaviour()

    def _address(self, address: str) -> ChainLookup:
        return self._behaviour()


def fails(error: Exception) -> Callable[[], ChainLookup]:
    def behaviour() -> ChainLookup:
        raise error

    return behaviour


@pytest.mark.parametrize("status", list(LookupStatus))
def test_every_lookup_leaves_stamped_with_its_family(status: LookupStatus) -> None:
    toy = Toy(lambda: ChainLookup("toychain", status))
    assert toy.lookup_transaction("x").family == Family.SOLANA
    assert toy.lookup_address("x").family == Family.SOLANA


def test_network_trouble_is_unreachable_with_the_distinct_reasons() -> None:
    error = AllEndpointsFailed((attempt("timeout"), attempt("HTTP 502"), attempt("timeout")))
    lookup = Toy(fails(error)).lookup_transaction("x")
    assert (lookup.status, lookup.reason, lookup.family) == (
        LookupStatus.UNREACHABLE,
        "HTTP 502, timeout",
        Family.SOLANA,
    )
    assert lookup.network_down is False


def test_a_malformed_answer_is_unreachable_and_says_so() -> None:
    lookup = Toy(fails(MalformedAnswer("the block is not a number"))).lookup_address("x")
    assert (lookup.status, lookup.reason) == (
        LookupStatus.UNREACHABLE,
        "malformed answer: the block is not a number",
    )


def test_a_bug_in_a_fetcher_is_not_swallowed() -> None:
    with pytest.raises(KeyError):
        Toy(fails(KeyError("result"))).lookup_transaction("x")


def test_no_endpoint_reachable_at_all_means_the_network_looks_down() -> None:
    attempts = [
        attempt("DNS lookup failed"),
        attempt("connection refused"),
        attempt("not asked: DNS lookup failed earlier in this run"),
    ]
    assert network_down(attempts)
    assert unreachable_reason(attempts).startswith("network looks down (")
    lookup = Toy(fails(AllEndpointsFailed(tuple(attempts)))).lookup_transaction("x")
    assert lookup.network_down is True
    assert not network_down([attempt("DNS lookup failed"), attempt("timeout")])
    assert not network_down([])
