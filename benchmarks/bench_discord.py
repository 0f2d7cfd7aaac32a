"""How fast does /ask get its first response? Real discord.py bot, local Discord stand-in.

Sends /ask interactions one after another (the questions of tests/data/*.jsonl, in turn)
and reports the time from the stand-in dispatching INTERACTION_CREATE on the gateway to
it receiving the bot's first interaction callback: what decides "This interaction
failed" (3 s) and what users feel. Two set-ups: the bot in this process (same event
loop as the stand-in) and the bot as its own process (`python -m bot run`). Goal:
median under 15 ms.

    python benchmarks/bench_discord.py [--count 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.discord_app.client import ArticleBot  # noqa: E402
from bot.discord_app.lifecycle import point_at_api  # noqa: E402
from bot.wiring import open_knowledge_base  # noqa: E402
from tests.discord_app.support import TOKEN, standin_env, standin_settings  # noqa: E402
from tests.standin import DiscordStandIn, running_client  # noqa: E402
from tests.standin.harness import discord_pointed_at  # noqa: E402

ARTICLE = ROOT / "knowledge" / "article.txt"
WARM_UP = 5


def questions() -> list[str]:
    """The distinct questions of the repository's question files."""
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen[json.loads(line)["question"]] = None
    return list(seen)


@dataclass
class Latencies:
    """First-callback latencies in seconds, and how many of them were defers."""

    label: str
    seconds: list[float]
    deferred: int

    def row(self) -> str:
        ms = sorted(s * 1000 for s in self.seconds)

        def pct(p: float) -> float:
            return ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))]

        return (
            f"| {self.label} | {len(ms)} | {statistics.median(ms):.2f} | {pct(90):.2f} "
            f"| {pct(99):.2f} | {ms[-1]:.2f} | {self.deferred} |"
        )


HEADER = (
    "| set-up | n | median ms | p90 ms | p99 ms | max ms | deferred |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


@contextlib.asynccontextmanager
async def bot_in_process(
    standin: DiscordStandIn, knowledge_file: Path, **overrides: Any
) -> AsyncIterator[ArticleBot]:
    """The bot on this event loop, connected and synced."""
    settings = standin_settings(standin, knowledge_file, log_level="WARNING", **overrides)
    knowledge = open_knowledge_base(settings)
    bot = ArticleBot(settings, knowledge, guild_ready_timeout=0.05)
    with discord_pointed_at(standin):
        point_at_api(settings)
        async with running_client(standin, bot, timeout=30):
            yield bot


@contextlib.asynccontextmanager
async def bot_process(standin: DiscordStandIn, knowledge_file: Path) -> AsyncIterator[None]:
    """`python -m bot run` as a child process, connected and synced."""
    env = standin_env(standin, knowledge_file, LOG_LEVEL="WARNING")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=knowledge_file.parent,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not (standin.commands(standin.guild_id) and standin.gateway.identified.is_set()):
            if time.monotonic() > deadline or process.returncode is not None:
                raise RuntimeError("the bot process did not connect within 30 s")
            await asyncio.sleep(0.05)
        yield
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 10)


async def ask_sequentially(standin: DiscordStandIn, asked: Sequence[str], label: str) -> Latencies:
    """Each /ask waits for its visible answer before the next is sent."""
    latencies: list[float] = []
    deferred = 0
    for index, question in enumerate([*asked[:WARM_UP], *asked]):
        record = await standin.invoke("ask", {"question": question})
        first = await record.wait_response(timeout=5)
        await record.wait_message(timeout=5)
        if not first.accepted:
            raise RuntimeError(f"callback refused: {first.error}")
        if index >= WARM_UP:
            latencies.append(first.latency)
            deferred += first.type == 5
    if standin.violations:
        raise RuntimeError(f"Discord rules broken: {standin.violations}")
    return Latencies(label, latencies, deferred)


async def main(count: int) -> None:
    pool = questions()
    asked = [pool[i % len(pool)] for i in range(count)]
    with tempfile.TemporaryDirectory() as tmp:
        knowledge_file = Path(tmp) / "article.txt"
        shutil.copyfile(ARTICLE, knowledge_file)
        rows = []
        async with DiscordStandIn(token=TOKEN) as standin, bot_in_process(standin, knowledge_file):
            rows.append(await ask_sequentially(standin, asked, "bot in the stand-in's process"))
        async with DiscordStandIn(token=TOKEN) as standin, bot_process(standin, knowledge_file):
            rows.append(await ask_sequentially(standin, asked, "bot as its own process"))
    print("/ask on knowledge/article.txt: INTERACTION_CREATE dispatch → first callback")
    print(f"({count} questions, {len(pool)} distinct, sent one at a time)\n")
    print(HEADER)
    for row in rows:
        print(row.row())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="interactions per set-up")
    asyncio.run(main(parser.parse_args().count))
