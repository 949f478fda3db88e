#!/usr/bin/env bash
# The benchmark on a fresh clone (Python 3.11+, Node.js/npm): installs txdoctor and its locked
# dependencies (uv.lock) into .venv and anvil + cast from npm into .tools, exactly as
# tests/run.sh does, then runs bench/bench.py and prints its table. Arguments go to bench.py
# (--help lists them); `bash bench/run.sh faults [ARGS]` runs bench/faults.py instead. Everything it starts listens on 127.0.0.1 only and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=tests/setup-env.sh
source tests/setup-env.sh

if [ "${1:-}" = faults ]; then  # the "fast under failure" benchmark (bench/faults.py)
  shift
  exec "$VENV/bin/python" bench/faults.py "$@"
fi
exec "$VENV/bin/python" bench/bench.py "$@"
