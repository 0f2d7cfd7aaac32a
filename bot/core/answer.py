"""The answer model: the JSON contract, and what every front end renders from.

`Answer.to_json()` is exactly the JSON answer object of docs (README, "JSON answer").
Highlights and confidence travel with it for the renderers but stay out of the JSON, so
scripts see the contract only.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

Status = Literal["answered", "unsure", "not_found"]
"""answered: the first quote answers; unsure: the article may say it, the quotes are only
possible answers; not_found: the article is not about this."""
Mode = Literal["hybrid", "lexical"]
"""hybrid: words and meaning ranked the quotes; lexical: words only (no encoder, or its
embeddings are still being built)."""


class Result(BaseModel):
    """One retrieved passage and the verbatim quote chosen from it."""

    rank: int
    score: float
    quote: str
    start: int
    end: int
    passage: str
    passage_start: int
    passage_end: int
    paragraph: int
    section: str | None
    highlights: list[tuple[int, int]] = Field(default_factory=list, exclude=True)
    """Offsets (into the file's text) of the question's words inside the quote."""
    cut_start: bool = Field(default=False, exclude=True)
    cut_end: bool = Field(default=False, exclude=True)
    """Whether the quote begins/ends inside a sentence too long to quote whole."""

    def quote_highlights(self) -> list[tuple[int, int]]:
        """Highlights relative to the quote, for renderers that mark words."""
        return [(s - self.start, e - self.start) for s, e in self.highlights]

    def shown_quote(self) -> tuple[str, list[tuple[int, int]]]:
        """The quote as people see it: "…" where it was cut inside a sentence (the JSON
        keeps the verbatim slice), and the highlights relative to that."""
        lead = "…" if self.cut_start else ""
        trail = "…" if self.cut_end else ""
        spans = [(s + len(lead), e + len(lead)) for s, e in self.quote_highlights()]
        return lead + self.quote + trail, spans


class Answer(BaseModel):
    """What the bot says to one question."""

    question: str
    answered: bool = False
    """True exactly when `status` is "answered" (derived from it; kept for old readers)."""
    status: Status = "not_found"
    """The source of truth for whether the question is answered."""
    mode: Mode = "lexical"
    results: list[Result] = Field(default_factory=list)
    confidence: float = Field(default=0.0, exclude=True)
    certainty: Literal["high", "medium", "low"] | None = Field(default=None, exclude=True)
    """How sure an answer is, for its label; None when the question is not answered."""
    overview: bool = Field(default=False, exclude=True)
    """The question was about the whole article: the result is its lede, shown with the
    title and how to ask."""
    reason: str = Field(default="", exclude=True)
    """Why the question was (not) answered, in a few words, for logs and eval."""

    @model_validator(mode="before")
    @classmethod
    def _status_decides(cls, data: Any) -> Any:
        """`status` decides `answered`; an Answer built with `answered` only gets its status."""
        if not isinstance(data, dict):
            return data
        if "status" in data:
            answered = data["status"] == "answered"
            if data.get("answered", answered) != answered:
                raise ValueError("answered must be true exactly when status is 'answered'")
            return {**data, "answered": answered}
        status = "answered" if data.get("answered") else "not_found"
        return {**data, "status": status}

    def to_json(self) -> str:
        """The contract's JSON object, one line, non-ASCII kept readable."""
        return self.model_dump_json()

    @property
    def best(self) -> Result | None:
        """The top result, if any."""
        return self.results[0] if self.results else None
