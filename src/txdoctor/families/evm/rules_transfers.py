"""What an EVM transaction moved and to whom: fake tokens, funds sent to contracts, address
poisoning, token variants. Pure rules; facts in, findings out.

The transaction's *payment* is what its sender meant to send: the token transfer the
transaction itself is (a direct ``transfer``/``transferFrom`` call), or else its native value
when it carries no call data. Value sent along with a contract call (a swap, a deposit) is
the contract's business and is not judged here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.facts import AccountKind, AddressFacts, TokenInfo, TokenStatus, TokenTransfer, TxFacts
from txdoctor.families.evm.facts_context import TransferContext
from txdoctor.families.evm.rules_lookalike import lookalikes

FAMILY = Family.EVM
MAX_SYMBOL = 24  # a token's own symbol is strangers' text: shown this long at most
NO_EXPLORER = "no_explorer"  # AddressFacts.history_note when no explorer API is configured

# Main-verdict precedence for a mined EVM transaction, most urgent first:
#   SENT_TO_TOKEN_CONTRACT > ADDRESS_POISONING_SUSPECT > FAKE_TOKEN   (these lead)
#   > WRONG_NETWORK > SENT_TO_CONTRACT > the status verdict (CONFIRMED, CONFIRMING)
#   > TOKEN_VARIANT, HISTORY_UNCHECKED and the other secondary findings.
# A leading finding displaces the status verdict from the head of the list; the status
# verdict stays, as a secondary finding. For a failed or pending transaction the status
# verdict stays the main one and these follow it.
LEADING = (Verdict.SENT_TO_TOKEN_CONTRACT, Verdict.ADDRESS_POISONING_SUSPECT, Verdict.FAKE_TOKEN)
BEFORE_STATUS = (Verdict.SENT_TO_CONTRACT,)
ORDER = (*LEADING, *BEFORE_STATUS, Verdict.TOKEN_VARIANT, Verdict.HISTORY_UNCHECKED)


@dataclass(frozen=True)
class Payment:
    """What the sender meant to send, and to whom."""

    recipient: str  # lowercase
    kind: AccountKind | None
    amount: Decimal | None
    asset: str
    transfer: TokenTransfer | None  # None for the native coin


def payment(facts: TxFacts) -> Payment | None:
    """The transaction's payment: its own token transfer, or its plain native transfer."""
    direct = [t for t in facts.transfers if t.direct and not t.attempted]
    if direct:
        t = direct[0]
        return Payment(t.recipient.lower(), t.recipient_kind, t.amount, shown_symbol(t.token), t)
    if facts.value.raw > 0 and facts.has_call_data is False and facts.recipient:
        return Payment(
            facts.recipient.lower(),
            facts.recipient_kind,
            facts.value.value,
            facts.value.symbol,
            None,
        )
    return None


def shown_symbol(token: TokenInfo) -> str:
    """The symbol to print: the table's for an official token, else the token's own, cut."""
    symbol = (token.symbol or "?").strip() or "?"
    return symbol if len(symbol) <= MAX_SYMBOL else symbol[: MAX_SYMBOL - 1] + "…"


def transfer_findings(facts: TxFacts, context: TransferContext) -> list[Finding]:
    """Findings about what a mined EVM transaction moved (in ``ORDER``)."""
    if facts.family != FAMILY or facts.block_number is None:
        return []
    pay = payment(facts) if facts.success else None
    found = _fake(facts)
    if pay is not None:
        found += _contract(facts, pay)
        found += _history_poisoning(facts, pay, context.sender_history)
        found += _variant(facts, pay)
        found += _unchecked(facts, context.sender_history)
    if facts.success:
        found += _zero_transfers(facts)
    found = list({f.code: f for f in reversed(found)}.values())  # one finding per code
    return sorted(found, key=lambda f: ORDER.index(f.code))


def arrange(
    findings: Sequence[Finding], extra: Sequence[Finding], facts: TxFacts, context: TransferContext
) -> list[Finding]:
    """``findings`` of the transaction search with ``extra`` placed by precedence, and the
    recipient as the expected chain knows it added to WRONG_NETWORK."""
    out = [_with_recipient(f, facts, context) for f in findings]
    status = next((i for i, f in enumerate(out) if f.family == facts.family), 0)
    if not facts.success:
        return [*out[: status + 1], *extra, *out[status + 1 :]]
    leading = [f for f in extra if f.code in LEADING]
    before = [f for f in extra if f.code in BEFORE_STATUS]
    after = [f for f in extra if f.code not in LEADING + BEFORE_STATUS]
    return [*leading, *out[:status], *before, out[status], *after, *out[status + 1 :]]


def _base(facts: TxFacts) -> dict[str, Param]:
    return {"chain": facts.chain, "symbol": facts.value.symbol}


def _fake(facts: TxFacts) -> list[Finding]:
    fakes = [t for t in facts.transfers if t.token.status is TokenStatus.IMPOSTOR]
    if not fakes:
        return []
    own = [t for t in fakes if t.direct] or fakes
    t = own[0]
    return [
        Finding(
            Verdict.FAKE_TOKEN,
            _base(facts)
            | {
                "amount": t.amount,
                "raw_amount": str(t.raw_amount),
                "asset": shown_symbol(t.token),
                "token_name": t.token.name,
                "contract": t.token.contract,
                "sender": t.sender,
                "recipient": t.recipient,
                "official_name": t.token.official_name,
                "official_symbol": t.token.imitates,
                "official_contract": t.token.official_contract,
                "fake_attempted": "yes" if t.attempted else None,
                "count": len(fakes),
            },
            family=FAMILY,
        )
    ]


