"""Glue for pointing a real discord.py client at a stand-in, with bounded waits.

discord.py reads its endpoints from class attributes, so they are swapped for
the duration of a test and always restored.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, TypeVar

import discord
import discord.gateway
import discord.http
import yarl

if TYPE_CHECKING:
    from .server import DiscordStandIn

ClientT = TypeVar("ClientT", bound=discord.Client)


@contextlib.contextmanager
def discord_pointed_at(standin: DiscordStandIn) -> Iterator[None]:
    """Set ``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``; restore after."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = standin.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(standin.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def running_client(
    standin: DiscordStandIn,
    client: ClientT,
    *,
    timeout: float = 10.0,
    wait_ready: bool = True,
) -> AsyncIterator[ClientT]:
    """Run ``client.start()`` against the stand-in until the block exits.

    Waits for the gateway IDENTIFY and the default guild in the client cache
    (and ``on_ready`` if ``wait_ready``; pass ``guild_ready_timeout=0.1`` to
    the client or READY takes discord.py's default 2 s). Start-up errors
    (e.g. ``setup_hook`` failures) are raised here instead of hanging.
    """
    with discord_pointed_at(standin):
        task = asyncio.create_task(client.start(standin.token))

        async def started() -> None:
            await standin.wait_identified(timeout)
            while client.get_guild(standin.guild_id) is None:
                await asyncio.sleep(0.01)
            if wait_ready:
                await client.wait_until_ready()

        waiter = asyncio.create_task(started())
        try:
            done, _ = await asyncio.wait(
                {task, waiter}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if task in done:
                task.result()
                raise RuntimeError("client.start() returned before the client was ready")
            if waiter not in done:
                raise TimeoutError(f"discord client not ready within {timeout}s")
            waiter.result()
            yield client
        finally:
            waiter.cancel()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.close(), timeout)
            if not task.done():
                task.cancel()
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(task, timeout)
