"""Findings about endpoints that lag behind the others of their chain."""

from __future__ import annotations

from collections.abc import Sequence

from txdoctor.diagnose.verdicts import Finding, Verdict
from txdoctor.facts import ChainLookup


def lagging_findings(lookups: Sequence[ChainLookup]) -> list[Finding]:
    """One finding per endpoint seen far behind another endpoint of its chain."""
    return [
        Finding(
            Verdict.ENDPOINT_LAGGING,
            {
                "chain": lookup.chain,
                "endpoint": lag.endpoint,
                "behind": lag.behind,
                "tip": lag.tip,
                "reference_tip": lag.reference_tip,
            },
        )
        for lookup in lookups
        for lag in lookup.lagging
    ]
