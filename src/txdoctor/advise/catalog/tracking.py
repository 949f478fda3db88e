"""Replaced and dropped transactions, told apart with the local history (English source text)."""

from __future__ import annotations

from txdoctor.advise.catalog.model import Article, Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

CATALOG = Catalog(
    texts={
        Verdict.DROPPED: VerdictText(
            N_("Dropped"),
            N_(
                "This transaction was seen waiting on {chain} before, but the network no longer "
                "knows it and the sender's nonce {nonce} is still unused: it was dropped. "
                "Nothing was transferred and no fee was charged."
            ),
            (
                N_(
                    "Send the payment again from your wallet, with the fee it suggests now; the "
                    "new transaction takes nonce {nonce}."
                ),
                N_(
                    "If your wallet still shows the old transaction as pending, remove it there "
                    "first (some wallets can resynchronise; in MetaMask: Reset account), so that "
                    "the new one does not wait behind it."
                ),
                N_(
                    "If it was sent only minutes ago, check again once before resending: a node "
                    "may not have seen it yet."
                ),
            ),
        ),
    },
    variants={
        "replacement_kind": {
            "speed_up": N_(
                "It was replaced by {replaced_by} (block {replacement_block}), which "
                "pays the same recipient the same amount: a speed-up, so the payment "
                "went through there."
            ),
            "cancel": N_(
                "It was replaced by {replaced_by} (block {replacement_block}), which "
                "sends nothing to the sender's own address: a cancel, so nothing was "
                "paid."
            ),
            "other": N_(
                "It was replaced by {replaced_by} (block {replacement_block}), which pays "
                "another recipient or another amount: make sure the sender made it."
            ),
        },
        "replacement_state": {
            "pending": N_(
                "The transaction that took its place is itself still waiting to be mined."
            ),
        },
    },
    articles={
        Verdict.DROPPED: Article(
            N_("The network forgot this transaction before it was mined; nothing happened."),
            N_(
                "Nodes keep waiting transactions in memory only. A transaction whose fee stays "
                "too low, or that reached few nodes, can be evicted and forgotten. Its nonce is "
                "then still free: no payment was made, no fee was charged, and the same "
                "payment can be sent again."
            ),
            N_(
                "txdoctor remembers the sender and nonce of pending transactions it has seen (a "
                "small local history). When such a hash is later unknown everywhere and the "
                "sender's nonce is still unused, the transaction was dropped; when the nonce "
                "was used, it was replaced."
            ),
            (
                N_("Send the payment again with a current fee."),
                N_("Clear the old transaction from the wallet if it still shows it as pending."),
            ),
            (
                N_(
                    "Do not send the payment twice while the old one may still be waiting "
                    "somewhere: check once more first."
                ),
            ),
        ),
    },
)
