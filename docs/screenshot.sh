#!/usr/bin/env bash
# Remake docs/preview.png and docs/preview-dark.png from the seed, with the project's own
# preview command and headless chromium (Debian's /usr/bin/chromium). Run from a venv with flashcards installed.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flashcards preview data/lex-fridman-459.txt --html "$work/preview.html"
for theme in light dark; do
  out=docs/preview.png
  if [ "$theme" = dark ]; then out=docs/preview-dark.png; fi
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1100,1150 \
    --screenshot="$out" "file://$work/preview.html#$theme" 2>/dev/null
done
