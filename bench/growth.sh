#!/usr/bin/env bash
# How TokenGate's cost grows with its data: at 1,000, 100,000 and 1,000,000 users and books (and a tenth as many
# revoked sessions still live), the load kit's status, books_list (first page), books_deep (a page after a cursor
# halfway through the list), login and refresh, and the server's RSS once it has started and loaded the revoked
# sessions. Writes docs/growth.tsv (medians over the rounds) and plots docs/growth.png (matplotlib from PyPI, in
# bench/.venv-plot).
#
#   bench/growth.sh
#
# Each size is loaded once; then every round starts a server on each size in turn, the sizes taking turns going
# first (round 1: 1k, 100k, 1M; round 2: 100k, 1M, 1k; …), so that a slow spell of the machine or the first run after
# a build does not fall on one size only.
# Environment: GROWTH_SIZES (default "1000 100000 1000000"), BENCH_ROUNDS (default 3), BENCH_DURATION (default 10),
# BENCH_BCRYPT_COST (default 4: logins measure the lookup, not bcrypt).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
read -r -a sizes <<<"${GROWTH_SIZES:-1000 100000 1000000}"
rounds="${BENCH_ROUNDS:-3}"
cost="${BENCH_BCRYPT_COST:-4}"
source bench/release-build.sh

export TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)" TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)" \
    TOKENGATE_BCRYPT_COST="$cost" TOKENGATE_LOGIN_MAX_FAILURES=1000000 TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 \
    TOKENGATE_REFRESHES_PER_ADDRESS=100000000 TOKENGATE_REGISTRATIONS_PER_ADDRESS=1000000 LOG_LEVEL=warning
declare -A cursors
for rows in "${sizes[@]}"; do
    echo "== loading $rows rows" >&2
    mkdir -p "$results/$rows"
    export TOKENGATE_DATABASE_URL="sqlite://$results/$rows/tokengate.sqlite"
    "$bin/tokengate" migrate >/dev/null
    load_start=$(date +%s)
    cursors[$rows]=$(python3 bench/growth_load.py "$results/$rows/tokengate.sqlite" "$rows")
    echo "   loaded in $(( $(date +%s) - load_start )) s" >&2
    printf '%s\n' 'editor password 1' | "$bin/tokengate" users create --email editor@example.com --role editor >/dev/null
done

measure() { # rows: a server on that size, its RSS once ready, then the load kit's scenarios → lines in $results/lines
    local rows="$1" pid rss
    TOKENGATE_DATABASE_URL="sqlite://$results/$rows/tokengate.sqlite" "$bin/tokengate" serve --port 8320 >"$results/$rows/log" 2>&1 &
    pid=$!; pids+=("$pid")
    for _ in $(seq 1 600); do curl -sf http://127.0.0.1:8320/ready >/dev/null && break; sleep 0.1; done
    sleep 1
    rss=$(awk '{ printf "%.1f", $1 / 1024 }' <<< "$(ps -o rss= -p "$pid")")
    printf '%s\trss_mb\t%s\t\t\n' "$rows" "$rss" >> "$results/lines"
    BENCH_DEEP_CURSOR="${cursors[$rows]}" BENCH_SCENARIOS="status books_list books_deep login refresh" \
        BENCH_EDITOR_EMAIL=editor@example.com BENCH_EDITOR_PASSWORD='editor password 1' \
        bench/run.sh http://127.0.0.1:8320 | tee "$results/$rows/last" >&2
    awk -v rows="$rows" '$3 == "req/s" { printf "%s\t%s\t%s\t%s\t%s\n", rows, $1, $2, $5, $8 }' "$results/$rows/last" >> "$results/lines"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
    for slot in $(seq 0 $(( ${#sizes[@]} - 1 ))); do
        rows="${sizes[$(( (round - 1 + slot) % ${#sizes[@]} ))]}"
        echo "== round $round of $rounds: $rows rows" >&2
        measure "$rows"
    done
done

out="docs/growth.tsv"
python3 - "$results/lines" "$out" <<'PY'
import statistics, sys
values = {}
for line in open(sys.argv[1]):
    rows, scenario, rps, p50, p99 = (line.rstrip("\n").split("\t") + ["", ""])[:5]
    values.setdefault((int(rows), scenario), []).append((float(rps), p50, p99))
with open(sys.argv[2], "w") as out:
    out.write("rows\tscenario\treq_s\tp50_ms\tp99_ms\truns\n")
    for (rows, scenario), runs in sorted(values.items(), key=lambda item: item[0][0]):
        median = lambda column: round(statistics.median(float(run[column]) for run in runs), 2) if runs[0][column] != "" else ""
        each = " ".join(f"{run[0]:g}" for run in runs)
        out.write(f"{rows}\t{scenario}\t{median(0):g}\t{median(1)}\t{median(2)}\t{each}\n")
PY
[ -x bench/.venv-plot/bin/python ] || { python3 -m venv bench/.venv-plot && bench/.venv-plot/bin/pip install -q matplotlib; }
bench/.venv-plot/bin/python bench/growth_plot.py "$out" docs/growth.png
cat "$out"
