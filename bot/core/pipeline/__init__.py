"""The retrieval pipeline, one stage a module, run in this order by `Engine.ask`:

1. analyse (analyse.py): the question's content words and what it asks for;
2. expand (expand.py): each word resolved against the file and weighed, once;
3. retrieve (retrieve.py): BM25's best passages and what of the question each covers;
4. re-rank (rerank.py): those passages ordered by their signals combined;
5. quote (quote.py): the sentence or two of each passage to quote;
6. judge (judge.py): whether the best quote answers, or the article does not say.

Stages hand each other the typed records of records.py and read their tunables from
one `RetrievalConfig` (bot/core/config.py).
"""
