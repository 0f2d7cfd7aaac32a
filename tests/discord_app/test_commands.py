"""Command registration: names, Dutch localizations, permissions, and when to sync."""

from __future__ import annotations

from tests.discord_app.conftest import Running, StartBot
from tests.standin import LOCALES, MANAGE_GUILD, validate_command

EXPECTED_DUTCH = {
    "ask": "vraag",
    "about": "over",
    "help": "hulp",
    "reload": "herlaad",
    "report": "rapport",
    "Ask the article": "Vraag het artikel",
}
EXPECTED_OPTIONS = {
    "ask": {"question": "vraag", "public": "openbaar"},
    "reload": {"file": "bestand"},
}


async def test_commands_are_synced_to_the_dev_guild_only(running: Running) -> None:
    names = {c["name"] for c in running.standin.commands(running.standin.guild_id)}

    assert names == set(EXPECTED_DUTCH)
    assert running.standin.commands(None) == []


async def test_every_command_is_valid_and_has_dutch_names(running: Running) -> None:
    assert "nl" in LOCALES
    for command in running.standin.commands(running.standin.guild_id):
        assert validate_command(command) == {}, command["name"]
        assert command["name_localizations"] == {"nl": EXPECTED_DUTCH[command["name"]]}
        if command["type"] == 1:
            assert set(command["description_localizations"]) == {"nl"}
        for option in command.get("options", []):
            expected = EXPECTED_OPTIONS[command["name"]][option["name"]]
            assert option["name_localizations"] == {"nl": expected}
            assert set(option["description_localizations"]) == {"nl"}


async def test_ask_options_match_the_contract(running: Running) -> None:
    ask = running.standin.find_command("ask", running.standin.guild_id)

    question, public = ask["options"]
    assert (question["name"], question["type"], question["required"]) == ("question", 3, True)
    assert question["max_length"] == 300
    assert (public["name"], public["type"], public.get("required", False)) == ("public", 5, False)


async def test_reload_takes_an_attachment_and_defaults_to_manage_server(running: Running) -> None:
    reload = running.standin.find_command("reload", running.standin.guild_id)

    assert reload["default_member_permissions"] == str(MANAGE_GUILD)
    assert [(o["name"], o["type"]) for o in reload["options"]] == [("file", 11)]


async def test_context_menu_is_a_message_command(running: Running) -> None:
    menu = running.standin.find_command("Ask the article", running.standin.guild_id, 3)

    assert menu["type"] == 3


async def test_without_dev_guilds_commands_are_synced_globally(start_bot: StartBot) -> None:
    running = await start_bot(dev_guild_ids=[])

    assert {c["name"] for c in running.standin.commands(None)} == set(EXPECTED_DUTCH)
    assert running.standin.commands(running.standin.guild_id) == []


async def test_sync_commands_false_leaves_the_command_set_alone(start_bot: StartBot) -> None:
    running = await start_bot(sync_commands=False)

    assert running.standin.commands(None) == []
    assert running.standin.commands(running.standin.guild_id) == []
    assert not any(method == "PUT" for method, _, _ in running.standin.request_log)


async def test_reconnect_does_not_sync_again(running: Running) -> None:
    puts = sum(1 for method, _, _ in running.standin.request_log if method == "PUT")

    await running.standin.request_reconnect()
    message = await running.answer("Waar zou de battle group gestationeerd worden?")

    assert message.embeds
    assert sum(1 for method, _, _ in running.standin.request_log if method == "PUT") == puts
