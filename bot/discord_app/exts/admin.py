"""/reload: admins swap in a new article (uploaded, or re-read from disk) without a restart.

Everything that can be refused cheaply is refused before any work: who asks is checked
first, the declared attachment size before downloading, and the download has a
deadline. The knowledge base then validates and indexes the new text before anything
on disk or in memory changes, so a refused reload changes nothing. Every attempt,
whatever its outcome, is exactly one line in the reload log (see `audit`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.core.knowledge_base import ReloadInProgress, ReloadReport
from bot.discord_app.access import may_reload
from bot.discord_app.audit import actor_of, audit_refusal
from bot.discord_app.embeds import Reply
from bot.discord_app.limits import CONTENT_MAX, EMBED_FIELD_VALUE_MAX, truncate
from bot.discord_app.messages import text
from bot.discord_app.replies import defer, respond, respond_error
from bot.discord_app.safe_text import plain_fit
from bot.presentation import Language, language_of

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot


class Refused(Exception):
    """A reload turned away before the knowledge base ran it: `key` is the message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def reason(self, lang: Language) -> str:
        """The reason in `lang`."""
        return text(self.key, lang, **self.values)

    def audit_reason(self) -> str:
        """The reason as the reload log records it (English, short)."""
        return AUDIT_REASONS.get(self.key) or self.reason("en")


AUDIT_REASONS = {"not_admin": "not a reload admin", "reload_busy": "a reload is in progress"}
OUTCOMES = {"not_admin": "refused", "reload_busy": "busy"}


def report_reply(report: ReloadReport, lang: Language) -> Reply:
    """Passages and checksum before → after, title and build time; or the exact reason."""
    if not report.ok:
        # The reason may quote a path or a line of the file: shown as plain text.
        reason = plain_fit((report.error or "?").rstrip("."), CONTENT_MAX // 2)
        return Reply(content=truncate(text("reload_refused", lang, reason=reason), CONTENT_MAX))
    embed = discord.Embed(title=text("reloaded", lang), colour=discord.Colour.green())
    embed.add_field(
        name=text("passages", lang), value=f"{report.passages_before} → {report.passages_after}"
    )
    old, new = (report.old_checksum or "")[:12], (report.new_checksum or "")[:12]
    embed.add_field(name=text("checksum", lang), value=f"`{old}` → `{new}`")
    title = plain_fit(report.title, EMBED_FIELD_VALUE_MAX) if report.title else None
    embed.add_field(name=text("title", lang), value=title or text("untitled", lang))
    embed.add_field(name=text("build_time", lang), value=f"{report.build_seconds or 0.0:.2f} s")
    return Reply(content="", embeds=[embed])


class Admin(commands.Cog):
    """Commands for the bot's admins."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(file="A new knowledge file (UTF-8 text) to serve from now on.")
    async def reload(
        self, interaction: discord.Interaction[ArticleBot], file: discord.Attachment | None = None
    ) -> None:
        """Reload the article (admins only), optionally from an uploaded file."""
        lang = language_of(str(interaction.locale))
        knowledge = self.bot.knowledge
        try:
            report = await self._attempt(interaction, file)
        except Refused as refused:
            await audit_refusal(interaction, knowledge, refused.audit_reason())
            interaction.extras["outcome"] = OUTCOMES.get(refused.key, "rejected")
            if refused.key in OUTCOMES:
                message = refused.reason(lang)
            else:
                message = text("reload_refused", lang, reason=refused.reason(lang))
            await respond_error(interaction, message)
            return
        except Exception as exc:
            # The knowledge base audits every reload it runs and never raises after that.
            await audit_refusal(interaction, knowledge, f"internal error ({type(exc).__name__})")
            raise
        interaction.extras["outcome"] = "ok" if report.ok else "rejected"
        await respond(interaction, report_reply(report, lang), ephemeral=True)

    async def _attempt(
        self, interaction: discord.Interaction[ArticleBot], file: discord.Attachment | None
    ) -> ReloadReport:
        """Run the reload, or raise Refused before the knowledge base is involved."""
        settings = self.bot.settings
        if not await may_reload(interaction, settings):
            raise Refused("not_admin")
        if file is not None and file.size > settings.max_knowledge_bytes:
            raise Refused("too_big", size=file.size, limit=settings.max_knowledge_bytes)
        if file is not None and self.bot.knowledge.reloading:
            raise Refused("reload_busy")  # a re-read is coalesced by the knowledge base below
        await defer(interaction, ephemeral=True)
        data = None if file is None else await self._download(file)
        try:
            return await asyncio.to_thread(
                self.bot.knowledge.reload,
                data,
                actor=actor_of(interaction),
                via="discord",
                wait=False,
            )
        except ReloadInProgress:
            raise Refused("reload_busy") from None

    async def _download(self, file: discord.Attachment) -> bytes:
        """The attachment's bytes, within ATTACHMENT_TIMEOUT_SECONDS, or Refused."""
        timeout = self.bot.settings.attachment_timeout_seconds
        try:
            return await asyncio.wait_for(file.read(), timeout)
        except TimeoutError:
            raise Refused("download_slow", seconds=timeout) from None
        except discord.HTTPException as exc:
            raise Refused("download_failed", error=f"HTTP {exc.status}") from None
        except (aiohttp.ClientError, OSError) as exc:
            raise Refused("download_failed", error=type(exc).__name__) from None


async def setup(bot: ArticleBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Admin(bot))
