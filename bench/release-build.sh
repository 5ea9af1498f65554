# Sourced by bench/compare.sh and bench/first-sight.sh: a results folder and the servers started (both removed on
# exit), wrk, and the release build of TokenGate and the floor the way one is built for deployment (Swift's runtime
# linked into the binary: smaller and faster to start), in "$bin".
results="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done; rm -rf "$results"; }
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
echo "== building TokenGate and the floor (release)" >&2
swift build -c release --static-swift-stdlib --product tokengate >&2
swift build -c release --static-swift-stdlib --product tokengate-floor >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
