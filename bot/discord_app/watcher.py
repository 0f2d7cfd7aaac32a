"""Reload when the knowledge file or the synonyms beside it change on disk (an editor
save, `cp`, a deploy; a synonyms file added, edited or removed).

Folders are watched, not the file: editors and `write_atomically` replace the file by
renaming, which a watch on the old inode would miss. When the knowledge file is a
symlink, both the link's folder and its current target's are watched; a repointed link
is a change, and from then on the new target is watched. Changes are settled before a
reload is asked for: a burst of writes (100 in 2 s) waits until the file has been quiet
for `debounce_ms` (at most `MAX_WAIT_FACTOR` times that), and the knowledge base
coalesces whatever requests still overlap.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

from bot.core.synonyms import synonyms_path

log = logging.getLogger(__name__)

DEBOUNCE_MS = 500
MAX_WAIT_FACTOR = 4
"""A file written without pause still reloads after this many debounce periods."""
RETRY_SECONDS = 1.0
"""Wait before watching again after the folder vanished (a repointed link, a deploy)."""


class KnowledgeWatcher:
    """Calls `on_change` after the file at `path` (or its symlink target) was created,
    modified, replaced or repointed."""

    def __init__(
        self,
        path: Path,
        on_change: Callable[[], Awaitable[object]],
        *,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        self.path = Path(os.path.abspath(path))
        self.on_change = on_change
        self.debounce_ms = debounce_ms
        self._stop = asyncio.Event()
        self._generation = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._settling: asyncio.Task[None] | None = None
        self._last_change = 0.0

    def start(self) -> None:
        """Begin watching in a background task."""
        self._task = asyncio.create_task(self._run(), name="knowledge-watcher")

    def watched_files(self) -> frozenset[Path]:
        """The link itself (in its real folder), the file it points to now, and the
        synonyms file beside the link (where the knowledge base reads it)."""
        link = self._link()
        return frozenset({link, Path(os.path.realpath(self.path)), synonyms_path(link)})

    def _link(self) -> Path:
        """The knowledge file's own path, in its folder's real location."""
        return Path(os.path.realpath(self.path.parent)) / self.path.name

    async def _run(self) -> None:
        log.info("watching %s for changes", self.path)
        while not self._stop.is_set():
            files = self.watched_files()
            self._generation = asyncio.Event()
            try:
                await self._watch(files)
            except Exception as exc:  # a folder vanished or became unreadable
                log.warning("cannot watch %s (%s); trying again", self.path, exc)
                await asyncio.sleep(RETRY_SECONDS)

    async def _watch(self, files: frozenset[Path]) -> None:
        """Watch until stopped or until the link points elsewhere."""

        synonyms = synonyms_path(self._link())

        def is_ours(change: Change, path: str) -> bool:
            # A deleted knowledge file is never served; deleted synonyms are a change.
            return Path(path) in files and (change != Change.deleted or Path(path) == synonyms)

        generation = self._generation
        watching = awatch(
            *sorted({f.parent for f in files}),
            watch_filter=is_ours,
            debounce=self.debounce_ms,
            step=50,
            recursive=False,
            stop_event=generation,
        )
        async for _changes in watching:
            self._changed()
            if self.watched_files() != files:
                log.info("%s now points to %s", self.path, os.path.realpath(self.path))
                generation.set()  # the next step of `awatch` ends; `_run` watches anew
            if self._stop.is_set():
                generation.set()

    def _changed(self) -> None:
        self._last_change = asyncio.get_running_loop().time()
        if self._settling is None or self._settling.done():
            self._settling = asyncio.create_task(self._settle(), name="knowledge-settle")

    async def _settle(self) -> None:
        """Ask for one reload once changes have stopped for a debounce period."""
        loop = asyncio.get_running_loop()
        quiet = self.debounce_ms / 1000
        deadline = loop.time() + quiet * MAX_WAIT_FACTOR
        while (wait := min(self._last_change + quiet, deadline) - loop.time()) > 0:
            await asyncio.sleep(wait)
        self._settling = None
        try:
            await self.on_change()
        except Exception:
            log.exception("reloading %s after a change failed", self.path)

    async def stop(self) -> None:
        """Stop watching; waits briefly for the watcher thread, then cancels."""
        self._stop.set()
        self._generation.set()
        if self._settling is not None:
            self._settling.cancel()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._task, timeout=2)
        except (TimeoutError, asyncio.CancelledError):
            self._task.cancel()
        except Exception:
            log.exception("the knowledge watcher ended with an error")
