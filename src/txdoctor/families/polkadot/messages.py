"""Polkadot's own wording of the shared verdicts, and the sentences that explain its
failures (DispatchErrors), its finality, its accounts (the existential deposit) and its
address formats (English source text)."""

from __future__ import annotations

from txdoctor.advise.catalog import address, common
from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Verdict

_SHARED = common.CATALOG.texts
_ADDRESS = address.CATALOG.texts
_FAMILY = Family.POLKADOT
_DO_NOT_REPEAT = N_(
    "Do not send it again unchanged: it would fail the same way and cost another fee. "
    "First deal with the reason given above."
)

CATALOG = Catalog(
    family_texts={
        (_FAMILY, Verdict.CONFIRMED): VerdictText(
            _SHARED[Verdict.CONFIRMED].title,
            N_(
                "The transaction succeeded on {chain} in block {block}, and that block is "
                "finalized: it cannot be rolled back."
            ),
            _SHARED[Verdict.CONFIRMED].steps,
        ),
        (_FAMILY, Verdict.CONFIRMING): VerdictText(
            _SHARED[Verdict.CONFIRMING].title,
            N_(
                "The transaction succeeded on {chain} in block {block}, but that block is not "
                "finalized yet. Polkadot usually finalizes a block within a minute."
            ),
            (
                N_(
                    "Wait a minute and check again; nothing needs to be done. Exchanges credit "
                    "a deposit once its block is finalized."
                ),
            ),
        ),
        (_FAMILY, Verdict.PENDING): VerdictText(
            _SHARED[Verdict.PENDING].title,
            N_(
                "The transaction is waiting to be included in a block on {chain}. Polkadot "
                "usually includes it within a few blocks (one every 6 seconds); one that is "
                "not included before its validity period ends is dropped, and nothing moves."
            ),
            (
                N_("Check again in a minute: by then it is in a block or has expired."),
                _SHARED[Verdict.PENDING].steps[-1],
            ),
        ),
        (_FAMILY, Verdict.FAILED_REVERTED): VerdictText(
            _SHARED[Verdict.FAILED_REVERTED].title,
            N_(
                "The transaction was included on {chain} (block {block}) but failed, so nothing "
                "it tried to do happened: no DOT or other assets moved. The fee of {fee} "
                "{symbol} was still charged."
            ),
            (
                N_(
                    "Do not send it again unchanged: it would fail the same way and cost "
                    "another fee. Ask the wallet or service you used what went wrong first."
                ),
            ),
            when={"dot_cause": (_DO_NOT_REPEAT,)},
        ),
        (_FAMILY, Verdict.NOT_FOUND): VerdictText(
            _SHARED[Verdict.NOT_FOUND].title,
            N_(
                "No checked Polkadot network knows this transaction ({chains}). A Polkadot "
                "transaction that is not included in a block before its validity period ends "
                "(usually a few minutes after signing) is dropped for good: nothing moves and "
                "no fee is charged."
            ),
            (
                N_(
                    "If it was sent less than a minute ago, wait and check again: it may still "
                    "be included. Do not send it again yet."
                ),
                N_("Check the hash for a typo: copy it again from the wallet or the explorer."),
                N_(
                    "It may be on another network (Kusama or a parachain): ask the sender which "
                    "network they used."
                ),
                N_(
                    "Before sending the payment again, check the sender's balance and recent "
                    "transfers in the explorer."
                ),
            ),
            safety=common.SAFETY_NOTE,
            agent_steps=_SHARED[Verdict.NOT_FOUND].agent_steps,
        ),
        (_FAMILY, Verdict.EXPIRED): VerdictText(
            _SHARED[Verdict.EXPIRED].title,
            N_(
                "This transaction was still waiting on {chain} when its validity period ended, "
                "so it can never be included now. Nothing was sent and no fee was charged."
            ),
            _SHARED[Verdict.EXPIRED].steps,
            safety=common.SAFETY_NOTE,
        ),
        (_FAMILY, Verdict.WRONG_NETWORK): VerdictText(
            _SHARED[Verdict.WRONG_NETWORK].title,
            N_(
                "This address is written in another network's format, not Polkadot's. On "
                "Polkadot the same account is written {polkadot_address}."
            ),
            (
                N_(
                    "To receive DOT, give the sender the Polkadot form {polkadot_address}: it "
                    "is the same account."
                ),
                N_(
                    "If this is an exchange's deposit address, check which network the "
                    "exchange expects: a deposit address for another network may not accept "
                    "DOT."
                ),
            ),
            safety=common.SAFETY_NOTE,
        ),
        (_FAMILY, Verdict.ADDRESS_OK): VerdictText(
            _ADDRESS[Verdict.ADDRESS_OK].title,
            N_("This Polkadot account has activity on {chains}."),
            _ADDRESS[Verdict.ADDRESS_OK].steps,
        ),
        (_FAMILY, Verdict.ADDRESS_UNUSED): VerdictText(
            N_("Account not in use"),
            N_("This Polkadot account holds nothing and has sent nothing on {chains}."),
            _ADDRESS[Verdict.ADDRESS_UNUSED].steps,
        ),
    },
    variants={
        "dot_transfer": {
            "yes": N_("It sent {amount} {symbol} to {recipient}."),
        },
        "dot_detail": {
            "named": N_("It failed with the error {dispatch_error}."),
            "unknown": N_("The explorer did not say which error stopped it."),
        },
        "dot_described": {
            "yes": N_("The network describes that error as: {description}"),
        },
        "dot_cause": {
            "balance": N_(
                "The amount plus the fee was more than the sender could spend (locked, "
                "reserved or frozen funds do not count). Send less, or top up first."
            ),
            "below_ed": N_(
                "The recipient's account did not exist yet, and the amount was below the "
                "existential deposit ({existential_deposit} {symbol}): a new account must "
                "receive at least that much in its first transfer. Send at least "
                "{existential_deposit} {symbol}."
            ),
            "keep_alive": N_(
                "The transfer would have left the sender's account below the existential "
                "deposit ({existential_deposit} {symbol}), which a keep-alive transfer refuses. "
                "Leave at least {existential_deposit} {symbol} behind, or use a transfer that "
                "may empty the account (transfer all)."
            ),
            "frozen": N_(
                "Part of the balance is locked or frozen (staking, governance, vesting) and "
                "cannot move until it is released."
            ),
            "asset": N_(
                "The asset is unknown on this network, or the recipient's account for it "
                "cannot be created. Check the asset and the recipient with the wallet or "
                "service you used."
            ),
            "blocked": N_("The asset's issuer has blocked the recipient from receiving it."),
        },
        "dot_network": {
            "kusama": N_("It is a Kusama address (network prefix 2)."),
            "generic": N_(
                "It is in the generic format (network prefix 42) that test networks and "
                "developer tools use."
            ),
            "other": N_("It is in the format of another network (network prefix {network})."),
        },
        "dot_account": {
            "holds": N_("It holds {balance} {symbol} on {chain}."),
            "reaped": N_(
                "It has sent transactions but holds no {symbol} now: an account whose balance "
                "falls below the existential deposit ({existential_deposit} {symbol}) is "
                "removed, and what was left is lost. It comes back with a transfer of at least "
                "{existential_deposit} {symbol}."
            ),
            "new": N_(
                "A new Polkadot account comes into existence with its first transfer of at "
                "least the existential deposit ({existential_deposit} {symbol}); a smaller "
                "first transfer to it fails."
            ),
        },
    },
)
