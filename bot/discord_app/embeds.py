"""Answer → Discord reply: the quote as a block quote with matched words in bold.

Every string placed here is cut to Discord's limits first (see `limits`): one reply over
any limit is rejected as a whole, and the user would see "This interaction failed".
The quote itself stays verbatim apart from escaping (`safe_text`) and the bold marks.
Building a reply costs time in proportion to the limits, not to the quote: a quote is
cut to what could fit before any markup is made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import discord

from bot.core.answer import Answer, Result
from bot.core.knowledge import KnowledgeFile
from bot.discord_app.limits import (
    CONTENT_MAX,
    ELLIPSIS,
    EMBED_AUTHOR_MAX,
    EMBED_DESCRIPTION_MAX,
    EMBED_FOOTER_MAX,
    EMBED_TITLE_MAX,
    EMBEDS_MAX,
    EMBEDS_TOTAL_MAX,
    sentence_cuts,
    truncate,
    word_cuts,
)
from bot.discord_app.safe_text import plain_text
from bot.presentation import Language, location, mark, say, source_line, verdict_line

ECHO_MAX = 300
"""Characters of the user's question echoed back; the rest is cut with "…"."""

ANSWER_COLOUR = discord.Colour.blurple()
NEAREST_COLOUR = discord.Colour.light_grey()


@dataclass(frozen=True)
class Reply:
    """What one message says: its content and embeds, already within every limit."""

    content: str
    embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None
    """Buttons under the message (feedback, read on); None for none."""


def defuse(user_text: str) -> str:
    """User text made safe to echo: one line, shown as plain text (see `safe_text`)."""
    return plain_text(" ".join(user_text.split()))


def echo_question(question: str, lang: Language) -> str:
    """The "Question: …" line, cut to ECHO_MAX characters of the question."""
    return f"**{say('question', lang)}:** {defuse(truncate(' '.join(question.split()), ECHO_MAX))}"


def _bold(s: str) -> str:
    return f"**{s}**" if s.strip() else s


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Touching or overlapping spans joined, so bold marks never abut ("****")."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _blockquote(body: str) -> str:
    return "> " + body.replace("\n", "\n> ")


def _quote_markup(quote: str, spans: list[tuple[int, int]], cut: int | None) -> str:
    if cut is None:
        return _blockquote(mark(quote, spans, _bold, plain_text))
    part = quote[:cut].rstrip()
    kept = [(s, min(e, len(part))) for s, e in spans if s < len(part)]
    return _blockquote(mark(part, kept, _bold, plain_text) + ELLIPSIS)


def _largest_fitting(candidates: Sequence[int], fits: Callable[[int], bool]) -> int | None:
    """The largest candidate (ascending list) that fits, by binary search."""
    low, high, best = 0, len(candidates) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if fits(candidates[middle]):
            best, low = candidates[middle], middle + 1
        else:
            high = middle - 1
    return best


def render_quote(quote: str, spans: Sequence[tuple[int, int]], budget: int) -> str:
    """The quote as a Markdown block quote, matched words bold, at most `budget` characters.

    When it is too long it is cut after the last whole sentence that fits (or, if that
    would drop more than half, between words) and ends in "…". Only the first `budget`
    characters are ever looked at (markup never makes text shorter), so a quote of
    megabytes costs no more than one of a page.
    """
    budget = max(budget, 0)
    merged = [(s, min(e, budget + 1)) for s, e in _merged(spans) if s < budget + 1]
    if len(quote) <= budget:
        full = _quote_markup(quote, merged, None)
        if len(full) <= budget:
            return full
    head = quote[: budget + 1]

    def fits(cut: int) -> bool:
        return len(_quote_markup(quote, merged, cut)) <= budget

    by_sentence = _largest_fitting(sentence_cuts(head), fits)
    by_word = _largest_fitting(word_cuts(head), fits)
    if by_sentence is not None and by_sentence >= (by_word or 0) // 2:
        return _quote_markup(quote, merged, by_sentence)
    if by_word is not None:
        return _quote_markup(quote, merged, by_word)
    by_char = _largest_fitting(range(1, min(len(quote), budget)), fits)
    return _quote_markup(quote, merged, by_char or 0)[:budget]


def _footer(result: Result, lang: Language) -> str:
    where = f"{location(result, lang)} · {say('score', lang, score=result.score)}"
    return truncate(where, EMBED_FOOTER_MAX)


def _result_embeds(
    results: Sequence[Result],
    knowledge: KnowledgeFile,
    lang: Language,
    *,
    title: str | None,
    colour: discord.Colour,
) -> list[discord.Embed]:
    """One embed per result; the descriptions share what the 6000-character total leaves."""
    shown = list(results)[:EMBEDS_MAX]
    if not shown:
        return []
    source = source_line(knowledge)
    embeds: list[discord.Embed] = []
    for index, result in enumerate(shown):
        embed = discord.Embed(colour=colour)
        if title:
            embed.title = truncate(title, EMBED_TITLE_MAX)
        embed.set_footer(text=_footer(result, lang))
        if source and index == 0:
            # Author names are shown as they are (no Markdown, no mentions): cut only.
            embed.set_author(name=truncate(source, EMBED_AUTHOR_MAX))
        embeds.append(embed)
    fixed = sum(len(e) for e in embeds)
    budget = min(EMBED_DESCRIPTION_MAX, (EMBEDS_TOTAL_MAX - fixed) // len(embeds))
    for embed, result in zip(embeds, shown, strict=True):
        embed.description = render_quote(*result.shown_quote(), budget)
    return embeds


def answer_reply(answer: Answer, knowledge: KnowledgeFile, lang: Language) -> Reply:
    """The whole reply to a question: verdict and echoed question, then the quotes.

    Answered: the quotes. Unsure: the closest quotes, each titled as a possible answer.
    Not found: the nearest passage only, titled as not being an answer, so nobody mistakes
    a near miss for the article's answer. About the whole article: its lede and how to ask.
    """
    question = echo_question(answer.question, lang)
    verdict = verdict_line(answer, lang)
    results = answer.results
    if answer.overview:
        verdict = f"{verdict}\n{say('how_to_ask', lang)}"
        title = plain_text(knowledge.title) if knowledge.title else None
        embeds = _result_embeds(results, knowledge, lang, title=title, colour=ANSWER_COLOUR)
    elif answer.answered:
        embeds = _result_embeds(results, knowledge, lang, title=None, colour=ANSWER_COLOUR)
    elif answer.status == "unsure":
        embeds = _result_embeds(
            results, knowledge, lang, title=say("possible", lang), colour=NEAREST_COLOUR
        )
    else:
        embeds = _result_embeds(
            results[:1], knowledge, lang, title=say("nearest", lang), colour=NEAREST_COLOUR
        )
    return Reply(content=truncate(f"{question}\n{verdict}", CONTENT_MAX), embeds=embeds)


def reply_size_ok(reply: Reply) -> bool:
    """True when the reply is within Discord's limits (for assertions and logs)."""
    total = sum(len(e) for e in reply.embeds)
    return (
        len(reply.content) <= CONTENT_MAX
        and len(reply.embeds) <= EMBEDS_MAX
        and total <= EMBEDS_TOTAL_MAX
        and all(len(e.description or "") <= EMBED_DESCRIPTION_MAX for e in reply.embeds)
    )
