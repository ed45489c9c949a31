"""Print only the fronts of every card `flashcards preview` shows for each page: a quick look.

python tools/fronts.py PAGE.txt [PAGE.txt ...]
"""

from __future__ import annotations

import subprocess
import sys


def fronts(page: str) -> list[str]:
    shown = subprocess.run(
        [sys.executable, "-m", "flashcards", "preview", page], capture_output=True, text=True, check=True
    ).stdout
    cards, current, inside = [], [], False
    for line in shown.splitlines():
        if line.startswith("Front"):
            inside, current = True, [line[7:]]
        elif line.startswith(("Back", "Tags")):
            if inside:
                cards.append(" ".join(current))
            inside = False
        elif inside:
            current.append(line.strip())
    return cards


if __name__ == "__main__":
    for page in sys.argv[1:]:
        print(f"== {page}")
        for number, front in enumerate(fronts(page), 1):
            print(f"{number:2}. {front}")
