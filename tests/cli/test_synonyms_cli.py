"""`check`, `ask` and `eval` read the synonyms file beside the knowledge file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.core.synonyms import synonyms_path
from tests.cli.test_cli import run
from tests.conftest import ARTICLE

QUESTION = "Waar wordt de gevechtsgroep gestationeerd?"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    shutil.copyfile(ARTICLE, path)
    return path


def test_check_lists_every_bad_synonym_line_and_fails(article: Path) -> None:
    synonyms_path(article).write_text("# fine\nalleen\ngevechtsgroep, battle group\na => b => c\n")
    proc = run("check", str(article))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 2
    assert "line 2: only one entry" in lines[0]
    assert "line 4: more than one '=>'" in lines[1]
    assert proc.stdout == ""


def test_check_counts_the_synonym_rules(article: Path) -> None:
    synonyms_path(article).write_text("gevechtsgroep => battle group\nsoldaten, troepen\n")
    proc = run("check", str(article))
    assert proc.returncode == 0
    assert "2 synonym rules" in proc.stdout


def test_ask_and_eval_use_the_synonyms(article: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    line = {
        "id": "s1",
        "question": QUESTION,
        "answer": "in Roemenië gestationeerd",
        "kind": "synonym",
    }
    questions.write_text(json.dumps(line) + "\n")

    def outcomes() -> tuple[bool, int]:
        asked = json.loads(run("ask", "--json", "--knowledge", str(article), QUESTION).stdout)
        report = run("eval", "--json", "--knowledge", str(article), str(questions))
        return asked["answered"], json.loads(report.stdout)["overall"]["false_refusals"]

    assert outcomes() == (False, 1)
    synonyms_path(article).write_text("gevechtsgroep => battle group\n")
    assert outcomes() == (True, 0)
