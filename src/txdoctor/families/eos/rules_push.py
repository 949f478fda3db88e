"""Rules for an EOS push error: the node's refusal, read from the text the user pasted.

A transaction that would fail is refused when it is pushed (never in a block, nothing
charged), so these verdicts come from the error alone: REJECTED with its cause (CPU, NET or
RAM short, or a contract's assert such as eosio.token's "overdrawn balance"), or EXPIRED for
``expired_tx_exception``. An expired error naming its transaction's id is looked up first
(the pipeline does it): if the id is in a block after all, that is the verdict instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from txdoctor.diagnose.verdicts import Finding, Param, Verdict

FAMILY = "eos"
_MEASURES: Mapping[str, tuple[str, ...]] = {
    "cpu": ("billed_us", "limit_us"),
    "net": ("net_bytes", "net_limit"),
    "ram": ("ram_needed", "ram_available"),
}
_CARRIED = (
    "account",
    "assert_message",
    "expiration",
    "block_time",
    "billed_us",
    "limit_us",
    "net_bytes",
    "net_limit",
    "ram_needed",
    "ram_available",
)


def push_error_params(detail: Mapping[str, str | int]) -> dict[str, Param]:
    """What the error says, as finding params: its name and code (for the agent), the
    cause and the sentence that words it, and the numbers, account or message it gives."""
    cause = str(detail.get("cause", ""))
    params: dict[str, Param] = {
        "error_name": str(detail.get("push_error", "")),
        "error_code": detail.get("error_code"),
        "eos_cause": cause,
        "eos_refused": _sentence(cause, detail),
    }
    params |= {key: detail[key] for key in _CARRIED if key in detail}
    if cause == "expired":
        params["eos_expired"] = "times" if "expiration" in detail else None
    return params


def _sentence(cause: str, detail: Mapping[str, str | int]) -> str | None:
    """The variant sentence of the cause: with its numbers when the error gives them."""
    if cause == "expired":
        return None
    if cause == "ram" and "account" in detail:
        return "ram_account"
    if cause == "assert" and "assert_message" not in detail:
        return "assert_silent"  # the body's details were left out: no message to quote
    measures = _MEASURES.get(cause)
    if measures and all(key in detail for key in measures):
        return f"{cause}_measured"
    return cause


def push_error_finding(detail: Mapping[str, str | int]) -> Finding:
    """The verdict of a push error that names no transaction to look up."""
    params = push_error_params(detail)
    code = Verdict.EXPIRED if params["eos_cause"] == "expired" else Verdict.REJECTED
    return Finding(code, params, family=FAMILY)
