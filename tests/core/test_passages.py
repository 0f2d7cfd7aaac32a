"""Passages: paragraphs with exact offsets, headings as sections, never as passages."""

from __future__ import annotations

from bot.core.knowledge import KnowledgeFile, decode_knowledge
from bot.core.passages import is_heading, split_paragraphs, split_passages
from bot.core.sentences import split_sentences


def test_article_headings_become_sections(article: KnowledgeFile) -> None:
    sections = [p.section for p in split_paragraphs(article)]
    assert sections[0] is None
    assert "Bereidheid tot dialoog blijft" in sections
    assert sections[-1] == "Satellietbeelden"


def test_headings_are_never_passages(article: KnowledgeFile) -> None:
    texts = [article.text[p.start : p.end] for p in split_passages(article)]
    assert "Satellietbeelden" not in texts
    assert "Bereidheid tot dialoog blijft" not in texts


def test_paragraph_numbers_skip_headings(article: KnowledgeFile) -> None:
    paragraphs = split_paragraphs(article)
    assert [p.number for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert len(paragraphs) == 9


def test_passage_offsets_are_exact_and_trimmed(article: KnowledgeFile) -> None:
    for passage in split_passages(article):
        chunk = article.text[passage.start : passage.end]
        assert chunk == chunk.strip()
        assert "\n\n" not in chunk


def test_heading_rules() -> None:
    assert is_heading("Satellietbeelden")
    assert not is_heading("Dit is een zin.")
    assert not is_heading("x" * 81)
    assert not is_heading("twee\nregels")


def test_long_paragraph_is_cut_into_sentence_windows() -> None:
    text = " ".join(f"Zin nummer {i} gaat over troepen." for i in range(200))
    k = decode_knowledge(text.encode())
    passages = split_passages(k, max_chars=300)
    assert len(passages) > 1
    assert all(p.paragraph == 1 for p in passages)
    assert all(p.end - p.start <= 300 for p in passages)
    assert passages[0].start == 0 and passages[-1].end == len(text)


def test_sentences_keep_numbers_and_closing_quotes_together() -> None:
    text = "Er zijn 100.000 troepen. “Dat is veel.” Zei hij. Dhr. Jansen bevestigde dat."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "Er zijn 100.000 troepen.",
        "“Dat is veel.”",
        "Zei hij.",
        "Dhr. Jansen bevestigde dat.",
    ]
