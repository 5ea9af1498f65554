#!/usr/bin/env bash
# What verifying a token costs per algorithm: GET /auth/status where every request carries a token the server has
# not seen (first_sight, BENCH_TOKEN_COUNT distinct tokens, default 10,000) and where every request carries the same,
# remembered token (status), for HS256 and each asymmetric algorithm, beside the floor (bare Hummingbird). The same
# release build as bench/compare.sh (statically linked), algorithms alternating within each round, each taking its
# turn to go first.
#
#   bench/first-sight.sh
#
# Environment: BENCH_ROUNDS (default 2), BENCH_DURATION (seconds per scenario, default 10), BENCH_CONNECTIONS (64),
# BENCH_ALGORITHMS (default "HS256 RS256 PS256 ES256 EdDSA"; HS256, the reference, always runs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds="${BENCH_ROUNDS:-2}"
read -r -a algorithms <<<"HS256 ${BENCH_ALGORITHMS:-RS256 PS256 ES256 EdDSA}"
algorithms=($(printf "%s\n" "${algorithms[@]}" | awk '!seen[$0]++'))
source bench/release-build.sh

for alg in "${algorithms[@]:1}"; do "$bin/tokengate" keys generate --alg "$alg" --out "$results/$alg.pem" >/dev/null 2>&1; done

wait_for() { # url
    for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.05; done
    echo "server at $1 did not start" >&2; return 1
}

run_tokengate() { # algorithm, round
    local alg="$1" data; data="$(mktemp -d)"
    local key=() 
    [ "$alg" != HS256 ] && key=(TOKENGATE_JWT_PRIVATE_KEY_FILE="$results/$alg.pem")
    [ "$alg" = PS256 ] && key+=(TOKENGATE_JWT_ALGORITHM=PS256)
    env TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)" TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)" TOKENGATE_BCRYPT_COST=4 \
        TOKENGATE_DATABASE_URL="sqlite://$data/tokengate.sqlite" LOG_LEVEL=warning "${key[@]}" \
        TOKENGATE_REFRESHES_PER_ADDRESS=1000000 TOKENGATE_REGISTRATIONS_PER_ADDRESS=1000000 \
        "$bin/tokengate" serve --port 8310 >"$data/log" 2>&1 &
    local pid=$!; pids+=("$pid")
    wait_for http://127.0.0.1:8310/health
    BENCH_SCENARIOS="first_sight status" bench/run.sh http://127.0.0.1:8310 | sed "s/^/$alg $2 /" >> "$results/lines"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$data"
}

run_floor() { # round
    "$bin/tokengate-floor" 8311 >/dev/null 2>&1 &
    local pid=$!; pids+=("$pid")
    wait_for http://127.0.0.1:8311/health
    BENCH_SCENARIOS=status bench/run.sh http://127.0.0.1:8311 2>/dev/null | sed "s/^/floor $1 /" >> "$results/lines" || true
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

# The targets take turns going first (round 1: floor, HS256, RS256, …; round 2: HS256, RS256, …, floor; …): in an
# A/A run of bench/ab.sh the same binary measured 7-16 % slower in the second slot of a round than in the first, so a
# fixed order would favour the reference, HS256, which ran right after the floor.
targets=(floor "${algorithms[@]}")
for round in $(seq 1 "$rounds"); do
    echo "== round $round of $rounds" >&2
    for slot in $(seq 0 $(( ${#targets[@]} - 1 ))); do
        target="${targets[$(( (round - 1 + slot) % ${#targets[@]} ))]}"
        echo "   $target" >&2
        if [ "$target" = floor ]; then run_floor "$round"; else run_tokengate "$target" "$round"; fi
    done
done

python3 - "$results/lines" "${algorithms[@]}" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) < 5 or parts[2] not in ("first_sight", "status"):
        continue
    target, _, scenario, rps = parts[0], parts[1], parts[2], float(parts[3])
    non2xx = parts[parts.index("non-2xx") + 1]
    rows.setdefault((target, scenario), []).append((rps, non2xx))
floor = statistics.median(r for r, _ in rows.get(("floor", "status"), [(float("nan"), "0")]))
hs = statistics.median(r for r, _ in rows[("HS256", "first_sight")])
print(f"floor (bare Hummingbird, no token check): {floor:,.0f} req/s")
print("| algorithm | first sight req/s (each round) | remembered token req/s (each round) | first sight / HS256 first sight | first sight / remembered | non-2xx |")
print("|---|---:|---:|---:|---:|---:|")
for alg in sys.argv[2:]:
    first = rows[(alg, "first_sight")]
    cached = rows[(alg, "status")]
    fm, cm = statistics.median(r for r, _ in first), statistics.median(r for r, _ in cached)
    errors = sum(int(n) for _, n in first + cached)
    print(f"| {alg} | {' · '.join(f'{r:,.0f}' for r, _ in first)} | {' · '.join(f'{r:,.0f}' for r, _ in cached)} | {fm / hs:.0%} | {fm / cm:.0%} | {errors} |")
PY
