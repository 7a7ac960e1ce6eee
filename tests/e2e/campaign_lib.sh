# Helpers for the campaign and PostgreSQL end-to-end tests. Source after lib.sh.

# json EXPR: prints a Python expression over `d` (the envelope's data) of stdout ($OUT).
json() {
  /usr/bin/python3 -c "
import json, sys
d = json.loads(sys.stdin.read())['data']
print($1)" <<<"$OUT"
}

# skip REASON: the test cannot run here (ctest counts exit 77 as skipped).
skip() {
  echo "SKIPPED: $*"
  exit 77
}

# pg_database NAME: a fresh database in the test cluster ($INFERGY_TEST_PG_DIR); prints its URL.
pg_database() {
  local dir="${INFERGY_TEST_PG_DIR:-}"
  [ -n "$dir" ] && [ -f "$dir/url" ] || return 1
  local port
  port="$(cat "$dir/port")"
  PGOPTIONS="-c client_min_messages=warning" psql -q -h 127.0.0.1 -p "$port" -U infergy -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\"" >/dev/null || return 1
  echo "postgresql://infergy@127.0.0.1:$port/$1"
}

pg_unavailable() {
  local dir="${INFERGY_TEST_PG_DIR:-}"
  if [ -z "$dir" ]; then echo "INFERGY_TEST_PG_DIR is not set (run under ctest)"; return; fi
  cat "$dir/unavailable" 2>/dev/null || echo "no PostgreSQL test cluster in $dir"
}

# wait_until SECONDS CMD...: retries CMD every 0.1 s until it succeeds; 1 if it never did.
wait_until() {
  local until=$((SECONDS + $1))
  shift
  while ! "$@"; do
    [ "$SECONDS" -lt "$until" ] || return 1
    sleep 0.1
  done
}

# store_query SQL: runs SQL on $INFERGY_DB (sqlite3 or psql), one row a line, | between
# columns. The polls below read the store directly: starting infergy (which links
# libtorch) takes seconds on a busy machine, longer than the window they look for.
store_query() {
  case "$INFERGY_DB" in
    postgres://* | postgresql://*) psql "$INFERGY_DB" -At -c "$1" 2>/dev/null ;;
    *) sqlite3 -cmd ".timeout 10000" "$INFERGY_DB" "$1" 2>/dev/null ;;
  esac
}

VICTIM_PID="" VICTIM_ITEM="" VICTIM_RUN=0 VICTIM_DONE=""

# running_victim: succeeds once a running item's run has committed a batch size with two
# or more to go (so a kill lands mid-item even if polling is slow); sets VICTIM_PID,
# VICTIM_ITEM and VICTIM_RUN from that one read of the store.
running_victim() {
  local agg="group_concat(batch_size)"
  [[ "$INFERGY_DB" == postgres* ]] && agg="string_agg(CAST(batch_size AS TEXT), ',' ORDER BY batch_size)"
  local row
  row="$(store_query "SELECT i.owner_pid, i.name, i.run_id, (SELECT $agg FROM batch_results b WHERE b.run_id = i.run_id)
    FROM campaign_items i WHERE i.status = 'running' AND i.run_id IS NOT NULL" |
    awk -F'|' '$4 != "" && $4 !~ /(^|,)4(,|$)/ { print $1, $2, $3; exit }')"
  [ -n "$row" ] && read -r VICTIM_PID VICTIM_ITEM VICTIM_RUN <<<"$row"
}

# killed_item CAMPAIGN PID: right after PID was killed, checks in the store that PID
# still held VICTIM_ITEM of CAMPAIGN (it did not finish it between the poll and the
# kill); sets VICTIM_DONE (batch sizes committed). Reads the store directly, not through
# infergy, so its start-up cannot outlast the dead worker's lease.
killed_item() {
  local held
  held="$(store_query "SELECT count(*) FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id
    WHERE c.name = '$1' AND i.name = '$VICTIM_ITEM' AND i.status = 'running' AND i.owner_pid = $2
    AND i.run_id = $VICTIM_RUN")"
  [ "$held" = 1 ] || return 1
  VICTIM_DONE="$(store_query "SELECT batch_size FROM batch_results WHERE run_id = $VICTIM_RUN ORDER BY batch_size" | paste -sd,)"
  [ -n "$VICTIM_DONE" ]
}

# write_campaign FILE NAME MODELS_DIR: 6 tiny TorchScript models x 2 settings = 12 items,
# a simulated 50 W sensor, batch sizes 1..8, setup NAME_SETUP with an accuracy per model.
write_campaign() {
  local file="$1" name="$2" models="$3"
  {
    cat <<TOML
name = "$name"
setup = "${name}_SETUP"

[defaults]
device = "cpu"
sensor = "sim:50"
protocol = "paper"
min_reps = 5
min_seconds = 0.6
idle_seconds = 0.2
max_batch = 8

[[settings]]
label = "fp32"

[[settings]]
label = "bf16"
precision = "bf16"
TOML
    local accuracy=60
    for width in 2 3 4 5 6 8; do
      printf '\n[[models]]\npath = "%s/tiny_w%s.pt"\naccuracy = %s\n' "$models" "$width" "$accuracy"
      accuracy=$((accuracy + 3))
    done
  } >"$file"
}

# campaign_summary: one line per measure run of `runs export --all --format json` in $OUT:
# item, workload, status and batch sizes (what must match between two executions).
campaign_summary() {
  /usr/bin/python3 -c "
import json, sys
runs = json.loads(sys.stdin.read())['data']
for r in sorted(runs, key=lambda r: r['settings'].get('campaign_item', '')):
    sizes = [b['batch_size'] for b in r['batches']]
    print(r['settings'].get('campaign_item'), r['workload'], r['status'], sizes)" <<<"$OUT"
}
