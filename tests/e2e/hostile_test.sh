#!/usr/bin/env bash
# Issue 13: hostile input, processes and paths against the real binary. Each block is
# a defect the issue lists, now refused clearly (exit 2 with a position, or exit 1 with a
# reason) with the store unchanged, or handled.
source "$(dirname "$0")/lib.sh" "$1"

YANG="$WORK/yang"
mkdir -p "$YANG"
HEADER='Model Name,Input Size,Energy,Accuracy,Throughput,Latency,Optimal BS,Max BS'
printf '%s\nresnet50.a1_in1k,224,1.5,80.1,1000,2,64,512\nvit_base.x,224,3.0,81.0,500,4,32,256\n' \
  "$HEADER" >"$YANG/A100_TRT.csv"
run import yang "$YANG"; expect_rc 0 "import a valid setup"
setup_models() { run setups --format json; /usr/bin/python3 -c "import json,sys; print({s['name']: s['model_count'] for s in json.load(sys.stdin)['data']}.get('A100_TRT'))" <<<"$OUT"; }
[ "$(setup_models)" = 2 ] && pass || fail "two models imported"

# Non-UTF-8 model names: refused with file:line:column, nothing stored.
printf '%s\ncaf\xe9,224,1.5,80.1,1000,2,64,512\n' "$HEADER" >"$YANG/A100_TRT.csv"
run import yang "$YANG"; expect_rc 2 "non-UTF-8 name refused"
expect_err "A100_TRT.csv:2:4: not valid UTF-8 (byte 0xE9)" "position of the bad byte"
[ "$(setup_models)" = 2 ] && pass || fail "store unchanged after a non-UTF-8 import"
run rank --setup A100_TRT --format json; expect_rc 0 "rank --format json still works"

# A header-only setup file no longer empties the setup.
printf '%s\n' "$HEADER" >"$YANG/A100_TRT.csv"
run import yang "$YANG"; expect_rc 2 "header-only file refused"
expect_err "A100_TRT.csv:2:1: no data rows" "says no data rows"
[ "$(setup_models)" = 2 ] && pass || fail "setup kept its models"

# A subnormal energy: refused at its cell, not by the database's CHECK constraint.
printf '%s\nresnet50.a1_in1k,224,1e-310,80.1,1000,2,64,512\n' "$HEADER" >"$YANG/A100_TRT.csv"
run import yang "$YANG"; expect_rc 2 "subnormal energy refused"
expect_err "A100_TRT.csv:2:3: field 'Energy': '1e-310' is out of range" "position of the subnormal"
# Duplicated columns.
printf 'Model Name,%s\nx,resnet50.a1_in1k,224,1.5,80.1,1000,2,64,512\n' "$HEADER" >"$YANG/A100_TRT.csv"
run import yang "$YANG"; expect_rc 2 "duplicate column refused"
expect_err "duplicate column 'Model Name' (also column 1)" "names the duplicate column"
rm -rf "$YANG"

# db import: one number grammar (no hex, '+' or spaces), duplicate rows refused.
GPU_HEADER='name,precision,peak_tflops,tdp_w,launch_date,type,printed_gflops_per_watt,source'
for bad in 0x10 +5 ' 5'; do
  printf '%s\nFuzz GPU,fp32,%s,300,2024-01-01,Server,,test\n' "$GPU_HEADER" "$bad" >"$WORK/gpus.csv"
  run db import "$WORK/gpus.csv"; expect_rc 2 "db import refuses peak_tflops '$bad'"
  expect_err "gpus.csv:2:3: field 'peak_tflops'" "position for '$bad'"
done
printf '%s\nFuzz GPU,fp32,10,300,2024-01-01,Server,,a\nFuzz GPU,fp32,20,300,2024-01-01,Server,,b\n' "$GPU_HEADER" >"$WORK/gpus.csv"
run db import "$WORK/gpus.csv"; expect_rc 2 "duplicate rows refused"
expect_err "gpus.csv:3:1: duplicate row: the same name, precision as line 2" "names both lines"
run gpus list --format json; expect_json "not any(g['name'] == 'Fuzz GPU' for g in d)" "nothing stored"

# Numbers: no infinity from the command line.
run estimate --gmacs inf --gpu A100 --precision fp32; expect_rc 2 "--gmacs inf refused"
expect_err "'inf' is not a finite number" "says finite"
run estimate --gmacs 1e999 --gpu A100 --precision fp32; expect_rc 2 "--gmacs 1e999 refused"

# A sensor reporting an impossible value marks the run invalid; readers keep working.
run measure gemm:16 --sensor sim:1e308 --protocol paper --min-reps 3 --min-seconds 0.05 \
  --idle-seconds 0 --max-batch 2; expect_rc 1 "impossible energy refused"
expect_err "impossible value" "says why"
run runs list --format json; expect_rc 0 "runs list after it"
expect_json "d[-1]['status'] == 'invalid' and 'impossible value' in d[-1]['status_reason']" "run invalid with the reason"
LAST="$(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read())['data'][-1]['run_id'])" <<<"$OUT")"
run runs show "$LAST"; expect_rc 0 "runs show after it"

