"""The JSON API: ``POST /api/diagnose`` (streamed), codes, explain, chains, recent, healthz.

Results stream as each input concludes: JSON Lines by default, server-sent events when the
request accepts ``text/event-stream``. Both come from a POST (inputs never travel in URLs,
which end up in logs and browser history).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from txdoctor.advise import knowledge
from txdoctor.advise.i18n import LANGUAGES
from txdoctor.core.redact import redact_url
from txdoctor.diagnose.verdicts import SEVERITY
from txdoctor.render.jsonl import terminal_safe_json
from txdoctor.render.knowledge import codes_rows
from txdoctor.serve import texts
from txdoctor.serve.checks import Ask, Refusal, agent_language, check_ask, csrf_ok
from txdoctor.serve.lookups import Lookups, Payload
from txdoctor.serve.view import card

router = APIRouter()
HEALTH_TTL = 30.0
"""Endpoint health is asked at most this often (shared by the workers)."""
NO_STORE = {"cache-control": "no-store"}


class DiagnoseRequest(BaseModel):
    """The body of ``POST /api/diagnose`` (documentation; the route checks it itself so a
    refused secret is never echoed in a validation error)."""

    inputs: list[str] | None = Field(None, description="Hashes, addresses or explorer links.")
    text: str | None = Field(
        None, description="Pasted text, one input per line (instead of inputs)."
    )
    lang: str | None = Field(None, description="en, zh-CN or zh-TW.")
    format: str = Field(
        "json",
        description="json (the --json object plus its index), reply, "
        "markdown or card (the page's view).",
    )
    expect_chain: str | None = Field(None, description="The network it should be on.")


def refusal_response(refusal: Refusal) -> JSONResponse:
    """A refused request as ``{"error": {"status", "message"}}``."""
    return JSONResponse(
        {"error": {"status": refusal.status, "message": refusal.text}},
        status_code=refusal.status,
        headers=NO_STORE,
    )


@router.post(
    "/api/diagnose",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": DiagnoseRequest.model_json_schema()}},
        }
    },
    responses={
        200: {
            "description": "One result per line as each input concludes "
            "(application/x-ndjson), or server-sent events.",
            "content": {"application/x-ndjson": {}, "text/event-stream": {}},
        }
    },
)
async def diagnose(request: Request) -> Response:
    """Diagnose one or many inputs; each result is sent as soon as it is known."""
    fallback = agent_language(request)
    try:
        ask = await _ask(request, fallback)
    except Refusal as refusal:
        request.state.log = {"refused": refusal.status}
        return refusal_response(refusal)
    lookups: Lookups = request.app.state.lookups
    client = request.state.client
    request.state.log = {"inputs": len(ask.inputs)}
    events = "text/event-stream" in request.headers.get("accept", "")
    body = (
        _events(lookups, ask, client.agent, request)
        if events
        else _lines(lookups, ask, client.agent, request)
    )
    return StreamingResponse(
        body,
        media_type="text/event-stream" if events else "application/x-ndjson",
        headers={**NO_STORE, "x-accel-buffering": "no"},
    )


async def _ask(request: Request, fallback: str) -> Ask:
    if not csrf_ok(request, None):
        raise Refusal(403, texts.CROSS_SITE, fallback)
    try:
        fields = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise Refusal(400, texts.BAD_BODY, fallback) from None
    if not isinstance(fields, dict):
        raise Refusal(400, texts.BAD_BODY, fallback)
    return check_ask(fields, request.app.state.settings, request.app.state.config, fallback)


def shaped(index: int, payload: Payload, fmt: str) -> dict[str, Any]:
    """One result in the requested format."""
    report = payload["report"]
    if fmt == "json":
        return {**report, "index": index}
    if fmt == "card":
        return {"index": index, "card": card(index, payload)}
    return {
        "index": index,
        "input": report["input"],
        "verdict": report["verdict"],
        "lang": report["lang"],
        "text": payload["reply" if fmt == "reply" else "markdown"],
    }


async def _lines(lookups: Lookups, ask: Ask, agent: str, request: Request) -> AsyncIterator[str]:
    codes: list[str] = []
    async for index, payload in lookups.stream(ask.inputs, ask.expect, ask.lang, agent):
        codes.append(payload["report"]["verdict"])
        yield terminal_safe_json(shaped(index, payload, ask.fmt)) + "\n"
    request.state.log["verdicts"] = ",".join(codes)


async def _events(lookups: Lookups, ask: Ask, agent: str, request: Request) -> AsyncIterator[str]:
    codes: list[str] = []
    async for index, payload in lookups.stream(ask.inputs, ask.expect, ask.lang, agent):
        codes.append(payload["report"]["verdict"])
        data = terminal_safe_json(shaped(index, payload, ask.fmt))
        yield f"event: result\nid: {index}\ndata: {data}\n\n"
    yield f"event: done\ndata: {json.dumps({'count': len(codes)})}\n\n"
    request.state.log["verdicts"] = ",".join(codes)


@router.get("/api/codes")
def codes(request: Request, lang: str | None = None) -> JSONResponse:
    """Every verdict code with its severity, title and one-line meaning."""
    language = _lang(request, lang)
    return JSONResponse(codes_rows(language))


@router.get("/api/explain/{code}")
def explain(request: Request, code: str, lang: str | None = None) -> JSONResponse:
    """One verdict's article: what it means, how it is detected, what to do and not to do."""
    language = _lang(request, lang)
    verdict = knowledge.find_code(code)
    if verdict is None:
        raise Refusal(404, texts.UNKNOWN_CODE, language, code=code[:60])
    article = knowledge.article(verdict, language)
    return JSONResponse(
        {
            **dataclasses.asdict(article),
            "code": verdict.value,
            "severity_code": SEVERITY[verdict].value,
            "actions": list(article.actions),
            "avoid": list(article.avoid),
            "lang": language,
        }
    )


