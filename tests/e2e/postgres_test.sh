#!/usr/bin/env bash
# The README's quick tour (and a representative set of the other sections) on
# --db postgresql://, each result compared with the same command on SQLite.
source "$(dirname "$0")/lib.sh" "$1"
source "$(dirname "$0")/serve_lib.sh"
source "$(dirname "$0")/campaign_lib.sh"
SHARED="${INFERGY_SHARED_DIR:-$2/../shared}"
PG="$(pg_database "e2e_quick_tour_$$")" || skip "PostgreSQL is not available here: $(pg_unavailable)"
LITE="$WORK/lite.db"

# without_import_time: CSV on stdin without its imported_at column (quoted cells hold commas).
without_import_time() {
  /usr/bin/python3 -c "
import csv, sys
rows = list(csv.reader(sys.stdin))
drop = rows[0].index('imported_at') if rows and 'imported_at' in rows[0] else None
w = csv.writer(sys.stdout, lineterminator='\\n')
for r in rows:
    w.writerow([c for i, c in enumerate(r) if i != drop])"
}

# same NAME ARGS...: the command on both stores gives the same stdout and exit code
# (setups: but for their import times).
same() {
  local name="$1" filter=cat
  shift
  if [ "${!#}" = "--columns-without-import-time" ]; then
    set -- "${@:1:$#-1}"
    filter=without_import_time
  fi
  INFERGY_DB="$LITE" "$BIN" "$@" 2>"$WORK/lite.err" | $filter >"$WORK/lite.out"
  local lite_rc=${PIPESTATUS[0]}
  run --db "$PG" "$@"
  $filter <"$WORK/out" >"$WORK/out.filtered"
  if [ "$RC" -eq "$lite_rc" ] && cmp -s "$WORK/out.filtered" "$WORK/lite.out"; then
    pass
  else
    fail "$name: PostgreSQL (exit $RC) and SQLite (exit $lite_rc) differ: $(diff "$WORK/lite.out" "$WORK/out.filtered" | head -5)"
  fi
}

# The quick tour.
same "models list" models list --format csv
same "models list cv" models list --domain cv --format csv
[ "$(wc -l <<<"$OUT")" -eq 95 ] && pass || fail "94 ImageNet models on PostgreSQL"
same "models show" models show "BERT Large"
same "gpus list" gpus list --precision fp32
same "estimate" estimate --model EfficientNet-B1 --gpu "Tesla V100" --precision fp32
expect_out "0.02675 J per inference" "the README's figure"
same "estimate adapted" estimate --model ResNet-50 --gpu A100 --efficiency adapted --precision tf32
same "estimate gmacs" estimate --gmacs 4.089 --gpu "H100 SXM 80GB" --precision bf16-tensor --format json
same "estimate-flops" estimate-flops --base EfficientNet-B7 --depth-factor 1.7097 --width-factor 2.15 --resolution-factor 1.3334
same "paper examples" estimate-flops --paper-examples
cat >"$WORK/my_gpus.csv" <<'CSV'
name,precision,peak_tflops,tdp_w,launch_date,type,printed_gflops_per_watt,source
Lab GPU,fp32,42,300,2025-03-01,Server,,e2e
CSV
same "db import" db import "$WORK/my_gpus.csv"
same "imported GPU" estimate --gflops 1 --gpu "Lab GPU" --format json
same "db export" db export models --format csv
run --db "$PG" db export models --out "$WORK/models.csv"; expect_rc 0 "export to a file"
[ "$(wc -l <"$WORK/models.csv")" -eq 114 ] && pass || fail "exported models"
run --db "$PG" db info --format json; expect_rc 0 "db info"
expect_json "d['path'].startswith('postgresql://infergy@127.0.0.1:') and d['models_rows'] == 113 and d['gpus_rows'] == 65" "db info on PostgreSQL"

# Trends, forecast, the report.
same "trends list" trends --list
same "trends series" trends --series cv-best-gflops --format json
same "forecast" forecast --trend cv-best-energy --year 2025 --rate 10 --population 8e9 --grid-g-per-kwh 400 --price-per-kwh 0.15 --format json
run --db "$PG" report --out "$WORK/report"; expect_rc 0 "report on PostgreSQL"
[ -s "$WORK/report/report.md" ] && pass || fail "report.md written"

# Yang et al.'s data: import, setups, rank, analyze.
if [ -d "$SHARED/reference-data/yang2024" ]; then
  same "import yang" import yang "$SHARED/reference-data/yang2024"
  same "setups" setups --format csv --columns-without-import-time
  same "rank" rank --setup A100_TRT --metric manhattan --weight 0.5 --min-accuracy 80 --top 10 --format csv
  same "rank acc-per-joule" rank --setup A100_TRT --metric acc-per-joule --min-accuracy 80 --test-set imagenet-original --test-set sketch --max-energy 0.5 --format csv
  same "analyze" analyze --format json
else
  echo "note: no reference data in $SHARED: import/rank/analyze on PostgreSQL not checked"
fi

# Measuring into PostgreSQL: a run, its batches, a setup made of it.
QUICK=(--sensor sim:50 --protocol paper --min-reps 5 --min-seconds 0.2 --idle-seconds 0.1 --max-batch 4)
run --db "$PG" measure gemm:32 "${QUICK[@]}" --format json; expect_rc 0 "measure into PostgreSQL"
expect_json "[b['batch_size'] for b in d['batches']] == [1, 2, 4]" "batch sizes"
RUN_ID="$(json "d['run_id']")"
run --db "$PG" runs show "$RUN_ID" --format json
expect_json "d['status'] == 'complete' and d['provenance']['store'] == 'postgresql' and 'postgresql_server_version' in d['provenance']" "provenance names the store"
grep -q "password" <<<"$OUT" && fail "no credentials in provenance" || pass
run --db "$PG" runs list --format csv; expect_rc 0 "runs list"
expect_out "$RUN_ID,measure,gemm:32" "the run listed"
run --db "$PG" runs export "$RUN_ID" --format csv; expect_rc 0 "runs export"
run --db "$PG" measure gemm:32 "${QUICK[@]}" --resume; expect_rc 0 "resume a complete sweep starts anew"
run --db "$PG" import runs "$RUN_ID" --setup PG_GEMM --name gemm32 --input-px 32 --accuracy 50
expect_rc 0 "import runs"
run --db "$PG" rank --setup PG_GEMM --metric acc-per-joule --format json
expect_json "len(d['entries']) == 1 and d['entries'][0]['model'] == 'gemm32'" "the run ranked"
run --db "$PG" wrap --sensor sim:100 --format json -- sleep 0.5; expect_rc 0 "wrap into PostgreSQL"
expect_json "abs(d['energy_j'] - 50) < 2" "wrap energy"

# The server on PostgreSQL.
INFERGY_DB="$PG" start_server || exit 1
http GET /api/setups; expect_rc 200 "setups from PostgreSQL"
expect_json "any(s['name'] == 'PG_GEMM' for s in d['setups'])" "the measured setup is served"
stop_server

# Credentials never printed: a password in the URL is redacted from messages.
run --db "postgresql://infergy:hunter2@127.0.0.1:1/nope" db info; expect_rc 1 "unreachable server"
grep -q hunter2 <<<"$ERR" && fail "password printed" || pass
finish
