"""Reloads swap the engine atomically; a failed one changes nothing, on disk or in memory."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeFile
from bot.core.knowledge_base import KnowledgeBase, ReloadInProgress, ReloadReport
from bot.core.synonyms import synonyms_path
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


# -- reload requests that arrive while one runs are coalesced ----------------------------


class HeldBase(KnowledgeBase):
    """A knowledge base whose next build waits until the test lets it go on, so requests
    can be made "while a reload runs" without racing a clock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.building = threading.Event()
        self.go_on = threading.Event()
        self.go_on.set()
        super().__init__(*args, **kwargs)

    def _build(self, knowledge: KnowledgeFile) -> Engine:
        self.building.set()
        assert self.go_on.wait(30)
        return super()._build(knowledge)


@pytest.fixture
def held(tmp_path: Path) -> HeldBase:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.read_bytes())
    return HeldBase(path, max_bytes=1_000_000, audit_log=tmp_path / "audit.jsonl")


def _audited(base: KnowledgeBase) -> list[dict[str, Any]]:
    assert base.audit_log is not None
    if not base.audit_log.exists():
        return []
    return [json.loads(line) for line in base.audit_log.read_text().splitlines()]


def _hold_a_reload(base: HeldBase) -> threading.Thread:
    base.go_on.clear()
    base.building.clear()
    first = threading.Thread(target=base.request_reload, kwargs={"via": "sighup"})
    first.start()
    assert base.building.wait(10)
    return first


@pytest.mark.timeout(60)
def test_forty_requests_during_a_reload_give_one_more_reload(held: HeldBase) -> None:
    first = _hold_a_reload(held)
    results: list[ReloadReport | None] = []
    requests = [
        threading.Thread(target=lambda: results.append(held.request_reload(via="sighup")))
        for _ in range(40)
    ]
    for thread in requests:
        thread.start()
    for thread in requests:
        thread.join(10)
    assert results == [None] * 40  # all left to the running reload
    held.go_on.set()
    first.join(10)
    assert [r["via"] for r in _audited(held)] == ["sighup", "sighup"]
    assert not held.reloading


@pytest.mark.timeout(60)
def test_a_busy_reload_hears_in_progress_and_the_file_is_read_once_more(
    held: HeldBase,
) -> None:
    first = _hold_a_reload(held)
    held.path.write_bytes(NEW)
    with pytest.raises(ReloadInProgress):
        held.reload(actor="admin", via="discord", wait=False)
    with pytest.raises(ReloadInProgress):
        held.reload(actor="admin", via="discord", wait=False)
    held.go_on.set()
    first.join(10)
    deadline = time.monotonic() + 10
    while len(_audited(held)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    records = _audited(held)
    assert [(r["actor"], r["ok"]) for r in records] == [("system", True), ("admin", True)]
    assert held.knowledge.text == NEW.decode()


def test_an_upload_while_a_reread_is_asked_for_is_refused_not_queued(held: HeldBase) -> None:
    first = _hold_a_reload(held)
    with pytest.raises(ReloadInProgress):
        held.reload(NEW, actor="admin", via="discord", wait=False)
    held.go_on.set()
    first.join(10)
    assert held.path.read_bytes() == ARTICLE.read_bytes()
    assert len(_audited(held)) == 1


def test_a_change_request_after_our_own_upload_reloads_nothing(base: KnowledgeBase) -> None:
    assert base.reload(NEW, actor="admin", via="upload").ok
    assert base.request_reload(via="watch", only_if_changed=True) is None
    assert len(_audited(base)) == 1
    base.path.write_bytes(NEW + b"Nog een zin.\n")
    report = base.request_reload(via="watch", only_if_changed=True)
    assert report is not None and report.ok


def test_a_change_request_after_the_synonyms_changed_reloads_them(base: KnowledgeBase) -> None:
    synonyms = synonyms_path(base.path)
    assert base.request_reload(via="watch", only_if_changed=True) is None
    synonyms.write_text("militairen => troepen\n", encoding="utf-8")

    report = base.request_reload(via="watch", only_if_changed=True)

    assert report is not None and report.ok
    assert len(base.engine.synonyms) == 1
    assert base.request_reload(via="watch", only_if_changed=True) is None
    synonyms.unlink()
    assert base.request_reload(via="watch", only_if_changed=True) is not None
    assert len(base.engine.synonyms) == 0
