"""Where an endpoint URL really leads: the scheme and host the HTTP client connects to.

Python's ``urlsplit`` and the HTTP client (urllib3, through its ``parse_url``) read
some URLs differently: in ``http://127.0.0.1:8080\\@api.trongrid.io/`` urlsplit sees the
host ``api.trongrid.io`` while the connection goes to 127.0.0.1. Any decision that sends a
secret (which API key header to add) is taken on what the client connects to, and the
chains file refuses URLs the two read differently (``config.endpoint_problem``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

KEYED_DOMAINS = ("trongrid.io", "etherscan.io")
"""Hosts (and their subdomains) txdoctor sends an API key to, when one is configured."""


def connected_origin(url: str) -> tuple[str, str] | None:
    """``(scheme, host)`` as the HTTP client reads ``url``, lower-case; None if unparseable."""
    # Imported here: urllib3 is only needed once a URL is checked or a request is made.
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    try:
        parts = parse_url(url)
    except (LocationParseError, ValueError):
        return None
    if not parts.scheme or not parts.host:
        return None
    return parts.scheme.lower(), parts.host.lower().strip("[]").rstrip(".")


def split_host(url: str) -> str | None:
    """The host as ``urllib.parse.urlsplit`` reads it, lower-case; None if unparseable."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return None if host is None else host.rstrip(".")


def is_on_domain(host: str, domain: str) -> bool:
    """True when ``host`` is ``domain`` or one of its subdomains."""
    return host == domain or host.endswith("." + domain)


def gets_api_key(url: str, domain: str) -> bool:
    """True when a key for ``domain`` may travel with a request to ``url``: the client
    connects over https to that domain, and both URL readers agree on the host."""
    origin = connected_origin(url)
    if origin is None or origin[0] != "https" or not is_on_domain(origin[1], domain):
        return False
    return split_host(url) == origin[1]
