"""What the CLI tests of a recorded family share: `txdoctor diagnose` run as a user runs it
against a chains file, and an empty Ethereum node beside the family's own (the other family
a shared id shape is asked of)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from support.loopback import Upstream, rpc_callback
from txdoctor.commands.cli import app

_runner = CliRunner()


class DiagnoseCli:
    """`run` and `json` of `txdoctor diagnose` with the world's ``chains`` file."""

    chains: Path

    def run(self, value: str, *extra: str, lang: str = "en", **env: str) -> tuple[int, str]:
        result = _runner.invoke(
            app,
            ["diagnose", value, "--chains-file", str(self.chains), *extra],
            env={"NO_COLOR": "1", "TXDOCTOR_LANG": lang, "COLUMNS": "200", **env},
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result.exit_code, result.stdout

    def json(self, value: str, *extra: str) -> tuple[int, dict[str, Any]]:
        code, out = self.run(value, "--json", *extra)
        lines = out.splitlines()
        assert len(lines) == 1, out
        return code, json.loads(lines[0])


def empty_evm_node(methods: list[str]) -> Upstream:
    """An Ethereum node that knows no transaction; every method asked is noted in ``methods``."""

    def handler(method: str, params: list[Any]) -> Any:
        methods.append(method)
        return {"eth_chainId": "0x1", "eth_blockNumber": "0x10"}.get(method)

    return Upstream(rpc_callback(handler)).start()
