"""YAML files shipped with txdoctor (the built-in chains, the known EVM chains), read at every
start: parsed once per version of their text and kept as JSON in the data directory, so that
most commands never load PyYAML (about 30 ms of CPU, a tenth of a diagnosis).

Documents go through JSON whether or not they came from the cache, so a command reads the same
values either way (mapping keys are text, as in JSON).
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from pathlib import Path
from typing import Any

_folder: Path | None = None


def keep_parsed_in(folder: Path | None) -> None:
    """Keep parsed documents in ``folder`` (created when first written); None keeps none."""
    global _folder
    _folder = folder


def load(text: str, name: str) -> Any:
    """The document of ``text``, the shipped file ``name`` (a word naming its cache file)."""
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()
    folder = _folder
    path = None if folder is None else folder / f"shipped-{name}-{key}.json"
    if path is not None:
        try:
            return json.loads(path.read_bytes())
        except (OSError, ValueError):
            pass  # not written yet, or damaged: parsed again below and written anew
    encoded = json.dumps(_parse(text), ensure_ascii=False, separators=(",", ":"))
    if path is not None:
        _store(path, encoded)
    return json.loads(encoded)


def _parse(text: str) -> Any:
    import yaml  # only when no parsed copy is kept

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _store(path: Path, encoded: str) -> None:
    """Write atomically and privately, like everything in the data directory, and drop the
    copies of earlier versions of the same file."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as stream:
            stream.write(encoded)
        os.replace(temporary, path)
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only or full data directory costs the parse, nothing else
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
