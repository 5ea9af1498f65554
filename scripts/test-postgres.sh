#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite, with PgBouncer in transaction-pooling
# mode in front of it, or stops both.
#
#   eval "$(scripts/test-postgres.sh start)"   # prints the exports the tests read; exits non-zero on failure
#   scripts/test-postgres.sh stop "$TOKENGATE_TEST_POSTGRES_DIR"
#
# The cluster and PgBouncer run as the unprivileged `postgres` system user in a temporary directory on free
# ports, with trust authentication on loopback only. Installs PostgreSQL and PgBouncer from Debian packages when
# they are missing.
set -euo pipefail

install_packages() {
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        install_packages postgresql
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

pgbouncer_binary() {
    if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
        install_packages pgbouncer
    fi
    command -v pgbouncer 2>/dev/null || echo /usr/sbin/pgbouncer
}

as_postgres() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
start)
    bin=$(bindir)
    bouncer=$(pgbouncer_binary)
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres >&2
    dir=$(mktemp -d /tmp/tokengate-pg.XXXXXX)
    chown postgres "$dir"
    port=$(free_port)
    as_postgres "$bin/initdb" -D "$dir/data" -U tokengate --auth=trust -E UTF8 >/dev/null
    start="$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' start"
    stop="$bin/pg_ctl -D $dir/data -w -m fast stop"
    as_postgres bash -c "$start" >&2
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U tokengate tokengate_test >&2

    # PgBouncer in transaction mode, the most common pooling set-up: every database of the cluster, one user.
    bouncer_port=$(free_port)
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
server_reset_query =
server_login_retry = 1
ignore_startup_parameters = extra_float_digits,application_name
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    echo '"tokengate" ""' >"$dir/userlist.txt"
    chown postgres "$dir/pgbouncer.ini" "$dir/userlist.txt"
    as_postgres "$bouncer" -d "$dir/pgbouncer.ini" >&2
    # Wait until PgBouncer answers a query.
    for _ in $(seq 1 50); do
        if as_postgres "$bin/psql" -h 127.0.0.1 -p "$bouncer_port" -U tokengate -d tokengate_test -Atc 'SELECT 1' >/dev/null 2>&1; then
            break
        fi
        sleep 0.1
    done
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$bouncer_port" -U tokengate -d tokengate_test -Atc 'SELECT 1' >/dev/null

    if [ "$(id -u)" = "0" ]; then
        runner="runuser -u postgres --"
    else
        runner=""
    fi
    echo "export TOKENGATE_TEST_POSTGRES_URL='postgres://tokengate@127.0.0.1:$port/tokengate_test?sslmode=disable'"
    echo "export TOKENGATE_TEST_PGBOUNCER_URL='postgres://tokengate@127.0.0.1:$bouncer_port/tokengate_test?sslmode=disable'"
    echo "export TOKENGATE_TEST_POSTGRES_DIR='$dir'"
    echo "export TOKENGATE_TEST_POSTGRES_START=\"$runner bash -c \\\"$start\\\"\""
    echo "export TOKENGATE_TEST_POSTGRES_STOP=\"$runner $stop\""
    ;;
stop)
    dir="${2:?the cluster directory}"
    bin=$(bindir)
    if [ -f "$dir/pgbouncer.pid" ]; then
        kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
    fi
    as_postgres "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >&2 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
