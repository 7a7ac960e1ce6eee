#!/usr/bin/env bash
# Issue 10: the calibrated estimator, fitted on Yang et al.'s published sample.
source "$(dirname "$0")/lib.sh" "$1"
source "$(dirname "$0")/serve_lib.sh"
YANG="$INFERGY_SHARED_DIR/reference-data/yang2024"

# No measured setup: a clear error naming both importers, exit 2, nothing saved.
run calibrate fit; expect_rc 2 "fit on an empty store"
expect_err "infergy import yang DIR" "empty store names import yang"
expect_err "import runs" "empty store names import runs"
run estimate --method calibrated --gmacs 4 --params 25e6 --input-size 224 --gpu "A100 PCIe 40GB"
expect_rc 2 "estimate without a calibration"; expect_err "infergy calibrate fit" "names calibrate fit"

run import yang "$YANG"; expect_rc 0 "import yang"

run calibrate fit --format json; expect_rc 0 "fit"
expect_json "d['version'] == 1 and [s['setup'] for s in d['setups']] == ['A100_PT','A100_TRT','H100_PT','H100_TRT'] and d['points'] > 3000 and len(d['training_hash']) == 16" "fit summary"
run calibrate show --format json; expect_rc 0 "show"
FIRST="$OUT"
run calibrate fit; expect_rc 0 "fit again"
run calibrate show --format json; expect_rc 0 "show the second fit"
expect_json "d['version'] == 2" "a new version"
# Deterministic: the same store gives the same coefficients, bit for bit.
/usr/bin/python3 -c "
import json, sys
a, b = (json.loads(x)['data'] for x in (sys.argv[1], sys.argv[2]))
same = a['coefficients'] == b['coefficients'] and a['training_hash'] == b['training_hash'] \
    and a['options_hash'] == b['options_hash'] and len(a['coefficients']) > 50
sys.exit(0 if same else 1)" "$FIRST" "$OUT" && pass || fail "fitting is deterministic"
run calibrate show; expect_rc 0 "show text"; expect_out "ln_macs" "coefficients printed"

# One model by its counts, and the same model in a batch CSV: the same numbers exactly.
cat >"$WORK/models.csv" <<'CSV'
params,model,macs,input_size,activations,extra
25557032,resnet50.a1_in1k,4250000000,224,11113000,ignored
5288548,mobilenetv3_large_100.ra_in1k,217000000,224,4600000,
88000000,qqzzxx_base.x,15400000000,224,,
CSV
for gpu in "A100 PCIe 40GB" "H100 PCIe 80GB"; do
  for rt in pytorch tensorrt; do
    run estimate --method calibrated --input "$WORK/models.csv" --gpu "$gpu" --runtime "$rt" --format csv
    expect_rc 0 "batch $gpu $rt"
    BATCH="$OUT"
    run estimate --method calibrated --gmacs 4.25 --params 25557032 --activations 11113000 \
      --input-size 224 --name resnet50.a1_in1k --gpu "$gpu" --runtime "$rt" --format json
    expect_rc 0 "single $gpu $rt"
    /usr/bin/python3 -c "
import csv, io, json, sys
rows = list(csv.DictReader(io.StringIO(sys.argv[1])))
one = json.loads(sys.argv[2])['data']
r = rows[0]
ok = list(rows[0]) == ['model','input_size','gpu','runtime','energy_j','energy_low_j','energy_high_j','interval_level','family'] \
  and len(rows) == 3 and float(r['energy_j']) == one['energy_j'] and float(r['energy_low_j']) == one['energy_low_j'] \
  and float(r['energy_high_j']) == one['energy_high_j'] and r['family'] == 'resnet' and one['family'] == 'resnet' \
  and float(r['energy_low_j']) < float(r['energy_j']) < float(r['energy_high_j']) and r['interval_level'] == '0.9' \
  and rows[2]['family'] == 'unseen family' and 0 < float(rows[2]['energy_j'])
sys.exit(0 if ok else 1)" "$BATCH" "$OUT" && pass || fail "batch reproduces the single estimate ($gpu, $rt)"
  done
done

# A GPU without a measured setup: a transfer, labelled, with a wider interval.
run estimate --method calibrated --gmacs 4.25 --params 25557032 --activations 11113000 \
  --input-size 224 --gpu "H100 SXM 80GB" --format json
expect_rc 0 "transfer to H100 SXM"
expect_json "'transfer' in d['label'] and d['energy_high_j'] / d['energy_low_j'] > 1.2 and d['setup'] in ('A100_PT','H100_PT')" "transfer labelled"

# Bad batch input: file:line:column, exit 2.
printf 'model,input_size,macs,params,activations\nok.x,224,1e9,1e6,1e6\nbad.x,224,lots,1e6,1e6\n' >"$WORK/bad.csv"
run estimate --method calibrated --input "$WORK/bad.csv" --gpu "A100 PCIe 40GB" --format csv
expect_rc 2 "bad row"; expect_err "bad.csv:3:3" "bad row located"
printf 'model,macs,params,activations\nx,1e9,1e6,1e6\n' >"$WORK/nocol.csv"
run estimate --method calibrated --input "$WORK/nocol.csv" --gpu "A100 PCIe 40GB"
expect_rc 2 "missing column"; expect_err "input_size" "missing column named"

# The evaluation: every setup, the calibrated figures beside the naive ones.
run calibrate evaluate --format json; expect_rc 0 "evaluate"
expect_json "[s['setup'] for s in d['setups']] == ['A100_PT','A100_TRT','H100_PT','H100_TRT'] and all(s['naive_error_factor'] > 1.5 and s['cv_error_factor'] < s['naive_error_factor'] for s in d['setups'])" "evaluation beside naive"
expect_json "all(0.8 <= s['cv_coverage'] <= 0.97 for s in d['setups'])" "coverage near the level"
# The issue's targets on the published sample (docs/estimation.md has the figures).
expect_json "all(s['cv_error_factor'] <= 1.20 and s['cv_median_abs_rel_error'] <= 0.12 and s['lofo_error_factor'] <= 1.45 and 0.85 <= s['cv_coverage'] <= 0.95 and 0.85 <= s['lofo_coverage'] <= 0.95 for s in d['setups'])" "CV, LOFO and coverage targets met"
expect_json "all(t['cv_error_factor'] <= 1.35 for t in d['transfers'] if t['source_gpu'] == 'A100 PCIe 40GB' and t['target_gpu'] == 'H100 PCIe 80GB')" "A100 -> H100 transfer target met"
expect_json "any(t['source_gpu'] == 'A100 PCIe 40GB' and t['target_gpu'] == 'H100 PCIe 80GB' and t['runtime'] == 'all' for t in d['transfers'])" "A100 -> H100 transfer reported"

# The report's section: the evaluation table and the predicted-vs-measured figure's data.
run report --out "$WORK/report" --no-figures; expect_rc 0 "report"
grep -q "^| H100_TRT | 985 | 115 | " "$WORK/report/report.md" && pass || fail "report has the evaluation table"
[ "$(wc -l <"$WORK/report/data/calibration_points.csv")" -gt 3900 ] && pass || fail "figure data written"

# The explorer serves a calibrated setup per measured one, marked as estimates.
start_server || fail "serve"
http GET /api/setups; expect_rc 200 "explorer setups"
ENVELOPE=0 expect_json "any(s['name'] == 'A100_PT_CALIBRATED' and s['estimated'] and s['model_count'] > 50 for s in d['setups'])" "calibrated setup served"
stop_server
finish
