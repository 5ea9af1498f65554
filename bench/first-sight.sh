#!/usr/bin/env bash
# What verifying a token costs per algorithm: GET /auth/status where every request carries a token the server has
# not seen (first_sight, BENCH_TOKEN_COUNT distinct tokens, default 10,000) and where every request carries the same,
# remembered token (status), for HS256 and each asymmetric algorithm, beside the floor (bare Hummingbird). The same
# release build as bench/compare.sh (statically linked), algorithms alternating within each round, each taking its
# turn to go first.
#
#   bench/first-sight.sh
#
# Then, each round, every asymmetric algorithm is measured against HS256 the way compare.sh measures the floor: an
# HS256 server and one of that algorithm run side by side and take turns in first-sight bursts (bench/bursts.sh); the
# median of those pair ratios is the figure to compare with the issue's 50 %, since the slots above lie minutes apart.
#
# Environment: BENCH_ROUNDS (default 2), BENCH_DURATION (seconds per scenario, default 10), BENCH_CONNECTIONS (64),
# BENCH_ALGORITHMS (default "HS256 RS256 PS256 ES256 EdDSA"; HS256, the reference, always runs), BENCH_FLOOR_PAIRS
# and BENCH_FLOOR_SECONDS (pairs per algorithm and round, default 6, of 5 s bursts).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds="${BENCH_ROUNDS:-2}"
read -r -a algorithms <<<"HS256 ${BENCH_ALGORITHMS:-RS256 PS256 ES256 EdDSA}"
algorithms=($(printf "%s\n" "${algorithms[@]}" | awk '!seen[$0]++'))
source bench/release-build.sh
source bench/bursts.sh

for alg in "${algorithms[@]:1}"; do "$bin/tokengate" keys generate --alg "$alg" --out "$results/$alg.pem" >/dev/null 2>&1; done

wait_for() { # url
    for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.05; done
    echo "server at $1 did not start" >&2; return 1
}

start_tokengate() { # algorithm, port, data folder → $server_pid, once /health answers (management on port + 1000)
    local alg="$1" key=()
    [ "$alg" != HS256 ] && key=(TOKENGATE_JWT_PRIVATE_KEY_FILE="$results/$alg.pem")
    [ "$alg" = PS256 ] && key+=(TOKENGATE_JWT_ALGORITHM=PS256)
    env TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)" TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)" TOKENGATE_BCRYPT_COST=4 \
        TOKENGATE_DATABASE_URL="sqlite://$3/tokengate.sqlite" LOG_LEVEL=warning "${key[@]}" \
        TOKENGATE_REFRESHES_PER_ADDRESS=1000000 TOKENGATE_REGISTRATIONS_PER_ADDRESS=1000000 \
        TOKENGATE_MANAGEMENT_ADDRESS="127.0.0.1:$(($2 + 1000))" "$bin/tokengate" serve --port "$2" >"$3/log" 2>&1 &
    server_pid=$!; pids+=("$server_pid")
    wait_for "http://127.0.0.1:$2/health"
}

run_tokengate() { # algorithm, round
    local alg="$1" data; data="$(mktemp -d)"
    start_tokengate "$alg" 8310 "$data"
    BENCH_SCENARIOS="first_sight status" bench/run.sh http://127.0.0.1:8310 | sed "s/^/$alg $2 /" >> "$results/lines"
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    rm -rf "$data"
}

run_pairs() { # algorithm: HS256 and the algorithm side by side, in alternating first-sight bursts
    local hs_data alg_data hs_pid; hs_data="$(mktemp -d)"; alg_data="$(mktemp -d)"
    start_tokengate HS256 8312 "$hs_data"; hs_pid=$server_pid
    start_tokengate "$1" 8313 "$alg_data"
    python3 bench/mint_tokens.py http://127.0.0.1:8312 "${BENCH_TOKEN_COUNT:-10000}" >"$hs_data/tokens"
    python3 bench/mint_tokens.py http://127.0.0.1:8313 "${BENCH_TOKEN_COUNT:-10000}" >"$alg_data/tokens"
    alternate_bursts "pair $1" "$results/pairs" "first_sight_burst 8312 $hs_data/tokens" "first_sight_burst 8313 $alg_data/tokens"
    kill "$hs_pid" "$server_pid"; wait "$hs_pid" "$server_pid" 2>/dev/null || true
    rm -rf "$hs_data" "$alg_data"
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
    for alg in "${algorithms[@]:1}"; do echo "   HS256 and $alg in pairs" >&2; run_pairs "$alg"; done
done

touch "$results/pairs"
PYTHONPATH=bench python3 - "$results/lines" "$results/pairs" "${algorithms[@]}" <<'PY'
import statistics, sys
from summarize import paired_ratio
rows, pairs = {}, {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) < 5 or parts[2] not in ("first_sight", "status"):
        continue
    target, _, scenario, rps = parts[0], parts[1], parts[2], float(parts[3])
    non2xx = parts[parts.index("non-2xx") + 1]
    rows.setdefault((target, scenario), []).append((rps, non2xx))
for line in open(sys.argv[2]):
    _, alg, hs256, other = line.split()
    pairs.setdefault(alg, []).append((float(hs256), float(other)))
floor = statistics.median(r for r, _ in rows.get(("floor", "status"), [(float("nan"), "0")]))
hs = statistics.median(r for r, _ in rows[("HS256", "first_sight")])


def paired(alg):
    """The median pair ratio with its middle half, or a dash for HS256 itself."""
    if not pairs.get(alg):
        return "—"
    ratio, low, high = paired_ratio(pairs[alg])
    return f"{ratio:.0%} ({low:.0%}–{high:.0%}, {len(pairs[alg])} pairs)"


print(f"floor (bare Hummingbird, no token check): {floor:,.0f} req/s")
print("| algorithm | first sight req/s (each round) | remembered token req/s (each round) | first sight / HS256 first sight | same, in pairs (middle half) | first sight / remembered | non-2xx |")
print("|---|---:|---:|---:|---:|---:|---:|")
for alg in sys.argv[3:]:
    first = rows[(alg, "first_sight")]
    cached = rows[(alg, "status")]
    fm, cm = statistics.median(r for r, _ in first), statistics.median(r for r, _ in cached)
    errors = sum(int(n) for _, n in first + cached)
    print(f"| {alg} | {' · '.join(f'{r:,.0f}' for r, _ in first)} | {' · '.join(f'{r:,.0f}' for r, _ in cached)} | {fm / hs:.0%} | {paired(alg)} | {fm / cm:.0%} | {errors} |")
PY
