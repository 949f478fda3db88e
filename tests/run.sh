#!/usr/bin/env bash
# The whole test suite on a fresh machine (Python 3.11+, Node.js/npm): installs txdoctor
# with its test dependencies into .venv, anvil/cast/solc-js from npm into .tools, then
# runs ruff, mypy and pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ ! -x .tools/node_modules/.bin/anvil ] || [ ! -x .tools/node_modules/.bin/solcjs ]; then
  npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    @foundry-rs/anvil@1.7.1 @foundry-rs/cast@1.7.1 solc@0.8.28
fi
export TXDOCTOR_ANVIL="$PWD/.tools/node_modules/.bin/anvil"
export TXDOCTOR_CAST="$PWD/.tools/node_modules/.bin/cast"
export TXDOCTOR_SOLCJS="$PWD/.tools/node_modules/.bin/solcjs"

.venv/bin/ruff check src tests
.venv/bin/mypy
.venv/bin/pytest "$@"
