#!/usr/bin/env bash
# Throughput and p99 of an authenticated JSON endpoint (/api/v1/me: bearer token lookup, user and
# roles from the database, JSON encoding) against a bare endpoint of the same server (/livez: no
# database, no auth), measured in the same run with wrk on 127.0.0.1.
#
#   scripts/bench/api_auth.sh            # release build, 10 s per endpoint, 2 threads, 32 connections
#   DURATION=30s CONNECTIONS=64 scripts/bench/api_auth.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
PORT="${PORT:-8199}"
SCRATCH="${SCRATCH:-.build-release}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

swift build -c release --scratch-path "$SCRATCH" --product yingshang >/dev/null 2>&1
BIN="$SCRATCH/release/yingshang"
DATA=$(mktemp -d)
export YINGSHANG_DATA="$DATA" YINGSHANG_BCRYPT_COST=10 YINGSHANG_ADMIN_PASSWORD="Lantern-river-2026"
"$BIN" migrate --yes >/dev/null 2>&1
"$BIN" create-admin bench >/dev/null 2>&1
TOKEN=$("$BIN" issue-token bench benchmark 2>/dev/null | tail -1)

"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap '[ -z "${SERVER:-}" ] || kill "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/livez" >/dev/null && break; sleep 0.2; done
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/me" >/dev/null

run() { # name (a file name), path, extra wrk args…
  local name=$1 path=$2; shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "http://127.0.0.1:$PORT$path" > "$DATA/$name.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$DATA/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$DATA/$name.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $5}' "$DATA/$name.txt")
  printf '%-8s %-14s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$path" "$rps" "$p99" "${non2xx:-0}"
  echo "$rps" > "$DATA/$name.rps"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, release build, SQLite in $DATA"
run bare /livez
run auth /api/v1/me -H "Authorization: Bearer $TOKEN"
awk -v a="$(cat "$DATA/auth.rps")" -v b="$(cat "$DATA/bare.rps")" \
  'BEGIN { printf "ratio authenticated / bare: %.2f (goal ≥ 0.50)\n", a / b }'
