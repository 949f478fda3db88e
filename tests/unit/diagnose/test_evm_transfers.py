"""Pure rules about what an EVM transaction moved, and their precedence."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from txdoctor.diagnose import Finding, Verdict
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    Amount,
    EvmFees,
    FeeMarket,
    RecentTransfer,
    SenderNonces,
    TokenInfo,
    TokenStatus,
    TokenTransfer,
    TxFacts,
    TxState,
)
from txdoctor.families.evm import fetch_explorer as explorer
from txdoctor.families.evm.facts_context import TransferContext
from txdoctor.families.evm.rules_address import history_findings, stuck_finding
from txdoctor.families.evm.rules_fees import bumped
from txdoctor.families.evm.rules_lookalike import looks_alike
from txdoctor.families.evm.rules_transfers import NO_EXPLORER, arrange, transfer_findings

ME = "0x" + "a1" * 20
FRIEND = "0x1234" + "5" * 32 + "abcd"
LOOKALIKE = "0x1234" + "6" * 32 + "abcd"
TOKEN = "0x" + "70" * 20
FAKE = "0x" + "f0" * 20
USDT = TokenInfo(TOKEN, "USDT", "Tether USD", 6, TokenStatus.OFFICIAL, "Tether USD")
FAKE_USDT = TokenInfo(
    FAKE,
    "USDT",
    "Tether USD",
    6,
    TokenStatus.IMPOSTOR,
    "Tether USD",
    imitates="USDT",
    official_contract=TOKEN,
)


def tx(**changes: object) -> TxFacts:
    base = TxFacts(
        chain="ethereum",
        family="evm",
        hash="0x" + "ee" * 32,
        state=TxState.INCLUDED,
        sender=ME,
        recipient=TOKEN,
        value=Amount(0, 18, "ETH"),
        success=True,
        nonce=3,
        block_number=10,
        latest_block=30,
        has_call_data=True,
        recipient_kind=AccountKind.TOKEN_CONTRACT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def pay(
    token: TokenInfo = USDT,
    to: str = FRIEND,
    kind: AccountKind = AccountKind.ACCOUNT,
    **changes: object,
) -> TokenTransfer:
    return replace(
        TokenTransfer(token, ME, to, 250 * 10**6, recipient_kind=kind, direct=True), **changes
    )  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[str]:
    return [f.code.value for f in findings]


def history(*rows: RecentTransfer, available: bool = True) -> AddressFacts:
    return AddressFacts(
        chain="ethereum", family="evm", address=ME, recent=rows, history_available=available
    )


def row(sender: str, recipient: str, n: int = 1) -> RecentTransfer:
    return RecentTransfer(
        hash="0x" + f"{n:064x}",
        sender=sender,
        recipient=recipient,
        amount=Amount(0, 18, "ETH"),
        timestamp=1_700_000_000 - n,
    )


CHECKED = TransferContext(sender_history=history())


def test_a_plain_official_payment_raises_nothing() -> None:
    assert transfer_findings(tx(transfers=(pay(),)), CHECKED) == []


def test_fake_token_anywhere_in_the_transaction() -> None:
    side = TokenTransfer(FAKE_USDT, "0x" + "33" * 20, ME, 5)  # an "airdrop" of fakes to me
    (found,) = transfer_findings(tx(transfers=(side,)), CHECKED)
    assert found.code is Verdict.FAKE_TOKEN and found.family == "evm"
    assert found.params["official_contract"] == TOKEN and found.params["recipient"] == ME


def test_sent_to_the_token_s_own_contract() -> None:
    found = transfer_findings(
        tx(transfers=(pay(to=TOKEN, kind=AccountKind.TOKEN_CONTRACT),)), CHECKED
    )
    assert codes(found) == ["SENT_TO_TOKEN_CONTRACT"]
    assert found[0].params["same_token"] == "yes" and found[0].params["amount"] == Decimal(250)


def test_native_value_only_counts_without_call_data() -> None:
    vault = tx(
        recipient=FRIEND,
        value=Amount(10**18, 18, "ETH"),
        has_call_data=False,
        recipient_kind=AccountKind.CONTRACT,
    )
    assert codes(transfer_findings(vault, CHECKED)) == ["SENT_TO_CONTRACT"]
    swap = replace(vault, has_call_data=True)  # value sent along with a call: its business
    assert transfer_findings(swap, CHECKED) == []
    wrapper = replace(vault, recipient_kind=AccountKind.TOKEN_CONTRACT)  # e.g. ETH into WETH
    (found,) = transfer_findings(wrapper, CHECKED)
    assert found.code is Verdict.SENT_TO_CONTRACT and found.params["coin_to_token"] == "yes"


def test_failed_transfers_only_warn_about_fakes() -> None:
    attempt = pay(token=FAKE_USDT, to=TOKEN, kind=AccountKind.TOKEN_CONTRACT, attempted=True)
    found = transfer_findings(tx(success=False, transfers=(attempt,)), CHECKED)
    assert codes(found) == ["FAKE_TOKEN"] and found[0].params["fake_attempted"] == "yes"


def test_lookalike_of_an_earlier_counterparty() -> None:
    past = history(row(LOOKALIKE, ME, 1), row(ME, FRIEND, 2))
    found = transfer_findings(
        tx(transfers=(pay(to=LOOKALIKE),)), TransferContext(sender_history=past)
    )
    assert codes(found) == ["ADDRESS_POISONING_SUSPECT"]
    assert found[0].params["lookalike"] == FRIEND
    assert found[0].params["poisoning_planted"] == "yes"


def test_no_history_says_what_was_not_checked() -> None:
    unread = AddressFacts(chain="ethereum", family="evm", address=ME, history_note=NO_EXPLORER)
    (found,) = transfer_findings(tx(transfers=(pay(),)), TransferContext(sender_history=unread))
    assert found.code is Verdict.HISTORY_UNCHECKED
    assert found.params["history_problem"] == "none_configured"
    failed = replace(unread, history_note="Blockscout failed: HTTP 503")
    (found,) = transfer_findings(tx(transfers=(pay(),)), TransferContext(sender_history=failed))
    assert found.params["history_problem"] == "failed"
    assert explorer.NO_EXPLORER == NO_EXPLORER  # fetch and diagnose agree on the code


def test_precedence_of_the_main_verdict() -> None:
    facts = tx(transfers=(pay(token=FAKE_USDT, to=TOKEN, kind=AccountKind.TOKEN_CONTRACT),))
    extra = transfer_findings(facts, CHECKED)
    search = [
        Finding(Verdict.WRONG_NETWORK, {}),
        Finding(Verdict.CONFIRMED, {}, family="evm"),
        Finding(Verdict.CHAINS_UNCHECKED, {}),
    ]
    assert codes(arrange(search, extra, facts, CHECKED)) == [
        "SENT_TO_TOKEN_CONTRACT",
        "FAKE_TOKEN",
        "WRONG_NETWORK",
        "CONFIRMED",
        "CHAINS_UNCHECKED",
    ]
    to_vault = [Finding(Verdict.SENT_TO_CONTRACT, {}, family="evm")]
    assert codes(arrange(search, to_vault, facts, CHECKED)) == [
        "WRONG_NETWORK",
        "SENT_TO_CONTRACT",
        "CONFIRMED",
        "CHAINS_UNCHECKED",
    ]
    failed = replace(facts, success=False)
    assert codes(
        arrange([Finding(Verdict.FAILED_REVERTED, {}, family="evm")], extra, failed, CHECKED)
    ) == ["FAILED_REVERTED", "SENT_TO_TOKEN_CONTRACT", "FAKE_TOKEN"]


def test_wrong_network_learns_about_the_recipient_elsewhere() -> None:
    facts = tx(transfers=(pay(),))
    there = AddressFacts(
        chain="ethereum", family="evm", address=FRIEND, has_activity=True, kind=AccountKind.ACCOUNT
    )
    (wrong,) = arrange(
        [Finding(Verdict.WRONG_NETWORK, {"expected_chain": "ethereum"})],
        [],
        facts,
        TransferContext(recipient_on_expected=there),
    )
    assert wrong.params["evm_recipient_elsewhere"] == "used"
    assert wrong.params["recipient"] == FRIEND


def test_lookalike_needs_both_ends() -> None:
    assert looks_alike(FRIEND, LOOKALIKE)
    assert not looks_alike(FRIEND, FRIEND)
    assert not looks_alike(FRIEND, "0x1234" + "6" * 32 + "abce")
    assert not looks_alike(FRIEND, "0x1334" + "5" * 32 + "abcd")


def test_address_history_poisoning_and_unchecked() -> None:
    paid = history(row(ME, LOOKALIKE, 1), row(LOOKALIKE, ME, 2), row(ME, FRIEND, 3))
    paid = replace(paid, has_activity=True)
    (found,) = history_findings([paid])
    assert found.params["poisoning"] == "sent_to_lookalike"
    assert (found.params["recipient"], found.params["lookalike"]) == (LOOKALIKE, FRIEND)
    targeted = replace(paid, recent=(row(LOOKALIKE, ME, 1), row(ME, FRIEND, 3)))
    assert history_findings([targeted])[0].params["poisoning"] == "targeted"
    unread = AddressFacts(
        chain="bsc", family="evm", address=ME, has_activity=True, history_note=NO_EXPLORER
    )
    assert codes(history_findings([unread])) == ["HISTORY_UNCHECKED"]
    quiet = replace(unread, has_activity=False)
    assert history_findings([quiet]) == []


def test_stuck_address_fees_replace_the_blocking_transaction() -> None:
    fees = EvmFees(gas_limit=21_000, max_fee=2 * 10**9, max_priority_fee=10**9)
    waiting = TxFacts(
        chain="ethereum",
        family="evm",
        hash="0x" + "bb" * 32,
        state=TxState.PENDING,
        sender=ME,
        recipient=FRIEND,
        value=Amount(1, 18, "ETH"),
        nonce=4,
        evm_fees=fees,
    )
    market = FeeMarket(next_base_fee=10**9, tip_low=10**8, tip_median=5 * 10**8)
    facts = AddressFacts(
        chain="ethereum",
        family="evm",
        address=ME,
        balance=Amount(10**18, 18, "ETH"),
        nonces=SenderNonces(4, 6),
        pool=(waiting,),
        pool_visible=True,
        market=market,
    )
    found = stuck_finding(facts)
    params = found.params
    assert params["evm_fees"] == "exact" and params["replace_nonce"] == 4
    assert params["blocking_hash"] == waiting.hash and params["waiting"] == 2
    new_tip = int(Decimal(str(params["new_tip_gwei"])) * 10**9)
    new_cap = int(Decimal(str(params["new_max_fee_gwei"])) * 10**9)
    assert new_tip >= bumped(10**9) and new_cap >= max(bumped(2 * 10**9), 2 * 10**9 + new_tip)
    assert params["new_max_cost"] == Decimal(new_cap * 21_000).scaleb(-18)
    hidden = stuck_finding(replace(facts, pool=(), pool_visible=False))
    assert hidden.params["evm_fees"] == "market" and hidden.params["evm_pool"] == "hidden"
    unknown = stuck_finding(replace(facts, pool=(), pool_visible=False, market=None))
    assert "evm_fees" not in unknown.params
