#!/usr/bin/env bash
# The issue's end-to-end campaign: 12 tiny TorchScript items on the CPU with a simulated
# sensor, submitted to the test Slurm (tests/support/slurm_cluster.sh) as one job array of
# 4 tasks on PostgreSQL; one worker SIGKILLed mid-item. Its lease expires, another task
# resumes the run from its last committed batch size: every item done once, no batch size
# missing or twice. The same campaign with --executor local on SQLite gives the same
# items, runs and ranked models.
source "$(dirname "$0")/lib.sh" "$1"
source "$(dirname "$0")/campaign_lib.sh"
MODELS="$3"
SLURM_DIR="${INFERGY_TEST_SLURM_DIR:-}"
[ -n "$SLURM_DIR" ] || skip "INFERGY_TEST_SLURM_DIR is not set (run under ctest)"
[ -f "$SLURM_DIR/env" ] || skip "no Slurm test cluster: $(cat "$SLURM_DIR/unavailable" 2>/dev/null || echo "not started")"
PG="$(pg_database "e2e_campaign_slurm_$$")" || skip "PostgreSQL is not available here: $(pg_unavailable)"
export "$(cat "$SLURM_DIR/env")"
/usr/bin/python3 "$(dirname "$0")/make_campaign_models.py" "$MODELS" || { echo "cannot make the models"; exit 1; }
LITE="$WORK/lite.db"
write_campaign "$WORK/tiny.toml" tiny "$MODELS"
export INFERGY_DB="$PG"

run campaign create "$WORK/tiny.toml" --format json; expect_rc 0 "create on PostgreSQL"
expect_json "d['added_items'] == 12" "12 items"
run campaign create "$WORK/tiny.toml" --format json; expect_rc 0 "create again"
expect_json "d['added_items'] == 0 and d['existing_items'] == 12" "idempotent on PostgreSQL"

# The script --dry-run prints is the one submitted (bash parses it; sbatch --test-only
# validates it against this cluster without queueing it).
SUBMIT=(--slurm --tasks 4 --lease-seconds 8 --output "$WORK/slurm-%A_%a.out")
run campaign submit tiny "${SUBMIT[@]}" --dry-run; expect_rc 0 "dry run"
expect_out "#SBATCH --array=0-3" "an array of 4 tasks"
bash -n <<<"$OUT" && pass || fail "the script parses"
grep -q "password" <<<"$OUT" && fail "no password in the script" || pass
printf '%s\n' "$OUT" >"$WORK/job.sh"
sbatch --test-only "$WORK/job.sh" >"$WORK/test-only.out" 2>&1 && pass ||
  fail "sbatch --test-only rejects the script: $(cat "$WORK/test-only.out")"

run campaign submit tiny "${SUBMIT[@]}" --format json; expect_rc 0 "submit"
JOB="$(json "d['job_id']")"
[[ "$JOB" =~ ^[0-9]+$ ]] && pass || fail "a job id, not '$JOB'"
# squeue lists the array while it is queued or running (its tasks as JOB_0..JOB_3).
squeue_lists_array() { squeue -h -r -j "$JOB" -o %i 2>/dev/null | grep -q "^${JOB}_"; }
wait_until 120 squeue_lists_array && pass || fail "squeue shows no array $JOB"
squeue -r -j "$JOB" -o "%i %T %N" 2>/dev/null | head -6

# Kill one worker once its item has committed a batch size with more to go.
if wait_until 300 running_victim; then
  kill -KILL "$VICTIM_PID"
  if killed_item tiny "$VICTIM_PID"; then
    echo "killed worker pid $VICTIM_PID during item $VICTIM_ITEM (run $VICTIM_RUN, batch sizes $VICTIM_DONE committed)"
    pass
  else
    fail "the killed worker held no item with a committed batch size"
  fi
else
  fail "no item was caught mid-sweep"
fi

# campaign status reaches all-done and the array leaves the queue.
all_done() {
  "$BIN" campaign status tiny --format json >"$WORK/status.json" 2>/dev/null &&
    /usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))['data']
sys.exit(0 if d['done'] + d['failed'] == 12 else 1)" "$WORK/status.json"
}
array_gone() { [ -z "$(squeue -h -j "$JOB" -o %i 2>/dev/null)" ]; }
wait_until 600 all_done || fail "the campaign did not finish: $(cat "$WORK/status.json")"
wait_until 120 array_gone || fail "the array is still queued"
run campaign status tiny --format json
expect_json "(d['pending'], d['running'], d['done'], d['failed']) == (0, 0, 12, 0)" "all done on Slurm"
run campaign status tiny --items --format json
expect_json "[i['attempts'] for i in d if i['item'] == '$VICTIM_ITEM'] == [2]" "the killed item was claimed twice"
expect_json "[i['run_id'] for i in d if i['item'] == '$VICTIM_ITEM'] == [$VICTIM_RUN]" "and kept its run"
expect_json "len({i['job'] for i in d}) >= 2 and all(i['job'].startswith('$JOB') for i in d)" "items done by the array's tasks"
run runs show "$VICTIM_RUN" --format json
expect_json "d['status'] == 'complete' and [b['batch_size'] for b in d['batches']] == [1, 2, 4, 8]" "no batch size missing or twice"
run runs export --all --format json; expect_rc 0 "export the runs"
expect_json "len(d) == 12 and all([b['batch_size'] for b in r['batches']] == [1, 2, 4, 8] for r in d)" "12 runs, each with 1, 2, 4, 8"
PG_RUNS="$(campaign_summary)"
run rank --setup tiny_SETUP --metric acc-per-joule --top 100 --format json; expect_rc 0 "rank on PostgreSQL"
expect_json "d['candidates'] == 12 and len(d['entries']) == 12" "all 12 items ranked"
PG_RANK="$(json "sorted(e['model'] for e in d['entries'])")"
run runs list --format csv; expect_rc 0 "runs list on PostgreSQL"
PG_LIST="$(cut -d, -f2-5,7 <<<"$OUT" | sort)"

# The same campaign with local workers on SQLite.
export INFERGY_DB="$LITE"
run campaign create "$WORK/tiny.toml"; expect_rc 0 "create on SQLite"
run campaign submit tiny --executor local --workers 2 --format json; expect_rc 0 "local workers"
expect_json "(d['pending'], d['running'], d['done'], d['failed']) == (0, 0, 12, 0)" "all done locally"
run runs export --all --format json
[ "$(campaign_summary)" = "$PG_RUNS" ] && pass ||
  fail "runs differ: $(diff <(echo "$PG_RUNS") <(campaign_summary) | head -5)"
run rank --setup tiny_SETUP --metric acc-per-joule --top 100 --format json
LITE_RANK="$(json "sorted(e['model'] for e in d['entries'])")"
[ "$LITE_RANK" = "$PG_RANK" ] && pass || fail "ranked models differ: PostgreSQL $PG_RANK, SQLite $LITE_RANK"
run runs list --format csv
[ "$(cut -d, -f2-5,7 <<<"$OUT" | sort)" = "$PG_LIST" ] && pass || fail "runs list differs"
finish
