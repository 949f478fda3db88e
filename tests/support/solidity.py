"""Compile the test contracts with solc-js once per source change, deploy them, build calldata.

Compilation uses ``solcjs --bin --abi --optimize -o DIR``: solc-js' ``--standard-json`` mode
prints a non-JSON banner line (">>> Cannot retry compilation with SMT ...") on stdout, so the
plain output-directory mode is the robust choice. Artifacts land in
``$TMPDIR/txdoctor-solc/<sha256 of sources + compiler>`` and are reused by later sessions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_abi.abi import encode
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

if TYPE_CHECKING:
    from support.anvil import AnvilNode

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTRACTS_DIR = REPO_ROOT / "tests" / "contracts"
SOLCJS_ENV = "TXDOCTOR_SOLCJS"
CACHE_ENV = "TXDOCTOR_SOLC_CACHE"
COMPILE_TIMEOUT = 300
DEPLOY_GAS = 3_000_000


class SolidityError(RuntimeError):
    """solc-js is missing, compilation failed, or a contract/function is unknown."""


@dataclass(frozen=True)
class Artifact:
    """One compiled contract."""

    name: str
    abi: list[dict[str, Any]]
    bytecode: str  # 0x-prefixed creation code

    def function(self, fn_name: str) -> dict[str, Any]:
        return _abi_entry(self.abi, "function", fn_name)

    def error(self, error_name: str) -> dict[str, Any]:
        return _abi_entry(self.abi, "error", error_name)


def find_solcjs() -> str:
    """Locate solc-js: $TXDOCTOR_SOLCJS, then <repo>/.tools/node_modules/.bin/solcjs, then PATH."""
    env = os.environ.get(SOLCJS_ENV)
    if env:
        if not (Path(env).is_file() and os.access(env, os.X_OK)):
            raise SolidityError(f"${SOLCJS_ENV}={env!r} is not an executable file")
        return env
    local = REPO_ROOT / ".tools" / "node_modules" / ".bin" / "solcjs"
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    on_path = shutil.which("solcjs")
    if on_path:
        return on_path
    raise SolidityError(
        f"solcjs not found (looked at ${SOLCJS_ENV}, {local}, PATH). Install it with "
        "`npm i --prefix .tools solc@0.8.28` or set $" + SOLCJS_ENV + "."
    )


def _sources() -> list[Path]:
    files = sorted(CONTRACTS_DIR.glob("*.sol"))
    if not files:
        raise SolidityError(f"no .sol files in {CONTRACTS_DIR}")
    return files


def _source_key(solcjs: str, files: list[Path]) -> str:
    digest = hashlib.sha256()
    digest.update(str(Path(solcjs).resolve()).encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _cache_root() -> Path:
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "txdoctor-solc"


def _run_solcjs(solcjs: str, files: list[Path], out_dir: Path) -> None:
    cmd = [
        solcjs, "--bin", "--abi", "--optimize",
        "--base-path", ".", "-o", str(out_dir),
        *(path.name for path in files),
    ]  # fmt: skip
    proc = subprocess.run(
        cmd, cwd=CONTRACTS_DIR, capture_output=True, text=True, timeout=COMPILE_TIMEOUT
    )
    if proc.returncode != 0:
        raise SolidityError(f"solcjs failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout}")


def _compile_into(solcjs: str, files: list[Path], target: Path) -> None:
    """Compile into a scratch dir, then rename: concurrent sessions never see half a cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="build-", dir=target.parent))
    try:
        _run_solcjs(solcjs, files, scratch)
        try:
            scratch.rename(target)
        except OSError:
            if not target.is_dir():  # someone else won the race only if target exists
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _load_artifacts(out_dir: Path) -> dict[str, Artifact]:
    """solcjs names outputs ``<File>_sol_<Contract>.{bin,abi}``."""
    artifacts: dict[str, Artifact] = {}
    for abi_path in sorted(out_dir.glob("*_sol_*.abi")):
        name = abi_path.stem.rsplit("_sol_", 1)[1]
        bytecode = abi_path.with_suffix(".bin").read_text().strip()
        if name in artifacts:
            raise SolidityError(f"contract name {name!r} defined twice in {CONTRACTS_DIR}")
        artifacts[name] = Artifact(name, json.loads(abi_path.read_text()), "0x" + bytecode)
    return artifacts


