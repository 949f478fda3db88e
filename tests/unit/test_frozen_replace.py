"""``core.frozen.replaced``: the object ``dataclasses.replace`` gives, whichever path it takes."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from txdoctor.core.family import Family
from txdoctor.core.frozen import replaced
from txdoctor.facts import Amount, ChainLookup, LookupStatus, TxFacts
from txdoctor.facts.common import TxState
from txdoctor.families.bitcoin.facts import BitcoinTxDetails


def _facts() -> TxFacts:
    return TxFacts(
        chain="ethereum",
        family=Family.EVM,
        hash="0x" + "ab" * 32,
        state=TxState.PENDING,
        sender="0x" + "11" * 20,
        recipient="0x" + "22" * 20,
        value=Amount(10**18, 18, "ETH"),
        nonce=7,
        latest_block=100,
        required_confirmations=12,
        block_time=12.0,
    )


def test_a_plain_frozen_dataclass_is_copied_with_the_changes() -> None:
    facts = _facts()
    got = replaced(facts, state=TxState.INCLUDED, block_number=90, success=True)
    expected = dataclasses.replace(facts, state=TxState.INCLUDED, block_number=90, success=True)
    assert got == expected and type(got) is TxFacts
    assert vars(got) == vars(expected) and list(vars(got)) == list(vars(expected))
    assert facts.state is TxState.PENDING and facts.block_number is None  # the original kept
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.nonce = 8  # type: ignore[misc]
    lookup = ChainLookup("ethereum", LookupStatus.FOUND, facts=facts)
    assert replaced(lookup, family=Family.EVM) == dataclasses.replace(lookup, family=Family.EVM)


def test_a_dataclass_whose_init_computes_fields_is_built_again() -> None:
    details = BitcoinTxDetails(
        weight=561, fee_sat=1000, version=2, signals_rbf=False, input_count=1, outputs=()
    )
    heavier = replaced(details, weight=800)
    assert heavier.vsize == 200 and heavier.fee_rate == Decimal(5)  # __post_init__ ran
    assert heavier == dataclasses.replace(details, weight=800)


def test_an_unknown_field_is_refused_as_dataclasses_replace_refuses_it() -> None:
    with pytest.raises(TypeError):
        replaced(_facts(), no_such_field=1)
