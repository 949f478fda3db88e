"""`txdoctor diagnose` on Polkadot, end to end through the real CLI, against recorded Subscan
answers on 127.0.0.1 (tests/support/subscan.py, bodies from tests/fixtures/polkadot, sources
and what was assembled in its README): every Polkadot verdict in three languages, the hash
shape shared with EVM and Aptos, the optional Subscan key, and `chains --check`."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from support.cli_world import DiagnoseCli, empty_evm_node
from support.subscan import Subscan, fixture
from txdoctor.commands.cli import app
from txdoctor.core import ss58

runner = CliRunner()
TRANSFER = fixture("extrinsic_transfer_docs.json")
TRANSFER_HASH = TRANSFER["data"]["extrinsic_hash"]
SENDER = TRANSFER["data"]["account_id"]
RECIPIENT = TRANSFER["data"]["transfer"]["to"]
NOT_FINAL = fixture("extrinsic_not_finalized_issue103.json")
FAILED_HASH = "0x" + "fa" * 32  # the assembled failure is served under this hash
PENDING_HASH = "0x" + "ab" * 32
UNKNOWN_HASH = "0x" + "0c" * 32
HOLDER = "133aNPNmMZjKJNyKmueFpQoDwmyW72gtSjSpNZ1yJhRPQjfe"  # search_account_vultisig.json
EMPTIED = "16ZL8yLyXv3V3L3z9ofR1ovFLziyXaN1DPq4yffMAZ9czzBD"  # search_account_emptied_assembled
SUBSCAN = "https://polkadot.subscan.io"
HUB_SUBSCAN = "https://assethub-polkadot.subscan.io"


def other_network(address: str, prefix: int) -> str:
    """The same account in another network's SS58 format."""
    decoded = ss58.decode(address)
    assert decoded is not None
    return ss58.encode(decoded.account_id, prefix)


@dataclass
class World(DiagnoseCli):
    """Asset Hub's and the relay chain's recorded Subscan, an empty Ethereum node, a chains
    file naming them."""

    hub: Subscan
    relay: Subscan
    evm_methods: list[str]
    chains: Path


def failed_with(module: str, name: str, doc: str) -> dict[str, Any]:
    """The assembled failure with another decoded DispatchError (names and docs from
    pallet_balances and sp-runtime's TokenError, README)."""
    body = copy.deepcopy(fixture("extrinsic_failed_assembled.json"))
    body["data"]["error"] = {"module": module, "name": name, "doc": doc}
    return body


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    hub, relay = Subscan().start(), Subscan().start()
    methods: list[str] = []
    evm = empty_evm_node(methods)
    hub.extrinsics[TRANSFER_HASH] = TRANSFER
    hub.extrinsics[FAILED_HASH] = fixture("extrinsic_failed_assembled.json")
    hub.extrinsics[PENDING_HASH] = fixture("extrinsic_pending_assembled.json")
    relay.extrinsics[NOT_FINAL["data"]["extrinsic_index"]] = NOT_FINAL
    hub.accounts[HOLDER] = fixture("search_account_vultisig.json")
    hub.accounts[EMPTIED] = fixture("search_account_emptied_assembled.json")
    chains = tmp_path / "chains.yaml"
    chains.write_text(
        "chains:\n"
        f"  polkadot_asset_hub:\n    family: polkadot\n    rpc: [{hub.url}]\n"
        f"  polkadot:\n    family: polkadot\n    rpc: [{relay.url}]\n"
        f"  ethereum:\n    family: evm\n    chain_id: 1\n    rpc: [{evm.url}]\n"
    )
    yield World(hub, relay, methods, chains)
    hub.stop()
    relay.stop()
    evm.stop()


def test_a_finalized_transfer_is_confirmed_with_its_amount_and_fee(world: World) -> None:
    code, out = world.run(TRANSFER_HASH)
    text = " ".join(out.split())
    assert code == 0
    assert "Confirmed · Polkadot Asset Hub" in out
    assert "in block 2028659, and that block is finalized: it cannot be rolled back" in text
    assert f"It sent 256.109 DOT to {RECIPIENT}." in text
    assert "0.0156 DOT" in out  # fee 156000000 planck
    assert world.hub.bodies("/api/scan/extrinsic") == [{"hash": TRANSFER_HASH}]


