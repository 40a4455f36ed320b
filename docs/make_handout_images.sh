#!/usr/bin/env bash
# Render the referral sheet and the wallet cards in the four languages to PNG
# (docs/handouts/) so they can be checked by eye for clipping. Needs poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/handouts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for lang in en es hmn so; do
  .venv/bin/python -m clinic_app handout referral --lang "$lang" --format sheet --out "$tmp/sheet-$lang.pdf"
  .venv/bin/python -m clinic_app handout referral --lang "$lang" --format card --out "$tmp/card-$lang.pdf"
  pdftoppm -r 60 -png "$tmp/sheet-$lang.pdf" "$out/referral-sheet-$lang"
  pdftoppm -r 60 -png "$tmp/card-$lang.pdf" "$out/wallet-cards-$lang"
done
