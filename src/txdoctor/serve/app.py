"""The ASGI application of ``txdoctor serve``: API, page, shared state and the guard."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from txdoctor.config import ChainsConfig, apply_overrides, load_chains
from txdoctor.pipeline.history import data_dir
from txdoctor.serve import api, page, texts
from txdoctor.serve.checks import Refusal, agent_language
from txdoctor.serve.lookups import Lookups
from txdoctor.serve.security import Guard
from txdoctor.serve.settings import ServeSettings
from txdoctor.serve.store import FILE_NAME, RedisStore, SqliteStore, Store

HERE = Path(__file__).parent


def open_store(settings: ServeSettings) -> Store:
    """Redis when ``--redis`` is given, else the SQLite file in the data directory."""
    if settings.redis_url:
        store = RedisStore(settings.redis_url)
        store.ping()
        return store
    folder = Path(settings.data_dir) if settings.data_dir else data_dir()
    return SqliteStore(folder / FILE_NAME)


def load_config(settings: ServeSettings) -> ChainsConfig:
    """The chains file and ``--rpc`` overrides, as the other commands read them."""
    return apply_overrides(load_chains(settings.chains_file), rpc=list(settings.rpc), only=[])


def create_app(settings: ServeSettings) -> FastAPI:
    """The whole service for ``settings`` (one per worker process)."""
    config = load_config(settings)
    store = open_store(settings)
    lookups = Lookups(settings, config, store)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        lookups.close()
        store.close()

    app = FastAPI(
        title="txdoctor",
        summary="What happened to a crypto transfer, and what to do next",
        version="1",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.config = config
    app.state.store = store
    app.state.lookups = lookups
    # Chain data reaches the templates: escaping is on for every template, always.
    templates = Jinja2Templates(
        env=jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    )
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(Refusal, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.include_router(api.router)
    app.include_router(page.router)
    app.add_middleware(Guard, settings=settings, store=store)
    return app


async def _refused(request: Request, refusal: Refusal) -> JSONResponse:
    return api.refusal_response(refusal)


async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's own validation errors echo the values sent: answer without them."""
    return api.refusal_response(Refusal(400, texts.BAD_BODY, agent_language(request)))


def app_from_environment() -> FastAPI:
    """uvicorn's factory for each worker: the settings the parent process exported."""
    return create_app(ServeSettings.from_env())
