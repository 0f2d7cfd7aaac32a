"""Reload when the knowledge file changes on disk (an editor save, `cp`, a deploy).

The folder is watched, not the file: editors and `write_atomically` replace the file by
renaming, which a watch on the old inode would miss. Events are debounced so one save
(often several writes) gives one reload.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

log = logging.getLogger(__name__)

DEBOUNCE_MS = 500


class KnowledgeWatcher:
    """Calls `on_change` after the file at `path` was created, modified or replaced."""

    def __init__(
        self,
        path: Path,
        on_change: Callable[[], Awaitable[object]],
        *,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        self.path = path.resolve()
        self.on_change = on_change
        self.debounce_ms = debounce_ms
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin watching in a background task."""
        self._task = asyncio.create_task(self._run(), name="knowledge-watcher")

    def _is_ours(self, change: Change, path: str) -> bool:
        return change != Change.deleted and os.path.basename(path) == self.path.name

    async def _run(self) -> None:
        log.info("watching %s for changes", self.path)
        watching = awatch(
            self.path.parent,
            watch_filter=self._is_ours,
            debounce=self.debounce_ms,
            step=50,
            recursive=False,
            stop_event=self._stop,
        )
        try:
            async for _changes in watching:
                try:
                    await self.on_change()
                except Exception:
                    log.exception("reloading %s after a change failed", self.path)
        except Exception:
            log.exception("stopped watching %s", self.path)

    async def stop(self) -> None:
        """Stop watching; waits briefly for the watcher thread, then cancels."""
        self._stop.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(self._task, timeout=2)
        except (TimeoutError, asyncio.CancelledError):
            self._task.cancel()
        except Exception:
            log.exception("the knowledge watcher ended with an error")
