"""Self-test of the Discord stand-in with a real discord.py client.

Each test runs a real ``discord.Client`` + ``CommandTree`` against the local
stand-in (HTTP + websocket on 127.0.0.1) and checks that Discord's rules are
enforced the way the real API enforces them.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from tests.standin import (
    MANAGE_GUILD,
    DiscordStandIn,
    compute_pings,
    is_valid_chat_input_name,
    running_client,
    validate_command,
    validate_message,
)
from tests.standin.limits import validate_command_list


class StandInTestBot(discord.Client):
    """A small bot whose commands exercise each stand-in rule."""

    def __init__(self, guild_id: int) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.guild_obj = discord.Object(id=guild_id)
        self.command_errors: list[BaseException] = []
        self.synced: list[app_commands.AppCommand] = []
        self.read_bytes: list[bytes] = []
        self._register()

    def _register(self) -> None:
        guild = self.guild_obj
        tree = self.tree

        @tree.command(name="ping", description="Replies pong", guild=guild)
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        @tree.command(name="slow", description="Defers, then edits", guild=guild)
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.edit_original_response(content="done")

        @tree.command(name="secret", description="Ephemeral defer, then followup", guild=guild)
        async def secret(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            await interaction.followup.send("psst")
            await interaction.followup.send("public?", ephemeral=False)

        @tree.command(name="twice", description="Races two replies", guild=guild)
        async def twice(interaction: discord.Interaction) -> None:
            # Both coroutines pass discord.py's local is_done() check before
            # either request returns, so only the server can catch this.
            await asyncio.gather(
                interaction.response.send_message("one"),
                interaction.response.send_message("two"),
            )

        @tree.command(name="late", description="Replies after the deadline", guild=guild)
        async def late(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.4)
            await interaction.response.send_message("too late")

        @tree.command(name="bigembed", description="Sends an over-long embed", guild=guild)
        async def bigembed(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="t", description="x" * 5000)
            await interaction.response.send_message(embed=embed)

        @tree.command(name="early", description="Edits before acknowledging", guild=guild)
        async def early(interaction: discord.Interaction) -> None:
            await interaction.edit_original_response(content="nope")

        @tree.command(name="mention", description="Mentions user 123", guild=guild)
        @app_commands.describe(silent="Suppress pings")
        async def mention(interaction: discord.Interaction, silent: bool) -> None:
            if silent:
                await interaction.response.send_message(
                    "hi <@123>", allowed_mentions=discord.AllowedMentions.none()
                )
            else:
                await interaction.response.send_message("hi <@123> and @everyone")

        @tree.command(name="readfile", description="Reads an attachment", guild=guild)
        async def readfile(interaction: discord.Interaction, file: discord.Attachment) -> None:
            await interaction.response.defer()
            try:
                data = await asyncio.wait_for(file.read(), timeout=0.3)
            except TimeoutError:
                await interaction.edit_original_response(content="timeout")
                return
            self.read_bytes.append(data)
            await interaction.edit_original_response(content=f"{file.filename}:{len(data)}")

        @tree.command(name="admin", description="Needs Manage Server", guild=guild)
        @app_commands.default_permissions(manage_guild=True)
        async def admin(interaction: discord.Interaction) -> None:
            allowed = interaction.permissions.manage_guild
            await interaction.response.send_message(f"manage_guild={allowed}", ephemeral=True)

        @tree.command(name="upload", description="Replies with a file", guild=guild)
        async def upload(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(
                "here", file=discord.File(io.BytesIO(b"abc"), "a.txt")
            )

        @tree.context_menu(name="Quote Message", guild=guild)
        async def quote(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(f"> {message.content}")

        @tree.command(name="dmping", description="Global command usable in DMs")
        async def dmping(interaction: discord.Interaction) -> None:
            where = "dm" if interaction.guild_id is None else "guild"
            await interaction.response.send_message(f"pong from {where}")

        @tree.error
        async def on_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            self.command_errors.append(getattr(error, "original", error))

    async def setup_hook(self) -> None:
        self.synced = await self.tree.sync(guild=self.guild_obj)
        await self.tree.sync()


@pytest_asyncio.fixture
async def standin() -> AsyncIterator[DiscordStandIn]:
    async with DiscordStandIn() as server:
        yield server


@pytest_asyncio.fixture
async def bot(standin: DiscordStandIn) -> AsyncIterator[StandInTestBot]:
    client = StandInTestBot(standin.guild_id)
    async with running_client(standin, client, timeout=10) as running:
        yield running


async def wait_for_errors(bot: StandInTestBot, count: int = 1) -> list[BaseException]:
    """The bot's command errors (bounded wait)."""
    async with asyncio.timeout(5):
        while len(bot.command_errors) < count:
            await asyncio.sleep(0.01)
    return bot.command_errors


