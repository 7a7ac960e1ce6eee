"""Writes six tiny TorchScript conv nets for the campaign tests (random weights, no
downloads), each on 3x16x16 images with its input shape stored as an extra file.

usage: make_campaign_models.py OUT_DIR   ->  OUT_DIR/tiny_w{2,3,4,5,6,8}.pt
"""
import os
import sys

import torch


class TinyCnn(torch.nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, width, 3, padding=1)
        self.head = torch.nn.Linear(width, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        return self.head(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    for width in (2, 3, 4, 5, 6, 8):
        path = os.path.join(out, f"tiny_w{width}.pt")
        if os.path.exists(path):
            continue
        traced = torch.jit.trace(TinyCnn(width).eval(), torch.rand(1, 3, 16, 16))
        torch.jit.save(traced, path + ".tmp", _extra_files={"input_shape": "3,16,16"})
        os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
