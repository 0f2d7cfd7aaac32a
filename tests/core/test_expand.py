"""Expand: a question word finds the article's word whatever form the question uses.

Each test asks a question whose word differs from the article's (inflection, typo,
compound, split) and checks the quote that comes back, not how the match was made.
"""

import pytest

from bot.core.engine import Engine
from bot.core.knowledge import decode_knowledge
from bot.core.pipeline.inflection import spelling_forms

TEXT = (
    "We zien wel wat ze gedaan hebben.\n\n"
    "De troepenconcentratie aan de grens is groot.\n\n"
    "Donderdag staan de ministers klaar.\n\n"
    "De troepen oefenen in het noorden.\n\n"
    "Zij gaven geld en kwamen later.\n\n"
    "Men is bezorgd over de satellietbeelden.\n"
)
ENGINE = Engine(decode_knowledge(TEXT.encode()))


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("Wat ziet men?", "We zien wel"),  # present tense → infinitive
        ("Wie staat klaar?", "Donderdag staan"),
        ("Wie gaf geld?", "Zij gaven"),  # single long vowel → doubled stem
        ("Waarover is men bezorgt?", "Men is bezorgd"),  # d/t mix-up
        ("Hoe groot is de troepenconcentatie?", "De troepenconcentratie"),  # typo
        ("Wat tonen de satteliet beelden?", "Men is bezorgd"),  # split, with a typo
        ("Waar is de troepen concentratie?", "De troepenconcentratie"),  # split compound
    ],
)
def test_a_differently_written_word_finds_the_articles_word(question: str, quoted: str) -> None:
    answer = ENGINE.ask(question, top_k=1)
    assert answer.answered, answer.reason
    assert answer.results[0].quote.startswith(quoted)


def test_a_misspelt_compound_is_corrected_rather_than_split_into_its_head() -> None:
    # "troepen" alone is in the article too; the corrected compound must win.
    best = ENGINE.ask("troepenconcentatie", top_k=2).results
    assert best[0].quote.startswith("De troepenconcentratie")


def test_a_word_nothing_resembles_is_not_answered() -> None:
    assert not ENGINE.ask("Wat zei Poetin?").answered


def test_spelling_forms_cover_d_t_mix_ups_and_infinitives() -> None:
    assert {"vindt", "vind"} <= set(spelling_forms("vint"))
    assert {"gebeurt"} <= set(spelling_forms("gebeurd"))
    assert {"zien"} <= set(spelling_forms("ziet"))
    assert spelling_forms("gaf") == ["gaf", "gaaf"]
    assert spelling_forms("oostflank") == ["oostflank"]
