#!/usr/bin/env bash
# Fuzzes the tenant API against its own OpenAPI description: builds the portal (debug),
# starts it on 127.0.0.1 with a fresh SQLite database and the sandbox provider, seeds an API
# key, and runs schemathesis 4.x with every check. Any finding fails the run; the server is
# stopped on exit. Needs `pip install 'schemathesis>=4,<5'`. Bounded: a fixed seed and
# SCHEMATHESIS_MAX_EXAMPLES cases per operation and phase (about two minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-200}"
SEED="${SCHEMATHESIS_SEED:-20261202}"

cargo build --quiet --bin inquiry-portal
binary="$PWD/target/debug/inquiry-portal"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
export PORTAL_DATA_DIR="$work" PORTAL_BIND="127.0.0.1:$port" PORTAL_PUBLIC_URL="$base"
export RUST_LOG="${RUST_LOG:-warn}"
"$binary" serve >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
curl -fsS "$base/readyz" >/dev/null

key="$(python3 scripts/schemathesis_seed.py "$binary" "$work" "$base" "$work/schemathesis.toml")"

status=0
# From the temporary directory, so that schemathesis's cache goes away with it.
(cd "$work" && schemathesis --config-file "$work/schemathesis.toml" run "$base/api/v1/openapi.json" \
  --checks all \
  -H "Authorization: Bearer $key" \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --no-color \
  --report junit --report-dir "$work/report" \
  --workers 2) || status=$?

if [ "$status" -ne 0 ]; then
  echo "== schemathesis found problems; the server's log:"
  grep -v "password:" "$work/server.log" | tail -n 200
fi
exit "$status"
