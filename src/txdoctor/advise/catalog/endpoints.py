"""Findings about the endpoints themselves (English source text)."""

from __future__ import annotations

from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.advise.i18n import N_
from txdoctor.diagnose.verdicts import Verdict

CATALOG = Catalog(
    texts={
        Verdict.ENDPOINT_LAGGING: VerdictText(
            N_("Endpoint behind"),
            N_(
                "An endpoint configured for {chain} ({endpoint}) is {behind} blocks behind "
                "another one (block {tip} against {reference_tip}); txdoctor used the "
                "up-to-date answer."
            ),
            (
                N_(
                    "Run txdoctor chains --check to see each endpoint's latest block, and remove "
                    "or replace the lagging one in your chains file."
                ),
            ),
        ),
    },
)
