#!/usr/bin/env bash
# Runs the Flask peer the way the tutorials deploy it: gunicorn, 2 sync workers.
#   bench/peers/flask/run.sh PORT [BCRYPT_COST]
set -euo pipefail
cd "$(dirname "$0")"
port="${1:-8200}"
export PEER_BCRYPT_COST="${2:-12}"
export PEER_DATABASE_URI="sqlite:///$(pwd)/peer.sqlite"
rm -f peer.sqlite
.venv/bin/python -c "import app"   # create the tables once, before the workers start
exec .venv/bin/gunicorn --workers 2 --worker-class sync --bind "127.0.0.1:${port}" --log-level warning app:app
