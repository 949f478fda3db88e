#!/usr/bin/env bash
# The serve benchmark on a fresh clone: installs what tests/run.sh installs (the serve extra
# included), then runs bench/serve_bench.py and prints its table. Arguments go to
# serve_bench.py (--help). Everything it starts listens on 127.0.0.1 and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=tests/setup-env.sh
source tests/setup-env.sh

exec "$VENV/bin/python" bench/serve_bench.py "$@"
