#!/usr/bin/env bash
# The enterprise registry at 300,000 firms (issue 4), release build, SQLite WAL.
#   1. import: a generated 300,000-row CSV (scripts/bench/gen_enterprises.py) into the demo city with
#      no firms, end to end through `yingshang import enterprises` (check pass, then batches), with
#      peak RSS. Baselines, each on a fresh copy of the city: the sqlite3 CLI `.import` of the same
#      file into a raw table and one INSERT … SELECT into `enterprises` (same table, indexes and FTS
#      trigger, the name as its one search token); then the same with the app's search documents
#      (scripts/bench/search_documents.py), the app's page cache and 20,000-row transactions, each
#      also writing the "created" history row — the work the app's import does, in SQL alone.
#   2. `yingshang demo --enterprises 300000`: the register, 1,800 commissioners and 25,000 liaisons,
#      every firm paired by the office's two rules (the log gives each rule's time), a season of visits.
#   3. Over HTTP with an office session (wrk -t1 -c1, so latency is service time): a name search and
#      one enterprise's page, beside the bare /livez of the same server; the search's SQL through the
#      sqlite3 CLI as its baseline; the server's RSS after the runs.
#
#   scripts/bench/enterprises.sh            # FIRMS=300000 DURATION=10s; SKIP_IMPORT=1 for steps 2–4 only,
#                                           # IMPORT_ONLY=1 for step 1 only
set -euo pipefail
cd "$(dirname "$0")/../.."
FIRMS="${FIRMS:-300000}"
DURATION="${DURATION:-10s}"
PORT="${PORT:-8197}"
SCRATCH="${SCRATCH:-.build-release}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
python3 -c 'import stdnum' 2>/dev/null || pip install -q python-stdnum 2>/dev/null || pip install -q --break-system-packages python-stdnum

swift build -c release --scratch-path "$SCRATCH" --product yingshang >/dev/null 2>&1
BIN="$PWD/$SCRATCH/release/yingshang"
WORK=$(mktemp -d)
trap '[ -z "${SERVER:-}" ] || kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export YINGSHANG_BCRYPT_COST=10
CSV="$WORK/enterprises.csv"
python3 scripts/bench/gen_enterprises.py "$FIRMS" "$CSV" >/dev/null

serve() {   # data folder, extra arguments…: starts the demo server, waits until it answers
  local data=$1; shift
  YINGSHANG_DATA="$data" "$BIN" demo --port "$PORT" "$@" >"$data.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 3000); do curl -sf "http://127.0.0.1:$PORT/livez" >/dev/null && return; sleep 0.2; done
  echo "server did not start"; exit 1
}

if [ -z "${SKIP_IMPORT:-}" ]; then
echo "== 1. import $FIRMS rows (the demo city, no firms) =="
serve "$WORK/city" --enterprises 0
kill $SERVER; wait $SERVER 2>/dev/null || true
cp -r "$WORK/city" "$WORK/base"
cp -r "$WORK/city" "$WORK/same"
/usr/bin/time -v env YINGSHANG_DATA="$WORK/city" "$BIN" import enterprises "$CSV" 2>"$WORK/time.txt" | grep -E 'rows:|Created'
awk -F': ' '/Elapsed/ {print "wall " $2} /Maximum resident/ {printf "peak RSS %.0f MB\n", $2/1024}' "$WORK/time.txt"
cat > "$WORK/import.sql" <<'SQL'
.mode csv
.import --skip 1 ENTERPRISES_CSV raw
INSERT INTO enterprises (credit_code, name, legal_representative, region_unit_id, address, industry_code, size, above_scale, upgrade_candidate,
                         registered_on, capital_minor, capital_currency, employees, status, source, search_terms, service_code, created_at, updated_at)
SELECT r.c1, r.c2, r.c3, (SELECT id FROM units WHERE code = r.c4), r.c5, r.c6, r.c7, r.c8 = '是', r.c9 = '是', r.c10,
       CAST(r.c11 * 1000000 AS INTEGER), 'CNY', CAST(r.c12 AS INTEGER), 'active', 'baseline', r.c2, lower(hex(randomblob(16))),
       datetime('now'), datetime('now')
FROM raw r;
SQL
sed -i "s|ENTERPRISES_CSV|$CSV|" "$WORK/import.sql"
# Plain column names for the raw table, so the SQL above does not depend on the Chinese titles.
sqlite3 "$WORK/base/yingshang.sqlite" "CREATE TABLE raw ($(seq -f 'c%g TEXT' 1 14 | paste -sd, -))"
START=$(date +%s.%N)
sqlite3 "$WORK/base/yingshang.sqlite" < "$WORK/import.sql"
printf 'baseline sqlite3 CLI .import + INSERT … SELECT: %.2f s\n' "$(echo "$(date +%s.%N) - $START" | bc)"
python3 scripts/bench/search_documents.py "$CSV" "$WORK/documents.csv"
sqlite3 "$WORK/same/yingshang.sqlite" "CREATE TABLE raw (n INTEGER PRIMARY KEY, $(seq -f 'c%g TEXT' 1 15 | paste -sd, -))" \
  "CREATE TABLE raw_text ($(seq -f 'c%g TEXT' 1 15 | paste -sd, -))"
{ echo "PRAGMA cache_size=-65536; PRAGMA secure_delete=FAST;"
  echo ".mode csv"; echo ".import $WORK/documents.csv raw_text"
  echo "INSERT INTO raw SELECT rowid, * FROM raw_text;"
  for start in $(seq 0 20000 $((FIRMS - 1))); do cat <<SQL
BEGIN;
INSERT INTO enterprises (credit_code, name, legal_representative, region_unit_id, address, industry_code, size, above_scale, upgrade_candidate,
                         registered_on, capital_minor, capital_currency, employees, status, source, search_terms, service_code, created_at, updated_at)
SELECT r.c1, r.c2, r.c3, (SELECT id FROM units WHERE code = r.c4), r.c5, r.c6, r.c7, r.c8 = '是', r.c9 = '是', r.c10,
       CAST(r.c11 * 1000000 AS INTEGER), 'CNY', CAST(r.c12 AS INTEGER), 'active', 'baseline', r.c15, lower(hex(randomblob(16))),
       unixepoch('now'), unixepoch('now')
FROM raw r WHERE r.n > $start AND r.n <= $((start + 20000));
INSERT INTO enterprise_changes (enterprise_id, changed_at, actor_id, actor_name, source, field, before, after)
SELECT id, unixepoch('now'), NULL, 'baseline', 'baseline', 'created', NULL, name FROM enterprises
WHERE id > (SELECT coalesce(max(enterprise_id), 0) FROM enterprise_changes);
COMMIT;
SQL
  done; } > "$WORK/same.sql"
