"""A doctor words each distinct finding once, exactly as ``advise`` words it."""

from __future__ import annotations

from decimal import Decimal

from txdoctor.advise import advise
from txdoctor.config import load_chains
from txdoctor.diagnose import Finding, Verdict
from txdoctor.diagnose.verdicts import Param
from txdoctor.fetch.transport import Transport
from txdoctor.pipeline.doctor import Doctor


def _doctor(lang: str = "en") -> Doctor:
    return Doctor(load_chains(environ={}), Transport(), lang)


def test_a_repeated_finding_reads_as_advise_words_it() -> None:
    doctor = _doctor("zh-CN")
    params: dict[str, Param] = {
        "chain": "ethereum",
        "confirmations": 16,
        "required": 12,
        "fee": Decimal("0.0003"),
    }
    first = doctor._advice(Finding(Verdict.CONFIRMED, params))
    again = doctor._advice(Finding(Verdict.CONFIRMED, dict(params)))
    assert again is first
    assert first == advise(Finding(Verdict.CONFIRMED, params), "zh-CN", doctor._titles)


def test_equal_values_that_read_differently_are_worded_apart() -> None:
    doctor = _doctor()
    for one, other in ((1, True), (Decimal("1"), Decimal("1.0"))):
        findings = [
            Finding(Verdict.CONFIRMED, {"chain": "ethereum", "confirmations": v, "required": 12})
            for v in (one, other)
        ]
        worded = [doctor._advice(f) for f in findings]
        assert worded == [advise(f, "en", doctor._titles) for f in findings]
        if one == 1 and other is True:  # "has 1 confirmations" / "has True confirmations"
            assert worded[0].summary != worded[1].summary
