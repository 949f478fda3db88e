"""The toy family's own wording of CONFIRMED (family texts are keyed by the family)."""

from __future__ import annotations

from txdoctor.advise.catalog.model import Catalog, VerdictText
from txdoctor.diagnose.verdicts import Verdict

FAMILY = "solana"  # the family this package stands in for in the test

CATALOG = Catalog(
    family_texts={
        (FAMILY, Verdict.CONFIRMED): VerdictText(
            "Toy-confirmed",
            "The toy chain buried it {depth} blocks deep.",
            ("Nothing to do: toys never fail.",),
        ),
    }
)
