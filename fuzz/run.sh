#!/usr/bin/env bash
# Fuzzes the API with Schemathesis (from PyPI) against a live `tokengate serve` and openapi.yaml: every operation,
# authenticated as an admin, with the checks not_a_server_error and response_schema_conformance and a fixed seed.
# Exits non-zero on any finding.
#
#   fuzz/run.sh            (FUZZ_EXAMPLES: examples per operation, default 50; FUZZ_SEED: default 20261202)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
swift build --product tokengate >&2
bin="$(swift build --show-bin-path)/tokengate"
if [ ! -x "$here/.venv/bin/st" ]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install --quiet --upgrade pip
fi
"$here/.venv/bin/pip" install --quiet -r "$here/requirements.txt"

data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export TOKENGATE_ENV=testing TOKENGATE_DATABASE_URL="sqlite://$data/tokengate.sqlite" TOKENGATE_BCRYPT_COST=4 \
    TOKENGATE_JWT_SECRET="fuzz-secret-fuzz-secret-fuzz-secret!!" TOKENGATE_MANAGEMENT_ADDRESS=off LOG_LEVEL=error \
    TOKENGATE_LOGIN_MAX_FAILURES=1000000 TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 TOKENGATE_REGISTRATIONS_PER_ADDRESS=1000000 \
    TOKENGATE_REFRESHES_PER_ADDRESS=1000000 TOKENGATE_MAIL_REQUESTS_PER_ADDRESS=1000000 TOKENGATE_DATA_DIR="$data"
printf '%s\n' 'fuzzing admin password' | "$bin" users create --email fuzz-admin@example.com --role admin --role editor >/dev/null
"$bin" serve --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.05; done
fuzz() { # token, then Schemathesis' operation filters
    local token="$1"; shift
    "$here/.venv/bin/st" run openapi.yaml --url "http://127.0.0.1:$port" \
        --header "Authorization: Bearer $token" \
        --checks not_a_server_error,response_schema_conformance \
        --seed "${FUZZ_SEED:-20261202}" --max-examples "${FUZZ_EXAMPLES:-50}" --workers 1 "$@"
}
login() {
    curl -sf -X POST "http://127.0.0.1:$port/auth/login" -H 'Content-Type: application/json' \
        -d '{"email": "fuzz-admin@example.com", "password": "fuzzing admin password"}' \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# Logout, logout-all and password change end the fuzzer's own session (or change its password), so they run last,
# on a session of their own; every other operation runs first.
session_enders=(--include-path /auth/logout --include-path /auth/logout-all --include-path /auth/password)
fuzz "$(login)" --exclude-path /auth/logout --exclude-path /auth/logout-all --exclude-path /auth/password
fuzz "$(login)" "${session_enders[@]}"
