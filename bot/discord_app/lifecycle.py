"""Start-up and shut-down of the bot process: endpoints, knowledge, signals.

SIGINT/SIGTERM close the gateway connection cleanly, but never wait long for it: when
Discord is unreachable discord.py may be sleeping before its next reconnect, or waiting
30 s for a websocket close, so after SHUTDOWN_GRACE_SECONDS the connection is abandoned.
SIGHUP re-reads the knowledge file, the Unix convention for "reload your configuration".
"""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
import sys

import aiohttp
import discord

from bot.core.knowledge import KnowledgeError
from bot.discord_app.client import ArticleBot
from bot.discord_app.endpoints import discord_endpoints, point_at_api
from bot.settings import Settings
from bot.wiring import open_knowledge_base

__all__ = ["point_at_api", "serve", "start"]

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 3.0
"""How long a clean disconnect may take before the process stops anyway (exit ≤ 5 s)."""

FATAL_CLOSES = {
    4004: "Discord rejected DISCORD_TOKEN at the gateway (close 4004); check it "
    "(Bot → Reset Token)",
    4010: "Discord refused the shard number (close 4010); check SHARD_IDS and SHARD_COUNT",
    4011: "Discord requires more shards for this bot (close 4011): too many servers per "
    "shard; raise SHARD_COUNT, or leave it empty",
    4012: "Discord refused the gateway API version (close 4012); upgrade discord.py",
    4013: "Discord refused the gateway intents as invalid (close 4013)",
    4014: "Discord refused a privileged intent that is not enabled for this application "
    "(close 4014); enable it under Bot → Privileged Gateway Intents, or do not request it",
}


def start(settings: Settings, token: str) -> int:
    """Build the knowledge base, connect, serve until a signal; the exit code."""
    try:
        knowledge = open_knowledge_base(settings)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        with discord_endpoints(settings):
            return asyncio.run(serve(ArticleBot(settings, knowledge), token))
    except discord.LoginFailure:
        print(
            "error: Discord rejected DISCORD_TOKEN; check it (Bot → Reset Token)", file=sys.stderr
        )
    except discord.PrivilegedIntentsRequired:
        print(f"error: {FATAL_CLOSES[4014]}", file=sys.stderr)
    except discord.ConnectionClosed as exc:
        reason = FATAL_CLOSES.get(exc.code, f"Discord closed the gateway (close {exc.code})")
        print(f"error: {reason}", file=sys.stderr)
    except (discord.HTTPException, discord.GatewayNotFound, aiohttp.ClientError, OSError) as exc:
        print(f"error: could not connect to Discord: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return 1


async def serve(bot: ArticleBot, token: str) -> int:
    """Run the bot until SIGINT/SIGTERM (0) or until it fails (its exception is raised)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, functools.partial(_stop, stop, sig))
    loop.add_signal_handler(signal.SIGHUP, functools.partial(_reload, bot))
    running = asyncio.create_task(bot.start(token), name="discord-client")
    stopping = asyncio.create_task(stop.wait(), name="stop-signal")
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        await shut_down(bot, running)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(sig)
    failure = None if stop.is_set() or running.cancelled() else running.exception()
    if failure is not None:
        raise failure
    log.info("stopped")
    return 0


async def shut_down(bot: ArticleBot, running: asyncio.Task[None]) -> None:
    """Close the bot within SHUTDOWN_GRACE_SECONDS, then stop its connection task.

    Whatever the connection was doing (logging in, connected, sleeping before a
    reconnect to an unreachable Discord) ends here; an error it ends with after a stop
    was asked for is only logged at DEBUG.
    """
    closing = asyncio.create_task(bot.close(), name="discord-close")
    done, _ = await asyncio.wait({closing}, timeout=SHUTDOWN_GRACE_SECONDS)
    if not done:
        log.warning(
            "Discord did not confirm the disconnect within %.0f s; stopping anyway",
            SHUTDOWN_GRACE_SECONDS,
        )
        closing.cancel()
    if not running.done():
        running.cancel()
    await asyncio.wait({running, closing}, timeout=1.0)
    if running.done() and not running.cancelled() and running.exception() is not None:
        log.debug("the connection ended with %r while stopping", running.exception())


def _stop(stop: asyncio.Event, sig: signal.Signals) -> None:
    log.info("%s received: closing", sig.name)
    stop.set()


def _reload(bot: ArticleBot) -> None:
    log.info("SIGHUP received: reloading %s", bot.knowledge.path)
    bot.spawn(bot.reload_from_disk("sighup"))
