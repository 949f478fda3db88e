#!/usr/bin/env bash
# The benchmark on a fresh clone (Python 3.11+, Node.js/npm): installs txdoctor into .venv and
# anvil + cast from npm into .tools (as tests/run.sh does), then runs bench/bench.py and
# prints its table. Arguments go to bench.py (--help lists them). Everything it starts
# listens on 127.0.0.1 only and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${TXDOCTOR_VENV:-.venv}
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ ! -x .tools/node_modules/.bin/anvil ] || [ ! -x .tools/node_modules/.bin/cast ]; then
  npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    @foundry-rs/anvil@1.7.1 @foundry-rs/cast@1.7.1
fi
export TXDOCTOR_ANVIL="$PWD/.tools/node_modules/.bin/anvil"
export TXDOCTOR_CAST="$PWD/.tools/node_modules/.bin/cast"

exec "$VENV/bin/python" bench/bench.py "$@"
