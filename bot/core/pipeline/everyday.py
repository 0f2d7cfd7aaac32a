"""How common a word is in everyday language, for question words the file never uses.

The article cannot say how telling a word it lacks is: "doet", "komt" or "reactie" are
what any question might say, while "goedgekeurd" or "operationeel" name something the
article does not cover. wordfreq's frequencies (Zipf scale: 6 ≈ once per thousand
words, 3 ≈ once per million) stand in for the IDF such a word would have in a large
Dutch collection. English counts too, for questions asked in English.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

from bot.core.config import RetrievalConfig

LANGUAGES = ("nl", "en")
WORDLIST = "small"
"""wordfreq's short lists (Zipf ≥ 3): rarer words weigh in full anyway, and they load in a
fraction of the time and memory of the long ones."""


@lru_cache(maxsize=65_536)
def zipf(word: str) -> float:
    """The word's Zipf frequency in the most likely of our languages; 0 when unknown."""
    if not word.isalpha():
        return 0.0
    return max(zipf_frequency(word, language, wordlist=WORDLIST) for language in LANGUAGES)


def missing_word_weight(forms: list[str], config: RetrievalConfig) -> float:
    """How much a missing, ordinary (not capitalised) word counts, from `common_weight`
    for everyday words to 1 for rare ones and for words no list knows. A word may be
    given in several spellings ("vint", "vind"): a misspelt everyday word is still one."""
    frequency = max(map(zipf, forms), default=0.0)
    if frequency <= 0:
        return 1.0
    share = (config.common_zipf - frequency) / (config.common_zipf - config.rare_zipf)
    return max(config.common_weight, min(1.0, share))


def warm_up() -> None:
    """Load the frequency lists now (≈0.1 s), not at the first question."""
    zipf("de")
