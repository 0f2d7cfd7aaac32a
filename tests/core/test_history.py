"""History copies: written atomically, named and pruned per knowledge file, the served
version kept; uploads through a symlink write its target."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from bot.core import history
from bot.core.knowledge_base import KnowledgeBase

FIRST = b"Eerste versie\n\nDe NAVO stuurt troepen naar Roemenie. Dat zei Stoltenberg.\n"


def version(n: int) -> bytes:
    text = f"Versie {n}\n\nDe NAVO stuurt {n} troepen naar Roemenie. Dat zei de woordvoerder.\n"
    return text.encode()


def make_base(path: Path, keep: int = 3) -> KnowledgeBase:
    path.write_bytes(FIRST)
    return KnowledgeBase(path, max_bytes=1_000_000, history_keep=keep)


def kept(path: Path) -> list[bytes]:
    return [p.read_bytes() for p in history.versions(path)]


def test_each_upload_keeps_the_version_it_replaces(tmp_path: Path) -> None:
    base = make_base(tmp_path / "artikel.txt")
    for n in range(1, 4):
        report = base.reload(version(n), actor="a", via="upload")
        assert report.ok and report.history_file is not None
    assert kept(base.path) == [FIRST, version(1), version(2)]
    base.reload(version(4), actor="a", via="upload")
    assert kept(base.path) == [version(1), version(2), version(3)]


def test_two_knowledge_files_in_one_folder_never_prune_each_other(tmp_path: Path) -> None:
    dutch = make_base(tmp_path / "artikel.txt", keep=2)
    english = make_base(tmp_path / "artikel.en.txt", keep=2)
    for n in range(1, 5):
        assert dutch.reload(version(n), actor="a", via="upload").ok
        assert english.reload(version(10 + n), actor="a", via="upload").ok
    assert kept(dutch.path) == [version(2), version(3)]
    assert kept(english.path) == [version(12), version(13)]
    assert len(os.listdir(tmp_path / "history")) == 4


def test_names_with_glob_characters_are_pruned(tmp_path: Path) -> None:
    base = make_base(tmp_path / "artikel [concept]*?.txt", keep=1)
    for n in range(1, 4):
        assert base.reload(version(n), actor="a", via="upload").ok
    assert kept(base.path) == [version(2)]


def test_the_served_version_is_kept_not_the_junk_on_disk(tmp_path: Path) -> None:
    base = make_base(tmp_path / "artikel.txt")
    base.path.write_bytes(b"\x00junk overwritten by a careless script")
    assert base.reload(version(1), actor="a", via="upload").ok
    assert kept(base.path) == [FIRST]


def test_the_same_version_is_not_kept_twice(tmp_path: Path) -> None:
    base = make_base(tmp_path / "artikel.txt")
    assert base.reload(version(1), actor="a", via="upload").ok
    assert base.reload(version(1), actor="a", via="upload").ok
    assert kept(base.path) == [FIRST, version(1)]


def test_history_off_keeps_nothing(tmp_path: Path) -> None:
    base = make_base(tmp_path / "artikel.txt", keep=0)
    assert base.reload(version(1), actor="a", via="upload").ok
    assert not (tmp_path / "history").exists()


def test_an_upload_through_a_symlink_writes_the_target_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    (tmp_path / "releases").mkdir()
    target = tmp_path / "releases" / "artikel-v1.txt"
    target.write_bytes(FIRST)
    link = tmp_path / "artikel.txt"
    link.symlink_to(target)
    base = KnowledgeBase(link, max_bytes=1_000_000, history_keep=3)
    assert base.reload(version(1), actor="a", via="upload").ok
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes() == version(1)
    assert kept(link) == [FIRST]
    assert sorted(os.listdir(tmp_path / "releases")) == ["artikel-v1.txt"]


def test_start_up_removes_half_written_history_copies(tmp_path: Path) -> None:
    base = make_base(tmp_path / "artikel.txt")
    assert base.reload(version(1), actor="a", via="upload").ok
    good = history.versions(base.path)[0]
    torn = good.parent / f".{good.name}.k2j4h5g6.tmp"
    torn.write_bytes(FIRST[:10])
    other = good.parent / ".artikel.en.20260101T000000000000Z.txt.k2j4h5g6.tmp"
    other.write_bytes(b"another file's copy in progress")
    KnowledgeBase(base.path, max_bytes=1_000_000)
    assert not torn.exists() and other.exists() and good.read_bytes() == FIRST


def _no_space(fd: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("failing_write", ["history", "knowledge file"])
def test_a_full_disk_leaves_every_copy_whole_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_write: str
) -> None:
    base = make_base(tmp_path / "artikel.txt", keep=2)
    for n in (1, 2):
        assert base.reload(version(n), actor="a", via="upload").ok
    engine, before = base.engine, kept(base.path)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        in_history = os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / "history"))
        if (failing_write == "history") == in_history:
            _no_space(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    report = base.reload(version(3), actor="a", via="upload")
    monkeypatch.undo()
    assert not report.ok and "No space left on device" in (report.error or "")
    assert ("history" in (report.error or "")) == (failing_write == "history")
    assert base.engine is engine and base.path.read_bytes() == version(2)
    after = kept(base.path)
    # Nothing older was pruned; at most the served version was added, whole.
    assert after in (before, [*before, version(2)])
    assert [p for p in os.listdir(tmp_path / "history") if p.startswith(".")] == []
    assert base.reload(version(3), actor="a", via="upload").ok
    assert kept(base.path) == [version(1), version(2)]
