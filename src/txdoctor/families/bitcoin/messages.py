"""Bitcoin's own wording (English source text): the mempool, fee rates in sat/vB, fee bumps
by replacement (RBF) or by a child (CPFP), replaced and dropped transactions.

Numbers quoted (14 days of mempool expiry, full RBF by default since Bitcoin Core 28, the
replacement rule) are those of /work/shared/reference/diagnosis-catalogue.md §2.3 and §3.1
with their sources; the fees themselves come from the finding's params.
"""

from __future__ import annotations

from txdoctor.advise.catalog import common
from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

BITCOIN = "bitcoin"

_NO_DOUBLE_PAYMENT = N_(
    "Do not send the payment again with other coins while this one waits: both could confirm."
)

CATALOG = Catalog(
    family_texts={
        (BITCOIN, Verdict.PENDING): VerdictText(
            N_("Pending"),
            N_(
                "The transaction is waiting in the mempool for a block on {chain}. It pays "
                "{fee_rate} sat/vB ({fee_sat} sat for {vsize} vB)."
            ),
            (N_("Wait and check again later; nothing needs to be done."), _NO_DOUBLE_PAYMENT),
        ),
        (BITCOIN, Verdict.PENDING_LOW_FEE): VerdictText(
            N_("Pending: fee too low"),
            N_(
                "The transaction is waiting in the mempool on {chain}, but it pays {fee_rate} "
                "sat/vB, less than the {hour_rate} sat/vB that confirms within about an hour "
                "now, so miners take other transactions first."
            ),
            (
                N_(
                    'The sender can replace it with a higher fee (RBF: "Bump fee" or "Speed '
                    'up" in the wallet): a fee of at least {rbf_fee_sat} sat ({rbf_rate} sat/vB '
                    "for its {vsize} vB) confirms within about half an hour."
                ),
                N_(
                    "The recipient can pull it through (CPFP, child pays for parent): spend the "
                    "{cpfp_value} BTC received at {cpfp_output} in a new transaction with a fee of "
                    "about {cpfp_fee_sat} sat ({cpfp_rate} sat/vB for a {child_vsize} vB "
                    "transaction), so that both together pay {target_rate} sat/vB."
                ),
                N_(
                    "Or wait: it confirms by itself once demand falls. Nodes drop an unconfirmed "
                    "transaction after {expiry_days} days; the coins then stay with the sender, "
                    "who can send them again."
                ),
                _NO_DOUBLE_PAYMENT,
            ),
        ),
        (BITCOIN, Verdict.REPLACED): VerdictText(
            N_("Replaced"),
            N_(
                "Another transaction, {replaced_by}, spends the same coins on {chain}, so this "
                "one can never confirm. A fee bump (RBF) or a cancellation does this: the "
                "sender's wallet replaced the original with a new transaction ID."
            ),
            (
                N_(
                    "Look up {replaced_by} in the explorer: if it pays the same recipient, the "
                    "payment went (or is going) through there, under the new transaction ID."
                ),
                N_(
                    "If it does not pay the recipient, the sender cancelled or redirected the "
                    "payment: ask the sender."
                ),
                N_("Do not wait for this transaction ID: it will never confirm."),
            ),
        ),
        (BITCOIN, Verdict.NOT_FOUND): VerdictText(
            N_("Not found"),
            N_(
                "No Bitcoin endpoint checked ({chains}) knows this transaction: it is in no "
                "block and not waiting in the mempool."
            ),
            (
                N_(
                    "Check the transaction ID for a typo: copy it again from the wallet or "
                    "exchange."
                ),
                N_(
                    "If it was sent a moment ago, wait a minute and check again: it may not have "
                    "reached these nodes yet."
                ),
                N_(
                    "If it was sent long ago and never confirmed, it was dropped: nodes forget an "
                    "unconfirmed transaction after 14 days, or sooner when their mempool is full "
                    "and its fee is too low. The coins stay with the sender, whose wallet can "
                    "send them again with a current fee (some wallets must first abandon the old "
                    "transaction)."
                ),
                N_(
                    "It may have been replaced (RBF) by a version with another transaction ID: "
                    "look up the sender's address for it."
                ),
                N_(
                    "If the transfer was USDT or another token, it was probably not on Bitcoin: a "
                    "64-character ID is also the form of Tron and Ethereum-style hashes: tell us "
                    "which network the wallet or exchange used."
                ),
            ),
            safety=common.SAFETY_NOTE,
            agent_steps=(
                N_(
                    "Paste the ID alone, without an explorer link or --chain, and "
                    "txdoctor searches every network."
                ),
            ),
        ),
        (BITCOIN, Verdict.ADDRESS_STUCK_PENDING): VerdictText(
            N_("Address: unconfirmed transactions"),
            N_(
                "Transactions of this address waiting for a block on {chain}: {waiting}, with "
                "{incoming} {symbol} coming in and {outgoing} {symbol} going out, not yet "
                "confirmed."
            ),
            (
                N_(
                    "Paste the transaction ID of the one you care about (the latest is {txid}) to "
                    "see whether its fee is high enough and how to speed it up."
                ),
                N_(
                    "Unconfirmed money is not final: exchanges and merchants credit it only after "
                    "enough confirmations."
                ),
            ),
        ),
    },
    # Extra sentences chosen by a param's value; Bitcoin's params start with btc_.
    variants={
        "btc_market": {
            "unknown": N_(
                "The current fee rates could not be read, so it is not possible to "
                "tell whether that is enough: compare it with the rates "
                "mempool.space shows."
            ),
        },
        "btc_eta": {
            "next_block": N_(
                "That is at least what the next block asks ({fastest_rate} "
                "sat/vB), so it should confirm within about 10 minutes."
            ),
            "half_hour": N_(
                "That is enough to confirm within about half an hour (about "
                "{half_hour_rate} sat/vB now)."
            ),
            "hour": N_(
                "That is enough to confirm within about an hour (about {hour_rate} sat/vB now)."
            ),
        },
        "btc_package": {
            "boosted": N_(
                "An unconfirmed child already raises the rate miners see to "
                "{effective_rate} sat/vB."
            ),
            "held_back": N_(
                "Its unconfirmed parents lower the rate miners see to "
                "{effective_rate} sat/vB: they must be mined with it."
            ),
            "accelerated": N_(
                "It is being accelerated through mempool.space (effective rate "
                "{effective_rate} sat/vB)."
            ),
        },
        "btc_wait": {
            "hours": N_(
                "At this rate it may wait hours, perhaps a day (the economy rate is "
                "{economy_rate} sat/vB now)."
            ),
            "days": N_(
                "At this rate, below the economy rate of {economy_rate} sat/vB, it may wait days."
            ),
            "below_minimum": N_(
                "It pays less than the {minimum_rate} sat/vB many nodes keep "
                "in their mempool now: some have dropped it already, and it "
                "may not confirm until demand falls a lot."
            ),
        },
        "btc_rbf": {
            "signalled": N_(
                'It signals replaceability (RBF), so any wallet that offers "Bump '
                'fee" can replace it.'
            ),
            "full_rbf": N_(
                "It does not signal replaceability, but most nodes (Bitcoin Core 28 "
                "and later) accept a replacement anyway (full RBF); some wallets "
                "still refuse to bump it, and then only a child (CPFP) helps."
            ),
        },
        "btc_cpfp": {
            "too_small": N_(
                "The {cpfp_value} BTC output is too small to pay for such a child, "
                "so CPFP cannot help here: the sender has to bump the fee."
            ),
            "none": N_(
                "It has no output the recipient could spend, so only the sender can speed it up."
            ),
        },
        "btc_replacement": {
            "confirmed": N_("The replacement is confirmed."),
            "pending": N_("The replacement is still waiting for a block."),
        },
    },
)
