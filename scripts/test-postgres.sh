#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite, or stops it.
#
#   eval "$(scripts/test-postgres.sh start)"   # prints the exports the tests read
#   scripts/test-postgres.sh stop "$TOKENGATE_TEST_POSTGRES_DIR"
#
# The cluster runs as the unprivileged `postgres` system user in a temporary data directory on a free port,
# with trust authentication on loopback only. Installs PostgreSQL from Debian packages when it is missing.
set -euo pipefail

bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

as_postgres() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "${1:-}" in
start)
    bin=$(bindir)
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres >&2
    dir=$(mktemp -d /tmp/tokengate-pg.XXXXXX)
    chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    as_postgres "$bin/initdb" -D "$dir/data" -U tokengate --auth=trust -E UTF8 >/dev/null
    start="$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' start"
    stop="$bin/pg_ctl -D $dir/data -w -m fast stop"
    as_postgres bash -c "$start" >&2
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U tokengate tokengate_test >&2
    if [ "$(id -u)" = "0" ]; then
        runner="runuser -u postgres --"
    else
        runner=""
    fi
    echo "export TOKENGATE_TEST_POSTGRES_URL='postgres://tokengate@127.0.0.1:$port/tokengate_test?sslmode=disable'"
    echo "export TOKENGATE_TEST_POSTGRES_DIR='$dir'"
    echo "export TOKENGATE_TEST_POSTGRES_START=\"$runner bash -c \\\"$start\\\"\""
    echo "export TOKENGATE_TEST_POSTGRES_STOP=\"$runner $stop\""
    ;;
stop)
    dir="${2:?the cluster directory}"
    bin=$(bindir)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >&2 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
