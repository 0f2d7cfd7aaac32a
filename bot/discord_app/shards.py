"""Gateway sharding helpers: how shards are named in logs and /about, and when each may
IDENTIFY.

Discord delivers a guild's events on shard `(guild_id >> 22) % shard_count` (direct
messages on shard 0) and lets one shard per rate-limit bucket (`shard_id %
max_concurrency`) IDENTIFY every 5 seconds. discord.py's default hook simply waits 5 s
before every shard but the first, whatever `max_concurrency` allows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

IDENTIFY_INTERVAL = 5.0
"""Seconds between two IDENTIFYs of the same bucket (Discord's rule)."""


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard a guild's events arrive on; direct messages (no guild) use shard 0."""
    return 0 if guild_id is None else (guild_id >> 22) % max(shard_count, 1)


def describe_shards(shard_ids: Iterable[int], shard_count: int) -> str:
    """`shard 1 of 2` or `shards 0, 1 of 2`: ids are 0-based, the count is the total over
    every process."""
    ids = list(shard_ids)
    noun = "shard" if len(ids) == 1 else "shards"
    return f"{noun} {', '.join(map(str, ids))} of {shard_count}"


class IdentifyPacer:
    """Spaces IDENTIFYs per bucket: shards in different buckets start together, a second
    shard of one bucket waits until 5 s after the first. A shard that identifies again
    (its session was invalidated, or could not be resumed) waits a full interval, as
    discord.py's own hook does and Discord asks after an invalid session.

    It paces the shards of one process only; processes started together must each hold
    shards of different buckets, or start `IDENTIFY_INTERVAL` apart.
    """

    def __init__(self, max_concurrency: int = 1, interval: float = IDENTIFY_INTERVAL) -> None:
        self.max_concurrency = max_concurrency
        self.interval = interval
        self._last: dict[int, float] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._identified: set[int] = set()

    def bucket(self, shard_id: int) -> int:
        """The rate-limit bucket of a shard."""
        return shard_id % max(self.max_concurrency, 1)

    async def wait(self, shard_id: int) -> None:
        """Return when this shard may IDENTIFY, and count it as having done so."""
        bucket = self.bucket(shard_id)
        async with self._locks.setdefault(bucket, asyncio.Lock()):
            last = self._last.get(bucket)
            if shard_id in self._identified:
                await asyncio.sleep(self.interval)
            elif last is not None:
                await asyncio.sleep(max(0.0, last + self.interval - time.monotonic()))
            self._last[bucket] = time.monotonic()
            self._identified.add(shard_id)
