"""Turning create/edit bodies into Discord message objects with pings.

Callbacks, webhook edits, followups and channel sends all share Discord's
merge rules (omitted fields keep their value, ``attachments`` replaces the
list) and mention resolution, so they share this code.
"""

from __future__ import annotations

import json

from .bodies import FilePart
from .errors import TOO_LARGE, JSONDict, api_error, invalid_form_body, set_error
from .guild import GuildSpec, MemberSpec
from .limits import CHAT_INPUT
from .mentions import Pings, compute_pings
from .payloads import (
    EPHEMERAL_FLAG,
    MESSAGE_CHAT_INPUT,
    MESSAGE_CONTEXT_MENU,
    attachment_payload,
    message_payload,
    user_payload,
)
from .records import InteractionRecord, SentMessage, UploadedFile
from .snowflakes import iso_now
from .state import StandInState, StoredFile

SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, COMPONENTS_V2 = 1 << 2, 1 << 12, 1 << 15
SETTABLE_FLAGS = EPHEMERAL_FLAG | SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | COMPONENTS_V2
EDITABLE_FLAGS = SUPPRESS_EMBEDS | COMPONENTS_V2


def flags_of(data: JSONDict) -> int:
    """The ``flags`` field as an int (50035 if it is not one)."""
    value = data.get("flags")
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors: JSONDict = {}
        set_error(errors, ["flags"], "NUMBER_TYPE_COERCE", f"Value {value!r} is not int.")
        raise invalid_form_body(errors)
    return value


class MessageComposer(StandInState):
    """Mixin: message objects, attachments and pings."""

    def _record_guild(self, record: InteractionRecord | None) -> GuildSpec | None:
        raw = record.payload.get("guild_id") if record else None
        return next((g for g in self.guilds if str(g.id) == str(raw)), None)

    def _interaction_message(
        self, record: InteractionRecord, message_id: int, content: str, *, flags: int
    ) -> JSONDict:
        data = record.payload.get("data") or {}
        command_type = data.get("type", CHAT_INPUT)
        user = (record.payload.get("member") or {}).get("user") or record.payload.get("user")
        metadata: JSONDict = {
            "id": str(record.id),
            "type": record.payload["type"],
            "user": user,
            "authorizing_integration_owners": record.payload.get(
                "authorizing_integration_owners", {}
            ),
        }
        if "name" in data:
            metadata["name"] = data["name"]
            metadata["command_type"] = command_type
        return message_payload(
            message_id=message_id,
            channel_id=int(record.payload["channel_id"]),
            author=self.bot,
            content=content,
            message_type=MESSAGE_CHAT_INPUT if command_type == CHAT_INPUT else MESSAGE_CONTEXT_MENU,
            flags=flags,
            extra={
                "webhook_id": str(self.application_id),
                "application_id": str(self.application_id),
                "interaction_metadata": metadata,
            },
        )

    def _compose(
        self,
        record: InteractionRecord | None,
        message_id: int,
        data: JSONDict,
        files: list[FilePart],
        *,
        base: JSONDict | None,
        flags: int,
        kind: str,
        notified: bool,
        channel_id: int | None = None,
        reply_author_id: int | None = None,
    ) -> tuple[JSONDict, SentMessage]:
        """Merge a create/edit body onto ``base`` and compute pings."""
        if base is not None:
            message = json.loads(json.dumps(base))
            message["edited_timestamp"] = iso_now() if kind.endswith("edit") else None
        elif record is not None:
            message = self._interaction_message(record, message_id, "", flags=flags)
        else:
            assert channel_id is not None
            message = message_payload(
                message_id=message_id, channel_id=channel_id, author=self.bot, content=""
            )
        message["flags"] = flags
        for key in ("content", "embeds", "components", "poll"):
            if key in data:
                message[key] = (
                    data[key] if data[key] is not None else ([] if key != "content" else "")
                )
        attachments, uploads = self._attachments(data, files, message.get("attachments") or [])
        message["attachments"] = attachments
        guild = self._record_guild(record) if record else self._channel_guild(channel_id)
        role_ids = None if guild is None else [r.id for r in guild.roles if r.id != guild.id]
        allowed = data.get("allowed_mentions")
        pings = compute_pings(
            message.get("content"),
            allowed,
            guild_role_ids=role_ids,
            reply_author_id=reply_author_id,
        )
        if flags & EPHEMERAL_FLAG:
            pings = Pings()  # ephemeral messages notify nobody
        message["mentions"] = [
            user_payload((guild.member(u) if guild else None) or MemberSpec(u, f"user{u}"))
            for u in pings.users
        ]
        message["mention_roles"] = [str(r) for r in pings.roles]
        message["mention_everyone"] = pings.everyone or pings.here
        sent = SentMessage(
            id=message_id,
            kind=kind,
            content=message.get("content") or "",
            embeds=list(message.get("embeds") or []),
            flags=flags,
            allowed_mentions=allowed,
            pings=pings,
            notified=notified and not flags & (EPHEMERAL_FLAG | SUPPRESS_NOTIFICATIONS),
            components=list(message.get("components") or []),
            attachments=uploads,
            body=data,
        )
        return message, sent

    def _attachments(
        self, data: JSONDict, files: list[FilePart], existing: list[JSONDict]
    ) -> tuple[list[JSONDict], list[UploadedFile]]:
        by_index = {f.index: f for f in files}
        current = {str(a["id"]): a for a in existing}
        entries = data.get("attachments")
        kept: list[JSONDict] = list(existing) if entries is None else []
        wanted: list[tuple[FilePart, JSONDict]] = []
        errors: JSONDict = {}
        for i, entry in enumerate(entries or []):
            key = str(entry.get("id")) if isinstance(entry, dict) else ""
            if key in current:
                kept.append(current[key])
            elif key.isdigit() and int(key) in by_index:
                wanted.append((by_index.pop(int(key)), entry))
            else:
                set_error(
                    errors, ["attachments", i, "id"], "ATTACHMENT_NOT_FOUND", "Unknown attachment"
                )
        if errors:
            raise invalid_form_body(errors)
        wanted.extend((f, {}) for f in by_index.values())
        if sum(len(f.data) for f, _ in wanted) > self.attachment_size_limit:
            raise api_error(TOO_LARGE)
        for part, entry in wanted:
            filename = str(entry.get("filename") or part.filename)
            upload_id = self.ids.next()
            content_type = part.content_type
            self._files[upload_id] = StoredFile(filename, part.data, content_type)
            url = self._cdn_url(upload_id, filename)
            self._uploads[upload_id] = UploadedFile(
                upload_id, filename, part.data, content_type, url
            )
            kept.append(
                attachment_payload(
                    upload_id,
                    filename,
                    size=len(part.data),
                    url=url,
                    content_type=content_type,
                    description=entry.get("description"),
                )
            )
        uploads = [self._uploads[int(a["id"])] for a in kept if int(a["id"]) in self._uploads]
        return kept, uploads

    def _channel_guild(self, channel_id: int | None) -> GuildSpec | None:
        for guild in self.guilds:
            if any(c.id == channel_id for c in guild.channels):
                return guild
        return None
