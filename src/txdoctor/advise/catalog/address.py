"""Address verdicts (English source text)."""

from __future__ import annotations

from txdoctor.advise.catalog.common import FILL_GAP, SAFETY_NOTE
from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

CATALOG = Catalog(
    texts={
        Verdict.ADDRESS_OK: VerdictText(
            N_("Address in use"),
            N_("This address has activity on {chains} and nothing is stuck."),
            (N_("If a transfer to it is missing, paste that transfer's transaction hash."),),
        ),
        Verdict.ADDRESS_STUCK_PENDING: VerdictText(
            N_("Address: transactions stuck"),
            N_(
                "Transactions of this address waiting on {chain}: {waiting}. The first one, with "
                "nonce {blocking_nonce}, holds back the others: none can go through before it."
            ),
            (
                N_(
                    "Speed up or cancel the transaction with nonce {blocking_nonce} in your "
                    "wallet: same nonce, and both fees above what it offers and what the network "
                    "asks now."
                ),
                N_(
                    "Do not send the same payments again while they wait: they would queue "
                    "behind it too."
                ),
            ),
            when={
                "blocking_in_pool=no": (
                    FILL_GAP,
                    N_(
                        "Do not send the same payments again while they wait: they would queue "
                        "behind it too."
                    ),
                ),
                "evm_fees": (
                    N_(
                        "Speed up or cancel the transaction with nonce {blocking_nonce} in your "
                        "wallet, with the fees given above."
                    ),
                    N_(
                        "Do not send the same payments again while they wait: they would queue "
                        "behind it too."
                    ),
                ),
            },
        ),
        Verdict.ADDRESS_UNUSED: VerdictText(
            N_("Address never used"),
            N_(
                "This address has no transactions and no balance on any checked network ({chains})."
            ),
            (
                N_("Check the address for a typo: copy it again from the recipient."),
                N_(
                    "The transfer may have gone to another network: ask the sender which one "
                    "they used."
                ),
            ),
        ),
        Verdict.ADDRESS_IS_CONTRACT: VerdictText(
            N_("Address is a contract"),
            N_("This address is a smart contract on {chains}, not a personal wallet."),
            (
                N_(
                    "Funds sent to a contract can only be moved by that contract's own rules: "
                    "ask its operator, not a third party who offers help."
                ),
            ),
            safety=SAFETY_NOTE,
        ),
    },
    variants={
        "blocking_known": {
            "yes": N_("The transaction that holds back the others is {blocking_hash}."),
        },
        "token": {
            "yes": N_("It is a token contract: tokens or coins sent to it are usually lost."),
        },
    },
)
