"""Local Discord API stand-in for end-to-end bot tests.

``DiscordStandIn`` serves REST (``/api/v10``), the gateway websocket and a
CDN on 127.0.0.1 so a real discord.py client can run without network or
token, while Discord's rules (ack deadline, double ack, message and command
limits, mention parsing) are enforced and recorded.

Usage::

    async with DiscordStandIn() as standin:
        bot = MyBot(...)  # a discord.Client; guild_ready_timeout=0.1 keeps startup fast
        async with running_client(standin, bot):  # login, gateway, setup_hook (sync)
            record = await standin.invoke("ask", {"question": "Who won?"})
            reply = await record.wait_message(timeout=5)
            assert "won" in reply.content and not reply.pings
        standin.assert_no_violations()
"""

from .builders import DEFAULT
from .errors import APIError
from .guild import (
    ADMINISTRATOR,
    ALL_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    MANAGE_GUILD,
    MENTION_EVERYONE,
    ChannelSpec,
    GuildSpec,
    MemberSpec,
    RoleSpec,
)
from .harness import discord_pointed_at, running_client
from .limits import LOCALES, is_valid_chat_input_name, validate_command, validate_message
from .mentions import Pings, compute_pings
from .records import CallbackEvent, InteractionRecord, SentMessage, UploadedFile
from .server import DiscordStandIn

__all__ = [
    "ADMINISTRATOR",
    "ALL_PERMISSIONS",
    "DEFAULT",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "LOCALES",
    "MANAGE_GUILD",
    "MENTION_EVERYONE",
    "APIError",
    "CallbackEvent",
    "ChannelSpec",
    "DiscordStandIn",
    "GuildSpec",
    "InteractionRecord",
    "MemberSpec",
    "Pings",
    "RoleSpec",
    "SentMessage",
    "UploadedFile",
    "compute_pings",
    "discord_pointed_at",
    "is_valid_chat_input_name",
    "running_client",
    "validate_command",
    "validate_message",
]
