#!/usr/bin/env bash
# CPU time per request of one or more TokenGate builds, a steadier measure than req/s on this shared machine
# (throughput drifts by up to a third over minutes; the CPU a request costs hardly moves).
#
#   bench/cpu-per-request.sh [--database postgres] BINARY...
#
# For each round and each binary (the binaries take turns going first): a fresh server with 100 books, a warm-up, then
# wrk for BENCH_DURATION seconds per scenario while the server's utime+stime (and, on PostgreSQL, that of every
# PostgreSQL process of the throw-away cluster) is read from /proc before and after. Prints, per scenario and binary,
# the median over the rounds of microseconds of CPU per request, plus req/s and p99 for scale.
# Environment: BENCH_ROUNDS (default 3), BENCH_SCENARIOS (default "status books_list"), BENCH_DURATION (default 8),
# BENCH_WARMUP (seconds, default 3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
postgres=""
if [ "${1:-}" = "--database" ]; then
    [ "${2:-}" = "postgres" ] || { echo "only --database postgres is known" >&2; exit 2; }
    postgres=1
    shift 2
fi
[ $# -ge 1 ] || { echo "usage: bench/cpu-per-request.sh [--database postgres] BINARY..." >&2; exit 2; }
rounds="${BENCH_ROUNDS:-3}"
duration="${BENCH_DURATION:-8}"
warmup="${BENCH_WARMUP:-3}"
scenarios="${BENCH_SCENARIOS:-status books_list}"
results="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$results"; }
trap cleanup EXIT
if [ -n "$postgres" ]; then
    eval "$(scripts/test-postgres.sh start)"
    trap 'cleanup; scripts/test-postgres.sh stop "$TOKENGATE_TEST_POSTGRES_DIR" >/dev/null 2>&1' EXIT
    pg_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$TOKENGATE_TEST_POSTGRES_URL")
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
tick=$(getconf CLK_TCK)
export BENCH_LUA_DIR="$root/bench/wrk"

cpu_ticks() { # pid... → utime + stime of those processes, in clock ticks
    local total=0 pid fields
    for pid in "$@"; do
        fields=$(cut -d')' -f2 "/proc/$pid/stat" 2>/dev/null) || continue
        read -r -a stat <<<"$fields"
        total=$((total + stat[11] + stat[12]))
    done
    echo "$total"
}

postgres_pids() { # the throw-away cluster's server process and its children (backends, writers), no other cluster's
    [ -n "$postgres" ] || return 0
    local server; server=$(head -n 1 "$TOKENGATE_TEST_POSTGRES_DIR/data/postmaster.pid")
    echo "$server"; pgrep -P "$server" || true
}

post() { curl -sf -X POST "http://127.0.0.1:8330$1" -H 'Content-Type: application/json' "${@:3}" -d "$2"; }
token_of() { python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'; }

measure() { # label, binary, round
    local data; data="$(mktemp -d)"
    local url="sqlite://$data/tokengate.sqlite"
    if [ -n "$postgres" ]; then
        local database="cpu_$3_$RANDOM"
        runuser -u postgres -- "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U tokengate -d tokengate_test -qc "CREATE DATABASE $database" >&2
        url="postgres://tokengate@127.0.0.1:$pg_port/$database?sslmode=disable"
    fi
    local settings=(TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)"
        TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)" TOKENGATE_BCRYPT_COST=4 TOKENGATE_DATABASE_URL="$url" LOG_LEVEL=warning)
    printf '%s\n' 'editor password 1' | env "${settings[@]}" "$2" users create --email editor@example.com --role editor >/dev/null 2>&1
    env "${settings[@]}" "$2" serve --port 8330 >"$data/log" 2>&1 &
    local pid=$!; pids+=("$pid")
    for _ in $(seq 1 600); do curl -sf http://127.0.0.1:8330/health >/dev/null && break; sleep 0.05; done
    local editor reader
    editor=$(post /auth/login '{"email": "editor@example.com", "password": "editor password 1"}' | token_of)
    for i in $(seq 1 100); do
        post /books "{\"title\": \"Book $i\", \"author\": \"Author $i\"}" -H "Authorization: Bearer $editor" >/dev/null
    done
    reader=$(post /auth/register "{\"email\": \"cpu-$RANDOM@example.com\", \"password\": \"bench password 1\"}" | token_of)
    local scenario path
    for scenario in $scenarios; do
        case "$scenario" in
        status) path=/auth/status ;;
        books_list) path="/books?limit=20" ;;
        *) echo "unknown scenario $scenario" >&2; exit 2 ;;
        esac
        wrk_run() { BENCH_TOKEN="$reader" BENCH_PATH="$path" wrk -t2 -c64 -d"$1s" -s bench/wrk/get.lua http://127.0.0.1:8330; }
        wrk_run "$warmup" >/dev/null
        local before_server before_db after_server after_db line
        before_server=$(cpu_ticks "$pid")
        before_db=$(cpu_ticks $(postgres_pids))
        line=$(wrk_run "$duration" | grep '^RESULT')
        after_server=$(cpu_ticks "$pid")
        after_db=$(cpu_ticks $(postgres_pids))
        read -r _ rps _ p99 _ _ total <<<"$line"
        echo "$scenario $1 $rps $p99 $total $((after_server - before_server)) $((after_db - before_db))" >>"$results/lines"
        echo "$1 round $3 $scenario: $rps req/s" >&2
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
}

for round in $(seq 1 "$rounds"); do
    order=("$@")
    if (( round % 2 == 0 )); then mapfile -t order < <(printf '%s\n' "$@" | tac); fi
    for binary in "${order[@]}"; do measure "$binary" "$binary" "$round"; done
done

python3 - "$results/lines" "$tick" <<'PY'
import statistics, sys
tick = int(sys.argv[2])
rows = {}
for line in open(sys.argv[1]):
    scenario, label, rps, p99, total, server, db = line.split()
    per = lambda ticks: int(ticks) / tick / int(total) * 1e6
    rows.setdefault((scenario, label), []).append((float(rps), per(server), per(db), float(p99)))
print("| scenario | build | req/s (median) | p99 ms (median) | server µs CPU/request (each round) | PostgreSQL µs CPU/request (median) |")
print("|---|---|---:|---:|---:|---:|")
for (scenario, label), values in rows.items():
    server = [v[1] for v in values]
    print(f"| {scenario} | {label} | {statistics.median(v[0] for v in values):,.0f} | {statistics.median(v[3] for v in values):.2f} | "
          f"{statistics.median(server):.1f} ({' · '.join(f'{s:.1f}' for s in server)}) | "
          f"{statistics.median(v[2] for v in values):.1f} |")
PY
