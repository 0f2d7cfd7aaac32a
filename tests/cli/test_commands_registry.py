"""`python -m bot commands list|sync|clear` against the local Discord stand-in: the
registered command sets, read and changed over REST without going online."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from tests.conftest import ARTICLE, ROOT
from tests.discord_app.support import TOKEN, standin_env
from tests.standin import DiscordStandIn


async def _cli(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "commands",
        *args,
        env=env | {"PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert b"Traceback" not in err, err
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_sync_list_and_clear_a_servers_commands(tmp_path: Path) -> None:
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(standin, ARTICLE)
        guild = standin.guild_id

        code, out, err = await _cli(env, "sync")
        assert (code, err) == (0, "")
        registered = standin.commands(guild)
        assert {c["name"] for c in registered} >= {"ask", "about", "help", "reload"}
        names = ", ".join(
            f"/{c['name']}" if c["type"] == 1 else f"{c['name']} (message)" for c in registered
        )
        listed = f"{len(registered)} commands: {names}"
        assert out == f"server {guild}: registered {listed}\n"

        code, out, _ = await _cli(env, "list")
        assert code == 0
        assert out.splitlines() == ["global: no commands", f"server {guild}: {listed}"]

        code, out, _ = await _cli(env, "clear", "--guild", str(guild))
        assert (code, out) == (0, f"server {guild}: cleared\n")
        assert standin.commands(guild) == []
        assert standin.violations == []


async def test_clear_global_leaves_server_sets_alone() -> None:
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(standin, ARTICLE)
        assert (await _cli(env, "sync"))[0] == 0
        code, out, _ = await _cli(env, "clear", "--global")
        assert (code, out) == (0, "global: cleared\n")
        assert standin.commands(standin.guild_id) != []


async def test_clear_needs_a_scope_and_a_foreign_server_is_one_line() -> None:
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(standin, ARTICLE)
        code, _, err = await _cli(env, "clear")
        assert (
            code == 2
            and err == "error: say which set to clear: --global, or --guild ID (repeatable)\n"
        )
        code, _, err = await _cli(env, "list", "--guild", "42")
        assert code == 1 and err.count("\n") == 1
        assert err.startswith("error: server 42: Discord refused (403")


async def test_a_wrong_token_is_one_line() -> None:
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(standin, ARTICLE) | {"DISCORD_TOKEN": "wrong"}
        code, _, err = await _cli(env, "list")
        assert code == 1
        assert err == "error: Discord rejected DISCORD_TOKEN; check it (Bot → Reset Token)\n"
