"""Message components: Discord's rules for buttons, and users clicking them.

A click is an INTERACTION_CREATE of type 3 (MESSAGE_COMPONENT) carrying the button's
``custom_id`` and the message it sits on, as that message stands now. Discord only
sends clicks on buttons that exist, are enabled, and are seen by the clicker (an
ephemeral message only by the user it was sent to), so the builder refuses the rest.
"""

from __future__ import annotations

from typing import Any

from .builders import DEFAULT, InteractionBuilders, _Default
from .errors import JSONDict, set_error
from .payloads import EPHEMERAL_FLAG, MESSAGE_COMPONENT
from .records import InteractionRecord

ACTION_ROW, BUTTON = 1, 2
LINK_STYLE, PREMIUM_STYLE = 5, 6
ROW_COMPONENTS_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
URL_MAX = 512


def validate_components(data: JSONDict) -> JSONDict:
    """Errors for action rows and buttons in a message body (classic components only)."""
    errors: JSONDict = {}
    rows = data.get("components")
    if not isinstance(rows, list) or int(data.get("flags") or 0) & (1 << 15):
        return errors
    seen: set[str] = set()
    for r, row in enumerate(rows):
        where: list[str | int] = ["components", r]
        if not isinstance(row, dict) or row.get("type") != ACTION_ROW:
            set_error(errors, [*where, "type"], "COMPONENT_TYPE_INVALID", "Expected an action row")
            continue
        children = row.get("components")
        if not isinstance(children, list) or not 1 <= len(children) <= ROW_COMPONENTS_MAX:
            set_error(
                errors,
                [*where, "components"],
                "BASE_TYPE_BAD_LENGTH",
                f"Must be between 1 and {ROW_COMPONENTS_MAX} in length.",
            )
            continue
        for c, child in enumerate(children):
            _button_errors(errors, child, [*where, "components", c], seen)
    return errors


def _button_errors(errors: JSONDict, button: Any, where: list[str | int], seen: set[str]) -> None:
    if not isinstance(button, dict) or button.get("type") != BUTTON:
        return  # selects and other components are not modelled here
    style = button.get("style")
    label = button.get("label")
    if label is not None and not 1 <= len(str(label)) <= BUTTON_LABEL_MAX:
        set_error(errors, [*where, "label"], "BASE_TYPE_BAD_LENGTH", "Bad label length.")
    if not label and not button.get("emoji") and style != PREMIUM_STYLE:
        set_error(errors, [*where], "BUTTON_LABEL_OR_EMOJI_REQUIRED", "Label or emoji required")
    if style == LINK_STYLE:
        url = button.get("url")
        if "custom_id" in button:
            set_error(
                errors,
                [*where, "custom_id"],
                "BUTTON_LINK_CUSTOM_ID",
                "Link buttons cannot have a custom_id",
            )
        if not isinstance(url, str) or not url.startswith(("http://", "https://", "discord://")):
            set_error(errors, [*where, "url"], "URL_TYPE_INVALID_URL", "Not a well formed URL.")
        elif len(url) > URL_MAX:
            set_error(errors, [*where, "url"], "BASE_TYPE_MAX_LENGTH", "URL too long.")
        return
    custom_id = button.get("custom_id")
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= CUSTOM_ID_MAX:
        set_error(errors, [*where, "custom_id"], "BASE_TYPE_BAD_LENGTH", "Bad custom_id length.")
    elif custom_id in seen:
        set_error(
            errors, [*where, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Duplicate custom_id"
        )
    else:
        seen.add(custom_id)


def buttons_of(message: JSONDict) -> list[JSONDict]:
    """Every button of a message, row by row."""
    return [
        child
        for row in message.get("components") or []
        for child in row.get("components") or []
        if child.get("type") == BUTTON
    ]


class ComponentClicks(InteractionBuilders):
    """Mixin for :class:`DiscordStandIn`: users clicking the bot's buttons."""

    def message_state(self, message_id: int) -> JSONDict:
        """The message as it stands now (after edits), wherever the bot sent it."""
        for record in self.interactions.values():
            original = record.original
            if original is not None and int(original["id"]) == message_id:
                if record.original_deleted:
                    break
                return original
            if message_id in record.followup_payloads:
                return record.followup_payloads[message_id]
        if message_id in self._messages:
            return self._messages[message_id]
        raise LookupError(f"no message {message_id}")

    def component_click(
        self,
        message_id: int,
        custom_id: str,
        *,
        user_id: int | None = None,
        guild_id: int | _Default | None = DEFAULT,
        roles: list[int] | None = None,
        permissions: int | str | None = None,
        locale: str = "en-US",
    ) -> JSONDict:
        """A type-3 MESSAGE_COMPONENT interaction: ``user_id`` clicks the button."""
        message = self.message_state(message_id)
        button = next((b for b in buttons_of(message) if b.get("custom_id") == custom_id), None)
        if button is None:
            known = [b.get("custom_id") for b in buttons_of(message)]
            raise LookupError(f"message {message_id} has no button {custom_id!r}; has {known}")
        if button.get("disabled"):
            raise ValueError(f"button {custom_id!r} is disabled")
        guild = self._guild_arg(guild_id)
        user = self._invoker(guild, user_id)
        if int(message.get("flags") or 0) & EPHEMERAL_FLAG:
            owner = ((message.get("interaction_metadata") or {}).get("user") or {}).get("id")
            if owner is not None and str(owner) != str(user.id):
                raise ValueError(f"user {user.id} cannot see ephemeral message {message_id}")
        channel_id = int(message["channel_id"]) if guild is not None else None
        return self._envelope(
            MESSAGE_COMPONENT,
            {"custom_id": custom_id, "component_type": BUTTON},
            guild=guild,
            user=user,
            roles=roles,
            permissions=permissions,
            locale=locale,
            channel_id=channel_id,
            message=message,
        )

    async def click(self, message_id: int, custom_id: str, **kwargs: Any) -> InteractionRecord:
        """``send_interaction(component_click(...))``."""
        payload = self.component_click(message_id, custom_id, **kwargs)
        return await self.send_interaction(payload)  # type: ignore[attr-defined,no-any-return]
