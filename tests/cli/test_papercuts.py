"""The command line's small promises: each papercut of the first-run report, fixed."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from bot import __version__
from tests.cli.support import cli_env, run
from tests.conftest import ARTICLE, ROOT


def test_unquoted_question_is_joined() -> None:
    proc = run("ask", "--json", "Waar", "komt", "de", "battle", "group")
    assert proc.returncode == 0
    answer = json.loads(proc.stdout)
    assert answer["question"] == "Waar komt de battle group"
    assert "Roemenië" in answer["results"][0]["quote"]


def test_options_may_stand_between_the_words_of_an_unquoted_question() -> None:
    proc = run("ask", "Waar", "komt", "--top-k", "1", "de", "battle", "group", "--json")
    assert proc.returncode == 0
    answer = json.loads(proc.stdout)
    assert answer["question"] == "Waar komt de battle group" and len(answer["results"]) == 1


def test_bad_flag_shows_the_commands_usage() -> None:
    proc = run("ask", "--bogus", "Waar komt de battle group?")
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: python -m bot ask ")
    assert "unrecognized arguments: --bogus" in proc.stderr


def test_bad_option_value_shows_the_commands_usage() -> None:
    proc = run("chat", "--top-k", "0")
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: python -m bot chat ")
    assert "must be between 1 and 10" in proc.stderr


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout == f"python -m bot {__version__}\n"


def test_chat_top_k_limits_the_results() -> None:
    stdin = "Wat zei Stoltenberg?\n"
    one = json.loads(run("chat", "--json", "--top-k", "1", stdin=stdin).stdout)
    three = json.loads(run("chat", "--json", "--top-k", "3", stdin=stdin).stdout)
    assert len(one["results"]) == 1 and len(three["results"]) == 3


def test_chat_help_words_print_the_commands_and_are_not_questions() -> None:
    proc = run("chat", stdin="help\n:help\n?\n")
    assert proc.returncode == 0
    assert proc.stdout.count(":reload") == 3 and proc.stdout.count("quit, exit, :q, :quit") == 3
    assert "doesn't seem to answer" not in proc.stdout and "question>" not in proc.stdout
    as_json = run("chat", "--json", stdin="help\n")
    assert json.loads(as_json.stdout)["help"].count(":reload") == 1


def test_chat_quit_words_end_the_chat() -> None:
    for word in ("quit", "exit", ":q", ":quit", "  exit  "):
        proc = run("chat", "--json", stdin=f"Waar komt de battle group?\n{word}\nNog een vraag?\n")
        assert proc.returncode == 0
        assert len(proc.stdout.splitlines()) == 1, word


def test_chat_reload_in_text_mode(tmp_path: Path) -> None:
    copy = tmp_path / "article.txt"
    copy.write_bytes(ARTICLE.read_bytes())
    proc = run("chat", "--knowledge", str(copy), stdin=":reload\n")
    assert proc.returncode == 0 and proc.stdout == "reloaded: 9 → 9 passages\n"


def test_check_counts_read_right_in_singular_and_plural(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Eén alinea over de NAVO.\n", encoding="utf-8")
    proc = run("check", str(path))
    assert proc.returncode == 0
    assert ", 1 paragraph, 1 passage, " in proc.stdout
    assert ", 9 paragraphs, 9 passages, " in run("check", str(ARTICLE)).stdout


def test_unclosed_front_matter_is_refused_with_the_line_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "open.txt"
    path.write_text(
        "---\ntitle: NAVO\nsource: https://example.org\n\nDe eerste alinea.\n", encoding="utf-8"
    )
    proc = run("check", str(path))
    assert proc.returncode == 1
    assert proc.stderr == (
        f"error: {path}: the front matter opened on line 1 is not closed: "
        "add a line --- after line 3\n"
    )


def test_an_article_that_starts_with_a_rule_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "rule.txt"
    path.write_text("---\n\nDe eerste alinea.\n", encoding="utf-8")
    assert run("check", str(path)).returncode == 0


def _interactive_chat(keys: list[bytes]) -> str:
    """Run `chat` on a pseudo-terminal, typing `keys` one by one; everything it shows."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=cli_env({"TERM": "dumb"}),
        cwd=ROOT,
    )
    os.close(follower)
    shown = b""
    try:
        for key in keys:
            shown += _read_until(leader, b"question> ", after=len(shown))
            os.write(leader, key)
        deadline = time.monotonic() + 30
        while proc.poll() is None or select.select([leader], [], [], 0)[0]:
            assert time.monotonic() < deadline, shown
            if select.select([leader], [], [], 0.1)[0]:
                try:
                    shown += os.read(leader, 4096)
                except OSError:
                    break
    finally:
        proc.kill() if proc.poll() is None else None
        proc.wait()
        os.close(leader)
    return shown.decode("utf-8").replace("\r\n", "\n")


def _read_until(fd: int, marker: bytes, *, after: int) -> bytes:
    data = b""
    deadline = time.monotonic() + 30
    while marker not in data:
        assert time.monotonic() < deadline, data
        if select.select([fd], [], [], 0.1)[0]:
            data += os.read(fd, 4096)
    return data


def test_interactive_chat_speaks_english_and_ends_the_line_on_ctrl_d() -> None:
    shown = _interactive_chat([b"Waar komt de battle group?\n", b"\x04"])
    assert shown.startswith("9 passages loaded from ")
    assert "Type help for help." in shown
    assert "question> Waar komt de battle group?\nAnswer (" in shown
    assert shown.endswith("question> \n")  # Ctrl-D: the shell's prompt starts on its own line
