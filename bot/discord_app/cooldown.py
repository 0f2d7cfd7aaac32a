"""A per-user cooldown shared by /ask and the "Ask the article" menu.

discord.py's `checks.cooldown` fixes the rate at import time and keeps one bucket per
command; this one reads ASK_COOLDOWN_SECONDS at start-up and is shared, so switching
between the slash command and the menu does not double anyone's allowance.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from discord import app_commands


class UserCooldown:
    """One use per user per `seconds`; 0 turns it off."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> float:
        """0 and the use is counted, or the seconds left before the user may ask again."""
        if self.seconds <= 0:
            return 0.0
        now = self._clock()
        last = self._last.get(user_id)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[user_id] = now
        if len(self._last) > 10_000:
            self._forget_expired(now)
        return 0.0

    def check(self, user_id: int) -> None:
        """Raise discord.py's CommandOnCooldown when the user must wait."""
        wait = self.retry_after(user_id)
        if wait > 0:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(1, self.seconds), wait)

    def _forget_expired(self, now: float) -> None:
        self._last = {u: t for u, t in self._last.items() if now - t < self.seconds}
