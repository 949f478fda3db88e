"""Connection managers for the HTTP client: direct, or through the proxy the environment
names (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``, as requests and curl read
them), trusting certifi's CA bundle or the one ``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE``
names. Every manager's pools bind their connections to the request's guard (``_guard``).
"""

from __future__ import annotations

import base64
import functools
import os
import ssl
import warnings
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

import urllib3
import urllib3.exceptions
from urllib3.util import Url, parse_url
from urllib3.util.ssl_ import create_urllib3_context

from txdoctor.fetch.transport._failure import EndpointFailure
from txdoctor.fetch.transport._guard import GUARDED_POOLS, guarded

_POOL_SIZE = 16
_ORIGINS = 64  # pools kept, one per origin: more than the endpoints of every chain together
_SOCKS = ("socks4", "socks4a", "socks5", "socks5h")


def new_manager(proxy: str, *, tls: bool) -> urllib3.PoolManager:
    """A pool manager going direct (``proxy`` empty) or through ``proxy``, for https targets
    (``tls``) or http ones."""
    # No cookies: urllib3 keeps none, so nothing tracks us and no state is shared by threads.
    options: dict[str, Any] = {"maxsize": _POOL_SIZE}
    if tls or proxy.startswith("https:"):  # an https proxy is verified like an endpoint
        options.update(_trust())
    if not proxy:
        manager = urllib3.PoolManager(_ORIGINS, **options)
        manager.pool_classes_by_scheme = dict(GUARDED_POOLS)
        return manager
    try:
        parts = parse_url(proxy)
    except urllib3.exceptions.LocationParseError:
        raise EndpointFailure("invalid proxy URL in the environment") from None
    if parts.scheme in _SOCKS:
        try:
            with warnings.catch_warnings():  # urllib3 warns before it raises ImportError
                warnings.simplefilter("ignore")
                from urllib3.contrib.socks import SOCKSProxyManager
        except ImportError:
            raise EndpointFailure("SOCKS proxy needs PySocks (pip install pysocks)") from None
        user, password = url_credentials(parts.auth) or (None, None)
        socks = SOCKSProxyManager(proxy, user, password, _ORIGINS, **options)
        pools = socks.pool_classes_by_scheme
        socks.pool_classes_by_scheme = {scheme: guarded(pool) for scheme, pool in pools.items()}
        return socks
    if parts.scheme not in ("http", "https") or not parts.host:
        raise EndpointFailure("invalid proxy URL in the environment")
    credentials = url_credentials(parts.auth)  # as requests: the proxy URL's user info
    auth = {"Proxy-Authorization": basic_auth(credentials)} if credentials else {}
    if parts.scheme == "https" and "ssl_context" in options:
        options["proxy_ssl_context"] = options["ssl_context"]
    manager = urllib3.ProxyManager(proxy, _ORIGINS, proxy_headers=auth, **options)
    manager.pool_classes_by_scheme = dict(GUARDED_POOLS)
    return manager


def url_credentials(auth: str | None) -> tuple[str, str] | None:
    """User and password from a URL's user info, %-decoded (a user alone: an empty
    password, as requests sent it); None without user info."""
    user, _, password = (auth or "").partition(":")
    return (unquote(user), unquote(password)) if user or password else None


def basic_auth(credentials: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(":".join(credentials).encode()).decode()


def _trust() -> dict[str, Any]:
    """The CA bundle requests used: ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``, else certifi's."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if not bundle:
        import certifi  # here: importing it costs milliseconds (importlib.resources)

        bundle = certifi.where()
    try:
        return {"ssl_context": _tls_context(bundle)}
    except (OSError, ssl.SSLError):  # unreadable: each TLS connection fails, plain HTTP works
        return {"ca_certs": bundle}


@functools.cache
def _tls_context(bundle: str) -> ssl.SSLContext:
    """One verifying context per CA bundle for the whole process: loading a bundle costs tens
    of milliseconds of CPU, which urllib3 would otherwise spend on every new connection."""
    context = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
    if os.path.isdir(bundle):
        context.load_verify_locations(capath=bundle)
    else:
        context.load_verify_locations(cafile=bundle)
    return context


def proxy_for(target: Url) -> str:
    """The proxy the environment names for ``target``, as requests chose it; "" for none."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return ""  # the usual case, decided without importing urllib.request
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(target.scheme or "") or proxies.get("all", "")
    host = (target.host or "").strip("[]")
    place = f"{host}:{target.port}" if target.port else host
    if not proxy or urllib.request.proxy_bypass(place) or _in_networks(host, proxies):
        return ""
    return proxy if "://" in proxy else f"http://{proxy}"


def _in_networks(host: str, proxies: Mapping[str, str]) -> bool:
    """Whether the IP address ``host`` is in a network ``NO_PROXY`` lists (``10.0.0.0/8``)."""
    import ipaddress

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    for entry in proxies.get("no", "").replace(" ", "").split(","):
        try:
            if "/" in entry and address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False