# wrap: non-UTF-8 output/arguments keep the run; a failing sensor keeps the command's status.
# (the command's own output goes to stdout too: sent to stderr here so stdout is JSON)
run wrap --sensor sim:10 --format json -- sh -c 'echo "$0" >&2' $'caf\xe9'; expect_rc 0 "wrap of non-UTF-8 text"
expect_json "d['command'].endswith(' caf\ufffd')" "stored with U+FFFD"
expect_err "not valid UTF-8" "warns"
run wrap --sensor 'sim:50,fail_after=0.2' --format json -- sh -c 'sleep 0.6; exit 3'
expect_rc 3 "failing sensor: the command's status"
expect_json "d['invalid_reason'].startswith('power sensor failed') and d['energy_j'] is None" "no energy, a reason"
run runs list --format json; expect_json "d[-1]['status'] == 'invalid'" "wrap run stored as invalid"

# SIGTERM to wrap reaches the child; wrap records the run and removes its temp folder.
before="$(ls -d /tmp/infergy-wrap-* 2>/dev/null | wc -l)"
"$BIN" wrap --sensor sim:10 -- sh -c 'echo $$ >"'"$WORK"'/child.pid"; exec sleep 60' >"$WORK/w.out" 2>"$WORK/w.err" &
WRAP=$!
for _ in $(seq 1 300); do [ -s "$WORK/child.pid" ] && break; sleep 0.1; done
kill -TERM "$WRAP"; wait "$WRAP"; RC=$?
expect_rc 143 "wrap ends with the child's signal status"
kill -0 "$(cat "$WORK/child.pid")" 2>/dev/null && fail "child still running" || pass
after="$(ls -d /tmp/infergy-wrap-* 2>/dev/null | wc -l)"
[ "$after" -le "$before" ] && pass || fail "temp folder left behind"

# Paths.
run --db "" models list; expect_rc 2 "--db ''"; expect_err "empty" "says empty"
run --db "$WORK/missing/sub/x.db" models list; expect_rc 2 "missing folder"
expect_err "does not exist" "says the folder is missing"
[ -e "$WORK/missing" ] && fail "created the missing folder" || pass
run --db "mysql://u@h/db" models list; expect_rc 2 "unknown URL scheme"
expect_err "unsupported store location 'mysql://" "names the scheme"
: >"$WORK/empty.db"
run --db "$WORK/empty.db" models list; expect_rc 2 "zero-length file refused"
[ -s "$WORK/empty.db" ] && fail "empty file re-initialised" || pass
run --db "$WORK" models list; expect_rc 2 "a folder as store"
# A store this user may not write opens read-only: reading works, writing says why.
# (Root may write any file, so as root the check runs as nobody through setpriv.)
RO="$(mktemp -d /tmp/infergy-ro-XXXXXX)"; chmod 0755 "$RO"
"$BIN" --db "$RO/ro.db" models list >/dev/null 2>&1
chmod 0444 "$RO/ro.db"; chmod 0555 "$RO"
AS=()
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if [ "$(id -u)" -ne 0 ] || [ "${#AS[@]}" -gt 0 ]; then
  printf '%s\nRO GPU,fp32,10,300,2024-01-01,Server,,test\n' "$GPU_HEADER" >"$RO.gpus.csv"
  chmod 0644 "$RO.gpus.csv"
  "${AS[@]}" "$BIN" --db "$RO/ro.db" models list --format csv >"$WORK/out" 2>"$WORK/err"; RC=$?
  OUT="$(cat "$WORK/out")"; ERR="$(cat "$WORK/err")"
  expect_rc 0 "read-only store reads"; expect_out "ResNet-50" "lists the models"
  "${AS[@]}" "$BIN" --db "$RO/ro.db" db import "$RO.gpus.csv" >"$WORK/out" 2>"$WORK/err"; RC=$?
  OUT="$(cat "$WORK/out")"; ERR="$(cat "$WORK/err")"
  expect_rc 1 "writing a read-only store fails"
  expect_err "read-only" "says read-only"
fi
chmod 0755 "$RO"; rm -rf "$RO" "$RO.gpus.csv"
mkdir -p "$WORK/outdir"
run db export gpus --out "$WORK/outdir"; expect_rc 2 "--out to a folder"
expect_err "is a folder" "says folder"
[ -e "$WORK/outdir.tmp" ] && fail "left outdir.tmp" || pass

# Concurrent --resume of one run: the second is refused while the first measures.
# 2 s per batch size, 7 sizes: the second (started after batch 1) must find the first
# still running even when starting a process takes seconds on a busy machine.
SWEEP=(measure gemm:32 --sensor sim:50 --protocol paper --min-reps 5 --min-seconds 2 --idle-seconds 0 --max-batch 64)
"$BIN" "${SWEEP[@]}" >"$WORK/first.out" 2>"$WORK/first.err" &
FIRST=$!
for _ in $(seq 1 600); do
  grep -q "batch    1 done" "$WORK/first.err" && break
  kill -0 $FIRST 2>/dev/null || break
  sleep 0.1
done
run "${SWEEP[@]}" --resume; expect_rc 1 "second --resume refused"
expect_err "is being measured by" "says who holds it"
wait "$FIRST"; RC=$?; expect_rc 0 "the first completes"
finish
