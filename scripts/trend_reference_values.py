#!/usr/bin/env python3
"""Independent reference values for tests/analysis/*: the trend study recomputed
with numpy/scipy straight from data/*.csv (no infergy code). Run with Debian's
/usr/bin/python3 from the repository root; paste what it prints into the tests."""
import csv
import datetime as dt
import math
from collections import defaultdict

import numpy as np
from scipy import stats

OMITTED = {"Tesla P100", "A100", "A30"}  # FP32 rows Table 9 leaves out


def rows(name):
    with open(f"data/{name}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def frac_year(iso):
    d = dt.date.fromisoformat(iso)
    days = 366 if (d.year % 4 == 0 and (d.year % 100 != 0 or d.year % 400 == 0)) else 365
    return d.year + (d.timetuple().tm_yday - 0.5) / days


def trend(xs, ys):
    x, y = np.array(xs), np.log10(np.array(ys))
    res = stats.linregress(x, y)
    t = stats.t.ppf(0.975, len(x) - 2)
    lo, hi = res.slope - t * res.stderr, res.slope + t * res.stderr
    return dict(n=len(x), slope=res.slope, intercept=res.intercept, r2=res.rvalue**2,
                factor=10**res.slope, factor_lo=10**lo, factor_hi=10**hi,
                doubling=math.log10(2) / abs(res.slope))


gpus = [g for g in rows("paper_gpus")]
fp32 = {g["name"]: g for g in gpus if g["precision"] == "fp32"}
tp = rows("throughputs")


def adapted(task):
    sums = defaultdict(list)
    for t in tp:
        if t["task"] != task or t["precision"] == "fp32":
            continue
        ref = [r for r in tp if r["precision"] == "fp32" and r["task"] == t["task"]
               and r["model"] == t["model"] and r["framework"] == t["framework"]
               and r["gpu"] == t["reference_gpu"]][0]
        sums[(t["gpu"], t["precision"], t["reference_gpu"])].append(
            float(t["throughput_items_per_s"]) / float(ref["throughput_items_per_s"]))
    pts = []
    for (gpu, mode, refgpu), s in sums.items():
        tflops = float(fp32[refgpu]["peak_tflops"]) * np.mean(s)
        own = fp32[gpu]
        pts.append((frac_year(own["launch_date"]), tflops * 1000 / float(own["tdp_w"])))
    for g in fp32.values():
        if g["name"] not in OMITTED:
            pts.append((frac_year(g["launch_date"]), float(g["peak_tflops"]) * 1000 / float(g["tdp_w"])))
    return trend([p[0] for p in pts], [p[1] for p in pts])


models = rows("models")
cnn_eff, nlp_eff = adapted("cv"), adapted("nlp")
print("adapted CNN", cnn_eff)
print("adapted NLP", nlp_eff)


def energy(m):
    eff = cnn_eff if m["domain"] == "cv" else nlp_eff
    y = frac_year(m["release_date"])
    return float(m["compute"]) / 10 ** (eff["intercept"] + eff["slope"] * y)


for name in ["EfficientNet-B1", "AlexNet", "BERT-Base", "GPT-3"]:
    m = [m for m in models if m["name"] == name][0]
    print("energy", name, energy(m))

cv = [m for m in models if m["domain"] == "cv"]
best = {}
for m in cv:
    y = int(m["release_date"][:4])
    if y not in best or float(m["accuracy_pct"]) > float(best[y]["accuracy_pct"]):
        best[y] = m
print("best per year", [best[y]["name"] for y in sorted(best)])
print("cv-best-gflops", trend([frac_year(m["release_date"]) for m in best.values()],
                              [float(m["compute"]) for m in best.values()]))
print("cv-all-gflops", trend([frac_year(m["release_date"]) for m in cv],
                             [float(m["compute"]) for m in cv]))
print("cv-best-energy", trend([frac_year(m["release_date"]) for m in best.values()],
                              [energy(m) for m in best.values()]))

nlp = sorted([m for m in models if m["domain"] == "nlp"], key=lambda m: m["release_date"])
record, demanding = 0, []
for m in nlp:
    if float(m["compute"]) > record:
        demanding.append(m)
        record = float(m["compute"])
print("most demanding", [m["name"] for m in demanding])
print("nlp-demanding-gflops", trend([frac_year(m["release_date"]) for m in demanding],
                                    [float(m["compute"]) for m in demanding]))

by_year = defaultdict(list)
for m in cv:
    by_year[int(m["release_date"][:4])].append(float(m["compute"]))
print("cv-average-gflops", trend([y + 0.5 for y in sorted(by_year)],
                                 [np.mean(by_year[y]) for y in sorted(by_year)]))

fp32_all = [g for g in gpus if g["precision"] == "fp32"]
print("gpu-fp32", trend([frac_year(g["launch_date"]) for g in fp32_all],
                        [float(g["peak_tflops"]) * 1000 / float(g["tdp_w"]) for g in fp32_all]))

for arch in ["CNN", "Transformer"]:
    pts = sorted({(float(m["params_m"]), float(m["compute"])) for m in cv
                  if m["architecture"] == arch and m["params_m"]})
    p, g = zip(*pts)
    allp = [(float(m["params_m"]), float(m["compute"])) for m in cv
            if m["architecture"] == arch and m["params_m"]]
    print(arch, "distinct", len(pts), "pearson", stats.pearsonr(p, g)[0],
          "rows", len(allp), stats.pearsonr(*zip(*allp))[0],
          "spearman", stats.spearmanr(p, g)[0])

# Filtered series: best per year among models without extra data; CNN-only all models.
noextra = [m for m in cv if not m["extra_data"]]
best_ne = {}
for m in noextra:
    y = int(m["release_date"][:4])
    if y not in best_ne or float(m["accuracy_pct"]) > float(best_ne[y]["accuracy_pct"]):
        best_ne[y] = m
print("cv-best-gflops, no extra data", [best_ne[y]["name"] for y in sorted(best_ne)],
      trend([frac_year(m["release_date"]) for m in best_ne.values()],
            [float(m["compute"]) for m in best_ne.values()]))
cnn = [m for m in cv if m["architecture"] == "CNN" and m["release_date"] >= "2015-01-01"]
print("cv-all-gflops, CNN from 2015", trend([frac_year(m["release_date"]) for m in cnn],
                                          [float(m["compute"]) for m in cnn]))
e = energy([m for m in models if m["name"] == "EfficientNet-B1"][0])
power = e * 2 * 8e9  # 2 inferences/s/person, 8 billion people
kwh = power * 365.25 * 86400 / 3.6e6
print("forecast EfficientNet-B1 x2/s x8e9: W", power, "kWh/yr", kwh, "t CO2 at 400 g/kWh",
      kwh * 400 / 1e6, "cost at 0.2/kWh", kwh * 0.2)
