"""Messages of ``txdoctor batch`` and ``txdoctor watch`` (English source text)."""

from __future__ import annotations

from txdoctor.advise.i18n import N_

CHECKING = N_("Checking")
# TRANSLATORS: speed of the batch, e.g. "120 rows/s"
RATE = N_("{rate} rows/s")
SUMMARY_TITLE = N_("Batch summary")
VERDICT_HEADER = N_("Verdict")
ROWS_HEADER = N_("Rows")
CODE_HEADER = N_("Code")
SUMMARY_CAPTION = N_(
    "{count} rows checked in {seconds} s ({rate} rows/s); {already} were done "
    "before. Results: {output}"
)
STDOUT = N_("standard output")
INTERRUPTED = N_(
    "stopped after {count} rows; the results so far are in {output}. To continue "
    "where it stopped, run: {command}"
)
INTERRUPTED_STDOUT = N_(
    "stopped after {count} rows (written to standard output). To be able to "
    "resume a batch, write its results to a file with --out FILE."
)
UNKNOWN_EXPECT = N_("row {row}: expect_chain '{name}' is not a configured chain; it is ignored")
NO_ROWS = N_("the input holds no rows")
CANNOT_READ = N_("cannot read {path} ({reason})")
OTHER_INPUT = N_(
    "{output} holds the results of another input: its row {row} is '{found}', but "
    "row {row} here is '{given}'. Use another --out, or the input it was made from."
)
BATCH_SIZE = N_("--batch-size: at least 4 calls per request")

WATCH_START = N_(
    "Watching {hash}: checking every {interval} s for at most {timeout} s (Ctrl-C stops)."
)
WATCH_TIMEOUT = N_("gave up after {seconds} s: the transaction is not final yet ({verdict}).")
