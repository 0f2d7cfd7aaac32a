"""Snowflake ids and timestamps shaped like Discord's.

discord.py derives ``created_at`` from ids, so ids must encode a real time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time

DISCORD_EPOCH_MS = 1420070400000


class SnowflakeFactory:
    """Monotonic, unique snowflakes (time-based, so ``created_at`` is sane)."""

    def __init__(self) -> None:
        self._counter = itertools.count()

    def next(self) -> int:
        """Return a fresh snowflake."""
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (ms << 22) | (next(self._counter) & 0x3FFFFF)


def iso_now() -> str:
    """Current UTC time in the ISO-8601 form Discord uses."""
    return dt.datetime.now(dt.UTC).isoformat()
