# Sourced by bench/compare.sh and bench/first-sight.sh: two servers running side by side, measured in alternating
# bursts, so that a slow spell of this shared machine falls on both halves of a pair (measured minutes apart, the
# same ratio moved by a fifth or more; BENCHMARKS.md, item 1 of issue #15). Needs $root (the repository).
# Environment: BENCH_FLOOR_PAIRS (pairs per call, default 6) and BENCH_FLOOR_SECONDS (seconds per burst, default 5).

burst() { # port, wrk script, then NAME=value settings for it → req/s of GET /auth/status in one burst
    local port="$1" script="$2"; shift 2
    env "$@" BENCH_LUA_DIR="$root/bench/wrk" BENCH_PATH=/auth/status ${BENCH_WRK_PREFIX:-} wrk -t2 -c64 \
        -d"${BENCH_FLOOR_SECONDS:-5}s" -s "$root/bench/wrk/$script" "http://127.0.0.1:$port" | awk '/^RESULT/ { print $2 }'
}

status_burst() { burst "$1" get.lua BENCH_TOKEN="$2"; } # port, token: the same token every request

first_sight_burst() { burst "$1" tokens.lua BENCH_TOKENS="$2"; } # port, file of tokens: a token it has not seen

alternate_bursts() { # label, result file, burst A, burst B (each a burst function and its arguments, as one string)
    # → BENCH_FLOOR_PAIRS lines "label A B", the order swapped every pair, after one unrecorded burst each
    local label="$1" file="$2" a b pair
    $3 >/dev/null; $4 >/dev/null
    for pair in $(seq 1 "${BENCH_FLOOR_PAIRS:-6}"); do
        if (( pair % 2 )); then a=$($3); b=$($4); else b=$($4); a=$($3); fi
        echo "$label $a $b" >> "$file"
    done
}
