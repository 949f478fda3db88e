"""Start uvicorn for ``txdoctor serve``: bind first, print the URL, then serve.

Binding before uvicorn starts lets ``--port 0`` print the port the system chose, and lets
``--workers N`` share one listening socket (uvicorn's own supervisor restarts a worker that
dies). uvicorn's access log is off: it writes query strings; ``security.Guard`` writes one
line per request instead.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

import uvicorn

from txdoctor.serve.app import create_app, load_config, open_store
from txdoctor.serve.settings import SETTINGS_ENV, ServeSettings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def serve(settings: ServeSettings, out: TextIO = sys.stdout) -> None:
    """Run the service until interrupted."""
    settings.check()
    os.environ[SETTINGS_ENV] = settings.to_env()
    _logging()
    options = {
        "host": settings.host,
        "port": settings.port,
        "workers": settings.workers,
        "access_log": False,
        "log_config": None,
        "server_header": False,
        "proxy_headers": False,
        "timeout_graceful_shutdown": 5,
        "limit_concurrency": 1000,
    }
    if settings.workers == 1:
        config = uvicorn.Config(create_app(settings), **options)  # type: ignore[arg-type]
    else:
        open_store(settings).close()  # a bad chains file or Redis URL fails here, once
        load_config(settings)
        config = uvicorn.Config("txdoctor.serve.app:app_from_environment", factory=True, **options)  # type: ignore[arg-type]
    sock = config.bind_socket()
    sock.listen(config.backlog)  # connections wait in the backlog until a worker is up
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    out.write(f"txdoctor serve: http://{shown}:{port}/\n")
    out.flush()
    server = uvicorn.Server(config)
    if settings.workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        server.run(sockets=[sock])


def _logging() -> None:
    """Our request lines and uvicorn's start-up messages on stderr; nothing else."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    for name in ("txdoctor.serve", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
    logging.getLogger("uvicorn.access").disabled = True