@router.get("/api/chains")
async def chains(request: Request) -> JSONResponse:
    """The configured networks, endpoints redacted, with each endpoint's health (checked at
    most every 30 s, shared by the workers)."""
    lookups: Lookups = request.app.state.lookups
    health = await asyncio.get_running_loop().run_in_executor(None, _health, lookups)
    rows = []
    for chain in lookups.config.chains:
        rows.append(
            {
                "name": chain.name,
                "title": chain.title,
                "family": chain.family,
                "chain_id": chain.chain_id,
                "native": chain.native,
                "confirmations": chain.confirmations,
                "rpc": [redact_url(u) for u in chain.rpc],
                "health": [h for h in health if h["chain"] == chain.name],
            }
        )
    return JSONResponse(rows)


def _health(lookups: Lookups) -> list[dict[str, Any]]:
    from txdoctor.fetch.health import check_all

    key = f"health:{lookups.cache_namespace}"
    cached = lookups.store.cache_get(key)
    if cached is not None:
        return list(cached)
    results = [
        dataclasses.asdict(h)
        for h in check_all(list(lookups.config.chains), lookups.health_transport)
    ]
    lookups.store.cache_put(key, results, HEALTH_TTL)
    return results


@router.get("/api/recent")
def recent(request: Request) -> JSONResponse:
    """The team's latest lookups, newest first (refused inputs are never among them)."""
    rows = request.app.state.store.recent(50)
    return JSONResponse([dataclasses.asdict(r) for r in rows], headers=NO_STORE)


@router.get("/healthz")
def healthz() -> dict[str, Any]:
    """The service is up (no chain is asked)."""
    return {"status": "ok", "time": int(time.time())}


def _lang(request: Request, lang: str | None) -> str:
    if lang is None:
        return agent_language(request)
    if lang not in LANGUAGES:
        raise Refusal(
            400,
            texts.UNKNOWN_LANG,
            agent_language(request),
            lang=lang[:20],
            choices=", ".join(LANGUAGES),
        )
    return lang
