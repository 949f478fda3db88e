"""What was sent, to whom, on which network (English source text): fake tokens, funds sent
to contracts, address poisoning, token variants, ENS names, and the replacement fees of a
waiting EVM transaction.

Untrusted chain text (a token's own symbol or name) is quoted, so a symbol cannot pass for
part of the sentence; the human view escapes it.
"""

from __future__ import annotations

from txdoctor.advise.catalog.common import FAKE_TOKEN_NOTE, SAFETY_NOTE
from txdoctor.advise.catalog.model import Article, Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.core.family import Family
from txdoctor.diagnose.verdicts import ADDRESS_WORDING, Verdict

_NO_RECOVERY = N_(
    "Do not believe anyone who offers to recover the funds for a fee: nobody "
    "outside the contract's own team can move funds out of a contract."
)
_COPY_FROM_RECIPIENT = N_(
    "Copy a recipient's address only from the recipient (their deposit "
    "page or a message from them), never from your transaction history."
)

CATALOG = Catalog(
    texts={
        Verdict.SENT_TO_TOKEN_CONTRACT: VerdictText(
            N_("Sent to a token contract"),
            N_(
                "{amount} {asset} went to {recipient} on {chain}, which is a token contract, not "
                "a wallet. A token contract has no owner who can simply send funds back: they "
                "are almost always lost for good."
            ),
            (
                N_(
                    "Contact the support of the project behind that token, with the transaction "
                    "hash and the network ({chain}): only its developers might help, and only if "
                    "their contract allows it."
                ),
                _NO_RECOVERY,
                N_(
                    "Next time copy the recipient's address from the recipient, not from a token "
                    "page or an explorer."
                ),
            ),
            safety=SAFETY_NOTE,
        ),
        Verdict.SENT_TO_CONTRACT: VerdictText(
            N_("Sent to a contract"),
            N_(
                "{amount} {asset} went to {recipient} on {chain}, which is a smart contract, not "
                "a personal wallet. Whether the funds can come back depends entirely on that "
                "contract's own rules."
            ),
            (
                N_(
                    "If you meant to use this contract (a deposit, a bridge, a payment service), "
                    "check on its own website or app that it credited you."
                ),
                N_(
                    "If you did not mean to, contact the team behind the contract with the "
                    "transaction hash and the network ({chain})."
                ),
                _NO_RECOVERY,
            ),
            safety=SAFETY_NOTE,
        ),
        Verdict.ADDRESS_POISONING_SUSPECT: VerdictText(
            N_("Look-alike address: address poisoning?"),
            N_(
                "This looks like address poisoning on {chain}: a scam that plants an address "
                "resembling a known one (same first and last characters) in a transaction "
                "history, so that it gets copied for the next payment."
            ),
            (
                N_(
                    "Compare the whole address, character by character, with the one the recipient "
                    "gave you, not with the history."
                ),
                N_(
                    "If a payment went to the look-alike, it cannot be reversed: report the "
                    "address with the transaction hash to the exchange or wallet involved and to "
                    "the police."
                ),
                _COPY_FROM_RECIPIENT,
            ),
            safety=SAFETY_NOTE,
        ),
        Verdict.TOKEN_VARIANT: VerdictText(
            N_("Token variant"),
            N_(
                "The token moved is the official {official_name} contract ({asset}) on {chain}, "
                "but a variant that is easy to confuse with the usual one."
            ),
            (
                N_(
                    "If the recipient has not credited it, ask them whether they accept this "
                    "contract ({contract}) on {chain}."
                ),
                N_(
                    "If they do not, ask them how to return it, or swap it for the variant they "
                    "accept; do not send more of it."
                ),
            ),
        ),
        Verdict.HISTORY_UNCHECKED: VerdictText(
            N_("History not checked"),
            N_("txdoctor could not read the recent transfers on {chain}."),
            (
                N_(
                    "To enable this check, give the chain an explorer_api: (a keyless Blockscout "
                    "instance) in a chains file, or set ETHERSCAN_API_KEY to use Etherscan."
                ),
                N_(
                    "Meanwhile, compare the recipient address character by character with the one "
                    "you were given."
                ),
            ),
        ),
        Verdict.ENS_RESOLVED: VerdictText(
            N_("ENS name"),
            N_("{ens_name} points to {address} (read from the ENS registry on {chain})."),
        ),
        Verdict.ENS_NOT_RESOLVED: VerdictText(
            N_("ENS name not found"),
            N_("The ENS name {ens_name} does not point to any address."),
            (
                N_("Check the spelling of the name with its owner."),
                N_(
                    "Ask the recipient for their 0x address instead, and compare it character by "
                    "character."
                ),
            ),
        ),
    },
    family_texts={
        (Family.EVM, Verdict.FAKE_TOKEN): VerdictText(
            N_("Fake token"),
            N_(
                'The token moved here calls itself "{asset}" but is not the official '
                "{official_name} of {chain}: it is another contract ({contract}), and its tokens "
                "have no value. This transfer moved {amount} of them to {recipient}."
            ),
            (
                N_(
                    "The official {official_symbol} contract on {chain} is {official_contract}: "
                    "judge a token by its contract address, never by its name or symbol."
                ),
                N_(
                    "These tokens cannot be sold or exchanged as {official_name}, and nobody can "
                    '"release" or "unlock" them.'
                ),
                N_(
                    "If it was a payment to you, you have not been paid: ask the payer to pay in "
                    "the official token."
                ),
                N_(
                    "Fake tokens are often sent from an address that looks like one you used "
                    "before: never copy an address from your transaction history."
                ),
            ),
            safety=FAKE_TOKEN_NOTE,
        ),
        (ADDRESS_WORDING, Verdict.WRONG_NETWORK): VerdictText(
            N_("Wrong network"),
            N_(
                "This address has activity on {chains} but none on {expected_chain}. The same "
                "address on another network is a different account."
            ),
            (
                N_(
                    "If you were told to send to this address on {expected_chain}, ask the "
                    "recipient which network they really use before sending anything."
                ),
                N_(
                    "If funds were already sent on {found_chain}, contact the recipient's official "
                    "support with the transaction hash and that network. Never contact a third "
                    "party who offers to recover them."
                ),
            ),
            safety=SAFETY_NOTE,
        ),
    },
    variants={
        "evm_fees": {
            "exact": N_(
                "Fees that nodes accept to replace nonce {replace_nonce}: max fee at "
                "least {new_max_fee_gwei} gwei and priority fee at least {new_tip_gwei} "
                "gwei, at most {new_max_cost} {symbol} in fees. Use them to speed it "
                "up, or to cancel it by sending 0 {symbol} to yourself with that nonce."
            ),
            "exact_legacy": N_(
                "Fees that nodes accept to replace nonce {replace_nonce}: a gas "
                "price of at least {new_max_fee_gwei} gwei, at most "
                "{new_max_cost} {symbol} in fees. Use it to speed it up, or to "
                "cancel it by sending 0 {symbol} to yourself with that nonce."
            ),
            "market": N_(
                "A transaction with nonce {replace_nonce} gets mined now with a max "
                "fee of at least {new_max_fee_gwei} gwei and a priority fee of at least "
                "{new_tip_gwei} gwei; with {replace_gas_limit} gas it costs at most "
                "{new_max_cost} {symbol}. To replace a transaction that is already "
                "waiting, also offer at least {bump_percent} % more than it does on "
                "both fees."
            ),
        },
        "evm_pool": {
            "hidden": N_(
                "The node does not show its waiting transactions (txpool), so their "
                "fees are unknown."
            ),
        },
        "evm_recipient_elsewhere": {
            "used": N_(
                "The recipient address {recipient} is also in use on {expected_chain}. "
                "If it belongs to an exchange or a service that watches only "
                "{expected_chain}, it will not credit this transfer by itself."
            ),
            "unused": N_(
                "The recipient address {recipient} has no activity at all on "
                "{expected_chain}: ask the recipient which network their address is "
                "for."
            ),
            "contract": N_(
                "On {expected_chain} the recipient address {recipient} is a "
                "contract; on {found_chain} the same address may belong to nobody "
                "who can use it."
            ),
        },
        "coin_to_token": {
            "yes": N_(
                "It is a token contract that accepted the coins: a wrapper such as WETH "
                "credits them to the sender as tokens, so check the sender's token "
                "balance."
            ),
        },
        "same_token": {
            "yes": N_(
                "It is the contract of the very token that was sent: the token's address "
                "was used instead of the recipient's."
            ),
        },
        "fake_attempted": {
            "yes": N_("The transfer failed, so not even these tokens moved."),
        },
        "poisoning": {
            "sent_to_lookalike": N_(
                "A payment went to {recipient}, which looks like "
                "{lookalike}, an address this sender dealt with before, but "
                "is a different address."
            ),
            "targeted": N_(
                "{recipient} sent a transfer to this address; it looks like "
                "{lookalike}, an address it dealt with before, but is a different "
                "address. Someone is trying to get it copied."
            ),
            "zero_transfer": N_(
                "This transaction moved 0 {asset} from {sender} to "
                "{recipient}. Anyone can create such a transfer without the "
                "owner's key, only to make {recipient} appear in the owner's "
                "history."
            ),
        },
        "poisoning_planted": {
            "yes": N_(
                "The look-alike had sent a transfer to this address before, which is how "
                "it got into the history."
            ),
        },
        "token_variant": {
            "bridged": N_(
                "It is a bridged version, not the one the issuer mints natively on "
                "this network: a recipient that accepts only the native token may not "
                "credit it."
            ),
            "binance_peg": N_(
                "It is a Binance-Peg token, issued by Binance on BNB Smart Chain "
                "with {decimals} decimals where the token has 6 on other "
                "networks. Check that the recipient accepts this BEP-20 "
                "contract."
            ),
        },
        "history_problem": {
            "none_configured": N_("No explorer API is configured for this network."),
            "failed": N_("The explorer API did not answer ({reason})."),
        },
        "history_subject": {
            "transfer": N_(
                "So txdoctor could not check whether the recipient imitates an "
                "address the sender used before (address poisoning)."
            ),
            "address": N_(
                "So txdoctor cannot show this address's last transfers or check them "
                "for look-alike addresses (address poisoning)."
            ),
        },
        "contract_token": {
            "official": N_("It is the official {asset} token contract ({official_name})."),
            "impostor": N_(
                'It is a token calling itself "{asset}", but not the official '
                "{official_name} contract ({official_contract})."
            ),
            "unlisted": N_('It is the contract of a token calling itself "{asset}".'),
        },
        "ens_problem": {
            "no_resolver": N_(
                "It has no resolver in the ENS registry on {chain}: it may not be "
                "registered, or it is misspelt."
            ),
            "no_address": N_("Its resolver gives no Ethereum address for it."),
            "no_ethereum": N_(
                "ENS names are read on Ethereum, and no chain named ethereum is configured."
            ),
        },
    },
    articles={
        Verdict.SENT_TO_TOKEN_CONTRACT: Article(
            N_("Funds were sent to a token contract's address: they are almost always lost."),
            N_(
                "A token contract keeps the balances of its token; it is not a wallet and has "
                "no owner who can simply send back what arrives at its own address. Tokens "
                "sent to a token contract, often to the address of the very token being sent "
                "after a copy-paste mistake, stay there unless the contract has a rescue "
                "function its developers choose to use."
            ),
            N_(
                "txdoctor decodes the token transfer of the transaction (or its plain coin "
                "transfer) and asks the network for the recipient's code. A recipient with "
                "code that answers decimals() or symbol() like a token, or that is the "
                "token's own contract, is a token contract."
            ),
            (
                N_("Contact the project behind the token with the transaction hash and network."),
                N_("Copy addresses from the recipient, not from token pages or explorers."),
            ),
            (
                N_("Do not pay anyone who promises to recover the funds."),
                N_("Do not send more funds to test it."),
            ),
        ),
        Verdict.SENT_TO_CONTRACT: Article(
            N_("Funds were sent to a smart contract, not a personal wallet."),
            N_(
                "A smart contract only does what its code allows. If it was meant to receive "
                "the funds (a deposit, a bridge, a payment service), it credits them by its own "
                "rules; if not, only a function of that contract, used by its team, can move "
                "them out."
            ),
            N_(
                "txdoctor asks the network for the code at the recipient address of a plain "
                "transfer or a direct token transfer. Code that does not behave like a token "
                "makes it a contract."
            ),
            (
                N_("Check on the contract's own website or app that it credited you."),
                N_("Otherwise contact the team behind the contract with the transaction hash."),
            ),
            (N_("Do not pay a third party who offers to recover the funds."),),
        ),
        Verdict.ADDRESS_POISONING_SUSPECT: Article(
            N_("An address resembles one used before: the pattern of address poisoning."),
            N_(
                "Wallets shorten addresses to their first and last characters. Poisoners create "
                "addresses that share them with one their victim uses, then put them in the "
                "victim's history with a zero-value or tiny transfer, or a fake token. A victim "
                "who copies the next recipient from the history pays the scammer."
            ),
            N_(
                "txdoctor compares the recipient with the addresses in the recent history an "
                "explorer API gives (Blockscout, or Etherscan with a key): a different address "
                "with the same first three and last four hex digits is suspect. A transfer of "
                "0 tokens that its owner did not send is flagged too."
            ),
            (
                N_("Compare whole addresses character by character with the recipient's own."),
                N_("Keep an address book and copy addresses only from it or from the recipient."),
            ),
            (
                N_("Do not copy addresses from the transaction history."),
                N_("Do not interact with look-alike addresses or the tokens they send."),
            ),
        ),
        Verdict.TOKEN_VARIANT: Article(
            N_("The token is official, but a bridged or Binance-Peg variant."),
            N_(
                "Some tokens exist in several official forms on one network: a bridged version "
                "(such as USDC.e) beside the one the issuer mints natively, or Binance-Peg "
                "tokens on BNB Smart Chain with 18 decimals. They are not fakes, but a "
                "recipient may accept only one of them."
            ),
            N_(
                "txdoctor finds the token contract in the chain's tokens table, where such "
                "contracts are marked as bridged or Binance-Peg."
            ),
            (
                N_("Check which contract the recipient accepts before sending."),
                N_("Swap or bridge to the accepted variant where needed."),
            ),
            (N_("Do not assume two tokens with the same symbol are interchangeable."),),
        ),
        Verdict.HISTORY_UNCHECKED: Article(
            N_("The address's recent transfers could not be read, so some checks were skipped."),
            N_(
                "The recent transfers of an address come from an explorer API, not from the "
                "network's nodes. Without one txdoctor cannot list them, nor check them for "
                "look-alike addresses (address poisoning)."
            ),
            N_(
                "txdoctor asks the chain's configured Blockscout instance (explorer_api) or, "
                "when ETHERSCAN_API_KEY is set, Etherscan; this finding says neither was "
                "configured or neither answered."
            ),
            (N_("Configure explorer_api for the chain, or set ETHERSCAN_API_KEY."),),
            (N_("Do not take a missing check as a clean result."),),
        ),
        Verdict.ENS_RESOLVED: Article(
            N_("The ENS name given points to this address."),
            N_(
                "An ENS name such as vitalik.eth is a readable alias of an Ethereum address, "
                "kept in the ENS registry on Ethereum. txdoctor diagnoses the address it points "
                "to now; the owner can change it at any time."
            ),
            N_(
                "txdoctor computes the name's namehash, asks the ENS registry on Ethereum for "
                "the name's resolver, and asks that resolver for the address."
            ),
            (N_("Check that the address shown is the one the recipient expects."),),
            (N_("Do not assume a name points to the same address on other networks."),),
        ),
        Verdict.ENS_NOT_RESOLVED: Article(
            N_("The ENS name given does not point to any address."),
            N_(
                "The name is not registered, has no resolver, or its resolver has no address "
                "for it. A payment to such a name cannot be sent, and a misspelt name may "
                "belong to someone else."
            ),
            N_(
                "txdoctor asks the ENS registry on Ethereum for the name's resolver and that "
                "resolver for its address; one of the two answers is empty."
            ),
            (
                N_("Check the spelling of the name with its owner."),
                N_("Ask for the 0x address instead."),
            ),
            (N_("Do not guess similar names."),),
        ),
    },
)
