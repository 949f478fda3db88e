"""Canned replies for the knowledge base: for every verdict, an example ticket and the reply
``--format reply`` gives for it, in each language, from the same catalogs.

The examples are made-up but plausible values (documentation, not evidence); a secondary
verdict, which never stands alone, is shown under a main one in the agent's view, since the
customer's reply leaves it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from txdoctor.advise import advise, knowledge
from txdoctor.advise.audience import for_customer
from txdoctor.advise.i18n import N_, translator
from txdoctor.advise.report import Report
from txdoctor.diagnose.verdicts import Finding, Param, Verdict
from txdoctor.render.agent import agent_text
from txdoctor.render.reply import reply_text

HASH = "0x8b6b98eacf635b60a6305a66e16ccbeac758b0a2bf9443bec07657af667817eb"
ADDRESS = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"
RECIPIENT = "0x8626f6940e2eb28930efb4cef49b2d1f2c9c1199"
ENS_NAME = "alice.eth"
CPU_ERROR = (
    "Error: billed CPU time (362 us) is greater than the maximum billable CPU time for the "
    "transaction (13 us)"
)
TITLES = {"ethereum": "Ethereum", "bsc": "BNB Smart Chain", "tron": "Tron", "aptos": "Aptos"}

TICKET_HEADING = N_("Example ticket")
REPLY_HEADING = N_("Reply (--format reply)")
AGENT_HEADING = N_("What the agent sees (--format agent)")
TX_TICKET = N_("My transfer has not arrived. The transaction is {value}. Can you check it?")
ADDRESS_TICKET = N_("Can you check my address {value}? Something seems wrong with it.")
TEXT_TICKET = N_("Here is what my wallet shows: {value}")

# A plausible value for every field of the verdicts' sentences.
SAMPLE: Mapping[str, Param] = {
    "chain": "ethereum",
    "chains": ("ethereum", "bsc"),
    "symbol": "ETH",
    "fee": Decimal("0.00042"),
    "confirmations": 20,  # CONFIRMED: past the 12 required (CONFIRMING has its own below)
    "required": 12,
    "minutes": 2,
    "gas_limit": 60000,
    "gas_needed": 71250,
    "new_gas_limit": 86000,
    "expected_chain": "ethereum",
    "found_chain": "bsc",
    "families": "Bitcoin",
    "reasons": "bsc: timeout",
    "detail": "answers for chain id 56",
    "new_max_cost": Decimal("0.000089775"),
    "new_max_fee_gwei": Decimal("4.275"),
    "new_tip_gwei": Decimal("0.275"),
    "nonce": 7,
    "blocking_nonce": 6,
    "waiting": 2,
    "behind": 40,
    "endpoint": "https://rpc.example",
    "tip": 21000000,
    "reference_tip": 21000040,
    "cost_used_trx": Decimal("13.74"),
    "energy_price": 100,
    "energy_used": 95790,
    "suggested_energy": 131000,
    "suggested_fee_trx": Decimal("18.4"),
    "asset": "USDT",
    "official_name": "Tether USD",
    "official_symbol": "USDT",
    "contract": "0xa196769ca67f4903eca574f5e76e003071a4d84a",
    "official_contract": "0xdac17f958d2ee523a2206206994597c13d831ec7",
    "amount": Decimal("250"),
    "recipient": RECIPIENT,
    "address": ADDRESS,
    "ens_name": ENS_NAME,
    "reason": "Insufficient balance",
}


@dataclass(frozen=True)
class Example:
    """What the ticket pasted, and the verdict's family wording and variant params.

    The values must tell one story: the reply shows a network only where a real run has one
    (none for an input no chain was asked about, or that no chain knows), and a secondary
    verdict's main one happens on the same chain unless the pair is about two chains.
    """

    kind: str = "transaction"
    family: str | None = None
    params: Mapping[str, Param] | None = None
    under: Verdict | None = None  # the main verdict a secondary one comes with
    under_params: Mapping[str, Param] | None = None
    pasted: str | None = None  # what the ticket pasted, when not the sample hash or address
    value: str | None = None  # what it was read as, when not what was pasted
    on_a_chain: bool = True  # whether the report names a network


EXAMPLES: Mapping[Verdict, Example] = {
    Verdict.PENDING_LOW_FEE: Example(
        params={
            "problem": "below_base_fee",
            "fee_cap_gwei": Decimal("0.5"),
            "base_fee_gwei": Decimal("2"),
        }
    ),
    Verdict.CONFIRMING: Example(params={"confirmations": 3, "minutes": 2}),  # 9 blocks of 12 s
    Verdict.PENDING_NONCE_GAP: Example(  # the fees its step refers to ("given above")
        params={
            "blocking_in_pool": "yes",
            "evm_fees": "market",
            "replace_nonce": 6,
            "replace_gas_limit": 21000,
            "bump_percent": 10,
        }
    ),
    Verdict.FAILED_REVERTED: Example(params={"cause": "balance"}),
    Verdict.FAILED_OUT_OF_ENERGY: Example(  # 137394 energy at 100 sun burned 13.7394 TRX
        family="tron",
        params={
            "chain": "tron",
            "symbol": "TRX",
            "fee": Decimal("13.7394"),
            "energy_used": 137394,
            "energy_price": 100,
            "cost_used_trx": Decimal("13.7394"),
            "suggested_energy": 165000,
            "suggested_fee_trx": Decimal("17"),
        },
    ),
    Verdict.FAKE_TOKEN: Example(family="evm"),
    Verdict.WRONG_NETWORK: Example(params={"chain": "bsc", "symbol": "BNB"}),  # found there
    Verdict.NOT_FOUND: Example(on_a_chain=False),
    Verdict.UNREACHABLE: Example(on_a_chain=False),
    Verdict.FAMILY_NOT_SUPPORTED: Example(
        kind="address", pasted="bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", on_a_chain=False
    ),
    Verdict.INVALID_INPUT: Example(kind="invalid", on_a_chain=False),
    Verdict.SECRET_REFUSED: Example(kind="secret", on_a_chain=False),
    Verdict.EXPIRED: Example(params={"chain": "aptos", "symbol": "APT"}),
    Verdict.REJECTED: Example(  # the wallet's line of EOSIO/eos issue 8502: no id, no chain
        kind="push_error",
        family="eos",
        pasted=CPU_ERROR,
        value="",
        params={
            "error_name": "tx_cpu_usage_exceeded",
            "error_code": 3080004,
            "eos_cause": "cpu",
            "eos_refused": "cpu_measured",
            "billed_us": 362,
            "limit_us": 13,
        },
        on_a_chain=False,
    ),
    Verdict.ADDRESS_OK: Example(kind="address"),
    Verdict.ADDRESS_STUCK_PENDING: Example(
        kind="address",
        family="evm",
        params={
            "evm_fees": "exact",
            "replace_nonce": 6,
            "blocking_hash": HASH,
            "blocking_known": "yes",
        },
    ),
    Verdict.ADDRESS_UNUSED: Example(kind="address"),
    Verdict.ADDRESS_IS_CONTRACT: Example(kind="address"),
    Verdict.ADDRESS_NOT_SUPPORTED: Example(  # a family whose fetcher has not landed yet
        kind="address",
        pasted="TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        params={"address": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
        on_a_chain=False,
    ),
    Verdict.ENS_NOT_RESOLVED: Example(kind="address", pasted=ENS_NAME, on_a_chain=False),
    Verdict.CHAINS_UNCHECKED: Example(under=Verdict.CONFIRMED),
    Verdict.ENDPOINT_WRONG_CHAIN: Example(under=Verdict.CONFIRMED),
    Verdict.ALSO_FOUND_ON: Example(under=Verdict.CONFIRMED, params={"chain": "bsc"}),
    Verdict.ENDPOINT_LAGGING: Example(under=Verdict.CONFIRMED),
    Verdict.TOKEN_VARIANT: Example(
        under=Verdict.CONFIRMED,
        params={"chain": "bsc"},
        under_params={"chain": "bsc", "symbol": "BNB", "required": 15},
    ),
    Verdict.HISTORY_UNCHECKED: Example(
        under=Verdict.CONFIRMED,
        family="evm",
        params={"history_subject": "transfer", "history_problem": "none_configured"},
    ),
    Verdict.ENS_RESOLVED: Example(
        kind="address", under=Verdict.ADDRESS_OK, pasted=ENS_NAME, value=ADDRESS
    ),
    Verdict.ADDRESS_POISONING_SUSPECT: Example(  # same first and last characters as RECIPIENT
        kind="address",
        under=Verdict.ADDRESS_OK,
        params={
            "poisoning": "targeted",
            "recipient": "0x8626f1b7a3e05d94c21f6e8b0d3a57c49e2c1199",
            "lookalike": RECIPIENT,
        },
    ),
}


def example_report(code: Verdict, lang: str) -> Report:
    """The report of the example ticket of ``code``, explained in ``lang``."""
    example = EXAMPLES.get(code, Example())
    params = dict(SAMPLE) | dict(example.params or {})
    findings = [Finding(code, params, family=example.family)]
    if example.under is not None:
        findings.insert(0, Finding(example.under, dict(SAMPLE) | dict(example.under_params or {})))
    tx_hash = HASH[2:] if example.family == "tron" else HASH  # Tron ids have no 0x
    pasted = example.pasted or {"transaction": tx_hash, "address": ADDRESS}.get(example.kind)
    value = example.value or pasted
    shown = {"secret": "[redacted]", "invalid": "0x8b6b98eacf635b60a6305a66e16cc"}
    chain = str(findings[0].params["chain"]) if example.on_a_chain else None
    return Report(
        input=shown.get(example.kind, pasted or ""),
        kind=example.kind,
        value=value,
        findings=tuple(findings),
        advice=tuple(advise(f, lang, TITLES) for f in findings),
        lang=lang,
        chain=chain,
        chain_title=TITLES.get(chain or ""),
    )


def article_page(code: Verdict, lang: str) -> str:
    """The knowledge-base page of ``code`` (``explain --markdown``, docs/verdicts/): the
    article, then the example ticket and its reply."""
    return knowledge.article_markdown(code, lang) + "\n" + "\n".join(canned_markdown(code, lang))


def canned_markdown(code: Verdict, lang: str) -> list[str]:
    """The knowledge-base section of ``code``: the ticket, then the reply (or the agent's
    view, for a verdict only agents see) as a text block."""
    _ = translator(lang).gettext
    report = example_report(code, lang)
    ticket = {"transaction": TX_TICKET, "address": ADDRESS_TICKET}.get(report.kind, TEXT_TICKET)
    agent_only = len(report.findings) > 1 and not for_customer(report.findings[1])
    heading, body = (
        (AGENT_HEADING, agent_text(report)) if agent_only else (REPLY_HEADING, reply_text(report))
    )
    return [
        f"## {_(TICKET_HEADING)}",
        "",
        "> " + _(ticket).format(value=report.input),
        "",
        f"## {_(heading)}",
        "",
        "```text",
        body.rstrip("\n"),
        "```",
        "",
    ]
