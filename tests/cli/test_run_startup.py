"""What `python -m bot run` prints at a good start, through the local Discord stand-in:
which knowledge file it serves, and no voice warnings that look like errors."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.settings import PACKAGED_ARTICLE
from tests.conftest import ROOT
from tests.discord_app.support import TOKEN, standin_env
from tests.standin import DiscordStandIn


async def _start_and_stop(env: dict[str, str], cwd: Path, standin: DiscordStandIn) -> str:
    log_file = cwd / "bot.log"
    with log_file.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=cwd, env=env, stderr=log, stdout=log
        )
        try:
            for _ in range(300):
                if "ready as " in log_file.read_text(encoding="utf-8"):
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError(log_file.read_text(encoding="utf-8"))
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 10) == 0
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    return log_file.read_text(encoding="utf-8")


async def test_good_start_names_the_packaged_article_and_has_no_voice_warnings(
    tmp_path: Path,
) -> None:
    async with DiscordStandIn(token=TOKEN) as standin:
        env = standin_env(standin, PACKAGED_ARTICLE, KNOWLEDGE_FILE="", LOG_LEVEL="INFO")
        env["PYTHONPATH"] = str(ROOT)
        output = await _start_and_stop(env, tmp_path, standin)
    assert f"serving {PACKAGED_ARTICLE} (the sample article shipped with the package" in output
    assert f"commands to guild {standin.guild_id}" in output
    assert "voice will NOT be supported" not in output
    assert "WARNING" not in output and "ERROR" not in output