@cache
def compile_contracts() -> dict[str, Artifact]:
    """All contracts under tests/contracts, compiled at most once per source change."""
    solcjs = find_solcjs()
    files = _sources()
    target = _cache_root() / _source_key(solcjs, files)
    if not target.is_dir():
        _compile_into(solcjs, files, target)
    artifacts = _load_artifacts(target)
    if not artifacts:
        raise SolidityError(f"solcjs produced no artifacts in {target}")
    return artifacts


def artifact(name: str) -> Artifact:
    contracts = compile_contracts()
    if name not in contracts:
        raise SolidityError(f"unknown contract {name!r}; have {sorted(contracts)}")
    return contracts[name]


# ------------------------------------------------------------------- ABI helpers
def _abi_entry(abi: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    matches = [e for e in abi if e.get("type") == kind and e.get("name") == name]
    if len(matches) != 1:
        raise SolidityError(f"expected exactly one {kind} {name!r} in ABI, found {len(matches)}")
    return matches[0]


def _arg_types(entry: dict[str, Any]) -> list[str]:
    types: list[str] = []
    for item in entry.get("inputs", []):
        if item["type"].startswith("tuple"):
            raise SolidityError("tuple arguments are not supported by this helper")
        types.append(item["type"])
    return types


def signature(entry: dict[str, Any]) -> str:
    """Canonical signature, e.g. ``transfer(address,uint256)``."""
    return f"{entry['name']}({','.join(_arg_types(entry))})"


def selector(sig: str) -> str:
    """4-byte selector of a canonical signature, 0x-prefixed hex."""
    return "0x" + keccak(text=sig)[:4].hex()


def encode_args(types: list[str], args: tuple[Any, ...]) -> bytes:
    if len(types) != len(args):
        raise SolidityError(f"expected {len(types)} arguments {types}, got {len(args)}")
    return encode(types, list(args))


def calldata(abi: list[dict[str, Any]], fn_name: str, *args: Any) -> str:
    """ABI-encoded call data for ``fn_name(*args)`` as 0x-hex."""
    entry = _abi_entry(abi, "function", fn_name)
    return selector(signature(entry)) + encode_args(_arg_types(entry), args).hex()


def error_data(abi: list[dict[str, Any]], error_name: str, *args: Any) -> str:
    """ABI-encoded revert data of a custom error, as a contract would return it."""
    entry = _abi_entry(abi, "error", error_name)
    return selector(signature(entry)) + encode_args(_arg_types(entry), args).hex()


def constructor_data(art: Artifact, *args: Any) -> str:
    ctors = [e for e in art.abi if e.get("type") == "constructor"]
    types = _arg_types(ctors[0]) if ctors else []
    return art.bytecode + encode_args(types, args).hex()


# ------------------------------------------------------------------- deployment
def deploy(node: AnvilNode, name: str, *constructor_args: Any, sender: str | None = None) -> str:
    """Deploy contract ``name`` from an unlocked dev account; return its checksum address.

    With automine off it mines one block to include the deployment.
    """
    art = artifact(name)
    from_ = sender or node.accounts()[0]
    tx_hash: str = node.rpc(
        "eth_sendTransaction",
        {"from": from_, "data": constructor_data(art, *constructor_args), "gas": hex(DEPLOY_GAS)},
    )
    receipt = node.wait_for_receipt(tx_hash)
    if int(receipt["status"], 16) != 1 or not receipt.get("contractAddress"):
        raise SolidityError(f"deploying {name} failed: {receipt!r}")
    return to_checksum_address(receipt["contractAddress"])
