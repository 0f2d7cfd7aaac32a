"""/reload: who may reload, uploads that are refused, and serving the new article."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTICLE
from tests.discord_app.conftest import BATTLE_GROUP, Running, StartBot, plain
from tests.standin import APIError, InteractionRecord, SentMessage

NEW_ARTICLE = """De vuurtoren van Westkapelle wordt volgend jaar gerenoveerd door de provincie.

De werken kosten ongeveer twee miljoen euro en duren acht maanden.
"""
LIGHTHOUSE = "Wie renoveert de vuurtoren van Westkapelle?"


async def reload(
    running: Running, data: bytes | None = None, *, user: str = "developer", **kwargs: Any
) -> InteractionRecord:
    """/reload as the guild member `user` (default: the application's owner, a plain
    member of the guild), optionally uploading `data` as article.txt."""
    options: dict[str, Any] = {}
    if data is not None or "declared_size" in kwargs or "delay" in kwargs:
        attachment = running.standin.add_attachment(
            "article.txt",
            data or b"",
            declared_size=kwargs.pop("declared_size", None),
            delay=kwargs.pop("delay", 0.0),
        )
        options["file"] = attachment
    if "user_id" not in kwargs and user:
        kwargs["user_id"] = running.guild.member_named(user).id
    return await running.standin.invoke("reload", options or None, **kwargs)


async def reply_to(record: InteractionRecord) -> SentMessage:
    return await record.wait_message(timeout=8)


async def served_quote(running: Running, question: str) -> str:
    message = await running.answer(question)
    return "\n".join(plain(e.get("description", "")) for e in message.embeds)


# -- uploads that work ----------------------------------------------------------------


async def test_admin_upload_replaces_the_article(start_bot: StartBot) -> None:
    running = await start_bot()
    old_checksum = running.bot.knowledge.knowledge.short_checksum

    message = await reply_to(await reload(running, NEW_ARTICLE.encode()))

    fields = {f["name"]: f["value"] for f in message.embeds[0]["fields"]}
    new_checksum = running.bot.knowledge.knowledge.short_checksum
    assert message.ephemeral
    assert message.embeds[0]["title"] == "Article reloaded"
    assert fields["Passages"] == "9 → 2"
    assert fields["Checksum"] == f"`{old_checksum}` → `{new_checksum}`"
    assert "vuurtoren van Westkapelle" in await served_quote(running, LIGHTHOUSE)
    assert running.knowledge_file.read_text(encoding="utf-8") == NEW_ARTICLE


async def test_upload_keeps_the_old_file_in_history_and_audits(start_bot: StartBot) -> None:
    running = await start_bot()

    await reply_to(await reload(running, NEW_ARTICLE.encode()))

    history = list((running.knowledge_file.parent / "history").iterdir())
    assert [p.read_bytes() for p in history] == [ARTICLE.read_bytes()]
    lines = running.settings.reload_log_path.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-1])
    assert entry["ok"] is True
    assert entry["via"] == "discord"
    assert str(running.standin.app_owner.id) in entry["actor"]


async def test_reload_without_a_file_rereads_the_disk(start_bot: StartBot) -> None:
    running = await start_bot()
    running.knowledge_file.write_text(NEW_ARTICLE, encoding="utf-8")

    message = await reply_to(await reload(running, locale="nl"))

    assert message.embeds[0]["title"] == "Artikel herladen"
    assert "vuurtoren van Westkapelle" in await served_quote(running, LIGHTHOUSE)


async def test_reload_of_a_broken_file_on_disk_keeps_serving(start_bot: StartBot) -> None:
    running = await start_bot()
    running.knowledge_file.write_bytes(b"   \n")

    message = await reply_to(await reload(running))

    assert message.ephemeral
    assert message.content.startswith("Reload refused: ")
    assert "the file is empty" in message.content
    assert "Roemenië gestationeerd" in await served_quote(running, BATTLE_GROUP)


# -- who may reload -------------------------------------------------------------------


async def refused(running: Running, **kwargs: Any) -> None:
    """Assert /reload is refused politely and changes nothing."""
    before = running.knowledge_file.read_bytes()
    checksum = running.bot.knowledge.knowledge.checksum

    message = await reply_to(await reload(running, NEW_ARTICLE.encode(), **kwargs))

    assert message.ephemeral
    assert "Only the bot's admins can reload" in message.content
    assert running.knowledge_file.read_bytes() == before
    assert running.bot.knowledge.knowledge.checksum == checksum
    assert not (running.knowledge_file.parent / "history").exists()
    assert "Roemenië gestationeerd" in await served_quote(running, BATTLE_GROUP)


async def accepted(running: Running, **kwargs: Any) -> None:
    message = await reply_to(await reload(running, NEW_ARTICLE.encode(), **kwargs))
    assert message.embeds and message.embeds[0]["title"] == "Article reloaded", message.content


async def test_plain_member_is_refused(running: Running) -> None:
    await refused(running, user="tester")


async def test_refusal_in_dutch(running: Running) -> None:
    message = await reply_to(await reload(running, user="tester", locale="nl"))

    assert "Alleen de beheerders van de bot" in message.content


def audit_lines(running: Running) -> list[dict[str, Any]]:
    path = running.settings.reload_log_path
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("who", ["owner", "moderator", "admin"])
async def test_server_administrators_are_refused_when_no_lists_are_set(
    running: Running, who: str
) -> None:
    guild = running.guild
    if who == "admin":
        guild.add_member(4242, "admin", roles=[guild.role("Admin").id])

    await refused(running, user=who)

    [entry] = audit_lines(running)
    assert entry["ok"] is False
    assert entry["error"] == "not a reload admin"
    assert str(guild.member_named(who).id) in entry["actor"]


async def test_application_owner_may_reload_when_no_lists_are_set(running: Running) -> None:
    await accepted(running, user="developer")

    [entry] = audit_lines(running)
    assert entry["ok"] is True
    assert str(running.standin.app_owner.id) in entry["actor"]


async def test_team_admins_and_developers_may_reload_but_not_read_only(start_bot: StartBot) -> None:
    running = await start_bot()
    guild = running.guild
    lead, dev, viewer = (guild.add_member(running.standin.ids.next(), n) for n in "abc")
    running.standin.set_team([(lead, "admin"), (dev, "developer"), (viewer, "read_only")])

    await refused(running, user="c")
    await refused(running, user="developer")  # owns nothing now: the team does
    await accepted(running, user="b")
    await accepted(running, user="a")


async def test_without_application_info_nobody_unlisted_may_reload(running: Running) -> None:
    running.standin.application_info_error = APIError(403, 50001, "Missing Access")

    await refused(running, user="developer")

    running.standin.clear_violations()  # the failing look-up was the point
    assert [e["error"] for e in audit_lines(running)] == ["not a reload admin"]


async def test_application_owner_outside_a_set_list_is_refused(start_bot: StartBot) -> None:
    running = await start_bot()
    running.bot.settings.admin_role_ids = [running.guild.role("Moderator").id]

    await refused(running, user="developer")


async def test_listed_user_is_allowed(start_bot: StartBot) -> None:
    running = await start_bot()
    running.bot.settings.admin_user_ids = [running.guild.member_named("tester").id]

    await accepted(running, user="tester")


async def test_server_administrator_outside_a_user_list_is_refused(start_bot: StartBot) -> None:
    running = await start_bot()
    running.bot.settings.admin_user_ids = [running.guild.member_named("tester").id]

    await refused(running, user="owner")


async def test_manage_server_outside_a_user_list_is_refused(start_bot: StartBot) -> None:
    running = await start_bot()
    running.bot.settings.admin_user_ids = [running.guild.member_named("tester").id]

    await refused(running, user="moderator")


async def test_listed_role_is_allowed_and_administrator_role_is_not(
    start_bot: StartBot,
) -> None:
    running = await start_bot()
    guild = running.guild
    running.bot.settings.admin_role_ids = [guild.role("Moderator").id]
    admin = guild.add_member(4242, "admin", roles=[guild.role("Admin").id])

    await refused(running, user_id=admin.id, user="")
    await accepted(running, user="moderator")


async def test_in_dms_listed_users_or_the_application_owner_may_reload(
    start_bot: StartBot,
) -> None:
    running = await start_bot(dev_guild_ids=[])
    owner = running.guild.member_named("owner").id

    await refused(running, user_id=owner, guild_id=None, user="")
    await accepted(running, user_id=running.standin.app_owner.id, guild_id=None, user="")
    running.bot.settings.admin_user_ids = [owner]
    await accepted(running, user_id=owner, guild_id=None, user="")


# -- uploads that are refused ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "options", "reason"),
    [
        (b"", {}, "the file is empty"),
        (b"\x00\x01\x02binary\x00" * 50, {}, "looks binary"),
        ("caf\u00e9 op de hoek".encode("cp1252"), {}, "not valid UTF-8"),
        (NEW_ARTICLE.encode(), {"declared_size": 10 * 1024 * 1024 + 1}, "over the limit"),
    ],
    ids=["empty", "binary", "not-utf8", "declared-too-big"],
)
async def test_bad_upload_is_refused_with_its_reason(
    start_bot: StartBot, data: bytes, options: dict[str, Any], reason: str
) -> None:
    running = await start_bot()
    before = running.knowledge_file.read_bytes()

    message = await reply_to(await reload(running, data, **options))

    assert message.ephemeral
    assert message.content.startswith("Reload refused: ")
    assert reason in message.content
    assert "still served" in message.content
    assert running.knowledge_file.read_bytes() == before
    assert "Roemenië gestationeerd" in await served_quote(running, BATTLE_GROUP)


async def test_oversized_upload_is_refused_before_downloading(start_bot: StartBot) -> None:
    running = await start_bot(max_knowledge_bytes=4000)

    message = await reply_to(await reload(running, b"x" * 5000))

    assert "the file is 5,000 bytes, over the limit of 4,000 bytes" in message.content
    assert not any(path.startswith("/attachments") for _, path, _ in running.standin.request_log)


async def test_upload_over_the_limit_despite_its_declared_size_is_refused(
    start_bot: StartBot,
) -> None:
    running = await start_bot(max_knowledge_bytes=4000)

    message = await reply_to(await reload(running, b"woord " * 1000, declared_size=10))

    assert "over the limit" in message.content
    assert running.knowledge_file.read_bytes() == ARTICLE.read_bytes()


async def test_slow_download_times_out(start_bot: StartBot) -> None:
    running = await start_bot(attachment_timeout_seconds=0.3)

    message = await reply_to(await reload(running, NEW_ARTICLE.encode(), delay=2.0))

    assert message.ephemeral
    assert "took longer than 0.3 s" in message.content
    assert running.knowledge_file.read_bytes() == ARTICLE.read_bytes()


async def test_second_reload_while_one_runs_is_told_to_wait(running: Running) -> None:
    lock = running.bot.knowledge._lock
    lock.acquire()
    try:
        message = await reply_to(await reload(running, NEW_ARTICLE.encode()))
    finally:
        lock.release()

    assert message.ephemeral
    assert "A reload is already in progress" in message.content


async def test_a_reread_asked_for_during_a_reload_hears_busy_and_runs_once_after(
    start_bot: StartBot,
) -> None:
    running = await start_bot()
    knowledge = running.bot.knowledge
    Path(running.knowledge_file).write_bytes(await asyncio.to_thread(_big_article))
    first = running.bot.spawn(running.bot.reload_from_disk("sighup"))
    for _ in range(400):
        if knowledge.reloading:
            break
        await asyncio.sleep(0.005)
    assert knowledge.reloading
    Path(running.knowledge_file).write_text(NEW_ARTICLE, encoding="utf-8")

    message = await reply_to(await reload(running))
    assert knowledge.reloading, "the first reload ended before /reload was answered"

    assert "A reload is already in progress" in message.content
    await first
    for _ in range(200):
        if knowledge.knowledge.text == NEW_ARTICLE and len(audit_lines(running)) >= 3:
            break
        await asyncio.sleep(0.05)
    assert knowledge.knowledge.text == NEW_ARTICLE
    # One line for the /reload attempt (refused: busy, written while the SIGHUP's reload
    # runs), one for that reload, and one for the re-read the attempt was coalesced into,
    # which runs in the admin's name.
    entries = audit_lines(running)
    assert [(e["via"], e["ok"], e["error"]) for e in entries] == [
        ("discord", False, "a reload is in progress"),
        ("sighup", True, None),
        ("discord", True, None),
    ]
    owner = str(running.standin.app_owner.id)
    assert [owner in e["actor"] for e in entries] == [True, False, True]


# -- serving during and after reloads ---------------------------------------------------


def _big_article(paragraphs: int = 6000) -> bytes:
    """A generated article of about 3 MB: big enough that indexing it takes a while."""
    rng = random.Random(5)
    syllables = ["ka", "ver", "lo", "mi", "sten", "dra", "pel", "un", "gor", "bie", "ten"]
    words = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(20_000)]
    words += ARTICLE.read_text(encoding="utf-8").split()
    body = [" ".join(rng.choices(words, k=60)).capitalize() + "." for _ in range(paragraphs)]
    return ("\n\n".join(body) + "\n\n" + NEW_ARTICLE).encode()


async def test_fifty_questions_during_a_reload_all_get_answers(start_bot: StartBot) -> None:
    running = await start_bot()
    upload = await reload(running, await asyncio.to_thread(_big_article))
    for _ in range(200):
        if running.bot.knowledge.reloading:
            break
        await asyncio.sleep(0.005)
    assert running.bot.knowledge.reloading

    records = await asyncio.gather(
        *(running.ask(BATTLE_GROUP, user_id=900_000 + i) for i in range(50))
    )
    assert running.bot.knowledge.reloading, "the reload ended before all questions were sent"
    messages = await asyncio.gather(*(r.wait_message(timeout=8) for r in records))

    assert all(r.callbacks[0].accepted for r in records)
    assert all(r.latency is not None and r.latency < 3 for r in records)
    assert all(m.content.startswith("**Question:**") and not m.ephemeral for m in messages)
    done = await reply_to(upload)
    assert done.embeds[0]["title"] == "Article reloaded"
    assert "vuurtoren van Westkapelle" in await served_quote(running, LIGHTHOUSE)


async def test_file_edited_on_disk_is_picked_up(start_bot: StartBot) -> None:
    running = await start_bot(watch_knowledge_file=True, watch_debounce_ms=50)
    await asyncio.sleep(0.3)

    Path(running.knowledge_file).write_text(NEW_ARTICLE, encoding="utf-8")
    for _ in range(100):
        if running.bot.knowledge.knowledge.text == NEW_ARTICLE:
            break
        await asyncio.sleep(0.05)

    assert "vuurtoren van Westkapelle" in await served_quote(running, LIGHTHOUSE)


async def test_upload_is_not_reloaded_twice_by_the_watcher(start_bot: StartBot) -> None:
    running = await start_bot(watch_knowledge_file=True, watch_debounce_ms=50)
    await asyncio.sleep(0.3)

    await reply_to(await reload(running, NEW_ARTICLE.encode()))
    await asyncio.sleep(0.5)

    lines = running.settings.reload_log_path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["via"] for line in lines] == ["discord"]


async def test_broken_edit_on_disk_keeps_the_old_article(start_bot: StartBot) -> None:
    running = await start_bot(watch_knowledge_file=True, watch_debounce_ms=50)
    await asyncio.sleep(0.3)

    running.knowledge_file.write_bytes(b"\xff\xfe\x00\x00")
    for _ in range(100):
        if running.settings.reload_log_path.exists():
            break
        await asyncio.sleep(0.05)

    entry = json.loads(running.settings.reload_log_path.read_text(encoding="utf-8"))
    assert entry["ok"] is False
    assert entry["via"] == "watch"
    assert "Roemenië gestationeerd" in await served_quote(running, BATTLE_GROUP)


# -- the audit trail ------------------------------------------------------------------

AUDIT_LOGGERS = ("bot.core.knowledge_base", "bot.discord_app.audit")


async def test_every_attempt_whatever_its_outcome_is_one_audit_line_and_one_log_line(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    running = await start_bot(attachment_timeout_seconds=0.3)
    standin = running.standin
    caplog.set_level("INFO")
    replies: list[str] = []

    async def attempt(record: InteractionRecord) -> None:
        message = await reply_to(record)
        replies.append(message.content or message.embeds[0]["title"])

    await attempt(await reload(running, NEW_ARTICLE.encode(), user="tester"))
    lock = running.bot.knowledge._lock
    with lock:
        await attempt(await reload(running, NEW_ARTICLE.encode()))
    await attempt(await reload(running, b"x", declared_size=11 * 1024 * 1024))
    await attempt(await reload(running, NEW_ARTICLE.encode(), delay=2.0))
    missing = standin.add_attachment("article.txt", NEW_ARTICLE.encode())
    missing["url"] = missing["url"].replace("/article.txt?", "/gone.txt?")
    await attempt(await standin.invoke("reload", {"file": missing}, user_id=standin.app_owner.id))
    standin.clear_violations()  # the CDN's 404 was the point
    await attempt(await reload(running, b"\x00\x01binary\x00" * 20))
    running.bot.settings.allowed_guild_ids = [1]
    await attempt(await reload(running, NEW_ARTICLE.encode()))
    running.bot.settings.allowed_guild_ids = []
    await attempt(await reload(running, NEW_ARTICLE.encode()))

    entries = audit_lines(running)
    logged = [r for r in caplog.records if r.name in AUDIT_LOGGERS]
    assert [e["ok"] for e in entries] == [False] * 7 + [True], replies
    assert len(logged) == len(entries) == len(replies) == 8
    errors = [str(e["error"]) for e in entries[:7]]
    assert errors[0] == "not a reload admin"
    assert errors[1] == "a reload is in progress"
    assert "over the limit" in errors[2]
    assert "took longer than 0.3 s" in errors[3]
    assert "could not be downloaded (HTTP 404)" in errors[4]
    assert "binary" in errors[5]
    assert "ALLOWED_GUILD_IDS" in errors[6]
    assert {e["via"] for e in entries} == {"discord"}
    assert str(standin.guild.member_named("tester").id) in entries[0]["actor"]