@pytest.mark.asyncio
async def test_commands_registered(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    names = {c["name"] for c in standin.commands(standin.guild_id)}
    assert {"ping", "slow", "twice", "late", "bigembed", "mention", "Quote Message"} <= names
    assert [c["name"] for c in standin.commands(None)] == ["dmping"]
    assert {c.name for c in bot.synced} == names
    assert all(c.id for c in bot.synced)
    admin = next(c for c in standin.commands(standin.guild_id) if c["name"] == "admin")
    assert admin["default_member_permissions"] == str(MANAGE_GUILD)
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_reply_arrives(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    record = await standin.invoke("ping")
    message = await record.wait_message()
    assert message.content == "pong"
    assert message.kind == "callback"
    assert not message.ephemeral
    response = await record.wait_response()
    assert response.type == 4 and response.accepted
    assert record.latency is not None and record.latency < 2
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_defer_then_edit(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    record = await standin.invoke("slow")
    response = await record.wait_response()
    assert response.type == 5
    message = await record.wait_message()
    assert message.kind == "original_edit"
    assert message.content == "done"
    assert message.notified  # resolving the "thinking" message is a new message
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_followup_resolves_ephemeral_defer(
    standin: DiscordStandIn, bot: StandInTestBot
) -> None:
    record = await standin.invoke("secret")
    first, second = await record.wait_messages(2)
    assert first.content == "psst" and first.ephemeral
    assert record.original is not None and first.id == int(record.original["id"])
    assert second.content == "public?" and not second.ephemeral
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_double_ack_is_40060(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    record = await standin.invoke("twice")
    violation = await record.wait_violation()
    assert "40060" in violation
    assert [c.status for c in record.callbacks] == [200, 400]
    assert record.callbacks[1].error_code == 40060
    (error,) = await wait_for_errors(bot)
    assert isinstance(error, discord.HTTPException) and error.code == 40060
    assert any("40060" in v for v in standin.violations)


@pytest.mark.asyncio
async def test_late_reply_is_10062(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    standin.ack_deadline = 0.2
    record = await standin.invoke("late")
    response = await record.wait_response(timeout=3)
    assert response.error_code == 10062 and response.status == 404
    assert response.latency > 0.2
    (error,) = await wait_for_errors(bot)
    assert isinstance(error, discord.NotFound) and error.code == 10062
    assert not record.messages


@pytest.mark.asyncio
async def test_over_limit_embed_is_50035(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    record = await standin.invoke("bigembed")
    response = await record.wait_response()
    assert response.error_code == 50035
    assert "data.embeds.0.description" in (response.error or "")
    (error,) = await wait_for_errors(bot)
    assert isinstance(error, discord.HTTPException) and error.code == 50035
    assert not record.acknowledged


@pytest.mark.asyncio
async def test_edit_before_ack_is_unknown_webhook(
    standin: DiscordStandIn, bot: StandInTestBot
) -> None:
    record = await standin.invoke("early")
    violation = await record.wait_violation()
    assert "10015" in violation
    (error,) = await wait_for_errors(bot)
    assert isinstance(error, discord.NotFound) and error.code == 10015


@pytest.mark.asyncio
async def test_mentions_pings(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    loud = await (await standin.invoke("mention", {"silent": False})).wait_message()
    assert 123 in loud.pings
    assert "everyone" in loud.pings
    assert loud.allowed_mentions is None
    quiet = await (await standin.invoke("mention", {"silent": True})).wait_message()
    assert not quiet.pings
    assert quiet.allowed_mentions == {"parse": []}
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_attachment_option_and_slow_download(
    standin: DiscordStandIn, bot: StandInTestBot
) -> None:
    attachment = standin.add_attachment("notes.txt", b"hello world")
    message = await (await standin.invoke("readfile", {"file": attachment})).wait_message()
    assert message.content == "notes.txt:11"
    assert bot.read_bytes == [b"hello world"]
    slow = standin.add_attachment("slow.txt", b"zzz", delay=2.0)
    message = await (await standin.invoke("readfile", {"file": slow})).wait_message()
    assert message.content == "timeout"
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_permissions_from_roles(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    tester = standin.guild.member_named("tester")
    moderator = standin.guild.member_named("moderator")
    plain = await (await standin.invoke("admin", user_id=tester.id)).wait_message()
    assert plain.content == "manage_guild=False" and plain.ephemeral
    mod = await (await standin.invoke("admin", user_id=moderator.id)).wait_message()
    assert mod.content == "manage_guild=True"
    admin_role = standin.guild.role("Admin")
    boss = await (
        await standin.invoke("admin", user_id=tester.id, roles=[admin_role.id])
    ).wait_message()
    assert boss.content == "manage_guild=True"
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_file_upload_and_context_menu(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    uploaded = await (await standin.invoke("upload")).wait_message()
    assert [(f.filename, f.data) for f in uploaded.attachments] == [("a.txt", b"abc")]
    record = await standin.send_interaction(standin.message_context("Quote Message", "quoted"))
    assert (await record.wait_message()).content == "> quoted"
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_dm_invocation_of_global_command(
    standin: DiscordStandIn, bot: StandInTestBot
) -> None:
    record = await standin.invoke("dmping", guild_id=None)
    assert (await record.wait_message()).content == "pong from dm"
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_gateway_reconnect_resumes(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    await standin.request_reconnect()
    async with asyncio.timeout(5):
        while standin.gateway.resume_count < 1:
            await asyncio.sleep(0.01)
    message = await (await standin.invoke("ping")).wait_message()
    assert message.content == "pong"
    assert standin.gateway.identify_count == 1
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_application_info_names_the_owner_or_the_team(
    standin: DiscordStandIn, bot: StandInTestBot
) -> None:
    app = await bot.application_info()
    assert app.owner.id == standin.app_owner.id and app.team is None

    lead, viewer = standin.owner, standin.dm_user
    standin.set_team([(lead, "admin"), (viewer, "read_only")])
    app = await bot.application_info()

    assert app.team is not None and app.team.owner_id == lead.id
    roles = {m.id: m.role for m in app.team.members}
    assert roles == {
        lead.id: discord.TeamMemberRole.admin,
        viewer.id: discord.TeamMemberRole.read_only,
    }
    standin.assert_no_violations()


@pytest.mark.asyncio
async def test_unknown_route_is_recorded(standin: DiscordStandIn, bot: StandInTestBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(
            discord.http.Route("GET", "/channels/{channel_id}/pins", channel_id=1)
        )
    assert any("/channels/1/pins" in v for v in standin.violations)


@pytest.mark.asyncio
async def test_invalid_command_name_rejected_at_sync(standin: DiscordStandIn) -> None:
    client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)

    async def callback(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("never")

    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name="bad", description="bad name", callback=callback
    )
    command.name = "Bad Name"  # discord.py validates names locally; bypass it
    tree.add_command(command, guild=discord.Object(id=standin.guild_id))
    failures: list[BaseException] = []

    async def setup_hook() -> None:
        try:
            await tree.sync(guild=discord.Object(id=standin.guild_id))
        except app_commands.CommandSyncFailure as exc:
            failures.append(exc)

    client.setup_hook = setup_hook  # type: ignore[method-assign]
    async with running_client(standin, client, timeout=10):
        pass
    (failure,) = failures
    assert isinstance(failure, app_commands.CommandSyncFailure)
    assert failure.code == 50035
    assert any("APPLICATION_COMMAND_INVALID_NAME" in v for v in standin.violations)
    assert standin.commands(standin.guild_id) == []


def test_name_rules() -> None:
    assert is_valid_chat_input_name("ask")
    assert is_valid_chat_input_name("frage-stellen")
    assert is_valid_chat_input_name("what's")
    assert is_valid_chat_input_name("сказать")  # Cyrillic letters are \p{L}
    assert is_valid_chat_input_name("पूछो")  # Devanagari with combining marks
    assert not is_valid_chat_input_name("Bad Name")
    assert not is_valid_chat_input_name("Ask")
    assert not is_valid_chat_input_name("x" * 33)
    assert not is_valid_chat_input_name("")
    errors = validate_command(
        {"name": "ask", "description": "", "name_localizations": {"xx": "fragen"}}
    )
    assert "description" in errors and "name_localizations" in errors
    assert validate_command({"type": 3, "name": "Quote Message"}) == {}
    too_many = [{"type": 3, "name": f"o{i}", "description": "d"} for i in range(26)]
    assert "options" in validate_command({"name": "ask", "description": "d", "options": too_many})
    duplicate = {"name": "ask", "description": "d"}
    assert validate_command_list([duplicate, duplicate])["1"]["name"]["_errors"][0]["code"] == (
        "APPLICATION_COMMANDS_DUPLICATE_NAME"
    )


def test_compute_pings() -> None:
    roles = [7]
    text = "<@1> <@!2> <@&7> <@&8> @here"
    everything = compute_pings(text, None, guild_role_ids=roles)
    assert list(everything) == [1, 2, "role:7", "here"]  # unknown role 8 never pings
    only_user_2 = compute_pings(text, {"parse": [], "users": ["2"]}, guild_role_ids=roles)
    assert list(only_user_2) == [2]
    roles_only = compute_pings(text, {"parse": ["roles"]}, guild_role_ids=roles)
    assert list(roles_only) == ["role:7"]
    in_dm = compute_pings("@everyone <@&7> <@1>", None, guild_role_ids=None)
    assert list(in_dm) == [1]
    reply = compute_pings(
        "ok", {"parse": [], "replied_user": True}, guild_role_ids=roles, reply_author_id=5
    )
    assert list(reply) == [5]
    assert not compute_pings("ok", {"parse": []}, guild_role_ids=roles, reply_author_id=5)


def test_message_limits() -> None:
    assert "content" in validate_message({"content": "x" * 2001})
    assert validate_message({"content": "x" * 2000}) == {}
    assert "embeds" in validate_message({"embeds": [{"title": "t"}] * 11})
    total = validate_message({"embeds": [{"description": "x" * 4000}, {"description": "y" * 2001}]})
    assert total["embeds"]["_errors"][0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    fields = [{"name": "n", "value": "v"}] * 26
    assert "fields" in validate_message({"embeds": [{"fields": fields}]})["embeds"]["0"]
