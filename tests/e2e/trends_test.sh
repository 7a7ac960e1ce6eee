#!/usr/bin/env bash
# infergy trends, forecast and estimate --method paper.
source "$(dirname "$0")/lib.sh" "$1"

run trends --list; expect_rc 0 "trends --list"
for s in cv-all-gflops cv-best-gflops cv-average-gflops nlp-all-gflops nlp-demanding-gflops \
         gpu-fp32-gflops-per-watt gpu-cnn-adapted-gflops-per-watt gpu-nlp-adapted-gflops-per-watt \
         cv-all-energy cv-best-energy nlp-demanding-energy; do
  expect_out "$s" "--list names $s"
done
run trends --list --format json
expect_json "len(d) >= 17 and all('id' not in r and 'series' in r for r in d)" "--list json"

# Values from scripts/trend_reference_values.py (numpy/scipy on data/*.csv).
run trends --series cv-best-gflops --format json
expect_rc 0 "cv-best-gflops"
expect_json "abs(d['factor_per_year'] - 2.3498315) < 1e-6 and abs(d['doubling_years'] - 0.8113213) < 1e-6 and abs(d['r2'] - 0.9268737) < 1e-6" "cv-best-gflops fit"
expect_json "abs(d['factor_ci_low'] - 1.9322714) < 1e-5 and abs(d['factor_ci_high'] - 2.8576255) < 1e-5 and d['n'] == 10 and d['halving'] is False" "cv-best-gflops CIs"
run trends --series cv-best-gflops --extra-data no --format json
expect_json "abs(d['doubling_years'] - 1.2242871) < 1e-6" "extra-data filter"
run trends --series cv-all-gflops --architecture CNN --from 2015-01-01 --format json
expect_json "d['n'] == 66 and abs(d['factor_per_year'] - 1.3894666) < 1e-6" "architecture + date filter"
run trends --series gpu-peak-gflops-per-watt --precision fp32 --format json
expect_json "d['n'] == 31 and abs(d['doubling_years'] - 3.2250080) < 1e-6" "precision filter"
run trends --series gpu-peak-gflops-per-watt --precision fp16-tensor --format csv
expect_rc 0 "precision csv"; expect_out "factor_per_year" "csv header"
run trends --series cv-best-gflops --points; expect_rc 0 "--points"; expect_out "ViT-G/14 [JFT 3B]" "points list models"
run trends --series cv-best-gflops; expect_rc 0 "text"; expect_out "cv-best-gflops (Fig. 3): ×2.35/yr, doubling 0.81 y [" "text is a human summary"
run trends --series nope; expect_rc 2 "unknown series"; expect_err "known series" "lists known series"
run trends --series cv-all-gflops --from 2021-06-01; expect_rc 2 "too few points"
run trends --series cv-all-gflops --from 2021-13-01; expect_rc 2 "bad date"
run trends --series cv-all-gflops --extra-data maybe; expect_rc 2 "bad extra-data"
run trends; expect_rc 2 "no series"
run trends --list --domain nlp --format json
expect_json "len(d) == 6 and all(r['series'].startswith('nlp-') for r in d)" "--domain narrows --list"
run trends --domain cv --series best-gflops --format json
expect_json "d['series'] == 'cv-best-gflops' and d['n'] == 10" "--domain completes the id"
run trends --domain nlp --series cv-best-gflops; expect_rc 2 "domain mismatch"

run forecast --model EfficientNet-B1 --rate 2 --population 8e9 --grid-g-per-kwh 400 --price-per-kwh 0.2 --format json
expect_rc 0 "forecast model"
expect_json "abs(d['total_power_w'] - 251510803.8) < 1 and abs(d['energy_per_year_kwh'] - 2204743706.1) < 10 and abs(d['co2_kg_per_year'] - 881897482.4) < 10 and abs(d['cost_per_year'] - 440948741.2) < 10" "forecast numbers"
run forecast --trend cv-best-energy --year 2021.5 --format json
expect_json "d['population'] == 1 and d['co2_kg_per_year'] is None and 10 < d['energy_per_inference_j'] < 30" "forecast from a trend year"
run forecast --energy-j 96.85 --format json
expect_json "abs(d['share_of_internal_pct'] - 100) < 0.1" "one human's internal power"
run forecast --energy-j 1; expect_rc 0 "forecast text"; expect_out "kWh" "text forecast"
run forecast --trend cv-best-gflops --year 2020; expect_rc 2 "non-energy trend"
run forecast --trend cv-best-energy; expect_rc 2 "trend without year"
run forecast --model AlexNet --energy-j 1; expect_rc 2 "two energy sources"
run forecast --energy-j 1 --population -5; expect_rc 2 "negative population"

run estimate --method paper --model EfficientNet-B1 --format json
expect_rc 0 "estimate paper"
expect_json "abs(d['energy_j'] - 0.015719425) < 1e-8 and d['efficiency_basis'] == 'paper-trend-cnn'" "paper method energy"
run estimate --method paper --model GPT-3 --format json
expect_json "abs(d['energy_j'] - 5603.7975) < 1e-3 and d['efficiency_basis'] == 'paper-trend-nlp'" "paper method NLP"
run estimate --method paper --model AlexNet; expect_rc 0 "paper text"; expect_out "J per inference" "paper text energy"
run estimate --method paper --gflops 10; expect_rc 2 "paper without task/year"
run estimate --method paper --gflops 10 --task cv --year 2020 --format json
expect_json "d['energy_j'] > 0 and d['trend_year'] == 2020" "paper with gflops and year"
run estimate --method peak --model EfficientNet-B1 --gpu "Tesla V100" --precision fp32 --format json
expect_json "abs(d['energy_j'] - 0.0268) < 5e-5" "--method peak keeps the peak estimate"
finish
