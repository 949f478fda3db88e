"""Solana's own wording of the shared verdicts, and the sentences that explain its failures
(program, code, cause), its transfers and its addresses (English source text)."""

from __future__ import annotations

from txdoctor.advise.catalog import address, common
from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import Verdict

_SHARED = common.CATALOG.texts
_ADDRESS = address.CATALOG.texts
_FAMILY = Family.SOLANA

CATALOG = Catalog(
    family_texts={
        (_FAMILY, Verdict.CONFIRMED): VerdictText(
            _SHARED[Verdict.CONFIRMED].title,
            N_(
                "The transaction succeeded on {chain} and is finalized (slot {slot}): it can no "
                "longer be rolled back."
            ),
            _SHARED[Verdict.CONFIRMED].steps,
        ),
        (_FAMILY, Verdict.CONFIRMING): VerdictText(
            _SHARED[Verdict.CONFIRMING].title,
            N_(
                "The transaction succeeded on {chain} and a supermajority of validators has "
                "voted for it, but it is not finalized yet: that takes about {seconds} more "
                "seconds."
            ),
            (
                *_SHARED[Verdict.CONFIRMING].steps,
                N_("Do not send it again: it has already gone through."),
            ),
        ),
        (_FAMILY, Verdict.FAILED_REVERTED): VerdictText(
            _SHARED[Verdict.FAILED_REVERTED].title,
            N_(
                "The transaction was included on {chain} but failed, so nothing it tried to do "
                "happened: no SOL or tokens moved. The network fee of {fee} {symbol} was still "
                "charged."
            ),
            (
                *_SHARED[Verdict.FAILED_REVERTED].steps,
                N_(
                    "The explorer shows the same error in the program logs of the failed "
                    "instruction."
                ),
            ),
        ),
        (_FAMILY, Verdict.FAKE_TOKEN): VerdictText(
            N_("Fake token"),
            N_(
                "The transfer on {chain} moved {amount} of a token that calls itself {asset} "
                "({token_name}), but its mint {mint} is not the official {official_name} mint. "
                "It is a different token with no link to {official_name}, and usually "
                "worthless."
            ),
            (
                N_(
                    "If someone paid you with it, you have not been paid: ask for the official "
                    "token and compare its mint address in the explorer."
                ),
                N_(
                    'Do not try to sell, swap or "unlock" it: fake-token scams lure people into '
                    "signing harmful transactions."
                ),
                N_("If it arrived unasked, ignore it."),
            ),
            safety=common.FAKE_TOKEN_NOTE,
        ),
        (_FAMILY, Verdict.NOT_FOUND): VerdictText(
            _SHARED[Verdict.NOT_FOUND].title,
            N_(
                "No checked Solana endpoint knows this signature ({chains}). A Solana "
                "transaction that is not processed within a minute or two of being signed "
                "expires for good: its recent blockhash becomes too old, so it can never be "
                "included, and no fee is charged."
            ),
            (
                N_(
                    "If it was sent less than two minutes ago, wait: it may still land. Check "
                    "again in a minute, and do not send it again yet."
                ),
                N_(
                    "If it was sent longer ago, it expired and nothing happened: no SOL or tokens "
                    "moved and no fee was charged. It is safe to send the payment again (the "
                    "wallet signs it afresh); add a priority fee if the network is busy."
                ),
                N_(
                    "Check the signature for a typo: copy it again from the wallet or the explorer."
                ),
                _SHARED[Verdict.NOT_FOUND].steps[-1],
            ),
            safety=common.SAFETY_NOTE,
            agent_steps=_SHARED[Verdict.NOT_FOUND].agent_steps,
        ),
        (_FAMILY, Verdict.ADDRESS_OK): VerdictText(
            _ADDRESS[Verdict.ADDRESS_OK].title,
            N_("This address holds {sol} SOL and has activity on {chain}."),
            _ADDRESS[Verdict.ADDRESS_OK].steps,
        ),
        (_FAMILY, Verdict.ADDRESS_UNUSED): VerdictText(
            _ADDRESS[Verdict.ADDRESS_UNUSED].title,
            N_("This address has no SOL, no tokens and no transactions on {chain}."),
            _ADDRESS[Verdict.ADDRESS_UNUSED].steps,
        ),
        (_FAMILY, Verdict.ADDRESS_IS_CONTRACT): VerdictText(
            N_("Address is a program or a token mint"),
            N_(
                "This address on {chain} is not a wallet: it is a program or a token's mint "
                "account."
            ),
            (
                N_(
                    "Do not send SOL or tokens to it: they can only move by that program's rules, "
                    "and usually cannot move at all. To pay someone, ask for their wallet "
                    "address."
                ),
            ),
        ),
    },
    variants={
        "sol_commitment": {
            "processed": N_(
                "So far only the node asked has seen it in a block (processed): "
                "the cluster has not confirmed it yet, and until then it can still "
                "be dropped."
            ),
        },
        "sol_transfer": {
            "sol": N_("It sent {amount} SOL to {recipient}."),
            "official": N_(
                "It sent {amount} {asset} ({official_name}, the official mint) to {recipient}."
            ),
            "unlisted": N_(
                "It sent {amount} {asset} (mint {mint}) to {recipient}. That is not "
                "on the list of known tokens: check that it is the token the "
                "recipient expects."
            ),
        },
        "sol_detail": {
            "custom": N_(
                "Instruction #{instruction} failed in {program_label} with error code "
                "{code} ({code_hex}), which could not be decoded for this "
                "program."
            ),
            "custom_named": N_(
                "Instruction #{instruction} failed in {program_label} with error "
                "code {code} ({code_hex}): {error_name}."
            ),
            "instruction": N_("Instruction #{instruction} failed in {program_label}: {ix_error}."),
            "transaction": N_("The transaction as a whole failed with {sol_error}."),
            "unknown": N_("The node did not say why it failed."),
        },
        "sol_cpi": {
            "yes": N_(
                "That program was called from inside {top_label}, the program of "
                "instruction #{instruction}."
            ),
        },
        "sol_cause": {
            "sol_balance": N_(
                "The paying account did not hold enough SOL for this amount plus "
                "fees. Top it up or send less."
            ),
            "fee": N_(
                "The fee payer had no SOL, or too little to pay the network fee. Add SOL "
                "to it first."
            ),
            "rent": N_(
                "It would have left the account {account} holding less SOL than the "
                "rent-exempt minimum of {rent_min} SOL. A new address must receive at "
                "least that much in its first SOL transfer, and an account cannot be "
                "left below it unless it is emptied completely."
            ),
            "rent_unknown": N_(
                "It would have left an account holding less SOL than the "
                "rent-exempt minimum. A new address must receive at least that "
                "much in its first SOL transfer, and an account cannot be left "
                "below it unless it is emptied completely."
            ),
            "token_balance": N_(
                "The sending token account held less of this token than the "
                "amount sent. Check the balance, and that it is the same token "
                "(the same mint)."
            ),
            "wrong_mint": N_(
                "A token account in the transfer belongs to another token (mint) "
                "than the one sent: the wallet or app built the transfer with the "
                "wrong account."
            ),
            "owner_mismatch": N_(
                "The token account does not belong to the wallet that signed, "
                "so that wallet cannot move its tokens."
            ),
            "frozen": N_(
                "The token account is frozen by the token's issuer, so its tokens "
                "cannot move. Only the issuer can unfreeze it."
            ),
            "decimals": N_(
                "The amount was built with the wrong number of decimals for this "
                "token. Let the wallet build the transfer again."
            ),
            "slippage": N_(
                "The price moved more than the slippage you allowed before the swap "
                "ran, so nothing was swapped. Try again, raising the slippage a "
                "little or using dynamic slippage."
            ),
            "swap_funds": N_(
                "There was not enough of the input token, or of SOL for fees and "
                "rent, to make the swap."
            ),
            "token_program": N_(
                "The transfer used the wrong token program for this token "
                "(Token instead of Token-2022, or the other way round). Use a "
                "wallet or app that supports it."
            ),
            "token_account": N_(
                "A token account was missing or not the expected one; often "
                "the recipient has no account for this token yet. The sender's "
                "wallet must create the recipient's associated token account, "
                "which takes a small SOL deposit (rent)."
            ),
            "compute": N_(
                "The transaction ran out of compute units. Send it again with a "
                "higher compute-unit limit; most wallets raise it by themselves."
            ),
            "account_exists": N_("The account it tried to create already exists."),
            "already_processed": N_(
                "This very transaction had already been processed: do not "
                "send it again, check the first one."
            ),
            "blockhash": N_(
                "Its blockhash had expired or was unknown to the network: it must "
                "be signed again with a fresh one."
            ),
            "no_program": N_("It called a program that does not exist or cannot run."),
            "busy": N_(
                "The network was too busy for it at that moment (a block or account "
                "cost limit). Try again."
            ),
            "signature": N_(
                "A required signature was missing: the wallet did not sign for "
                "every account it had to."
            ),
        },
        "sol_logged": {
            "yes": N_("The program's log says: {program_log}"),
        },
        "sol_holds": {
            "yes": N_("Tokens held: {tokens}."),
        },
        "sol_last": {
            "ok": N_("Its latest transaction is {last_signature} (succeeded)."),
            "failed": N_(
                "Its latest transaction, {last_signature}, failed: paste that signature "
                "here to see why."
            ),
        },
        "sol_token_account": {
            "yes": N_(
                "This address is a token account, not a wallet: it holds the token "
                "{mint} for the wallet {wallet}. Send SOL or tokens to the wallet "
                "address instead; wallets find the token account by themselves."
            ),
        },
        "sol_fake_held": {
            "yes": N_(
                "It holds a token that calls itself {asset} but is not the official "
                "{official_name} mint ({mint}): it is worthless, probably sent as bait. "
                "Do not try to sell or swap it."
            ),
        },
        "sol_new_account": {
            "yes": N_(
                "A first SOL transfer to a new address must be at least {rent_min} SOL "
                "(the rent-exempt minimum); a smaller one fails."
            ),
        },
    },
)
