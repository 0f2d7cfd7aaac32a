"""Interaction payload builders that know the stand-in's registered commands.

Discord only sends interactions for registered commands, with values already
checked against choices and required flags; building them from the
registration keeps tests from sending payloads Discord never would.
"""

from __future__ import annotations

import enum
import secrets
from typing import Any

from .errors import JSONDict
from .guild import ChannelSpec, GuildSpec, MemberSpec, RoleSpec
from .limits import CHAT_INPUT, MESSAGE_COMMAND, USER_COMMAND
from .payloads import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    channel_payload,
    dm_channel_payload,
    interaction_payload,
    member_payload,
    message_payload,
    role_payload,
    user_payload,
)
from .state import StandInState

SUB_TYPES = (1, 2)
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE = 3, 4, 5, 6, 7, 8, 9
NUMBER, ATTACHMENT = 10, 11


class _Default(enum.Enum):
    TOKEN = 0


DEFAULT = _Default.TOKEN
"""Sentinel: "the stand-in's default guild" (pass ``guild_id=None`` for a DM)."""


class InteractionBuilders(StandInState):
    """Mixin for :class:`DiscordStandIn`: builds INTERACTION_CREATE payloads."""

    def find_command(self, name: str, guild_id: int | None, ctype: int = CHAT_INPUT) -> JSONDict:
        """Registered command by name: guild commands first, then global."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self._commands.get(scope, []):
                if command["name"] == name and command.get("type", CHAT_INPUT) == ctype:
                    return command
        known = sorted(
            c["name"] for s in scopes for c in self._commands.get(s, []) if c.get("type") == ctype
        )
        raise LookupError(f"command {name!r} (type {ctype}) is not registered; known: {known}")

    def guild_by_id(self, guild_id: int) -> GuildSpec:
        """Configured guild by id."""
        for guild in self.guilds:
            if guild.id == guild_id:
                return guild
        raise LookupError(f"unknown guild {guild_id}")

    def _guild_arg(self, guild_id: int | _Default | None) -> GuildSpec | None:
        if guild_id is DEFAULT:
            return self.guild
        if guild_id is None:
            return None
        assert isinstance(guild_id, int)
        return self.guild_by_id(guild_id)

    def _invoker(self, guild: GuildSpec | None, user_id: int | None) -> MemberSpec:
        if guild is None:
            if user_id is None or user_id == self.dm_user.id:
                return self.dm_user
            return MemberSpec(id=user_id, username=f"user{user_id}")
        if user_id is None:
            return guild.member_named("tester") if _has(guild, "tester") else guild.members[0]
        return guild.member(user_id) or MemberSpec(id=user_id, username=f"user{user_id}")

    def _channel(
        self, guild: GuildSpec | None, user: MemberSpec, channel_id: int | None
    ) -> JSONDict:
        if guild is None:
            dm_id = self._dm_channels.setdefault(user.id, self.ids.next())
            return dm_channel_payload(dm_id, user)
        channel: ChannelSpec = guild.channels[0]
        if channel_id is not None:
            channel = next(c for c in guild.channels if c.id == channel_id)
        return channel_payload(guild, channel)

    def _envelope(
        self,
        interaction_type: int,
        data: JSONDict,
        *,
        guild: GuildSpec | None,
        user: MemberSpec,
        roles: list[int] | None,
        permissions: int | str | None,
        locale: str,
        channel_id: int | None,
        message: JSONDict | None = None,
    ) -> JSONDict:
        member_roles = list(user.roles if roles is None else roles)
        if permissions is None:
            perms = guild.permissions_for(user.id, member_roles) if guild else 0
        else:
            perms = int(permissions)
        channel = self._channel(guild, user, channel_id)
        if guild is not None:
            channel["permissions"] = str(perms)
        return interaction_payload(
            interaction_id=self.ids.next(),
            application_id=self.application_id,
            token="aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48),
            interaction_type=interaction_type,
            data=data,
            guild=guild,
            channel=channel,
            user=user,
            member_roles=member_roles,
            permissions=perms,
            app_permissions=self.app_permissions,
            locale=locale,
            attachment_size_limit=self.attachment_size_limit,
            message=message,
        )

    def _command_data(self, command: JSONDict) -> JSONDict:
        data: JSONDict = {
            "id": command["id"],
            "name": command["name"],
            "type": command.get("type", CHAT_INPUT),
        }
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    def slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[JSONDict] | None = None,
        *,
        user_id: int | None = None,
        guild_id: int | _Default | None = DEFAULT,
        roles: list[int] | None = None,
        permissions: int | str | None = None,
        locale: str = "en-US",
        resolved_attachments: list[JSONDict] | None = None,
        channel_id: int | None = None,
    ) -> JSONDict:
        """A type-2 CHAT_INPUT interaction for a registered command.

        ``options`` as a dict maps option names to Python values (ids or spec
        objects for users/roles/channels, attachment dicts for attachments);
        as a list it is sent raw. ``permissions`` defaults to what the guild's
        roles grant the user; ``guild_id=None`` makes it a DM invocation.
        """
        guild = self._guild_arg(guild_id)
        user = self._invoker(guild, user_id)
        command = self.find_command(name, guild.id if guild else None)
        data = self._command_data(command)
        resolved: dict[str, dict[str, JSONDict]] = {}
        if isinstance(options, list):
            data["options"] = options
        elif options is not None or command.get("options"):
            data["options"] = self._convert_options(command, options or {}, guild, resolved)
        for attachment in resolved_attachments or []:
            resolved.setdefault("attachments", {})[str(attachment["id"])] = attachment
        if resolved:
            data["resolved"] = resolved
        if not data.get("options"):
            data.pop("options", None)
        return self._envelope(
            APPLICATION_COMMAND,
            data,
            guild=guild,
            user=user,
            roles=roles,
            permissions=permissions,
            locale=locale,
            channel_id=channel_id,
        )

    def autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        focused: str,
        *,
        user_id: int | None = None,
        guild_id: int | _Default | None = DEFAULT,
        locale: str = "en-US",
    ) -> JSONDict:
        """A type-4 autocomplete interaction; ``focused`` names the typed option."""
        guild = self._guild_arg(guild_id)
        user = self._invoker(guild, user_id)
        command = self.find_command(name, guild.id if guild else None)
        data = self._command_data(command)
        opts = []
        for opt_name, value in options.items():
            otype = self._option_def(command, opt_name)["type"]
            entry: JSONDict = {"name": opt_name, "type": otype, "value": value}
            if opt_name == focused:
                entry["focused"] = True
                entry["value"] = str(value)
            opts.append(entry)
        data["options"] = opts
        return self._envelope(
            AUTOCOMPLETE,
            data,
            guild=guild,
            user=user,
            roles=None,
            permissions=None,
            locale=locale,
            channel_id=None,
        )

    def message_context(
        self,
        name: str,
        target_message_content: str,
        *,
        target_author_id: int | None = None,
        target_embeds: list[JSONDict] | None = None,
        target_attachments: list[JSONDict] | None = None,
        user_id: int | None = None,
        guild_id: int | _Default | None = DEFAULT,
        roles: list[int] | None = None,
        permissions: int | str | None = None,
        locale: str = "en-US",
        channel_id: int | None = None,
    ) -> JSONDict:
        """A type-2 MESSAGE (context menu, data type 3) interaction."""
        guild = self._guild_arg(guild_id)
        user = self._invoker(guild, user_id)
        command = self.find_command(name, guild.id if guild else None, MESSAGE_COMMAND)
        author = user if target_author_id is None else self._invoker(guild, target_author_id)
        payload = self._envelope(
            APPLICATION_COMMAND,
            self._command_data(command),
            guild=guild,
            user=user,
            roles=roles,
            permissions=permissions,
            locale=locale,
            channel_id=channel_id,
        )
        target_id = self.ids.next()
        target = message_payload(
            message_id=target_id,
            channel_id=int(payload["channel_id"]),
            author=author,
            content=target_message_content,
            embeds=target_embeds,
            attachments=target_attachments,
        )
        if guild is not None:
            target["member"] = member_payload(author, with_user=False)
        self._messages[target_id] = target
        payload["data"]["target_id"] = str(target_id)
        payload["data"]["resolved"] = {"messages": {str(target_id): target}}
        return payload

    def user_context(
        self,
        name: str,
        target_user_id: int,
        *,
        user_id: int | None = None,
        guild_id: int | _Default | None = DEFAULT,
        roles: list[int] | None = None,
        permissions: int | str | None = None,
        locale: str = "en-US",
    ) -> JSONDict:
        """A type-2 USER (context menu, data type 2) interaction."""
        guild = self._guild_arg(guild_id)
        user = self._invoker(guild, user_id)
        command = self.find_command(name, guild.id if guild else None, USER_COMMAND)
        data = self._command_data(command)
        resolved: dict[str, dict[str, JSONDict]] = {}
        self._resolve_user(guild, self._invoker(guild, target_user_id), resolved)
        data["target_id"] = str(target_user_id)
        data["resolved"] = resolved
        return self._envelope(
            APPLICATION_COMMAND,
            data,
            guild=guild,
            user=user,
            roles=roles,
            permissions=permissions,
            locale=locale,
            channel_id=None,
        )

    def _option_def(self, command: JSONDict, name: str) -> JSONDict:
        for option in command.get("options") or []:
            if option["name"] == name:
                return dict(option)
        known = [o["name"] for o in command.get("options") or []]
        raise ValueError(f"/{command['name']} has no option {name!r}; options: {known}")

    def _convert_options(
        self,
        command: JSONDict,
        options: dict[str, Any],
        guild: GuildSpec | None,
        resolved: dict[str, dict[str, JSONDict]],
    ) -> list[JSONDict]:
        out: list[JSONDict] = []
        for name, value in options.items():
            option = self._option_def(command, name)
            if option["type"] in SUB_TYPES:
                raise ValueError("sub-commands: pass options as a raw list")
            encoded = self._encode_option(option, value, guild, resolved)
            out.append({"name": name, "type": option["type"], "value": encoded})
        for option in command.get("options") or []:
            if option.get("required") and option["name"] not in options:
                raise ValueError(f"/{command['name']}: required option {option['name']!r} missing")
        return out

    def _encode_option(
        self,
        option: JSONDict,
        value: Any,
        guild: GuildSpec | None,
        resolved: dict[str, dict[str, JSONDict]],
    ) -> Any:
        otype = option["type"]
        name = option["name"]
        if otype in (STRING, INTEGER, NUMBER):
            _check_scalar(option, value)
            return value
        if otype == BOOLEAN:
            if not isinstance(value, bool):
                raise ValueError(f"option {name!r} expects a bool")
            return value
        if otype == ATTACHMENT:
            attachment = value if isinstance(value, dict) else self._attachments_by_id[int(value)]
            resolved.setdefault("attachments", {})[str(attachment["id"])] = attachment
            return str(attachment["id"])
        target_id = (
            value.id if isinstance(value, MemberSpec | RoleSpec | ChannelSpec) else int(value)
        )
        if otype == CHANNEL:
            self._resolve_channel(guild, target_id, resolved)
        elif otype == ROLE or (otype == MENTIONABLE and _role(guild, target_id) is not None):
            role = _role(guild, target_id)
            if role is None:
                raise ValueError(f"option {name!r}: role {target_id} is not in the guild")
            resolved.setdefault("roles", {})[str(role.id)] = role_payload(role)
        elif otype in (USER, MENTIONABLE):
            self._resolve_user(guild, self._invoker(guild, target_id), resolved)
        return str(target_id)

    def _resolve_user(
        self, guild: GuildSpec | None, user: MemberSpec, resolved: dict[str, dict[str, JSONDict]]
    ) -> None:
        resolved.setdefault("users", {})[str(user.id)] = user_payload(user)
        if guild is not None and guild.member(user.id) is not None:
            member = member_payload(
                user, with_user=False, permissions=guild.permissions_for(user.id, user.roles)
            )
            resolved.setdefault("members", {})[str(user.id)] = member

    def _resolve_channel(
        self, guild: GuildSpec | None, channel_id: int, resolved: dict[str, dict[str, JSONDict]]
    ) -> None:
        channel = next((c for c in guild.channels if c.id == channel_id), None) if guild else None
        if guild is None or channel is None:
            raise ValueError(f"channel {channel_id} is not in the guild")
        data = channel_payload(guild, channel)
        data["permissions"] = str(self.app_permissions)
        resolved.setdefault("channels", {})[str(channel_id)] = data


def _has(guild: GuildSpec, username: str) -> bool:
    return any(m.username == username for m in guild.members)


def _role(guild: GuildSpec | None, role_id: int) -> RoleSpec | None:
    if guild is None:
        return None
    return next((r for r in guild.roles if r.id == role_id), None)


def _check_scalar(option: JSONDict, value: Any) -> None:
    """Reject values the Discord client would never send."""
    name, otype = option["name"], option["type"]
    if otype == STRING and not isinstance(value, str):
        raise ValueError(f"option {name!r} expects a str")
    if otype == INTEGER and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"option {name!r} expects an int")
    if otype == NUMBER and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ValueError(f"option {name!r} expects a number")
    choices = option.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise ValueError(f"option {name!r}: {value!r} is not one of the registered choices")
    if isinstance(value, str):
        if len(value) < int(option.get("min_length") or 0):
            raise ValueError(f"option {name!r}: shorter than min_length")
        if len(value) > int(option.get("max_length") or 6000):
            raise ValueError(f"option {name!r}: longer than max_length")
    else:
        low, high = option.get("min_value"), option.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"option {name!r}: {value!r} outside [{low}, {high}]")
