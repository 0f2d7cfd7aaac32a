"""Where discord.py sends REST calls and opens the gateway (DISCORD_API_URL,
DISCORD_GATEWAY_URL): a REST proxy, or the local stand-in in tests.

discord.py 2.7 has no supported per-client setting for either. Every REST call is
built from the class attribute `discord.http.Route.BASE`; the gateway URL is the class
attribute `DiscordWebSocket.DEFAULT_GATEWAY` for a plain Client and for an
AutoShardedClient with a fixed shard count (without one it asks `GET /gateway/bot`,
which goes through Route.BASE). So this module, and only this one, sets them: for the
duration of `run`, restored afterwards, and only when a setting asks for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import discord.gateway
import discord.http
import yarl

from bot.settings import Settings


def point_at_api(settings: Settings) -> None:
    """Aim discord.py at DISCORD_API_URL and, when set, DISCORD_GATEWAY_URL."""
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


@contextlib.contextmanager
def discord_endpoints(settings: Settings) -> Iterator[None]:
    """`point_at_api` for the duration of the block; discord.py's values restored after."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    point_at_api(settings)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
