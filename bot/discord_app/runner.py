"""`python -m bot run`: start the Discord bot, or explain in one line why it cannot."""

from __future__ import annotations

import sys

from bot.settings import Settings

NO_TOKEN = (
    "DISCORD_TOKEN is not set: put it in .env or the environment (see .env.example), "
    "or try the bot locally without Discord: python -m bot chat"
)


def run_bot(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM; exit 2 without a token."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(f"error: {NO_TOKEN}", file=sys.stderr)
        return 2
    print("error: the Discord bot is not available in this build yet", file=sys.stderr)
    return 1