def test_the_0x_hash_is_asked_of_every_chain_that_has_its_shape(world: World) -> None:
    code, report = world.json(TRANSFER_HASH)
    assert (code, report["verdict"], report["chain"]) == (0, "CONFIRMED", "polkadot_asset_hub")
    assert "eth_getTransactionByHash" in world.evm_methods
    assert report["checked"] == {
        "polkadot_asset_hub": "found",
        "polkadot": "not_found",
        "ethereum": "not_found",
    }
    assert report["facts"]["fee_paid"]["raw"] == "156000000"


def test_a_subscan_link_by_index_asks_polkadot_only_and_an_unfinalized_block_is_confirming(
    world: World,
) -> None:
    code, report = world.json(f"{SUBSCAN}/extrinsic/6156059-1")
    assert (code, report["verdict"], report["chain"]) == (0, "CONFIRMING", "polkadot")
    assert "not finalized yet" in report["summary"]
    assert world.relay.bodies("/api/scan/extrinsic") == [{"extrinsic_index": "6156059-1"}]
    assert world.evm_methods == []
    _, out = world.run("6156059-1")  # a bare index: the whole paste
    assert "succeeded in block 6156059" in out and "None" not in out


@pytest.mark.parametrize(
    ("module", "name", "doc", "cause"),
    [
        (
            "Balances",
            "InsufficientBalance",
            "Balance too low to send value.",
            "more than the sender could spend",
        ),
        ("Token", "FundsUnavailable", "Funds are unavailable.", "more than the sender could spend"),
        (
            "Balances",
            "ExistentialDeposit",
            "Value too low to create account due to existential deposit.",
            "below the existential deposit (0.01 DOT)",
        ),
        (
            "Token",
            "BelowMinimum",
            "Account cannot exist with the funds that would be given.",
            "a new account must receive at least that much",
        ),
        ("Balances", "KeepAlive", "Transfer/payment would kill account.", "keep-alive transfer"),
        (
            "Token",
            "NotExpendable",
            "Withdrawal would cause unwanted loss of account.",
            "Leave at least 0.01 DOT behind",
        ),
    ],
)
def test_a_dispatch_error_is_failed_with_its_meaning_and_the_fee_charged(
    world: World, module: str, name: str, doc: str, cause: str
) -> None:
    world.hub.extrinsics[FAILED_HASH] = failed_with(module, name, doc)
    code, out = world.run(FAILED_HASH)
    text = " ".join(out.split())
    assert code == 1 and "Failed · Polkadot Asset Hub" in out
    assert f"It failed with the error {module}.{name}." in text
    assert f"The network describes that error as: {doc}" in text
    assert cause in text
    assert "The fee of 0.0156 DOT was still charged." in text
    assert "contract" not in text  # an EVM sentence


def test_a_failed_transfer_shows_what_its_call_asked_to_send(world: World) -> None:
    _, report = world.json(FAILED_HASH)
    facts = report["facts"]
    # The call's arguments (value in planck, dest as an account id) of the recorded body;
    # the dest's Polkadot form is the recipient Subscan's transfer names.
    assert (facts["value"]["raw"], facts["recipient"]) == ("2561090000000", RECIPIENT)
    assert facts["success"] is False and "It sent" not in report["summary"]


def test_a_pool_extrinsic_within_its_era_is_pending(world: World) -> None:
    code, report = world.json(PENDING_HASH)
    assert (code, report["verdict"]) == (0, "PENDING")
    assert "waiting to be included in a block" in report["summary"]
    # Its era ends at block 2029166; the recorded head (metadata) is 2028483.
    assert world.hub.bodies("/api/scan/metadata") == [{}]


def test_a_pool_extrinsic_past_its_era_is_expired(world: World) -> None:
    world.hub.metadata = fixture("metadata_past_death_assembled.json")
    code, report = world.json(PENDING_HASH)
    assert report["verdict"] == "EXPIRED"
    assert "validity period ended" in report["summary"]
    assert "no fee was charged" in report["summary"]
    assert code != 0


