"""No question, however odd, makes `ask` fail or break the offset invariant."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.engine import Engine
from tests.core.test_engine import assert_offsets

ODD_QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.just(""),
    st.text(alphabet=" \t\n\r", max_size=50),
    st.just("troepen " * 1250),  # 10,000 characters
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs"]), max_size=60),
    st.just("🚀🇺🇦 Oekraïne? 🤔"),
    st.just("מה קרה באוקראינה? ما هو الناتو؟"),
    st.just("de het een wat wie waar wanneer"),
    st.just("**NAVO** _troepen_ `code` > quote ||spoiler|| [link](http://x)"),
    st.just("@everyone @here <@123> <@&456> <#789> wat zei Stoltenberg?"),
    st.lists(
        st.sampled_from(["NAVO", "Rusland", "troepen", "Oekraïne", "100.000", "de", "?", "-"]),
        max_size=30,
    ).map(" ".join),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=ODD_QUESTIONS)
def test_any_question_gets_a_valid_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert isinstance(answer.answered, bool)
    if not answer.results:
        assert not answer.answered
    assert_offsets(engine, question)
