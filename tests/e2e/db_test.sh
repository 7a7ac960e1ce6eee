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
# docs/data.md's template: only the required columns (and type) of gpus and models.
printf 'name,precision,peak_tflops,tdp_w,launch_date,type,source\nRTX 4090,fp32,82.6,450,2022-10-12,Desktop,NVIDIA RTX 4090 datasheet\n' >"$WORK/my_gpus.csv"
printf 'name,domain,architecture,release_date,accuracy_pct,params_m,compute,compute_unit,source\nMyNet,cv,CNN,2024-05-01,78.1,25.6,4.1,GMACs,my own profile\n' >"$WORK/my_models.csv"
run db import "$WORK/my_gpus.csv"; expect_rc 0 "template gpus without paper-only columns"
run db import "$WORK/my_models.csv"; expect_rc 0 "template models without paper-only columns"
run estimate --model MyNet --gpu 4090 --precision fp32 --format json
expect_json "d['gpu'] == 'RTX 4090' and abs(d['energy_j'] - 8.2e9 / (82.6e12 / 450)) < 1e-9" "template rows estimate"
finish
