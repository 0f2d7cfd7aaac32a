"""Settings and environment that point a bot at a stand-in: one definition for the
end-to-end tests and the Discord benchmarks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bot.settings import Settings
from tests.conftest import ROOT
from tests.standin import DiscordStandIn

TOKEN = "test-token"


def standin_settings(standin: DiscordStandIn, knowledge_file: Path, **overrides: Any) -> Settings:
    """Settings for a bot in this process: dev-guild sync, no cooldown, no file watcher."""
    values: dict[str, Any] = {
        "discord_token": TOKEN,
        "discord_api_url": standin.api_url,
        "discord_gateway_url": standin.gateway_url,
        "knowledge_file": knowledge_file,
        "dev_guild_ids": [standin.guild_id],
        "ask_cooldown_seconds": 0,
        "watch_knowledge_file": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def standin_env(standin: DiscordStandIn, knowledge_file: Path, **extra: str) -> dict[str, str]:
    """The environment for `python -m bot run` as a child process, with the same settings."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_URL": standin.api_url,
        "DISCORD_GATEWAY_URL": standin.gateway_url,
        "KNOWLEDGE_FILE": str(knowledge_file),
        "DEV_GUILD_IDS": str(standin.guild_id),
        "WATCH_KNOWLEDGE_FILE": "false",
        "ASK_COOLDOWN_SECONDS": "0",
        **extra,
    }
