#!/usr/bin/env bash
# Starts a throw-away MariaDB server on 127.0.0.1 for the test suite (TLS with a throw-away CA), or stops it.
#
#   eval "$(scripts/test-mysql.sh start)"   # prints the exports the tests read; exits non-zero on failure
#   scripts/test-mysql.sh stop "$TOKENGATE_TEST_MYSQL_DIR"
#
# The server runs as the `mysql` system user in a temporary directory on a free port; its default character set
# is latin1 on purpose (TokenGate's tables must say utf8mb4 themselves). The test user may create databases: each
# test makes one of its own. `server-up DIR` and `server-down DIR` start and stop the same server again (the
# outage test). Installs mariadb-server and libmariadb-dev from Debian when they are missing.
set -euo pipefail

install_packages() {
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_up() {
    local dir=$1
    # setsid and closed descriptors: the server outlives this script and holds nothing its caller waits on.
    setsid /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 100); do
        if mariadb-admin --no-defaults -S "$dir/sock" -u root ping >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "MariaDB did not start; its log:" >&2
    tail -n 30 "$dir/log" >&2
    return 1
}

server_down() {
    local dir=$1
    mariadb-admin --no-defaults -S "$dir/sock" -u root shutdown >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
        [ -e "$dir/pid" ] || return 0
        sleep 0.1
    done
}

case "${1:-}" in
start)
    if [ ! -x /usr/sbin/mariadbd ] || [ ! -f /usr/include/mariadb/mysql.h ]; then
        install_packages mariadb-server libmariadb-dev
    fi
    dir=$(mktemp -d /tmp/tokengate-mysql.XXXXXX)
    chmod 755 "$dir"
    port=$(free_port)

    # A CA and a server certificate for 127.0.0.1, for the TLS modes.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=TokenGate test CA" \
        -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" >/dev/null 2>&1
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/server-key.pem" -out "$dir/server.csr" >/dev/null 2>&1
    printf 'subjectAltName=IP:127.0.0.1\n' >"$dir/san.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial -days 2 \
        -extfile "$dir/san.ext" -out "$dir/server.pem" >/dev/null 2>&1
    chmod 644 "$dir"/*.pem

    cat >"$dir/my.cnf" <<CNF
[mariadbd]
user = mysql
datadir = $dir/data
port = $port
bind-address = 127.0.0.1
socket = $dir/sock
pid-file = $dir/pid
log-error = $dir/log
character-set-server = latin1
collation-server = latin1_swedish_ci
innodb-flush-log-at-trx-commit = 0
innodb-buffer-pool-size = 128M
innodb-lock-wait-timeout = 10
max-connections = 500
skip-name-resolve
ssl-ca = $dir/ca.pem
ssl-cert = $dir/server.pem
ssl-key = $dir/server-key.pem
CNF
    mkdir "$dir/data"
    chown -R mysql "$dir"
    mariadb-install-db --defaults-file="$dir/my.cnf" --auth-root-authentication-method=socket --skip-test-db >/dev/null 2>&1 || {
        echo "mariadb-install-db failed" >&2
        exit 1
    }
    server_up "$dir"
    mariadb --no-defaults -S "$dir/sock" -u root <<SQL
CREATE USER 'tokengate'@'127.0.0.1' IDENTIFIED BY 'tokengate-test';
GRANT ALL PRIVILEGES ON *.* TO 'tokengate'@'127.0.0.1';
CREATE DATABASE tokengate_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
    script=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
    echo "export TOKENGATE_TEST_MYSQL_URL='mysql://tokengate:tokengate-test@127.0.0.1:$port/tokengate_test?ssl-mode=disabled'"
    echo "export TOKENGATE_TEST_MYSQL_CA='$dir/ca.pem'"
    echo "export TOKENGATE_TEST_MYSQL_DIR='$dir'"
    echo "export TOKENGATE_TEST_MYSQL_START='$script server-up $dir'"
    echo "export TOKENGATE_TEST_MYSQL_STOP='$script server-down $dir'"
    ;;
server-up)
    server_up "${2:?the server directory}"
    ;;
server-down)
    server_down "${2:?the server directory}"
    ;;
stop)
    dir="${2:?the server directory}"
    server_down "$dir"
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR | server-up DIR | server-down DIR" >&2
    exit 2
    ;;
esac
