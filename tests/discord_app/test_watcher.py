"""The file watcher: a burst of writes is one or two reloads, and a symlink is followed to
its current target."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.discord_app.watcher import DEBOUNCE_MS as DEFAULT_DEBOUNCE_MS
from bot.discord_app.watcher import KnowledgeWatcher

DEBOUNCE_MS = 100


class Calls:
    """Counts `on_change` calls, as the bot's reload would be asked for."""

    def __init__(self) -> None:
        self.count = 0
        self.changed = asyncio.Event()

    async def __call__(self) -> None:
        self.count += 1
        self.changed.set()

    async def next(self, timeout: float = 5) -> None:
        await asyncio.wait_for(self.changed.wait(), timeout)
        self.changed.clear()


async def watching(path: Path, calls: Calls, debounce_ms: int = DEBOUNCE_MS) -> KnowledgeWatcher:
    watcher = KnowledgeWatcher(path, calls, debounce_ms=debounce_ms)
    watcher.start()
    await asyncio.sleep(0.3)  # let the watch thread start
    return watcher


async def quiet(calls: Calls, seconds: float = 0.8) -> None:
    with pytest.raises(TimeoutError):
        await calls.next(seconds)


@pytest.mark.timeout(30)
async def test_a_hundred_writes_in_two_seconds_are_a_few_reloads(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("Eerste versie.\n")
    calls = Calls()
    watcher = await watching(path, calls, debounce_ms=DEFAULT_DEBOUNCE_MS)
    try:
        for i in range(100):
            path.write_text(f"Versie {i}.\n")
            await asyncio.sleep(0.02)
        await calls.next(10)
        settled = 0
        while settled != calls.count:  # wait until a quiet period brings no new call
            settled = calls.count
            await asyncio.sleep(3 * DEFAULT_DEBOUNCE_MS / 1000)
        assert 1 <= calls.count <= 3
    finally:
        await watcher.stop()


@pytest.mark.timeout(30)
async def test_a_repointed_symlink_is_noticed_and_its_new_target_watched(
    tmp_path: Path,
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old, new = tmp_path / "a" / "v1.txt", tmp_path / "b" / "v2.txt"
    old.write_text("Eerste.\n")
    new.write_text("Tweede.\n")
    link = tmp_path / "article.txt"
    link.symlink_to(old)
    calls = Calls()
    watcher = await watching(link, calls)
    try:
        old.write_text("Eerste, bewerkt.\n")
        await calls.next()
        swap = tmp_path / "article.txt.new"
        swap.symlink_to(new)
        os.replace(swap, link)  # `ln -sfn`: the link is repointed in one step
        await calls.next()
        await asyncio.sleep(0.3)  # the watcher now watches b/
        new.write_text("Tweede, bewerkt.\n")
        await calls.next()
        old.write_text("Eerste, niet meer gebruikt.\n")
        await quiet(calls)
    finally:
        await watcher.stop()


@pytest.mark.timeout(30)
async def test_other_files_in_the_folder_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "artikel.txt"
    path.write_text("Tekst.\n")
    calls = Calls()
    watcher = await watching(path, calls)
    try:
        (tmp_path / "artikel.en.txt").write_text("Text.\n")
        (tmp_path / "history").mkdir()
        await quiet(calls)
        assert calls.count == 0
    finally:
        await watcher.stop()


@pytest.mark.timeout(30)
async def test_the_synonyms_beside_the_file_added_edited_or_removed_are_changes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "artikel.txt"
    path.write_text("Tekst.\n")
    synonyms = tmp_path / "artikel.synonyms.txt"
    calls = Calls()
    watcher = await watching(path, calls)
    try:
        synonyms.write_text("soldaten => troepen\n")
        await calls.next()
        synonyms.write_text("soldaten, militairen => troepen\n")
        await calls.next()
        synonyms.unlink()
        await calls.next()
        path.unlink()  # the knowledge file itself gone: nothing to serve, no reload
        await quiet(calls)
    finally:
        await watcher.stop()
