"""ENS names are addresses to resolve on Ethereum; other name services stay refused."""

from __future__ import annotations

import pytest

from txdoctor.input import Family, InputKind, Problem, classify


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("vitalik.eth", "vitalik.eth"),
        ("Vitalik.ETH", "vitalik.eth"),
        ("  pay.alice.eth\n", "pay.alice.eth"),
        ("a-b1.eth", "a-b1.eth"),
    ],
)
def test_ens_names_are_evm_addresses(text: str, name: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.ADDRESS and result.value == name
    assert result.families == (Family.EVM,) and result.detail["name_service"] == "ens"


@pytest.mark.parametrize("text", ["toly.sol", "x.bnb", "xn--abc.eth", "ab--c.eth"])
def test_other_names_are_not_resolved(text: str) -> None:
    result = classify(text)
    assert result.kind is InputKind.INVALID and result.problem is Problem.NAME_SERVICE
