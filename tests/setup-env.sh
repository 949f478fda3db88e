#!/usr/bin/env bash
# Sourced by tests/run.sh and bench/run.sh: installs what the tests and benchmarks need and
# exports where it is. Python: the exact versions of uv.lock into .venv (or, with
# TXDOCTOR_LATEST=1, the newest versions pyproject.toml allows into .venv-latest); uv itself
# from requirements/uv.txt (hash-checked). Node: anvil, cast and solc-js from npm into .tools.
# Debian: chromium (the serve page's browser tests, driven by Playwright without
# `playwright install`, with a small CJK font) and redis-server (the several-hosts cache),
# installed only when missing.
PYTHON=${PYTHON:-python3}
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1

if [ ! -x .tools/uv/bin/uv ]; then
  "$PYTHON" -m venv .tools/uv
  .tools/uv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
    --require-hashes -r requirements/uv.txt
fi
UV=$PWD/.tools/uv/bin/uv

if [ "${TXDOCTOR_LATEST:-0}" = 1 ]; then
  VENV=.venv-latest
  [ -x "$VENV/bin/python" ] || "$UV" venv --quiet --python "$PYTHON" "$VENV"
  VIRTUAL_ENV=$PWD/$VENV "$UV" pip install --quiet --upgrade -e '.[serve]' --group dev
else
  VENV=.venv
  UV_PROJECT_ENVIRONMENT=$PWD/$VENV "$UV" sync --quiet --locked --extra serve --python "$PYTHON"
fi

if [ ! -x .tools/node_modules/.bin/anvil ] || [ ! -x .tools/node_modules/.bin/solcjs ]; then
  npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    @foundry-rs/anvil@1.7.1 @foundry-rs/cast@1.7.1 solc@0.8.28
fi
export TXDOCTOR_ANVIL="$PWD/.tools/node_modules/.bin/anvil"
export TXDOCTOR_CAST="$PWD/.tools/node_modules/.bin/cast"
export TXDOCTOR_SOLCJS="$PWD/.tools/node_modules/.bin/solcjs"


# The browser and Redis tests use Debian's packages; apt-get runs only when one is missing.
_apt_missing=()
[ -x "${TXDOCTOR_CHROMIUM:-/usr/bin/chromium}" ] || _apt_missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || _apt_missing+=(redis-server)
# A small CJK font, so the browser tests' screenshots show the Chinese pages legibly.
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || _apt_missing+=(fonts-wqy-microhei)
if [ "${#_apt_missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  _sudo=(); [ "$(id -u)" = 0 ] || _sudo=(sudo)
  "${_sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${_sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${_apt_missing[@]}" >/dev/null
fi
export TXDOCTOR_CHROMIUM="${TXDOCTOR_CHROMIUM:-/usr/bin/chromium}"
export TXDOCTOR_REDIS_SERVER="${TXDOCTOR_REDIS_SERVER:-$(command -v redis-server || echo redis-server)}"
