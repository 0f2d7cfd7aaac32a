"""`python -m bot run`: start-up errors, and the real process against the stand-in."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import signal
import sys
from pathlib import Path

import discord
import pytest
from pydantic import SecretStr

from bot.discord_app.runner import NO_TOKEN, run_bot
from bot.settings import Settings
from tests.discord_app.conftest import BATTLE_GROUP, plain
from tests.discord_app.support import TOKEN, standin_env
from tests.standin import DiscordStandIn

NEW_TEXT = "De vuurtoren van Westkapelle wordt volgend jaar gerenoveerd door de provincie.\n"


def test_without_a_token_it_says_how_to_set_one(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_bot(Settings(_env_file=None, discord_token=None))  # type: ignore[call-arg]

    assert code == 2
    assert capsys.readouterr().err == f"error: {NO_TOKEN}\n"


def test_unusable_knowledge_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        discord_token=SecretStr("t"),
        discord_api_url="http://127.0.0.1:9/api/v10",
        knowledge_file=tmp_path / "missing.txt",
    )

    code = run_bot(settings)

    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("error: ") and "no such file" in err


async def _wait_for(predicate: object, timeout: float, what: str) -> None:
    assert callable(predicate)
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def test_process_serves_reloads_on_sighup_and_stops_on_sigterm(
    knowledge_file: Path, tmp_path: Path
) -> None:
    log_file = tmp_path / "bot.log"
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(standin, knowledge_file, LOG_LEVEL="INFO")
        with log_file.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=log, stdout=log
            )
            try:
                await _wait_for(
                    lambda: (
                        standin.commands(standin.guild_id) and standin.gateway.identified.is_set()
                    ),
                    15,
                    "the bot to sync and connect",
                )
                record = await standin.invoke("ask", {"question": BATTLE_GROUP})
                message = await record.wait_message(timeout=5)
                assert "Roemenië gestationeerd" in plain(message.embeds[0]["description"])

                knowledge_file.write_text(NEW_TEXT, encoding="utf-8")
                process.send_signal(signal.SIGHUP)
                audit = knowledge_file.with_name("article.reload.jsonl")
                await _wait_for(audit.exists, 10, "the SIGHUP reload")
                assert json.loads(audit.read_text(encoding="utf-8"))["via"] == "sighup"

                process.send_signal(signal.SIGTERM)
                code = await asyncio.wait_for(process.wait(), 10)
            finally:
                if process.returncode is None:
                    process.kill()
                    await process.wait()
    output = log_file.read_text(encoding="utf-8")
    assert code == 0, output
    assert "SIGTERM received: closing" in output
    assert TOKEN not in output
    assert standin.violations == []


# -- stopping in every state, fatal closes, what discord.py may log ---------------------

STOP_WITHIN = 5.0


async def _start_bot_process(env: dict[str, str], tmp_path: Path) -> asyncio.subprocess.Process:
    log = (tmp_path / "bot.log").open("wb")
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=log, stdout=log
        )
    finally:
        log.close()


async def _stop_within(process: asyncio.subprocess.Process, sig: signal.Signals) -> int:
    """Send `sig` and wait at most STOP_WITHIN seconds for the exit code."""
    process.send_signal(sig)
    try:
        return await asyncio.wait_for(process.wait(), STOP_WITHIN)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def _output(tmp_path: Path) -> str:
    return (tmp_path / "bot.log").read_text(encoding="utf-8")


def _longest_retry(output: str) -> float:
    """The longest "Attempting a reconnect in N s" wait discord.py announced so far."""
    waits = re.findall(r"Attempting a reconnect (?:for shard ID \d+ )?in ([\d.]+)s", output)
    return max((float(w) for w in waits), default=0.0)


async def test_sigterm_stops_the_bot_quickly_while_discord_is_unreachable(
    knowledge_file: Path, tmp_path: Path
) -> None:
    sig = signal.SIGTERM
    standin = DiscordStandIn(token=TOKEN)
    await standin.start()
    try:
        env = standin_env(standin, knowledge_file, LOG_LEVEL="INFO")
        process = await _start_bot_process(env, tmp_path)
        await _wait_for(standin.gateway.identified.is_set, 15, "the bot to connect")
    finally:
        await standin.stop()  # Discord goes away: the bot keeps trying to reconnect
    try:
        # discord.py sleeps longer and longer between attempts; stop it during a long one.
        await _wait_for(lambda: _longest_retry(_output(tmp_path)) > STOP_WITHIN, 60, "a long wait")
    finally:
        code = await _stop_within(process, sig)

    output = _output(tmp_path)
    assert code == 0, output
    assert f"{sig.name} received: closing" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("silent", "sig"), [("api", signal.SIGTERM), ("gateway", signal.SIGINT)], ids=["api", "gateway"]
)
async def test_a_signal_stops_the_bot_quickly_while_discord_does_not_answer(
    knowledge_file: Path, tmp_path: Path, silent: str, sig: signal.Signals
) -> None:
    """Packets dropped rather than refused: logging in, or opening the gateway, hangs."""
    connected = asyncio.Event()
    held: list[asyncio.StreamWriter] = []

    async def never_answer(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        connected.set()

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(standin, knowledge_file)
        if silent == "api":
            env["DISCORD_API_URL"] = f"http://127.0.0.1:{port}/api/v10"
        else:
            env["DISCORD_GATEWAY_URL"] = f"ws://127.0.0.1:{port}/gateway"
        process = await _start_bot_process(env, tmp_path)
        try:
            await asyncio.wait_for(connected.wait(), 15)
        finally:
            code = await _stop_within(process, sig)
    for writer in held:
        writer.close()
    server.close()

    assert code == 0, _output(tmp_path)
    assert "Traceback" not in _output(tmp_path)


@pytest.mark.parametrize("close_code", [4004, 4013, 4014])
async def test_a_fatal_gateway_close_is_one_line_without_a_traceback(
    knowledge_file: Path, tmp_path: Path, close_code: int
) -> None:
    async with DiscordStandIn(token=TOKEN, identify_close=close_code) as standin:
        env = standin_env(standin, knowledge_file, LOG_LEVEL="WARNING")
        process = await _start_bot_process(env, tmp_path)
        try:
            code = await asyncio.wait_for(process.wait(), 20)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()

    output = _output(tmp_path)
    assert code == 1, output
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, output
    assert f"(close {close_code})" in errors[0]


@pytest.mark.parametrize("discord_debug", [False, True])
async def test_debug_logging_shows_interaction_payloads_only_with_discord_debug(
    knowledge_file: Path, tmp_path: Path, discord_debug: bool
) -> None:
    question = "Waar zou de battle group gestationeerd worden ergens?"
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(
            standin, knowledge_file, LOG_LEVEL="DEBUG", DISCORD_DEBUG=str(discord_debug).lower()
        )
        process = await _start_bot_process(env, tmp_path)
        try:
            await _wait_for(
                lambda: standin.commands(standin.guild_id) and standin.gateway.identified.is_set(),
                15,
                "the bot to sync and connect",
            )
            record = await standin.invoke("ask", {"question": question})
            assert (await record.wait_message(timeout=5)).embeds
        finally:
            code = await _stop_within(process, signal.SIGTERM)

    output = _output(tmp_path)
    assert code == 0, output
    assert ("DEBUG discord." in output) is discord_debug
    shows_payloads = question in output or record.token in output
    assert shows_payloads is discord_debug, output[-3000:]
