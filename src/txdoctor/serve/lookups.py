"""The pipeline behind the page and the API: pasted text → inputs → shared cache → reports.

Secrets are refused for the whole request before anything else (``refused``). Each input is
then looked up in the shared cache, else diagnosed by the same ``Doctor`` the command line
uses, in this worker's own thread pool so a long paste cannot starve the page of threads.
One lookup produces its report in every language at once (the explanation is pure data from
the findings), so switching a card's language is a cache hit, not a second lookup.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import time
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from txdoctor.advise import LANGUAGES, advise
from txdoctor.advise.report import Report
from txdoctor.config import ChainsConfig
from txdoctor.diagnose import Verdict
from txdoctor.fetch.keys import key_headers
from txdoctor.fetch.transport import Transport
from txdoctor.input import InputKind, Problem, classify
from txdoctor.input.eos_push_errors import PUSH_ERROR
from txdoctor.input.secrets import find_secret
from txdoctor.input.spread import join_spread_secrets
from txdoctor.pipeline.doctor import Doctor
from txdoctor.pipeline.history import History
from txdoctor.render.found import found_lines
from txdoctor.render.jsonl import report_dict
from txdoctor.render.markdown import markdown_text
from txdoctor.render.reply import reply_text
from txdoctor.serve.settings import ServeSettings
from txdoctor.serve.store import Recent, Store

Payload = dict[str, Any]
"""One input's result in one language: ``report`` (the --json object), ``reply``,
``markdown`` and ``lines`` (the labelled facts of the reply)."""

# Verdicts that will not change by waiting: cached long. Everything else (pending,
# confirming, not found yet, unreachable, an address's state) only for seconds.
FINAL = frozenset(
    {
        Verdict.CONFIRMED,
        Verdict.REPLACED,
        Verdict.FAILED_REVERTED,
        Verdict.FAILED_OUT_OF_GAS,
        Verdict.FAILED_OUT_OF_ENERGY,
        Verdict.FAKE_TOKEN,
        Verdict.SENT_TO_TOKEN_CONTRACT,
        Verdict.SENT_TO_CONTRACT,
        Verdict.WRONG_NETWORK,
    }
)
LOOKED_UP = (InputKind.TRANSACTION.value, InputKind.ADDRESS.value)


def split_paste(text: str) -> list[str]:
    """The inputs of a paste: one per non-empty line, pieces of a spread secret joined; a
    node's error text over several lines (an EOS push error, pretty-printed) is one input."""
    lines = [line.strip() for line in text.splitlines()]
    whole = text.strip()
    if len([line for line in lines if line]) > 1 and _is_push_error(whole):
        return [whole]
    return list(join_spread_secrets(line for line in lines if line))


def _is_push_error(text: str) -> bool:
    # classify: the secret guard runs first, so a secret in the error is refused whole.
    return classify(text).detail.get(PUSH_ERROR) is not None


def without_prose(inputs: Sequence[str]) -> list[str]:
    """A pasted ticket without its prose: once some line holds a hash or an address, lines
    with nothing that looks like one ("Hello", "Thanks") are left out. Lines that look like
    a damaged hash stay, so the agent sees why they are wrong."""
    kinds = [classify(raw) for raw in inputs]
    if not any(k.ok for k in kinds):
        return list(inputs)
    return [
        raw
        for raw, k in zip(inputs, kinds, strict=True)
        if k.ok or k.problem is not Problem.UNRECOGNIZED
    ]


def refused(inputs: Sequence[str]) -> bool:
    """Some input is (or holds) a recovery phrase or a private key: refuse the request."""
    if any(classify(raw).kind is InputKind.SECRET for raw in inputs):
        return True
    return find_secret("\n".join(inputs)) is not None


