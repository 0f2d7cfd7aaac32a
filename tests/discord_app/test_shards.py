"""Sharding: the settings, one process running every shard, and two processes each
running its own slice against one gateway that routes every guild to its shard."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import ValidationError

from bot.discord_app.client import ArticleBot
from bot.discord_app.shards import IdentifyPacer, describe_shards, shard_of
from bot.settings import Settings
from bot.wiring import open_knowledge_base
from tests.conftest import ARTICLE, ROOT
from tests.discord_app.conftest import BATTLE_GROUP, plain
from tests.discord_app.support import TOKEN, standin_env, standin_settings
from tests.standin import DiscordStandIn, GuildSpec, SentMessage, running_client


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


# ---------------------------------------------------------------------- settings


def test_shard_settings_read_a_count_and_comma_separated_ids() -> None:
    settings = _settings(shard_count="4", shard_ids="1, 3")

    assert settings.shard_count == 4
    assert settings.shard_ids == [1, 3]


def test_both_shard_settings_empty_means_automatic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARD_COUNT", "")
    monkeypatch.setenv("SHARD_IDS", "")

    settings = _settings()

    assert settings.shard_count is None
    assert settings.shard_ids == []


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({"shard_ids": "0"}, "shard_ids", "needs SHARD_COUNT"),
        ({"shard_count": "2", "shard_ids": "0,2"}, "shard_ids", "from 0 to 1"),
        ({"shard_count": "2", "shard_ids": "-1"}, "shard_ids", "from 0 to 1"),
        ({"shard_count": "2", "shard_ids": "1,1"}, "shard_ids", "twice"),
        ({"shard_count": "0"}, "shard_count", "greater than or equal to 1"),
    ],
)
def test_inconsistent_shard_settings_are_refused(
    values: dict[str, str], field: str, says: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _settings(**values)

    first = caught.value.errors()[0]
    assert first["loc"] == (field,)
    assert says in first["msg"]


def test_run_refuses_a_shard_outside_the_count_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SHARD_COUNT": "2", "SHARD_IDS": "2"}

    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True, text=True
    )

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "SHARD_IDS" in done.stderr and "from 0 to 1" in done.stderr


# ------------------------------------------------------------------ shard helpers


def test_a_guild_lives_on_the_shard_of_its_id_and_dms_on_shard_0() -> None:
    assert shard_of((5 << 22) | 123, 2) == 1
    assert shard_of((6 << 22) | 123, 4) == 2
    assert shard_of(None, 4) == 0


def test_shards_are_described_with_the_total() -> None:
    assert describe_shards([1], 2) == "shard 1 of 2"
    assert describe_shards(range(3), 3) == "shards 0, 1, 2 of 3"


async def test_identifies_wait_only_for_their_own_bucket() -> None:
    pacer = IdentifyPacer(max_concurrency=2, interval=0.3)
    started: dict[int, float] = {}

    for shard_id in (0, 1, 2):
        await pacer.wait(shard_id)
        started[shard_id] = asyncio.get_running_loop().time()

    assert started[1] - started[0] < 0.3  # another bucket: no wait
    assert started[2] - started[0] >= 0.3 - 0.01  # bucket 0 again: one interval later


async def test_a_shard_that_identifies_again_waits_a_full_interval() -> None:
    pacer = IdentifyPacer(max_concurrency=16, interval=0.2)
    loop = asyncio.get_running_loop()

    await pacer.wait(3)
    first = loop.time()
    await pacer.wait(3)

    assert loop.time() - first >= 0.2 - 0.01


# --------------------------------------------------------- one process, all shards


@dataclass
class Sharded:
    """A stand-in recommending two shards, with a guild on each, and a bot on both."""

    standin: DiscordStandIn
    bot: ArticleBot
    on_0: GuildSpec
    on_1: GuildSpec


@pytest.fixture
async def sharded(knowledge_file: Path) -> AsyncIterator[Sharded]:
    async with DiscordStandIn(token=TOKEN, shard_count=2, max_concurrency=2) as standin:
        on_0 = standin.add_guild("Zero", shard=(0, 2))
        on_1 = standin.add_guild("One", shard=(1, 2))
        settings = standin_settings(standin, knowledge_file, dev_guild_ids=[])
        bot = ArticleBot(settings, open_knowledge_base(settings), guild_ready_timeout=0.05)
        async with running_client(standin, bot, timeout=10):
            yield Sharded(standin, bot, on_0, on_1)
    assert standin.violations == []
    assert standin.internal_errors == []


def _fields(message: SentMessage) -> dict[str, str]:
    return {f["name"]: f["value"] for f in message.embeds[0]["fields"]}


async def test_without_shard_settings_the_bot_runs_the_recommended_shards(
    sharded: Sharded,
) -> None:
    bot, standin = sharded.bot, sharded.standin

    assert bot.shard_count == 2
    assert sorted(bot.shards) == [0, 1]
    assert sorted(s.shard for s in standin.gateway.live_sessions()) == [(0, 2), (1, 2)]
    assert {g.id for g in bot.guilds} == {g.id for g in standin.guilds}
    asked = [path for _, path, _ in standin.request_log if path.endswith("/gateway/bot")]
    assert len(asked) == 1  # once, for the count and the identify limits


async def test_one_process_answers_in_guilds_on_every_shard_and_in_dms(sharded: Sharded) -> None:
    standin = sharded.standin

    for guild_id in (sharded.on_0.id, sharded.on_1.id, None):
        record = await standin.invoke("ask", {"question": BATTLE_GROUP}, guild_id=guild_id)
        message = await record.wait_message(timeout=5)
        assert "Roemenië gestationeerd" in plain(message.embeds[0]["description"])


async def test_about_names_the_shard_of_the_guild(sharded: Sharded) -> None:
    standin = sharded.standin

    shards = {}
    for guild_id in (sharded.on_0.id, sharded.on_1.id, None):
        record = await standin.invoke("about", guild_id=guild_id)
        shards[guild_id] = _fields(await record.wait_message(timeout=5))["Shard"]

    assert shards == {sharded.on_0.id: "0/2", sharded.on_1.id: "1/2", None: "0/2"}


# ------------------------------------------------------ two processes, one slice each


def _titled_copy(folder: Path, title: str) -> Path:
    """The article under a title of its own, so a reply shows which process sent it."""
    folder.mkdir()
    target = folder / "article.txt"
    body = ARTICLE.read_text(encoding="utf-8")
    target.write_text(f"---\ntitle: {title}\n---\n{body}", encoding="utf-8")
    return target


async def _wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.asynccontextmanager
async def _shard_processes(folder: Path, envs: list[dict[str, str]]) -> AsyncIterator[list[Path]]:
    """`python -m bot run` once per environment, process i running shard i of them all;
    yields their log files once each logged that it is ready on its shard, and at the
    end checks that SIGTERM stops each with exit code 0."""
    logs = [folder / f"shard{i}.log" for i in range(len(envs))]
    processes: list[asyncio.subprocess.Process] = []
    with contextlib.ExitStack() as files:
        try:
            for env, log in zip(envs, logs, strict=True):
                out = files.enter_context(log.open("wb"))
                processes.append(
                    await asyncio.create_subprocess_exec(
                        sys.executable,
                        "-m",
                        "bot",
                        "run",
                        cwd=folder,
                        env=env,
                        stdout=out,
                        stderr=out,
                    )
                )
            await _wait_for(
                lambda: all(
                    f"on shard {i} of {len(envs)}" in log.read_text(encoding="utf-8")
                    for i, log in enumerate(logs)
                ),
                30,
                "every process to log that it is ready on its shard",
            )
            yield logs
            for process in processes:
                process.send_signal(signal.SIGTERM)
            codes = [await asyncio.wait_for(p.wait(), 15) for p in processes]
            assert codes == [0] * len(envs), [log.read_text(encoding="utf-8") for log in logs]
        finally:
            for process in processes:
                if process.returncode is None:
                    process.kill()
                    await process.wait()


async def _answer(
    standin: DiscordStandIn, question: str, guild_id: int | None, **options: Any
) -> SentMessage:
    record = await standin.invoke("ask", {"question": question}, guild_id=guild_id, **options)
    return await record.wait_message(timeout=10)


async def _answer_title(standin: DiscordStandIn, guild_id: int | None) -> str:
    message = await _answer(standin, BATTLE_GROUP, guild_id)
    assert "Roemenië gestationeerd" in plain(message.embeds[0]["description"])
    return str(message.embeds[0]["author"]["name"])


async def test_two_processes_each_answer_the_guilds_of_their_own_shard(tmp_path: Path) -> None:
    files = [_titled_copy(tmp_path / f"p{i}", f"Proces {i}") for i in (0, 1)]
    # Discord recommends one shard; the operator runs two, in two processes. Commands are
    # synced by the first process only, globally.
    async with DiscordStandIn(token=TOKEN, max_concurrency=2) as standin:
        guilds = [standin.add_guild(f"Guild {n}", shard=(n % 2, 2)) for n in range(4)]
        envs = [
            standin_env(standin, files[0], SHARD_COUNT="2", SHARD_IDS="0", DEV_GUILD_IDS=""),
            standin_env(standin, files[1], SHARD_COUNT="2", SHARD_IDS="1", SYNC_COMMANDS="false"),
        ]
        async with _shard_processes(tmp_path, envs) as logs:
            assert standin.commands(None)
            sessions = {s.shard: s for s in standin.gateway.live_sessions()}
            assert sorted(sessions) == [(0, 2), (1, 2)]
            for (shard_id, _), session in sessions.items():
                expected = {g.id for g in standin.guilds if shard_of(g.id, 2) == shard_id}
                assert set(session.guild_ids) == expected
                assert session.identify["shard"] == [shard_id, 2]

            for guild in guilds:
                title = await _answer_title(standin, guild.id)
                assert title == f"Proces {shard_of(guild.id, 2)}", guild.name
            assert await _answer_title(standin, None) == "Proces 0"  # DMs: shard 0

            record = await standin.invoke("about", guild_id=guilds[1].id)
            about = await record.wait_message(timeout=10)
            assert about.embeds[0]["title"] == "Proces 1"
            assert _fields(about)["Shard"] == "1/2"

    for shard_id, log in enumerate(logs):
        output = log.read_text(encoding="utf-8")
        others = [g for g in guilds if shard_of(g.id, 2) != shard_id]
        assert all(str(g.id) not in output for g in others), output
    assert standin.violations == []


LIGHTHOUSE = "De vuurtoren van Westkapelle wordt volgend jaar gerenoveerd door de provincie.\n"


async def test_an_upload_to_one_process_reaches_the_other_through_the_shared_file(
    knowledge_file: Path, tmp_path: Path
) -> None:
    async with DiscordStandIn(token=TOKEN, max_concurrency=2) as standin:
        on_0 = standin.add_guild("Zero", shard=(0, 2))
        on_1 = standin.add_guild("One", shard=(1, 2))
        owner = on_0.member_named("owner").id
        shared = {"DEV_GUILD_IDS": "", "WATCH_KNOWLEDGE_FILE": "true", "ADMIN_USER_IDS": str(owner)}
        envs = [
            standin_env(standin, knowledge_file, SHARD_COUNT="2", SHARD_IDS=str(i), **shared)
            for i in (0, 1)
        ]
        async with _shard_processes(tmp_path, envs):
            upload = standin.add_attachment("article.txt", LIGHTHOUSE.encode())
            record = await standin.invoke(
                "reload", {"file": upload}, guild_id=on_0.id, user_id=owner
            )
            await record.wait_message(timeout=10)
            assert knowledge_file.read_text(encoding="utf-8") == LIGHTHOUSE

            async def quotes_new_file(guild_id: int) -> bool:
                message = await _answer(standin, "Wat gebeurt er met de vuurtoren?", guild_id)
                return message.embeds != [] and "Westkapelle" in plain(
                    message.embeds[0].get("description", "")
                )

            assert await quotes_new_file(on_0.id)
            for _ in range(100):  # the other process reloads when its watcher sees the file
                if await quotes_new_file(on_1.id):
                    break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("the process of shard 1 never served the uploaded file")
    assert standin.violations == []


# ------------------------------------------------------------ the stand-in's gateway


async def test_standin_closes_a_session_that_identifies_with_an_impossible_shard() -> None:
    async with DiscordStandIn(token=TOKEN) as standin, aiohttp.ClientSession() as http:
        ws = await http.ws_connect(f"{standin.gateway_url}?v=10&encoding=json")
        await ws.receive_json(timeout=5)
        await ws.send_json({"op": 2, "d": {"token": TOKEN, "intents": 0, "shard": [2, 2]}})

        message = await ws.receive(timeout=5)

        assert message.type is aiohttp.WSMsgType.CLOSE
        assert message.data == 4010
        assert any("4010" in v for v in standin.violations)


async def test_standin_flags_two_identifies_of_one_bucket_within_five_seconds() -> None:
    async with DiscordStandIn(token=TOKEN, max_concurrency=2) as standin:
        standin.add_guild("Zero", shard=(0, 4))
        async with aiohttp.ClientSession() as http:
            for shard in ([1, 4], [0, 4], [2, 4]):  # buckets 1, 0, then 0 again
                ws = await http.ws_connect(f"{standin.gateway_url}?v=10&encoding=json")
                await ws.receive_json(timeout=5)
                await ws.send_json({"op": 2, "d": {"token": TOKEN, "intents": 0, "shard": shard}})
                ready = await ws.receive_json(timeout=5)
                assert ready["t"] == "READY"
                assert ready["d"]["shard"] == shard

        assert len(standin.violations) == 1
        assert "shard [2, 4]" in standin.violations[0] and "bucket 0" in standin.violations[0]


# ------------------------------------------------ what start-up tells the operator


async def _warnings_at_start(
    knowledge_file: Path, caplog: pytest.LogCaptureFixture, standin: DiscordStandIn, **settings: int
) -> list[str]:
    caplog.set_level(logging.INFO, logger="bot.discord_app.client")
    config = standin_settings(standin, knowledge_file, **settings)
    bot = ArticleBot(config, open_knowledge_base(config), guild_ready_timeout=0.05)
    async with running_client(standin, bot, timeout=10):
        pass
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


async def test_the_log_warns_when_discord_allows_too_few_session_starts(
    knowledge_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with DiscordStandIn(token=TOKEN) as standin:
        standin.session_start_total = 0
        warnings = await _warnings_at_start(knowledge_file, caplog, standin)

    assert any("only 0 more session start(s) for 1 shard(s)" in w for w in warnings), warnings


async def test_the_log_warns_when_shard_count_is_below_discords_recommendation(
    knowledge_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with DiscordStandIn(token=TOKEN, shard_count=3) as standin:
        warnings = await _warnings_at_start(knowledge_file, caplog, standin, shard_count=1)

    assert any("SHARD_COUNT=1 is below the 3 shards Discord recommends" in w for w in warnings)
    assert standin.violations == []


async def test_too_few_shards_for_discord_ends_run_with_a_one_line_reason(
    knowledge_file: Path, tmp_path: Path
) -> None:
    async with DiscordStandIn(token=TOKEN, max_guilds_per_shard=1) as standin:
        standin.add_guild("Second")
        env = standin_env(standin, knowledge_file, SHARD_COUNT="1", LOG_LEVEL="CRITICAL")
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=subprocess.PIPE
        )
        try:
            _, err = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()

    lines = err.decode().splitlines()
    assert process.returncode == 1
    assert lines == [
        "error: Discord requires more shards for this bot (close 4011): too many servers per "
        "shard; raise SHARD_COUNT, or leave it empty"
    ]
    assert [v for v in standin.violations if "4011" in v]
