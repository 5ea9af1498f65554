#!/usr/bin/env bash
# Builds tokengate, installs PyJWT and joserfc into interop/.venv (from PyPI) and runs interop/check.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
swift build --product tokengate >&2
bin="$(swift build --show-bin-path)/tokengate"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install --quiet --upgrade pip
fi
"$here/.venv/bin/pip" install --quiet -r "$here/requirements.txt"
"$here/.venv/bin/python" "$here/check.py" "$bin"
