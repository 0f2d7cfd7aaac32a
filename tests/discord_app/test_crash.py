"""A writer killed mid-write never leaves the knowledge file truncated or missing.

`/reload` with a file writes the new article with `write_atomically`; if the bot dies
(OOM killer, power loss, SIGKILL) during that write, the next start must still find a
complete file: the old one or the new one.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT

WRITER = """
import sys
from pathlib import Path
from bot.core.knowledge_base import write_atomically
path, a, b = Path(sys.argv[1]), Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()
print("ready", flush=True)
while True:
    write_atomically(path, b)
    write_atomically(path, a)
"""
SIZE = 8 * 1024 * 1024
ROUNDS = 12


def test_sigkill_during_atomic_writes_leaves_old_or_new_bytes(tmp_path: Path) -> None:
    old = (b"oude versie van het artikel. " * (SIZE // 29 + 1))[:SIZE]
    new = (b"nieuwe versie, iets anders!! " * (SIZE // 29 + 1))[: SIZE + 4096]
    (tmp_path / "a.bin").write_bytes(old)
    (tmp_path / "b.bin").write_bytes(new)
    folder = tmp_path / "knowledge"
    folder.mkdir()
    target = folder / "article.txt"
    target.write_bytes(old)
    rng = random.Random(1234)
    interrupted = 0

    for _ in range(ROUNDS):
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(target),
                str(tmp_path / "a.bin"),
                str(tmp_path / "b.bin"),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline() == b"ready\n"
            time.sleep(rng.uniform(0.005, 0.25))
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=5)

        data = target.read_bytes()
        assert data in (old, new), f"file is {len(data)} bytes: neither old nor new"
        leftovers = list(folder.glob(".article.txt.*.tmp"))
        interrupted += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()

    assert interrupted > 0, "no kill landed mid-write; the test proved nothing"
