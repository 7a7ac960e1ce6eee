#!/usr/bin/env bash
# Issue 4: import Yang et al.'s published data, rank, analyze; a bad import changes nothing.
source "$(dirname "$0")/lib.sh" "$1"
YANG="$INFERGY_SHARED_DIR/reference-data/yang2024"

run import yang "$YANG"; expect_rc 0 "import yang"
expect_err "imported 3980 measurements into setups A100_PT, A100_TRT, H100_PT, H100_TRT" "import summary"
expect_err "40 rows without an energy skipped" "TensorRT failures skipped"

run setups --format json; expect_rc 0 "setups"
expect_json "[s['name'] for s in d] == ['A100_PT','A100_TRT','H100_PT','H100_TRT','CATALOG_ESTIMATE'] and d[4]['estimated'] and d[1]['model_count'] == 985 and d[1]['gpu'] == 'A100 PCIe 40GB'" "four setups"

run rank --setup A100_TRT --metric manhattan --weight 0.5 --min-accuracy 80 --top 10 --format json
expect_rc 0 "rank manhattan"
# The score formula recomputed from the printed accuracy, energy and N.
expect_json "len(d['entries']) == 10 and d['considered'] == 663 and all(abs(e['score'] - (100 - (0.5*e['energy_j']/d['normalizing_energy_j']*100 + 0.5*(100-e['accuracy_pct'])))) < 1e-9 for e in d['entries']) and all(e['accuracy_pct'] >= 80 for e in d['entries'])" "manhattan formula"
expect_json "d['entries'][0]['model'] == 'eva_large_patch14_196.in22k_ft_in22k_in1k' and [e['score'] for e in d['entries']] == sorted([e['score'] for e in d['entries']], reverse=True)" "manhattan order"

run rank --setup A100_TRT --metric acc-per-joule --min-accuracy 80 --top 3 --format json
expect_rc 0 "rank acc-per-joule"
expect_json "d['entries'][0]['model'] == 'gernet_m.idstcv_in1k' and all(abs(e['score'] - e['accuracy_pct']/e['energy_j']) < 1e-9 for e in d['entries'])" "acc-per-joule"

run rank --setup H100_PT --test-set imagenet-original --test-set sketch --max-energy 0.05 --top 0 --format csv
expect_rc 0 "rank csv with two test sets"
expect_out "rank,model,input_px,family,accuracy_pct,energy_j,score,stars" "csv header"
/usr/bin/python3 -c "
import csv,sys; rows=list(csv.DictReader(sys.stdin))
sys.exit(0 if rows and all(float(r['energy_j']) <= 0.05 for r in rows) else 1)" <<<"$OUT" && pass || fail "max energy filter"

run rank --setup NOPE; expect_rc 2 "unknown setup"; expect_err "known setups: A100_PT" "unknown setup message"
run rank --setup A100_TRT --weight 2; expect_rc 2 "weight out of range"
run rank --setup A100_TRT --test-set imagenet-typo; expect_rc 2 "unknown test set"
expect_err "known: imagenet-a, imagenet-a-clean" "unknown test set lists known ones"

run analyze --format json; expect_rc 0 "analyze"
expect_json "any(c['setup_a']=='A100_TRT' and c['setup_b']=='H100_TRT' and abs(c['pearson']['r']-0.9876)<5e-4 and abs(c['spearman']['r']-0.9946)<5e-4 for c in d['setup_correlations'])" "setup correlations"
expect_json "any(r['from_setup']=='A100_PT' and r['to_setup']=='A100_TRT' and abs(r['geometric_mean']-4.0165)<5e-4 for r in d['runtime_reductions'])" "runtime reduction"
expect_json "len(d['naive_estimate_errors']) == 16 and all(e['geometric_mean'] > 0 for e in d['naive_estimate_errors'])" "naive errors"
run analyze; expect_rc 0 "analyze text"; expect_out "A100_PT → A100_TRT ÷4.02 (paper 3.89)" "analyze text: human summary beside the paper"
expect_out "A100_TRT 0.437× (paper 3.16)" "analyze text: naive estimate per setup"
run analyze --format csv; expect_out "runtime_reduction_geomean" "analyze csv keeps the table"

# A bad file: exit 2, file:line:column, and the store as it was.
run rank --setup A100_PT --top 0 --format csv; BEFORE="$OUT"
mkdir -p "$WORK/bad"
head -3 "$YANG/A100_PT.csv" >"$WORK/bad/A100_PT.csv"
echo "TBD,TBD,broken.x,224,80,8,,100,10,lots,True" >>"$WORK/bad/A100_PT.csv"
run import yang "$WORK/bad"; expect_rc 2 "bad import exit code"
expect_err "$WORK/bad/A100_PT.csv:4:10: field 'Energy': 'lots' is not a number" "file:line:column"
run rank --setup A100_PT --top 0 --format csv
[ "$OUT" = "$BEFORE" ] && pass || fail "store unchanged after a bad import"

run import yang "$WORK/nothing-here"; expect_rc 2 "missing folder"

printf 'model,img_size,top1,top5,param_count\nbeit_base_patch16_224.in22k_ft_in22k_in1k,224,12.5,,86.53\n' >"$WORK/results-imagenet-x.csv"
run import timm "$WORK/results-imagenet-x.csv"; expect_rc 0 "import timm"
run rank --setup A100_PT --test-set imagenet-x --format json
expect_json "d['candidates'] == 1 and d['entries'][0]['accuracy_pct'] == 12.5" "timm test set joins"
finish
