"""A hash seen pending before and gone now: replaced (naming the replacement) or dropped."""

from __future__ import annotations

from txdoctor.advise import advise
from txdoctor.diagnose.vanished import diagnose_vanished
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.facts import Amount
from txdoctor.facts.tracking import NonceUse, Replacement, SeenTx

SENDER = "0x" + "aa" * 20
PAYEE = "0x" + "bb" * 20
SEEN = SeenTx(
    chain="ethereum",
    hash="0x" + "01" * 32,
    sender=SENDER,
    nonce=7,
    first_seen=1.0,
    last_seen=2.0,
    block=100,
    recipient=PAYEE,
    value=10**18,
)


def replacement(to: str, value: int) -> Replacement:
    return Replacement(
        hash="0x" + "02" * 32, recipient=to, value=Amount(value, 18, "ETH"), block=105
    )


def test_nonce_still_unused_is_dropped_and_says_to_send_again() -> None:
    finding = diagnose_vanished(SEEN, NonceUse(latest=7, pending=7), PAYEE, 10**18)
    assert finding.code is Verdict.DROPPED
    advice = advise(finding, "en")
    assert "nonce 7 is still unused" in advice.summary
    assert "Send the payment again" in advice.steps[0]


def test_a_same_payment_on_the_nonce_is_a_speed_up() -> None:
    use = NonceUse(latest=8, pending=8, replacement=replacement(PAYEE.upper(), 10**18))
    finding = diagnose_vanished(SEEN, use, PAYEE, 10**18)
    assert finding.code is Verdict.REPLACED
    assert finding.params["replaced_by"] == "0x" + "02" * 32
    assert finding.params["replacement_kind"] == "speed_up"
    assert "a speed-up, so the payment went through there" in advise(finding, "en").summary


def test_nothing_sent_to_oneself_is_a_cancel_and_anything_else_is_named_as_such() -> None:
    cancel = diagnose_vanished(SEEN, NonceUse(8, 8, replacement(SENDER, 0)), PAYEE, 10**18)
    other = diagnose_vanished(SEEN, NonceUse(8, 8, replacement("0x" + "cc" * 20, 5)), PAYEE, 10**18)
    assert cancel.params["replacement_kind"] == "cancel"
    assert other.params["replacement_kind"] == "other"
    assert "make sure the sender made it" in advise(other, "en").summary


def test_a_replacement_still_waiting_is_replaced_too_without_a_hash() -> None:
    finding = diagnose_vanished(SEEN, NonceUse(latest=7, pending=8), PAYEE, 10**18)
    assert finding.code is Verdict.REPLACED
    assert finding.params["replacement_state"] == "pending"
    assert "replaced_by" not in finding.params
    assert "itself still waiting" in advise(finding, "en").summary


def test_the_explanations_exist_in_chinese() -> None:
    dropped = diagnose_vanished(SEEN, NonceUse(7, 7), PAYEE, 10**18)
    assert "已被丢弃" in advise(dropped, "zh-CN").title
    assert "已被丟棄" in advise(dropped, "zh-TW").title


def test_a_pending_transaction_whose_nonce_is_used_names_its_traced_replacement() -> None:
    from txdoctor.diagnose.transaction import diagnose_transaction
    from txdoctor.facts import SenderNonces, TxFacts, TxState

    facts = TxFacts(
        chain="ethereum",
        family="evm",
        hash=SEEN.hash,
        state=TxState.PENDING,
        sender=SENDER,
        recipient=PAYEE,
        value=Amount(10**18, 18, "ETH"),
        nonce=7,
        nonces=SenderNonces(latest=9, pending=9),
        replacement=replacement(SENDER, 0),
    )
    finding = diagnose_transaction(facts)
    assert finding.code is Verdict.REPLACED
    assert finding.params["replaced_by"] == "0x" + "02" * 32
    assert finding.params["replacement_kind"] == "cancel"
    assert "a cancel, so nothing was paid" in advise(finding, "en").summary
