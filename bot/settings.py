"""All settings in one place, read from the environment and `.env` (pydantic-settings).

Two layers, so a setting is validated only by the commands that use it:
`CoreSettings` is what every command needs (the knowledge file, how answers are made);
`Settings` adds what only `run` (the Discord bot) reads. `ask`, `chat`, `check` and
`eval` load `CoreSettings`, so a Discord-only mistake (`ADMIN_USER_IDS=alice`) cannot
break them. New Discord settings go in `Settings`, new answer settings in `CoreSettings`.

The names and defaults are part of the product's contract: scripts and admins set them,
so they change only together with the README, `.env.example` and docs/settings.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[list[int], NoDecode]

DEFAULT_KNOWLEDGE_FILE = Path("knowledge/article.txt")
PACKAGED_ARTICLE = Path(__file__).resolve().parent / "data" / "article.txt"
"""The sample article shipped inside the package: served when nothing else is configured."""


class SettingsError(ValueError):
    """Settings that cannot be used (a bad value, an unreadable `.env`); one line for the user."""


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


class CoreSettings(BaseSettings):
    """What every command uses: the knowledge file and how answers are made."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        case_sensitive=False,
    )

    knowledge_file: Path = DEFAULT_KNOWLEDGE_FILE
    max_knowledge_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    top_k: int = Field(default=3, ge=1, le=10)
    knowledge_history_keep: int = Field(default=10, ge=0)
    reload_log_file: Path | None = None
    feedback_log_file: Path | None = None
    log_questions: bool = False
    """Read by `run` (the interaction log) and by `report` (what the feedback log holds)."""

    @model_validator(mode="after")
    def _packaged_article_when_unset(self) -> CoreSettings:
        """An installed package answers from any folder: with KNOWLEDGE_FILE unset and no
        ./knowledge/article.txt, serve the sample article shipped in the package."""
        unset = "knowledge_file" not in self.model_fields_set
        if unset and not DEFAULT_KNOWLEDGE_FILE.exists() and PACKAGED_ARTICLE.is_file():
            self.knowledge_file = PACKAGED_ARTICLE
        return self

    @property
    def reload_log_path(self) -> Path:
        """Where reload attempts are audited: beside the knowledge file unless set."""
        return self.reload_log_file or self.default_reload_log(self.knowledge_file)

    @staticmethod
    def default_reload_log(knowledge_file: Path) -> Path:
        """`<name>.reload.jsonl` beside a knowledge file."""
        return knowledge_file.with_name(knowledge_file.stem + ".reload.jsonl")


class Settings(CoreSettings):
    """Everything `run` uses: the core settings plus the Discord bot's own."""

    discord_token: SecretStr | None = None
    discord_api_url: str = "https://discord.com/api/v10"
    discord_gateway_url: str | None = None
    admin_user_ids: IdList = Field(default_factory=list)
    admin_role_ids: IdList = Field(default_factory=list)
    allowed_guild_ids: IdList = Field(default_factory=list)
    dev_guild_ids: IdList = Field(default_factory=list)
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: IdList = Field(default_factory=list)
    sync_commands: bool = True

    answers_public: bool = True
    ask_cooldown_seconds: float = Field(default=5.0, ge=0)
    log_level: str = "INFO"
    discord_debug: bool = False
    watch_knowledge_file: bool = True
    attachment_timeout_seconds: float = Field(default=20.0, gt=0)

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


S = TypeVar("S", bound=CoreSettings)


def _read(cls: type[S]) -> S:
    """Read settings now (not at import time), each problem as one SettingsError line."""
    try:
        return cls()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]).upper()
        raise SettingsError(f"invalid setting {name}: {first['msg']}") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise SettingsError(
            f".env: line {line} is not valid UTF-8 (byte 0x{exc.object[exc.start]:02x}); "
            "save it as UTF-8"
        ) from None
    except OSError as exc:
        raise SettingsError(f".env: cannot be read ({exc.strerror or exc})") from None


def load_core_settings() -> CoreSettings:
    """The settings of `ask`, `chat`, `check` and `eval`."""
    return _read(CoreSettings)


def load_settings() -> Settings:
    """All settings, for `run`."""
    return _read(Settings)
