#!/usr/bin/env bash
# Installs the Flask peer into bench/peers/flask/.venv from PyPI.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -r requirements.txt
echo "Flask peer installed in $(pwd)/.venv"
