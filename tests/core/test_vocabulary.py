"""Compounds split and join against the file's own words; typos correct within budget."""

from bot.core.vocabulary import Vocabulary, typo_budget

WORDS = dict.fromkeys(
    "troepen opbouw troepenopbouw verdediging organisatie luchtmacht stoltenberg "
    "satellietbeelden roemenie".split(),
    1,
)


def test_compound_splits_into_known_words() -> None:
    assert Vocabulary(WORDS).split_compound("troepenopbouw") == ["troepen", "opbouw"]


def test_linking_s_is_dropped_from_the_head() -> None:
    assert Vocabulary(WORDS).split_compound("verdedigingsorganisatie") == [
        "verdediging",
        "organisatie",
    ]


def test_unknown_parts_do_not_split() -> None:
    assert Vocabulary(WORDS).split_compound("appeltaartrecept") == []


def test_neighbouring_words_join_into_a_known_compound() -> None:
    assert Vocabulary(WORDS).join("lucht", "macht") == "luchtmacht"
    assert Vocabulary(WORDS).join("lucht", "ballon") is None


def test_typo_budget_follows_word_length() -> None:
    assert [typo_budget("a" * n) for n in (4, 5, 8, 9)] == [0, 1, 1, 2]


def test_misspelt_names_correct_to_the_nearest_word() -> None:
    vocab = Vocabulary(WORDS)
    assert vocab.nearest("stoltenburg") == "stoltenberg"
    assert vocab.nearest("satelietbeelden") == "satellietbeelden"
    assert vocab.nearest("roemneie") == "roemenie"  # a transposition is one edit


def test_short_words_are_never_corrected() -> None:
    assert Vocabulary({"navo": 1}).nearest("nava") is None


def test_three_neighbouring_words_join_with_linking_letters() -> None:
    vocab = Vocabulary(dict.fromkeys(["tweesporenaanpak", "veiligheidsarchitectuur"], 1))
    assert vocab.join("twee", "sporen", "aanpak") == "tweesporenaanpak"
    assert vocab.join("veiligheid", "architectuur") == "veiligheidsarchitectuur"
