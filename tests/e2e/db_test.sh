#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh" "$1"

run db info --format json; expect_rc 0 "db info"
expect_json "d['models_rows'] == 113 and d['gpus_rows'] == 64 and d['schema_version'] >= 1" "row counts"
run db export gpus; expect_rc 0 "export"; cp "$WORK/out" "$WORK/before.csv"

cat >"$WORK/bad.csv" <<'CSV'
name,precision,peak_tflops,tdp_w,launch_date,type,printed_gflops_per_watt,source
Good GPU,fp32,10,100,2024-01-01,Server,,test
Bad GPU,fp32,-3,100,2024-01-01,Server,,test
CSV
run db import "$WORK/bad.csv"; expect_rc 2 "bad import exit code"
expect_err "$WORK/bad.csv:3:3: field 'peak_tflops': must be positive" "file:line:column"
run db export gpus
cmp -s "$WORK/out" "$WORK/before.csv" && pass || fail "store unchanged after a bad import"

printf 'name,domain,release_date\nX,cv,2020-01-01\n' >"$WORK/missing.csv"
run db import "$WORK/missing.csv"; expect_rc 2 "missing columns"; expect_err "missing column" "missing column message"

sed 's/-3/30/' "$WORK/bad.csv" >"$WORK/good.csv"
run db import "$WORK/good.csv"; expect_rc 0 "good import"; expect_err "imported 2 rows into gpus" "import summary"
run estimate --gflops 1 --gpu "Bad GPU" --format json
expect_json "abs(d['gflop_per_joule'] - 300) < 1e-9" "imported GPU used by estimate"
run db export models --out "$WORK/models.csv"; expect_rc 0 "export to file"
[ "$(wc -l <"$WORK/models.csv")" -eq 114 ] && pass || fail "exported models file"
run db import "$WORK/models.csv"; expect_rc 0 "re-import export"
finish
