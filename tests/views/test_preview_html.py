"""`flashcards preview --html` writes one self-contained page showing every card as Anki renders it."""

from __future__ import annotations

import dataclasses
import re

from ankicheck import import_and_read
from helpers import SEED, run
from previewdata import PLAN, SUMMARY

from flashcards.package.notetypes import STYLESHEET
from flashcards.pipeline.build import Build
from flashcards.views.preview import preview_groups, preview_html

ARTICLE = re.compile(
    r'<article class="pv-item" data-guid="(?P<guid>[^"]*)" data-ordinal="\d+">.*?'
    r'pv-front">(?P<front>.*?)</div></div><div class="pv-side">.*?'
    r'pv-back">(?P<back>.*?)</div></div></div></article>',
    re.DOTALL,
)


def test_page_shows_exactly_what_anki_renders_for_the_built_package(tmp_path):
    package, page = tmp_path / "seed.apkg", tmp_path / "seed.html"
    assert run("build", str(SEED), "-o", str(package)).exit_code == 0
    result = run("preview", str(SEED), "--html", str(page))
    notes = import_and_read(package, tmp_path / "anki")
    anki_cards = sorted((note.guid, card.question, card.answer) for note in notes for card in note.cards)
    assert result.exit_code == 0, result.output
    assert result.output == f"{page}: {len(anki_cards)} cards from {len(notes)} notes\n"
    shown = sorted(match.group("guid", "front", "back") for match in ARTICLE.finditer(page.read_text()))
    assert shown == anki_cards


def test_page_is_self_contained_with_the_package_stylesheet(tmp_path):
    page = preview_html(PLAN, preview_groups(PLAN))
    assert f"<style>\n{STYLESHEET}</style>" in page
    assert "default-src 'none'" in page
    for reference in ("src=", "<link", "url(", "@import", "http://"):
        assert reference not in page
    # The only web address is the card's own link, shown as Anki would show it.
    assert re.findall(r"https?://[^\s\"<]+", page) == ["https://example.com/show"] * 2


def test_page_has_source_counts_groups_and_a_theme_toggle():
    page = preview_html(PLAN, preview_groups(PLAN))
    assert "<h1>Preview: A Show About Things</h1>" in page
    assert '<p class="pv-meta" id="pv-counts">1 summary: 2 notes, 3 cards from 1 idea and 1 quote</p>' in page
    assert '<p class="pv-meta">Source: <code>pages/show.txt</code></p>' in page
    assert page.count('<section class="pv-group">') == 1
    assert '<button id="pv-theme" type="button" aria-pressed="false">Dark mode</button>' in page
    assert 'body.classList.toggle("nightMode", dark)' in page
    assert 'body.classList.toggle("night_mode", dark)' in page


def test_text_from_the_page_is_escaped_in_the_page_chrome():
    hostile = dataclasses.replace(SUMMARY, title="<script>alert(1)</script>", source="a&b.txt")
    plan = dataclasses.replace(PLAN, summaries=(hostile,))
    page = preview_html(plan, preview_groups(plan))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<code>a&amp;b.txt</code>" in page


def test_several_sources_make_one_group_each(tmp_path):
    other = tmp_path / "copy.txt"
    _, rest = SEED.read_text(encoding="utf-8").split("\n", 1)
    other.write_text("Other ShowA Second Episode | Other Show #1\n" + rest, encoding="utf-8")
    plan = Build([SEED, other], parent="Podcasts").plan()
    groups = preview_groups(plan)
    assert [len(group.notes) for group in groups] == [len(plan.notes) // 2] * 2
    assert [group.decks for group in groups] == [
        ("Podcasts::DeepSeek, China, OpenAI, NVIDIA, xAI, TSMC, Stargate, and AI Megaclusters",),
        ("Podcasts::A Second Episode",),
    ]
    page = preview_html(plan, groups)
    assert page.count('<section class="pv-group">') == 2
    assert "Preview: 2 summaries" in page


def test_html_to_a_directory_is_an_error(tmp_path):
    result = run("preview", str(SEED), "--html", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path}: is a directory; give a file name ending in .html\n",
    )
