#!/usr/bin/env bash
# HTTP load scenarios against one TokenGate-compatible server (TokenGate, the floor, or the Flask peer).
#
#   bench/run.sh BASE_URL
#
# Prepares its data through the API, then prints one line per scenario:
#   <scenario> <requests/s> <p50 ms> <p99 ms> <non-2xx of requests>
# Environment:
#   BENCH_EDITOR_EMAIL / BENCH_EDITOR_PASSWORD  an existing editor (adds the 100 books); without it books_list is skipped
#   BENCH_SCENARIOS    which scenarios to run (default: status books_list login refresh bad_token mixed; also
#                      first_sight: status where every request carries a token the server has not seen, and books_deep)
#   BENCH_DEEP_CURSOR  the cursor books_deep reads after (bench/growth.sh sets it to the middle of a big list)
#   BENCH_TOKEN_COUNT  distinct tokens first_sight cycles through (default 10000; the server remembers 4,096)
#   BENCH_DURATION     seconds per scenario (default 10)
#   BENCH_CONNECTIONS  connections for the read scenarios (default 64)
#   BENCH_THREADS      wrk threads (default 2)
#   BENCH_WRK_PREFIX   a command wrk runs under, e.g. "taskset -c 1" (compare.sh's BENCH_PIN=1 sets it)
set -euo pipefail
base="${1:?usage: bench/run.sh BASE_URL}"
here="$(cd "$(dirname "$0")" && pwd)"
export BENCH_LUA_DIR="$here/wrk"
duration="${BENCH_DURATION:-10}"
connections="${BENCH_CONNECTIONS:-64}"
export BENCH_THREADS="${BENCH_THREADS:-2}"
scenarios="${BENCH_SCENARIOS:-status books_list login refresh bad_token mixed}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

post() { curl -sf -X POST "$base$1" -H 'Content-Type: application/json' "${@:3}" -d "$2"; }

# The benchmark user.
export BENCH_EMAIL="bench-$RANDOM$RANDOM@example.com"
export BENCH_PASSWORD="bench password 1"
# (The floor has no accounts: without one, the requests carry no token, which it ignores.)
access=""
if session=$(post /auth/register "{\"email\": \"$BENCH_EMAIL\", \"password\": \"$BENCH_PASSWORD\"}"); then
    access=$(echo "$session" | json_field access_token)
fi

# 100 books, added by the editor.
if [ -n "${BENCH_EDITOR_EMAIL:-}" ]; then
    editor=$(post /auth/login "{\"email\": \"$BENCH_EDITOR_EMAIL\", \"password\": \"$BENCH_EDITOR_PASSWORD\"}" | json_field access_token)
    for i in $(seq 1 100); do
        post /books "{\"title\": \"Book $i\", \"author\": \"Author $i\"}" -H "Authorization: Bearer $editor" >/dev/null
    done
fi

# A pool of refresh tokens, one session each.
pool="$work/refresh-pool"
: > "$pool"
if [[ " $scenarios " == *" refresh "* ]]; then
    for i in $(seq 1 "${BENCH_REFRESH_POOL_SIZE:-48}"); do
        post /auth/login "{\"email\": \"$BENCH_EMAIL\", \"password\": \"$BENCH_PASSWORD\"}" | json_field refresh_token >> "$pool" &
        if (( i % 8 == 0 )); then wait; fi
    done
    wait
fi
export BENCH_REFRESH_POOL="$pool"

# Distinct access tokens for first_sight, from a refresh chain.
if [[ " $scenarios " == *" first_sight "* ]]; then
    python3 "$here/mint_tokens.py" "$base" "${BENCH_TOKEN_COUNT:-10000}" > "$work/tokens"
fi

run_wrk() { # name, connections, script, [extra env...]
    local name="$1" conns="$2" script="$3"
    local line
    line=$(${BENCH_WRK_PREFIX:-} wrk -t"$BENCH_THREADS" -c"$conns" -d"${duration}s" --latency -s "$BENCH_LUA_DIR/$script" "$base" | grep '^RESULT') || true
    if [ -z "$line" ]; then echo "$name failed"; return; fi
    read -r _ rps p50 p99 non2xx sockerr total <<< "$line"
    printf '%-11s %10s req/s  p50 %8s ms  p99 %8s ms  non-2xx %s of %s\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "$total"
}

# A token with one flipped signature character: every answer must be a 401.
# (The last character of a base64url signature carries padding bits, so change characters in its middle.)
tampered=""
if [ -n "$access" ]; then
    tampered="${access:0:${#access}-10}$( [ "${access: -10:5}" = "AAAAA" ] && echo BBBBB || echo AAAAA )${access: -5}"
fi

for scenario in $scenarios; do
    case "$scenario" in
    status)     BENCH_TOKEN="$access" BENCH_PATH=/auth/status run_wrk status "$connections" get.lua ;;
    first_sight) BENCH_TOKENS="$work/tokens" BENCH_PATH=/auth/status run_wrk first_sight "$connections" tokens.lua ;;
    books_list) [ -n "${BENCH_EDITOR_EMAIL:-}" ] && BENCH_TOKEN="$access" BENCH_PATH="/books?limit=20" run_wrk books_list "$connections" get.lua ;;
    books_deep) BENCH_TOKEN="$access" BENCH_PATH="/books?limit=20&cursor=${BENCH_DEEP_CURSOR:?books_deep needs BENCH_DEEP_CURSOR}" run_wrk books_deep "$connections" get.lua ;;
    login)      run_wrk login 8 login.lua ;;
    refresh)    run_wrk refresh 16 refresh.lua ;;
    bad_token)  BENCH_TOKEN="$tampered" BENCH_PATH=/auth/status run_wrk bad_token "$connections" get.lua ;;
    mixed)
        # Status traffic while logins run at full tilt: bcrypt must not stall the event loop.
        wrk -t1 -c8 -d"$((duration + 2))s" -s "$BENCH_LUA_DIR/login.lua" "$base" > "$work/mixed-login" 2>&1 &
        login_pid=$!
        sleep 1
        BENCH_TOKEN="$access" BENCH_PATH=/auth/status run_wrk mixed "$connections" get.lua
        wait "$login_pid" || true
        ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
    esac
done
