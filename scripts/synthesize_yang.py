#!/usr/bin/env python3
"""Writes a Yang-format folder with N models (for load and browser-speed tests).

Usage: synthesize_yang.py SOURCE_DIR OUT_DIR [N]
Copies every model of SOURCE_DIR (laid out like ../shared/reference-data/yang2024/) and
adds renamed copies ("<name>-copyK", same family) with energy and accuracy nudged, until
each file holds N models. The output is test data: write it under the build folder,
never into git.
"""
import csv
import os
import sys


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def copies(rows, n, rename, nudge):
    """The rows, then renamed copies of them, n in all."""
    out = list(rows)
    k = 1
    while len(out) < n:
        for row in rows:
            if len(out) >= n:
                break
            out.append(nudge(rename(row, k), k))
        k += 1
    return out


def main():
    source, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1500
    os.makedirs(out_dir, exist_ok=True)
    for name in sorted(os.listdir(source)):
        if not name.endswith(".csv"):
            continue
        header, rows = read(os.path.join(source, name))
        key = 0 if name in ("model_accuracy.csv", "model_stats.csv") else header.index("Model Name")

        def rename(row, k, key=key):
            row = list(row)
            row[key] = f"{row[key]}-copy{k}"
            return row

        def nudge(row, k, header=header):
            # Energies a few % apart so copies do not sit on one point.
            if "Energy" in header and row[header.index("Energy")]:
                i = header.index("Energy")
                row[i] = repr(float(row[i]) * (1 + 0.03 * k))
            return row

        write(os.path.join(out_dir, name), header, copies(rows, n, rename, nudge))


if __name__ == "__main__":
    main()
