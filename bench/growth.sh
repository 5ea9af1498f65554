#!/usr/bin/env bash
# How TokenGate's cost grows with its data: at 1,000, 100,000 and 1,000,000 users and books (and a tenth as many
# revoked sessions still live), the load kit's status, books_list (first page), books_deep (a page after a cursor
# halfway through the list), login and refresh, and the server's RSS once it has started and loaded the revoked
# sessions. Writes docs/growth.tsv and plots docs/growth.png (matplotlib from PyPI, in bench/.venv-plot).
#
#   bench/growth.sh
#
# Environment: GROWTH_SIZES (default "1000 100000 1000000"), BENCH_DURATION (default 10), BENCH_BCRYPT_COST (default 4:
# logins measure the lookup, not bcrypt).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
sizes="${GROWTH_SIZES:-1000 100000 1000000}"
cost="${BENCH_BCRYPT_COST:-4}"
source bench/release-build.sh

out="docs/growth.tsv"
printf 'rows\tscenario\treq_s\tp50_ms\tp99_ms\n' > "$out"
for rows in $sizes; do
    echo "== $rows rows" >&2
    data="$(mktemp -d)"
    export TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)" TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)" \
        TOKENGATE_BCRYPT_COST="$cost" TOKENGATE_DATABASE_URL="sqlite://$data/tokengate.sqlite" TOKENGATE_LOGIN_MAX_FAILURES=1000000 \
        TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 TOKENGATE_REFRESHES_PER_ADDRESS=100000000 \
        TOKENGATE_REGISTRATIONS_PER_ADDRESS=1000000 LOG_LEVEL=warning
    "$bin/tokengate" migrate >/dev/null
    load_start=$(date +%s)
    cursor=$(python3 bench/growth_load.py "$data/tokengate.sqlite" "$rows")
    echo "   loaded in $(( $(date +%s) - load_start )) s" >&2
    printf '%s\n' 'editor password 1' | "$bin/tokengate" users create --email editor@example.com --role editor >/dev/null
    "$bin/tokengate" serve --port 8320 >"$data/log" 2>&1 &
    pid=$!; pids+=("$pid")
    for _ in $(seq 1 600); do curl -sf http://127.0.0.1:8320/ready >/dev/null && break; sleep 0.1; done
    sleep 1
    rss=$(awk '{ printf "%.1f", $1 / 1024 }' <<< "$(ps -o rss= -p "$pid")")
    printf '%s\trss_mb\t%s\t\t\n' "$rows" "$rss" >> "$out"
    BENCH_DEEP_CURSOR="$cursor" BENCH_SCENARIOS="status books_list books_deep login refresh" \
        BENCH_EDITOR_EMAIL=editor@example.com BENCH_EDITOR_PASSWORD='editor password 1' \
        bench/run.sh http://127.0.0.1:8320 | tee -a "$data/results" >&2
    awk -v rows="$rows" '$3 == "req/s" { printf "%s\t%s\t%s\t%s\t%s\n", rows, $1, $2, $5, $8 }' "$data/results" >> "$out"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
done
unset TOKENGATE_ENV TOKENGATE_JWT_SECRET TOKENGATE_ENCRYPTION_KEY TOKENGATE_BCRYPT_COST TOKENGATE_DATABASE_URL

[ -x bench/.venv-plot/bin/python ] || { python3 -m venv bench/.venv-plot && bench/.venv-plot/bin/pip install -q matplotlib; }
bench/.venv-plot/bin/python bench/growth_plot.py "$out" docs/growth.png
cat "$out"
