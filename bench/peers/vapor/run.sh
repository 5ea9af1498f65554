#!/usr/bin/env bash
# Runs the Vapor peer on a fresh SQLite file.
#   bench/peers/vapor/run.sh PORT [BCRYPT_COST]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${1:-8203}"
export PEER_BCRYPT_COST="${2:-12}"
export PEER_DATABASE_FILE="$here/vapor-peer.sqlite"
rm -f "$PEER_DATABASE_FILE"
exec "$here/app/.build/release/VaporPeer" serve --env production --hostname 127.0.0.1 --port "$port" --log error
