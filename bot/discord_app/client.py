"""The bot: a `commands.AutoShardedBot` whose command tree is built once, in `setup_hook`.

`setup_hook` runs once per process (before the gateway connects), unlike `on_ready`,
which fires again on every reconnect: loading features, the translator and the command
sync belong there, so reconnects never re-sync (Discord limits command creates per day).

Sharded from the start: one process runs every shard by default, or only `SHARD_IDS`
of `SHARD_COUNT`, so several processes (or machines) can share the guilds with Discord's
gateway as the distributor.
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
from bot.discord_app.exts import EXTENSIONS
from bot.discord_app.i18n import DutchTranslator
from bot.discord_app.shards import IdentifyPacer, describe_shards
from bot.discord_app.tree import ArticleTree
from bot.discord_app.watcher import DEBOUNCE_MS, KnowledgeWatcher
from bot.settings import Settings

log = logging.getLogger(__name__)


def _sharding(settings: Settings) -> dict[str, Any]:
    """discord.py's shard options: none (ask Discord), a total, or a total and a slice."""
    options: dict[str, Any] = {}
    if settings.shard_count is not None:
        options["shard_count"] = settings.shard_count
    if settings.shard_ids:
        options["shard_ids"] = list(settings.shard_ids)
    return options


class ArticleBot(commands.AutoShardedBot):
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
            **_sharding(settings),
            **options,
        )
        self.identify_pacer = IdentifyPacer()
        self.settings = settings
        self.knowledge = knowledge
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

    async def launch_shards(self) -> None:
        """Ask Discord once for the shard count (unless SHARD_COUNT is set) and the
        identify limits, then connect this process's shards.

        discord.py asks `GET /gateway/bot` only without a shard count, then dials the URL
        it returns and ignores `max_concurrency`; asking here keeps DISCORD_GATEWAY_URL in
        force and lets shards of different buckets identify together.
        """
        if self.is_closed():
            return
        recommended, _url, limits = await self.http.get_bot_gateway()
        if self.shard_count is None:
            self.shard_count = recommended
        elif self.shard_count < recommended:
            log.warning(
                "SHARD_COUNT=%d is below the %d shards Discord recommends; Discord refuses "
                "shards with too many servers (close code 4011)",
                self.shard_count,
                recommended,
            )
        self.identify_pacer.max_concurrency = limits["max_concurrency"]
        log.info(
            "connecting %s (Discord recommends %d; %d session starts left, max concurrency %d)",
            self.shard_description,
            recommended,
            limits["remaining"],
            limits["max_concurrency"],
        )
        starting = len(self.shard_ids or range(self.shard_count))
        if limits["remaining"] < starting:
            log.warning(
                "Discord allows only %d more session start(s) for %d shard(s) until its limit "
                "resets in %d minute(s); a restart loop uses them up",
                limits["remaining"],
                starting,
                limits["reset_after"] // 60_000,
            )
        await super().launch_shards()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Wait for this shard's identify bucket (instead of discord.py's flat 5 s)."""
        await self.identify_pacer.wait(shard_id or 0)

    @property
    def shard_description(self) -> str:
        """The shards this process runs, e.g. `shards 0, 1 of 2`, for logs."""
        count = self.shard_count or 1
        return describe_shards(self.shard_ids or range(count), count)

    async def on_ready(self) -> None:
        """Log who we are; may run again after reconnects, so it does nothing else."""
        log.info(
            "ready as %s in %d guild(s) on %s", self.user, len(self.guilds), self.shard_description
        )

    async def on_shard_ready(self, shard_id: int) -> None:
        """One line per shard, so a shard that never comes up is visible in the log."""
        guilds = sum(1 for guild in self.guilds if guild.shard_id == shard_id)
        log.info("shard %d of %d ready: %d guild(s)", shard_id, self.shard_count or 1, guilds)

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
