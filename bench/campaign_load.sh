#!/usr/bin/env bash
# Load figures for campaigns on a shared PostgreSQL store (issue 14), on a throwaway
# cluster on 127.0.0.1 (tests/support/pg_cluster.sh) that it stops afterwards:
#   1. 8 concurrent workers committing batch results: commits/s, p50/p99 commit latency;
#   2. `infergy campaign status` on a campaign of 100,000 items (PostgreSQL and SQLite);
#   3. ranking on PostgreSQL vs SQLite with 1,500 models (a Yang-format folder synthesized
#      from the reference data, never committed): `infergy rank`, which reads the store,
#      the server's start-up (it loads the setups once), and GET /api/ranking (served
#      from memory, so both backends should match);
#   4. how long the test services take to start and stop (PostgreSQL; Slurm as root).
# A benchmark: it prints figures, it asserts nothing.
# Usage: bench/campaign_load.sh [BUILD_DIR]   (env: WORKERS=8 COMMITS=250 ITEMS=100000 REQUESTS=50)
set -euo pipefail
BUILD="$(cd "${1:-build}" && pwd)"
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$BUILD/src/infergy"
LOAD="$BUILD/bench/bench_campaign_load"
SHARED="${INFERGY_SHARED_DIR:-$SRC/../shared}"
WORKERS="${WORKERS:-8}" COMMITS="${COMMITS:-250}" ITEMS="${ITEMS:-100000}" REQUESTS="${REQUESTS:-50}"
WORK="$(mktemp -d "$BUILD/bench-campaign.XXXXXX")"
chmod 755 "$WORK"  # the cluster's folder must be reachable by the postgres user
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  bash "$SRC/tests/support/pg_cluster.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

t="$(now)"
bash "$SRC/tests/support/pg_cluster.sh" start "$WORK/pg" >/dev/null
[ -f "$WORK/pg/url" ] || { echo "campaign_load: no PostgreSQL: $(cat "$WORK/pg/unavailable")" >&2; exit 1; }
echo "services: PostgreSQL cluster started in $(since "$t") s"
PORT="$(cat "$WORK/pg/port")"
for db in commits status rank; do
  psql -q -h 127.0.0.1 -p "$PORT" -U infergy -d postgres -c "CREATE DATABASE bench_$db"
done
PG="postgresql://infergy@127.0.0.1:$PORT"

# 1. Concurrent commits.
"$LOAD" commits "$PG/bench_commits" "$WORKERS" "$COMMITS"

# 2. campaign status on a big campaign, both backends (best of 3 runs of the command).
status_time() {
  local best=""
  for _ in 1 2 3; do
    local t0
    t0="$(now)"
    "$BIN" --db "$1" campaign status big --format json >/dev/null
    local s
    s="$(since "$t0")"
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$s"; fi
  done
  echo "$best"
}
"$LOAD" populate "$PG/bench_status" big "$ITEMS"
echo "status: campaign status on $ITEMS items, PostgreSQL: $(status_time "$PG/bench_status") s (best of 3, process start included)"
"$LOAD" populate "$WORK/status.db" big "$ITEMS"
echo "status: campaign status on $ITEMS items, SQLite: $(status_time "$WORK/status.db") s (best of 3, process start included)"

# 3. The ranking API with 1,500 models on each backend.
if [ -d "$SHARED/reference-data/yang2024" ]; then
  /usr/bin/python3 "$SRC/scripts/synthesize_yang.py" "$SHARED/reference-data/yang2024" "$WORK/yang1500" 1500
  rank_api() {
    local db="$1" label="$2" t0
    t0="$(now)"
    "$BIN" --db "$db" import yang "$WORK/yang1500" >/dev/null 2>&1
    echo "ranking: import of 1,500 models into $label: $(since "$t0") s"
    local best="" s
    for _ in 1 2 3; do
      t0="$(now)"
      "$BIN" --db "$db" rank --setup A100_PT --metric manhattan --weight 0.5 --top 10 --format json >/dev/null
      s="$(since "$t0")"
      if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$s"; fi
    done
    echo "ranking: infergy rank (reads the store) on $label: $best s (best of 3, process start included)"
    t0="$(now)"
    "$BIN" --db "$db" serve --port 0 --rate-limit 0 2>"$WORK/serve.err" &
    SERVER_PID=$!
    local port=""
    for _ in $(seq 1 1200); do
      port="$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.err")"
      [ -n "$port" ] && break
      sleep 0.1
    done
    echo "ranking: serve on $label loaded its data and listened after $(since "$t0") s"
    local url="http://127.0.0.1:$port/api/ranking?setup=A100_PT&test_sets=imagenet-original,imagenet-real&metric=manhattan&weight=0.5&min_accuracy=70&top=10"
    curl -sf -o /dev/null "$url"  # warm
    for _ in $(seq 1 "$REQUESTS"); do curl -sf -o /dev/null -w '%{time_total}\n' "$url"; done >"$WORK/times"
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    sort -n "$WORK/times" | awk -v label="$label" '{ t[NR] = $1 * 1000 }
      END { p50 = int(NR * 0.5 + 0.999); p99 = int(NR * 0.99 + 0.999)
            printf "ranking: GET /api/ranking on %s, %d sequential requests: p50 %.2f ms, p99 %.2f ms\n",
            label, NR, t[p50], t[p99] }'
  }
  rank_api "$PG/bench_rank" PostgreSQL
  rank_api "$WORK/rank.db" SQLite
else
  echo "ranking: no reference data in $SHARED: skipped"
fi

# 4. The test services' start and stop.
t="$(now)"
bash "$SRC/tests/support/pg_cluster.sh" stop "$WORK/pg" >/dev/null
echo "services: PostgreSQL cluster stopped in $(since "$t") s"
if [ "$(id -u)" -eq 0 ]; then
  t="$(now)"
  bash "$SRC/tests/support/slurm_cluster.sh" start "$WORK/slurm" >/dev/null
  if [ -f "$WORK/slurm/env" ]; then
    echo "services: Slurm (munged, slurmctld, slurmd) started in $(since "$t") s"
    t="$(now)"
    bash "$SRC/tests/support/slurm_cluster.sh" stop "$WORK/slurm"
    echo "services: Slurm stopped in $(since "$t") s"
  else
    echo "services: Slurm unavailable: $(cat "$WORK/slurm/unavailable")"
    bash "$SRC/tests/support/slurm_cluster.sh" stop "$WORK/slurm"
  fi
fi