def _contract(facts: TxFacts, pay: Payment) -> list[Finding]:
    params = _base(facts) | {"amount": pay.amount, "asset": pay.asset, "recipient": pay.recipient}
    if pay.kind is AccountKind.TOKEN_CONTRACT and pay.transfer is None:
        # Coins a token contract accepted (a plain transfer that succeeded): most token
        # contracts refuse coins; one that takes them is usually a wrapper (WETH, WBNB) that
        # credits the sender with tokens. That depends on the contract: SENT_TO_CONTRACT.
        return [Finding(Verdict.SENT_TO_CONTRACT, params | {"coin_to_token": "yes"}, family=FAMILY)]
    if pay.kind is AccountKind.TOKEN_CONTRACT and pay.transfer is not None:
        same = pay.recipient == pay.transfer.token.contract
        return [
            Finding(
                Verdict.SENT_TO_TOKEN_CONTRACT,
                params
                | {"same_token": "yes" if same else None, "contract": pay.transfer.token.contract},
                family=FAMILY,
            )
        ]
    if pay.kind is AccountKind.CONTRACT:
        return [Finding(Verdict.SENT_TO_CONTRACT, params, family=FAMILY)]
    return []


def _counterparties(history: AddressFacts, skip_hash: str) -> list[str | None]:
    """Everyone the address sent to or received from, in its recent history."""
    me = history.address.lower()
    rows = [r for r in history.recent if r.hash != skip_hash]
    return [r.recipient if (r.sender or "").lower() == me else r.sender for r in rows]


def _history_poisoning(facts: TxFacts, pay: Payment, history: AddressFacts | None) -> list[Finding]:
    if history is None or not history.history_available:
        return []
    known = _counterparties(history, facts.hash)
    similar = lookalikes(pay.recipient, [k for k in known if (k or "").lower() != pay.recipient])
    if not similar:
        return []
    me = history.address.lower()
    planted = any(
        (r.sender or "").lower() == pay.recipient and (r.recipient or "").lower() == me
        for r in history.recent
        if r.hash != facts.hash
    )
    return [
        Finding(
            Verdict.ADDRESS_POISONING_SUSPECT,
            _base(facts)
            | {
                "recipient": pay.recipient,
                "lookalike": similar[0],
                "sender": me,
                "poisoning": "sent_to_lookalike",
                "poisoning_planted": "yes" if planted else None,
            },
            family=FAMILY,
        )
    ]


def _zero_transfers(facts: TxFacts) -> list[Finding]:
    """Tokens "moved" by 0 from someone who did not send the transaction: poisoners call
    ``transferFrom(victim, lookalike, 0)`` so that the look-alike lands in the victim's
    history as if the victim had paid it."""
    sender = (facts.sender or "").lower()
    planted = [
        t
        for t in facts.transfers
        if t.raw_amount == 0 and t.sender.lower() != sender and not t.attempted
    ]
    if not planted:
        return []
    t = planted[0]
    return [
        Finding(
            Verdict.ADDRESS_POISONING_SUSPECT,
            _base(facts)
            | {
                "recipient": t.recipient,
                "lookalike": t.recipient,
                "sender": t.sender,
                "asset": shown_symbol(t.token),
                "poisoning": "zero_transfer",
            },
            family=FAMILY,
        )
    ]


def _variant(facts: TxFacts, pay: Payment) -> list[Finding]:
    token = pay.transfer.token if pay.transfer is not None else None
    if token is None or token.variant is None:
        return []
    return [
        Finding(
            Verdict.TOKEN_VARIANT,
            _base(facts)
            | {
                "asset": token.symbol,
                "official_name": token.official_name,
                "contract": token.contract,
                "token_variant": token.variant,
                "decimals": token.decimals,
            },
            family=FAMILY,
        )
    ]


def _unchecked(facts: TxFacts, history: AddressFacts | None) -> list[Finding]:
    if history is not None and history.history_available:
        return []
    note = history.history_note if history is not None else None
    return [
        Finding(
            Verdict.HISTORY_UNCHECKED,
            _base(facts)
            | {
                "history_subject": "transfer",
                "history_problem": "none_configured" if note in (None, NO_EXPLORER) else "failed",
                "reason": None if note in (None, NO_EXPLORER) else note,
            },
            family=FAMILY,
        )
    ]


def _with_recipient(finding: Finding, facts: TxFacts, context: TransferContext) -> Finding:
    """WRONG_NETWORK with whether the same recipient address is in use on the expected
    chain (the same 0x address exists on every EVM chain, but only its owner's keys or the
    exchange's own process can reach funds sent to it on another one)."""
    there = context.recipient_on_expected
    if finding.code is not Verdict.WRONG_NETWORK or there is None:
        return finding
    if there.kind in (AccountKind.CONTRACT, AccountKind.TOKEN_CONTRACT):
        state = "contract"
    else:
        state = "used" if there.has_activity else "unused"
    pay = payment(facts)
    recipient = pay.recipient if pay is not None else (facts.recipient or "").lower()
    return replace(
        finding, params={**finding.params, "recipient": recipient, "evm_recipient_elsewhere": state}
    )
