#!/usr/bin/env bash
# The console's browser suite: builds tokengate, installs Selenium and pytest into browser/.venv (from PyPI) and runs
# browser/test_console.py and browser/test_lifecycle.py in Debian's headless Chromium through chromium-driver. Screenshots land in
# browser/screenshots/ (kept out of git). Exits non-zero when any step fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
swift build --product tokengate >&2
export TOKENGATE_BIN="$(swift build --show-bin-path)/tokengate"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install --quiet --upgrade pip
fi
"$here/.venv/bin/pip" install --quiet -r "$here/requirements.txt"
cd "$here"
rm -rf screenshots
.venv/bin/python -m pytest -p no:cacheprovider -q "$@"
