"""The rules that turn a headline or a quote into a question and a short answer.

Plain text in, plain text out: escaping to HTML is the cards stage's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from flashcards.models import Idea, Quote


@dataclass(frozen=True)
class Prompt:
    """A question to show and the short answer to recall."""

    question: str
    answer: str


def idea_prompt(idea: Idea) -> Prompt:
    """The question-answer pair for an idea; a hand-written question or answer wins."""
    generated = Prompt(question=f"Explain the idea: {idea.headline.rstrip('.')}?", answer=idea.headline)
    return Prompt(question=idea.question or generated.question, answer=idea.answer or generated.answer)


def quote_prompt(quote: Quote) -> Prompt:
    """The who-said-it pair for a quote; a hand-written question or answer wins."""
    answer = f"{quote.speaker} ({quote.note})" if quote.note else quote.speaker
    generated = Prompt(question="Who said this?", answer=answer or "Unknown speaker")
    return Prompt(question=quote.question or generated.question, answer=quote.answer or generated.answer)
