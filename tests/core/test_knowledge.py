"""The validator: every kind of bad file gets its one-line reason; good files load."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeError, decode_knowledge, load_knowledge
from bot.core.passages import split_passages

GOOD = "Kop\n\nEen alinea met tekst. Nog een zin.\n"


def _error(path: Path, **kwargs: int) -> str:
    with pytest.raises(KnowledgeError) as info:
        k = load_knowledge(path, **kwargs)
        split_passages(k)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in _error(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"  \n\n ")
    assert "empty" in _error(tmp_path / "a.txt")


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in _error(tmp_path / "a.bin")


def test_windows_1252_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Oekraïne en Roemenië.".encode("cp1252"))
    message = _error(tmp_path / "a.txt")
    assert "not valid UTF-8" in message
    assert "Windows-1252" in message


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Een zin. " * 100, encoding="utf-8")
    assert "over the limit of 100 bytes" in _error(tmp_path / "a.txt", max_bytes=100)


def test_file_with_only_headings_has_no_passage(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kop een\n\nKop twee\n", encoding="utf-8")
    assert "no paragraph" in _error(tmp_path / "a.txt")


def test_utf8_bom_is_kept_in_the_text_but_not_in_passages(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    knowledge = load_knowledge(path)
    assert knowledge.text == path.read_text(encoding="utf-8")
    passage = split_passages(knowledge)[0]
    assert knowledge.text[passage.start : passage.end] == "Een alinea met tekst. Nog een zin."
    assert passage.section == "Kop"


def test_crlf_text_matches_read_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode())
    assert load_knowledge(path).text == path.read_text(encoding="utf-8")


def test_front_matter_gives_title_source_and_date() -> None:
    k = decode_knowledge(
        b"---\ntitle: NAVO stuurt troepen\nsource: https://example.org/a\ndate: 2022-02-16\n---\n"
        b"Tekst van het artikel.\n"
    )
    assert (k.title, k.source, k.date) == (
        "NAVO stuurt troepen",
        "https://example.org/a",
        "2022-02-16",
    )
    assert k.text[k.body_start :].strip() == "Tekst van het artikel."


def test_a_leading_rule_that_is_not_metadata_stays_text() -> None:
    k = decode_knowledge(b"---\nDit is gewoon een zin.\n---\nMeer tekst.\n")
    assert k.title is None
    assert k.body_start == 0


def test_front_matter_alone_is_an_error() -> None:
    with pytest.raises(KnowledgeError, match="no text after its front matter"):
        decode_knowledge(b"---\ntitle: Leeg\n---\n")


def test_checksum_and_size_describe_the_bytes(article_path: Path) -> None:
    k = load_knowledge(article_path)
    assert k.size_bytes == article_path.stat().st_size
    assert len(k.checksum) == 64
