#!/usr/bin/python3
"""Benchmark of `infergy profile` beside Debian's python3-onnx
(onnx.load followed by onnx.shape_inference.infer_shapes) on the same files.

Usage: /usr/bin/python3 bench/profile_bench.py INFERGY_BINARY MODELS_DIR [--repeat N]

Exports ResNet-50, ViT-B/16, BERT-base and VGG-16 into MODELS_DIR when missing
(tests/profile/export_models.py) and writes a ~1 GB model of 16 dense
4096x4096 layers. Prints, per file: size, best wall time of N runs and peak
resident memory of each tool (files warm in the page cache for both).
Targets (issue 6): ResNet-50 well under 0.1 s, ~1 GB under 2 s, memory far
below the file size. Prints figures; asserts nothing.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
EXPORT = os.path.join(HERE, "..", "tests", "profile", "export_models.py")
MODELS = ["resnet50", "vit_b_16", "bert_base", "vgg16"]


def big_dense_model(path, layers=16, width=4096):
    """~1.07 GB: `layers` Gemm layers of width x width float32 weights."""
    if os.path.exists(path):
        return
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    weight = np.random.default_rng(0).random((width, width), dtype=np.float32)
    nodes, inits = [], []
    for i in range(layers):
        w = numpy_helper.from_array(weight + i, f"w{i}")
        inits.append(w)
        nodes.append(helper.make_node("Gemm", [f"x{i}", f"w{i}"], [f"x{i + 1}"], name=f"fc{i}"))
    graph = helper.make_graph(
        nodes, "dense", [helper.make_tensor_value_info("x0", TensorProto.FLOAT, [1, width])],
        [helper.make_tensor_value_info(f"x{layers}", TensorProto.FLOAT, [1, width])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    with open(path + ".tmp", "wb") as f:
        f.write(model.SerializeToString())
    os.replace(path + ".tmp", path)


def timed(command):
    """(wall seconds, peak RSS in MB) of one run, from GNU time."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name] + command,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, rss_kb = report.read().split()[-2:]
    return float(wall), int(rss_kb) / 1024


PYTHON_ONNX = ("import sys, time, onnx\n"
               "t = time.perf_counter()\n"
               "m = onnx.load(sys.argv[1])\n"
               "onnx.shape_inference.infer_shapes(m)\n"
               "print(time.perf_counter() - t)\n")


def python_inner_seconds(path):
    out = subprocess.run(["/usr/bin/python3", "-c", PYTHON_ONNX, path], check=True,
                         capture_output=True, text=True).stdout
    return float(out.split()[-1])


def best(command, repeat):
    runs = [timed(command) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("infergy")
    parser.add_argument("models_dir")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.makedirs(args.models_dir, exist_ok=True)
    subprocess.run(["/usr/bin/python3", EXPORT, args.models_dir] + MODELS, check=True,
                   env=dict(os.environ, PYTHONWARNINGS="ignore"))
    files = [os.path.join(args.models_dir, m + ".onnx") for m in MODELS]
    files.append(os.path.join(args.models_dir, "dense_1gb.onnx"))
    big_dense_model(files[-1])

    print(f"{'model':<12} {'file_MB':>8} {'infergy_s':>10} {'infergy_MB':>11} "
          f"{'onnx_py_s':>10} {'(load+infer)':>12} {'onnx_py_MB':>11}")
    for path in files:
        size_mb = os.path.getsize(path) / 1e6
        ours_s, ours_mb = best([args.infergy, "profile", path, "--format", "json"], args.repeat)
        theirs_s, theirs_mb = best(["/usr/bin/python3", "-c", PYTHON_ONNX, path], 1)
        inner = python_inner_seconds(path)
        name = os.path.basename(path)[:-5]
        print(f"{name:<12} {size_mb:8.0f} {ours_s:10.3f} {ours_mb:11.1f} "
              f"{theirs_s:10.3f} {inner:12.3f} {theirs_mb:11.1f}", flush=True)
    print("infergy_s: best wall time of the whole `infergy profile` process; onnx_py_s: the "
          "python3 process (interpreter start included), (load+infer): onnx.load + infer_shapes "
          "inside it; *_MB: peak resident memory.")


if __name__ == "__main__":
    sys.exit(main())
