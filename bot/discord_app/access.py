"""Who may reload the article: listed users, listed roles, or (no lists) Manage Server.

`default_permissions` on /reload only hides the command by default; server admins can
override it and always see every command, so the bot decides here, on every call.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.settings import Settings


class NotReloadAdmin(app_commands.CheckFailure):
    """The user may not reload; the tree's error handler refuses politely."""


def may_reload(interaction: discord.Interaction, settings: Settings) -> bool:
    """Whether this user, in this place, may reload.

    Allowed: a user in ADMIN_USER_IDS; a member holding a role in ADMIN_ROLE_IDS; and,
    only when both lists are empty, a member with Manage Server. When a list is set, a
    server administrator outside it is refused: the lists are the bot owner's word.
    In DMs only listed users (there are no roles or permissions there).
    """
    user = interaction.user
    if user.id in settings.admin_user_ids:
        return True
    if interaction.guild_id is None or not isinstance(user, discord.Member):
        return False
    if settings.admin_role_ids:
        # The raw role ids from the payload: `Member.roles` drops roles of an uncached guild.
        return any(role_id in settings.admin_role_ids for role_id in user._roles)
    if settings.admin_user_ids:
        return False
    permissions = interaction.permissions
    return permissions.manage_guild or permissions.administrator
