#!/usr/bin/env bash
# measure, wrap and runs with simulated sensors and the built-in GEMM workload.
source "$(dirname "$0")/lib.sh" "$1"
QUICK=(--sensor sim:50 --protocol paper --min-reps 5 --idle-seconds 0.1)
FAST=("${QUICK[@]}" --min-seconds 0.2)

# Done-when (iv): wrap -- sleep 2 at a simulated 100 W reports 200 J within 1%.
run wrap --sensor sim:100 --format json -- sleep 2; expect_rc 0 "wrap"
# On a busy machine `sleep 2` may take a little longer than 2 s; the energy must still be
# 100 W times the time it took, within 1%.
expect_json "2 <= d['duration_s'] < 30 and abs(d['energy_j'] - 100 * d['duration_s']) <= 0.01 * 100 * d['duration_s']" "wrap sleep 2 = 100 W x its duration (>= 200 J) within 1%"
expect_json "d['energy_method'] == 'counter' and d['exit_code'] == 0" "wrap method"
run wrap --sensor sim:10 -- sh -c 'exit 7'; expect_rc 7 "wrap passes the exit status on"
expect_err " W (counter, sim:10; run " "wrap text is one time-style line on stderr"
run wrap --sensor sim:10 -- infergy-no-such-command; expect_rc 2 "wrap of a missing command"
# Issue 11: a `time`-style line by default; with no sensor, a labelled TDP estimate only on request.
run wrap --sensor sim:100 -- sleep 0.5; expect_rc 0 "wrap text"
expect_err " J in 0.5" "time-style line"; expect_err "avg 100 W (counter, sim:100; run " "method, sensor, run"
run wrap --sensor nvml:99 -- sleep 0.1; expect_rc 1 "no sensor, no estimate"
expect_err "--estimate-tdp W runs the command anyway" "says how to estimate"
run wrap --sensor nvml:99 --estimate-tdp 200 --format json -- sleep 0.5; expect_rc 0 "TDP estimate"
expect_json "d['energy_method'] == 'tdp-estimate' and d['measured'] is False and abs(d['energy_j'] - 200 * d['duration_s']) < 1 and d['duration_s'] >= 0.5" "TDP x duration, labelled"
run wrap --sensor nvml:99 --estimate-tdp 200 -- sleep 0.1; expect_err "ESTIMATE: --estimate-tdp 200 W x duration" "estimate labelled in text"

# Phases the command marks, and a recorded nvidia-smi trace replayed as the sensor.
run wrap --sensor sim:100 --format json -- sh -c 'echo load >"$INFERGY_PHASE_FIFO"; sleep 0.2; echo run >"$INFERGY_PHASE_FIFO"; sleep 0.3'
expect_rc 0 "wrap with phases"
expect_json "[p['name'] for p in d['phases']] == ['load', 'run'] and d['phases'][1]['duration_s'] >= 0.3 and abs(d['phases'][1]['energy_j'] - 100 * d['phases'][1]['duration_s']) < 0.05 * 100 * d['phases'][1]['duration_s']" "phase energies: 100 W x the phase's duration"
printf 'timestamp, power.draw [W]\n2024/01/15 10:00:00.000, 60.00 W\n2024/01/15 10:00:10.000, 60.00 W\n' >"$WORK/smi.csv"
run wrap --sensor "trace:$WORK/smi.csv" --format json -- sleep 0.5; expect_rc 0 "wrap with a trace"
expect_json "d['energy_method'] == 'trapezoid' and abs(d['avg_power_w'] - 60) < 1e-6" "trace replayed"

# No real sensor here: measure refuses rather than picking a simulated one.
run measure gemm:16 --max-batch 1; expect_rc 1 "no sensor"
expect_err "--sensor" "message names --sensor"; expect_err "sim:WATTS" "message names the forms"
run measure gemm:16 --sensor sim:oops; expect_rc 2 "bad sensor spec"

