#!/usr/bin/python3
"""A fake runtime worker speaking docs/workers.md, for tests of the worker workload.

Each run sleeps RUN_S x batch size. FAKE_WORKER (environment) picks a misbehaviour:
  hang-at:N    never replies to the first 'run' at batch size N
  exit-at:N    exits with status 3 on the first 'run' at batch size N
  crash-at:N   kills itself with SIGSEGV on the first 'run' at batch size N
  oom-at:N     replies out of memory to 'prepare' at batch size N and above
  garbage      replies to 'load' with a line that is not JSON
  reject       rejects the model on 'load' (an input error)
FAKE_WORKER_RUN_S sets RUN_S (default 0.001).
"""
import json
import os
import signal
import sys
import time

mode, _, at = os.environ.get("FAKE_WORKER", "").partition(":")
at = int(at) if at else 0
run_s = float(os.environ.get("FAKE_WORKER_RUN_S", "0.001"))
batch = 0


def reply(body):
    sys.stdout.write(json.dumps(body) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    request = json.loads(line)
    op = request["op"]
    if op == "load":
        if mode == "garbage":
            print("this is not json", flush=True)
            continue
        if mode == "reject":
            reply({"ok": False, "error": "input", "message": f"{request['model']}: no such model"})
            continue
        reply({"ok": True, "protocol": 1, "input_shape": [3, 8, 8], "input_bytes_per_item": 768,
               "describe": {"workload": request["model"], "kind": "fake", "runtime": request.get("runtime"),
                            "input_shape": [3, 8, 8]}})
    elif op == "prepare":
        batch = request["batch_size"]
        if mode == "oom-at" and batch >= at:
            reply({"ok": False, "error": "oom", "message": "CUDA out of memory (fake)"})
        else:
            reply({"ok": True})
    elif op == "run":
        if batch == at and mode in ("hang-at", "exit-at", "crash-at"):
            print(f"fake worker: {mode} batch size {batch}", file=sys.stderr, flush=True)
            if mode == "hang-at":
                time.sleep(1e6)
            if mode == "exit-at":
                os._exit(3)
            os.kill(os.getpid(), signal.SIGSEGV)
        start = time.monotonic()
        time.sleep(run_s * batch)
        reply({"ok": True, "start_s": start, "end_s": time.monotonic()})
    elif op == "quit":
        break
