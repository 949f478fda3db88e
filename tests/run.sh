#!/usr/bin/env bash
# The whole test suite on a fresh machine (Python 3.11+, Node.js/npm): installs txdoctor and
# its locked toolchain (uv.lock) into .venv, anvil/cast/solc-js from npm into .tools, then runs
# ruff (lint and format), mypy and pytest. Extra arguments go to pytest.
#   bash tests/run.sh --latest [PYTEST ARGS]   the drift check: the newest versions that
#                                              pyproject.toml allows, in .venv-latest
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --latest ]; then
  shift
  export TXDOCTOR_LATEST=1
fi
# shellcheck source=tests/setup-env.sh
source tests/setup-env.sh

"$VENV/bin/ruff" check src tests tools bench
"$VENV/bin/ruff" format --check src tests tools bench
"$VENV/bin/mypy"
"$VENV/bin/pytest" "$@"
