#!/usr/bin/env bash
# Two builds of TokenGate side by side, rounds alternating between them: the same load scenarios against each.
#
#   bench/ab.sh BEFORE_BINARY AFTER_BINARY
#
# Build each with `swift build -c release --static-swift-stdlib --product tokengate` in a checkout of its commit.
# Environment: BENCH_ROUNDS (default 4; keep it even), BENCH_SCENARIOS (default "status books_list"), BENCH_DURATION (10).
#
# The two builds take turns going first (before-after, then after-before, …): the build that runs second in a round
# was measured 7 % (status) and 16 % (books_list) slower than the same binary running first (an A/A run, see
# BENCHMARKS.md), so a fixed order would show that bias as a difference.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
before="$1" after="$2"
rounds="${BENCH_ROUNDS:-4}"
export BENCH_SCENARIOS="${BENCH_SCENARIOS:-status books_list}"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

run() { # label, binary, round
    local data; data="$(mktemp -d)"
    export TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)" TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)" TOKENGATE_BCRYPT_COST=4 \
        TOKENGATE_DATABASE_URL="sqlite://$data/tokengate.sqlite" LOG_LEVEL=warning
    printf '%s\n' 'editor password 1' | "$2" users create --email editor@example.com --role editor >/dev/null 2>&1
    "$2" serve --port 8320 >"$data/log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 600); do curl -sf http://127.0.0.1:8320/health >/dev/null && break; sleep 0.05; done
    BENCH_EDITOR_EMAIL=editor@example.com BENCH_EDITOR_PASSWORD='editor password 1' bench/run.sh http://127.0.0.1:8320 \
        | sed "s/^/$1 $3 /" | tee -a "$results/lines" >&2
    kill "$pid"; wait "$pid" 2>/dev/null || true
    unset TOKENGATE_ENV TOKENGATE_JWT_SECRET TOKENGATE_ENCRYPTION_KEY TOKENGATE_BCRYPT_COST TOKENGATE_DATABASE_URL LOG_LEVEL
    rm -rf "$data"
}

for round in $(seq 1 "$rounds"); do
    echo "== round $round of $rounds" >&2
    if (( round % 2 == 1 )); then
        run before "$before" "$round"
        run after "$after" "$round"
    else
        run after "$after" "$round"
        run before "$before" "$round"
    fi
done

python3 - "$results/lines" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, _, scenario, rps = line.split()[:4]
    rows.setdefault((scenario, label), []).append(float(rps))
print("| scenario | before req/s (each round) | after req/s (each round) | after / before (medians) |")
print("|---|---:|---:|---:|")
for scenario in dict.fromkeys(s for s, _ in rows):
    b, a = rows[(scenario, "before")], rows[(scenario, "after")]
    ratio = statistics.median(a) / statistics.median(b)
    print(f"| {scenario} | {' · '.join(f'{r:,.0f}' for r in b)} | {' · '.join(f'{r:,.0f}' for r in a)} | {ratio:.2f} |")
PY