def test_a_pool_extrinsic_gone_before_its_era_ends_is_only_not_found(world: World) -> None:
    assert world.json(PENDING_HASH)[1]["verdict"] == "PENDING"  # remembered, ~684 blocks left
    del world.hub.extrinsics[PENDING_HASH]
    assert world.json(PENDING_HASH)[1]["verdict"] == "NOT_FOUND"


def test_a_pool_extrinsic_gone_after_its_era_ended_is_expired_from_the_history(
    world: World,
) -> None:
    # Blocks of 1 ms: the era (684 blocks past the recorded head) ends within a second.
    text = world.chains.read_text().replace(
        "  polkadot:\n", "    block_time: 0.001\n  polkadot:\n", 1
    )
    world.chains.write_text(text)
    assert world.json(PENDING_HASH)[1]["verdict"] == "PENDING"
    del world.hub.extrinsics[PENDING_HASH]
    time.sleep(1.0)
    code, report = world.json(PENDING_HASH)
    assert (report["verdict"], report["chain"]) == ("EXPIRED", "polkadot_asset_hub")
    assert "validity period ended" in report["summary"] and code != 0


def test_an_unknown_index_is_not_found_in_polkadot_words(world: World) -> None:
    _, out = world.run(f"{HUB_SUBSCAN}/extrinsic/1234-5")
    text = " ".join(out.split())
    assert "Not found" in out
    assert "No checked Polkadot network knows this transaction" in text
    assert "Kusama or a parachain" in text


def test_an_unknown_0x_hash_is_not_found_everywhere(world: World) -> None:
    code, report = world.json(UNKNOWN_HASH)
    assert report["verdict"] == "NOT_FOUND"
    assert set(report["checked"].values()) == {"not_found"}
    assert code != 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-CN", ("手续费", "Balances.InsufficientBalance", "0.0156 DOT")),
        ("zh-TW", ("手續費", "Balances.InsufficientBalance", "0.0156 DOT")),
    ],
)
def test_a_failure_reads_in_chinese(world: World, lang: str, words: tuple[str, ...]) -> None:
    _, out = world.run(FAILED_HASH, lang=lang)
    for word in words:
        assert word in out
    assert "It failed" not in out  # translated, not English


@pytest.mark.parametrize(("lang", "word"), [("zh-CN", "交易哈希"), ("zh-TW", "交易雜湊")])
def test_a_reply_in_chinese_carries_no_codes(world: World, lang: str, word: str) -> None:
    _, reply = world.run(TRANSFER_HASH, "--format", "reply", lang=lang)
    assert word in reply and "256.109 DOT" in reply
    for internal in ("CONFIRMED", "txdoctor", "polkadot_asset_hub", "--"):
        assert internal not in reply


def test_an_account_holding_dot_is_ok_with_its_balance(world: World) -> None:
    _, report = world.json(f"{HUB_SUBSCAN}/account/{HOLDER}")
    assert report["verdict"] == "ADDRESS_OK"
    assert "It holds 1.0847818 DOT on Polkadot Asset Hub." in report["summary"]
    assert world.hub.bodies("/api/v2/scan/search") == [{"key": HOLDER}]
    assert world.relay.bodies("/api/v2/scan/search") == [{"key": HOLDER}]  # both asked


def test_an_account_that_sent_but_holds_nothing_was_reaped(world: World) -> None:
    reaped = copy.deepcopy(fixture("search_account_vultisig.json"))
    reaped["data"]["account"] |= {"balance": "0", "nonce": 3}
    world.hub.accounts[HOLDER] = reaped
    _, report = world.json(HOLDER)
    assert report["verdict"] == "ADDRESS_OK"
    assert "below the existential deposit (0.01 DOT) is removed" in report["summary"]


@pytest.mark.parametrize("address", [EMPTIED, SENDER])  # emptied; unknown to Subscan
def test_an_account_with_nothing_is_unused_with_the_deposit_explained(
    world: World, address: str
) -> None:
    _, report = world.json(address)
    assert report["verdict"] == "ADDRESS_UNUSED"
    assert "first transfer of at least the existential deposit (0.01 DOT)" in report["summary"]


