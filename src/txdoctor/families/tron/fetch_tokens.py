"""TRC-20 tokens: a stranger token's symbol/name/decimals (read with
``/wallet/triggerconstantcontract``) and balances. Whether it impersonates an official one is
judged by ``diagnose/tokens.py``, shared with the other families.
"""

from __future__ import annotations

from txdoctor.config import ChainConfig
from txdoctor.facts import TokenInfo
from txdoctor.families.tron.fetch_api import TronApi
from txdoctor.families.tron.fetch_decode import abi_string, abi_uint, hex_address
from txdoctor.fetch.transport import AllEndpointsFailed

SYMBOL_SELECTOR = "95d89b41"  # symbol()
NAME_SELECTOR = "06fdde03"  # name()
DECIMALS_SELECTOR = "313ce567"  # decimals()
BALANCE_OF = "balanceOf(address)"
MAX_DECIMALS = 77  # more than any uint256 amount has digits: a lie


def read_token(api: TronApi, chain: ChainConfig, contract: str) -> TokenInfo:
    """What a token says of itself: nothing to read when the table lists it (the table's
    words are used), else read from the contract.

    A call that fails (a contract without ``name()``, a node error) leaves that field unknown.
    """
    if chain.listed_token(contract) is not None:
        return TokenInfo(contract, None, None, None)
    symbol = abi_string(_constant(api, contract, SYMBOL_SELECTOR))
    name = abi_string(_constant(api, contract, NAME_SELECTOR))
    decimals = abi_uint(_constant(api, contract, DECIMALS_SELECTOR), MAX_DECIMALS + 1)
    return TokenInfo(contract, symbol, name, decimals)


def balance_of(api: TronApi, contract: str, owner: str) -> int | None:
    """``balanceOf(owner)`` of a token contract, None when the call failed."""
    word = "0" * 24 + hex_address(owner)[2:]
    return abi_uint(_constant(api, contract, None, BALANCE_OF, word))


def _constant(
    api: TronApi,
    contract: str,
    data: str | None,
    selector: str | None = None,
    parameter: str | None = None,
) -> str | None:
    """The first ``constant_result`` of a read-only call; None when it reverted or failed."""
    contract_hex = hex_address(contract)
    body: dict[str, str] = {"owner_address": contract_hex, "contract_address": contract_hex}
    if data is not None:
        body["data"] = data
    if selector is not None:
        body |= {"function_selector": selector, "parameter": parameter or ""}
    try:
        answer = api.wallet("wallet/triggerconstantcontract", body)
    except AllEndpointsFailed:
        return None
    results = answer.get("constant_result")
    transaction = answer.get("transaction")
    ret = transaction.get("ret") if isinstance(transaction, dict) else None
    failed = isinstance(ret, list) and any(
        isinstance(r, dict) and r.get("ret") == "FAILED" for r in ret
    )
    ok = isinstance(answer.get("result"), dict) and answer["result"].get("result") is True
    if failed or not ok or not isinstance(results, list) or not results:
        return None
    first = results[0]
    return first if isinstance(first, str) else None
