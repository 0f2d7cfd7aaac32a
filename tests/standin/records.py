"""What the bot did with each interaction, with timestamps, for assertions.

Records are appended by the server as requests arrive; tests await them with
bounded timeouts instead of sleeping.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from .errors import JSONDict
from .mentions import Pings
from .payloads import EPHEMERAL_FLAG

T = TypeVar("T")


@dataclass
class UploadedFile:
    """A file the bot uploaded with a message (served back on the CDN route)."""

    id: int
    filename: str
    data: bytes
    content_type: str | None
    url: str


@dataclass
class SentMessage:
    """A message state the bot produced (new message or edit).

    ``kind``: "callback" (type 4), "update" (type 7), "original_edit",
    "followup", "followup_edit" or "channel". ``notified`` is False for edits
    of already-visible messages: Discord highlights but does not notify those.
    """

    id: int
    kind: str
    content: str
    embeds: list[JSONDict]
    flags: int
    allowed_mentions: JSONDict | None
    pings: Pings
    notified: bool
    components: list[JSONDict] = field(default_factory=list)
    attachments: list[UploadedFile] = field(default_factory=list)
    at: float = field(default_factory=time.monotonic)
    body: JSONDict = field(default_factory=dict)

    @property
    def ephemeral(self) -> bool:
        """Flag 64: only the invoking user sees it."""
        return bool(self.flags & EPHEMERAL_FLAG)


@dataclass
class CallbackEvent:
    """One POST to /interactions/{id}/{token}/callback, accepted or not."""

    type: int
    data: JSONDict | None
    at: float
    latency: float
    status: int = 0
    error_code: int | None = None
    error: str | None = None

    @property
    def accepted(self) -> bool:
        """True when the stand-in answered 2xx."""
        return 200 <= self.status < 300


class InteractionRecord:
    """One dispatched interaction and everything the bot sent for it."""

    def __init__(self, payload: JSONDict, dispatched_at: float) -> None:
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.dispatched_at = dispatched_at
        self.callbacks: list[CallbackEvent] = []
        self.edits: list[SentMessage] = []
        self.followups: list[SentMessage] = []
        self.messages: list[SentMessage] = []
        self.violations: list[str] = []
        self.acked_type: int | None = None
        self.original: JSONDict | None = None
        self.loading = False
        self.original_deleted = False
        self.followup_payloads: dict[int, JSONDict] = {}
        self._changed = asyncio.Condition()

    @property
    def acknowledged(self) -> bool:
        """Whether a callback was accepted."""
        return self.acked_type is not None

    @property
    def latency(self) -> float | None:
        """Seconds from gateway dispatch to the first callback request."""
        return self.callbacks[0].latency if self.callbacks else None

    async def notify(self) -> None:
        """Wake waiters (called by the server after each change)."""
        async with self._changed:
            self._changed.notify_all()

    async def _wait(self, pick: Callable[[], T | None], timeout: float, what: str) -> T:
        async def inner() -> T:
            async with self._changed:
                while True:
                    found = pick()
                    if found is not None:
                        return found
                    await self._changed.wait()

        try:
            return await asyncio.wait_for(inner(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"interaction {self.id}: no {what} within {timeout}s "
                f"(callbacks={[(c.type, c.status) for c in self.callbacks]}, "
                f"violations={self.violations})"
            ) from None

    async def wait_response(self, timeout: float = 5.0) -> CallbackEvent:
        """The first callback request (check ``.accepted`` / ``.error_code``)."""
        return await self._wait(
            lambda: self.callbacks[0] if self.callbacks else None, timeout, "callback"
        )

    async def wait_message(self, timeout: float = 5.0) -> SentMessage:
        """The first visible message: a type 4 reply, or what resolved a defer."""
        return await self._wait(
            lambda: self.messages[0] if self.messages else None, timeout, "message"
        )

    async def wait_messages(self, count: int, timeout: float = 5.0) -> list[SentMessage]:
        """The first ``count`` message states (replies, edits, followups)."""
        return await self._wait(
            lambda: self.messages[:count] if len(self.messages) >= count else None,
            timeout,
            f"{count} messages",
        )

    async def wait_for(
        self, predicate: Callable[[InteractionRecord], bool], timeout: float = 5.0
    ) -> None:
        """Wait until ``predicate(record)`` holds, e.g. ``lambda r: r.original_deleted``."""
        await self._wait(lambda: True if predicate(self) else None, timeout, "matching state")

    async def wait_violation(self, timeout: float = 5.0) -> str:
        """The first violation recorded against this interaction."""
        return await self._wait(
            lambda: self.violations[0] if self.violations else None, timeout, "violation"
        )
