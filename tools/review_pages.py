"""Write the material for a blind card review (shared/review/RUBRIC.md): per page, its text and
every card the build would make, as `flashcards preview` shows them, in one Markdown file.

    python tools/review_pages.py OUT_DIR PAGE.txt [PAGE.txt ...]

The reviewer gets these files and the rubric, nothing else: no rules, no hint of what changed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main(out: Path, pages: list[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for page in pages:
        cards = subprocess.run(
            [sys.executable, "-m", "flashcards", "preview", str(page)],
            capture_output=True,
            text=True,
            check=True,
            env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
        ).stdout
        text = page.read_text(encoding="utf-8")
        (out / f"{page.stem}.md").write_text(
            f"# Page `{page.name}`\n\n```\n{text}\n```\n\n# Its cards\n\n```\n{cards}\n```\n", encoding="utf-8"
        )
        print(out / f"{page.stem}.md")


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(arg) for arg in sys.argv[2:]])
