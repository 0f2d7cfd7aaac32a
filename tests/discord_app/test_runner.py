"""`python -m bot run`: start-up errors, and the real process against the stand-in."""

from __future__ import annotations

import asyncio
import json
import logging
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
