"""kill -9 at any point of uploads and reloads, and a disk too small for the next file:
every history copy stays whole and the newest good versions are kept."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.core import history
from tests.conftest import ROOT
from tests.core.history_child import number_of, version

KEEP = 2


def start_child(path: Path, *pause: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.core.history_child", str(path), str(KEEP), *pause],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)


def assert_whole_and_newest_kept(path: Path) -> tuple[int, int]:
    """Check the knowledge file and every history copy; (version on disk, torn temporaries)."""
    on_disk = number_of(path.read_bytes())
    assert on_disk is not None, "the knowledge file is torn"
    numbers = []
    for copy in history.versions(path):
        number = number_of(copy.read_bytes())
        assert number is not None, f"torn history copy {copy.name}"
        numbers.append(number)
    if numbers:
        newest = numbers[-1]
        # The served version is copied before the new file is written: the newest copy is
        # the version before the one on disk, or (killed in between) the one on disk.
        assert newest in (on_disk - 1, on_disk)
        assert numbers == list(range(newest - len(numbers) + 1, newest + 1)), numbers
        assert min(KEEP, newest + 1) <= len(numbers) <= KEEP + 1
    else:
        assert on_disk == 0
    temporaries = (
        [n for n in os.listdir(path.parent / "history") if n.startswith(".")]
        if (path.parent / "history").exists()
        else []
    )
    return on_disk, len(temporaries)


@pytest.mark.timeout(300)
def test_kill_9_at_random_points_of_uploads_and_reloads(tmp_path: Path) -> None:
    path = tmp_path / "artikel.txt"
    path.write_bytes(version(0))
    rng = random.Random(12)
    for _ in range(10):
        child = start_child(path)
        time.sleep(rng.uniform(0.0, 0.8))
        kill(child)
        assert_whole_and_newest_kept(path)
    assert (number_of(path.read_bytes()) or 0) > 0


@pytest.mark.timeout(300)
@pytest.mark.parametrize("step", ["history", "knowledge", "prune"])
def test_kill_9_inside_each_step_of_an_upload(tmp_path: Path, step: str) -> None:
    path = tmp_path / "artikel.txt"
    path.write_bytes(version(0))
    for _ in range(KEEP + 1):
        child = start_child(path, step)
        assert child.stdout is not None
        assert child.stdout.readline() == "paused\n"
        kill(child)
        on_disk, temporaries = assert_whole_and_newest_kept(path)
        if step == "history":
            assert temporaries == 1  # the half-written copy is a temporary file, not a version
        # The next start serves what is on disk and uploads the version after it.
        child = start_child(path)
        assert child.stdout is not None
        assert int(child.stdout.readline()) == on_disk + 1
        kill(child)
        assert_whole_and_newest_kept(path)
    assert len(history.versions(path)) >= KEEP


_FULL_DISK = """
import json, resource, signal, sys
from pathlib import Path
from bot.core import history
from bot.core.knowledge_base import KnowledgeBase
from tests.core.history_child import version
path, limit = Path(sys.argv[1]), int(sys.argv[2])
base = KnowledgeBase(path, max_bytes=10_000_000, history_keep=3)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
small, large = version(7)[:limit // 2].rsplit(b"\\n\\n", 1)[0] + b"\\n", version(8) * 2
reports = [base.reload(data, actor="t", via="upload") for data in (small, large)]
print(json.dumps([[r.ok, r.error] for r in reports]))
"""


@pytest.mark.timeout(120)
def test_a_file_system_that_refuses_the_write_leaves_everything_whole(tmp_path: Path) -> None:
    """A real failing write (RLIMIT_FSIZE in a child: the kernel refuses bytes past the
    limit, as a full disk does): the history copy of a served file over the limit fails,
    then the knowledge file's write; both leave no torn file and change nothing."""
    path = tmp_path / "artikel.txt"
    served = version(5)
    path.write_bytes(served)
    (tmp_path / "history").mkdir()
    older = tmp_path / "history" / "artikel.20200101T000000000000Z.txt"
    older.write_bytes(version(4))
    limit = len(served) - 1000
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(path), str(limit)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=100,
        check=True,
    )
    (small_ok, small_error), (large_ok, large_error) = json.loads(done.stdout)
    assert not small_ok and "could not keep the current version" in small_error
    assert "File too large" in small_error
    assert not large_ok and "could not keep the current version" in large_error
    assert path.read_bytes() == served
    assert [p.read_bytes() for p in history.versions(path)] == [version(4)]
    assert [n for n in os.listdir(tmp_path / "history") if n.startswith(".")] == []
    assert sorted(os.listdir(tmp_path)) == ["artikel.txt", "history"]
