#!/usr/bin/env bash
# Issue 10: what the calibrated estimator learns from and predicts for beyond Yang et
# al.'s setups: infergy's own runs imported with `import runs`, and ONNX files.
source "$(dirname "$0")/lib.sh" "$1"
YANG="$INFERGY_SHARED_DIR/reference-data/yang2024"
MODELS="${INFERGY_PROFILE_MODELS:?set INFERGY_PROFILE_MODELS (fixture profile_models)}"
value() { /usr/bin/python3 -c "import json, sys; d = json.loads(sys.stdin.read())['data']; print($1)" <<<"$OUT"; }

run import yang "$YANG"; expect_rc 0 "import yang"

# (a) A run of the built-in GEMM workload on a simulated sensor, imported as a setup of
# 20 models whose counts the store has (Yang et al.'s model_stats): one run under 20
# names, so every point carries the run's energy per item at its most efficient batch.
run measure gemm:32 --sensor sim:50 --protocol paper --min-reps 5 --min-seconds 0.2 \
  --idle-seconds 0.1 --max-batch 4 --format json
expect_rc 0 "measure"
RUN_ID="$(value "d['run_id']")"
ENERGY="$(value "min(b['energy_per_item_j'] for b in d['batches'])")"
NAMES=()
while IFS=, read -r name px _; do
  [ "$px" = 224 ] && NAMES+=("$name")
done < <(tail -n +2 "$YANG/model_stats.csv" | head -60)
NAMES=("${NAMES[@]:0:20}")
[ "${#NAMES[@]}" -eq 20 ] && pass || fail "20 models at 224 px in model_stats.csv"
IDS=()
NAME_ARGS=()
for n in "${NAMES[@]}"; do IDS+=("$RUN_ID"); NAME_ARGS+=(--name "$n"); done
run import runs "${IDS[@]}" --setup OWN_GEMM --gpu "A100 PCIe 40GB" --input-px 224 "${NAME_ARGS[@]}"
expect_rc 0 "import runs as a setup"

run calibrate fit --format json; expect_rc 0 "fit with an imported run setup"
expect_json "'OWN_GEMM' in [s['setup'] for s in d['setups']] and d['points'] == 3980 + 20" "the run setup is trained on"
run calibrate show --format json; expect_rc 0 "show"
expect_json "any(s['setup'] == 'OWN_GEMM' and s['points'] == 20 and s['runtime'] == 'infergy measure' for s in d['setups'])" "show lists the setup and its 20 points"
run calibrate show; expect_rc 0 "show text"; expect_out "OWN_GEMM" "show text names the setup"

# Every training point has the same energy: the setup's estimate is that energy.
run estimate --method calibrated --gmacs 4.1 --params 25.6e6 --activations 11e6 --input-size 224 \
  --name resnet50.a1_in1k --gpu "A100 PCIe 40GB" --runtime "infergy measure" --format json
expect_rc 0 "estimate on the run setup"
expect_json "d['setup'] == 'OWN_GEMM' and d['points'] == 20 and 'OWN_GEMM' in d['trained_on'] and len(d['trained_on']) == 5 and abs(d['energy_j'] / $ENERGY - 1) < 1e-6" "estimate from the run setup, the run's energy"

# (b) An ONNX file: the profiler's counts reach the prediction, which equals the one
# from the same counts given by hand.
run profile "$MODELS/resnet18.onnx" --format json; expect_rc 0 "profile resnet18"
PROFILE="$OUT"
for rt in pytorch tensorrt; do
  run estimate --method calibrated --onnx "$MODELS/resnet18.onnx" --gpu "A100 PCIe 40GB" --runtime "$rt" --format json
  expect_rc 0 "estimate --onnx ($rt)"
  ONNX="$OUT"
  /usr/bin/python3 -c "
import json, sys
p, e = (json.loads(x)['data'] for x in sys.argv[1:3])
t = p['totals']
ok = e['model'] == 'resnet18' and e['input_size'] == 224 and e['family'] == 'resnet' \
  and e['macs'] == t['macs'] and e['params'] == t['params'] and e['activations'] == t['activations'] \
  and 1.7e9 < e['macs'] < 1.9e9 and 11e6 < e['params'] < 12e6
sys.exit(0 if ok else 1)" "$PROFILE" "$ONNX" && pass || fail "the profiler's counts reach the estimate ($rt)"
  ARGS="$(/usr/bin/python3 -c "
import json, sys
e = json.loads(sys.argv[1])['data']
print(repr(e['macs'] / 1e9), repr(e['params']), repr(e['activations']))" "$ONNX")"
  read -r GMACS PARAMS ACTS <<<"$ARGS"
  run estimate --method calibrated --gmacs "$GMACS" --params "$PARAMS" --activations "$ACTS" \
    --input-size 224 --name resnet18 --gpu "A100 PCIe 40GB" --runtime "$rt" --format json
  expect_rc 0 "estimate by counts ($rt)"
  /usr/bin/python3 -c "
import json, sys
a, b = (json.loads(x)['data'] for x in sys.argv[1:3])
same = all(abs(a[k] / b[k] - 1) < 1e-12 for k in ('energy_j', 'energy_low_j', 'energy_high_j'))
sys.exit(0 if same and a['setup'] == b['setup'] and a['family'] == b['family'] else 1)" "$ONNX" "$OUT" \
    && pass || fail "--onnx gives the energy of the same counts by hand ($rt)"
done
finish
