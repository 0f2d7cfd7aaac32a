"""Which users/roles a message would actually notify.

Interaction responses without ``allowed_mentions`` parse everything, so a bot
echoing user text can mass-ping; this computes what Discord would notify.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import JSONDict, set_error

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
PARSE_VALUES = frozenset({"users", "roles", "everyone"})
MENTION_LIST_MAX = 100


@dataclass(frozen=True)
class Pings:
    """Notified targets. ``123 in pings`` checks users and roles; also "everyone"/"here"."""

    users: tuple[int, ...] = ()
    roles: tuple[int, ...] = ()
    everyone: bool = False
    here: bool = False

    def __bool__(self) -> bool:
        return bool(self.users or self.roles or self.everyone or self.here)

    def __contains__(self, item: object) -> bool:
        if item == "everyone":
            return self.everyone
        if item == "here":
            return self.here
        if isinstance(item, int):
            return item in self.users or item in self.roles
        return False

    def __iter__(self) -> Iterator[int | str]:
        yield from self.users
        yield from (f"role:{r}" for r in self.roles)
        if self.everyone:
            yield "everyone"
        if self.here:
            yield "here"

    def __len__(self) -> int:
        return len(list(iter(self)))


def validate_allowed_mentions(value: Any) -> JSONDict:
    """Discord's checks on an ``allowed_mentions`` object (errors under that key)."""
    errors: JSONDict = {}
    path: list[str | int] = ["allowed_mentions"]
    if value is None:
        return errors
    if not isinstance(value, dict):
        set_error(errors, path, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
        return errors
    parse = value.get("parse")
    if parse is not None and (
        not isinstance(parse, list) or any(p not in PARSE_VALUES for p in parse)
    ):
        choices = sorted(PARSE_VALUES)
        set_error(errors, [*path, "parse"], "BASE_TYPE_CHOICES", f"Value must be one of {choices}.")
        parse = []
    for key in ("users", "roles"):
        ids = value.get(key)
        if ids is None:
            continue
        if not isinstance(ids, list) or not all(str(i).isdigit() for i in ids):
            set_error(errors, [*path, key], "LIST_TYPE_CONVERT", "Must be a list of snowflakes.")
            continue
        if len(ids) > MENTION_LIST_MAX:
            message = f"Must be {MENTION_LIST_MAX} or fewer in length."
            set_error(errors, [*path, key], "BASE_TYPE_MAX_LENGTH", message)
        if ids and parse and key in parse:
            set_error(
                errors,
                path,
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{key}"] and {key}: [ids] are mutually exclusive.',
            )
    return errors


def compute_pings(
    content: str | None,
    allowed_mentions: JSONDict | None,
    *,
    guild_role_ids: Collection[int] | None,
    reply_author_id: int | None = None,
) -> Pings:
    """Resolve mentions in ``content`` against ``allowed_mentions``.

    ``guild_role_ids`` is None outside a guild (no role/everyone pings there);
    only roles that exist in the guild can ping. Embeds never ping, so only
    content is examined. ``reply_author_id`` is the author of a replied-to
    message; it is pinged unless ``allowed_mentions`` omits ``replied_user``.
    """
    text = content or ""
    user_ids = list(dict.fromkeys(int(m) for m in USER_MENTION.findall(text)))
    role_ids = list(dict.fromkeys(int(m) for m in ROLE_MENTION.findall(text)))
    has_everyone = "@everyone" in text
    has_here = "@here" in text
    if allowed_mentions is None:
        parse: set[str] = set(PARSE_VALUES)
        allowed_users: set[int] = set()
        allowed_roles: set[int] = set()
        replied = True
    else:
        parse = set(allowed_mentions.get("parse") or [])
        allowed_users = {int(i) for i in allowed_mentions.get("users") or []}
        allowed_roles = {int(i) for i in allowed_mentions.get("roles") or []}
        replied = bool(allowed_mentions.get("replied_user", False))
    users = [u for u in user_ids if "users" in parse or u in allowed_users]
    if reply_author_id is not None and replied and reply_author_id not in users:
        users.append(reply_author_id)
    in_guild = guild_role_ids is not None
    known_roles = set(guild_role_ids or ())
    roles = [r for r in role_ids if r in known_roles and ("roles" in parse or r in allowed_roles)]
    everyone_ok = in_guild and "everyone" in parse
    return Pings(
        users=tuple(users),
        roles=tuple(roles),
        everyone=everyone_ok and has_everyone,
        here=everyone_ok and has_here,
    )
