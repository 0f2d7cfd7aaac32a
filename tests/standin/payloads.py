"""JSON payload builders in the exact shapes discord.py 2.7 parses.

discord.py indexes many keys directly (``member['flags']``,
``interaction['attachment_size_limit']``, ``app['verify_key']``), so missing
keys crash the client; every builder here includes them.
"""

from __future__ import annotations

from typing import Any

from .errors import JSONDict
from .guild import ChannelSpec, GuildSpec, MemberSpec, RoleSpec
from .snowflakes import iso_now

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1

DM_CHANNEL = 1
LOADING_FLAG = 1 << 7
EPHEMERAL_FLAG = 1 << 6

MESSAGE_DEFAULT = 0
MESSAGE_REPLY = 19
MESSAGE_CHAT_INPUT = 20
MESSAGE_CONTEXT_MENU = 23


def user_payload(member: MemberSpec) -> JSONDict:
    """A user object."""
    data: JSONDict = {
        "id": str(member.id),
        "username": member.username,
        "discriminator": "0",
        "global_name": member.global_name,
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "primary_guild": None,
        "collectibles": None,
    }
    if member.bot:
        data["bot"] = True
    return data


def member_payload(
    member: MemberSpec,
    *,
    roles: list[int] | None = None,
    permissions: int | None = None,
    with_user: bool = True,
    joined_at: str | None = None,
) -> JSONDict:
    """A guild member object; ``permissions`` is only present in interactions."""
    data: JSONDict = {
        "roles": [str(r) for r in (member.roles if roles is None else roles)],
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "joined_at": joined_at or iso_now(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
        "avatar_decoration_data": None,
        "collectibles": None,
    }
    if with_user:
        data["user"] = user_payload(member)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def role_payload(role: RoleSpec) -> JSONDict:
    """A role object."""
    return {
        "id": str(role.id),
        "name": role.name,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": role.hoist,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.managed,
        "mentionable": role.mentionable,
        "flags": 0,
    }


def channel_payload(guild: GuildSpec, channel: ChannelSpec) -> JSONDict:
    """A guild channel object."""
    return {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(guild.id),
        "name": channel.name,
        "position": channel.position,
        "permission_overwrites": [],
        "topic": channel.topic,
        "nsfw": channel.nsfw,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None if channel.parent_id is None else str(channel.parent_id),
        "flags": 0,
    }


def dm_channel_payload(channel_id: int, recipient: MemberSpec) -> JSONDict:
    """A DM channel object (discord.py needs ``recipients``)."""
    return {
        "id": str(channel_id),
        "type": DM_CHANNEL,
        "last_message_id": None,
        "flags": 0,
        "recipients": [user_payload(recipient)],
    }


def guild_create_payload(guild: GuildSpec, *, joined_at: str) -> JSONDict:
    """GUILD_CREATE data: a full, available guild."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": guild.preferred_locale,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "application_id": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "features": [],
        "roles": [role_payload(r) for r in guild.roles],
        "emojis": [],
        "stickers": [],
        "channels": [
            {k: v for k, v in channel_payload(guild, c).items() if k != "guild_id"}
            for c in guild.channels
        ],
        "threads": [],
        "members": [member_payload(m, joined_at=joined_at) for m in guild.members],
        "member_count": len(guild.members),
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "incidents_data": None,
        "large": False,
        "unavailable": False,
        "joined_at": joined_at,
        "lazy": True,
    }


def team_payload(
    team_id: int, owner_user_id: int, members: list[tuple[MemberSpec, str]]
) -> JSONDict:
    """A team owning the application; ``members`` pairs a user with its team role
    ("admin", "developer" or "read_only")."""
    return {
        "id": str(team_id),
        "name": f"team{team_id}",
        "icon": None,
        "owner_user_id": str(owner_user_id),
        "members": [
            {
                "membership_state": 2,
                "team_id": str(team_id),
                "user": user_payload(member),
                "role": role,
                "permissions": ["*"],
            }
            for member, role in members
        ],
    }


def application_payload(
    *,
    application_id: int,
    name: str,
    owner: MemberSpec,
    bot: MemberSpec,
    flags: int,
    team: JSONDict | None = None,
) -> JSONDict:
    """GET /applications/@me; ``interactions_endpoint_url`` must stay None or
    discord.py warns that gateway interactions will not arrive. For a team-owned
    application ``owner`` is the team's pseudo-user, as Discord sends it."""
    return {
        "id": str(application_id),
        "name": name,
        "icon": None,
        "description": "",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user_payload(owner),
        "team": team,
        "flags": flags,
        "hook": True,
        "bot": user_payload(bot),
        "redirect_uris": [],
        "rpc_origins": [],
        "tags": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "approximate_guild_count": 1,
        "integration_types_config": {"0": {}},
    }


def attachment_payload(
    attachment_id: int,
    filename: str,
    *,
    size: int,
    url: str,
    content_type: str | None,
    description: str | None = None,
) -> JSONDict:
    """An attachment object (the CDN url carries Discord-like signed params)."""
    data: JSONDict = {
        "id": str(attachment_id),
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url,
        "flags": 0,
    }
    if content_type is not None:
        data["content_type"] = content_type
    if description is not None:
        data["description"] = description
    return data


def message_payload(
    *,
    message_id: int,
    channel_id: int,
    author: MemberSpec,
    content: str,
    message_type: int = MESSAGE_DEFAULT,
    embeds: list[JSONDict] | None = None,
    attachments: list[JSONDict] | None = None,
    components: list[JSONDict] | None = None,
    flags: int = 0,
    mentions: list[JSONDict] | None = None,
    mention_roles: list[int] | None = None,
    mention_everyone: bool = False,
    guild_id: int | None = None,
    timestamp: str | None = None,
    edited_timestamp: str | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONDict:
    """A message object."""
    data: JSONDict = {
        "id": str(message_id),
        "type": message_type,
        "channel_id": str(channel_id),
        "author": user_payload(author),
        "content": content,
        "embeds": embeds or [],
        "attachments": attachments or [],
        "components": components or [],
        "flags": flags,
        "mentions": mentions or [],
        "mention_roles": [str(r) for r in mention_roles or []],
        "mention_everyone": mention_everyone,
        "pinned": False,
        "tts": False,
        "timestamp": timestamp or iso_now(),
        "edited_timestamp": edited_timestamp,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if extra:
        data.update(extra)
    return data


def interaction_payload(
    *,
    interaction_id: int,
    application_id: int,
    token: str,
    interaction_type: int,
    data: JSONDict,
    guild: GuildSpec | None,
    channel: JSONDict,
    user: MemberSpec,
    member_roles: list[int],
    permissions: int,
    app_permissions: int,
    locale: str,
    attachment_size_limit: int,
    message: JSONDict | None = None,
) -> JSONDict:
    """An INTERACTION_CREATE payload for a guild (member) or DM (user)."""
    payload: JSONDict = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "data": data,
        "token": token,
        "version": 1,
        "channel": channel,
        "channel_id": channel["id"],
        "locale": locale,
        "app_permissions": str(app_permissions),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": attachment_size_limit,
        "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
        "context": CONTEXT_GUILD if guild else CONTEXT_BOT_DM,
    }
    if guild is not None:
        payload["guild_id"] = str(guild.id)
        payload["guild"] = {"id": str(guild.id), "locale": guild.preferred_locale, "features": []}
        payload["guild_locale"] = guild.preferred_locale
        payload["member"] = member_payload(user, roles=member_roles, permissions=permissions)
    else:
        payload["user"] = user_payload(user)
    if message is not None:
        payload["message"] = message
    return payload
