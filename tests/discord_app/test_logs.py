"""What discord.py's own loggers may write: no tokens, no tracebacks for reconnects."""

from __future__ import annotations

import logging
import sys

import aiohttp

from bot.discord_app.logs import DiscordRecords

TOKEN = "aW50ZXJhY3Rpb246secret-token_value.x"


def _record(
    name: str, msg: str, *args: object, exc: BaseException | None = None
) -> logging.LogRecord:
    exc_info = None
    if exc is not None:
        try:
            raise exc
        except BaseException:
            exc_info = sys.exc_info()
    return logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, exc_info)


def test_interaction_and_webhook_tokens_in_urls_are_masked() -> None:
    record = _record(
        "discord.http",
        "We are being rate limited. %s %s responded with 429.",
        "POST",
        f"https://discord.com/api/v10/webhooks/123/{TOKEN}/messages/@original",
    )

    DiscordRecords().filter(record)

    assert TOKEN not in record.getMessage()
    assert "/webhooks/123/<token>/messages/@original" in record.getMessage()


def test_a_reconnect_after_a_network_error_is_one_line_with_the_reason() -> None:
    error = aiohttp.ClientConnectionError("Cannot connect to host 127.0.0.1:9")
    record = _record("discord.client", "Attempting a reconnect in %.2fs", 1.5, exc=error)

    DiscordRecords().filter(record)

    assert record.exc_info is None
    assert record.getMessage() == (
        "Attempting a reconnect in 1.50s "
        "(ClientConnectionError: Cannot connect to host 127.0.0.1:9)"
    )


def test_a_bug_keeps_its_traceback_and_our_own_records_are_untouched() -> None:
    bug = _record("discord.client", "Ignoring exception in %s", "on_ready", exc=KeyError("x"))
    ours = _record("bot.discord_app.tree", "interaction %s", "command=ask", exc=OSError("x"))

    DiscordRecords().filter(bug)
    DiscordRecords().filter(ours)

    assert bug.exc_info is not None
    assert ours.args == ("command=ask",) and ours.exc_info is not None
