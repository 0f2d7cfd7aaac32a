"""Question analysis: how each question word is matched to the knowledge file's words."""

from bot.core.engine import Engine
from bot.core.knowledge import decode_knowledge
from bot.core.query import QueryWord, analyze_query, spelling_forms

TEXT = (
    "We zien wel wat ze gedaan hebben. De troepenconcentratie is groot.\n\n"
    "Donderdag staan de ministers klaar.\n\n"
    "De organisatie is een verdedigingsorganisatie. Zij gaven en kwamen.\n\n"
    "Men is bezorgd over de satellietbeelden.\n"
)


def words_of(question: str) -> dict[str, QueryWord]:
    engine = Engine(decode_knowledge(TEXT.encode()))
    found = analyze_query(
        question,
        engine.analyzer,
        engine.vocabulary,
        engine.word_terms,
        lambda term: term in engine.index.term_id,
        engine.affixes,
    )
    return {w.word: w for w in found}


def test_present_tense_meets_the_infinitive() -> None:
    words = words_of("Wat ziet de NAVO? Wie staat klaar?")
    assert words["ziet"].kind == "stem" and words["ziet"].terms == words_of("zien")["zien"].terms
    assert words["staat"].kind == "stem"


def test_a_misspelt_compound_is_corrected_before_a_partial_split() -> None:
    word = words_of("troepenconcentatie")["troepenconcentatie"]
    assert word.kind == "typo"
    assert word.terms == words_of("troepenconcentratie")["troepenconcentratie"].terms


def test_unknown_words_stay_unknown() -> None:
    assert words_of("Wat zei Poetin?")["poetin"].kind == "unknown"


def test_asking_what_kind_counts_compounds_with_that_head_in_full() -> None:
    asked = words_of("Wat voor een organisatie is het?")["organisatie"]
    plain = words_of("Is het een organisatie?")["organisatie"]
    assert asked.asks_kind and not plain.asks_kind
    compound = words_of("verdedigingsorganisatie")["verdedigingsorganisatie"].terms[0]
    assert asked.weighted_terms()[compound] == asked.weight
    assert plain.weighted_terms()[compound] < plain.weight


def test_a_single_long_vowel_meets_its_doubled_spelling() -> None:
    words = words_of("Wie gaf wat en wie kwam?")
    assert words["gaf"].terms == words_of("gaven")["gaven"].terms
    assert words["kwam"].terms == words_of("kwamen")["kwamen"].terms


def test_a_final_d_or_t_mix_up_is_forgiven() -> None:
    assert (
        words_of("Waarover is men bezorgt?")["bezorgt"].terms
        == words_of("bezorgd")["bezorgd"].terms
    )


def test_a_split_compound_with_a_typo_is_joined_and_corrected() -> None:
    joined = words_of("satteliet beelden")["satellietbeelden"]
    assert joined.kind == "join" and joined.span == 2


def test_spelling_forms_cover_d_t_mix_ups_and_infinitives() -> None:
    assert {"vindt", "vind"} <= set(spelling_forms("vint"))
    assert {"gebeurt"} <= set(spelling_forms("gebeurd"))
    assert {"zien"} <= set(spelling_forms("ziet"))
    assert spelling_forms("gaf") == ["gaf", "gaaf"]
    assert spelling_forms("oostflank") == ["oostflank"]


def test_the_source_after_volgens_weighs_less() -> None:
    source = words_of("Wat is volgens de organisatie groot?")["organisatie"]
    topic = words_of("Wat is de organisatie?")["organisatie"]
    assert source.source and not topic.source
    assert source.weight < topic.weight
