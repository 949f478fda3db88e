"""The greeting and sign-off around a customer reply, per language.

Polite defaults come from the message catalogs; a help desk puts its own in ``replies.yaml``
in txdoctor's config directory (``TXDOCTOR_CONFIG_DIR``, else the platform's user config
directory, e.g. ``~/.config/txdoctor``)::

    en:
      greeting: "Hi there,"
      sign_off: "Kind regards,\\nThe Example Wallet team"
    zh-CN:
      greeting: "您好，"
      sign_off: "祝您顺利。\\nExample Wallet 客服团队"

A language or key left out keeps its default; an empty string leaves that line out. The
file is read once per run; a malformed one is a clear error naming the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from txdoctor.advise.i18n import LANGUAGES, N_, translator
from txdoctor.core.errors import ConfigError

CONFIG_ENV = "TXDOCTOR_CONFIG_DIR"
FILE_NAME = "replies.yaml"
KEYS = ("greeting", "sign_off")
MAX_CHARS = 500

GREETING = N_("Hello,")
SIGN_OFF = N_(
    "If you have any other questions, just reply to this message.\nKind regards,\nCustomer support"
)


@dataclass(frozen=True)
class Frame:
    """What goes before and after the reply; an empty string is left out."""

    greeting: str
    sign_off: str


def config_dir() -> Path:
    """``TXDOCTOR_CONFIG_DIR``, else the platform's user config directory."""
    given = os.environ.get(CONFIG_ENV)
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_config_dir("txdoctor", appauthor=False))


def frame_for(lang: str) -> Frame:
    """The greeting and sign-off of ``lang``: the help desk's own, else the defaults."""
    own = _load(config_dir() / FILE_NAME).get(lang, {})
    _ = translator(lang).gettext
    return Frame(own.get("greeting", _(GREETING)), own.get("sign_off", _(SIGN_OFF)))


@cache
def _load(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(
            N_("cannot read it ({reason})"), source=str(path), reason=type(exc).__name__
        ) from exc
    return _checked(data or {}, str(path))


def _checked(data: Any, source: str) -> dict[str, dict[str, str]]:
    if not isinstance(data, dict):
        raise ConfigError(
            N_("expected one section per language ({choices})"),
            source=source,
            choices=", ".join(LANGUAGES),
        )
    frames: dict[str, dict[str, str]] = {}
    for lang, entry in data.items():
        if lang not in LANGUAGES or not isinstance(entry, dict):
            raise ConfigError(
                N_("expected one section per language ({choices})"),
                source=source,
                choices=", ".join(LANGUAGES),
            )
        for key, value in entry.items():
            if key not in KEYS or not isinstance(value, str) or len(value) > MAX_CHARS:
                raise ConfigError(
                    N_(
                        "'{key}' must be greeting or sign_off, a text of at most "
                        "{maximum} characters"
                    ),
                    source=source,
                    key=str(key)[:40],
                    maximum=MAX_CHARS,
                )
        frames[lang] = dict(entry)
    return frames
