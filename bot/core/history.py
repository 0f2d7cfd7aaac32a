"""Earlier versions of a knowledge file, kept in `history/` beside it.

Each copy is written like the knowledge file itself (temporary file, fsync, rename), so
a crash or a full disk never leaves a torn copy that would push good ones out. Copies
are named `<stem>.<UTC time>Z<suffix>` and matched by exactly that shape, so two
knowledge files in one folder (`artikel.txt`, `artikel.en.txt`) never prune each other's
and names with glob characters (`[ ]`) are pruned like any other. The oldest copies
are pruned only after a new one is safely on disk.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.disk import remove_quietly, temporaries_of, write_atomically

log = logging.getLogger(__name__)

FOLDER = "history"
_STAMP = "%Y%m%dT%H%M%S%fZ"
_STAMP_PATTERN = r"\d{8}T\d{12}Z"


def history_folder(path: Path) -> Path:
    """Where the versions of the knowledge file at `path` are kept."""
    return path.parent / FOLDER


def _name_pattern(path: Path) -> str:
    return re.escape(path.stem) + r"\." + _STAMP_PATTERN + re.escape(path.suffix)


def versions(path: Path) -> list[Path]:
    """The kept versions of `path`, oldest first (the time stamp sorts as text)."""
    folder = history_folder(path)
    pattern = re.compile(_name_pattern(path))
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(folder / name for name in names if pattern.fullmatch(name))


def keep_version(path: Path, data: bytes, *, now: datetime | None = None) -> Path | None:
    """Store `data` as the newest version of `path`; None when the newest already holds
    exactly these bytes (a retried upload does not push older versions out)."""
    existing = versions(path)
    if existing and _same_bytes(existing[-1], data):
        return None
    folder = history_folder(path)
    folder.mkdir(exist_ok=True)
    moment = now or datetime.now(UTC)
    while True:
        target = folder / f"{path.stem}.{moment.strftime(_STAMP)}{path.suffix}"
        if target not in existing and not target.exists():
            break
        moment += timedelta(microseconds=1)
    write_atomically(target, data)
    return target


def prune(path: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` versions of `path`; returns what was deleted.

    Runs after the new knowledge file is in place, so a failure is logged, not raised."""
    try:
        kept = versions(path)
    except OSError as exc:
        log.warning("could not prune %s: %s", history_folder(path), exc)
        return []
    stale = kept[:-keep] if keep > 0 else kept
    for old in stale:
        remove_quietly(old)
    return stale


def remove_stale_history_temporaries(path: Path) -> None:
    """Delete half-written copies a killed writer left in the history folder."""
    for stale in temporaries_of(history_folder(path), _name_pattern(path)):
        remove_quietly(stale)


def _same_bytes(file: Path, data: bytes) -> bool:
    try:
        return file.stat().st_size == len(data) and file.read_bytes() == data
    except OSError:
        return False
