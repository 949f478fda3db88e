"""EOS's own wording of the shared verdicts (English source text): irreversible blocks,
transactions refused when sent, accounts that are names, and exchange memos."""

from __future__ import annotations

from txdoctor.advise.catalog import address, common
from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Verdict

_SHARED = common.CATALOG.texts
_ADDRESS = address.CATALOG.texts
_FAMILY = Family.EOS

MISSING_MEMO_STEPS = (
    N_(
        "The transfer arrived, but without its memo {exchange} cannot tell whose deposit it "
        "is, so it has not been credited to any customer. Contact {exchange}'s support and "
        "give them this transaction id, the amount and the account it came from; they can "
        "credit it by hand, which can take several weeks."
    ),
    N_(
        "Next time, copy both the deposit account and the memo (sometimes called tag) that "
        "the exchange shows: the memo is what tells them the deposit is yours."
    ),
)

RESEND_STEP = N_(
    "Then send the payment again: this attempt moved nothing and cost nothing, so there is "
    "nothing to cancel or recover."
)

REFUSED_STEPS = {
    "eos_cause=cpu": (
        N_(
            "Get more CPU time for the sending account: stake EOS for CPU, rent it with "
            "PowerUp, or use a wallet or resource provider that covers CPU for you."
        ),
        RESEND_STEP,
    ),
    "eos_cause=net": (
        N_(
            "Get more NET bandwidth for the sending account: stake EOS for NET or rent it "
            "with PowerUp."
        ),
        RESEND_STEP,
    ),
    "account": (
        N_(
            "Buy RAM for the account {account}, the one the error names (your wallet's "
            "resources page can do it); it needs at least {ram_needed} bytes."
        ),
        RESEND_STEP,
    ),
    "eos_cause=ram": (
        N_(
            "Buy RAM for the account that ran out (your wallet's resources page can do it): "
            "usually the sending account."
        ),
        RESEND_STEP,
    ),
    "eos_cause=balance": (
        N_(
            "Check your balance of the token you tried to send: the amount was more than "
            "the sending account holds. Send at most what it holds."
        ),
        N_(
            "If the balance looks high enough, check the token and the amount in the wallet "
            "(the right token contract, and its number of decimals)."
        ),
    ),
    "eos_refused=assert_silent": (
        N_(
            "Look for the full error message in the wallet or app (it names the contract's "
            "reason), or ask whoever runs that contract or app why it refused."
        ),
        RESEND_STEP,
    ),
    "eos_cause=assert": (
        N_(
            "The contract's message says why it refused; if it is not clear, ask whoever "
            "runs that contract or app."
        ),
        RESEND_STEP,
    ),
}