# A GEMM sweep: the run with one object per batch size, energy = power / throughput, FLOP/s and FLOP/J.
run measure gemm:32 "${FAST[@]}" --max-batch 8 --format json; expect_rc 0 "gemm sweep"
expect_json "[b['batch_size'] for b in d['batches']] == [1, 2, 4, 8]" "batch sizes doubled"
expect_json "all(abs(b['energy_per_item_j'] * b['throughput_items_per_s'] - 50) < 0.05 for b in d['batches'])" "J/item = W / items/s"
expect_json "all(b['reps'] >= 5 and b['duration_s'] >= 0.2 and b['avg_power_w'] > 49.9 for b in d['batches'])" "stopping rule"
expect_json "all(b['energy_per_item_ci95_j'] is not None and b['flop_per_joule'] > 0 for b in d['batches'])" "CI and FLOP/J"
expect_json "sum(b['most_efficient'] for b in d['batches']) == 1" "one best batch size"
expect_err "idle power: 50 W" "idle power on stderr"; expect_err "batch    8 done" "progress on stderr"

# Done-when (vi): out of memory (here a memory limit) ends the sweep cleanly.
run measure gemm:32 "${FAST[@]}" --max-batch 64 --memory-limit 40000 --format json; expect_rc 0 "oom sweep"
expect_json "[b['batch_size'] for b in d['batches']] == [1, 2, 4]" "stops before the batch that does not fit"
expect_err "out of memory at batch size 8" "out-of-memory reason"

# Done-when (v): a sensor failure marks the run invalid, keeps what was measured.
run measure gemm:32 --sensor 'sim:50,fail_after=1.2' --protocol paper --min-reps 5 --min-seconds 0.3 \
  --idle-seconds 0.1 --max-batch 1024 --format json
expect_rc 1 "sensor failure exit code"; expect_err "is invalid: power sensor failed" "invalid message"
FAILED_RUN=$(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read())['data']['run_id'])" <<<"$OUT")
run runs show "$FAILED_RUN" --format json
expect_json "d['status'] == 'invalid' and 'simulated sensor failure' in d['status_reason']" "reason stored"
expect_json "len(d['batches']) >= 1 and d['batches'][0]['batch_size'] == 1" "completed batches kept"

run measure gemm:16 --sensor 'sim:50,fail_after=0.1' --idle-seconds 0.5; expect_rc 1 "sensor fails during idle"
run runs list --format json
expect_json "d[-1]['status'] == 'invalid' and 'idle power' in d[-1]['status_reason']" "idle failure marks the run invalid"

# Done-when (iii): SIGKILL mid-sweep, then --resume: no completed batch size is lost.
SWEEP=(measure gemm:32 "${QUICK[@]}" --min-seconds 0.5 --max-batch 256 --keep-samples --format json)
"$BIN" "${SWEEP[@]}" >"$WORK/killed.out" 2>"$WORK/killed.err" &
PID=$!
for _ in $(seq 1 300); do  # until two batch sizes are committed (progress on stderr)
  grep -q "batch    2 done" "$WORK/killed.err" && break
  kill -0 $PID 2>/dev/null || break
  sleep 0.05
done
kill -9 $PID; wait $PID 2>/dev/null
run runs list --format json
KILLED_RUN=$(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read())['data'][-1]['run_id'])" <<<"$OUT")
run runs show "$KILLED_RUN" --format json; cp "$WORK/out" "$WORK/before.json"
expect_json "d['status'] == 'running' and len(d['batches']) >= 2" "killed run kept its batches"
run "${SWEEP[@]}" --resume; expect_rc 0 "resume"
expect_err "resuming run $KILLED_RUN" "resumed the killed run"
run runs show "$KILLED_RUN" --format json
expect_json "d['status'] == 'complete' and [b['batch_size'] for b in d['batches']] == [1, 2, 4, 8, 16, 32, 64, 128, 256]" "all batch sizes after resume"
echo "$OUT" >"$WORK/after.json"
/usr/bin/python3 -c "
import json, sys
before = {b['batch_size']: b for b in json.load(open(sys.argv[1]))['data']['batches']}
after = {b['batch_size']: b for b in json.load(open(sys.argv[2]))['data']['batches']}
sys.exit(0 if before and all(after[k]['started_at'] == v['started_at'] for k, v in before.items()) else 1)
" "$WORK/before.json" "$WORK/after.json" && pass || fail "batches measured before the kill unchanged"

