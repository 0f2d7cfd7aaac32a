"""Shared fixtures: the shipped article and its engine, built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeFile, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "knowledge" / "article.txt"
DATA = Path(__file__).resolve().parent / "data"


def read_questions(name: str) -> list[dict[str, str | None]]:
    """A question file of tests/data as a list of dicts."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def article() -> KnowledgeFile:
    return load_knowledge(ARTICLE)


@pytest.fixture(scope="session")
def engine(article: KnowledgeFile) -> Engine:
    return Engine(article)


@pytest.fixture(scope="session")
def article_path() -> Path:
    return ARTICLE
