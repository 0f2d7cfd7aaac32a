"""A process the crash tests kill: it uploads numbered versions of a knowledge file.

    python -m tests.core.history_child PATH KEEP [PAUSE]

Each version carries its number and, on its last line, the SHA-256 of everything before
it, so a test can tell a whole version from a torn one by reading the file alone. With
PAUSE ("history", "knowledge" or "prune") the child prints "paused" and sleeps at that
step of its next upload, so the test can kill it exactly there.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from pathlib import Path

from bot.core import history
from bot.core.knowledge_base import KnowledgeBase

PARAGRAPHS = 3000
_LAST_LINE = re.compile(rb"Einde van versie (\d+), controle ([0-9a-f]{64})\.\n\Z")


def version(n: int) -> bytes:
    """Version `n` of the knowledge file (about 300 kB)."""
    body = "".join(
        f"Alinea {i} van versie {n}: de NAVO stuurt {i * n} troepen naar de oostflank.\n\n"
        for i in range(PARAGRAPHS)
    ).encode()
    return body + f"Einde van versie {n}, controle {hashlib.sha256(body).hexdigest()}.\n".encode()


def number_of(data: bytes) -> int | None:
    """The version number of whole bytes, or None for a torn or foreign file."""
    match = _LAST_LINE.search(data)
    if match is None:
        return None
    body = data[: match.start()]
    return (
        int(match.group(1)) if hashlib.sha256(body).hexdigest() == match.group(2).decode() else None
    )


def _pause_at(step: str) -> None:
    def pause() -> None:
        print("paused", flush=True)
        time.sleep(60)

    if step == "prune":
        real_prune = history.prune

        def prune(path: Path, keep: int) -> list[Path]:
            pause()
            return real_prune(path, keep)

        history.prune = prune  # type: ignore[assignment]
        return
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        name = os.readlink(f"/proc/self/fd/{fd}")
        in_history = f"{os.sep}{history.FOLDER}{os.sep}" in name
        if name.endswith(".tmp") and in_history == (step == "history"):
            pause()
        real_fsync(fd)

    os.fsync = fsync


def main() -> None:
    path, keep = Path(sys.argv[1]), int(sys.argv[2])
    base = KnowledgeBase(path, max_bytes=10_000_000, history_keep=keep)
    if len(sys.argv) > 3:
        _pause_at(sys.argv[3])
    n = number_of(base.path.read_bytes())
    assert n is not None
    print("ready", flush=True)
    while True:
        n += 1
        assert base.reload(version(n), actor="crash", via="upload").ok
        assert base.reload(actor="crash", via="disk").ok
        print(n, flush=True)


if __name__ == "__main__":
    main()
