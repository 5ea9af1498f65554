#!/usr/bin/env bash
# TokenGate on SQLite, PostgreSQL and MariaDB with the same scenarios, the engines taking turns going first, and a
# table of the medians. The PostgreSQL cluster and the MariaDB server are throw-away ones on loopback
# (scripts/test-postgres.sh, scripts/test-mysql.sh), sharing the machine's cores with TokenGate and wrk.
#
#   bench/databases.sh
#
# Environment: BENCH_ROUNDS (default 3), BENCH_DURATION (seconds per scenario, default 10), BENCH_BCRYPT_COST
# (default 4: logins then measure the database path rather than bcrypt), BENCH_SCENARIOS (default
# "status books_list login refresh").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds="${BENCH_ROUNDS:-3}"
cost="${BENCH_BCRYPT_COST:-4}"
export BENCH_SCENARIOS="${BENCH_SCENARIOS:-status books_list login refresh}"

results="$(mktemp -d)"
pids=()
pg_dir=""
my_dir=""
cleanup() {
    for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    [ -n "$pg_dir" ] && scripts/test-postgres.sh stop "$pg_dir" >/dev/null 2>&1
    [ -n "$my_dir" ] && scripts/test-mysql.sh stop "$my_dir" >/dev/null 2>&1
    rm -rf "$results"
}
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
echo "== building TokenGate with the MySQL trait (release, static Swift runtime)" >&2
swift build -c release --static-swift-stdlib --traits MySQL --product tokengate >&2
bin="$(swift build -c release --static-swift-stdlib --traits MySQL --show-bin-path)"

echo "== starting PostgreSQL and MariaDB" >&2
eval "$(scripts/test-postgres.sh start)"
pg_dir="$TOKENGATE_TEST_POSTGRES_DIR"
eval "$(scripts/test-mysql.sh start)"
my_dir="$TOKENGATE_TEST_MYSQL_DIR"
pg_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$TOKENGATE_TEST_POSTGRES_URL")
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
my_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$TOKENGATE_TEST_MYSQL_URL")

database_url() { # engine, round → the URL of a new, empty database
    local name="bench_$2_$RANDOM"
    case "$1" in
    sqlite) echo "sqlite://$results/$name.sqlite" ;;
    postgres)
        runuser -u postgres -- "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U tokengate -d tokengate_test -qc "CREATE DATABASE $name" >&2
        echo "postgres://tokengate@127.0.0.1:$pg_port/$name?sslmode=disable" ;;
    mariadb)
        mariadb --no-defaults -h 127.0.0.1 -P "$my_port" -u tokengate -ptokengate-test \
            -e "CREATE DATABASE $name CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" >&2
        echo "mysql://tokengate:tokengate-test@127.0.0.1:$my_port/$name?ssl-mode=disabled" ;;
    esac
}

run_engine() { # engine, round
    export TOKENGATE_ENV=production TOKENGATE_JWT_SECRET="$(openssl rand -hex 32)" TOKENGATE_ENCRYPTION_KEY="$(openssl rand -hex 32)" \
        TOKENGATE_BCRYPT_COST="$cost" TOKENGATE_DATABASE_URL="$(database_url "$1" "$2")" TOKENGATE_LOGIN_MAX_FAILURES=1000000 \
        TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 TOKENGATE_REFRESHES_PER_ADDRESS=100000000 \
        TOKENGATE_REGISTRATIONS_PER_ADDRESS=1000000 LOG_LEVEL=warning
    printf '%s\n' 'editor password 1' | "$bin/tokengate" users create --email editor@example.com --role editor >/dev/null
    "$bin/tokengate" serve --port 8310 >"$results/$1.$2.log" 2>&1 &
    local pid=$!; pids+=("$pid")
    for _ in $(seq 1 300); do curl -sf http://127.0.0.1:8310/health >/dev/null && break; sleep 0.1; done
    BENCH_EDITOR_EMAIL=editor@example.com BENCH_EDITOR_PASSWORD='editor password 1' bench/run.sh http://127.0.0.1:8310 >> "$results/$1.$2"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    unset TOKENGATE_ENV TOKENGATE_JWT_SECRET TOKENGATE_ENCRYPTION_KEY TOKENGATE_BCRYPT_COST TOKENGATE_DATABASE_URL TOKENGATE_LOGIN_MAX_FAILURES \
        TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS TOKENGATE_REFRESHES_PER_ADDRESS TOKENGATE_REGISTRATIONS_PER_ADDRESS LOG_LEVEL
}

engines=(sqlite postgres mariadb)
for round in $(seq 1 "$rounds"); do
    echo "== round $round of $rounds" >&2
    for slot in 0 1 2; do
        engine="${engines[$(( (round - 1 + slot) % 3 ))]}"
        echo "   $engine" >&2
        run_engine "$engine" "$round"
    done
done

python3 - "$results" "$rounds" <<'PY'
import statistics, sys, pathlib
folder, rounds = pathlib.Path(sys.argv[1]), int(sys.argv[2])
engines = ["sqlite", "postgres", "mariadb"]
figures = {}  # (engine, scenario) -> [(rps, p99)]
for engine in engines:
    for r in range(1, rounds + 1):
        path = folder / f"{engine}.{r}"
        for line in path.read_text().splitlines() if path.exists() else []:
            parts = line.split()
            if len(parts) >= 8 and parts[2] == "req/s":
                figures.setdefault((engine, parts[0]), []).append((float(parts[1]), float(parts[7])))
scenarios = [s for s in ["status", "books_list", "login", "refresh"] if any((e, s) in figures for e in engines)]
print(f"medians of {rounds} rounds: req/s (p99 ms)")
print("| scenario | " + " | ".join(engines) + " |")
print("|---|" + "---:|" * len(engines))
for s in scenarios:
    cells = []
    for e in engines:
        runs = figures.get((e, s), [])
        cells.append(f"{statistics.median(r for r, _ in runs):,.0f} ({statistics.median(p for _, p in runs):.1f})" if runs else "-")
    print(f"| {s} | " + " | ".join(cells) + " |")
PY
