#!/usr/bin/env bash
source "$(dirname "$0")/lib.sh" "$1"

run estimate --model EfficientNet-B1 --gpu "Tesla V100" --precision fp32
expect_rc 0 "estimate text"; expect_out "0.02675 J per inference" "energy in text"
run estimate --model EfficientNet-B1 --gpu "Tesla V100" --precision fp32 --format json
expect_json "abs(d['energy_j'] - 0.0268) < 5e-5 and d['gpu'] == 'Tesla V100' and d['flop_count'] == 1.4e9 and 'flop_per_joule' in d" "estimate json"
run estimate --gmacs 4.089 --gpu "A100 PCIe 40GB" --precision fp16-tensor --format json
expect_json "abs(d['energy_j'] - 2*4.089e9/(312e12/250)) < 1e-12" "gmacs doubled"
run estimate --model ResNet-50 --gpu A100 --efficiency adapted --precision tf32 --format json
expect_json "d['efficiency_basis'] == 'adapted-cnn' and abs(d['gflop_per_joule'] - 68.52) < 0.01" "adapted CNN efficiency"
run estimate --model BERT-Base --gpu T4 --efficiency adapted --format json
expect_json "d['efficiency_basis'] == 'adapted-nlp' and abs(d['gflop_per_joule'] - 365.46) < 0.01" "adapted NLP efficiency"
run estimate --gflops 1 --gmacs 1; expect_rc 2 "two compute sources"
run estimate --model NoSuchNet; expect_rc 2 "unknown model"
run estimate --gflops 1 --gpu "Tesla V100" --precision bf16-tensor; expect_rc 2 "missing precision"; expect_err "(it has: fp16, fp32, fp16-tensor)" "lists precisions"
run estimate-flops --base EfficientNet-B7 --depth-factor 1.7097 --width-factor 2.15 --resolution-factor 1.3334 --format json
expect_json "abs(d['gflops'] - 1040) < 1" "NoisyStudent-L2 scaling"
run estimate-flops --base-gflops 2859.9 --resolution-factor 1.348958333 --compare ViT-G/14 --format json
expect_json "abs(d['gflops'] - 5204) < 1 and d['compare_printed_gflops'] == 5270" "ViT-G/14 recipe vs printed"
run estimate-flops --paper-examples --format csv; expect_out "FixEfficientNet-B0" "paper examples"
finish
