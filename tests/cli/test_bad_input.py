"""Bad input reaches the user as one line with the reason, never as a traceback
(`run` in tests.cli.support fails the test on any traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.support import run


def test_ask_json_with_a_byte_that_is_not_utf8_is_one_line() -> None:
    proc = run("ask", "--json", b"Waar komt de battle \xff group?")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert "not valid UTF-8 (byte 0xff at character 21)" in proc.stderr


def test_ask_text_with_a_byte_that_is_not_utf8_is_one_line() -> None:
    proc = run("ask", b"Poetin\xe9")
    assert proc.returncode == 2 and "byte 0xe9" in proc.stderr and proc.stderr.count("\n") == 1


def test_chat_json_reports_a_bad_line_and_answers_the_rest() -> None:
    stdin = b"Wie gaat de details uitwerken?\nbattle \xff group\nWaar komt de battle group?\n"
    proc = run("chat", "--json", stdin=stdin)
    assert proc.returncode == 0
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == 3  # one object per input line, in order
    assert lines[0]["answered"] is True
    assert lines[1]["answered"] is False and lines[1]["results"] == []
    assert lines[1]["error"] == "line 2 is not valid UTF-8 (byte 0xff at character 8); skipped"
    assert lines[1]["question"] == "battle \ufffd group"
    assert lines[2]["answered"] is True and "Roemenië" in lines[2]["results"][0]["quote"]


def test_plain_chat_reports_a_bad_line_on_stderr_and_answers_the_rest() -> None:
    proc = run("chat", stdin=b"\xc3\x28 kapot\nWaar komt de battle group?\n")
    assert proc.returncode == 0
    assert proc.stderr == "error: line 1 is not valid UTF-8 (byte 0xc3 at character 1); skipped\n"
    assert "Roemenië" in proc.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'{"question": "Waar?", "answer": 42}\n',
            "line 1: 'answer' must be a string or null, got a number",
        ),
        (
            b'{"question": "ok", "answer": null}\n{"answer": "x"}\n',
            "line 2: missing field 'question'",
        ),
        (b'{"question": ["a"]}\n', "line 1: 'question' must be a string, got a list"),
        (b'{"question": "  "}\n', "line 1: 'question' is empty"),
        (b"[1, 2]\n", "line 1: expected a JSON object, got a list"),
        (b'{"question": "ok"}\n' + b"[" * 100_000 + b"\n", "line 2: JSON nested too deeply"),
        (b'{"question": "ok"}\n{"question": "x",\n', "line 2: not valid JSON"),
        (b'{"question": "ok"}\n{"question": "caf\xe9"}\n', "line 2: not valid UTF-8 (byte 0xe9)"),
        (b"\n\n", "no questions in the file"),
    ],
)
def test_bad_eval_file_names_the_line_and_what_is_wrong(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "questions.jsonl"
    path.write_bytes(content)
    proc = run("eval", str(path))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and reason in proc.stderr
    assert proc.stdout == ""


def test_eval_file_with_a_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "questions.jsonl"
    line = {"id": 1, "question": "Waar komt de battle group?", "answer": "Roemenië", "kind": "x"}
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(line).encode("utf-8") + b"\n")
    proc = run("eval", "--json", str(path))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["overall"]["answerable"] == 1


def test_env_file_with_a_bad_byte_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"TOP_K=3\nADMIN_USER_IDS=caf\xe9\n")
    proc = run("ask", "Waar komt de battle group?", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "error: .env: line 2 is not valid UTF-8 (byte 0xe9); save it as UTF-8\n"
