#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh" "$1"

run models list --domain cv --format csv; expect_rc 0 "models list cv"
[ "$(wc -l <<<"$OUT")" -eq 95 ] && pass || fail "94 CV rows plus a header, got $(wc -l <<<"$OUT") lines"
run models list --domain nlp --format csv
[ "$(wc -l <<<"$OUT")" -eq 20 ] && pass || fail "19 NLP rows plus a header"
run models list --domain cv --extra-data yes --format json
expect_json "len(d) == 27 and all(m['extra_data'] for m in d)" "extra data filter"
run models list --architecture transformer --from-year 2021 --format json
expect_json "len(d) == 13 and all(m['release_date'] >= '2021' and m['architecture'] == 'Transformer' for m in d)" "architecture and year filters"
run models show "BERT Large" --format json
expect_json "d['params_flags'] == '*' and d['accuracy_flags'] == '♠' and d['flop_count'] == 79e9" "BERT Large flags"
run models show EfficientNetV2-S --format json; expect_json "d['extra_data'] == '' and d['accuracy_pct'] == 83.9" "plain name picks the ImageNet-only variant"
run models show "EfficientNetV2-S [ImageNet 21k]" --format json; expect_json "d['accuracy_pct'] == 85.0" "variant by display name"
run models show "AlexNet"; expect_out "Paszke et al., 2016" "accuracy source kept"
run gpus list --format csv; expect_rc 0 "gpus list"
[ "$(wc -l <<<"$OUT")" -eq 65 ] && pass || fail "48 Table 8 rows + 16 added + header"
expect_out "H200 SXM 141GB,bf16-tensor" "added GPUs present"
run gpus list --precision fp16-tensor --format json
expect_json "len(d) == 9 + 4 and all(g['precision']=='fp16-tensor' for g in d)" "precision filter"
run gpus show "Tesla V1000"; expect_rc 2 "unknown GPU"; expect_err "Tesla V100" "GPU suggestion"
run gpus show V100 --format json; expect_json "len(d) >= 1 and all(g['name'] == 'Tesla V100' for g in d)" "V100 finds Tesla V100"
run estimate --model EfficientNet-B1 --gpu v100 --precision fp32 --format json
expect_json "d['gpu'] == 'Tesla V100'" "estimate --gpu by a word of the name"
run gpus show H100; expect_rc 2 "ambiguous GPU"; expect_err "matches several GPUs" "lists the candidates"
run runs lst; expect_rc 2 "mistyped subcommand"; expect_err "did you mean: list" "subcommand suggestion"
run rnak; expect_rc 2 "mistyped command"; expect_err "did you mean: rank" "command suggestion"
finish
