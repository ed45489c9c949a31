"""How often blind reviewers kept a cloze, by where its text came from and how today's rules score
its span (tests/data/review/judged-clozes.yaml).

    python tools/keep_rates.py [--rounds heldout14,heldout15,...] [--list KIND]

Each judged cloze is found again in its page: a headline, a sentence of an explanation, or a
quote. Today's judge then scores the very words the reviewers saw hidden (its kind, "figure",
"term"…, and its score), so a threshold or a choice between an idea's candidate cards can be read
against what reviewers kept. A guide for tuning: a blind round of unread pages is the measure.
The score is the one best_span gives (spans.judged_on_page): the judge's, less the page-topic and
list-item penalties and the cap on a quote's anecdotal figure; what other cards ask is not known here.
"""

from __future__ import annotations

import argparse
import itertools
from collections import defaultdict

import yaml
from review_pages import FIRST_LINES, read_as_a_person
from span_agreement import JUDGED, plain, read_pages

from flashcards.cards.notes import Cues, headline_context, quote_context
from flashcards.cards.spans import Judge, SpanContext, candidate_spans, judged_on_page, sentences
from flashcards.models import Summary
from flashcards.sources.text import without_emphasis

BUCKETS = (0, 60, 80, 95, 110, 1000)


def pages_by_stem() -> dict[str, Summary]:
    """Every read review page's summary (no unread page is looked at), by its file's stem."""
    readings = yaml.safe_load(FIRST_LINES.read_text(encoding="utf-8"))
    return {page.stem: read_as_a_person(page, readings) for page in read_pages([])}


def texts_of(summary: Summary) -> list[tuple[str, str, SpanContext]]:
    """Every text a card may hide a span of: where it comes from, the text, its context."""
    cues = Cues.of(summary)
    texts = []
    for idea in summary.ideas:
        texts.append(("headline", without_emphasis(idea.headline), headline_context(idea, cues)))
        for sentence in sentences(idea.explanation):
            texts.append(("explanation", without_emphasis(sentence), SpanContext(cues.shown)))
    for quote in summary.quotes:
        texts.append(("quote", without_emphasis(quote.text), quote_context(quote, cues)))
    return texts


def judged_span(entry: dict, texts: list[tuple[str, str, SpanContext]]) -> tuple[str, str, float] | None:
    """Where the judged cloze's text comes from, and today's kind and score of its span."""
    context = plain(entry["context"])[10:-10]
    hidden = plain(str(entry["hidden"]))
    for source, text, around in texts:
        if context not in plain(text):
            continue
        judge = Judge.of(text, around.context, around.explanation)
        if judge is None:
            return source, "none", 0.0
        spans = candidate_spans(text, judge.tokens, headline=source == "headline", spoken=around.spoken)
        for span in spans:
            words = plain(text[judge.tokens[span.first].start : judge.tokens[span.last - 1].end])
            if words == hidden:
                judged = judged_on_page(judge, span, around, ())
                return (source, span.kind, judged.score) if judged else (source, "rejected", 0.0)
        return source, "none", 0.0
    return None


def bucket(score: float) -> str:
    for low, high in itertools.pairwise(BUCKETS):
        if low <= score < high:
            return f"{low}-{high}"
    return "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", default="")
    parser.add_argument("--list", default="")
    options = parser.parse_args()
    rounds = set(options.rounds.split(",")) if options.rounds else None
    summaries = pages_by_stem()
    tally: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    missing = 0
    for entry in yaml.safe_load(JUDGED.read_text(encoding="utf-8")):
        if (rounds and entry["round"] not in rounds) or entry["page"] not in summaries:
            continue
        found = judged_span(entry, texts_of(summaries[entry["page"]]))
        if found is None:
            missing += 1
            continue
        source, kind, score = found
        row = tally[(source, kind, bucket(score))]
        row[0] += entry["verdict"] == "keep"
        row[1] += 1
        if options.list and options.list in (source, kind):
            verdict, context = entry["verdict"][:1], entry["context"][:60]
            print(f"{verdict} {score:5.0f} {kind:10} [{entry['hidden']}] {context}")
    for (source, kind, band), (kept, total) in sorted(tally.items()):
        print(f"{source:12} {kind:12} {band:9} {kept:4} / {total:<4} {kept / total:4.0%}")
    print(f"not found again: {missing}")


if __name__ == "__main__":
    main()
