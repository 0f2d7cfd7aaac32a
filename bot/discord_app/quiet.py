"""Start-up without false alarms: discord.py warns at every start that voice is not
supported (PyNaCl, davey missing). This bot never joins voice, so those two warnings
are noise that looks like an error; they are dropped, every other log line is kept.

Deliberately free of discord.py imports: it is installed before discord.py loads.
"""

from __future__ import annotations

import logging

VOICE_LOGGER = "discord.client"


class _NoVoiceWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def silence_voice_warnings() -> None:
    """Drop discord.py's "voice will NOT be supported" warnings (idempotent)."""
    logger = logging.getLogger(VOICE_LOGGER)
    if not any(isinstance(f, _NoVoiceWarnings) for f in logger.filters):
        logger.addFilter(_NoVoiceWarnings())
