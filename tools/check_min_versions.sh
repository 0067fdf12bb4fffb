#!/usr/bin/env bash
# Test the lower bounds: install handouts into a throwaway venv with every runtime dependency at the
# lowest version pyproject.toml allows (tools/min-versions.txt), then run the whole suite there.
# Usage: bash tools/check_min_versions.sh     (takes a few minutes; leaves nothing behind)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet -c tools/min-versions.txt -e '.[dev]'
"$venv/bin/pip" list 2>/dev/null | grep -iE '^(reportlab|pypdf|jinja2|typer|rich|pydantic|pyyaml|svglib|pillow|cryptography) '
"$venv/bin/python" -m pytest -p no:cacheprovider "$@"
