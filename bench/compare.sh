#!/usr/bin/env bash
# Measures TokenGate (release build), the floor (bare Hummingbird), the Flask peer and the Vapor peer with the same
# scenarios, alternating between them, prints a side-by-side table with ratios and checks the performance budget.
#
#   bench/compare.sh [--database postgres]
#
# With `--database postgres`, TokenGate on a throw-away PostgreSQL cluster on loopback (scripts/test-postgres.sh) is a
# fifth target. BENCH_PIN=1 pins TokenGate and the floor to CPU 0 and wrk to CPU 1. BENCH_TARGETS picks targets (default "tokengate floor peer vapor", plus tokengate_pg with --database
# postgres).
# Environment: BENCH_ROUNDS (default 3, so that each target goes first once), BENCH_DURATION (seconds per scenario, default 10),
# BENCH_FLOOR_PAIRS and BENCH_FLOOR_SECONDS (the floor's paired bursts per round, default 6 of 5 s; see run_floor),
# BENCH_BCRYPT_COST (default 12, used by TokenGate and the peer alike), BENCH_HASH_MS (skip the
# micro-benchmark and take this as the time of one hash). Exits 1 when a budget line is missed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds="${BENCH_ROUNDS:-3}"
cost="${BENCH_BCRYPT_COST:-12}"
postgres=""
[ "${1:-}" = "--database" ] && [ "${2:-}" = "postgres" ] && postgres=1
source bench/release-build.sh
source bench/bursts.sh
[ -x bench/peers/flask/.venv/bin/gunicorn ] || bench/peers/flask/setup.sh >&2
# BENCH_PIN=1: TokenGate and the floor on CPU 0, wrk on CPU 1 (taskset), instead of sharing both cores.
server_cpu=""
if [ "${BENCH_PIN:-0}" = "1" ]; then
    server_cpu="taskset -c 0"
    export BENCH_WRK_PREFIX="taskset -c 1"
fi
targets=(${BENCH_TARGETS:-tokengate floor peer vapor ${postgres:+tokengate_pg}})
if [[ " ${targets[*]} " == *" vapor "* ]]; then bench/peers/vapor/build.sh >/dev/null; fi
if [[ " ${targets[*]} " == *" tokengate_pg "* ]]; then
    eval "$(scripts/test-postgres.sh start)"
    trap 'cleanup; scripts/test-postgres.sh stop "$TOKENGATE_TEST_POSTGRES_DIR" >/dev/null 2>&1' EXIT
    pg_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$TOKENGATE_TEST_POSTGRES_URL")
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

if [ -z "${BENCH_HASH_MS:-}" ]; then
    echo "== timing one bcrypt hash at cost $cost (micro-benchmark)" >&2
    # (in its own build folder, so that it does not undo the statically linked server build above)
    BENCH_HASH_MS=$(TOKENGATE_BENCHMARKS=1 TOKENGATE_BCRYPT_COST="$cost" swift package --scratch-path .build-bench \
        --allow-writing-to-package-directory benchmark \
        --filter "password hash.*" --no-progress 2>/dev/null | python3 bench/hash_ms.py)
fi
echo "one bcrypt hash at cost $cost: ${BENCH_HASH_MS} ms" >&2

wait_for() { # url, pid → milliseconds until the first 200
    python3 - "$1" <<'PY'
import sys, time, urllib.request
start = time.monotonic()
while True:
    try:
        if urllib.request.urlopen(sys.argv[1], timeout=1).status == 200:
            break
    except Exception:
        time.sleep(0.005)
    if time.monotonic() - start > 30:
        sys.exit("server did not start")
print(round((time.monotonic() - start) * 1000, 1))
PY
}

rss_mb() { awk '{ printf "%.1f", $1 / 1024 }' <<< "$(ps -o rss= -p "$1")"; }

start_tokengate() { # port, data folder, [database URL]: a TokenGate server with an editor account; its pid in $server_pid,
    # the time it was started (after the editor's bcrypt hash) in $server_start_ns
    local settings=(TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)" TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)"
        TOKENGATE_BCRYPT_COST="$cost" TOKENGATE_DATABASE_URL="${3:-sqlite://$2/tokengate.sqlite}" TOKENGATE_LOGIN_MAX_FAILURES=1000000
        TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 TOKENGATE_REFRESHES_PER_ADDRESS=100000000
        TOKENGATE_REGISTRATIONS_PER_ADDRESS=1000000 TOKENGATE_MANAGEMENT_ADDRESS="127.0.0.1:$(( $1 + 1000 ))" LOG_LEVEL=warning)
    printf '%s\n' 'editor password 1' | env "${settings[@]}" "$bin/tokengate" users create --email editor@example.com --role editor >/dev/null 2>&1
    server_start_ns=$(date +%s%N)
    env "${settings[@]}" $server_cpu "$bin/tokengate" serve --port "$1" >"$2/log" 2>&1 &
    server_pid=$!; pids+=("$server_pid")
}

run_tokengate() { # round, [result name, database URL]
    local data; data="$(mktemp -d)"
    local name="${2:-tokengate}"
    start_tokengate 8300 "$data" "${3:-}"
    local pid=$server_pid
    wait_for http://127.0.0.1:8300/health >/dev/null
    local startup_ms=$(( ($(date +%s%N) - server_start_ns) / 1000000 ))
    sleep 1
    echo "startup_ms $startup_ms" >> "$results/$name.$1"
    echo "idle_rss_mb $(rss_mb "$pid")" >> "$results/$name.$1"
    BENCH_EDITOR_EMAIL=editor@example.com BENCH_EDITOR_PASSWORD='editor password 1' bench/run.sh http://127.0.0.1:8300 >> "$results/$name.$1"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
}

