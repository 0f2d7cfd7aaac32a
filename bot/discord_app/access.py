"""Who may reload the article, and in which servers the bot answers at all.

One knowledge file serves every server the bot is in, so replacing it is the bot
owner's decision, never one server's: a server's Administrator or Manage Server
permission counts for nothing here. `default_permissions` on /reload only hides the
command by default (server admins can override it), so the bot decides on every call.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from bot.discord_app.messages import text
from bot.discord_app.replies import respond_error
from bot.presentation import language_of
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.discord_app.client import ArticleBot

log = logging.getLogger(__name__)

OWNER_LOOKUP_SECONDS = 2.0


def listed(user: discord.User | discord.Member, settings: Settings) -> bool:
    """In ADMIN_USER_IDS, or (in a server) holding a role in ADMIN_ROLE_IDS.

    Roles are read from the server's cached roles (the Guilds intent keeps them), the
    public way; DMs have no roles.
    """
    if user.id in settings.admin_user_ids:
        return True
    if settings.admin_role_ids and isinstance(user, discord.Member):
        return any(role.id in settings.admin_role_ids for role in user.roles)
    return False


async def may_reload(interaction: discord.Interaction[ArticleBot], settings: Settings) -> bool:
    """Whether this user may reload: listed, or (no lists at all) the application's owner.

    The owner, or the admins and developers of the owning team, are what Discord's
    application info says (discord.py's `Bot.is_owner`, fetched once and cached). When
    either list is set, only the lists count. When the application info cannot be
    fetched in OWNER_LOOKUP_SECONDS (the interaction must be answered within 3 s), the
    answer is no.
    """
    user = interaction.user
    if listed(user, settings):
        return True
    if settings.admin_user_ids or settings.admin_role_ids:
        return False
    try:
        return await asyncio.wait_for(interaction.client.is_owner(user), OWNER_LOOKUP_SECONDS)
    except discord.HTTPException as exc:
        log.warning("could not fetch the application's owner (HTTP %s): refusing", exc.status)
    except TimeoutError:
        log.warning("could not fetch the application's owner in time: refusing")
    return False


def place_allowed(interaction: discord.Interaction[ArticleBot], settings: Settings) -> bool:
    """With ALLOWED_GUILD_IDS set, only those servers; DMs count as elsewhere.

    A DM has no server to vouch for it, and /reload's reply is private in an allowed
    server anyway, so nobody needs DMs once the bot is limited to some servers.
    """
    if not settings.allowed_guild_ids:
        return True
    return interaction.guild_id is not None and interaction.guild_id in settings.allowed_guild_ids


async def tell_not_served_here(interaction: discord.Interaction[ArticleBot]) -> None:
    """Say privately, in one line, that the bot does not answer in this place."""
    try:
        await respond_error(interaction, text("not_here", language_of(str(interaction.locale))))
    except discord.HTTPException as exc:
        log.warning("could not tell a user the bot does not answer there: %s", exc)
