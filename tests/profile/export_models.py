#!/usr/bin/python3
"""Exports the profiler's validation models to ONNX with random weights.

Usage: /usr/bin/python3 export_models.py OUT_DIR [NAME ...]
Writes OUT_DIR/NAME.onnx for each model (TEST_MODELS when no NAME is given)
and skips files that already exist, so re-running costs nothing.

Two traps of torch 1.13's exporter are avoided on purpose:
- in eval mode it folds BatchNorm into the preceding convolution, so we export
  with training=PRESERVE and do_constant_folding=False;
- it merges initializers whose values are identical (freshly initialised
  BatchNorm and layer-scale tensors are), so every floating-point tensor of the
  state dict gets distinct random values (running variances stay positive).
"""
import os
import sys
import time

# What the tests use: ten CNNs, three vision transformers and BERT-base, the
# cheapest set that spans both (vgg16, alexnet and vit_b_32 are available on
# request, e.g. for the benchmark).
TEST_MODELS = [
    "resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_large", "efficientnet_b0",
    "squeezenet1_1", "mnasnet0_5", "regnet_y_400mf", "googlenet", "densenet121",
    "convnext_tiny", "vit_b_16", "swin_t", "bert_base", "mobilenet_v2_dynamic"]


def missing(out_dir, names):
    return [n for n in names if not os.path.exists(os.path.join(out_dir, n + ".onnx"))]


# Importing torch takes seconds: skip it when every file is already there.
if __name__ == "__main__" and len(sys.argv) > 1 and not missing(sys.argv[1],
                                                                 sys.argv[2:] or TEST_MODELS):
    sys.exit(0)

import torch  # noqa: E402
import torchvision  # noqa: E402

OPSET = 17
IMAGE = (1, 3, 224, 224)


class BertSelfAttention(torch.nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads = heads
        self.query = torch.nn.Linear(hidden, hidden)
        self.key = torch.nn.Linear(hidden, hidden)
        self.value = torch.nn.Linear(hidden, hidden)
        self.output = torch.nn.Linear(hidden, hidden)

    def split(self, x):
        b, t, h = x.shape
        return x.reshape(b, t, self.heads, h // self.heads).transpose(1, 2)

    def forward(self, x):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / (q.shape[-1] ** 0.5)
        context = torch.matmul(torch.softmax(scores, dim=-1), v)
        b, _, t, _ = context.shape
        return self.output(context.transpose(1, 2).reshape(b, t, -1))


class BertLayer(torch.nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.attention = BertSelfAttention(hidden, heads)
        self.attention_norm = torch.nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate = torch.nn.Linear(hidden, intermediate)
        self.out = torch.nn.Linear(intermediate, hidden)
        self.output_norm = torch.nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x):
        x = self.attention_norm(x + self.attention(x))
        return self.output_norm(x + self.out(torch.nn.functional.gelu(self.intermediate(x))))


class BertBase(torch.nn.Module):
    """BERT-base (uncased vocabulary) from torch primitives: 109,482,240 parameters."""

    def __init__(self, vocab=30522, hidden=768, layers=12, heads=12, intermediate=3072,
                 max_positions=512, type_vocab=2):
        super().__init__()
        self.word = torch.nn.Embedding(vocab, hidden)
        self.position = torch.nn.Embedding(max_positions, hidden)
        self.token_type = torch.nn.Embedding(type_vocab, hidden)
        self.embedding_norm = torch.nn.LayerNorm(hidden, eps=1e-12)
        self.layers = torch.nn.ModuleList(
            [BertLayer(hidden, heads, intermediate) for _ in range(layers)])
        self.pooler = torch.nn.Linear(hidden, hidden)

    def forward(self, input_ids, token_type_ids):
        t = input_ids.shape[1]
        x = self.word(input_ids) + self.position.weight[:t] + self.token_type(token_type_ids)
        x = self.embedding_norm(x)
        for layer in self.layers:
            x = layer(x)
        return x, torch.tanh(self.pooler(x[:, 0]))


def bert_inputs(seq=128):
    return (torch.zeros(1, seq, dtype=torch.int64), torch.zeros(1, seq, dtype=torch.int64))


# name -> (constructor, example inputs, input names, dynamic axes)
def models():
    image = (torch.zeros(IMAGE),)
    tv = torchvision.models
    table = {name: (getattr(tv, name), image, ["input"], None) for name in (
        "resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_large", "efficientnet_b0",
        "squeezenet1_1", "mnasnet0_5", "regnet_y_400mf", "googlenet", "densenet121",
        "alexnet", "vgg16", "vit_b_16", "vit_b_32", "swin_t", "convnext_tiny")}
    # A dynamic batch dimension, bound with --input in the tests.
    table["mobilenet_v2_dynamic"] = (tv.mobilenet_v2, image, ["input"],
                                     {"input": {0: "batch"}})
    table["bert_base"] = (BertBase, bert_inputs(), ["input_ids", "token_type_ids"], None)
    return table


def randomise(model):
    """Distinct random values in every floating-point tensor (see the module doc)."""
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if not tensor.is_floating_point():
                continue
            values = torch.rand(tensor.shape, generator=generator) * 0.1
            if name.endswith("running_var"):
                values += 0.5
            tensor.copy_(values)


def build(constructor):
    if constructor in (torchvision.models.googlenet,):
        return constructor(weights=None, aux_logits=False, init_weights=False)
    if constructor.__module__.startswith("torchvision"):
        return constructor(weights=None)
    return constructor()


def export(name, spec, path):
    constructor, inputs, input_names, dynamic_axes = spec
    model = build(constructor).eval()
    randomise(model)
    tmp = path + ".tmp"
    torch.onnx.export(model, inputs, tmp, opset_version=OPSET, input_names=input_names,
                      dynamic_axes=dynamic_axes, training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)
    os.replace(tmp, path)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    table = models()
    names = sys.argv[2:] or TEST_MODELS
    torch.set_num_threads(2)
    total = time.time()
    for name in missing(out_dir, names):
        path = os.path.join(out_dir, name + ".onnx")
        start = time.time()
        export(name, table[name], path)
        print(f"exported {name} in {time.time() - start:.1f} s", file=sys.stderr)
    print(f"export: {time.time() - total:.1f} s in all", file=sys.stderr)


if __name__ == "__main__":
    main()
