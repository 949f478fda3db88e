"""The page: paste box, verdict cards, copy reply, recent lookups, knowledge base, sign-in.

Everything works as plain HTML forms; ``static/app.js`` adds streaming cards, copying and
per-card language switching on top. Inputs travel only in POST bodies.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from txdoctor.advise import knowledge
from txdoctor.advise.i18n import LANGUAGES
from txdoctor.diagnose.verdicts import SEVERITY
from txdoctor.render.knowledge import codes_rows
from txdoctor.render.reply import SEPARATOR
from txdoctor.serve import texts
from txdoctor.serve.checks import Refusal, agent_language, check_ask, csrf_ok
from txdoctor.serve.lookups import Lookups
from txdoctor.serve.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, UI_LANG_COOKIE
from txdoctor.serve.view import card

router = APIRouter(include_in_schema=False)
MAX_FORM_FIELDS = 10
REFRESH_MS = 10_000
"""How often the page's script checks unsettled cards again (one request for all of them)."""
YEAR = 365 * 24 * 3600


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the agent's language, with the CSRF cookie set when missing."""
    ui = agent_language(request)
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        name,
        {
            "t": texts.page_texts(ui),
            "ui": ui,
            "languages": texts.LANGUAGE_NAMES,
            "csrf": token,
            "csrf_field": CSRF_FIELD,
            **context,
        },
        status_code=status,
        headers={"cache-control": "no-store"},
    )
    if CSRF_COOKIE not in request.cookies:
        response.set_cookie(
            CSRF_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


def _home(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    lookups: Lookups = request.app.state.lookups
    defaults: dict[str, Any] = {
        "text": "",
        "lang": agent_language(request),
        "expect": "",
        "cards": [],
        "error": None,
        "separator": SEPARATOR,
        "refresh_ms": REFRESH_MS,
    }
    recent = [
        {
            "at": time.strftime("%Y-%m-%d %H:%M", time.gmtime(r.at)),
            "agent": r.agent,
            "value": r.value,
            "chain": r.chain or "",
            "verdict": r.verdict,
        }
        for r in request.app.state.store.recent(20)
    ]
    return _render(
        request,
        "index.html",
        status,
        chains=lookups.config.chains,
        recent=recent,
        **(defaults | context),
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """The paste box, the team's recent lookups and the way to the knowledge base."""
    return _home(request)


@router.post("/", response_class=HTMLResponse)
async def check(request: Request) -> HTMLResponse:
    """The form without JavaScript: every card at once, in input order."""
    form = await _form(request)
    fallback = agent_language(request)
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        return _home(request, 403, error=texts.say(fallback)(texts.CROSS_SITE))
    try:
        ask = check_ask(form, request.app.state.settings, request.app.state.config, fallback)
    except Refusal as refusal:  # the paste is not shown again: it may hold the secret
        request.state.log = {"refused": refusal.status}
        return _home(
            request,
            refusal.status,
            error=refusal.text,
            text="" if refusal.status == 422 else form.get("text", ""),
        )
    lookups: Lookups = request.app.state.lookups
    payloads = await lookups.all(ask.inputs, ask.expect, ask.lang, request.state.client.agent)
    request.state.log = {
        "inputs": len(ask.inputs),
        "verdicts": ",".join(p["report"]["verdict"] for p in payloads),
    }
    return _home(
        request,
        text=form.get("text", ""),
        lang=ask.lang,
        expect=ask.expect or "",
        cards=[card(i, p) for i, p in enumerate(payloads)],
    )


@router.post("/prefs")
async def prefs(request: Request) -> Response:
    """Save the agent's own language (a cookie), then back to the page."""
    form = await _form(request)
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        return _home(request, 403, error=texts.say(agent_language(request))(texts.CROSS_SITE))
    response = RedirectResponse("/", status_code=303)
    if form.get("ui") in LANGUAGES:
        response.set_cookie(
            UI_LANG_COOKIE,
            form["ui"],
            max_age=YEAR,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return response


@router.get("/codes", response_class=HTMLResponse)
def codes_page(request: Request) -> HTMLResponse:
    """Every verdict code with its meaning, each linking to its article."""
    return _render(request, "codes.html", rows=codes_rows(agent_language(request)))


@router.get("/codes/{code}", response_class=HTMLResponse)
def article_page(request: Request, code: str) -> HTMLResponse:
    """One verdict's article."""
    verdict = knowledge.find_code(code)
    if verdict is None:
        return _render(
            request,
            "codes.html",
            404,
            rows=codes_rows(agent_language(request)),
            error=texts.say(agent_language(request))(texts.UNKNOWN_CODE, code=code[:60]),
        )
    return _render(
        request,
        "article.html",
        article=knowledge.article(verdict, agent_language(request)),
        severity=SEVERITY[verdict].value,
        headings={k: texts.say(agent_language(request))(v) for k, v in knowledge.HEADINGS.items()},
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    """Ask for the access token (only when the service has one)."""
    return _render(request, "login.html")


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the token in constant time; the session cookie proves it was given."""
    from txdoctor.serve.security import session_value

    form = await _form(request)
    token = request.app.state.settings.read_token()
    given = form.get("token", "").strip()
    if (
        not csrf_ok(request, form.get(CSRF_FIELD))
        or token is None
        or not hmac.compare_digest(given.encode(), token.encode())
    ):
        return _render(
            request, "login.html", 401, error=texts.say(agent_language(request))(texts.UNAUTHORIZED)
        )
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_value(token),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def _form(request: Request) -> dict[str, str]:
    """An url-encoded form's fields (the first value of each)."""
    body = (await request.body()).decode("utf-8", "replace")
    try:
        fields = parse_qs(body, max_num_fields=MAX_FORM_FIELDS, keep_blank_values=True)
    except ValueError:  # too many fields: not our form
        return {}
    return {name: values[0] for name, values in fields.items()}
