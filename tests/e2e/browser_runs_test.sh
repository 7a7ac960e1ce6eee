#!/usr/bin/env bash
# The explorer's Runs page in Debian's Chromium (issue 11): two runs of the built-in GEMM
# on a simulated sensor (samples kept on the first; the second stored after the server
# started), and a store of 200 runs for the timings.
# Usage: browser_runs_test.sh INFERGY SOURCE_DIR ARTIFACT_DIR
source "$(dirname "$0")/lib.sh" "$1"
source "$(dirname "$0")/serve_lib.sh"
SRC="$2"
ARTIFACTS="$3"
# A load whose power varies, so the CI bars are not all zero; short batch sizes.
SENSOR='sim:square:40:90:0.05'
QUICK=(--sensor "$SENSOR" --protocol paper --min-reps 5 --min-seconds 0.3 --idle-seconds 0.1)

run measure gemm:32 "${QUICK[@]}" --max-batch 4 --keep-samples; expect_rc 0 "run 1 (samples kept)"
start_server || exit 1
RUNS_PID=$SERVER_PID
RUNS="http://127.0.0.1:$PORT"
run measure gemm:32 "${QUICK[@]}" --max-batch 2; expect_rc 0 "run 2, stored after the server started"
"$BIN" runs show 1 --format json >"$WORK/run1.json" && pass || fail "runs show 1"
"$BIN" runs show 2 --format json >"$WORK/run2.json" && pass || fail "runs show 2"
"$BIN" gpus show A100 --format json >"$WORK/gpu.json" && pass || fail "gpus show A100"

# 200 short runs (one process each, as people store them).
export INFERGY_DB="$WORK/many.db"
for _ in $(seq 1 200); do
  "$BIN" measure gemm:8 --sensor sim:50 --protocol paper --min-reps 2 --min-seconds 0 \
    --idle-seconds 0 --max-batch 4 >/dev/null 2>"$WORK/err" || { fail "a run of the 200"; break; }
done
start_server --db "$WORK/many.db" || exit 1
MANY="http://127.0.0.1:$PORT"

node "$SRC/web/tests/runs.test.mjs" "$RUNS" "$MANY" "$WORK/run1.json" "$WORK/run2.json" \
  "$WORK/gpu.json" "$ARTIFACTS" && pass || fail "browser checks of the Runs page"
stop_server
SERVER_PID=$RUNS_PID
stop_server
finish
