#!/usr/bin/env bash
# Builds the Vapor peer (release) and prints the binary's path.
#   bench/peers/vapor/build.sh
set -euo pipefail
cd "$(dirname "$0")/app"
swift build -c release >&2
echo "$(swift build -c release --show-bin-path)/VaporPeer"