class Lookups:
    """Diagnoses inputs for every request of one worker, through the shared store."""

    def __init__(self, settings: ServeSettings, config: ChainsConfig, store: Store) -> None:
        self.settings = settings
        self.config = config
        self.store = store
        transport = Transport(
            timeout=settings.timeout,
            connect_timeout=min(settings.timeout, 3.0),
            retries=2,
            headers_for=key_headers(),
            rate_limits=config.rate_limits(),
        )
        self.transport = transport
        self.health_transport = Transport(
            timeout=min(settings.timeout, 5.0),
            connect_timeout=min(settings.timeout, 3.0),
            retries=0,
            headers_for=key_headers(),
        )
        self.doctor = Doctor(config, transport, "en", history=History.open_default())
        self._titles = {c.name: c.title for c in config.chains}
        self._pool = ThreadPoolExecutor(
            max_workers=settings.lookup_threads, thread_name_prefix="lookup"
        )
        fingerprint = "|".join(f"{c.name}={','.join(c.rpc)}" for c in config.chains)
        self.cache_namespace = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]

    def close(self) -> None:
        """Stop the thread pool (lookups in progress finish first)."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def stream(
        self, inputs: Sequence[str], expect: str | None, lang: str, agent: str
    ) -> AsyncIterator[tuple[int, Payload]]:
        """``(index, payload)`` for every input, as each one concludes."""
        loop = asyncio.get_running_loop()
        futures = [
            loop.run_in_executor(self._pool, self.result, raw, expect, lang, agent)
            for raw in inputs
        ]
        indexed = {id(f): i for i, f in enumerate(futures)}

        async def tagged(future: asyncio.Future[Payload]) -> tuple[int, Payload]:
            return indexed[id(future)], await future

        try:
            for next_done in asyncio.as_completed([tagged(f) for f in futures]):
                yield await next_done
        finally:
            for future in futures:
                future.cancel()  # a client gone: inputs not started yet are not looked up

    async def all(
        self, inputs: Sequence[str], expect: str | None, lang: str, agent: str
    ) -> list[Payload]:
        """Every input's payload, in input order."""
        results: dict[int, Payload] = {}
        async for index, payload in self.stream(inputs, expect, lang, agent):
            results[index] = payload
        return [results[i] for i in range(len(inputs))]

    def result(self, raw: str, expect: str | None, lang: str, agent: str) -> Payload:
        """One input's payload in ``lang``: from the shared cache, else looked up now."""
        key = self._key(raw, expect, lang)
        cached = self.store.cache_get(key)
        if cached is not None:
            return dict(cached)
        report = self.doctor.diagnose(raw, expect)
        payloads = {code: payload(relang(report, code, self._titles)) for code in LANGUAGES}
        if report.kind in LOOKED_UP:
            ttl = self._ttl(report)
            for code, value in payloads.items():
                self.store.cache_put(self._key(raw, expect, code), value, ttl)
            self.store.remember(
                Recent(time.time(), agent, report.value or "", report.chain, report.verdict.value)
            )
        return payloads[lang]

    def _ttl(self, report: Report) -> float:
        settled = report.verdict in FINAL and all(
            f.code is not Verdict.CHAINS_UNCHECKED for f in report.findings
        )
        return self.settings.final_ttl if settled else self.settings.pending_ttl

    def _key(self, raw: str, expect: str | None, lang: str) -> str:
        digest = hashlib.sha256(f"{expect or ''}\n{lang}\n{raw}".encode()).hexdigest()
        return f"{self.cache_namespace}:{digest}"


def relang(report: Report, lang: str, titles: dict[str, str]) -> Report:
    """``report`` with its explanations in ``lang`` (the findings are the same)."""
    if report.lang == lang:
        return report
    advice = tuple(advise(f, lang, titles) for f in report.findings)
    return dataclasses.replace(report, lang=lang, advice=advice)


def payload(report: Report) -> Payload:
    """What the API and the page show of one report, JSON-ready."""
    return {
        "report": report_dict(report),
        "reply": reply_text(report),
        "markdown": markdown_text(report),
        "lines": [[line.label, line.value, line.kind.value] for line in found_lines(report)],
    }
