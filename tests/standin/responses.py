"""Interaction callbacks, interaction webhooks and channel messages.

This is where Discord's interaction rules live: the 3 s acknowledgement
deadline, single acknowledgement, no webhook use before acknowledging, the
15 min token lifetime and "first followup resolves a deferred reply".
"""

from __future__ import annotations

import time

from aiohttp import web

from .bodies import Body, FilePart, describe, json_response, read_body
from .components import validate_components
from .composer import (
    COMPONENTS_V2,
    EDITABLE_FLAGS,
    SETTABLE_FLAGS,
    SUPPRESS_EMBEDS,
    SUPPRESS_NOTIFICATIONS,
    MessageComposer,
    flags_of,
)
from .errors import (
    ALREADY_ACKNOWLEDGED,
    EMPTY_MESSAGE,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    APIError,
    JSONDict,
    api_error,
    field_error,
    invalid_form_body,
    set_error,
)
from .limits import AUTOCOMPLETE_CHOICES_MAX, is_empty_message, validate_message
from .mentions import validate_allowed_mentions
from .payloads import EPHEMERAL_FLAG, LOADING_FLAG, MESSAGE_DEFAULT, MESSAGE_REPLY
from .records import CallbackEvent, InteractionRecord

PONG, CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 1, 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL, LAUNCH_ACTIVITY = 8, 9, 12
# Which callback types Discord accepts per interaction type.
ALLOWED_CALLBACKS: dict[int, frozenset[int]] = {
    1: frozenset({PONG}),
    2: frozenset({CHANNEL_MESSAGE, DEFERRED_MESSAGE, MODAL, LAUNCH_ACTIVITY}),
    3: frozenset(
        {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL, LAUNCH_ACTIVITY}
    ),
    4: frozenset({AUTOCOMPLETE_RESULT}),
    5: frozenset(
        {CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, LAUNCH_ACTIVITY}
    ),
}
TRUE_VALUES = ("1", "true", "True")


