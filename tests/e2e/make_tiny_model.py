"""Writes tiny TorchScript models for the measure tests (random weights, no downloads).

usage: make_tiny_model.py OUT_DIR
  tiny_cnn.pt         conv net on 3x16x16 images, input shape stored as an extra file
  tiny_cnn_plain.pt   the same without the extra file (shape inferred from the first conv)
"""
import os
import sys

import torch


class TinyCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.head = torch.nn.Linear(4, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        return self.head(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    model = TinyCnn().eval()
    traced = torch.jit.trace(model, torch.rand(1, 3, 16, 16))
    torch.jit.save(traced, os.path.join(out, "tiny_cnn.pt"), _extra_files={"input_shape": "3,16,16"})
    torch.jit.save(traced, os.path.join(out, "tiny_cnn_plain.pt"))


if __name__ == "__main__":
    main()