START=$(date +%s.%N)
sqlite3 "$WORK/same/yingshang.sqlite" < "$WORK/same.sql" >/dev/null
printf 'baseline sqlite3 CLI, the same work (app search documents, 20,000-row transactions, history rows): %.2f s\n' "$(echo "$(date +%s.%N) - $START" | bc)"
fi
[ -n "${IMPORT_ONLY:-}" ] && exit 0

echo "== 2. demo --enterprises $FIRMS =="
START=$(date +%s)
serve "$WORK/full" --enterprises "$FIRMS"
echo "generated and served within $(( $(date +%s) - START )) s"
grep -o 'demo pairing:.*' "$WORK/full.log" || true
grep -o '已生成.*' "$WORK/full.log" || true
# Memory is the serving process's: a fresh `serve` on the generated city, not the process that generated it.
kill $SERVER; wait $SERVER 2>/dev/null || true
YINGSHANG_DATA="$WORK/full" "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/livez" >/dev/null && break; sleep 0.2; done

echo "== 3. search and the enterprise page over HTTP (wrk -t1 -c1 -d$DURATION) =="
JAR="$WORK/cookies"
CSRF=$(curl -s -c "$JAR" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_csrf=$CSRF" --data-urlencode "username=office" \
  --data-urlencode "password=Tongjiang#2026" --data-urlencode "next=/" "http://127.0.0.1:$PORT/login"
SESSION=$(awk '$6 == "ys_session" {print $7}' "$JAR")
FIRM=$(sqlite3 "$WORK/full/yingshang.sqlite" "SELECT id FROM enterprises WHERE above_scale = 1 ORDER BY id LIMIT 1 OFFSET 7")
TERM="恒信"
SEARCH="/enterprises?q=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$TERM")"
curl -sf -H "Cookie: ys_session=$SESSION" "http://127.0.0.1:$PORT$SEARCH" | grep -q "$TERM" || { echo "search did not render"; exit 1; }
curl -sf -H "Cookie: ys_session=$SESSION" "http://127.0.0.1:$PORT/enterprises/$FIRM" | grep -q '一企一档\|企业码' || { echo "page did not render"; exit 1; }
for target in /livez "$SEARCH" "/enterprises/$FIRM"; do
  wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: ys_session=$SESSION" "http://127.0.0.1:$PORT$target" > "$WORK/wrk.txt"
  printf '%-40s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$target" "$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")" \
    "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")" "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")" "$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.txt")"
done
echo "server RSS after the runs: $(( $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status) / 1024 )) MB (peak $(( $(awk '/VmHWM/ {print $2}' /proc/$SERVER/status) / 1024 )) MB)"
cat > "$WORK/search.sql" <<SQL
SELECT COUNT(*) FROM enterprises e WHERE e.id IN (SELECT rowid FROM enterprise_search WHERE enterprise_search MATCH '"$TERM"') AND e.status = 'active';
SELECT e.id, e.credit_code, e.name, u.name, e.industry_code, e.size, e.above_scale, e.status, e.registered_on FROM enterprises e
  LEFT JOIN units u ON u.id = e.region_unit_id
  WHERE e.id IN (SELECT rowid FROM enterprise_search WHERE enterprise_search MATCH '"$TERM"') AND e.status = 'active' ORDER BY e.id LIMIT 50;
SQL
for _ in $(seq 1 21); do
  sqlite3 -cmd ".timer on" "$WORK/full/yingshang.sqlite" < "$WORK/search.sql" | awk '/^Run Time/ {print $4}' | paste -sd+ | bc
done | sort -n | awk '{a[NR]=$1} END {printf "baseline sqlite3 CLI, search count + page: median %.2f ms\n", a[int((NR+1)/2)]*1000}'

echo "== 4. the whole city exported (CSV), and the server's memory around it =="
BEFORE=$(( $(awk '/VmHWM/ {print $2}' /proc/$SERVER/status) / 1024 ))
curl -s -o "$WORK/export.csv" -w 'export: HTTP %{http_code}, %{size_download} bytes in %{time_total} s\n' -H "Cookie: ys_session=$SESSION" \
  "http://127.0.0.1:$PORT/enterprises/export?format=csv"
echo "rows exported: $(( $(wc -l < "$WORK/export.csv") - 1 )); server peak RSS $BEFORE MB before, $(( $(awk '/VmHWM/ {print $2}' /proc/$SERVER/status) / 1024 )) MB after; now $(( $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status) / 1024 )) MB"
