#!/usr/bin/env bash
# Campaigns on SQLite with local workers: the example file, idempotent create, list and
# status, the sbatch script of --dry-run, failures and retry, and a worker SIGKILLed
# mid-item whose item the other worker resumes from its last committed batch size.
source "$(dirname "$0")/lib.sh" "$1"
source "$(dirname "$0")/campaign_lib.sh"
SRC="$2"
EXAMPLE="$SRC/examples/cpu_campaign.toml"

# The example: created once, the same file again adds nothing.
run campaign create "$EXAMPLE" --format json; expect_rc 0 "create the example"
expect_json "d['campaign'] == 'cpu-demo' and d['created'] and d['added_items'] == 6" "six items"
run campaign create "$EXAMPLE" --format json; expect_rc 0 "create again"
expect_json "not d['created'] and d['added_items'] == 0 and d['existing_items'] == 6" "idempotent"
expect_err "nothing new in campaign cpu-demo" "says nothing is new"
run campaign list --format csv; expect_rc 0 "list"
[ "$(sed -n 2p <<<"$OUT" | cut -d, -f1-3)" = "cpu-demo,6,6" ] && pass || fail "list: name first, 6 items, 6 pending"
run campaign status cpu-demo --format json; expect_rc 0 "status"
expect_json "(d['pending'], d['running'], d['done'], d['failed']) == (6, 0, 0, 0)" "all pending"

# The sbatch script, printed and kept; bash accepts it.
run campaign submit cpu-demo --slurm --dry-run --partition cpu --tasks 3 --array-parallel 2
expect_rc 0 "dry run"
expect_out "#SBATCH --array=0-2%2" "array of 3, 2 at once"; expect_out "#SBATCH --partition=cpu" "partition"
expect_out "campaign work 'cpu-demo' --db '$INFERGY_DB'" "workers open this store"
bash -n <<<"$OUT" && pass || fail "the script parses"
SCRIPT="$OUT"
run campaign list --format json
expect_json "d[0]['job_id'] == ''" "a dry run submits nothing"

# The example runs with two local workers; every item done once.
START=$SECONDS
run campaign submit cpu-demo --executor local --workers 2 --format json; expect_rc 0 "local workers"
echo "example campaign: $((SECONDS - START)) s with 2 local workers"
expect_json "(d['pending'], d['running'], d['done'], d['failed']) == (0, 0, 6, 0)" "all done"
expect_err "worker local:1" "two workers"
run runs export --all --format json
expect_json "len(d) == 6 and all(r['status'] == 'complete' and [b['batch_size'] for b in r['batches']] == [1, 2, 4] for r in d)" "six complete runs, batch sizes 1, 2, 4"
expect_json "sorted(r['settings']['campaign_item'] for r in d) == ['gemm-128.quick', 'gemm-128.steady', 'gemm:32.quick', 'gemm:32.steady', 'gemm:64.quick', 'gemm:64.steady']" "one run per item"
run campaign submit cpu-demo --slurm; expect_rc 0 "nothing left to submit"
expect_err "nothing submitted" "says so"

# Bad input: file:line:column, exit 2, the store untouched.
printf 'name = "bad"\n[[models]]\nworkload = "gemm:16"\nmax_batch = 0\n' >"$WORK/bad.toml"
run campaign create "$WORK/bad.toml"; expect_rc 2 "bad campaign file"
expect_err "$WORK/bad.toml:4:13: field 'max_batch': must be an integer from 1 to 16777216" "names the place"
run campaign list --format csv
[ "$(wc -l <<<"$OUT")" -eq 2 ] && pass || fail "nothing stored from the bad file"
run campaign status nope; expect_rc 2 "unknown campaign"

# A failing item keeps its reason; retry requeues it.
echo "not a model" >"$WORK/broken.pt"
cat >"$WORK/failing.toml" <<TOML
name = "failing"
[defaults]
sensor = "sim:50"
protocol = "paper"
min_reps = 3
min_seconds = 0.1
idle_seconds = 0
max_batch = 2
[[models]]
workload = "gemm:16"
[[models]]
path = "broken.pt"
TOML
run campaign create "$WORK/failing.toml"; expect_rc 0 "create failing"
run campaign work failing --format json; expect_rc 0 "worker"
expect_json "d['done'] == 1 and d['failed'] == 1" "one done, one failed"
run campaign status failing --format json
expect_json "d['failed'] == 1 and d['failed_items'][0]['item'] == 'broken' and 'not a TorchScript model' in d['failed_items'][0]['reason']" "the reason"
run campaign status failing; expect_out "failed   broken:" "text lists failed items"
run campaign retry failing --failed --format json; expect_rc 0 "retry"
expect_json "d['requeued'] == 1" "requeued one"
run campaign status failing --items --format csv; expect_rc 0 "items as CSV"
expect_out "broken,pending," "pending again"

# A worker SIGKILLed mid-item: its lease expires, the other worker resumes that run. Items
# take ~5 s; the poll reads the store directly (campaign_lib.sh). The lease, 8 s, leaves
# live workers (renewing every 2 s) room on a loaded machine.
cat >"$WORK/kill.toml" <<TOML
name = "kill"
[defaults]
sensor = "sim:50"
protocol = "paper"
min_reps = 5
min_seconds = 1.2
idle_seconds = 0.1
max_batch = 8
[[models]]
workload = "gemm:16"
[[models]]
workload = "gemm:24"
[[models]]
workload = "gemm:32"
[[models]]
workload = "gemm:40"
TOML
run campaign create "$WORK/kill.toml"; expect_rc 0 "create kill"
"$BIN" campaign submit kill --executor local --workers 2 --lease-seconds 8 --format json \
  >"$WORK/kill.out" 2>"$WORK/kill.err" &
SUBMIT=$!
if wait_until 120 running_victim; then
  kill -KILL "$VICTIM_PID"
  if killed_item kill "$VICTIM_PID"; then
    echo "killed worker pid $VICTIM_PID during item $VICTIM_ITEM (run $VICTIM_RUN, batch sizes $VICTIM_DONE committed)"
    pass
  else
    fail "the killed worker held no item with a committed batch size"
  fi
else
  fail "no item was caught mid-sweep"
fi
wait "$SUBMIT"
RC=$?; OUT="$(cat "$WORK/kill.out")"; ERR="$(cat "$WORK/kill.err")"
expect_rc 1 "one of the workers died"; expect_err "1 of 2 workers failed" "says which"
expect_json "(d['pending'], d['running'], d['done'], d['failed']) == (0, 0, 4, 0)" "every item done"
run campaign status kill --items --format json
expect_json "[i['attempts'] for i in d if i['item'] == '$VICTIM_ITEM'] == [2]" "the killed item was claimed twice"
expect_json "[i['run_id'] for i in d if i['item'] == '$VICTIM_ITEM'] == [$VICTIM_RUN]" "and kept its run"
run runs show "$VICTIM_RUN" --format json
expect_json "d['status'] == 'complete' and [b['batch_size'] for b in d['batches']] == [1, 2, 4, 8]" "no batch size missing or twice"
run runs export --all --format json
expect_json "len([r for r in d if r['settings'].get('campaign') == 'kill']) == 4" "one run per item"
finish
