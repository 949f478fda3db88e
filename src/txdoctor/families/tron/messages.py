"""Tron's own wording (English source text): energy and bandwidth, solidified blocks,
expiration, activation, TRC-20 tokens.

Numbers quoted (60 s default expiration, 24 h at most, ~19 blocks ≈ 57 s to irreversible,
80 ms contract time limit charging the whole fee limit) are those of
/work/shared/reference/diagnosis-catalogue.md §2.4 and §3.1 with their sources.
"""

from __future__ import annotations

from txdoctor.advise.catalog.common import FAKE_TOKEN_NOTE
from txdoctor.advise.catalog.model import Article, Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

TRON = "tron"

_CHECK_BALANCE = N_(
    "Nothing moved: the tokens or TRX are still in the sending account. Check "
    "its balance in the explorer before trying again."
)

CATALOG = Catalog(
    texts={
        Verdict.FAILED_OUT_OF_ENERGY: VerdictText(
            N_("Failed: out of energy"),
            N_(
                "The transaction ran out of energy on {chain}: it used {energy_used} energy and "
                "was stopped, so nothing was transferred. The {fee} TRX it burned is not "
                "refunded."
            ),
            (
                N_(
                    "At today's energy price ({energy_price} sun per energy) the {energy_used} "
                    "energy it used costs {cost_used_trx} TRX. A call like this needs about "
                    "{suggested_energy} energy; as the price changes, budget up to "
                    "{suggested_fee_trx} TRX for it."
                ),
                N_(
                    "Send it again with a fee limit of at least {suggested_fee_trx} TRX (in the "
                    "wallet's fee or energy settings), and keep that much TRX in the sending "
                    "account: only the TRX for the energy actually used is burned."
                ),
                N_(
                    "Or stake TRX for energy, or rent energy, so the transfer uses that energy "
                    "instead of burning TRX."
                ),
                _CHECK_BALANCE,
            ),
        ),
        # Shared wording of a verdict the token checks of every family give.
        Verdict.FAKE_TOKEN: VerdictText(
            N_("Fake token"),
            N_(
                "The token moved here calls itself {asset} but is not the official "
                "{official_name} contract on {chain}: it is another token ({contract}) with no "
                "value."
            ),
            (
                N_(
                    "Whatever a wallet or website shows, this token cannot be sold or exchanged "
                    "as {official_name}."
                ),
                N_(
                    "If it was a payment to you, ask the payer to pay in the official token; judge "
                    "a token by its contract address, not by its name."
                ),
            ),
            safety=FAKE_TOKEN_NOTE,
        ),
    },
    family_texts={
        (TRON, Verdict.CONFIRMED): VerdictText(
            N_("Confirmed"),
            N_(
                "The transaction succeeded on {chain} and its block is irreversible "
                "(solidified, {confirmations} blocks on top). It is final."
            ),
            (
                N_(
                    "If the recipient has not credited it, send them the transaction hash and the "
                    "network ({chain}) and ask them to check their side."
                ),
                N_(
                    "Make sure the recipient expected it on {chain} (TRC-20), not on another "
                    "network: an exchange credits a deposit only on the network it was made "
                    "for."
                ),
            ),
        ),
        (TRON, Verdict.CONFIRMING): VerdictText(
            N_("Confirming"),
            N_(
                "The transaction succeeded on {chain}; its block becomes irreversible in about "
                "{seconds} s ({remaining} more blocks)."
            ),
            (
                N_(
                    "Wait about a minute; nothing needs to be done. Exchanges credit a Tron "
                    "deposit once its block is irreversible."
                ),
            ),
        ),
        (TRON, Verdict.FAILED_REVERTED): VerdictText(
            N_("Failed"),
            N_(
                "The transaction was included on {chain} but its contract call failed, so "
                "nothing was transferred. The fee of {fee} TRX was still charged."
            ),
            (
                N_(
                    "Do not send it again unchanged: it would fail the same way and burn another "
                    "fee. First deal with the reason given above."
                ),
                _CHECK_BALANCE,
            ),
            note=N_("Tron's result code: {result_code}."),
        ),
        (TRON, Verdict.FAKE_TOKEN): VerdictText(
            N_("Fake token"),
            N_(
                "This transfer moved {amount} {asset} to {recipient}, but the token is not the "
                "official {official_name} of {chain}: it is another contract ({contract}) that "
                "copies the name, and it has no value."
            ),
            (
                N_(
                    "Whatever a wallet or website shows, this token cannot be sold or exchanged "
                    "as {official_name}: the official one is the contract {official_contract}."
                ),
                N_(
                    "Fake tokens are often sent from an address that looks like one you used "
                    "before: never copy an address from your transaction history."
                ),
                N_(
                    "If it was a payment to you, ask the payer to pay in the official token; judge "
                    "a token by its contract address, not by its name."
                ),
            ),
            safety=FAKE_TOKEN_NOTE,
        ),
        (TRON, Verdict.NOT_FOUND): VerdictText(
            N_("Not found"),
            N_("Tron does not know this transaction ({chains})."),
            (
                N_(
                    "A Tron transaction must be included before it expires, by default 60 seconds "
                    "after it was signed (24 hours at most). Once that time has passed it will "
                    "never be included, so it is safe to send the payment again."
                ),
                N_("Check the hash for a typo: copy it again from the wallet or exchange."),
                N_(
                    'If the wallet showed an error about bandwidth, energy or "Account resource '
                    'insufficient", the network refused the transaction before any block: add '
                    "TRX for the fee, then send it again."
                ),
                N_("If it was sent less than a minute ago, check again shortly."),
            ),
        ),
        (TRON, Verdict.UNREACHABLE): VerdictText(
            N_("Could not check"),
            N_(
                "Tron could not be checked just now, so we cannot say yet what happened to this "
                "transfer."
            ),
            (N_("Please check again in a few minutes."),),
            agent_steps=(
                N_(
                    "Set TRON_PRO_API_KEY to a free TronGrid API key (trongrid.io) to avoid "
                    "TronGrid's limit on requests without a key; txdoctor sends it only to "
                    "TronGrid and never shows it."
                ),
                N_("Or use another Tron node with --rpc tron=URL."),
            ),
            note=N_("Every endpoint failed: {reasons}."),
        ),
        (TRON, Verdict.ADDRESS_OK): VerdictText(
            N_("Address in use"),
            N_("This Tron address holds {trx} TRX."),
            (N_("If a transfer to it is missing, paste that transfer's transaction hash."),),
        ),
        (TRON, Verdict.ADDRESS_UNUSED): VerdictText(
            N_("Address never used"),
            N_("This Tron address has no TRX, no tokens and no transfers ({chains})."),
            (
                N_("Check the address for a typo: copy it again from the recipient."),
                N_(
                    "Sending USDT to an address that holds none costs about twice the usual "
                    "energy: about {new_holder_energy} energy, {new_holder_trx} TRX at today's "
                    "price."
                ),
                N_(
                    "The transfer may have gone to another network: ask the sender which one "
                    "they used."
                ),
            ),
        ),
    },
    # Extra sentences chosen by a param's value: variants[param][value].
    variants={
        "tron_transfer": {
            "trx": N_("It sent {amount} TRX to {recipient}."),
            "official": N_(
                "It sent {amount} {asset} (the official {official_name} contract) to {recipient}."
            ),
            "unlisted": N_(
                "It sent {amount} {asset} to {recipient}. The token contract "
                "{contract} is not on the list of known tokens: check that it is "
                "the token you meant."
            ),
        },
        "tron_attempt": {
            "trx": N_("It tried to send {amount} TRX to {recipient}."),
            "official": N_(
                "It tried to send {amount} {asset} (the official {official_name} "
                "contract) to {recipient}."
            ),
            "unlisted": N_(
                "It tried to send {amount} {asset} (token contract {contract}) to {recipient}."
            ),
            "impostor": N_(
                "It tried to send {amount} {asset} of a token that is not the "
                "official {official_name} ({contract}): a fake with no value."
            ),
        },
        "tron_energy_limit": {
            "fee_limit": N_(
                "It stopped at its fee limit of {fee_limit_trx} TRX: the limit was "
                "set too low for this call."
            ),
            "account": N_(
                "It stopped before its fee limit ({fee_limit_trx} TRX): the sender "
                "did not have enough TRX or energy to pay for more."
            ),
        },
        "tron_revert": {
            "token_transfer": N_(
                "A token transfer is usually refused because the sender did "
                "not hold that many tokens at that moment, or because the "
                "token's issuer has frozen (blacklisted) the address."
            ),
        },
        "tron_fault": {
            "out_of_time": N_(
                "The contract ran longer than Tron allows (80 ms) and was "
                "stopped; Tron then charges the whole fee limit "
                "({fee_limit_trx} TRX). Try again later: a lower fee limit caps "
                "what another failure costs."
            ),
            "transfer_failed": N_("A transfer of TRX or tokens made by the contract failed."),
            "vm": N_(
                "The contract hit an internal fault. Contact the app or the contract's "
                "owner: sent again, it will most likely fail the same way."
            ),
        },
        "tron_tokens": {
            "yes": N_("It also holds {tokens}."),
        },
        "tron_account": {
            "not_activated": N_(
                "It is not activated on Tron yet: it has never received TRX. "
                "Sending TRX to it activates it, which costs the sender about "
                "{activation_fee_trx} TRX on top of the amount."
            ),
            "not_activated_holding": N_(
                "It is not activated on Tron yet (it has never "
                "received TRX): it can receive tokens, but it cannot "
                "send anything until it receives some TRX. Activating "
                "it costs the sender of that TRX about "
                "{activation_fee_trx} TRX extra."
            ),
        },
        "tron_fee_budget": {
            "low": N_(
                "Sending a token from it burns about {transfer_fee_trx} TRX in fees "
                "(energy and bandwidth), more than the {trx} TRX it holds: such a "
                "transfer would be refused or fail out of energy. Add TRX, or stake or "
                "rent energy, before sending."
            ),
        },
        "tron_last": {
            "in": N_(
                "Its last token transfer received {last_amount} {last_asset} from "
                "{last_counterparty}."
            ),
            "out": N_(
                "Its last token transfer sent {last_amount} {last_asset} to {last_counterparty}."
            ),
        },
        "tron_last_fake": {
            "yes": N_(
                "That token is not the official {official_name}: it is a fake with no "
                "value, often sent to make you copy the sender's lookalike address."
            ),
        },
    },
    articles={
        Verdict.FAILED_OUT_OF_ENERGY: Article(
            N_("A Tron transaction ran out of energy: nothing moved, the TRX burned is lost."),
            N_(
                "On Tron, a contract call such as a USDT transfer pays for its computation with "
                "energy. Energy comes from staked or rented TRX; what is missing is paid by "
                "burning TRX, up to the transaction's fee limit. When the energy runs out "
                "before the call is done, everything it did is undone and no tokens move, but "
                "the TRX already burned is not returned. The cause is a fee limit set too low, "
                "or too little TRX or energy in the sending account."
            ),
            N_(
                "txdoctor reads the transaction's execution receipt (gettransactioninfobyid): "
                "its result is OUT_OF_ENERGY. It compares the TRX burned for energy with the "
                "fee limit to tell which one ran out, and prices the energy with today's "
                "energy price from the chain parameters (getEnergyFee)."
            ),
            (
                N_("Send it again with a higher fee limit, as txdoctor suggests."),
                N_("Keep enough TRX in the sending account to pay for the energy."),
                N_("Or stake TRX for energy, or rent energy, before sending."),
            ),
            (
                N_("Do not send it again unchanged: it will fail the same way and burn TRX again."),
                N_(
                    "Do not pay anyone who offers to recover the burned TRX: it cannot be "
                    "recovered."
                ),
            ),
        ),
        Verdict.FAKE_TOKEN: Article(
            N_("The token received or sent is a fake that copies an official token's name."),
            N_(
                "Anyone can create a token and call it USDT or Tether USD. Only one contract "
                "on each network is the official token; a copy with the same name has no "
                "value, cannot be sold as the real one, and is a common scam: it shows up in "
                "wallets as a payment, or is sent from an address that looks like one the "
                "victim used before so the victim copies it."
            ),
            N_(
                "txdoctor compares the token contract of each transfer with the official "
                "contracts of the chain's tokens table. A token whose symbol or name matches "
                "an official one (ignoring case, width and lookalike letters) at another "
                "contract address is flagged as fake."
            ),
            (
                N_("Judge a token by its contract address, not by its name."),
                N_("Ask the payer to pay in the official token."),
            ),
            (
                N_('Do not pay any fee to "unlock", "release" or convert fake tokens.'),
                N_(
                    "Do not copy addresses from your transaction history: fake-token senders "
                    "use lookalike addresses."
                ),
            ),
        ),
    },
)
