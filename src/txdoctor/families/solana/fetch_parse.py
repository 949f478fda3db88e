"""Solana JSON-RPC answers (``jsonParsed``) into plain values: no I/O.

Shapes follow agave's RPC serialisation (``transaction-status`` crate): a parsed message's
``accountKeys`` are ``{pubkey, writable, signer, source}``; an instruction is either
``{program, programId, parsed: {type, info}, stackHeight}`` or, for programs the node cannot
parse, ``{programId, accounts, data, stackHeight}``; ``meta.innerInstructions`` are
``{index, instructions}`` with ``index`` the top-level instruction they ran under.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from txdoctor.facts import Commitment, SolanaError
from txdoctor.fetch.interface import MalformedAnswer

SYSTEM_PROGRAM = "11111111111111111111111111111111"
TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
TOKEN_PROGRAMS = frozenset({TOKEN_PROGRAM, TOKEN_2022_PROGRAM})
COMPUTE_BUDGET_PROGRAM = "ComputeBudget111111111111111111111111111111"
_SOL_TRANSFERS = {"transfer", "transferWithSeed"}
_TOKEN_TRANSFERS = {"transfer", "transferChecked", "transferCheckedWithFee"}
_FAILED = re.compile(r"^Program (\w{32,44}) failed: (.{1,300})$")
_SUCCESS = re.compile(r"^Program \w{32,44} success$")
_PROGRAM_LOG = re.compile(r"^Program log: (.{1,300})$")
_ERROR_WORDS = re.compile(r"error|insufficient|exceed|invalid|mismatch|not enough", re.I)


@dataclass(frozen=True)
class SignatureStatus:
    """One entry of ``getSignatureStatuses``."""

    slot: int | None
    confirmations: int | None
    commitment: Commitment | None
    err: Any


@dataclass(frozen=True)
class SolMove:
    """A System-program transfer of lamports."""

    source: str
    destination: str
    lamports: int


@dataclass(frozen=True)
class TokenMove:
    """An SPL-token transfer, with token accounts resolved to their wallets where known."""

    mint: str | None
    sender: str  # the source account's wallet, else its authority, else the token account
    recipient: str  # the destination account's wallet, else the token account
    raw_amount: int
    decimals: int | None


@dataclass(frozen=True)
class _Holding:
    mint: str
    owner: str | None
    decimals: int | None


def as_int(value: Any, what: str) -> int:
    """A JSON integer (or a decimal string, as token amounts are), else MalformedAnswer."""
    if isinstance(value, bool):
        raise MalformedAnswer(f"{what} is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise MalformedAnswer(f"{what} is not a number")


def opt_int(value: Any) -> int | None:
    """An int, or None for anything else (optional fields)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def signature_status(result: Any) -> SignatureStatus | None:
    """The single status of a one-signature ``getSignatureStatuses`` answer."""
    if not isinstance(result, dict) or not isinstance(result.get("value"), list):
        raise MalformedAnswer("getSignatureStatuses has no value list")
    values = result["value"]
    if len(values) != 1:
        raise MalformedAnswer("getSignatureStatuses answered for another number of signatures")
    entry = values[0]
    if entry is None:
        return None
    if not isinstance(entry, dict):
        raise MalformedAnswer("a signature status is not an object")
    raw = entry.get("confirmationStatus")
    commitment = Commitment(raw) if raw in {c.value for c in Commitment} else None
    return SignatureStatus(
        opt_int(entry.get("slot")),
        opt_int(entry.get("confirmations")),
        commitment,
        entry.get("err"),
    )


def account_keys(tx: dict[str, Any]) -> list[str]:
    """The transaction's account addresses, in index order (lookup-table ones included)."""
    message = _message(tx)
    keys = message.get("accountKeys") if message else None
    if not isinstance(keys, list):
        return []
    out = []
    for key in keys:
        pubkey = key.get("pubkey") if isinstance(key, dict) else key
        out.append(pubkey if isinstance(pubkey, str) else "")
    return out


def top_level_instructions(tx: dict[str, Any]) -> list[dict[str, Any]]:
    """The instructions the signers wrote, in order (not those programs invoked)."""
    message = _message(tx)
    instructions = message.get("instructions") if message else None
    if not isinstance(instructions, list):
        return []
    return [ix for ix in instructions if isinstance(ix, dict)]


def top_level_programs(tx: dict[str, Any]) -> list[str | None]:
    """The program of each top-level instruction, in order."""
    message = _message(tx)
    instructions = message.get("instructions") if message else None
    if not isinstance(instructions, list):
        return []
    return [ix.get("programId") if isinstance(ix, dict) else None for ix in instructions]


