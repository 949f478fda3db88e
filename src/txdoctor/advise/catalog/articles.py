"""Knowledge-base articles of the core verdicts (English source text), for ``txdoctor explain``.

Facts quoted here (the 10 % replacement rule, 12.5 % base-fee steps, nonce order) are those of
/work/shared/reference/diagnosis-catalogue.md §2.1 and §3.1.
"""

from __future__ import annotations

from txdoctor.advise.catalog.model import Article, Catalog
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

_NEVER_SHARE = N_("Do not give your recovery phrase or private key to anyone who offers help.")
_NO_RECOVERY_SERVICES = N_(
    "Do not pay anyone who promises to recover or speed up the funds for a fee."
)
_NO_RESEND = N_("Do not send the same payment again while the first one may still go through.")

CATALOG = Catalog(
    articles={
        Verdict.CONFIRMED: Article(
            N_("The transaction succeeded and has enough confirmations: it is final."),
            N_(
                "The network has included the transaction in a block and carried it out "
                "successfully. Enough blocks have been added on top of it that the chain's "
                "usual safety margin is met, so it will not be undone. If the recipient has not "
                "credited it yet, the reason is on their side, not on the chain."
            ),
            N_(
                "txdoctor finds the transaction on a configured network, reads its receipt "
                "(status success) and counts the blocks from its block to the newest one. It "
                "compares that count with the confirmations configured for the chain."
            ),
            (
                N_(
                    "Send the recipient the transaction hash and the network name, and ask them to "
                    "check their side."
                ),
                N_(
                    "Check that the recipient address and the network are the ones the recipient "
                    "gave you."
                ),
            ),
            (
                N_("Do not send the payment again because the recipient has not credited it yet."),
                _NEVER_SHARE,
            ),
        ),
        Verdict.CONFIRMING: Article(
            N_("The transaction succeeded; it is waiting for more confirmations."),
            N_(
                "The transaction is in a block and succeeded, but fewer blocks than the chain's "
                "usual safety margin have been added on top of it. Exchanges and careful "
                "recipients wait for that margin before they credit a deposit. This is normal "
                "and needs no action."
            ),
            N_(
                "txdoctor reads the receipt (status success), counts the blocks since the "
                "transaction's block and compares the count with the confirmations configured "
                "for the chain. It estimates the time left from the chain's block time."
            ),
            (N_("Wait for the remaining confirmations, then check again."),),
            (N_("Do not send the payment again: the first one has already succeeded."),),
        ),
        Verdict.PENDING: Article(
            N_("The transaction is waiting to be included in a block; its fee is fine."),
            N_(
                "The network knows the transaction but has not put it in a block yet. Its fee is "
                "in line with what recent blocks paid, so it should be included soon, usually "
                "within seconds to a few minutes."
            ),
            N_(
                "txdoctor finds the transaction without a block number. It compares the fees it "
                "offers with the next block's base fee and the priority fees of recent blocks "
                "(eth_feeHistory), and checks that no earlier nonce of the sender is missing."
            ),
            (N_("Wait a few minutes and check again."),),
            (_NO_RESEND, _NO_RECOVERY_SERVICES),
        ),
        Verdict.PENDING_LOW_FEE: Article(
            N_("The transaction is waiting because its fee is too low for the network now."),
            N_(
                "Block producers take the transactions that pay the most first. This one offers "
                "less than the network's base fee, which every transaction must pay, or a "
                "priority fee far below what recent blocks paid. It can wait for a long time, "
                "and nodes may drop it."
            ),
            N_(
                "txdoctor compares the transaction's max fee with the next block's base fee, and "
                "its priority fee with the fees recent blocks paid (eth_feeHistory). It then "
                "computes replacement fees: both fee fields at least 10 % higher, as nodes "
                "require, and enough for the base fee to rise for a while (it can rise 12.5 % "
                "per block)."
            ),
            (
                N_(
                    "Speed it up in the wallet: same nonce, both fees raised to at least what "
                    "txdoctor suggests."
                ),
                N_("Or cancel it: send 0 to yourself with the same nonce and those fees."),
                N_("Or wait for the network's fees to fall below what it offers."),
            ),
            (
                _NO_RESEND,
                N_(
                    "Do not raise only one of the two fees: nodes refuse a replacement unless both "
                    "rise by at least 10 %."
                ),
            ),
        ),
        Verdict.PENDING_NONCE_GAP: Article(
            N_("The transaction is waiting for an earlier transaction of the same account."),
            N_(
                "Each account numbers its transactions (the nonce), and the network carries them "
                "out strictly in that order. This transaction's number is higher than the next "
                "one the account has used, so it waits until the missing or stuck earlier "
                "transaction is mined. Nodes may drop such waiting transactions after a few "
                "hours."
            ),
            N_(
                "txdoctor compares the transaction's nonce with the number of transactions the "
                "sender has mined (eth_getTransactionCount) and checks whether the missing nonce "
                "is waiting in the pool."
            ),
            (
                N_(
                    "Find the transaction with the missing nonce: speed it up or cancel it if it "
                    "is pending, or send a transaction with that nonce if it is missing."
                ),
                N_(
                    "If the wallet shows the wrong nonce, some wallets can resynchronise it (in "
                    "MetaMask: Reset account); do this only as the wallet's own help describes."
                ),
            ),
            (N_("Do not keep sending new transactions: they queue behind the gap too."),),
        ),
        Verdict.REPLACED: Article(
            N_(
                "Another transaction with the same nonce went through instead: this one never will."
            ),
            N_(
                "The sender's account has already used this transaction's number (nonce) for "
                "another transaction. That usually means it was sped up or cancelled in the "
                "wallet. If it was a speed-up, the payment went through in the replacement; if "
                "it was a cancel, nothing moved except a small fee."
            ),
            N_(
                "txdoctor finds the transaction still waiting in the pool while the sender's "
                "mined transaction count is already past its nonce."
            ),
            (
                N_(
                    "Look at the sender's transaction with the same nonce in the explorer to see "
                    "whether the payment went through."
                ),
            ),
            (N_("Do not wait for this transaction: it can never be included."),),
        ),
        Verdict.FAILED_REVERTED: Article(
            N_(
                "The transaction was included but the contract refused it; nothing was transferred."
            ),
            N_(
                "A smart contract checked the transaction and stopped it, for example because a "
                "price moved, a balance or approval was missing, or a deadline passed. Everything "
                "it would have done was undone. The network fee was still charged, because the "
                "network did the work of running it."
            ),
            N_(
                "txdoctor reads the receipt (status failed, gas left over) and replays the call "
                "at its block to get the contract's reason: a text message, a named error or a "
                "panic code, which it turns into plain words where it knows them."
            ),
            (
                N_(
                    "Fix the cause named in the diagnosis (slippage, approval, balance, deadline), "
                    "then try again."
                ),
                N_(
                    "If the reason is unclear, ask the support of the app or contract you used, "
                    "with the transaction hash."
                ),
            ),
            (
                N_(
                    "Do not send it again unchanged: it will fail the same way and cost another "
                    "fee."
                ),
                _NEVER_SHARE,
            ),
        ),
        Verdict.FAILED_OUT_OF_GAS: Article(
            N_("The transaction ran out of gas: it failed and the fee was charged."),
            N_(
                "Every transaction sets a gas limit: the most work it may do. This one needed "
                "more than its limit, so it stopped halfway, everything it did was undone and "
                "nothing was transferred. The fee for the work done was charged. A fixed limit of "
                "21000 only covers a plain transfer to a personal address; sending to a contract "
                "or a token needs more."
            ),
            N_("txdoctor reads the receipt: status failed and gas used equal to the gas limit."),
            (
                N_(
                    "Send it again with a higher gas limit: use the wallet's estimate rather than "
                    "a fixed number."
                ),
            ),
            (N_("Do not resend with the same gas limit: it will fail again."),),
        ),
        Verdict.NOT_FOUND: Article(
            N_("No checked network knows this transaction."),
            N_(
                "None of the networks txdoctor checked has the transaction in a block or waiting "
                "in its pool. The hash may have a typo, the transaction may never have been sent "
                "or may have been dropped or replaced, or it is on a network that was not "
                "checked."
            ),
            N_(
                "txdoctor asks every configured network whose hash format matches. A network "
                'that answers "unknown" counts as checked; one that cannot be reached is listed '
                "separately."
            ),
            (
                N_("Copy the hash again from the wallet or exchange, all of it."),
                N_("If the transfer was just sent, wait a minute and check again."),
                N_(
                    "Look up the sender's address in the explorer to see what happened to its "
                    "latest transactions."
                ),
                N_(
                    "Check the network the wallet or exchange used, and include it with --chain or "
                    "a chains file."
                ),
            ),
            (_NO_RECOVERY_SERVICES, _NEVER_SHARE),
        ),
        Verdict.EXPIRED: Article(
            N_("The transaction expired before it was included, and now it never can be."),
            N_(
                "On some networks (Aptos, EOS, Polkadot) a signed transaction carries an "
                "expiry time or a limited lifetime. If no block includes it before then, the "
                "network drops it for good: nothing is sent and no fee is charged. Wallets "
                "usually set a short lifetime, from seconds to an hour, so a transaction that "
                "was never broadcast or met a congested network ends this way."
            ),
            N_(
                "txdoctor saw the transaction waiting earlier, with its expiry time (its local "
                "history keeps both), and now finds it on no checked network after that time. "
                "A transaction it never saw waiting is only reported as not found."
            ),
            (
                N_("Check the sender's balance: the funds never left the account."),
                N_("Send the payment again as a new transaction if it is still wanted."),
            ),
            (
                N_("Do not wait for the expired transaction: it can no longer be included."),
                _NO_RECOVERY_SERVICES,
                _NEVER_SHARE,
            ),
        ),
        Verdict.REJECTED: Article(
            N_("The network refused the transaction when it was sent: it never reached a block."),
            N_(
                "Some networks (EOS) run a transaction as soon as it is sent and refuse it "
                "there and then if it would fail: the sending account lacks the CPU, NET or "
                "RAM it needs, the token balance is too low, or a contract refuses it. A "
                "refused transaction never enters a block, moves nothing, costs nothing and "
                "cannot be looked up later: what remains is the error message the wallet "
                "showed."
            ),
            N_(
                "txdoctor reads the error message pasted from the wallet (the node's JSON "
                "answer or its short form) and names the cause; no network is asked."
            ),
            (
                N_("Check the sender's balance: the funds never left the account."),
                N_(
                    "Fix the cause the error names (resources, balance, the contract's "
                    "condition), then send the payment again as a new transaction."
                ),
            ),
            (
                N_(
                    "Do not look for the refused transaction on an explorer: it was never recorded."
                ),
                _NO_RECOVERY_SERVICES,
                _NEVER_SHARE,
            ),
        ),
        Verdict.WRONG_NETWORK: Article(
            N_("The transfer is on a different network from the one the recipient expected."),
            N_(
                "Many networks use the same address format, so the same address exists on each "
                "of them as separate accounts. A recipient who watches one network does not see "
                "a transfer made on another. The funds are not lost as long as someone controls "
                "the address on the network that received them."
            ),
            N_(
                "txdoctor finds the transaction (or the address's activity) on a network other "
                "than the one named by --expect-chain or by the explorer link. A Polkadot address "
                "written in another network's format (Kusama's, or the generic one of test "
                "networks) is reported the same way, with its Polkadot spelling."
            ),
            (
                N_(
                    "If you control the receiving address, switch the wallet to the network where "
                    "the transfer is, and the funds appear."
                ),
                N_(
                    "If an exchange or a company received it, contact its official support with "
                    "the transaction hash and the network; some can recover such deposits."
                ),
            ),
            (
                N_(
                    "Do not contact anyone who offers to recover the funds in a chat or a comment: "
                    "they are scammers."
                ),
                _NEVER_SHARE,
            ),
        ),
        Verdict.INVALID_INPUT: Article(
            N_("The text is not a transaction hash or address txdoctor recognises."),
            N_(
                "txdoctor checks what was pasted before asking any network. This text has the "
                "wrong length, characters that do not belong, a failed checksum, look-alike "
                "letters from another alphabet, or is something else (a name, a test-network "
                "address, a shortened form). The diagnosis says exactly which."
            ),
            N_(
                "txdoctor recognises the formats of every supported family (length, alphabet, "
                "checksums such as EIP-55, base58check and bech32) and reports the first "
                "problem it finds, with the position of a wrong character."
            ),
            (
                N_(
                    "Copy the hash or address again from its source, all of it, and paste it as "
                    "it is."
                ),
                N_(
                    "Use the explorer link or the hash from the wallet's transaction details, not "
                    "a shortened form."
                ),
            ),
            (
                N_(
                    "Do not send funds to an address that failed its checksum or contains "
                    "look-alike letters."
                ),
            ),
        ),
        Verdict.SECRET_REFUSED: Article(
            N_("The text looks like a recovery phrase or a private key, so txdoctor refused it."),
            N_(
                "A recovery phrase (seed words) or a private key gives full control of a wallet. "
                "Whoever sees it can take the funds. txdoctor never needs one, refuses it before "
                "any network call and does not show it back."
            ),
            N_(
                "txdoctor recognises recovery phrases in every BIP-39 language (also with typos "
                "or without spaces), private keys labelled as such, WIF keys and extended "
                "private keys (xprv…)."
            ),
            (
                N_("If the secret was shown to anyone, move the funds to a new wallet now."),
                N_("To check a transfer, paste its transaction hash or the address instead."),
            ),
            (
                N_(
                    "Never send a recovery phrase or private key to anyone, including support "
                    "agents: genuine support never asks for them."
                ),
            ),
        ),
        Verdict.UNREACHABLE: Article(
            N_("No network could be checked: every endpoint failed."),
            N_(
                "txdoctor could not get an answer from any network it tried, so it cannot say "
                "anything about the transaction. This is a problem with the connection or the "
                "endpoints, not with the transfer."
            ),
            N_(
                "txdoctor retries each endpoint on timeouts and rate limits, then tries the "
                "chain's other endpoints, and reports why each one failed."
            ),
            (
                N_("Check the internet connection and try again."),
                N_(
                    "Try other endpoints with --rpc NAME=URL or a chains file, and test them with "
                    "txdoctor chains --check."
                ),
            ),
            (N_("Do not conclude that the transfer is lost: nothing was checked."),),
        ),
        Verdict.ADDRESS_OK: Article(
            N_("The address is in use and nothing of it is stuck."),
            N_(
                "The address has transactions or a balance on at least one checked network, and "
                "none of its transactions is waiting."
            ),
            N_(
                "txdoctor asks every matching network for the address's balance, transaction "
                "count and code."
            ),
            (N_("To check a missing transfer, paste that transfer's transaction hash."),),
            (_NEVER_SHARE,),
        ),
        Verdict.ADDRESS_STUCK_PENDING: Article(
            N_("Transactions of this address are waiting, blocked by the first of them."),
            N_(
                "The address has sent transactions that are not mined yet. They go through in "
                "nonce order, so all of them wait for the first one, usually because its fee is "
                "too low."
            ),
            N_(
                "txdoctor compares the address's mined transaction count with its count "
                "including waiting transactions (eth_getTransactionCount latest and pending)."
            ),
            (
                N_(
                    "Speed up or cancel the first waiting transaction in the wallet: same nonce, "
                    "both fees raised to at least what txdoctor suggests (what gets mined now, "
                    "not just 10% more than it offered)."
                ),
            ),
            (N_("Do not send the same payments again: they queue behind the first one too."),),
        ),
        Verdict.ADDRESS_UNUSED: Article(
            N_("The address has no transactions and no balance on any checked network."),
            N_(
                "Nothing was ever sent from or received at this address on the networks "
                "txdoctor checked. Either the address has a typo, or the transfer went to "
                "another network, or it has not happened yet."
            ),
            N_(
                "txdoctor asks every matching network for the address's balance and transaction "
                "count; all of them are zero."
            ),
            (
                N_("Check the address character by character against the one the recipient gave."),
                N_("Ask the sender which network they used."),
            ),
            (_NO_RECOVERY_SERVICES,),
        ),
        Verdict.ADDRESS_IS_CONTRACT: Article(
            N_("The address is a smart contract, not a personal wallet."),
            N_(
                "Funds sent to a contract follow that contract's own rules. Many contracts, "
                "token contracts in particular, cannot send back what they receive by mistake, "
                "so such funds are often lost."
            ),
            N_("txdoctor reads the code stored at the address (eth_getCode)."),
            (
                N_(
                    "If the transfer was a mistake, ask the contract's operator, through its "
                    "official site, whether it can return funds."
                ),
            ),
            (
                N_(
                    "Do not trust anyone who claims they can pull funds out of a contract for a "
                    "fee."
                ),
                _NEVER_SHARE,
            ),
        ),
        Verdict.ADDRESS_NOT_SUPPORTED: Article(
            N_("The address is valid, but txdoctor cannot diagnose addresses of this network yet."),
            N_(
                "txdoctor recognised the address format, but it cannot yet look up addresses on "
                "this network. It can still diagnose the network's transaction hashes."
            ),
            N_(
                "txdoctor classifies the text as an address of a family whose fetcher does not "
                "support address lookups."
            ),
            (N_("Paste the transaction hash (TxID) of the transfer instead."),),
            (),
        ),
        Verdict.FAMILY_NOT_SUPPORTED: Article(
            N_("The hash or address belongs to a network family that is not configured."),
            N_(
                "The text is a valid hash or address of a network family (for example Bitcoin "
                "or Solana) for which no network is configured in the chains file in use."
            ),
            N_(
                "txdoctor classifies the text, then looks for configured networks of its family "
                "and finds none."
            ),
            (N_("Add a network of that family to a chains file and pass it with --chains-file."),),
            (),
        ),
        Verdict.CHAINS_UNCHECKED: Article(
            N_("Some networks could not be checked, so the answer may be incomplete."),
            N_(
                "One or more networks did not answer. When nothing was found, the transaction "
                "might be on one of them; when a network was expected, its answer is missing."
            ),
            N_("txdoctor lists the networks whose endpoints all failed, with the reason for each."),
            (N_("Try again later, or give other endpoints with --rpc NAME=URL."),),
            (),
        ),
        Verdict.ENDPOINT_WRONG_CHAIN: Article(
            N_("An endpoint answered for a different chain than configured; it was ignored."),
            N_(
                "An endpoint in the chains file reports another chain id than the one "
                "configured, so its answers cannot be trusted for this chain."
            ),
            N_(
                "txdoctor asks every EVM endpoint for its chain id (eth_chainId) before using "
                "its answers."
            ),
            (N_("Fix the chain's rpc list in the chains file."),),
            (),
        ),
        Verdict.ALSO_FOUND_ON: Article(
            N_("The same transaction hash also exists on another network."),
            N_(
                "A hash can exist on several networks, for example when the same signed "
                "transaction was replayed on a chain that shares the format. txdoctor reports "
                "the main answer first and lists the other networks."
            ),
            N_(
                "txdoctor looks up the hash on every matching network at once and reports every "
                "network that knows it."
            ),
            (N_("Make sure you are looking at the network the recipient expects."),),
            (),
        ),
        Verdict.ENDPOINT_LAGGING: Article(
            N_("An endpoint was many blocks behind another one; its answer was not used."),
            N_(
                "Public endpoints are sometimes out of date. One of this chain's endpoints "
                "reported a much older latest block than another, so txdoctor used the "
                "up-to-date answer."
            ),
            N_("txdoctor compares the latest block numbers reported by the chain's endpoints."),
            (N_("Run txdoctor chains --check and remove or replace the lagging endpoint."),),
            (),
        ),
    }
)