class ResponseRoutes(MessageComposer):
    """Mixin: handlers for callbacks, webhooks and channel messages."""

    def _fail(self, request: web.Request, record: InteractionRecord, exc: APIError) -> APIError:
        record.violations.append(describe(request, exc))
        return exc

    async def _callback(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        raw_id = request.match_info["interaction_id"]
        record = self.interactions.get(int(raw_id)) if raw_id.isdigit() else None
        if record is None:
            raise api_error(UNKNOWN_INTERACTION)
        event = CallbackEvent(type=0, data=None, at=arrived, latency=arrived - record.dispatched_at)
        record.callbacks.append(event)
        try:
            if request.match_info["token"] != record.token:
                raise api_error(UNKNOWN_INTERACTION)
            body = await read_body(request)
            if isinstance(body.json, dict):
                raw_type = body.json.get("type")
                event.type = raw_type if isinstance(raw_type, int) else 0
                data = body.json.get("data")
                event.data = data if isinstance(data, dict) else None
            response = self._apply_callback(request, record, body, arrived)
            event.status = response.status
            return response
        except APIError as exc:
            event.status, event.error_code, event.error = exc.status, exc.code, exc.describe()
            raise self._fail(request, record, exc) from None
        finally:
            await record.notify()

    def _apply_callback(
        self, request: web.Request, record: InteractionRecord, body: Body, arrived: float
    ) -> web.Response:
        if record.acknowledged:
            raise api_error(ALREADY_ACKNOWLEDGED)
        if arrived - record.dispatched_at > self.ack_deadline:
            raise api_error(UNKNOWN_INTERACTION)
        payload = body.json
        if not isinstance(payload, dict):
            raise invalid_form_body(
                {"type": field_error("BASE_TYPE_REQUIRED", "This field is required")}
            )
        ctype = payload.get("type")
        itype = int(record.payload["type"])
        if ctype not in ALLOWED_CALLBACKS.get(itype, frozenset()):
            raise invalid_form_body(
                {
                    "type": field_error(
                        "INTERACTION_CALLBACK_TYPE_INVALID",
                        f"Callback type {ctype!r} is invalid for interaction type {itype}",
                    )
                }
            )
        data = payload.get("data")
        if data is not None and not isinstance(data, dict):
            raise invalid_form_body(
                {"data": field_error("DICT_TYPE_CONVERT", "Only dictionaries may be used.")}
            )
        data = data or {}
        message: JSONDict | None = None
        if ctype == CHANNEL_MESSAGE:
            message = self._callback_message(record, data, body.files, kind="callback")
        elif ctype == DEFERRED_MESSAGE:
            flags = (flags_of(data) & EPHEMERAL_FLAG) | LOADING_FLAG
            message = self._interaction_message(record, self.ids.next(), "", flags=flags)
            record.original = message
            record.loading = True
        elif ctype == DEFERRED_UPDATE:
            record.original = record.payload.get("message")
        elif ctype == UPDATE_MESSAGE:
            if record.payload.get("message") is None:
                raise invalid_form_body(
                    {
                        "type": field_error(
                            "INTERACTION_CALLBACK_TYPE_INVALID", "No message to update"
                        )
                    }
                )
            message = self._callback_message(record, data, body.files, kind="update")
        elif ctype == AUTOCOMPLETE_RESULT:
            _check_autocomplete(data)
        elif ctype == MODAL:
            _check_modal(data)
        record.acked_type = int(ctype)
        if request.query.get("with_response") not in TRUE_VALUES:
            return web.Response(status=204)
        info: JSONDict = {"id": str(record.id), "type": itype}
        resource: JSONDict = {"type": ctype}
        if message is not None:
            info["response_message_id"] = message["id"]
            info["response_message_loading"] = ctype == DEFERRED_MESSAGE
            info["response_message_ephemeral"] = bool(message["flags"] & EPHEMERAL_FLAG)
            resource["message"] = message
        if ctype == LAUNCH_ACTIVITY:
            info["activity_instance_id"] = f"i-{record.id}"
            resource["activity_instance"] = {"id": f"i-{record.id}"}
        return json_response({"interaction": info, "resource": resource})

    def _callback_message(
        self, record: InteractionRecord, data: JSONDict, files: list[FilePart], *, kind: str
    ) -> JSONDict:
        errors = _message_errors(data)
        if errors:
            raise invalid_form_body({"data": errors})
        base = record.payload.get("message") if kind == "update" else None
        flags = flags_of(data) & SETTABLE_FLAGS
        message_id = int(base["id"]) if base else self.ids.next()
        message, sent = self._compose(
            record,
            message_id,
            data,
            files,
            base=base,
            flags=flags,
            kind=kind,
            notified=kind == "callback",
        )
        if is_empty_message(message, has_files=False):
            raise invalid_form_body(
                {"data": field_error("BASE_TYPE_REQUIRED", "Cannot send an empty message")}
            )
        record.original = message
        record.messages.append(sent)
        return message

    # ------------------------------------------------------------------ webhooks

    def _webhook_record(self, request: web.Request) -> InteractionRecord:
        record = self._by_token.get(request.match_info["token"])
        if request.match_info["app_id"] != str(self.application_id) or record is None:
            raise api_error(UNKNOWN_WEBHOOK)
        return record

    def _check_webhook(self, record: InteractionRecord) -> None:
        if time.monotonic() - record.dispatched_at > self.token_lifetime:
            raise api_error(INVALID_WEBHOOK_TOKEN)
        if not record.acknowledged:
            raise api_error(UNKNOWN_WEBHOOK)

    async def _message_body(self, request: web.Request) -> tuple[JSONDict, list[FilePart]]:
        body = await read_body(request)
        data = body.json if body.json is not None else {}
        if not isinstance(data, dict):
            raise invalid_form_body(
                {
                    "_errors": [
                        {"code": "DICT_TYPE_CONVERT", "message": "Only dictionaries may be used."}
                    ]
                }
            )
        errors = _message_errors(data)
        if errors:
            raise invalid_form_body(errors)
        return data, body.files

    async def _followup(self, request: web.Request) -> web.Response:
        record = self._webhook_record(request)
        try:
            self._check_webhook(record)
            data, files = await self._message_body(request)
            if record.loading and record.original is not None:
                # A followup while the defer is still "thinking" resolves the
                # loading message and inherits its ephemeral flag.
                base = record.original
                flags = int(base["flags"]) & EPHEMERAL_FLAG
                message, sent = self._compose(
                    record,
                    int(base["id"]),
                    data,
                    files,
                    base=base,
                    flags=flags,
                    kind="followup",
                    notified=True,
                )
                message["edited_timestamp"] = None
                _require_content(message, files)
                record.original = message
                record.loading = False
            else:
                flags = flags_of(data) & SETTABLE_FLAGS
                message_id = self.ids.next()
                message, sent = self._compose(
                    record,
                    message_id,
                    data,
                    files,
                    base=None,
                    flags=flags,
                    kind="followup",
                    notified=True,
                )
                _require_content(message, files)
                record.followup_payloads[message_id] = message
            record.followups.append(sent)
            record.messages.append(sent)
        except APIError as exc:
            raise self._fail(request, record, exc) from None
        finally:
            await record.notify()
        # For interaction followups Discord treats ``wait`` as always true.
        return json_response(message)

    async def _webhook_message(self, request: web.Request) -> web.StreamResponse:
        record = self._webhook_record(request)
        try:
            self._check_webhook(record)
            raw_id = request.match_info["message_id"]
            original_id = record.original["id"] if record.original else None
            is_original = raw_id == "@original" or (
                raw_id == original_id and not record.original_deleted
            )
            if is_original:
                if record.original is None or record.original_deleted:
                    raise api_error(UNKNOWN_MESSAGE)
                current = record.original
            else:
                found = record.followup_payloads.get(int(raw_id)) if raw_id.isdigit() else None
                if found is None:
                    raise api_error(UNKNOWN_MESSAGE)
                current = found
            if request.method == "GET":
                return json_response(current)
            if request.method == "DELETE":
                if is_original:
                    record.original_deleted = True
                else:
                    record.followup_payloads.pop(int(current["id"]))
                return web.Response(status=204)
            data, files = await self._message_body(request)
            flags = int(current["flags"]) & ~LOADING_FLAG
            if "flags" in data:
                flags = (flags & ~EDITABLE_FLAGS) | (flags_of(data) & EDITABLE_FLAGS)
            was_loading = is_original and record.loading
            kind = "original_edit" if is_original else "followup_edit"
            message, sent = self._compose(
                record,
                int(current["id"]),
                data,
                files,
                base=current,
                flags=flags,
                kind=kind,
                notified=was_loading,
            )
            if was_loading:
                message["edited_timestamp"] = None
            _require_content(message, [])
            if is_original:
                record.original = message
                record.loading = False
            else:
                record.followup_payloads[int(current["id"])] = message
            record.edits.append(sent)
            record.messages.append(sent)
            return json_response(message)
        except APIError as exc:
            raise self._fail(request, record, exc) from None
        finally:
            await record.notify()

    # ---------------------------------------------------------- channel messages

    async def _channel_message(self, request: web.Request) -> web.Response:
        self._require_auth(request)
        raw = request.match_info["channel_id"]
        channel_id = int(raw) if raw.isdigit() else 0
        guild = self._channel_guild(channel_id)
        if guild is None and channel_id not in self._dm_channels.values():
            raise APIError(404, 10003, "Unknown Channel")
        data, files = await self._message_body(request)
        reply_author: int | None = None
        reference = data.get("message_reference")
        if isinstance(reference, dict):
            target = self._messages.get(int(reference.get("message_id") or 0))
            if target is None and reference.get("fail_if_not_exists", True):
                raise invalid_form_body(
                    {"message_reference": field_error("REPLIES_UNKNOWN_MESSAGE", "Unknown message")}
                )
            reply_author = int(target["author"]["id"]) if target else None
        flags = flags_of(data) & (SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | COMPONENTS_V2)
        message_id = self.ids.next()
        message, sent = self._compose(
            None,
            message_id,
            data,
            files,
            base=None,
            flags=flags,
            kind="channel",
            notified=True,
            channel_id=channel_id,
            reply_author_id=reply_author,
        )
        message["type"] = MESSAGE_REPLY if reference else MESSAGE_DEFAULT
        if guild is not None:
            message["guild_id"] = str(guild.id)
        _require_content(message, files)
        self._messages[message_id] = message
        self.channel_messages.append(sent)
        return json_response(message)

    def remember_message(self, message: JSONDict) -> None:
        """Make a message known (e.g. so the bot can reply to it)."""
        self._messages[int(message["id"])] = message


def _message_errors(data: JSONDict) -> JSONDict:
    errors = validate_message(data)
    errors.update(validate_allowed_mentions(data.get("allowed_mentions")))
    errors.update(validate_components(data))
    return errors


def _require_content(message: JSONDict, files: list[FilePart]) -> None:
    if is_empty_message(message, has_files=bool(files)):
        raise api_error(EMPTY_MESSAGE)


def _check_autocomplete(data: JSONDict) -> None:
    choices = data.get("choices")
    errors: JSONDict = {}
    if not isinstance(choices, list):
        set_error(errors, ["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required")
    elif len(choices) > AUTOCOMPLETE_CHOICES_MAX:
        set_error(
            errors,
            ["data", "choices"],
            "BASE_TYPE_MAX_LENGTH",
            f"Must be {AUTOCOMPLETE_CHOICES_MAX} or fewer in length.",
        )
    else:
        for i, choice in enumerate(choices):
            name = choice.get("name") if isinstance(choice, dict) else None
            if not isinstance(name, str) or not 1 <= len(name) <= 100:
                set_error(
                    errors,
                    ["data", "choices", i, "name"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.",
                )
    if errors:
        raise invalid_form_body(errors)


def _check_modal(data: JSONDict) -> None:
    errors: JSONDict = {}
    title, custom_id, components = data.get("title"), data.get("custom_id"), data.get("components")
    if not isinstance(title, str) or not 1 <= len(title) <= 45:
        set_error(
            errors, ["data", "title"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length."
        )
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= 100:
        set_error(
            errors,
            ["data", "custom_id"],
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
        )
    if not isinstance(components, list) or not 1 <= len(components) <= 5:
        set_error(
            errors,
            ["data", "components"],
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 5 in length.",
        )
    if errors:
        raise invalid_form_body(errors)
