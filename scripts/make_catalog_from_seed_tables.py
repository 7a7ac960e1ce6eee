#!/usr/bin/env python3
"""Builds data/*.csv (infergy's built-in catalog) from the cross-checked seed tables.

Run once by a maintainer: `/usr/bin/python3 scripts/make_catalog_from_seed_tables.py ../shared/seed-tables`.
The output is committed; the seed tables themselves stay outside the repository.
Values are copied as printed; this script only renames columns, splits the
per-cell flags of Table 7 into one flag column per value, and adds the
source of each row. Nothing is computed here.
"""
import csv
import os
import sys

PAPER = "Desislavov et al. 2023"
GPU_NAMES = {"V100 16GB": "Tesla V100", "A100 40GB": "A100", "A100 80GB": "A100", "T4 16GB": "T4"}
REFERENCE_GPU = {"Tesla V100": "Tesla V100", "A100": "Tesla V100", "T4": "T4"}  # Table 4 "reference"
PRECISION = {"FP32": "fp32", "FP16": "fp16", "FP16/FP32 Tensor": "fp16-tensor"}

MODEL_COLUMNS = ["name", "domain", "extra_data", "architecture", "release_date",
                 "accuracy_pct", "accuracy_metric", "accuracy_source", "accuracy_flags",
                 "params_m", "params_source", "params_flags",
                 "compute", "compute_unit", "compute_source", "compute_flags",
                 "input_tokens", "citation", "source"]


def read(folder, name):
    with open(os.path.join(folder, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(name, columns, rows):
    with open(os.path.join("data", name), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def cv_models(folder):
    for r in read(folder, "table2_cv_models.csv"):
        yield {"name": r["model"], "domain": "cv",
               "extra_data": "" if r["extra_data"] == "No" else r["extra_data"],
               "architecture": r["architecture"], "release_date": r["date"],
               "accuracy_pct": r["top1_accuracy"], "accuracy_metric": "imagenet-top1",
               "accuracy_source": r["acc_source"], "accuracy_flags": "",
               "params_m": r["params_m"], "params_source": r["params_source"],
               "params_flags": r["params_flag"],
               # Table 2 prints FLOPs already doubled from multiply-adds (seed-tables README).
               "compute": r["gflops"], "compute_unit": "GFLOPs",
               "compute_source": r["gflops_source"], "compute_flags": r["gflops_flag"],
               "input_tokens": "", "citation": r["model_citation"], "source": PAPER + ", Table 2"}


def nlp_models(folder):
    for r in read(folder, "table7_nlp_models.csv"):
        flags = dict(pair.split(":") for pair in r["flags"].split(";") if pair)
        yield {"name": r["model"], "domain": "nlp", "extra_data": "",
               "architecture": "Transformer" if r["model"] != "ELMo" else "LSTM",
               "release_date": r["date"],
               "accuracy_pct": r["glue_test"], "accuracy_metric": "glue-test" if r["glue_test"] else "",
               "accuracy_source": r["glue_source"], "accuracy_flags": flags.get("glue_test", ""),
               "params_m": r["params_m"], "params_source": "", "params_flags": flags.get("params_m", ""),
               "compute": r["gflops"], "compute_unit": "GFLOPs", "compute_source": r["gflops_source"],
               "compute_flags": flags.get("gflops", ""), "input_tokens": r["input_tokens"],
               "citation": r["model_citation"], "source": PAPER + ", Table 7"}


def gpus(folder):
    for r in read(folder, "table8_gpus.csv"):
        yield {"name": r["gpu"], "precision": PRECISION[r["precision"]], "peak_tflops": r["tflops"],
               "tdp_w": r["watts"], "launch_date": r["launch_date"], "type": r["type"],
               "printed_gflops_per_watt": r["gflops_per_watt"], "source": PAPER + ", Table 8"}


def throughputs(folder):
    for r in read(folder, "table3_speedups.csv"):
        gpu = GPU_NAMES[r["gpu"]]
        yield {"task": r["task"].lower(), "model": r["model"], "framework": r["framework"],
               "batch_size": r["batch_size"], "gpu_as_printed": r["gpu"], "gpu": gpu,
               "precision": r["precision"].lower(), "reference_gpu": REFERENCE_GPU[gpu],
               "throughput_items_per_s": r["throughput"], "printed_speedup": r["speedup"],
               "source": PAPER + ", Table 3 (NVIDIA NGC)"}


def speedup_ratios(folder):
    for r in read(folder, "table4_speedups.csv"):
        gpu = {"V100": "Tesla V100", "A100": "A100", "T4": "T4"}[r["gpu"]]
        yield {"gpu": gpu, "precision": r["precision"].lower(), "reference": r["reference"],
               "printed_cv_ratio": r["cv_models"], "printed_nlp_ratio": r["nlp_models"],
               "source": PAPER + ", Table 4"}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "../shared/seed-tables"
    write("models.csv", MODEL_COLUMNS, list(cv_models(folder)) + list(nlp_models(folder)))
    write("paper_gpus.csv", ["name", "precision", "peak_tflops", "tdp_w", "launch_date", "type",
                             "printed_gflops_per_watt", "source"], gpus(folder))
    write("throughputs.csv", ["task", "model", "framework", "batch_size", "gpu_as_printed", "gpu",
                              "precision", "reference_gpu", "throughput_items_per_s",
                              "printed_speedup", "source"], throughputs(folder))
    write("speedup_ratios.csv", ["gpu", "precision", "reference", "printed_cv_ratio",
                                 "printed_nlp_ratio", "source"], speedup_ratios(folder))


if __name__ == "__main__":
    main()