def all_instructions(tx: dict[str, Any], meta: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every instruction in execution order: each top-level one, then those it invoked."""
    message = _message(tx)
    outer = message.get("instructions") if message else None
    inner: dict[int, list[Any]] = {}
    for group in meta.get("innerInstructions") or []:
        if isinstance(group, dict) and isinstance(group.get("index"), int):
            inner.setdefault(group["index"], []).extend(group.get("instructions") or [])
    for index, ix in enumerate(outer if isinstance(outer, list) else []):
        for item in (ix, *inner.get(index, ())):
            if isinstance(item, dict):
                yield item


def sol_moves(instructions: Sequence[dict[str, Any]]) -> list[SolMove]:
    """System-program lamport transfers (top-level and inner)."""
    moves = []
    for ix in instructions:
        kind, info = _parsed(ix, {SYSTEM_PROGRAM})
        if kind in _SOL_TRANSFERS and info is not None:
            lamports = opt_int(info.get("lamports"))
            source, destination = info.get("source"), info.get("destination")
            if lamports is not None and isinstance(source, str) and isinstance(destination, str):
                moves.append(SolMove(source, destination, lamports))
    return moves


def token_moves(
    instructions: Sequence[dict[str, Any]], keys: Sequence[str], meta: dict[str, Any]
) -> list[TokenMove]:
    """SPL-token transfers, resolved through ``pre/postTokenBalances`` to mints and wallets."""
    holdings = _holdings(keys, meta)
    moves = []
    for ix in instructions:
        kind, info = _parsed(ix, TOKEN_PROGRAMS)
        if kind not in _TOKEN_TRANSFERS or info is None:
            continue
        move = _token_move(info, holdings)
        if move is not None:
            moves.append(move)
    return moves


def _token_move(info: dict[str, Any], holdings: dict[str, _Holding]) -> TokenMove | None:
    source, destination = info.get("source"), info.get("destination")
    if not isinstance(source, str) or not isinstance(destination, str):
        return None
    amount_field = info.get("tokenAmount")
    token_amount = amount_field if isinstance(amount_field, dict) else {}
    raw = info.get("amount", token_amount.get("amount"))
    try:
        amount = as_int(raw, "token amount")
    except MalformedAnswer:
        return None
    held_from, held_to = holdings.get(source), holdings.get(destination)
    mint = info.get("mint") or (held_from or held_to or _Holding("", None, None)).mint or None
    decimals = opt_int(token_amount.get("decimals"))
    if decimals is None:
        decimals = next((h.decimals for h in (held_from, held_to) if h is not None), None)
    authority = info.get("authority") or info.get("multisigAuthority")
    sender = (held_from.owner if held_from else None) or authority or source
    recipient = (held_to.owner if held_to else None) or destination
    return TokenMove(mint if isinstance(mint, str) else None, sender, recipient, amount, decimals)


def _holdings(keys: Sequence[str], meta: dict[str, Any]) -> dict[str, _Holding]:
    holdings: dict[str, _Holding] = {}
    for entry in [*(meta.get("preTokenBalances") or []), *(meta.get("postTokenBalances") or [])]:
        if not isinstance(entry, dict):
            continue
        index, mint = entry.get("accountIndex"), entry.get("mint")
        if not isinstance(index, int) or not 0 <= index < len(keys) or not isinstance(mint, str):
            continue
        amount = entry.get("uiTokenAmount")
        decimals = opt_int(amount.get("decimals")) if isinstance(amount, dict) else None
        owner = entry.get("owner")
        holdings[keys[index]] = _Holding(mint, owner if isinstance(owner, str) else None, decimals)
    return holdings


def _parsed(
    ix: dict[str, Any],
    programs: set[str] | frozenset[str],
) -> tuple[str | None, dict[str, Any] | None]:
    if ix.get("programId") not in programs:
        return None, None
    parsed = ix.get("parsed")
    if not isinstance(parsed, dict) or not isinstance(parsed.get("info"), dict):
        return None, None
    kind = parsed.get("type")
    return (kind if isinstance(kind, str) else None), parsed["info"]


def _message(tx: dict[str, Any]) -> dict[str, Any] | None:
    transaction = tx.get("transaction")
    message = transaction.get("message") if isinstance(transaction, dict) else None
    return message if isinstance(message, dict) else None


# -- failures --------------------------------------------------------------------------


def decode_error(
    err: Any, logs: Sequence[str], keys: Sequence[str], programs: Sequence[str | None]
) -> SolanaError:
    """``meta.err`` (or a status's ``err``) with the failing program found in the logs."""
    kind, payload = _variant(err)
    fields: dict[str, Any] = {}
    if kind == "InstructionError" and isinstance(payload, list) and len(payload) == 2:
        index, inner = payload
        ix_kind, ix_payload = _variant(inner)
        fields = {
            "instruction": opt_int(index),
            "instruction_error": ix_kind,
            "custom_code": opt_int(ix_payload) if ix_kind == "Custom" else None,
        }
    elif kind == "DuplicateInstruction":
        fields = {"instruction": opt_int(payload)}
    elif isinstance(payload, dict) and opt_int(payload.get("account_index")) is not None:
        index = payload["account_index"]
        fields = {
            "account_index": index,
            "account": keys[index] if 0 <= index < len(keys) else None,
        }
    instruction = fields.get("instruction")
    top = (
        programs[instruction]
        if instruction is not None and 0 <= instruction < len(programs)
        else None
    )
    program, message, program_log = failure_in_logs(logs)
    return SolanaError(
        kind=kind,
        top_program=top,
        program=program or top,
        log_message=message,
        program_log=program_log,
        raw=json.dumps(err, separators=(",", ":"))[:500],
        **fields,
    )


def _variant(value: Any) -> tuple[str, Any]:
    """Serde's externally tagged enum: ``"Name"`` or ``{"Name": payload}``."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, dict) and len(value) == 1:
        ((name, payload),) = value.items()
        return str(name), payload
    return "Unknown", value


def failure_in_logs(logs: Sequence[str]) -> tuple[str | None, str | None, str | None]:
    """The innermost failing program, its failure text, and its last error-like log line.

    The runtime prints "Program X failed: …" for the innermost program first, then for
    each caller up to the top-level instruction; the error code belongs to the first.
    """
    last_error_log = None
    for line in logs:
        if not isinstance(line, str):
            continue
        failed = _FAILED.match(line)
        if failed:
            return failed.group(1), failed.group(2), last_error_log
        if _SUCCESS.match(line):  # a program that logged an error but went on is not it
            last_error_log = None
        logged = _PROGRAM_LOG.match(line)
        if logged and _ERROR_WORDS.search(logged.group(1)):
            last_error_log = logged.group(1)
    return None, None, last_error_log
