"""Solana rules on facts: pure, no network."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from txdoctor.advise import advise
from txdoctor.diagnose.address import diagnose_address_search
from txdoctor.diagnose.search import diagnose_search
from txdoctor.diagnose.transaction import diagnose_transaction
from txdoctor.diagnose.verdicts import Verdict
from txdoctor.facts import (
    AccountKind,
    AddressFacts,
    Amount,
    ChainLookup,
    Commitment,
    LookupStatus,
    SolanaAddressFacts,
    SolanaError,
    SolanaTxFacts,
    TokenInfo,
    TokenStatus,
    TokenTransfer,
    TxFacts,
    TxState,
)
from txdoctor.families.solana.rules import diagnose_solana_transaction

JUPITER = "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4"
TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
SYSTEM = "11111111111111111111111111111111"
USDT = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB"
WALLET = "F9Tc7Fdc5SA2kvBJS7HFnEGd1mEpjF9teVxYuPNBNgJC"


def tx(
    commitment: Commitment = Commitment.FINALIZED,
    *,
    success: bool = True,
    error: SolanaError | None = None,
    confirmations: int | None = None,
    transfers: tuple[TokenTransfer, ...] = (),
    lamports: int = 0,
    rent: int | None = None,
) -> TxFacts:
    return TxFacts(
        chain="solana",
        family="solana",
        hash="sig",
        state=TxState.INCLUDED,
        sender="payer",
        recipient=WALLET,
        value=Amount(lamports, 9, "SOL"),
        success=success,
        block_number=402118733,
        latest_block=402118800,
        required_confirmations=32,
        block_time=0.4,
        fee_paid=Amount(5000, 9, "SOL"),
        transfers=transfers,
        solana=SolanaTxFacts(
            commitment=commitment,
            slot=402118733,
            confirmations=confirmations,
            error=error,
            rent_exempt_minimum=rent,
        ),
    )


def usdt(
    status: TokenStatus = TokenStatus.OFFICIAL, symbol: str = "USDT", mint: str = USDT
) -> TokenTransfer:
    token = TokenInfo(mint, symbol, "Tether USD", 6, status, official_name="Tether USD")
    return TokenTransfer(token, "payer", WALLET, 28_000_000)


def custom(program: str, code: int, top: str | None = None, index: int = 1) -> SolanaError:
    return SolanaError(
        kind="InstructionError",
        instruction=index,
        instruction_error="Custom",
        custom_code=code,
        program=program,
        top_program=top or program,
        log_message=f"custom program error: {hex(code)}",
    )


def test_finalized_is_confirmed_and_says_what_moved() -> None:
    finding = diagnose_solana_transaction(tx(transfers=(usdt(),)))
    assert finding.code is Verdict.CONFIRMED
    assert finding.params["sol_transfer"] == "official"
    assert finding.params["amount"] == Decimal(28) and finding.params["recipient"] == WALLET
    text = advise(replace(finding, family="solana")).summary
    assert "finalized" in text and "28 USDT (Tether USD, the official mint)" in text


def test_confirmed_not_finalized_is_confirming_with_seconds_left() -> None:
    finding = diagnose_solana_transaction(tx(Commitment.CONFIRMED, confirmations=2))
    assert finding.code is Verdict.CONFIRMING
    assert (finding.params["remaining"], finding.params["seconds"]) == (30, 12)
    assert finding.params["sol_commitment"] is None


def test_processed_says_it_can_still_be_dropped() -> None:
    finding = diagnose_solana_transaction(tx(Commitment.PROCESSED))
    assert finding.code is Verdict.CONFIRMING and finding.params["sol_commitment"] == "processed"
    assert "can still be dropped" in advise(replace(finding, family="solana")).summary


def test_sol_transfer_summary() -> None:
    finding = diagnose_solana_transaction(tx(lamports=1_500_000_000))
    assert (finding.params["sol_transfer"], finding.params["amount"]) == ("sol", Decimal("1.5"))


def test_impostor_token_is_fake_token() -> None:
    fake = usdt(TokenStatus.IMPOSTOR, mint="48xDdGnciLBQh7vpxFJ3TdWDgBZ7ELwT5ne6HZbPFGgu")
    finding = diagnose_transaction(tx(transfers=(fake,)))
    assert finding.code is Verdict.FAKE_TOKEN and finding.family == "solana"
    assert finding.params["mint"] == "48xDdGnciLBQh7vpxFJ3TdWDgBZ7ELwT5ne6HZbPFGgu"
    advice = advise(finding)
    assert "is not the official Tether USD mint" in advice.summary
    assert "sol_transfer" not in finding.params  # the summary is about the fake, not a payment


def test_unlisted_token_is_confirmed_with_a_check_hint() -> None:
    odd = usdt(
        TokenStatus.UNLISTED, symbol="MEOW", mint="7dHbWXmci3dT8UFYWYZweBLXgycu7Y3iL6trKn1Y7ARj"
    )
    finding = diagnose_transaction(tx(transfers=(odd,)))
    assert finding.code is Verdict.CONFIRMED
    assert "not on the list of known tokens" in advise(finding).summary


def test_jupiter_slippage_decoded_with_number_hex_and_meaning() -> None:
    finding = diagnose_transaction(tx(success=False, error=custom(JUPITER, 6001)))
    params = finding.params
    assert finding.code is Verdict.FAILED_REVERTED
    assert (params["code"], params["code_hex"], params["error_name"], params["sol_cause"]) == (
        6001,
        "0x1771",
        "SlippageToleranceExceeded",
        "slippage",
    )
    assert params["instruction"] == 2  # shown 1-based, as explorers number instructions
    summary = advise(finding).summary
    assert "Instruction #2 failed in Jupiter v6" in summary
    assert "6001 (0x1771): SlippageToleranceExceeded" in summary
    assert "slippage" in summary and "The contract" not in summary


@pytest.mark.parametrize(
    ("code", "name", "cause"),
    [
        (1, "InsufficientFunds", "token_balance"),
        (3, "MintMismatch", "wrong_mint"),
        (4, "OwnerMismatch", "owner_mismatch"),
        (17, "AccountFrozen", "frozen"),
    ],
)
def test_spl_token_codes(code: int, name: str, cause: str) -> None:
    params = diagnose_solana_transaction(tx(success=False, error=custom(TOKEN, code))).params
    assert (params["error_name"], params["sol_cause"]) == (name, cause)


def test_system_program_custom_1_is_not_enough_sol() -> None:
    params = diagnose_solana_transaction(tx(success=False, error=custom(SYSTEM, 1))).params
    assert (params["error_name"], params["sol_cause"]) == (
        "ResultWithNegativeLamports",
        "sol_balance",
    )


def test_unknown_program_code_shown_in_decimal_and_hex() -> None:
    program = "whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc"
    finding = diagnose_transaction(tx(success=False, error=custom(program, 6038, top=JUPITER)))
    params = finding.params
    assert (params["sol_detail"], params["code_hex"], params["sol_cpi"]) == (
        "custom",
        "0x1796",
        "yes",
    )
    summary = advise(finding).summary
    assert f"failed in {program} with error code 6038 (0x1796)" in summary
    assert f"called from inside Jupiter v6 ({JUPITER})" in summary


def test_instruction_error_variant_cause() -> None:
    error = SolanaError(
        kind="InstructionError",
        instruction=0,
        instruction_error="ComputationalBudgetExceeded",
        program=JUPITER,
        top_program=JUPITER,
    )
    params = diagnose_solana_transaction(tx(success=False, error=error)).params
    assert (params["sol_detail"], params["sol_cause"]) == ("instruction", "compute")


@pytest.mark.parametrize(
    ("kind", "cause"),
    [
        ("InsufficientFundsForFee", "fee"),
        ("AccountNotFound", "fee"),
        ("AlreadyProcessed", "already_processed"),
        ("BlockhashNotFound", "blockhash"),
    ],
)
def test_transaction_errors(kind: str, cause: str) -> None:
    finding = diagnose_transaction(tx(success=False, error=SolanaError(kind=kind)))
    assert (finding.params["sol_detail"], finding.params["sol_cause"]) == ("transaction", cause)
    assert kind in advise(finding).summary


def test_rent_failure_names_the_account_and_minimum() -> None:
    error = SolanaError(kind="InsufficientFundsForRent", account_index=1, account=WALLET)
    finding = diagnose_transaction(tx(success=False, error=error, rent=890880))
    assert finding.params["rent_min"] == Decimal("0.00089088")
    assert f"account {WALLET}" in advise(finding).summary
    assert "0.00089088 SOL" in advise(finding).summary
    unknown = diagnose_transaction(tx(success=False, error=error))
    assert unknown.params["sol_cause"] == "rent_unknown"


def test_program_log_is_shown_raw_for_the_renderer_to_escape() -> None:
    error = replace(custom(TOKEN, 1), program_log="Error: insufficient funds\x1b[31m")
    finding = diagnose_transaction(tx(success=False, error=error))
    assert finding.params["program_log"] == "Error: insufficient funds\x1b[31m"


def test_not_found_on_solana_gets_the_expiry_explanation() -> None:
    lookups = [ChainLookup("solana", LookupStatus.NOT_FOUND, family="solana")]
    (finding,) = diagnose_search(lookups, None)
    assert finding.code is Verdict.NOT_FOUND and finding.family == "solana"
    advice = advise(finding)
    assert "expires for good" in advice.summary
    assert any("safe to send the payment again" in step for step in advice.steps)
    assert any("wait: it may still land" in step for step in advice.steps)


def address(
    *,
    lamports: int = 0,
    active: bool = False,
    holdings: tuple[tuple[TokenInfo, int], ...] = (),
    kind: AccountKind | None = AccountKind.ACCOUNT,
    solana: SolanaAddressFacts | None = None,
) -> list[ChainLookup]:
    facts = AddressFacts(
        chain="solana",
        family="solana",
        address=WALLET,
        balance=Amount(lamports, 9, "SOL"),
        token_balances=holdings,
        kind=kind,
        has_activity=active,
        history_available=True,
        solana=solana or SolanaAddressFacts(rent_exempt_minimum=890880),
    )
    return [ChainLookup("solana", LookupStatus.FOUND, address=facts)]


def test_unused_address_mentions_the_rent_minimum() -> None:
    (finding,) = diagnose_address_search(address(kind=None), None)
    assert finding.code is Verdict.ADDRESS_UNUSED and finding.family == "solana"
    assert "at least 0.00089088 SOL" in advise(finding).summary


def test_address_with_tokens_and_a_fake_one() -> None:
    official = TokenInfo(USDT, "USDT", "Tether USD", 6, TokenStatus.OFFICIAL)
    fake = TokenInfo(
        "48xDdGnciLBQh7vpxFJ3TdWDgBZ7ELwT5ne6HZbPFGgu",
        "USDT",
        "Tether USD",
        6,
        TokenStatus.IMPOSTOR,
        official_name="Tether USD",
    )
    (finding,) = diagnose_address_search(
        address(
            lamports=81203040, active=True, holdings=((official, 20508), (fake, 5_000_000_000))
        ),
        None,
    )
    summary = advise(finding).summary
    assert finding.code is Verdict.ADDRESS_OK
    assert "0.08120304 SOL" in summary and "0.020508 USDT" in summary
    assert "not the official Tether USD mint (48xDdG" in summary


def test_token_account_address_points_to_its_wallet() -> None:
    solana = SolanaAddressFacts(
        token_account_owner="5wytVPbjLb2VCXbynhUQabEZZD2B6Wxrkvwm6v6Cuy5X", token_account_mint=USDT
    )
    (finding,) = diagnose_address_search(address(active=True, solana=solana), None)
    assert "for the wallet 5wytVPbjLb2VCXbynhUQabEZZD2B6Wxrkvwm6v6Cuy5X" in advise(finding).summary


def test_mint_address_is_a_contract_in_solana_words() -> None:
    (finding,) = diagnose_address_search(
        address(active=True, kind=AccountKind.TOKEN_CONTRACT), None
    )
    assert finding.code is Verdict.ADDRESS_IS_CONTRACT
    assert advise(finding).title == "Address is a program or a token mint"
