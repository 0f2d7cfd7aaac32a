"""Evaluation figures: precision over the answers given, shown@3 whatever the status."""

from bot.core.answer import Answer, Result
from bot.core.config import DEFAULT
from bot.core.evaluation import EvalQuestion, ablate, evaluate


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
        paragraph=1,
        section=None,
    )


ANSWERS = {
    "right": Answer(question="right", status="answered", results=[_result(1, "gold A")]),
    "second": Answer(
        question="second", status="answered", results=[_result(1, "x"), _result(2, "gold B")]
    ),
    "refused": Answer(
        question="refused", status="not_found", results=[_result(1, "y"), _result(2, "gold C")]
    ),
    "neg-answered": Answer(question="neg-answered", status="answered", results=[_result(1, "z")]),
    "neg-refused": Answer(question="neg-refused", status="not_found"),
}
QUESTIONS = [
    EvalQuestion("1", "right", "gold A", "lexical"),
    EvalQuestion("2", "second", "gold B", "lexical"),
    EvalQuestion("3", "refused", "gold C", "lexical"),
    EvalQuestion("4", "neg-answered", None, "negative"),
    EvalQuestion("5", "neg-refused", None, "negative"),
]


def test_precision_counts_answered_negatives_as_wrong_and_shown_ignores_status() -> None:
    figures = evaluate(QUESTIONS, ANSWERS.__getitem__).overall.as_dict()
    assert figures["recall@1"] == round(1 / 3, 4)
    assert figures["precision"] == round(1 / 3, 4)  # 3 answers given, 1 right
    assert figures["shown@3"] == 1.0  # the refused one still shows its gold second
    assert figures["false_refusals"] == 1
    assert figures["negatives_rejected"] == 1


def test_ablation_reports_every_rule_with_the_contract_keys() -> None:
    entries = ablate(QUESTIONS, lambda config: ANSWERS.__getitem__, DEFAULT)
    assert len(entries) >= 8
    for entry in entries:
        assert set(entry.as_dict()) == {
            "rule",
            "recall_at_1",
            "false_refusals",
            "negatives_rejected",
            "precision",
            "shown_at_3",
        }
