"""`python -m bot run`: start the Discord bot, or explain in one line why it cannot.

discord.py is imported only once there is a token, so the common first-run mistake
(no token) is answered instantly and without loading the Discord stack.
"""

from __future__ import annotations

import logging
import sys

from bot.settings import Settings

NO_TOKEN = (
    "DISCORD_TOKEN is not set: put it in .env or the environment (see .env.example), "
    "or try the bot locally without Discord: python -m bot chat"
)


def run_bot(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM; exit 2 without a token, 1 when it cannot start."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(f"error: {NO_TOKEN}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    from bot.discord_app.lifecycle import start
    from bot.discord_app.logs import configure_discord_logging

    configure_discord_logging(logging.getLogger().level, debug=settings.discord_debug)

    return start(settings, settings.discord_token.get_secret_value().strip())


def configure_logging(level: str) -> None:
    """Logging first, so start-up problems are visible; discord.py logs through it too.

    `force` replaces the CLI's quieter default set up before the command was known.
    """
    logging.basicConfig(
        level=logging.getLevelNamesMapping().get(level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
