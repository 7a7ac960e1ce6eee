#!/usr/bin/python3
"""infergy's runtime worker: runs batches of a model when the engine asks (docs/workers.md).

The engine (infergy measure, or the Python binding) starts this script with Debian's
/usr/bin/python3, writes one JSON request per line on its stdin and reads one JSON reply
per line from its stdout. The engine owns sampling, the protocol, the stopping rule and
the store; this process only loads the model, makes inputs and runs synchronous batches.

Runtimes: torch (eager; TorchScript files run as loaded), torch-compile (torch.compile,
with CUDA graphs on CUDA devices; torch < 2.0 falls back to TorchScript freezing),
onnxruntime (when installed). Models: a TorchScript .pt file, an ONNX .onnx file,
torchvision:NAME (random weights, nothing downloaded) or timm:NAME (where timm is
installed). Diagnostics go to stderr; stdout carries protocol lines only.
"""
import json
import os
import platform
import sys
import tempfile
import time
import traceback

PROTOCOL = 1
DEFAULT_IMAGE_SIDE = 224


class WorkerError(Exception):
    """An error the engine should report: kind is input, oom, unavailable or failure."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def is_out_of_memory(error):
    text = str(error)
    return isinstance(error, MemoryError) or "out of memory" in text or \
        "DefaultCPUAllocator: can't allocate" in text or type(error).__name__ == "OutOfMemoryError"


def import_torch():
    try:
        import torch
    except ImportError as e:
        raise WorkerError("unavailable", f"torch is not installed for {sys.executable} ({e}); "
                          "on Debian: apt install python3-torch") from e
    return torch


def dtype_of(torch, precision):
    table = {"fp32": torch.float32, "tf32": torch.float32, "fp16": torch.float16,
             "bf16": torch.bfloat16}
    if precision not in table:
        raise WorkerError("input", f"precision must be fp32, tf32, fp16 or bf16, got '{precision}'")
    return table[precision]


def parse_shape(text):
    """'3,224,224' or '[3, 224, 224]' -> [3, 224, 224]; [] unless every size is positive."""
    words = text.replace("[", " ").replace("]", " ").replace(",", " ").replace("x", " ").split()
    try:
        shape = [int(w) for w in words]
    except ValueError:
        return []
    return shape if shape and all(s > 0 for s in shape) else []


def shape_from_parameters(module):
    """Conv first: (C, 224, 224); linear first: (in_features)."""
    for p in module.parameters():
        if p.dim() == 4:
            return [int(p.size(1)), DEFAULT_IMAGE_SIDE, DEFAULT_IMAGE_SIDE]
        if p.dim() == 2:
            return [int(p.size(1))]
        return []
    return []


class TorchModel:
    """torch and torch-compile: a torch.nn.Module or TorchScript module on one device."""

    def __init__(self, request):
        self.torch = torch = import_torch()
        self.request = request
        self.model_spec = request["model"]
        self.runtime = request["runtime"]
        self.device = self.parse_device(request.get("device", "cpu"))
        self.dtype = dtype_of(torch, request.get("precision", "fp32"))
        self.channels_last = bool(request.get("channels_last", False))
        self.compiler = None
        if self.device.type == "cuda" and not torch.cuda.is_available():
            raise WorkerError("failure", f"--device {request['device']}: this torch has no CUDA "
                              "or no GPU is visible")
        tf32 = request.get("precision") == "tf32"
        if hasattr(torch.backends, "cuda"):
            torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        self.module, stored_shape = self.load()
        self.module.eval()
        self.module.to(self.device, self.dtype)
        if self.channels_last:
            self.module.to(memory_format=torch.channels_last)
        shape = request.get("input_shape") or stored_shape or shape_from_parameters(self.module)
        if not shape:
            raise WorkerError("input", f"{self.model_spec}: cannot tell the input shape; "
                              "pass --input-shape")
        self.shape = [int(s) for s in shape]
        self.inputs = None
        self.forward = self.module
        if self.runtime == "torch-compile":
            self.forward = self.compile()

    def parse_device(self, text):
        try:
            return self.torch.device(text)
        except RuntimeError as e:
            raise WorkerError("input", f"--device must be cpu, cuda or cuda:N, got '{text}'") from e

    def load(self):
        torch, spec = self.torch, self.model_spec
        if spec.startswith("torchvision:"):
            return self.load_torchvision(spec[len("torchvision:"):]), []
        if spec.startswith("timm:"):
            return self.load_timm(spec[len("timm:"):]), []
        if not os.path.exists(spec):
            raise WorkerError("input", f"{spec}: no such file")
        extra = {"input_shape": ""}
        try:
            module = torch.jit.load(spec, map_location=self.device, _extra_files=extra)
        except Exception as e:  # torch raises RuntimeError and ValueError for bad files
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise WorkerError("input", f"{spec}: not a TorchScript model ({first})") from e
        text = extra["input_shape"]
        text = text.decode() if isinstance(text, bytes) else text
        return module, parse_shape(text) if text else []

    def load_torchvision(self, name):
        try:
            import torchvision.models as models
        except ImportError as e:
            raise WorkerError("unavailable", "torchvision is not installed (Debian: apt install "
                              "python3-torchvision)") from e
        builder = getattr(models, name, None)
        if builder is None or not callable(builder) or name.startswith("_"):
            raise WorkerError("input", f"torchvision has no model '{name}'")
        try:
            return builder(weights=None)  # random weights: nothing is downloaded
        except TypeError:
            return builder(pretrained=False)  # torchvision < 0.13

    def load_timm(self, name):
        try:
            import timm
        except ImportError as e:
            raise WorkerError("unavailable", "timm is not installed (Debian 12 has no package; "
                              "pip install timm)") from e
        try:
            return timm.create_model(name, pretrained=False)
        except RuntimeError as e:
            raise WorkerError("input", f"timm has no model '{name}' ({e})") from e

    def compile(self):
        torch = self.torch
        example = self.make_input(1)
        if hasattr(torch, "compile") and not isinstance(self.module, torch.jit.ScriptModule):
            mode = "reduce-overhead" if self.device.type == "cuda" else "default"
            self.compiler = f"torch.compile(mode='{mode}')" + \
                (" with CUDA graphs" if mode == "reduce-overhead" else "")
            return torch.compile(self.module, mode=mode)
        # torch < 2.0 (Debian 12 ships 1.13) or a TorchScript file: freeze and optimise.
        with torch.inference_mode(False), torch.no_grad():
            scripted = self.module if isinstance(self.module, torch.jit.ScriptModule) \
                else torch.jit.trace(self.module, example)
            frozen = torch.jit.optimize_for_inference(torch.jit.freeze(scripted.eval()))
        self.compiler = "torch.jit.freeze + optimize_for_inference (torch.compile needs torch >= 2.0)"
        return frozen

    def make_input(self, batch_size):
        torch = self.torch
        x = torch.rand([batch_size] + self.shape, dtype=self.dtype, device=self.device)
        if self.channels_last and x.dim() == 4:
            x = x.contiguous(memory_format=torch.channels_last)
        return x

    def prepare(self, batch_size):
        self.inputs = None
        if self.device.type == "cuda":
            self.torch.cuda.empty_cache()
        self.inputs = self.make_input(batch_size)

    def run(self):
        torch = self.torch
        with torch.no_grad():
            self.forward(self.inputs)
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    def element_bytes(self):
        return self.torch.tensor([], dtype=self.dtype).element_size()

    def describe(self):
        torch = self.torch
        d = {"workload": self.model_spec, "kind": self.kind(), "runtime": self.runtime,
             "device": str(self.request.get("device", "cpu")),
             "precision": self.request.get("precision", "fp32"),
             "channels_last": self.channels_last, "input_shape": self.shape,
             "torch_version": torch.__version__, "cuda_available": torch.cuda.is_available()}
        if self.compiler:
            d["compiler"] = self.compiler
        if self.device.type == "cuda":
            d["device_name"] = torch.cuda.get_device_name(self.device)
        try:
            import torchvision
            d["torchvision_version"] = torchvision.__version__
        except ImportError:
            pass
        return d

    def kind(self):
        if self.model_spec.startswith("torchvision:"):
            return "torchvision"
        if self.model_spec.startswith("timm:"):
            return "timm"
        return "torchscript"


class OnnxRuntimeModel:
    """onnxruntime: an ONNX file, or a torchvision/timm model exported to ONNX first."""

    PROVIDERS = {"cpu": ["CPUExecutionProvider"],
                 "cuda": ["CUDAExecutionProvider", "CPUExecutionProvider"]}

    def __init__(self, request):
        try:
            import onnxruntime
        except ImportError as e:
            raise WorkerError("unavailable", "onnxruntime is not installed for "
                              f"{sys.executable} (Debian 12 has no package; pip install "
                              "onnxruntime)") from e
        import numpy
        self.ort, self.numpy, self.request = onnxruntime, numpy, request
        self.model_spec = request["model"]
        precision = request.get("precision", "fp32")
        if precision not in ("fp32", "fp16"):
            raise WorkerError("input", "onnxruntime: precision must be fp32 or fp16")
        self.np_dtype = numpy.float16 if precision == "fp16" else numpy.float32
        path, shape = self.model_file(request)
        device = request.get("device", "cpu").split(":")[0]
        if device not in self.PROVIDERS:
            raise WorkerError("input", f"--device must be cpu or cuda, got '{device}'")
        try:
            self.session = onnxruntime.InferenceSession(path, providers=self.PROVIDERS[device])
        except Exception as e:
            raise WorkerError("input", f"{self.model_spec}: not an ONNX model onnxruntime can "
                              f"run ({str(e).splitlines()[0]})") from e
        first = self.session.get_inputs()[0]
        self.input_name = first.name
        declared = [d if isinstance(d, int) and d > 0 else None for d in first.shape[1:]]
        self.shape = request.get("input_shape") or shape or \
            ([d for d in declared] if declared and all(declared) else [])
        if not self.shape:
            raise WorkerError("input", f"{self.model_spec}: cannot tell the input shape; "
                              "pass --input-shape")
        self.inputs = None

    def model_file(self, request):
        spec = self.model_spec
        if spec.endswith(".onnx") or not (spec.startswith("torchvision:") or
                                          spec.startswith("timm:")):
            if not os.path.exists(spec):
                raise WorkerError("input", f"{spec}: no such file")
            return spec, []
        # Export the torch model once, into a temporary folder that lives with the worker.
        torch_request = dict(request, runtime="torch", device="cpu", precision="fp32",
                             channels_last=False)
        model = TorchModel(torch_request)
        self.exported = tempfile.TemporaryDirectory(prefix="infergy-onnx-")
        path = os.path.join(self.exported.name, "model.onnx")
        model.torch.onnx.export(model.module, model.make_input(1), path, input_names=["input"],
                                dynamic_axes={"input": {0: "batch"}}, opset_version=13)
        return path, model.shape

    def prepare(self, batch_size):
        self.inputs = {self.input_name: self.numpy.random.rand(
            batch_size, *self.shape).astype(self.np_dtype)}

    def run(self):
        self.session.run(None, self.inputs)

    def element_bytes(self):
        return self.numpy.dtype(self.np_dtype).itemsize

    def describe(self):
        return {"workload": self.model_spec, "kind": "onnx", "runtime": "onnxruntime",
                "device": self.request.get("device", "cpu"),
                "precision": self.request.get("precision", "fp32"), "input_shape": self.shape,
                "onnxruntime_version": self.ort.__version__,
                "providers": self.session.get_providers()}


def load_model(request):
    runtime = request.get("runtime", "torch")
    if runtime in ("torch", "torch-compile"):
        return TorchModel(request)
    if runtime == "onnxruntime":
        return OnnxRuntimeModel(request)
    raise WorkerError("input", f"unknown runtime '{runtime}' (torch, torch-compile, onnxruntime)")


class Worker:
    def __init__(self, out):
        self.out = out
        self.model = None

    def reply(self, body):
        self.out.write(json.dumps(body) + "\n")
        self.out.flush()

    def handle(self, request):
        op = request.get("op")
        if op == "load":
            if request.get("protocol") != PROTOCOL:
                raise WorkerError("failure", f"protocol {request.get('protocol')} requested, "
                                  f"this worker speaks {PROTOCOL}")
            self.model = load_model(request)
            per_item = self.model.element_bytes()
            for s in self.model.shape:
                per_item *= s
            return {"ok": True, "protocol": PROTOCOL, "describe": self.describe(),
                    "input_shape": self.model.shape, "input_bytes_per_item": per_item}
        if op == "quit":
            return None
        if self.model is None:
            raise WorkerError("failure", f"'{op}' before 'load'")
        if op == "prepare":
            self.model.prepare(int(request["batch_size"]))
            return {"ok": True}
        if op == "run":
            start = time.monotonic()
            self.model.run()
            return {"ok": True, "start_s": start, "end_s": time.monotonic()}
        raise WorkerError("failure", f"unknown op '{op}'")

    def describe(self):
        d = self.model.describe()
        d["python_version"] = platform.python_version()
        d["python"] = sys.executable
        d["worker_protocol"] = PROTOCOL
        return d

    def serve(self, lines):
        for line in lines:
            if not line.strip():
                continue
            try:
                request = json.loads(line)
                body = self.handle(request)
                if body is None:
                    return 0
            except WorkerError as e:
                body = {"ok": False, "error": e.kind, "message": str(e)}
            except Exception as e:  # the model's own errors: out of memory or a failure
                kind = "oom" if is_out_of_memory(e) else "failure"
                text = str(e).strip().splitlines()
                body = {"ok": False, "error": kind, "message": text[0] if text else type(e).__name__}
                if kind == "failure":
                    traceback.print_exc(file=sys.stderr)
            self.reply(body)
        return 0


def main():
    # Protocol lines only on stdout: anything a library prints goes to stderr instead.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return Worker(protocol_out).serve(sys.stdin)


if __name__ == "__main__":
    sys.exit(main())