CATALOG = Catalog(
    family_texts={
        (_FAMILY, Verdict.CONFIRMED): VerdictText(
            _SHARED[Verdict.CONFIRMED].title,
            N_(
                "The transaction went through on {chain} in block {block}, which is "
                "irreversible: it is final and cannot be undone."
            ),
            _SHARED[Verdict.CONFIRMED].steps,
            when={"exchange": MISSING_MEMO_STEPS},
        ),
        (_FAMILY, Verdict.CONFIRMING): VerdictText(
            _SHARED[Verdict.CONFIRMING].title,
            N_(
                "The transaction went through on {chain} in block {block}, but that block is "
                "not irreversible yet. EOS blocks usually become irreversible within a few "
                "seconds."
            ),
            (
                N_("Check again in a minute: by then it should be final."),
                N_("Do not send it again: it already went through."),
            ),
            when={"exchange": MISSING_MEMO_STEPS},
        ),
        (_FAMILY, Verdict.NOT_FOUND): VerdictText(
            _SHARED[Verdict.NOT_FOUND].title,
            N_(
                "No checked EOS history server knows this transaction ({chains}). EOS refuses "
                "a transaction that would fail at the moment it is sent: it never enters a "
                "block, costs nothing and leaves no trace. A transaction that was not taken "
                "before its expiration time (usually a few minutes after signing, at most an "
                "hour) is dropped for good."
            ),
            (
                N_(
                    "If it was sent in the last minute, check again shortly: the history server "
                    "may not have indexed it yet."
                ),
                N_(
                    "If it was sent longer ago, it never went through and nothing moved. Look "
                    "at the error the wallet showed (for example not enough CPU or RAM, or an "
                    "expired transaction), fix that, then send the payment again."
                ),
                N_("Check the id for a typo: copy it again from the wallet or the explorer."),
                _SHARED[Verdict.NOT_FOUND].steps[-1],
            ),
            safety=common.SAFETY_NOTE,
            agent_steps=(
                *_SHARED[Verdict.NOT_FOUND].agent_steps,
                N_(
                    "If the customer has the wallet's error message, paste it as it is: "
                    "txdoctor reads EOS push errors (CPU, NET, RAM, expired, overdrawn balance)."
                ),
            ),
        ),
        (_FAMILY, Verdict.REJECTED): VerdictText(
            _SHARED[Verdict.REJECTED].title,
            N_(
                "EOS refused this transaction when it was sent, so it never reached a block: "
                "nothing moved and nothing was charged."
            ),
            _SHARED[Verdict.REJECTED].steps,
            safety=common.SAFETY_NOTE,
            when=REFUSED_STEPS,
            note=_SHARED[Verdict.REJECTED].note,
        ),
        (_FAMILY, Verdict.EXPIRED): VerdictText(
            _SHARED[Verdict.EXPIRED].title,
            N_(
                "EOS refused this transaction because its expiration time had passed before "
                "a block producer took it. It never reached a block: nothing moved and "
                "nothing was charged, and it can never go through now."
            ),
            (
                _SHARED[Verdict.EXPIRED].steps[0],
                N_(
                    "Sign the payment again and send it right away: an EOS transaction is "
                    "valid only for a short time after signing (set by the wallet, at most "
                    "an hour). If it expires again, check that the device's clock is right."
                ),
            ),
            safety=common.SAFETY_NOTE,
            note=N_("The node refused it with {error_name} (error {error_code})."),
        ),
        (_FAMILY, Verdict.ADDRESS_OK): VerdictText(
            _ADDRESS[Verdict.ADDRESS_OK].title,
            N_("This account exists on {chain}."),
            _ADDRESS[Verdict.ADDRESS_OK].steps,
        ),
        (_FAMILY, Verdict.ADDRESS_UNUSED): VerdictText(
            N_("No such account"),
            N_(
                "No account has this name on {chain}. EOS sends only to accounts that exist: "
                "a transfer to this name would be refused, and nothing would move. An EOS "
                "account is a name of up to 12 characters (a to z, 1 to 5 and dots), so this "
                "text may simply not be an EOS account."
            ),
            (
                N_("Check the name for a typo: copy it again from the recipient."),
                N_(
                    "If you did not mean an EOS account, paste the transaction hash or the "
                    "address instead."
                ),
            ),
        ),
    },
    variants={
        "eos_transfer": {
            "yes": N_("It sent {amount} {symbol} to {recipient}."),
            "token": N_(
                "It sent {amount} {symbol} to {recipient}: a token of the contract {contract}."
            ),
            "imitation": N_(
                "It sent {amount} {symbol} to {recipient}, but this is not the real EOS: it "
                "comes from the contract {contract}, not eosio.token, and is worth nothing as "
                "EOS. An exchange will not credit it."
            ),
        },
        "eos_memo": {
            "given": N_("Its memo: {memo}"),
            "missing_exchange": N_(
                "It has no memo, but {recipient} is the deposit account of {exchange}, which "
                "needs the memo to know whose deposit it is."
            ),
        },
        "eos_action": {
            "yes": N_("Its action: {action} on {contract}."),
        },
        "eos_refused": {
            "cpu": N_("The sending account did not have enough CPU time for it."),
            "cpu_measured": N_(
                "The sending account did not have enough CPU time for it: it needed "
                "{billed_us} µs and the account could use {limit_us} µs."
            ),
            "net": N_("The sending account did not have enough NET bandwidth for it."),
            "net_measured": N_(
                "The sending account did not have enough NET bandwidth for it: it needed "
                "{net_bytes} bytes and the account could use {net_limit}."
            ),
            "ram": N_("An account did not have enough RAM for it."),
            "ram_measured": N_(
                "An account did not have enough RAM for it: {ram_needed} bytes were needed "
                "and {ram_available} were free."
            ),
            "ram_account": N_(
                "The account {account} did not have enough RAM for it: it needed "
                "{ram_needed} bytes and had {ram_available}."
            ),
            "balance": N_(
                "The token contract refused it because the amount is more than the sending "
                "account's balance of that token (its message: {assert_message})."
            ),
            "assert": N_("A contract refused it with this message: {assert_message}"),
            "assert_silent": N_("A contract refused it; the error does not say why."),
        },
        "eos_expired": {
            "times": N_(
                "It expired at {expiration} (UTC), and the network's time was already {block_time}."
            ),
        },
    },
)
