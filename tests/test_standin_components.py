"""The stand-in's rules for buttons, and the clicks it lets a test send."""

from __future__ import annotations

from typing import Any

import pytest

from tests.standin import DiscordStandIn
from tests.standin.components import validate_components
from tests.standin.payloads import EPHEMERAL_FLAG, MESSAGE_COMPONENT, message_payload


def row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(buttons)}


def button(custom_id: str, **extra: Any) -> dict[str, Any]:
    return {"type": 2, "style": 2, "label": "ok", "custom_id": custom_id, **extra}


def test_well_formed_buttons_pass() -> None:
    link = {"type": 2, "style": 5, "label": "Bron", "url": "https://example.org"}
    data = {"components": [row(button("a"), button("b"), link), row(button("c"))]}
    assert validate_components(data) == {}


@pytest.mark.parametrize(
    ("components", "code"),
    [
        ([row(button("x" * 101))], "BASE_TYPE_BAD_LENGTH"),
        ([row(button("a"), button("a"))], "COMPONENT_CUSTOM_ID_DUPLICATED"),
        ([row(*[button(str(i)) for i in range(6)])], "BASE_TYPE_BAD_LENGTH"),
        (
            [row({"type": 2, "style": 5, "label": "x", "url": "example.org"})],
            "URL_TYPE_INVALID_URL",
        ),
        (
            [row({"type": 2, "style": 5, "label": "x", "url": "https://a", "custom_id": "c"})],
            "BUTTON_LINK_CUSTOM_ID",
        ),
        ([row(button("a", label="x" * 81))], "BASE_TYPE_BAD_LENGTH"),
        ([row({"type": 2, "style": 2, "custom_id": "a"})], "BUTTON_LABEL_OR_EMOJI_REQUIRED"),
        ([button("not in a row")], "COMPONENT_TYPE_INVALID"),
    ],
)
def test_bad_buttons_are_refused(components: list[dict[str, Any]], code: str) -> None:
    assert code in str(validate_components({"components": components}))


def bot_message(standin: DiscordStandIn, *, flags: int = 0, owner: int | None = None) -> int:
    message_id = standin.ids.next()
    message = message_payload(
        message_id=message_id,
        channel_id=standin.guild.channels[0].id,
        author=standin.bot,
        content="answer",
        components=[row(button("art:vote:up"))],
        flags=flags,
        extra={"interaction_metadata": {"user": {"id": str(owner)}}} if owner else None,
    )
    standin.remember_message(message)
    return message_id


def test_a_click_carries_the_custom_id_and_the_message() -> None:
    standin = DiscordStandIn()
    message_id = bot_message(standin)
    moderator = standin.guild.member_named("moderator").id

    payload = standin.component_click(message_id, "art:vote:up", user_id=moderator)

    assert payload["type"] == MESSAGE_COMPONENT
    assert payload["data"] == {"custom_id": "art:vote:up", "component_type": 2}
    assert payload["message"]["id"] == str(message_id)
    assert payload["member"]["user"]["id"] == str(moderator)


def test_no_click_on_a_button_that_is_not_there() -> None:
    standin = DiscordStandIn()
    message_id = bot_message(standin)
    with pytest.raises(LookupError, match="no button"):
        standin.component_click(message_id, "art:vote:down")


def test_only_its_reader_can_click_an_ephemeral_message() -> None:
    standin = DiscordStandIn()
    tester = standin.guild.member_named("tester").id
    message_id = bot_message(standin, flags=EPHEMERAL_FLAG, owner=tester)

    assert standin.component_click(message_id, "art:vote:up", user_id=tester)
    with pytest.raises(ValueError, match="cannot see"):
        standin.component_click(
            message_id, "art:vote:up", user_id=standin.guild.member_named("moderator").id
        )
