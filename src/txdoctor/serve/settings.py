"""How ``txdoctor serve`` runs: every option of the command, checked once."""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from txdoctor.advise.i18n import N_
from txdoctor.core.errors import TxDoctorError

SETTINGS_ENV = "TXDOCTOR_SERVE_SETTINGS"
"""Workers started by uvicorn read the settings from here (never the token itself)."""
LOOPBACK_NAMES = ("localhost",)


@dataclass(frozen=True)
class ServeSettings:
    """The options of ``txdoctor serve``."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    token_file: str | None = None
    trusted_user_header: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    frame_ancestors: tuple[str, ...] = ()
    redis_url: str | None = None
    data_dir: str | None = None
    chains_file: str | None = None
    rpc: tuple[str, ...] = ()
    timeout: float = 8.0
    rate_limit: int = 120
    """Requests per minute per client identity."""
    max_body_bytes: int = 256 * 1024
    max_inputs: int = 200
    lookup_threads: int = 32
    """Inputs looked up at once by one worker (its own pool, not the framework's)."""
    pending_ttl: float = 5.0
    final_ttl: float = 600.0

    def to_env(self) -> str:
        """These settings as JSON, for the workers' environment."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServeSettings:
        """The settings the parent process put in ``TXDOCTOR_SERVE_SETTINGS``."""
        raw = json.loads(os.environ[SETTINGS_ENV])
        for name in ("allowed_hosts", "frame_ancestors", "rpc"):
            raw[name] = tuple(raw[name])
        return cls(**raw)

    @property
    def loopback(self) -> bool:
        """Only this machine can connect."""
        return is_loopback(self.host)

    def hosts(self) -> tuple[str, ...]:
        """The Host header values accepted (against DNS rebinding)."""
        own = ("127.0.0.1", "localhost", "[::1]", "::1") if self.loopback else (self.host,)
        return tuple(dict.fromkeys((*own, *self.allowed_hosts)))

    def read_token(self) -> str | None:
        """The shared bearer token from ``--token-file`` (None without the option)."""
        if self.token_file is None:
            return None
        try:
            token = Path(self.token_file).read_text("utf-8").strip()
        except OSError as exc:
            raise TxDoctorError(
                N_("--token-file: cannot read {path} ({error})"),
                path=self.token_file,
                error=exc.strerror or "error",
            ) from None
        if len(token) < 16:
            raise TxDoctorError(N_("--token-file: the token must be at least 16 characters"))
        return token

    def check(self) -> None:
        """Refuse settings that would expose the service or cannot work."""
        if not self.loopback and not (self.token_file or self.trusted_user_header):
            raise TxDoctorError(
                N_(
                    "--host {host} lets other machines connect: give --token-file PATH or "
                    "--trusted-user-header NAME (behind a proxy that sets it)"
                ),
                host=self.host,
            )
        if self.host in ("0.0.0.0", "::") and not self.allowed_hosts:
            raise TxDoctorError(
                N_(
                    "--host {host} listens on every address: name the host names agents use with "
                    "--allowed-host NAME (the Host check refuses every other)"
                ),
                host=self.host,
            )
        if not 0 <= self.port <= 65535:
            raise TxDoctorError(N_("--port: choose 0 to 65535"))
        for origin in self.frame_ancestors:
            if not origin.startswith("https://") or any(c in origin for c in " ;,'\""):
                raise TxDoctorError(
                    N_(
                        "--frame-ancestor: give an https:// origin, e.g. "
                        "https://example.zendesk.com"
                    )
                )
        self.read_token()


def is_loopback(host: str) -> bool:
    """``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
