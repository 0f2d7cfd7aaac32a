"""Read a question file (`eval`, `make eval`, the verdict's fitting), telling exactly
which line is wrong and why.

One JSON object per line: `question` (required, a string), `answer` (the gold text, or
null for a question the article does not answer), `id` and `kind` (optional). A UTF-8
BOM at the start is accepted, as editors on Windows write one.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.core.engine import MAX_QUESTION_CHARS
from bot.core.evaluation import EvalQuestion, QuestionFileError


def read_question_file(path: Path) -> list[EvalQuestion]:
    """All questions of `path`; QuestionFileError "PATH: line N: what is wrong" otherwise."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise QuestionFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise QuestionFileError(f"{path}: is a directory, not a question file") from None
    except OSError as exc:
        raise QuestionFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at_line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start]
        raise QuestionFileError(
            f"{path}: line {at_line}: not valid UTF-8 (byte 0x{bad:02x})"
        ) from None
    questions = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            questions.append(parse_question_line(line, number))
        except ValueError as exc:
            raise QuestionFileError(f"{path}: line {number}: {exc}") from None
    if not questions:
        raise QuestionFileError(f"{path}: no questions in the file")
    return questions


def parse_question_line(line: str, number: int) -> EvalQuestion:
    """One line as a question; ValueError saying what is wrong with it."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(item, dict):
        raise ValueError(f"expected a JSON object, got {_kind(item)}")
    if "question" not in item:
        raise ValueError("missing field 'question'")
    question = (_text_field(item, "question") or "").strip()
    if not question:
        raise ValueError("'question' is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(
            f"'question' is {len(question)} characters long, over the limit of {MAX_QUESTION_CHARS}"
        )
    answer = _text_field(item, "answer", allow_null=True)
    kind = _text_field(item, "kind") if "kind" in item else "unknown"
    ident = item.get("id", number)
    if not isinstance(ident, str | int) or isinstance(ident, bool):
        raise ValueError(f"'id' must be a string or a number, got {_kind(ident)}")
    return EvalQuestion(id=str(ident), question=question, answer=answer, kind=kind or "unknown")


def _text_field(item: dict[str, object], name: str, *, allow_null: bool = False) -> str | None:
    value = item.get(name)
    if value is None and allow_null:
        return None
    if not isinstance(value, str):
        wanted = "a string or null" if allow_null else "a string"
        raise ValueError(f"'{name}' must be {wanted}, got {_kind(value)}")
    if allow_null and not value.strip():
        raise ValueError(f"'{name}' is empty (use null for a question the article does not answer)")
    return value


def _kind(value: object) -> str:
    """A JSON value's type in JSON's words: "a number", "a list"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string"
