"""Aptos's own wording of the shared verdicts, and the sentences that explain its failures
(Move aborts, VM statuses), its transfers and its accounts (English source text)."""

from __future__ import annotations

from txdoctor.advise.catalog import address, common
from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Verdict

_SHARED = common.CATALOG.texts
_ADDRESS = address.CATALOG.texts
_FAMILY = Family.APTOS

CATALOG = Catalog(
    family_texts={
        (_FAMILY, Verdict.CONFIRMED): VerdictText(
            _SHARED[Verdict.CONFIRMED].title,
            N_(
                "The transaction succeeded on {chain} (version {version}). An Aptos "
                "transaction is final as soon as it is committed: it cannot be rolled back."
            ),
            _SHARED[Verdict.CONFIRMED].steps,
        ),
        (_FAMILY, Verdict.PENDING): VerdictText(
            _SHARED[Verdict.PENDING].title,
            N_(
                "The transaction is waiting in the node's mempool on {chain} and is not "
                "committed yet. Aptos usually commits a transaction within a few seconds; one "
                "that is not committed before its expiration time is dropped, and nothing "
                "moves."
            ),
            (
                N_("Check again in a minute: by then it is committed or has expired."),
                _SHARED[Verdict.PENDING].steps[-1],
            ),
        ),
        (_FAMILY, Verdict.FAILED_REVERTED): VerdictText(
            _SHARED[Verdict.FAILED_REVERTED].title,
            N_(
                "The transaction was committed on {chain} (version {version}) but failed, so "
                "nothing it tried to do happened: no APT or tokens moved. The gas fee of {fee} "
                "{symbol} was still charged."
            ),
            _SHARED[Verdict.FAILED_REVERTED].steps,
            when={
                "apt_cause": (
                    N_(
                        "Do not send it again unchanged: it would fail the same way "
                        "and cost another fee. First deal with the reason given "
                        "above."
                    ),
                )
            },
        ),
        (_FAMILY, Verdict.NOT_FOUND): VerdictText(
            _SHARED[Verdict.NOT_FOUND].title,
            N_(
                "No checked Aptos node knows this transaction ({chains}). An Aptos transaction "
                "that is not committed before its expiration time (wallets usually set it "
                "less than a minute after signing) is dropped for good: nothing moves and no "
                "fee is charged."
            ),
            (
                N_(
                    "If it was sent less than a minute ago, wait and check again: it may still be "
                    "committed. Do not send it again yet."
                ),
                N_(
                    "If it was sent longer ago, it expired and nothing happened: no APT or tokens "
                    "moved and no fee was charged. It is safe to send the payment again."
                ),
                N_("Check the hash for a typo: copy it again from the wallet or the explorer."),
                _SHARED[Verdict.NOT_FOUND].steps[-1],
            ),
            safety=common.SAFETY_NOTE,
            agent_steps=_SHARED[Verdict.NOT_FOUND].agent_steps,
        ),
        (_FAMILY, Verdict.ADDRESS_OK): VerdictText(
            _ADDRESS[Verdict.ADDRESS_OK].title,
            N_("This account exists on {chain} and has sent transactions."),
            _ADDRESS[Verdict.ADDRESS_OK].steps,
        ),
        (_FAMILY, Verdict.ADDRESS_UNUSED): VerdictText(
            N_("No transactions sent"),
            N_("This account has never sent a transaction on {chain}."),
            _ADDRESS[Verdict.ADDRESS_UNUSED].steps,
        ),
    },
    variants={
        "apt_transfer": {
            "yes": N_("It sent {amount} {symbol} to {recipient}."),
        },
        "apt_detail": {
            "abort_named": N_("It stopped in {module} with the error {abort_name} ({code_hex})."),
            "abort_code": N_("It stopped in {module} with the error code {code_hex}."),
            "vm": N_("The Aptos VM stopped it with {vm_error}."),
            "unknown": N_("The node reported: {vm_status}"),
        },
        "apt_described": {
            "yes": N_("The module describes that error as: {description}"),
        },
        "apt_cause": {
            "balance": N_(
                "The amount was more than the sending account held. Send less, "
                "or top up the account first."
            ),
            "not_registered": N_(
                "The recipient's account cannot hold this coin yet (it has "
                "not registered it). Send it again with a transfer that "
                "registers the coin for the recipient (such as "
                "0x1::aptos_account::transfer_coins, which most wallets use), "
                "or ask the recipient to add the token first."
            ),
            "no_account": N_("The account it needed does not exist on Aptos."),
            "reserved": N_(
                "The recipient is a reserved system address that cannot hold an "
                "account: check the address."
            ),
            "frozen": N_(
                "The coin store or token account involved is frozen by the token's "
                "issuer, so it cannot move. Only the issuer can unfreeze it."
            ),
            "gas_fee": N_(
                "The sending account did not hold enough APT to pay the most this "
                "transaction could cost in gas (max gas × gas price). Top up APT "
                "or lower the max gas, then send it again."
            ),
            "out_of_gas": N_(
                "It ran out of gas. Send it again with a higher max gas amount; "
                "most wallets raise it by themselves."
            ),
            "expired": N_(
                "It expired before it could run: nothing moved. Sign a fresh transaction."
            ),
            "sequence": N_(
                "Its sequence number had already been used: an earlier transaction "
                "from this account already took it. Check that one first."
            ),
        },
        "apt_account": {
            "missing": N_(
                "The account does not exist on {chain}: it has never been created. "
                "A plain APT transfer (0x1::aptos_account::transfer) creates it; "
                "other tokens may not arrive until it exists."
            ),
            "holds": N_("The account exists and can receive APT: it holds {balance} {symbol}."),
            "unknown": N_(
                "The node does not say whether it has received anything: check its "
                "balance in the explorer."
            ),
        },
    },
)
