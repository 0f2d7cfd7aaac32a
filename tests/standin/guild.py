"""Test guild configuration: roles, channels, members and permission maths.

Tests need members with and without Manage Server / Administrator, so the
guild is plain data the stand-in turns into GUILD_CREATE and member payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .snowflakes import SnowflakeFactory

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
# discord.Permissions.all().value in discord.py 2.7.1
ALL_PERMISSIONS = 0x1F7FFFFFFFFFFF
DEFAULT_EVERYONE_PERMISSIONS = (
    ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)
DEFAULT_BOT_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS


@dataclass
class RoleSpec:
    """A guild role; ``id == guild.id`` is @everyone."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0
    mentionable: bool = False
    color: int = 0
    hoist: bool = False
    managed: bool = False


@dataclass
class ChannelSpec:
    """A guild channel (type 0 = text)."""

    id: int
    name: str
    type: int = 0
    position: int = 0
    topic: str | None = None
    nsfw: bool = False
    parent_id: int | None = None


@dataclass
class MemberSpec:
    """A guild member (or, outside guilds, just a user)."""

    id: int
    username: str
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    global_name: str | None = None
    bot: bool = False


@dataclass
class GuildSpec:
    """Everything the stand-in needs to describe one guild."""

    id: int
    name: str
    owner_id: int
    roles: list[RoleSpec] = field(default_factory=list)
    channels: list[ChannelSpec] = field(default_factory=list)
    members: list[MemberSpec] = field(default_factory=list)
    preferred_locale: str = "en-US"

    def role(self, name: str) -> RoleSpec:
        """Role by name (``"@everyone"`` works)."""
        for role in self.roles:
            if role.name == name:
                return role
        raise KeyError(name)

    def channel(self, name: str) -> ChannelSpec:
        """Channel by name."""
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(name)

    def member(self, user_id: int) -> MemberSpec | None:
        """Configured member by id, if any."""
        return next((m for m in self.members if m.id == user_id), None)

    def member_named(self, username: str) -> MemberSpec:
        """Configured member by username."""
        for member in self.members:
            if member.username == username:
                return member
        raise KeyError(username)

    @property
    def everyone(self) -> RoleSpec:
        """The @everyone role (its id equals the guild id)."""
        return next(r for r in self.roles if r.id == self.id)

    def permissions_for(self, user_id: int, role_ids: list[int]) -> int:
        """Guild-level permissions: owner/admin get everything, else OR of roles."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.everyone.permissions
        for role in self.roles:
            if role.id in role_ids:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def add_role(
        self, role_id: int, name: str, permissions: int = 0, *, mentionable: bool = False
    ) -> RoleSpec:
        """Add a role (ids come from ``standin.ids.next()``)."""
        position = max((r.position for r in self.roles), default=0) + 1
        role = RoleSpec(role_id, name, permissions, position=position, mentionable=mentionable)
        self.roles.append(role)
        return role

    def add_member(
        self, user_id: int, username: str, *, roles: list[int] | None = None
    ) -> MemberSpec:
        """Add (or replace) a member."""
        self.members = [m for m in self.members if m.id != user_id]
        member = MemberSpec(id=user_id, username=username, roles=list(roles or []))
        self.members.append(member)
        return member


def default_guild(
    ids: SnowflakeFactory,
    *,
    bot_user_id: int,
    bot_name: str,
    name: str = "Stand-in Guild",
    guild_id: int | None = None,
    owner_id: int | None = None,
) -> GuildSpec:
    """A guild with @everyone, "Moderator" (Manage Server), "Admin" (Administrator),
    a #general channel, an owner, a plain "tester" member, a "moderator" member
    and the bot itself."""
    guild_id = guild_id or ids.next()
    owner = MemberSpec(id=owner_id or ids.next(), username="owner")
    moderator_role = RoleSpec(id=ids.next(), name="Moderator", permissions=MANAGE_GUILD, position=1)
    admin_role = RoleSpec(id=ids.next(), name="Admin", permissions=ADMINISTRATOR, position=2)
    bot_role = RoleSpec(
        id=ids.next(),
        name=bot_name,
        permissions=DEFAULT_BOT_PERMISSIONS,
        position=3,
        managed=True,
    )
    return GuildSpec(
        id=guild_id,
        name=name,
        owner_id=owner.id,
        roles=[
            RoleSpec(id=guild_id, name="@everyone", permissions=DEFAULT_EVERYONE_PERMISSIONS),
            moderator_role,
            admin_role,
            bot_role,
        ],
        channels=[ChannelSpec(id=ids.next(), name="general")],
        members=[
            owner,
            MemberSpec(id=ids.next(), username="tester"),
            MemberSpec(id=ids.next(), username="moderator", roles=[moderator_role.id]),
            MemberSpec(id=bot_user_id, username=bot_name, roles=[bot_role.id], bot=True),
        ],
    )
