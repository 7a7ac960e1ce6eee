#!/usr/bin/env bash
# Done-when (ii): a full sweep of a small TorchScript model on CPU with the simulated sensor,
# stored with provenance. The model is traced at test time with Debian's python3-torch.
source "$(dirname "$0")/lib.sh" "$1"
MODELS="$2"
/usr/bin/python3 "$(dirname "$0")/make_tiny_model.py" "$MODELS" || { echo "cannot make the model"; exit 1; }
QUICK=(--protocol paper --min-reps 13 --min-seconds 0.3 --idle-seconds 0.2)

run measure "$MODELS/tiny_cnn.pt" --device cpu --sensor sim:50 --max-batch 8 "${QUICK[@]}" --format json
expect_rc 0 "torch sweep"
expect_json "[b['batch_size'] for b in d['batches']] == [1, 2, 4, 8]" "batch sizes 1..8"
expect_json "all(k in b for b in d['batches'] for k in ('batch_size', 'throughput_items_per_s', 'energy_per_item_j', 'energy_per_item_ci95_j', 'avg_power_w'))" "acceptance keys"
expect_json "all(abs(b['energy_per_item_j'] * b['throughput_items_per_s'] - 50) < 0.05 for b in d['batches'])" "J/item = W / items/s"
expect_json "all(b['reps'] >= 13 and b['duration_s'] >= 0.3 for b in d['batches'])" "min reps and seconds"
RUN_ID=$(/usr/bin/python3 -c "import json,sys; print(json.loads(sys.stdin.read())['data']['run_id'])" <<<"$OUT")

run runs show "$RUN_ID" --format json; expect_rc 0 "runs show"
expect_json "d['status'] == 'complete' and d['kind'] == 'measure' and d['idle_power_w'] > 49" "run stored complete"
expect_json "d['provenance']['workload']['input_shape'] == [3, 16, 16] and d['provenance']['workload']['torch_version'].startswith('1.')" "workload provenance"
expect_json "all(d['provenance'][k] for k in ('host', 'cpu', 'kernel', 'infergy_version', 'sqlite_version'))" "host provenance"
expect_json "d['provenance']['sensor']['simulated'] is True and d['settings']['max_batch'] == 8" "sensor and settings"
expect_json "d['started_at'] < d['ended_at'] and all(b['started_at'] <= b['ended_at'] for b in d['batches'])" "timestamps"

# Issue 4: infergy's own runs become a setup the comparison and the explorer use.
run import runs "$RUN_ID" --setup CPU_SIM --name tiny_cnn --accuracy 12.5
expect_rc 0 "import runs as a setup"
expect_err "run $RUN_ID used a simulated sensor (sim:50)" "import warns about a simulated sensor"
run setups --format json
expect_json "any(s['name'] == 'CPU_SIM' and s['source'].startswith('SIMULATED sensor') for s in d)" "setup marked simulated"
run rank --setup CPU_SIM --metric acc-per-joule --format json
expect_json "len(d['entries']) == 1 and d['entries'][0]['model'] == 'tiny_cnn' and abs(d['entries'][0]['score'] * d['entries'][0]['energy_j'] - 12.5) < 1e-9" "the run is ranked by %/J"
run setups --format json
expect_json "any(s['name'] == 'CPU_SIM' and s['model_count'] == 1 for s in d)" "setup listed with one model"
run import runs 999999 --setup NOPE; expect_rc 2 "unknown run id"

# Without the extra file the input shape comes from the first conv layer (3 channels, 224x224).
run measure "$MODELS/tiny_cnn_plain.pt" --sensor sim:50 --max-batch 1 "${QUICK[@]}" --format json
expect_rc 0 "shape from the model"
run measure "$MODELS/tiny_cnn_plain.pt" --sensor sim:50 --max-batch 2 --input-shape 3,8,8 --precision bf16 \
  --channels-last "${QUICK[@]}" --format json
expect_rc 0 "explicit shape, bf16, channels-last"
run measure "$MODELS/tiny_cnn_plain.pt" --sensor sim:50 --input-shape 5,8,8 "${QUICK[@]}"
expect_rc 1 "wrong input shape"; expect_err "failed with input shape [5, 8, 8]" "shape error names the shape"
echo "not a model" >"$WORK/bad.pt"
run measure "$WORK/bad.pt" --sensor sim:50; expect_rc 2 "not a TorchScript file"
expect_err "not a TorchScript model" "bad model message"
# Issue 11: models run in the runtime worker; torchvision names (random weights, no
# download) and torch-compile (torch.jit.freeze on Debian's torch 1.13).
run measure torchvision:mobilenet_v3_small --runtime torch --device cpu --sensor sim:50 --max-batch 2 \
  --input-shape 3,64,64 --protocol paper --min-reps 3 --min-seconds 0.3 --idle-seconds 0.2 --format json
expect_rc 0 "torchvision eager"
expect_json "[b['batch_size'] for b in d['batches']] == [1, 2] and d['status'] == 'complete'" "torchvision sweep stored"
expect_json "d['provenance']['workload']['kind'] == 'torchvision' and d['provenance']['workload']['runtime'] == 'torch'" "torchvision provenance"
run measure "$MODELS/tiny_cnn.pt" --runtime torch-compile --sensor sim:50 --max-batch 2 "${QUICK[@]}" --format json
expect_rc 0 "torch-compile"
expect_json "d['provenance']['workload']['runtime'] == 'torch-compile' and d['provenance']['workload']['compiler']" "compiler recorded"
run measure torchvision:no_such_net --sensor sim:50 "${QUICK[@]}"; expect_rc 2 "unknown torchvision model"
run measure "$MODELS/tiny_cnn.pt" --runtime onnxruntime --sensor sim:50 "${QUICK[@]}"
/usr/bin/python3 -c "import onnxruntime" 2>/dev/null && expect_rc 0 "onnxruntime" || expect_rc 1 "onnxruntime not installed"
ldd "$BIN" | grep -q torch && fail "infergy links libtorch" || pass
finish