@pytest.mark.parametrize(("prefix", "words"), [(2, "Kusama address"), (42, "generic format")])
def test_another_networks_format_is_the_wrong_network_with_the_polkadot_form(
    world: World, prefix: int, words: str
) -> None:
    pasted = other_network(HOLDER, prefix)
    code, report = world.json(pasted)
    assert report["verdict"] == "WRONG_NETWORK" and report["value"] == pasted
    assert f"On Polkadot the same account is written {HOLDER}." in report["summary"]
    assert words in report["summary"]
    # The same account, asked in its Polkadot form: its state comes second.
    assert world.hub.bodies("/api/v2/scan/search") == [{"key": HOLDER}]
    assert [f["code"] for f in report["findings"]] == ["WRONG_NETWORK", "ADDRESS_OK"]
    assert code != 0


def test_a_typo_in_an_address_is_a_checksum_error_before_any_lookup(world: World) -> None:
    typo = HOLDER[:-1] + ("e" if HOLDER[-1] != "e" else "f")
    code, report = world.json(typo)
    assert (code, report["verdict"]) == (2, "INVALID_INPUT")
    assert "Polkadot address's built-in checksum does not match" in report["summary"]
    assert world.hub.requests == [] and world.relay.requests == []


def test_a_kusama_or_test_network_link_is_refused_before_any_lookup(world: World) -> None:
    _, kusama = world.json(f"https://kusama.subscan.io/extrinsic/{TRANSFER_HASH}")
    _, westend = world.json(f"https://westend.subscan.io/extrinsic/{TRANSFER_HASH}")
    assert kusama["verdict"] == westend["verdict"] == "INVALID_INPUT"
    assert "kusama" in kusama["summary"] and "westend" in westend["summary"]
    assert world.hub.requests == [] and world.relay.requests == []


def test_the_runtimes_error_text_is_chain_text_defanged_in_the_reply(world: World) -> None:
    world.hub.extrinsics[FAILED_HASH] = failed_with(
        "Balances", "InsufficientBalance", "claim at https://evil.example/x <b>now</b>"
    )
    _, reply = world.run(FAILED_HASH, "--format", "markdown")
    assert "https://evil.example" not in reply and "hxxps://evil.example/x" in reply
    assert "<b>" not in reply


def test_a_key_refusal_names_the_setting_for_the_agent_only(world: World) -> None:
    world.hub.status = world.relay.status = 401
    code, report = world.json(f"{HUB_SUBSCAN}/extrinsic/1234-5")
    assert (code, report["verdict"]) == (3, "UNREACHABLE")
    assert any("set SUBSCAN_API_KEY" in note for note in report["notes"])
    _, reply = world.run(f"{HUB_SUBSCAN}/extrinsic/1234-5", "--format", "reply")
    assert "SUBSCAN_API_KEY" not in reply


def test_the_key_never_travels_over_plain_http_nor_shows_in_the_log(world: World) -> None:
    key = "sk-subscan-0123456789abcdef"
    result = runner.invoke(
        app,
        ["-v", "diagnose", TRANSFER_HASH, "--json", "--chains-file", str(world.chains)],
        env={"NO_COLOR": "1", "SUBSCAN_API_KEY": key},
    )
    assert json.loads(result.stdout)["verdict"] == "CONFIRMED"
    assert key not in result.stdout + result.stderr
    # Loopback is http, and not *.subscan.io: the key was not sent.
    headers = [h for _, _, h in world.hub.requests]
    assert headers and all("X-API-Key" not in h and key not in h.values() for h in headers)


def test_chains_check_knows_polkadot_by_its_ss58_prefix(world: World, tmp_path: Path) -> None:
    kusama = Subscan().start()
    kusama.metadata = copy.deepcopy(kusama.metadata)
    kusama.metadata["data"]["addressType"] = "2"
    chains = tmp_path / "check.yaml"
    chains.write_text(
        "chains:\n  polkadot_asset_hub:\n    family: polkadot\n"
        f"    rpc: [{world.hub.url}, {kusama.url}]\n"
    )
    try:
        result = runner.invoke(app, ["chains", "--check", "--json", "--chains-file", str(chains)])
    finally:
        kusama.stop()
    good, other = (json.loads(line) for line in result.stdout.splitlines())
    assert good["chain_id_ok"] is True and good["latest_block"] == 2028483
    assert other["chain_id_ok"] is False and other["error"] == "SS58 prefix 2, not Polkadot's 0"
