"""Verdicts every family shares (English source text)."""

from __future__ import annotations

from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

SAFETY_NOTE = N_(
    "Genuine support will never ask for your recovery phrase (seed words) or "
    "private key. Anyone who does is trying to steal your funds."
)
FAKE_TOKEN_NOTE = N_(
    "Nobody can unlock, convert or cash out fake tokens. Anyone who offers "
    "to, for a fee, is running a scam."
)

CATALOG = Catalog(
    variants={
        "unreachable_cause": {
            "wrong_chain": N_(
                "Every endpoint that answered is on another network than "
                "configured: fix the chains file or the --rpc URL. Your internet "
                "connection is fine."
            ),
            "network_down": N_(
                "No endpoint could even be reached (names do not resolve or "
                "connections are refused): the network looks down. Check this "
                "computer's internet connection, then try again."
            ),
        },
    },
    texts={
        Verdict.CONFIRMED: VerdictText(
            N_("Confirmed"),
            N_(
                "The transaction succeeded on {chain} and has {confirmations} confirmations "
                "(a careful recipient waits for {required}). It is final."
            ),
            (
                N_(
                    "If the recipient has not credited it, send them the transaction hash and the "
                    "network ({chain}) and ask them to check their side."
                ),
                N_(
                    "Make sure the recipient expected it on {chain}: the same address on another "
                    "network is a different account."
                ),
            ),
        ),
        Verdict.CONFIRMING: VerdictText(
            N_("Confirming"),
            N_(
                "The transaction succeeded on {chain} and has {confirmations} of the "
                "{required} confirmations a careful recipient waits for: about {minutes} min left."
            ),
            (
                N_(
                    "Wait; nothing needs to be done. Exchanges usually credit a deposit once it "
                    "has enough confirmations."
                ),
            ),
        ),
        Verdict.PENDING: VerdictText(
            N_("Pending"),
            N_(
                "The transaction is waiting to be included in a block on {chain}. Its fee is in "
                "line with the market, so it should go through soon."
            ),
            (
                N_("Wait a few minutes and check again."),
                N_("Do not send the same payment again: both could go through."),
            ),
            agent_variants=frozenset({"evm_fees"}),
        ),
        Verdict.FAILED_REVERTED: VerdictText(
            N_("Failed"),
            N_(
                "The transaction was included on {chain} but the contract refused it, so nothing "
                "was transferred. The network fee of {fee} {symbol} was still charged."
            ),
            (
                N_(
                    "Do not send it again unchanged: it would fail the same way and cost another "
                    "fee. Ask the app or service you used what the contract expects first."
                ),
            ),
            when={
                key: (
                    N_(
                        "Do not send it again unchanged: it would fail the same way and "
                        "cost another fee. First deal with the reason given above, or ask "
                        "the service you used what the contract expects."
                    ),
                )
                for key in ("reason", "error_name", "cause")
            },
        ),
        Verdict.FAILED_OUT_OF_GAS: VerdictText(
            N_("Failed: out of gas"),
            N_(
                "The transaction ran out of gas on {chain}: it used up its whole gas limit of "
                "{gas_limit}. Everything it did was undone and nothing was transferred, but the "
                "fee of {fee} {symbol} was charged."
            ),
            (
                N_(
                    "Send it again with a higher gas limit than {gas_limit}: use your wallet's "
                    "estimate for this call, or raise the limit by half and check the estimate "
                    "again."
                ),
            ),
            when={
                "new_gas_limit": (
                    N_(
                        "Send it again with a gas limit of at least {new_gas_limit}: the same call "
                        "needs about {gas_needed} gas, and the extra covers small changes before "
                        "it is mined."
                    ),
                )
            },
        ),
        Verdict.NOT_FOUND: VerdictText(
            N_("Not found"),
            N_("No checked network knows this transaction ({chains})."),
            (
                N_("Check the hash for a typo: copy it again from the wallet or exchange."),
                N_(
                    "If it was just sent, wait a minute and check again: it may not have reached "
                    "these nodes yet."
                ),
                N_(
                    "It may never have been broadcast, or it was dropped or replaced: look at the "
                    "sender's address in the explorer."
                ),
                N_(
                    "It may be on another network: tell us which network the wallet or exchange "
                    "used."
                ),
            ),
            safety=SAFETY_NOTE,
            agent_steps=(
                N_(
                    "It may be on a network that is not configured here: use --chain "
                    "or a chains file."
                ),
            ),
        ),
        Verdict.EXPIRED: VerdictText(
            N_("Expired"),
            N_(
                "This transaction was not included on {chain} before its expiry time, so it "
                "never can be now. Nothing was sent and no fee was charged."
            ),
            (
                N_("Check your balance: the funds never left your account."),
                N_(
                    "If you still want to make the payment, send it again from your wallet as "
                    "a new transaction, and keep the wallet open until it is confirmed."
                ),
            ),
            safety=SAFETY_NOTE,
        ),
        Verdict.REJECTED: VerdictText(
            N_("Refused when sent"),
            N_(
                "The network refused this transaction when it was sent, so it never reached "
                "a block: nothing was sent and no fee was charged."
            ),
            (
                N_("Check your balance: the funds never left your account."),
                N_(
                    "Fix what the wallet's error message names, then send the payment again "
                    "as a new transaction."
                ),
            ),
            safety=SAFETY_NOTE,
            note=N_("The node refused it with {error_name} (error {error_code})."),
        ),
        Verdict.WRONG_NETWORK: VerdictText(
            N_("Wrong network"),
            N_(
                "This transaction is on {found_chain}, not on {expected_chain}. The same address "
                "on another network is a different account: a recipient watching {expected_chain} "
                "will not see it."
            ),
            (
                N_(
                    "Contact the recipient's official support with the transaction hash and the "
                    "network ({found_chain}). Never contact a third party who offers to recover it."
                ),
                N_(
                    "If you control the recipient address yourself, switch your wallet to "
                    "{found_chain} to see the funds."
                ),
            ),
            safety=SAFETY_NOTE,
        ),
        Verdict.INVALID_INPUT: VerdictText(
            N_("Not a valid hash or address"),
            N_("This is not a transaction hash or an address in a format we recognise."),
            (N_("Copy the hash again from your wallet or the explorer, all of it."),),
        ),
        Verdict.SECRET_REFUSED: VerdictText(
            N_("Refused: this looks like a secret"),
            N_(
                "This text looks like a recovery phrase or a private key, so it was not used "
                "and was sent nowhere."
            ),
            (
                N_("Never share it with anyone: whoever has it controls your funds."),
                N_("If you have already shown it to someone, move your funds to a new wallet now."),
            ),
            safety=SAFETY_NOTE,
        ),
        Verdict.UNREACHABLE: VerdictText(
            N_("Could not check"),
            N_(
                "The networks could not be checked just now, so we cannot say yet what happened "
                "to this transfer."
            ),
            (N_("Please check again in a few minutes."),),
            agent_steps=(
                N_("Check your internet connection and try again."),
                N_("Try other endpoints with --rpc NAME=URL or a chains file."),
            ),
            note=N_("Every endpoint failed: {reasons}."),
        ),
        Verdict.ADDRESS_NOT_SUPPORTED: VerdictText(
            N_("Address: not supported yet"),
            N_(
                "This is a valid address, but addresses on this network cannot be checked here yet."
            ),
            (N_("Paste the transaction hash (TxID) of the transfer instead."),),
        ),
        Verdict.FAMILY_NOT_SUPPORTED: VerdictText(
            N_("Network not supported here"),
            N_("This looks like a {families} hash or address, a network we cannot check here."),
            (
                N_(
                    "Please tell us which network and wallet or exchange the transfer was made "
                    "with."
                ),
            ),
            agent_steps=(N_("Add the network to a chains file and pass it with --chains-file."),),
        ),
        Verdict.CHAINS_UNCHECKED: VerdictText(
            N_("Some networks could not be checked"),
            N_("These networks did not answer: {reasons}."),
            agent_steps=(N_("Try again later, or give other endpoints with --rpc NAME=URL."),),
        ),
        Verdict.ENDPOINT_WRONG_CHAIN: VerdictText(
            N_("Endpoint not trusted"),
            N_("An endpoint configured for {chain} {detail}; its answers were ignored."),
            agent_steps=(N_("Fix the chain's rpc list in your chains file."),),
        ),
        Verdict.ALSO_FOUND_ON: VerdictText(
            N_("Also on another network"),
            N_("A transaction with this hash also exists on {chain}."),
        ),
    },
)

# The first sentence after a revert's summary: what the contract said, if anything.
REASON_LINE = N_("The contract's reason: {reason}.")
ERROR_LINE = N_("The contract's error: {error_name}")
SELECTOR_LINE = N_("The contract returned error code {selector}, which could not be decoded.")
NO_REASON_LINE = N_("The contract gave no reason.")

# A step of every stuck-behind-a-nonce advice (a transaction's and an address's).
FILL_GAP = N_(
    "Send a transaction with nonce {blocking_nonce} (for example 0 {symbol} to "
    "yourself) to fill the gap; the ones after it then go through by themselves."
)
