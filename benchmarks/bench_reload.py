"""How long from /reload (with an uploaded file) until the new article is served?

For the shipped article and a generated ~5 MB knowledge file: an admin uploads a new
version through the local Discord stand-in, and we time (a) until the bot's reply
"Article reloaded" and (b) until an /ask, sent every 20 ms meanwhile, is first answered
from the new text (a sentence only the new version has). Target: under 2 s.

    python benchmarks/bench_reload.py [--rounds 3] [--megabytes 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import corpus  # noqa: E402
from bench_discord import ARTICLE, TOKEN, bot_in_process  # noqa: E402

from tests.standin import DiscordStandIn, InteractionRecord  # noqa: E402

POLL_SECONDS = 0.02


def generated_file(megabytes: float) -> str:
    """A generated knowledge file of at least `megabytes` MB (10^6 bytes) of UTF-8."""
    target = int(megabytes * 1_000_000)
    passages = max(1, target // 300)
    while True:
        text = corpus.knowledge_text(passages)
        size = len(text.encode("utf-8"))
        if size >= target:
            return text
        passages = int(passages * target / size) + 1


def with_sentinel(base: str, tag: str) -> bytes:
    """`base` plus a paragraph only this version has, so we can tell it is served."""
    sentence = f"De herlading {tag} bevestigt de nieuwe vuurtorenwachter {tag} van Westkapelle."
    return f"{base.rstrip()}\n\n{sentence}\n".encode()


async def serves(standin: DiscordStandIn, tag: str, latencies: list[float]) -> bool:
    """Ask about the new version's sentence; True when the answer quotes it."""
    record = await standin.invoke(
        "ask", {"question": f"Welke vuurtorenwachter {tag} bevestigt de herlading {tag}?"}
    )
    message = await record.wait_message(timeout=30)
    latencies.append((await record.wait_response()).latency)
    return any(tag in e.get("description", "") for e in message.embeds)


async def one_reload(
    standin: DiscordStandIn, data: bytes, tag: str, latencies: list[float]
) -> tuple[float, float]:
    """Seconds until the reload reply, and until /ask answers from the new version."""
    owner = standin.app_owner.id  # the application's owner: allowed when no admin lists are set
    attachment = standin.add_attachment("article.txt", data)
    started = time.monotonic()
    record: InteractionRecord = await standin.invoke("reload", {"file": attachment}, user_id=owner)
    served_at = None
    while served_at is None:
        if await serves(standin, tag, latencies):
            served_at = time.monotonic()
        else:
            await asyncio.sleep(POLL_SECONDS)
    reply = await record.wait_message(timeout=60)
    if not reply.embeds:
        raise RuntimeError(f"reload refused: {reply.content}")
    return reply.at - started, served_at - started


async def bench(label: str, base: str, rounds: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        knowledge_file = Path(tmp) / "article.txt"
        knowledge_file.write_bytes(with_sentinel(base, "r0"))
        async with (
            DiscordStandIn(token=TOKEN) as standin,
            bot_in_process(standin, knowledge_file, attachment_timeout_seconds=60),
        ):
            replies: list[float] = []
            served: list[float] = []
            asks: list[float] = []
            for n in range(1, rounds + 1):
                data = with_sentinel(base, f"r{n}")
                reply, serve = await one_reload(standin, data, f"r{n}", asks)
                replies.append(reply)
                served.append(serve)
            if standin.violations:
                raise RuntimeError(f"Discord rules broken: {standin.violations}")
    size = len(with_sentinel(base, "r1"))
    shown = f"{size / 1e6:.2f} MB" if size > 1e6 else f"{size / 1e3:.1f} kB"
    return (
        f"| {label} | {shown} | {rounds} | {statistics.median(replies):.3f} "
        f"| {max(replies):.3f} | {statistics.median(served):.3f} | {max(served):.3f} "
        f"| {len(asks)} | {statistics.median(asks) * 1000:.1f} / {max(asks) * 1000:.1f} |"
    )


async def main(rounds: int, megabytes: float) -> None:
    big = await asyncio.to_thread(generated_file, megabytes)
    rows = [
        await bench("knowledge/article.txt", ARTICLE.read_text(encoding="utf-8"), rounds),
        await bench(f"generated ({megabytes:g} MB)", big, rounds),
    ]
    print("/reload with an uploaded file → new article served (seconds)\n")
    print(
        "| knowledge file | size | rounds | reply median | reply max "
        "| served median | served max | asks meanwhile | ask first response ms median / max |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(row)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    asyncio.run(main(args.rounds, args.megabytes))
