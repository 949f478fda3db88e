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
            agent_steps=_SHARED[Verdict.NOT_FOUND].agent_steps,
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
    },
)
