"""The CLI through real subprocesses: output, exit codes, and never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.support import run
from tests.conftest import ARTICLE, ROOT


def test_ask_json_is_one_contract_object() -> None:
    proc = run("ask", "--json", "Waar zou de battle group gestationeerd worden?")
    assert proc.returncode == 0
    answer = json.loads(proc.stdout)
    assert answer["answered"] is True
    text = ARTICLE.read_text(encoding="utf-8")
    best = answer["results"][0]
    assert "Roemenië gestationeerd" in best["quote"]
    assert text[best["start"] : best["end"]] == best["quote"]


def test_ask_human_output_shows_quote_paragraph_and_score() -> None:
    proc = run("ask", "--top-k", "1", "Door wie zijn de inlichtingen bevestigd?")
    assert proc.returncode == 0
    assert "commerciële aanbieders van satellietbeelden" in proc.stdout
    assert "paragraph 8 · Satellietbeelden · score" in proc.stdout
    assert "\033[" not in proc.stdout  # not a terminal: no colour codes


def test_ask_unanswerable_says_so() -> None:
    proc = run("ask", "Wat is het recept voor appeltaart?")
    assert proc.returncode == 0
    assert "doesn't seem to answer" in proc.stdout


@pytest.mark.parametrize("question", ["", "   ", "x" * 3000])
def test_ask_rejects_empty_and_huge_questions(question: str) -> None:
    proc = run("ask", question)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ")


def test_ask_with_missing_knowledge_file(tmp_path: Path) -> None:
    proc = run("ask", "--knowledge", str(tmp_path / "gone.txt"), "vraag")
    assert proc.returncode == 1
    assert "no such file" in proc.stderr


def test_piped_chat_json_answers_each_line_in_order(tmp_path: Path) -> None:
    copy = tmp_path / "article.txt"
    copy.write_bytes(ARTICLE.read_bytes())
    proc = run(
        "chat",
        "--json",
        "--knowledge",
        str(copy),
        stdin=(
            "Wie gaat de details uitwerken?\n\nWat is het recept voor appeltaart?\n"
            ":reload\n:quit\nnooit\n"
        ),
    )
    assert proc.returncode == 0
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line.get("question") for line in lines[:2]] == [
        "Wie gaat de details uitwerken?",
        "Wat is het recept voor appeltaart?",
    ]
    assert lines[0]["answered"] is True and lines[1]["answered"] is False
    assert lines[2]["reloaded"] is True
    assert len(lines) == 3  # nothing after :quit
    audit = (tmp_path / "article.reload.jsonl").read_text(encoding="utf-8")
    assert '"via": "chat"' in audit


def test_piped_chat_text_mode_repeats_each_question_before_its_answer() -> None:
    proc = run("chat", stdin="Wie gaat de details uitwerken?\nWaar komt de battle group?\n")
    assert proc.returncode == 0
    first = proc.stdout.index("question> Wie gaat de details uitwerken?")
    answer = proc.stdout.index("Het hoogste militair orgaan")
    second = proc.stdout.index("question> Waar komt de battle group?")
    assert first < answer < second < proc.stdout.index("Roemenië")


def test_check_good_file() -> None:
    proc = run("check", str(ARTICLE))
    assert proc.returncode == 0
    assert proc.stdout.startswith("ok: ") and "9 passages" in proc.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("Oekraïne".encode("cp1252"), "not valid UTF-8"),
        (b"Kop\n\nNog een kop\n", "no paragraph"),
    ],
)
def test_check_bad_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = run("check", str(path))
    assert proc.returncode == 1
    assert reason in proc.stderr and proc.stderr.count("\n") == 1
    assert proc.stdout == ""


def test_check_respects_max_knowledge_bytes() -> None:
    proc = run("check", env={"MAX_KNOWLEDGE_BYTES": "1000"})
    assert proc.returncode == 1
    assert "MAX_KNOWLEDGE_BYTES" in proc.stderr


def test_invalid_setting_is_one_line() -> None:
    proc = run("check", env={"TOP_K": "lots"})
    assert proc.returncode == 2
    assert "TOP_K" in proc.stderr and proc.stderr.count("\n") == 1


def test_run_without_token_explains_how_to_set_it_and_try_chat() -> None:
    proc = run("run", env={"DISCORD_TOKEN": ""}, cwd=ROOT / "tests")
    assert proc.returncode != 0
    assert "DISCORD_TOKEN" in proc.stderr and "chat" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_eval_prints_metrics_and_json() -> None:
    questions = str(ROOT / "tests" / "data" / "questions_shared.jsonl")
    text = run("eval", questions)
    assert text.returncode == 0 and "recall@1" in text.stdout
    report = json.loads(run("eval", "--json", questions).stdout)
    assert {"recall@1", "recall@3", "mrr", "negatives_rejected"} <= set(report["overall"])
    assert {"precision", "shown@3"} <= set(report["overall"])


def test_eval_ablate_lists_each_rule_with_its_figures() -> None:
    questions = str(ROOT / "tests" / "data" / "questions_shared.jsonl")
    proc = run("eval", "--ablate", "--json", questions)
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert {"overall", "by_kind", "ablation"} <= set(report)
    rules = [entry["rule"] for entry in report["ablation"]]
    assert len(rules) >= 8 and len(set(rules)) == len(rules)
    assert all(0 <= entry["recall_at_1"] <= 1 for entry in report["ablation"])
    text = run("eval", "--ablate", questions).stdout
    assert all(f"| {rule} |" in text for rule in rules)


def test_eval_with_broken_question_file(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "ok"}\nnot json\n', encoding="utf-8")
    proc = run("eval", str(path))
    assert proc.returncode == 1 and "line 2: not valid JSON" in proc.stderr


def test_unknown_command_is_a_usage_error() -> None:
    assert run("frobnicate").returncode == 2
