#!/usr/bin/env bash
# infergy profile and models add --onnx on exported models; the corrupt-file corpus.
source "$(dirname "$0")/lib.sh" "$1"
SRC="$2"
MODELS="$INFERGY_PROFILE_MODELS"
CORPUS="$SRC/tests/profile/corpus"

run profile "$MODELS/resnet50.onnx" --mode torchvision --format json; expect_rc 0 "profile resnet50"
expect_json "d['totals']['params'] == 25557032 and abs(d['totals']['macs'] / 4.089e9 - 1) < 0.01" "resnet50 params and MACs"
expect_json "d['totals']['flops'] == 2 * d['totals']['macs'] and d['totals']['uncounted_ops'] == []" "torchvision FLOPs = 2 x MACs"
expect_json "all(k in d['totals'] for k in ('activations', 'bytes_read', 'bytes_written'))" "totals keys"
expect_json "d['mode'] == 'torchvision' and d['counting']['rules']" "counting rules printed"

run profile "$MODELS/resnet50.onnx" --mode full --format json; expect_rc 0 "profile full"
expect_json "d['totals']['flops'] > 2 * d['totals']['macs'] and d['totals']['buffers'] == 53120" "full mode adds BN, ReLU, pooling"

run profile "$MODELS/bert_base.onnx" --per-layer --format json; expect_rc 0 "bert per layer"
expect_json "d['totals']['macs'] == 11174215680 and len([l for l in d['layers'] if l['role'] == 'attention']) == 24" "bert attention matmuls"
expect_json "[l for l in d['layers'] if l['op_type'] == 'Gather'][0]['macs'] == 0" "embedding lookup has no MACs"

run profile "$MODELS/mobilenet_v2_dynamic.onnx"; expect_rc 2 "unbound dynamic batch"
expect_err "input 'input' dimension 0 'batch' is dynamic" "names the input and dimension"
run profile "$MODELS/mobilenet_v2_dynamic.onnx" --input input=2x3x224x224 --mode torchvision --format json
expect_rc 0 "bound batch"; expect_json "abs(d['totals']['macs'] / (2 * 0.301e9) - 1) < 0.01 and d['inputs'][0]['shape'] == [2, 3, 224, 224]" "batch 2 doubles MACs"
run profile --input input=2x3x224x224 "$MODELS/mobilenet_v2_dynamic.onnx" --format json; expect_rc 0 "--input before the model file"
run profile "$MODELS/resnet18.onnx" --input nosuch=1x3; expect_rc 2 "unknown input"; expect_err "(it has: input)" "lists inputs"

run profile "$MODELS/resnet18.onnx"; expect_rc 0 "text"
expect_out "MACs           1.81407 G" "text MACs"; expect_out "FLOPs" "text FLOPs label"; expect_out "counting rules:" "rules in text"
run profile "$MODELS/resnet18.onnx" --per-layer --format csv; expect_rc 0 "csv layers"
[ "$(wc -l <<<"$OUT")" -eq 70 ] && pass || fail "69 nodes plus a header, got $(wc -l <<<"$OUT")"

for f in "$CORPUS"/bad_*.onnx; do
  run profile "$f"; expect_rc 2 "corrupt file $(basename "$f")"
  grep -q "^infergy: " <<<"$ERR" && pass || fail "$(basename "$f"): message on stderr"
done
run profile "$CORPUS/good_conv.onnx" --format json; expect_rc 0 "corpus seed is valid"
run profile "$WORK/none.onnx"; expect_rc 2 "missing file"

run models add --onnx "$MODELS/efficientnet_b0.onnx" --name "EfficientNet-B0 (profiled)" --date 2019-05-28 --accuracy 77.692 --architecture CNN --format json
expect_rc 0 "models add"
run models show "EfficientNet-B0 (profiled)" --format json
expect_json "d['compute_unit'] == 'GMACs' and abs(d['compute'] - 0.385815) < 1e-6 and abs(d['params_m'] - 5.288548) < 1e-9" "stored counts"
expect_json "d['source'].startswith('counted by infergy profile v1, mode torchvision') and d['flop_count'] == 2 * d['compute'] * 1e9" "provenance and FLOPs"
run models add --onnx "$MODELS/bert_base.onnx" --name "BERT-base (profiled)" --date 2018-10-11 --domain nlp --mode full --format json
expect_rc 0 "models add full"
run models show "BERT-base (profiled)" --format json
expect_json "d['compute_unit'] == 'GFLOPs' and d['input_tokens'] == 128 and d['domain'] == 'nlp'" "full mode stores GFLOPs"
run models add --onnx "$CORPUS/bad_cycle.onnx" --name X --date 2020-01-01; expect_rc 2 "models add bad file"
run models add --onnx "$MODELS/resnet18.onnx" --name Y --date 2020-13-01; expect_rc 2 "bad date"
run models show Y; expect_rc 2 "nothing stored on a bad date"
finish
