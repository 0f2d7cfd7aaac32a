"""The bot: a `commands.Bot` whose command tree is built once, in `setup_hook`.

`setup_hook` runs once per process (before the gateway connects), unlike `on_ready`,
which fires again on every reconnect: loading features, the translator and the command
sync belong there, so reconnects never re-sync (Discord limits command creates per day).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.knowledge_base import KnowledgeBase, ReloadReport
from bot.discord_app.cooldown import UserCooldown
from bot.discord_app.exts import EXTENSIONS
from bot.discord_app.i18n import DutchTranslator
from bot.discord_app.tree import ArticleTree
from bot.discord_app.watcher import DEBOUNCE_MS, KnowledgeWatcher
from bot.settings import Settings

log = logging.getLogger(__name__)


class ArticleBot(commands.Bot):
    """Serves one KnowledgeBase over slash commands; never pings, never blocks the loop."""

    tree: ArticleTree

    def __init__(
        self,
        settings: Settings,
        knowledge: KnowledgeBase,
        *,
        watch_debounce_ms: int = DEBOUNCE_MS,
        **options: Any,
    ) -> None:
        """`options` go to discord.py's Client (tests pass e.g. `guild_ready_timeout`)."""
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            tree_cls=ArticleTree,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.knowledge = knowledge
        self.ask_cooldown = UserCooldown(settings.ask_cooldown_seconds)
        self.synced: dict[int | None, list[app_commands.AppCommand]] = {}
        self.watcher: KnowledgeWatcher | None = None
        self._watch_debounce_ms = watch_debounce_ms
        self._background: set[asyncio.Task[Any]] = set()

    async def setup_hook(self) -> None:
        """One-time start-up: features, Dutch translations, command sync, file watcher."""
        await self.tree.set_translator(DutchTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.sync_commands:
            await self.sync_commands()
        if self.settings.watch_knowledge_file:
            self.watcher = KnowledgeWatcher(
                self.knowledge.path,
                lambda: self.reload_from_disk("watch", only_if_changed=True),
                debounce_ms=self._watch_debounce_ms,
            )
            self.watcher.start()

    async def sync_commands(self) -> None:
        """Bulk-overwrite the commands: in each DEV_GUILD_IDS guild (instant), else globally.

        With dev guilds the global set is left alone; a bot synced globally before shows
        users each command twice there until the global set is cleared.
        """
        if self.settings.dev_guild_ids:
            for guild_id in self.settings.dev_guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                self.synced[guild_id] = await self.tree.sync(guild=guild)
                log.info("synced %d commands to guild %s", len(self.synced[guild_id]), guild_id)
        else:
            self.synced[None] = await self.tree.sync()
            log.info("synced %d commands globally", len(self.synced[None]))

    async def on_ready(self) -> None:
        """Log who we are; may run again after reconnects, so it does nothing else."""
        log.info("ready as %s in %d guild(s)", self.user, len(self.guilds))

    async def on_app_command_completion(
        self,
        interaction: discord.Interaction[ArticleBot],
        command: app_commands.Command[Any, ..., Any] | app_commands.ContextMenu,
    ) -> None:
        """The per-interaction log line for commands that finished without raising."""
        self.tree.log_interaction(interaction)

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run in the background, keeping a reference so the task is not collected."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def reload_from_disk(
        self, via: str, *, only_if_changed: bool = False
    ) -> ReloadReport | None:
        """Re-read the knowledge file in a thread (SIGHUP, the file watcher); requests
        arriving while a reload runs are coalesced into one more (`request_reload`).

        `only_if_changed` skips the reload when the file's bytes are those served, e.g.
        after a /reload upload wrote them, so one change never reloads twice.
        """
        return await asyncio.to_thread(
            self.knowledge.request_reload, actor="system", via=via, only_if_changed=only_if_changed
        )

    async def close(self) -> None:
        """Stop the watcher and background work, then disconnect."""
        if self.watcher is not None:
            await self.watcher.stop()
            self.watcher = None
        for task in list(self._background):
            if task is not asyncio.current_task():
                task.cancel()
        await super().close()
