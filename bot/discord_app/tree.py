"""The command tree: where the bot answers, one error handler, one log line per use.

Whatever goes wrong inside a command, the user gets a short ephemeral message in their
language instead of "This interaction failed", and the traceback goes to the log. A
command Discord knows but this bot does not (a stale command list) is one warning line.
"""

from __future__ import annotations

import logging
import math
import time
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.discord_app.access import place_allowed, tell_not_served_here
from bot.discord_app.audit import audit_refusal
from bot.discord_app.messages import text
from bot.discord_app.replies import respond_error
from bot.presentation import language_of

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

log = logging.getLogger(__name__)


def command_name(interaction: discord.Interaction[Any]) -> str:
    """The (English) name of the command used as Discord sent it, or the interaction type.

    Read from the payload, so it is known before (and whether or not) the tree finds it.
    """
    data = cast("dict[str, Any]", interaction.data or {})
    name = data.get("name")
    return str(name) if name else interaction.type.name


STALE_COMMAND = (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)


class ArticleTree(app_commands.CommandTree["ArticleBot"]):
    """CommandTree that stamps each interaction's arrival and handles every error."""

    async def interaction_check(self, interaction: discord.Interaction[ArticleBot]) -> bool:
        """Runs before any check or command: stamp the start; outside ALLOWED_GUILD_IDS
        say (privately, in one line) that the bot does not answer there."""
        interaction.extras.setdefault("started", time.perf_counter())
        if place_allowed(interaction, self.client.settings):
            return True
        interaction.extras["outcome"] = "elsewhere"
        if interaction.type is discord.InteractionType.application_command:
            if command_name(interaction) == "reload":
                reason = "the bot does not serve this place (ALLOWED_GUILD_IDS)"
                await audit_refusal(interaction, self.client.knowledge, reason)
            await tell_not_served_here(interaction)
            self.log_interaction(interaction)
        return False

    async def on_error(
        self,
        interaction: discord.Interaction[ArticleBot],
        error: app_commands.AppCommandError,
    ) -> None:
        """Answer the user ephemerally (a followup if already answered) and log."""
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        lang = language_of(str(interaction.locale))
        if isinstance(original, app_commands.CommandOnCooldown):
            outcome = "cooldown"
            message = text("cooldown", lang, seconds=max(1, math.ceil(original.retry_after)))
        elif isinstance(original, STALE_COMMAND):
            outcome = "unknown"
            message = text("unknown_command", lang)
            log.warning(
                "unknown command %r: Discord's command list differs from this bot's "
                "(it is synced at start-up when SYNC_COMMANDS=true)",
                command_name(interaction),
            )
        else:
            outcome = "error"
            message = text("error", lang)
            log.error("command %s failed", command_name(interaction), exc_info=original)
        try:
            await respond_error(interaction, message)
        except discord.HTTPException:
            log.exception(
                "could not tell the user about the error in %s", command_name(interaction)
            )
        interaction.extras["outcome"] = outcome
        self.log_interaction(interaction)

    def log_interaction(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """One line per interaction: command, guild, latency, outcome, answered, top score.

        The question's text only when LOG_QUESTIONS is set: questions are users' words.
        """
        extras = interaction.extras
        started = extras.get("started")
        elapsed = (time.perf_counter() - started) * 1000 if started is not None else -1.0
        parts = [
            f"command={command_name(interaction)}",
            f"guild={interaction.guild_id or 'dm'}",
            f"latency_ms={elapsed:.1f}",
            f"outcome={extras.get('outcome', 'ok')}",
        ]
        if "answered" in extras:
            parts.append(f"answered={str(extras['answered']).lower()}")
        if "top_score" in extras:
            parts.append(f"top_score={extras['top_score']}")
        if self.client.settings.log_questions and "question" in extras:
            parts.append(f"question={extras['question']!r}")
        log.info("interaction %s", " ".join(parts))