# runs list / export.
run runs list --format csv; expect_rc 0 "runs list"
expect_out "run_id,kind,workload,sensor,status,started_at" "runs list CSV header"
expect_out ",wrap,sleep 2,sim:100,complete," "wrap run stored"
run runs export "$KILLED_RUN"; expect_rc 0 "runs export"
[ "$(wc -l <<<"$OUT")" -eq 10 ] && pass || fail "export: header + 9 batch rows"
expect_out "energy_per_item_ci95_j" "export header"
run runs export "$KILLED_RUN" --samples; expect_rc 0 "export samples"
[ "$(wc -l <<<"$OUT")" -gt 20 ] && pass || fail "kept samples exported"
run runs export --all --format json; expect_rc 0 "export all"
expect_json "len(d) >= 4 and all('provenance' in r for r in d)" "all runs with provenance"
run runs show "$FAILED_RUN"; expect_rc 0 "runs show"
expect_out "run $FAILED_RUN (measure, invalid: power sensor failed" "runs show headline"
expect_out "best batch size " "runs show names the best batch size"
grep -q '^provenance' <<<"$OUT" && fail "runs show text dumps every key" || pass
run runs show 9999; expect_rc 2 "unknown run"

# Issue 11: a run's figures (gnuplot): J/item with CI, throughput and latency, power, trace.
run runs plot "$KILLED_RUN" --out "$WORK/figs" --tdp 300 --format json; expect_rc 0 "runs plot"
expect_json "[r['figure'] for r in d] == ['run${KILLED_RUN}_energy_per_item', 'run${KILLED_RUN}_throughput_latency', 'run${KILLED_RUN}_power', 'run${KILLED_RUN}_power_trace']" "the four figures"
for stem in energy_per_item throughput_latency power power_trace; do
  grep -q "<svg" "$WORK/figs/run${KILLED_RUN}_$stem.svg" && pass || fail "$stem.svg is an SVG"
  file "$WORK/figs/run${KILLED_RUN}_$stem.png" | grep -q "PNG image" && pass || fail "$stem.png is a PNG"
done
grep -q "TDP 300 W" "$WORK/figs/run${KILLED_RUN}_power.svg" && pass || fail "TDP line labelled"
run runs plot 9999 --out "$WORK/figs"; expect_rc 2 "plot of an unknown run"
run measure gemm:16 "${QUICK[@]}" --min-seconds 0.2 --max-batch 2 --plot "$WORK/mfigs"; expect_rc 0 "measure --plot"
expect_err "figures: 6 files in $WORK/mfigs" "measure --plot writes three figures without samples"
ls "$WORK/mfigs" | grep -q "_energy_per_item.png$" && pass || fail "measure --plot PNG"
# Issue 11: a worker that hangs is killed after --worker-timeout; the run resumes.
FAKE=(measure fake:net --worker "$(dirname "$0")/../support/fake_worker.py" --worker-timeout 5
      "${QUICK[@]}" --min-seconds 0.1 --max-batch 4)
FAKE_WORKER=hang-at:2 run "${FAKE[@]}"; expect_rc 1 "a hung worker fails the run"
expect_err "batch size 2 stopped: worker for fake:net hung: no reply to 'run' within 5 s" "hang message"
expect_err "--resume continues the run" "says how to go on"
run "${FAKE[@]}" --resume --format json; expect_rc 0 "resume after the hang"
expect_json "d['status'] == 'complete' and [b['batch_size'] for b in d['batches']] == [1, 2, 4]" "resumed run complete"
finish
