#!/usr/bin/env bash
# The task platform at scale: 100,000 tasks and 300,000 work orders in SQLite (release build).
#   1. `yingshang bench-tasks` generates the data and times, in process: the office's filtered task
#      list (count + first page), the roll-up after one accepted report, a month's bulletin
#      snapshot, and importing a 10,000-row XLSX plan.
#   2. Baseline: the list's two SQL statements through the sqlite3 CLI on the same file (.timer on,
#      median of RUNS runs).
#   3. The same list as a web page: wrk against /plans/1?domain=…&light=red with an office session,
#      beside the bare /livez of the same server; and the office's cockpit (every task force).
#
#   scripts/bench/tasks.sh               # TASKS=100000 RUNS=200 DURATION=10s
set -euo pipefail
cd "$(dirname "$0")/../.."
TASKS="${TASKS:-100000}"
RUNS="${RUNS:-200}"
DURATION="${DURATION:-10s}"
PORT="${PORT:-8198}"
SCRATCH="${SCRATCH:-.build-release}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }

swift build -c release --scratch-path "$SCRATCH" --product yingshang >/dev/null 2>&1
BIN="$SCRATCH/release/yingshang"
DATA=$(mktemp -d)
trap '[ -z "${SERVER:-}" ] || kill "$SERVER" 2>/dev/null || true; rm -rf "$DATA"' EXIT
export YINGSHANG_DATA="$DATA" YINGSHANG_BCRYPT_COST=10

echo "== in process (release build, SQLite WAL, $TASKS tasks) =="
"$BIN" bench-tasks --tasks "$TASKS" --runs "$RUNS" 2>/dev/null | grep -v '^\[' | tee "$DATA/bench.txt" | sed -n '1,/baseline SQL/p'
sed -n '/baseline SQL/,$p' "$DATA/bench.txt" | tail -n +2 > "$DATA/list.sql"

echo "== baseline: the same list SQL through the sqlite3 CLI =="
for _ in $(seq 1 "${SQL_RUNS:-21}"); do
  sqlite3 -cmd ".timer on" "$DATA/yingshang.sqlite" < "$DATA/list.sql" | awk '/^Run Time/ {print $4}' | paste -sd+ | bc
done | sort -n | awk '{a[NR]=$1} END {printf "sqlite3 CLI, count + page: median %.2f ms over %d runs\n", a[int((NR+1)/2)]*1000, NR}'

echo "== the page over HTTP (wrk -t1 -c1 -d$DURATION: one request at a time, so latency is service time) =="
"$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/livez" >/dev/null && break; sleep 0.2; done
# The hourly supervision scan runs first thing at start-up; at this scale it writes thousands of
# reminders. Measure the steady state after it, and say how long it took.
STARTED=$(date +%s)
for _ in $(seq 1 600); do grep -q 'supervision scan:' "$DATA/server.log" && break; sleep 0.5; done
echo "start-up supervision scan: $(grep -o 'supervision scan:.*' "$DATA/server.log") (done within $(( $(date +%s) - STARTED )) s of the server answering)"
JAR="$DATA/cookies"
CSRF=$(curl -s -c "$JAR" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_csrf=$CSRF" --data-urlencode "username=office" \
  --data-urlencode "password=Bench-password-2026" --data-urlencode "next=/" "http://127.0.0.1:$PORT/login"
SESSION=$(awk '$6 == "ys_session" {print $7}' "$JAR")
DOMAIN=$(grep -o 'domain_id = [0-9]*' "$DATA/list.sql" | head -1 | awk '{print $3}')
PAGE="/plans/1?domain=$DOMAIN&light=red"
curl -sf -H "Cookie: ys_session=$SESSION" "http://127.0.0.1:$PORT$PAGE" | grep -q '基准任务' || { echo "page did not render"; exit 1; }
for target in /livez "$PAGE" /cockpit; do
  wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: ys_session=$SESSION" "http://127.0.0.1:$PORT$target" > "$DATA/wrk.txt"
  printf '%-32s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$target" "$(awk '/Requests\/sec/ {print $2}' "$DATA/wrk.txt")" \
    "$(awk '$1 == "50%" {print $2}' "$DATA/wrk.txt")" "$(awk '$1 == "99%" {print $2}' "$DATA/wrk.txt")" "$(awk '/Non-2xx/ {print $5}' "$DATA/wrk.txt")"
done
