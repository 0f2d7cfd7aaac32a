"""`python -m bot commands list|sync|clear`: the slash commands Discord has registered.

Discord keeps one command set per application globally and one per server; a bot that
was synced in both shows every command twice there, and commands of older versions
linger. This lists them, registers the current set (as `run` does at start-up), or
empties a set, over the REST API only: the bot does not go online.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import TypeVar

import aiohttp
import discord
from discord import app_commands

from bot.discord_app.client import ArticleBot
from bot.discord_app.lifecycle import point_at_api
from bot.settings import Settings
from bot.wiring import open_knowledge_base

T = TypeVar("T")
Scope = int | None
"""A server ID, or None for the global set."""


class CommandsError(RuntimeError):
    """Discord refused or could not be reached; one line for the user."""


def manage_commands(settings: Settings, action: str, scopes: list[Scope]) -> int:
    """Run `action` on each scope; 0 on success, 1 when Discord refuses or is unreachable."""
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value().strip()
    point_at_api(settings)
    try:
        asyncio.run(_manage(settings, token, action, scopes))
    except CommandsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


async def _manage(settings: Settings, token: str, action: str, scopes: list[Scope]) -> None:
    if action == "sync":
        quiet = settings.model_copy(update={"sync_commands": False, "watch_knowledge_file": False})
        bot = ArticleBot(quiet, open_knowledge_base(quiet))
        async with bot:
            await _login(bot, token)
            await _guarded(bot.sync_commands(), "sync")
            for scope, commands in bot.synced.items():
                print(f"{_name(scope)}: registered {_describe(commands)}")
        return
    client = discord.Client(intents=discord.Intents(guilds=True))
    tree = app_commands.CommandTree(client)
    async with client:
        await _login(client, token)
        for scope in scopes:
            guild = None if scope is None else discord.Object(id=scope)
            if action == "clear":
                tree.clear_commands(guild=guild)
                await _guarded(tree.sync(guild=guild), _name(scope))
                print(f"{_name(scope)}: cleared")
            else:
                commands = await _guarded(tree.fetch_commands(guild=guild), _name(scope))
                print(f"{_name(scope)}: {_describe(commands)}")


async def _login(client: discord.Client, token: str) -> None:
    try:
        await client.login(token)
    except discord.LoginFailure:
        raise CommandsError(
            "Discord rejected DISCORD_TOKEN; check it (Bot → Reset Token)"
        ) from None
    except (discord.HTTPException, aiohttp.ClientError, OSError) as exc:
        raise CommandsError(f"could not reach Discord: {exc}") from None


async def _guarded(call: Awaitable[T], where: str) -> T:
    """Await a REST call; a refusal becomes one line saying what to check."""
    try:
        return await call
    except discord.Forbidden as exc:
        raise CommandsError(
            f"{where}: Discord refused ({exc.status} {exc.text}): is the bot in that server, "
            "invited with the applications.commands scope?"
        ) from None
    except discord.HTTPException as exc:
        raise CommandsError(f"{where}: Discord answered {exc.status} {exc.text}") from None
    except (aiohttp.ClientError, OSError) as exc:
        raise CommandsError(f"{where}: could not reach Discord: {exc}") from None


def _name(scope: Scope) -> str:
    return "global" if scope is None else f"server {scope}"


def _describe(commands: list[app_commands.AppCommand]) -> str:
    if not commands:
        return "no commands"
    names = [
        f"/{c.name}" if c.type is discord.AppCommandType.chat_input else f"{c.name} ({c.type.name})"
        for c in commands
    ]
    return f"{len(commands)} command{'s' if len(commands) != 1 else ''}: {', '.join(names)}"
