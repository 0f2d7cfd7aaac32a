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


def test_a_paragraph_without_punctuation_is_cut_between_words_into_windows() -> None:
    text = " ".join(f"woord{i}" for i in range(5000))
    passages = split_passages(decode_knowledge(text.encode()), max_chars=300)
    assert all(0 < p.end - p.start <= 300 for p in passages)
    assert all(text[p.start - 1] == " " for p in passages[1:])
    assert " ".join(text[p.start : p.end] for p in passages) == text


def test_a_word_longer_than_a_passage_is_cut_inside_it() -> None:
    text = "x" * 1000
    passages = split_passages(decode_knowledge(text.encode()), max_chars=300)
    assert [p.end - p.start for p in passages] == [300, 300, 300, 100]


def test_blocks_without_visible_text_are_neither_headings_nor_paragraphs() -> None:
    k = decode_knowledge("\u200b\u200d\n\nKop\n\nEen zin.\n\n\u2060\n".encode())
    assert [(p.number, p.section) for p in split_paragraphs(k)] == [(1, "Kop")]


def test_many_tiny_paragraphs_are_passages_with_their_numbers() -> None:
    k = decode_knowledge(b"a.\n\n" * 100_000)
    passages = split_passages(k)
    assert len(passages) == 100_000
    assert passages[-1].paragraph == 100_000 and passages[-1].start == k.text.rindex("a.")
    assert [p.index for p in passages[10:13]] == [10, 11, 12]
