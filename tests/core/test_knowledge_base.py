"""Reloads swap the engine atomically; a failed one changes nothing, on disk or in memory."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.knowledge_base import KnowledgeBase, ReloadInProgress
from tests.conftest import ARTICLE

NEW = b"Nieuw artikel\n\nDe NAVO opent een basis in Zweden. Dat zei de woordvoerder.\n"


@pytest.fixture
def base(tmp_path: Path) -> KnowledgeBase:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.read_bytes())
    return KnowledgeBase(
        path, max_bytes=1_000_000, history_keep=2, audit_log=tmp_path / "audit.jsonl"
    )


def test_upload_replaces_file_and_answers(base: KnowledgeBase) -> None:
    report = base.reload(NEW, actor="admin#1", via="upload")
    assert report.ok, report.error
    assert base.path.read_bytes() == NEW
    assert "Zweden" in base.ask("Waar opent de NAVO een basis?").results[0].quote
    assert report.passages_before == 9 and report.passages_after == 1


def test_history_keeps_previous_versions_and_prunes(base: KnowledgeBase) -> None:
    original = base.path.read_bytes()
    base.reload(NEW, actor="a", via="upload")
    history = sorted((base.path.parent / "history").iterdir())
    assert [p.read_bytes() for p in history] == [original]
    base.reload(NEW + b"Meer.\n", actor="a", via="upload")
    base.reload(NEW + b"Nog meer.\n", actor="a", via="upload")
    assert len(list((base.path.parent / "history").iterdir())) == 2


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01", "binary"),
        ("é".encode("cp1252") * 10, "UTF-8"),
        (b"x" * 2_000_000, "over the limit"),
    ],
)
def test_bad_upload_changes_nothing(base: KnowledgeBase, data: bytes, reason: str) -> None:
    before_bytes, before_engine = base.path.read_bytes(), base.engine
    report = base.reload(data, actor="a", via="upload")
    assert not report.ok and reason in (report.error or "")
    assert base.path.read_bytes() == before_bytes
    assert base.engine is before_engine
    assert not (base.path.parent / "history").exists()


def test_reload_from_disk_picks_up_edits(base: KnowledgeBase) -> None:
    base.path.write_bytes(NEW)
    assert base.reload(actor="a", via="disk").ok
    assert base.knowledge.text == NEW.decode()


def test_broken_file_on_disk_keeps_serving_the_old_one(base: KnowledgeBase) -> None:
    old = base.engine
    base.path.write_bytes(b"\x00")
    report = base.reload(actor="a", via="disk")
    assert not report.ok and base.engine is old


def test_every_attempt_is_audited(base: KnowledgeBase) -> None:
    base.reload(NEW, actor="admin#1", via="upload")
    base.reload(b"", actor="mallory", via="upload")
    assert base.audit_log is not None
    records = [json.loads(line) for line in base.audit_log.read_text().splitlines()]
    assert [(r["actor"], r["ok"]) for r in records] == [("admin#1", True), ("mallory", False)]
    assert records[0]["old_checksum"] != records[0]["new_checksum"]


def test_second_reload_while_one_runs_is_refused(base: KnowledgeBase) -> None:
    base._lock.acquire()  # a reload holds the lock
    try:
        with pytest.raises(ReloadInProgress):
            base.reload(actor="b", via="upload", wait=False)
    finally:
        base._lock.release()


def test_questions_during_reloads_always_get_answers(base: KnowledgeBase) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask_loop() -> None:
        while not stop.is_set():
            try:
                assert base.ask("Wat zei de NAVO?").results
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=ask_loop) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(10):
        base.reload(ARTICLE.read_bytes() if i % 2 else NEW, actor="a", via="upload")
    stop.set()
    for t in threads:
        t.join()
    assert errors == []


def test_start_up_removes_temporaries_a_killed_writer_left(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.read_bytes())
    leftover = tmp_path / ".article.txt.abc123.tmp"
    leftover.write_bytes(b"half a file")
    KnowledgeBase(path, max_bytes=1_000_000)
    assert not leftover.exists()
    assert path.read_bytes() == ARTICLE.read_bytes()


# -- bad files on disk: one line, the right reason, nothing changed, nothing hangs ---------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _loop(path: Path) -> None:
    path.symlink_to(path)


def _utf16(path: Path) -> None:
    path.write_bytes("Een alinea. Nog een zin.\n".encode("utf-16"))


def _zero_width(path: Path) -> None:
    path.write_text("\u200b\u200d\n\n\u2060\n", encoding="utf-8")


def _folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_fifo, "is a FIFO (named pipe), not a regular file"),
        (_device, "is a character device, not a regular file"),
        (_loop, "symlink loop"),
        (_utf16, "UTF-16, not UTF-8; save it as UTF-8"),
        (_zero_width, "no visible text"),
        (_folder, "is a directory"),
    ],
)
def test_a_bad_file_on_disk_is_refused_and_changes_nothing(
    base: KnowledgeBase, make: Callable[[Path], None], reason: str
) -> None:
    engine, checksum = base.engine, base.knowledge.checksum
    base.path.unlink()
    make(base.path)
    for report in (base.reload(actor="a", via="disk"), base.request_reload(actor="b", via="hup")):
        assert report is not None and not report.ok
        assert reason in (report.error or "") and "\n" not in (report.error or "")
    assert base.engine is engine and base.knowledge.checksum == checksum
    assert not base.reloading
    assert not (base.path.parent / "history").exists()
