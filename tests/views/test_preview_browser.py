"""The preview page in a real browser: every card of the seed is there and visible, in both themes."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEED

from flashcards.cli import cli
from flashcards.pipeline.build import Build
from flashcards.views.preview import preview_groups

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it with apt-get)"
)

# Appended to a copy of the page: the page's own script has run by then, so this checks
# the page as a person sees it, then presses the theme toggle twice.
CHECK_SCRIPT = """
<script>
(function () {
  function visible(element) {
    var box = element.getBoundingClientRect(), style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility === "visible" &&
      style.display !== "none" && parseFloat(style.opacity) > 0 && element.innerText.trim() !== "";
  }
  var cards = Array.prototype.map.call(document.querySelectorAll("article.pv-item"), function (item) {
    var front = item.querySelector(".pv-front"), back = item.querySelector(".pv-back");
    return {guid: item.dataset.guid, front: visible(front), back: visible(back),
            frontText: front.innerText.trim(), backText: back.innerText.trim()};
  });
  var card = document.querySelector(".card"), button = document.getElementById("pv-theme");
  var themes = [{classes: document.body.className, background: getComputedStyle(card).backgroundColor}];
  for (var press = 0; press < 2; press++) {
    button.click();
    themes.push({classes: document.body.className, background: getComputedStyle(card).backgroundColor});
  }
  var out = document.createElement("pre");
  out.id = "test-result";
  out.textContent = JSON.stringify({cards: cards, themes: themes});
  document.body.appendChild(out);
})();
</script>
"""

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1200,1400",
]


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "chromium-profile"
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "seed.html"
    result = CliRunner().invoke(cli, ["preview", str(SEED), "--html", str(path)])
    assert result.exit_code == 0, result.output
    return path


def check_in_browser(tmp_path: Path, page: Path, fragment: str) -> dict:
    """Open a copy of the page with the check script in headless chromium; return its report."""
    checked = tmp_path / "checked.html"
    checked.write_text(page.read_text().replace("</body>", CHECK_SCRIPT + "</body>"))
    dom = chromium(tmp_path, "--dump-dom", checked.as_uri() + fragment)
    found = re.search(r'<pre id="test-result">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


def test_every_card_of_the_seed_is_visible(tmp_path, page):
    report = check_in_browser(tmp_path, page, "")
    plan = Build([SEED]).plan()
    cards = [card for group in preview_groups(plan) for card in group.cards]
    assert [card["guid"] for card in report["cards"]] == [card.note.guid for card in cards]
    assert all(card["front"] and card["back"] for card in report["cards"]), report["cards"]
    [summary] = plan.summaries
    shown = " ".join(card["backText"] for card in report["cards"])
    for idea in summary.ideas:
        assert idea.headline.replace("*", "") in shown
    for quote in summary.quotes:
        assert quote.text.replace("*", "") in shown


def test_theme_toggle_switches_anki_night_mode(tmp_path, page):
    report = check_in_browser(tmp_path, page, "#light")
    assert report["themes"] == [
        {"classes": "pv-page", "background": "rgb(255, 255, 255)"},
        {"classes": "pv-page nightMode night_mode", "background": "rgb(30, 30, 30)"},
        {"classes": "pv-page", "background": "rgb(255, 255, 255)"},
    ]


def test_screenshots_in_both_themes(tmp_path, page):
    light, dark = tmp_path / "preview-light.png", tmp_path / "preview-dark.png"
    chromium(tmp_path, f"--screenshot={light}", page.as_uri() + "#light")
    chromium(tmp_path, f"--screenshot={dark}", page.as_uri() + "#dark")
    for shot in (light, dark):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 20_000
    assert light.read_bytes() != dark.read_bytes()
