#!/usr/bin/env bash
# The benchmark on a fresh clone (Python 3.11+, Node.js/npm): installs txdoctor and its locked
# dependencies (uv.lock) into .venv and anvil + cast from npm into .tools, exactly as
# tests/run.sh does, then runs bench/bench.py and prints its table. Arguments go to bench.py
# (--help lists them). Everything it starts listens on 127.0.0.1 only and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=tests/setup-env.sh
source tests/setup-env.sh

exec "$VENV/bin/python" bench/bench.py "$@"
