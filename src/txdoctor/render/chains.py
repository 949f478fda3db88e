"""Tables for ``txdoctor chains`` and ``txdoctor chains --check``."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text

from txdoctor.advise.i18n import translator
from txdoctor.config import ChainsConfig
from txdoctor.core.redact import redact_url
from txdoctor.facts.endpoints import EndpointHealth
from txdoctor.render.sanitize import clean


def chains_table(config: ChainsConfig, lang: str) -> Table:
    """What is configured."""
    _ = translator(lang).gettext
    table = Table(title=_("Chains from {source}").format(source=config.source))
    for heading in (
        _("Name"),
        _("Family"),
        _("Chain id"),
        _("Native"),
        _("Confirmations"),
        _("Endpoints"),
    ):
        table.add_column(heading)
    for c in config.chains:
        table.add_row(
            Text(c.name),
            c.family,
            str(c.chain_id or "-"),
            Text(c.native),
            str(c.confirmations),
            Text("\n".join(redact_url(u) for u in c.rpc)),
        )
    return table


def health_table(results: list[EndpointHealth], lang: str) -> Table:
    """Each endpoint: reachable, right chain, latest block, latency."""
    _ = translator(lang).gettext
    table = Table(title=_("Endpoint check"))
    for heading in (
        _("Chain"),
        _("Endpoint"),
        _("Reachable"),
        _("Chain id"),
        _("Latest block"),
        _("Latency"),
        _("Problem"),
        _("Recent runs"),
    ):
        table.add_column(heading)
    for h in results:
        id_text = (
            Text("-")
            if h.chain_id is None
            else Text(str(h.chain_id), style="green" if h.chain_id_ok else "bold red")
        )
        table.add_row(
            Text(h.chain),
            Text(h.endpoint),
            Text(_("yes"), style="green") if h.reachable else Text(_("no"), style="bold red"),
            id_text,
            str(h.latest_block) if h.latest_block is not None else "-",
            f"{h.latency_ms:.0f} ms" if h.latency_ms is not None else "-",
            Text(clean(_problem(h, _), 200)),
            Text(clean(_recent(h, _), 200)),
        )
    return table


def _recent(h: EndpointHealth, _: Callable[[str], str]) -> str:
    """What earlier runs remember: asked last (and why), or its usual answer time."""
    if h.tried_last:
        return _("asked last ({error})").format(error=h.recent_error or "-")
    if h.usual_latency_ms is not None:
        return _("usually {ms} ms").format(ms=f"{h.usual_latency_ms:.0f}")
    return "-"


def _problem(h: EndpointHealth, _: Callable[[str], str]) -> str:
    if h.error:
        return h.error
    if h.chain_id_ok is False:
        return _("wrong chain id: not trusted")
    return ""