new_pg_database() { # round → the URL of a new database of the PostgreSQL cluster
    local database="bench_$1_$RANDOM"
    runuser -u postgres -- "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U tokengate -d tokengate_test -qc "CREATE DATABASE $database" >&2
    echo "postgres://tokengate@127.0.0.1:$pg_port/$database?sslmode=disable"
}

run_tokengate_pg() { # round: TokenGate on a new database of the PostgreSQL cluster, then status paired with SQLite
    run_tokengate "$1" tokengate_pg "$(new_pg_database "$1")"
    run_status_pairs "$1"
}

register_token() { # port → the access token of a new account on that server
    curl -sf -X POST "http://127.0.0.1:$1/auth/register" -H 'Content-Type: application/json' \
        -d "{\"email\": \"pair-$RANDOM$RANDOM@example.com\", \"password\": \"bench password 1\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# Status on SQLite and on PostgreSQL in alternating bursts against two TokenGate servers running side by side (as
# run_floor does for the floor): the hot path touches neither database, and measured minutes apart the two differed
# by up to a fifth with the machine's drift (BENCHMARKS.md, issue #15).
run_status_pairs() { # round
    local sqlite_data pg_data; sqlite_data="$(mktemp -d)"; pg_data="$(mktemp -d)"
    start_tokengate 8304 "$sqlite_data"
    local sqlite_pid=$server_pid
    wait_for http://127.0.0.1:8304/health >/dev/null
    start_tokengate 8305 "$pg_data" "$(new_pg_database "$1")"
    local pg_pid=$server_pid
    wait_for http://127.0.0.1:8305/health >/dev/null
    alternate_bursts pg_status_pair "$results/tokengate_pg.$1" "status_burst 8304 $(register_token 8304)" \
        "status_burst 8305 $(register_token 8305)"
    kill "$sqlite_pid" "$pg_pid"; wait "$sqlite_pid" "$pg_pid" 2>/dev/null || true
    rm -rf "$sqlite_data" "$pg_data"
}

# The floor and TokenGate's status in alternating bursts (BENCH_FLOOR_PAIRS pairs of BENCH_FLOOR_SECONDS each, the
# order swapped every pair) against the floor and a second TokenGate server running side by side, after one
# unrecorded burst each: a slow spell of the machine then falls on both halves of a pair, where measurements a minute
# apart (TokenGate's status in its own slot) gave ratios 60-85 % (BENCHMARKS.md, item 1 of issue #15).
run_floor() { # round
    local data; data="$(mktemp -d)"
    $server_cpu "$bin/tokengate-floor" 8301 >/dev/null 2>&1 &
    local floor_pid=$!; pids+=("$floor_pid")
    start_tokengate 8304 "$data"
    local pid=$server_pid
    wait_for http://127.0.0.1:8301/health >/dev/null
    wait_for http://127.0.0.1:8304/health >/dev/null
    local token; token=$(register_token 8304)
    alternate_bursts floor_pair "$results/floor.$1" "status_burst 8304 $token" "status_burst 8301 $token"
    kill "$floor_pid" "$pid"; wait "$floor_pid" "$pid" 2>/dev/null || true
    rm -rf "$data"
}

run_http_peer() { # round, result name, port, run script: a peer that makes its editor through the set-up route
    local round="$1" name="$2" port="$3" script="$4"
    "$script" "$port" "$cost" >/dev/null 2>&1 &
    local pid=$!; pids+=("$pid")
    wait_for "http://127.0.0.1:$port/health" >/dev/null
    curl -sf -X POST "http://127.0.0.1:$port/auth/register" -H 'Content-Type: application/json' \
        -d '{"email": "editor@example.com", "password": "editor password 1"}' >/dev/null
    curl -sf -X PUT "http://127.0.0.1:$port/admin/roles" -H 'X-Setup-Key: peer-secret-peer-secret-peer-secret!' \
        -H 'Content-Type: application/json' -d '{"email": "editor@example.com", "roles": ["editor"]}' >/dev/null
    BENCH_EDITOR_EMAIL=editor@example.com BENCH_EDITOR_PASSWORD='editor password 1' bench/run.sh "http://127.0.0.1:$port" >> "$results/$name.$round"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_peer() { run_http_peer "$1" peer 8302 bench/peers/flask/run.sh; }

run_vapor() { run_http_peer "$1" vapor 8303 bench/peers/vapor/run.sh; }

# The targets take turns going first (round 1: tokengate floor peer, round 2: floor peer tokengate, …): in an A/A
# run of bench/ab.sh the same binary measured 7-16 % slower in the second slot of a round than in the first, so a
# fixed order would favour whichever target always runs first.
count=${#targets[@]}
for round in $(seq 1 "$rounds"); do
    echo "== round $round of $rounds" >&2
    for slot in $(seq 0 $(( count - 1 ))); do
        target="${targets[$(( (round - 1 + slot) % count ))]}"
        echo "   $target" >&2
        "run_$target" "$round"
    done
done

python3 bench/summarize.py "$results" --cores "$(nproc)" --hash-ms "$BENCH_HASH_MS" --cost "$cost" --connections "${BENCH_CONNECTIONS:-64}"
