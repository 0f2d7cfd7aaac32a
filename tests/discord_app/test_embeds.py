"""Rendering answers for Discord: always within limits, quotes verbatim under the markup."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answer import Answer, Result
from bot.core.knowledge import KnowledgeFile
from bot.discord_app.embeds import answer_reply, defuse, render_quote, reply_size_ok
from bot.discord_app.limits import ELLIPSIS, truncate
from bot.discord_app.safe_text import code_span, plain_text
from tests.discord_app.conftest import badges, plain

ALPHABET = st.sampled_from([*"aeioun rstlNAVO.!?,*_~`|>#-\\[]()@<&:\n\u201c\u201d", "é", "ë"])
TEXT = st.text(ALPHABET, min_size=1, max_size=3000)


@st.composite
def quote_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    quote = draw(TEXT)
    starts = draw(st.lists(st.integers(0, len(quote)), max_size=12))
    spans = [(s, min(len(quote), s + draw(st.integers(1, 12)))) for s in starts]
    return quote, spans


def assert_prefix_of(rendered: str, quote: str) -> None:
    text = plain(rendered)
    if text != quote:
        assert text.endswith(ELLIPSIS)
        assert quote.startswith(text.removesuffix(ELLIPSIS))


@settings(max_examples=300, deadline=None)
@given(quote_and_spans(), st.integers(10, 5000))
def test_rendered_quote_fits_its_budget_and_stays_verbatim(
    case: tuple[str, list[tuple[int, int]]], budget: int
) -> None:
    quote, spans = case

    rendered = render_quote(quote, spans, budget)

    assert len(rendered) <= budget
    assert rendered.startswith("> ")
    assert_prefix_of(rendered, quote)


def test_quote_is_cut_after_the_last_whole_sentence_that_fits() -> None:
    quote = "Eerste zin is kort. Tweede zin is ook kort. " + "lang " * 200

    rendered = render_quote(quote, [], 80)

    assert rendered == "> Eerste zin is kort. Tweede zin is ook kort.…"


def test_touching_highlights_are_one_bold_run() -> None:
    assert render_quote("battlegroup", [(0, 6), (6, 11)], 100) == "> **battlegroup**"


def test_markdown_in_the_quote_is_escaped_inside_bold() -> None:
    assert render_quote("a *b* c", [(2, 5)], 100) == "> a **\\*b\\***" + " c"


@given(st.text(max_size=600), st.integers(1, 700))
def test_truncate_fits_and_keeps_a_prefix(text: str, limit: int) -> None:
    cut = truncate(text, limit)

    assert len(cut) <= limit
    assert cut == text or text.startswith(cut.removesuffix(ELLIPSIS).rstrip())


MENTIONS = (
    "Zie <@123>, <@!4>, <@&56>, <#789>, <t:1700000000:R>, <:vlag:12>, </ask:34>, @everyone, @here"
)


def test_mentions_in_a_quote_show_as_text_not_badges() -> None:
    rendered = render_quote(MENTIONS, [(4, 10)], 1000)

    assert badges(rendered) == []
    assert plain(rendered) == MENTIONS


@given(TEXT)
def test_plain_text_renders_no_markup_and_reads_the_same(text: str) -> None:
    shown = plain_text(text)

    assert badges(shown) == []
    assert plain(shown) == text
    unescaped = shown.replace("\\\\", "x")  # an escaped backslash is plain text
    assert not re.search(r"(?<!\\)[*_~`|\[\]<]", unescaped)
    assert not re.search(r"^\s*[#>+-]", unescaped, re.MULTILINE)


@given(st.text(max_size=300))
def test_a_code_span_is_one_span_whatever_the_text(text: str) -> None:
    span = code_span(text)

    assert span.count("`") == 2 and span.startswith("`") and span.endswith("`")
    assert "\n" not in span


def test_a_huge_quote_without_punctuation_renders_within_limits() -> None:
    quote = "woord <@1> " * 400_000  # 4.4 MB: one "sentence", as a file without full stops gives
    result = _result(1, quote).model_copy(
        update={"highlights": [(i, i + 5) for i in range(0, len(quote), 11)]}
    )
    answer = Answer(question="woord?", answered=True, results=[result] * 3, confidence=0.9)

    reply = answer_reply(answer, KnowledgeFile(text=quote), "en")

    assert reply_size_ok(reply)
    for embed in reply.embeds:
        assert badges(embed.description or "") == []
        assert_prefix_of(embed.description or "", quote)


@given(st.text(max_size=400))
def test_defused_text_has_no_mentions(text: str) -> None:
    safe = defuse(text)

    assert not re.search(r"<@[!&]?\d+>|@everyone|@here", safe)
    assert "\n" not in safe


def _result(rank: int, quote: str) -> Result:
    return Result(
        rank=rank,
        score=1.0,
        quote=quote,
        start=0,
        end=len(quote),
        passage=quote,
        passage_start=0,
        passage_end=len(quote),
        paragraph=rank,
        section="Sectie " * 60,
        highlights=[(0, min(5, len(quote)))],
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(TEXT, min_size=0, max_size=10),
    st.booleans(),
    st.text(max_size=2000),
    st.sampled_from(["en", "nl"]),
)
def test_any_answer_renders_within_discord_limits(
    quotes: list[str], answered: bool, question: str, lang: str
) -> None:
    answer = Answer(
        question=question,
        answered=answered,
        results=[_result(i + 1, q) for i, q in enumerate(quotes)],
        confidence=0.9,
    )
    knowledge = KnowledgeFile(text="x", title="T" * 300, source="S" * 300, date="2024")

    reply = answer_reply(answer, knowledge, lang)  # type: ignore[arg-type]

    assert reply_size_ok(reply)
    assert len(reply.embeds) == (len(quotes) if answered else min(1, len(quotes)))
