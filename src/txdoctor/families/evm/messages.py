"""EVM verdicts and the sentences that explain fees, nonces and reverts (English)."""

from __future__ import annotations

from txdoctor.advise.catalog.common import FILL_GAP
from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

CATALOG = Catalog(
    texts={
        Verdict.PENDING_LOW_FEE: VerdictText(
            N_("Pending: fee too low"),
            N_("The transaction is waiting on {chain}, but its fee is too low to be included now."),
            (
                N_(
                    "Speed it up in your wallet (same nonce {nonce}): max fee at least "
                    "{new_max_fee_gwei} gwei and priority fee at least {new_tip_gwei} gwei; "
                    "it costs at "
                    "most {new_max_cost} {symbol}."
                ),
                N_(
                    "Or cancel it: send 0 {symbol} to yourself with the same nonce {nonce} and "
                    "those same fees."
                ),
                N_(
                    "Or wait: it goes through by itself if the network's fee drops below what it "
                    "offers, but that may take long."
                ),
            ),
        ),
        Verdict.PENDING_NONCE_GAP: VerdictText(
            N_("Pending: waiting for an earlier transaction"),
            N_(
                "This transaction has nonce {nonce}, but the sender's transaction with nonce "
                "{blocking_nonce} has not been mined yet. Transactions of one account go through "
                "in nonce order, so this one cannot be included before it."
            ),
            (
                N_(
                    "Deal with nonce {blocking_nonce} first: speed it up or cancel it if it is "
                    "pending, or send a transaction with nonce {blocking_nonce} if it is missing."
                ),
                N_(
                    "Once nonce {blocking_nonce} is mined, this transaction can go through by "
                    "itself."
                ),
            ),
            when={
                "blocking_in_pool=yes": (
                    N_(
                        "Speed up or cancel the transaction with nonce {blocking_nonce} first, "
                        "with the fees given above."
                    ),
                    N_(
                        "Once nonce {blocking_nonce} is mined, this transaction can go through "
                        "by itself."
                    ),
                ),
                "blocking_in_pool=no": (
                    FILL_GAP,
                    N_(
                        "Once nonce {blocking_nonce} is mined, this transaction can go through "
                        "by itself."
                    ),
                ),
            },
        ),
        Verdict.REPLACED: VerdictText(
            N_("Replaced"),
            N_(
                "Another transaction of the sender with the same nonce {nonce} has taken this "
                "one's place on {chain}, so this one can never be included."
            ),
            (
                N_(
                    "Check the sender's transaction with nonce {nonce} in the explorer: if it was "
                    "a speed-up, the payment went through there; if it was a cancel, nothing moved."
                ),
            ),
        ),
    },
    # Extra sentences chosen by a param's value: variants[param][value].
    variants={
        "problem": {
            "below_base_fee": N_(
                "Its max fee ({fee_cap_gwei} gwei) is below the network's base "
                "fee ({base_fee_gwei} gwei), which every transaction must pay."
            ),
            "tip_too_low": N_(
                "Its priority fee ({tip_gwei} gwei) is far below what recent blocks "
                "paid ({market_tip_gwei} gwei), so block producers skip it."
            ),
        },
        "cause": {
            "slippage": N_(
                "The price moved more than your slippage tolerance allowed (or the "
                "token takes a fee on transfer). Retry, raising slippage a little."
            ),
            "deadline": N_(
                "It waited too long and passed its deadline. Try again, maybe with a higher fee."
            ),
            "transfer_from_failed": N_(
                "The contract could not take your tokens: approval missing, "
                "balance too low, or the token blocks transfers."
            ),
            "allowance": N_(
                "The contract was not approved to spend that amount of the token. Approve it first."
            ),
            "balance": N_("The balance was not enough for this amount. Top it up or send less."),
            "panic": N_("The contract hit an internal error (a bug or an unexpected input)."),
        },
        "panic_code": {
            "1": N_("Panic 0x01: an assertion failed."),
            "17": N_("Panic 0x11: an arithmetic overflow or underflow."),
            "18": N_("Panic 0x12: a division or modulo by zero."),
            "33": N_("Panic 0x21: a value out of range for an enum."),
            "34": N_("Panic 0x22: a corrupt storage byte array."),
            "49": N_("Panic 0x31: pop on an empty array."),
            "50": N_("Panic 0x32: an array index out of bounds."),
            "65": N_("Panic 0x41: too much memory allocated."),
            "81": N_("Panic 0x51: a call to an uninitialised function."),
        },
        "blocking_in_pool": {
            "yes": N_(
                "Nonce {blocking_nonce} is waiting in the pool too: speed it up or cancel it."
            ),
            "no": N_(
                "No transaction with nonce {blocking_nonce} is known to the network: it is "
                "missing, so send one."
            ),
        },
    },
)
