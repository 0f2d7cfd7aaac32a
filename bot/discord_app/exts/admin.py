"""/reload: admins swap in a new article (uploaded, or re-read from disk) without a restart.

Everything that can be refused cheaply is refused before any work: the permission check
runs first, the declared attachment size is checked before downloading, and the
download has a deadline. The knowledge base then validates and indexes the new text
before anything on disk or in memory changes, so a refused reload changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot.core.knowledge_base import ReloadInProgress, ReloadReport
from bot.discord_app.access import NotReloadAdmin, may_reload
from bot.discord_app.embeds import Reply
from bot.discord_app.limits import CONTENT_MAX, EMBED_FIELD_VALUE_MAX, truncate
from bot.discord_app.messages import text
from bot.discord_app.replies import defer, respond, respond_error
from bot.presentation import Language, language_of

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

log = logging.getLogger(__name__)


async def is_reload_admin(interaction: discord.Interaction[ArticleBot]) -> bool:
    """Check: see `access.may_reload`; refusals are answered by the tree's error handler."""
    if not may_reload(interaction, interaction.client.settings):
        log.warning("reload refused: %s is not a reload admin", actor_of(interaction))
        raise NotReloadAdmin
    return True


def actor_of(interaction: discord.Interaction[ArticleBot]) -> str:
    """Who asked, for the reload audit log: name and id (names change, ids don't)."""
    return f"{interaction.user.name} ({interaction.user.id})"


def report_reply(report: ReloadReport, lang: Language) -> Reply:
    """Passages and checksum before → after, title and build time; or the exact reason."""
    if not report.ok:
        reason = (report.error or "?").rstrip(".")
        return Reply(content=truncate(text("reload_refused", lang, reason=reason), CONTENT_MAX))
    embed = discord.Embed(title=text("reloaded", lang), colour=discord.Colour.green())
    embed.add_field(
        name=text("passages", lang), value=f"{report.passages_before} → {report.passages_after}"
    )
    old, new = (report.old_checksum or "")[:12], (report.new_checksum or "")[:12]
    embed.add_field(name=text("checksum", lang), value=f"`{old}` → `{new}`")
    title = discord.utils.escape_markdown(report.title or text("untitled", lang))
    embed.add_field(name=text("title", lang), value=truncate(title, EMBED_FIELD_VALUE_MAX))
    embed.add_field(name=text("build_time", lang), value=f"{report.build_seconds or 0.0:.2f} s")
    return Reply(content="", embeds=[embed])


class Admin(commands.Cog):
    """Commands for the bot's admins."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.describe(file="A new knowledge file (UTF-8 text) to serve from now on.")
    @app_commands.check(is_reload_admin)
    async def reload(
        self, interaction: discord.Interaction[ArticleBot], file: discord.Attachment | None = None
    ) -> None:
        """Reload the article (admins only), optionally from an uploaded file."""
        lang = language_of(str(interaction.locale))
        settings = self.bot.settings
        if file is not None and file.size > settings.max_knowledge_bytes:
            interaction.extras["outcome"] = "rejected"
            reason = text("too_big", lang, size=file.size, limit=settings.max_knowledge_bytes)
            await respond_error(interaction, text("reload_refused", lang, reason=reason))
            return
        if file is not None and self.bot.knowledge.reloading:  # re-reads are coalesced below
            interaction.extras["outcome"] = "busy"
            await respond_error(interaction, text("reload_busy", lang))
            return
        await defer(interaction, ephemeral=True)
        data = None
        if file is not None:
            data = await self._download(interaction, file, lang)
            if data is None:
                return
        try:
            report = await asyncio.to_thread(
                self.bot.knowledge.reload,
                data,
                actor=actor_of(interaction),
                via="discord",
                wait=False,
            )
        except ReloadInProgress:
            interaction.extras["outcome"] = "busy"
            await respond_error(interaction, text("reload_busy", lang))
            return
        interaction.extras["outcome"] = "ok" if report.ok else "rejected"
        await respond(interaction, report_reply(report, lang), ephemeral=True)

    async def _download(
        self, interaction: discord.Interaction[ArticleBot], file: discord.Attachment, lang: Language
    ) -> bytes | None:
        """The attachment's bytes, or None after telling the admin why not."""
        timeout = self.bot.settings.attachment_timeout_seconds
        try:
            return await asyncio.wait_for(file.read(), timeout)
        except TimeoutError:
            reason = text("download_slow", lang, seconds=timeout)
        except discord.HTTPException as exc:
            reason = text("download_failed", lang, error=f"HTTP {exc.status}")
        except (aiohttp.ClientError, OSError) as exc:
            reason = text("download_failed", lang, error=type(exc).__name__)
        log.warning("reload by %s: %s", actor_of(interaction), reason)
        interaction.extras["outcome"] = "rejected"
        await respond_error(interaction, text("reload_refused", lang, reason=reason))
        return None


async def setup(bot: ArticleBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Admin(bot))
