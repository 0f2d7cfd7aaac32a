"""Settings are checked by the commands that use them, and the installed package finds
an article from any folder."""

from __future__ import annotations

import json
from pathlib import Path

from bot.settings import PACKAGED_ARTICLE
from tests.cli.support import run
from tests.conftest import ARTICLE


def test_packaged_article_is_a_copy_of_the_shipped_one() -> None:
    assert PACKAGED_ARTICLE.read_bytes() == ARTICLE.read_bytes()


def test_a_discord_only_setting_does_not_break_ask() -> None:
    env = {"ADMIN_USER_IDS": "alice", "DEV_GUILD_IDS": "x", "ASK_COOLDOWN_SECONDS": "soon"}
    proc = run("ask", "--json", "Waar komt de battle group?", env=env)
    assert proc.returncode == 0 and json.loads(proc.stdout)["answered"] is True


def test_run_checks_the_discord_settings() -> None:
    proc = run("run", env={"ADMIN_USER_IDS": "alice", "DISCORD_TOKEN": "t"})
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: invalid setting ADMIN_USER_IDS: ")
    assert proc.stderr.count("\n") == 1


def test_without_knowledge_file_or_local_article_the_packaged_sample_is_served(
    tmp_path: Path,
) -> None:
    proc = run("check", env={"KNOWLEDGE_FILE": ""}, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"ok: {PACKAGED_ARTICLE} can be served")


def test_a_local_knowledge_folder_wins_over_the_packaged_sample(tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "article.txt").write_text("Een eigen alinea.\n", encoding="utf-8")
    proc = run("check", env={"KNOWLEDGE_FILE": ""}, cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("ok: knowledge/article.txt can be served: 18 bytes, 1 paragraph")


def test_a_knowledge_file_that_is_set_but_missing_is_not_replaced(tmp_path: Path) -> None:
    proc = run("check", env={"KNOWLEDGE_FILE": "mijn-artikel.txt"}, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == "error: mijn-artikel.txt: no such file\n"
