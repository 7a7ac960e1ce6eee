#!/usr/bin/env bash
# infergy report: the trend study written to a directory, checked file by file.
source "$(dirname "$0")/lib.sh" "$1"
REP="$WORK/rep with space"

run report --out "$REP"
expect_rc 0 "report"; expect_out "report written: $REP/report.md (28 figure files" "report prints where"
[ -f "$REP/report.md" ] && pass || fail "report.md written"

# Numbers in report.md, as scripts/trend_reference_values.py computes them independently.
MD="$(cat "$REP/report.md" 2>/dev/null)"
check_md() { grep -qF -- "$1" <<<"$MD" && pass || fail "report.md lacks '$1'"; }
check_md '| `cv-best-gflops` | Fig. 3 | 10 | x2.35 per year [1.93, 2.86] | doubles every 0.811 years [0.66, 1.05]'
check_md '| `gpu-cnn-adapted-gflops-per-watt` | Fig. 8 | 32 | x1.3 per year [1.24, 1.36] | doubles every 2.64 years'
check_md '| `cv-best-energy` | Fig. 9 | 10 | x1.81 per year'
check_md '| CNN | 72 | 60 | 0.772 | 0.772 |'
check_md '| Transformer | 20 | 18 | 0.995 | 0.994 |'
check_md '| internal (2,000 kcal/day) | 96.9 | ≈ 100 |'
for fig in 3 6 7 8 9 10; do check_md "| Fig. $fig |"; done

# Every figure as a valid SVG (XML with an <svg> root) and PNG (magic bytes), with its series names.
/usr/bin/python3 - "$REP" <<'PY' >"$WORK/figcheck" 2>&1
import glob, os, sys, xml.etree.ElementTree as ET
rep = sys.argv[1]
svgs = sorted(glob.glob(os.path.join(rep, "figures", "*.svg")))
pngs = sorted(glob.glob(os.path.join(rep, "figures", "*.png")))
errors = []
if len(svgs) < 14 or len(pngs) < 14:
    errors.append(f"{len(svgs)} SVG and {len(pngs)} PNG files, expected at least 14 of each")
for p in pngs:
    with open(p, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n" or os.path.getsize(p) < 5000:
            errors.append(f"{p}: not a PNG image")
expected = {
    "fig01_params_vs_flops": ["CNN (Pearson r = 0.772; paper 0.772)", "Transformer (r = 0.995", "Parameters (millions)"],
    "fig02_cv_accuracy_over_time": ["No extra data", "Extra data", "Top-1 accuracy (%)"],
    "fig03_cv_gflops_over_time": ["All models (x1.42/yr", "Most accurate per year (x2.35/yr", "Average per year"],
    "fig04_cv_accuracy_vs_gflops": ["Pareto frontier", "Release year"],
    "fig05_nlp_glue_vs_gflops": ["Pareto frontier", "ELECTRA Large", "GLUE score"],
    "fig06_nlp_gflops_over_time": ["Most demanding when released (x23.37/yr", "2048 tokens"],
    "fig07_gpu_peak_efficiency": ["FP32", "FP16", "FP16/FP32 Tensor", "GFLOPS/W"],
    "fig08_gpu_adapted_efficiency": ["Mixed", "TF32", "Fit (x1.30/yr", "Fit (x1.33/yr"],
    "fig09_cv_energy_over_time": ["Most accurate per year (x1.81/yr", "Joules per forward pass"],
    "fig10_nlp_energy_over_time": ["Most demanding when released", "All models"],
    "fig11_cv_accuracy_vs_energy": ["Pareto frontier", "Joules per forward pass"],
    "fig12_nlp_glue_vs_energy": ["Pareto frontier", "GLUE score"],
    "fig13_cv_energy_vs_human": ["Human internal consumption in 1 s (97 J)", "Human external consumption"],
    "fig14_nlp_energy_vs_human": ["Human internal consumption", "Most demanding when released"],
}
for stem, names in expected.items():
    path = os.path.join(rep, "figures", stem + ".svg")
    try:
        root = ET.parse(path).getroot()
    except Exception as e:
        errors.append(f"{path}: not XML ({e})"); continue
    if not root.tag.endswith("svg"):
        errors.append(f"{path}: root is {root.tag}")
    text = " ".join(t for t in root.itertext())
    for n in names:
        if n not in text:
            errors.append(f"{path}: lacks '{n}'")
    if not os.path.exists(os.path.join(rep, "data", stem + ".csv")):
        errors.append(f"data/{stem}.csv missing")
print("\n".join(errors) if errors else "ok")
sys.exit(1 if errors else 0)
PY
[ $? -eq 0 ] && pass || fail "figures: $(cat "$WORK/figcheck")"

# Data CSVs: a header row, then rows.
head -1 "$REP/data/trends.csv" | grep -q "^series,figure,n,factor_per_year" && pass || fail "trends.csv header"
[ "$(wc -l <"$REP/data/models_energy.csv")" -eq 114 ] && pass || fail "models_energy.csv has 113 models"

run report --out "$REP/x" --no-figures; expect_rc 0 "--no-figures"
[ ! -e "$REP/x/figures/fig01_params_vs_flops.png" ] && pass || fail "--no-figures draws nothing"
run report --out "$REP/y" --gnuplot /nonexistent/gnuplot; expect_rc 1 "missing gnuplot is a failure"
expect_err "cannot run '/nonexistent/gnuplot'" "names the missing gnuplot"
run report --out "$REP/report.md/sub"; expect_rc 1 "unwritable directory"
finish
